/*
 * Employers and the labour market (see employment.h).
 *
 * Each month, in the agent phase, jobs end (separations, imprisonment) and
 * unemployed free people decide how many applications to send. In the market
 * phase every application is screened: an employer that asks sees the record and
 * weighs it; one that does not ask discounts the applicant by its belief that
 * someone of the applicant's visible group has a record times its own record
 * weight (statistical discrimination, Agan & Starr 2018). Callbacks are ranked per
 * employer by interview score then id and the best take the free positions
 * (rg_allocate); employers that did not see the record but check it after a
 * conditional offer may withdraw the offer; each person takes the best-paid offer.
 * Nothing depends on the order in which threads finish.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "reintegra/allocate.h"
#include "reintegra/employment.h"
#include "reintegra/health.h"
#include "reintegra/housing.h"
#include "reintegra/justice.h"
#include "reintegra/module.h"
#include "reintegra/population.h"
#include "reintegra/rng.h"
#include "reintegra/stigma.h"

RG_PARAM_SPECS(rg_params_employment, RG_EMPLOYMENT_PARAMS);
RG_FIELD_SPECS(rg_cols_employment, RG_EMPLOYMENT_FIELDS);
RG_SUMMARY_SPECS(rg_summary_employment, RG_EMPLOYMENT_SUMMARY);
RG_EVENT_SPECS(employment, RG_EMPLOYMENT_EVENTS);

/* Random purposes (rng.h). Stream 22 holds every sub-model's draws at creation,
 * one slot each. */
enum {
    DRAW_EMPLOYERS,
    DRAW_SKILL,
    DRAW_SEARCH,
    DRAW_OFFER,
    DRAW_JOB_END,
    DRAW_AUDIT,
    DRAW_SEEKERS,
    DRAW_SEEKER_FIRST_JOB,
    DRAW_SEEKER_SEARCH,
    DRAW_SEEKER_MONTH
};
static const rg_purpose draws[] = {
    [DRAW_EMPLOYERS] = RG_DRAW("employment.employers", 21, 0, ONCE, EMPLOYER, 0, 0,
                               "each employer's sector, positions, wage, asking and checking "
                               "(independent draws), record weight"),
    [DRAW_SKILL] = RG_DRAW("employment.skill", 22, 1, ONCE, AGENT, 0, 0, "skill at release (beta)"),
    [DRAW_SEARCH] = RG_DRAW("employment.search", 23, 0, MONTHLY, AGENT, 0, 0,
                            "per application: where, which employer, callback, interview score"),
    [DRAW_OFFER] = RG_DRAW("employment.offer_check", 24, 0, MONTHLY, EMPLOYER_AGENT, 0, 2,
                           "whether a record check after an offer withdraws it"),
    [DRAW_JOB_END] = RG_DRAW("employment.job_end", 25, 0, MONTHLY, AGENT, 0, 4,
                             "separation, then the rounding of job search effort"),
    [DRAW_AUDIT] = RG_DRAW("employment.audit", 33, 0, ONCE, EMPLOYER, 0, 2,
                           "callbacks of an audit emulation (under the audit's own seed)"),
    [DRAW_SEEKERS] = RG_DRAW("employment.seekers", 70, 0, ONCE, INDEX, 0, 0,
                             "each job seeker's race, sex, age group, record, skill"),
    [DRAW_SEEKER_FIRST_JOB] = RG_DRAW("employment.seeker_first_job", 70, 1, ONCE, INDEX, 0, 4,
                                      "where a job seeker's first job is"),
    [DRAW_SEEKER_SEARCH] = RG_DRAW("employment.seeker_search", 71, 0, MONTHLY, INDEX, 0, 0,
                                   "per job seeker's application: where, which employer, "
                                   "callback, interview score"),
    [DRAW_SEEKER_MONTH] = RG_DRAW("employment.seeker_month", 72, 0, MONTHLY, INDEX, 0, 4,
                                  "a job seeker's separation, then the rounding of applications"),
};

enum { SECTORS = 4, MAX_APPLICATIONS = 32 };

/* Local job seekers who are not of this cohort and compete for the same
 * vacancies (structure of arrays, `n` long). In candidate lists and offer draws
 * seeker j is agent number n_agents + j. */
typedef struct seekers {
    size_t n, blocks;        /* seekers; blocks of RG_BLOCK_SIZE */
    uint8_t *race, *sex;     /* rg_race, rg_sex */
    uint8_t *age;            /* rg_age_group */
    uint8_t *record;         /* 1: a record (not of this cohort) */
    uint8_t *apps, *calls;   /* applications and callbacks this month */
    uint16_t *neighbourhood; /* where they live */
    uint16_t *tenure;        /* months in the current job */
    int32_t *employer;       /* -1: none */
    float *skill, *wage;     /* 0-1; dollars/month */
} seekers;

typedef struct employment_state {
    rg_employers emp;
    seekers sk;
    int64_t *filled;       /* [employer] agents and job seekers employed there now */
    int32_t *capacity;     /* [employer] free positions this month */
    int32_t *local_start;  /* [neighbourhood + 1] CSR index of employers by neighbourhood */
    int32_t *best;         /* [agent] best offer this month (-1: none) */
    double *stigma_factor; /* [employer] public stigma's factor on the record weight, monthly */
    double *recency;       /* [m] recency factor of a record m months after release */
    rg_candidate_buf *blocks;
    rg_candidate_buf all;
} employment_state;

const rg_employers *rg_employment_employers(const rg_run *run)
{
    const employment_state *s = rg_run_state(run, &rg_employment_module);
    return s ? &s->emp : NULL;
}

/* A job held through a programme (transitional jobs), not with an employer; its
 * events give the sector as SECTORS. */
enum { PROGRAMME_JOB = -2 };

static const rg_output_spec outputs[] = {
    {"employers", "sector", RG_OUTPUT_TABLE, RG_H5_U8, "E", "code", "sector (0-3)"},
    {"employers", "neighbourhood", RG_OUTPUT_TABLE, RG_H5_U16, "E", "id",
     "neighbourhood of the employer"},
    {"employers", "positions", RG_OUTPUT_TABLE, RG_H5_I32, "E", "positions",
     "positions (for the cohort and the job seekers who compete with it)"},
    {"employers", "wage", RG_OUTPUT_TABLE, RG_H5_F32, "E", "dollars/month", "monthly wage"},
    {"employers", "asks", RG_OUTPUT_TABLE, RG_H5_U8, "E", "flag",
     "1 if the application asks about records"},
    {"employers", "checks", RG_OUTPUT_TABLE, RG_H5_U8, "E", "flag",
     "1 if records are checked after a conditional offer (acted on only when not seen before)"},
    {"employers", "record_weight", RG_OUTPUT_TABLE, RG_H5_F32, "E", "share of callbacks",
     "how heavily a record weighs (before offence, recency and race multipliers)"},
};

const rg_effect_point rg_employment_asks = {
    "employment.asks", RG_COMBINE_SET, "employer",
    "replaces whether employer e's application asks about records this month (0 or 1)"};
const rg_effect_point rg_employment_checks = {
    "employment.checks", RG_COMBINE_SET, "employer",
    "replaces whether employer e checks records after a conditional offer this month (0 or 1)"};
const rg_effect_point rg_employment_job_density = {
    "employment.job_density", RG_COMBINE_FACTOR, "neighbourhood",
    "multiplies neighbourhood n's relative density of employers (by default "
    "exp(-jobs_disadvantage d_n), jobs by place; read once, when employers are placed)"};

/* Each neighbourhood's cumulative share of employers ([nb + 1], from 0 to 1): in
 * proportion to exp(-jobs_disadvantage d_n) (jobs by place) times the job density
 * contributed to rg_employment_job_density. */
static int density_shares(const rg_run *run, int nb, double *cum)
{
    const rg_effect_list *density = rg_run_effects(run, &rg_employment_job_density);
    const double *disadvantage = rg_population_disadvantage(run);
    const double beta = RG_PARAMS(&run->p, employment)->jobs_disadvantage;
    cum[0] = 0;
    for (int n = 0; n < nb; n++) {
        /* Jobs by place: fewer employers where disadvantage is high (employment.h). */
        double d = rg_effects_apply(run, density, (size_t)n, exp(-beta * disadvantage[n]));
        cum[n + 1] = cum[n] + (d > 0 ? d : 0);
    }
    if (!(cum[nb] > 0)) return 0;
    for (int n = 1; n <= nb; n++) cum[n] /= cum[nb];
    return 1;
}

void rg_employment_start_programme_job(rg_run *run, size_t i, double wage)
{
    const struct rg_cols_employment *employment = RG_COLS(run, employment);
    employment->employed[i] = 1;
    employment->employer[i] = PROGRAMME_JOB;
    employment->wage[i] = (float)wage;
    employment->tenure[i] = 0;
    rg_block_event(&run->blocks[i / RG_BLOCK_SIZE], i, RG_EV_JOB_START, SECTORS);
}

static void end_job(rg_block *blk, const struct rg_cols_employment *employment, size_t i,
                    int reason);

void rg_employment_end_programme_job(rg_run *run, rg_block *blk, size_t i)
{
    const struct rg_cols_employment *employment = RG_COLS(run, employment);
    if (employment->employed[i] && employment->employer[i] == PROGRAMME_JOB)
        end_job(blk, employment, i, 2);
}

void rg_employment_add_skill(rg_run *run, size_t i, float gain)
{
    const struct rg_cols_employment *employment = RG_COLS(run, employment);
    float s = employment->skill[i] + gain;
    employment->skill[i] = s > 1.0f ? 1.0f : s;
}

/* This month's practice of each employer: its own, unless other modules change it. */
static void practice(rg_run *run, rg_employers *emp)
{
    const rg_effect_list *asks = rg_run_effects(run, &rg_employment_asks),
                         *checks = rg_run_effects(run, &rg_employment_checks);
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run))
    for (int32_t e = 0; e < emp->count; e++) {
        emp->asks_now[e] = (uint8_t)rg_effects_apply(run, asks, (size_t)e, emp->asks[e]);
        emp->checks_now[e] = (uint8_t)rg_effects_apply(run, checks, (size_t)e, emp->checks[e]);
    }
}

/* What screening reads: employment's parameters and the average public stigma. */
typedef struct screening {
    const struct rg_params_employment *q;
    double public_mean;
    uint64_t local_bound; /* rg_u01_32(x) < local_share exactly when x < local_bound */
    /* callback_probability's terms by race, sex and offence (valid codes index
     * them), 1.0 where a term does not apply, so screened_of takes them without a
     * branch: the callback's race factor, the belief [sex][race], the offence's
     * weight and the race's record multiplier. */
    double race_c[4], belief[2][4], offence[4], race_record[4];
} screening;

static double belief_of(const struct rg_params_employment *q, int sex, int race);

static screening screening_of(const rg_params *p)
{
    const struct rg_params_employment *q = RG_PARAMS(p, employment);
    screening sc = {.q = q,
                    .public_mean = RG_PARAMS(p, stigma)->public_mean,
                    .local_bound = rg_u01_32_bound(q->local_share)};
    for (int r = 0; r < 4; r++) {
        sc.race_c[r] = r == RG_BLACK      ? 1.0 - q->race_penalty_black
                       : r == RG_HISPANIC ? 1.0 - q->race_penalty_hispanic
                                          : 1.0;
        sc.race_record[r] = r == RG_BLACK ? q->black_record_multiplier : 1.0;
        for (int x = 0; x < 2; x++) sc.belief[x][r] = belief_of(q, x, r);
        sc.offence[r] = r == RG_VIOLENT        ? q->violent_weight
                        : r == RG_PUBLIC_ORDER ? q->public_order_weight
                                               : 1.0;
    }
    return sc;
}

/* The weight of a record just after release, decaying over recent_months. */
static double recency_factor(const struct rg_params_employment *q, double months)
{
    return 1.0 + q->recent_release_extra * exp(-months / q->recent_months);
}

static double record_penalty(const screening *sc, const rg_employers *emp, int32_t e,
                             const rg_applicant *who, double public_stigma)
{
    const struct rg_params_employment *q = sc->q;
    if (!who->has_record) return 0.0;
    double w = emp->record_weight[e];
    if (who->offense == RG_VIOLENT) w *= q->violent_weight;
    if (who->offense == RG_PUBLIC_ORDER) w *= q->public_order_weight;
    w *= recency_factor(q, who->months_since_release);
    if (who->race == RG_BLACK) w *= q->black_record_multiplier;
    /* Public stigma in the employer's neighbourhood, relative to the average. */
    w *= 1.0 + q->public_stigma_effect * (public_stigma / sc->public_mean - 1.0);
    return w < 0 ? 0 : (w > 1 ? 1 : w);
}

/* The employer's belief that someone of the applicant's visible group has a
 * record: published prevalence of felony convictions (Shannon et al. 2017). */
static double belief_of(const struct rg_params_employment *q, int sex, int race)
{
    if (sex == RG_FEMALE) return q->belief_women;
    return race == RG_BLACK ? q->belief_black_men : q->belief_other_men;
}

static double belief(const struct rg_params_employment *q, const rg_applicant *who)
{
    return belief_of(q, who->sex, who->race);
}

/* record_seen: the employer asks, so it knows whether there is a record (and
 * weighs it if there is); otherwise it discounts by its belief times its own
 * record weight, whether or not the applicant has a record. */
static double callback_probability(const screening *sc, const rg_employers *emp, int32_t e,
                                   const rg_applicant *who, int record_seen, double public_stigma)
{
    const struct rg_params_employment *q = sc->q;
    double c = q->callback_base * (1.0 + q->skill_effect * (who->skill - 0.5));
    if (who->race == RG_BLACK) c *= 1.0 - q->race_penalty_black;
    if (who->race == RG_HISPANIC) c *= 1.0 - q->race_penalty_hispanic;
    if (record_seen)
        c *= 1.0 - record_penalty(sc, emp, e, who, public_stigma);
    else
        c *= 1.0 - belief(q, who) * emp->record_weight[e];
    return c < 0 ? 0 : (c > 1 ? 1 : c);
}

/* An applicant as screening weighs them, worked out once for all their
 * applications of the month: the callback probability before the record, and the
 * factors of record_penalty that belong to the applicant (1 where a factor does not
 * apply: multiplying by 1 is exact, so the products are those of record_penalty). */
typedef struct screened {
    double c;                     /* skill and race (callback_probability's c) */
    double belief;                /* when the record is not seen */
    double offence, recent, race; /* record_penalty's multipliers */
    int has_record;
} screened;

/* The applicant of race, sex and skill whose record (if has_record) is of
 * `offense`, `months` whole months after release (the recency factor from the
 * table, the same expression, when it has the month). */
static inline screened screened_of(const screening *sc, const double *recency, int race, int sex,
                                   int offense, int has_record, int months, double skill)
{
    const struct rg_params_employment *q = sc->q;
    /* The same products as callback_probability's: a factor of 1.0 leaves one as
     * it was. */
    const double c = q->callback_base * (1.0 + q->skill_effect * (skill - 0.5)) * sc->race_c[race];
    return (screened){
        c,
        sc->belief[sex][race],
        sc->offence[offense],
        months <= RG_MONTHS_MAX ? recency[months] : recency_factor(q, (double)months),
        sc->race_record[race],
        has_record,
    };
}

/* callback_probability for a screened applicant and employer e, given the
 * employer's public-stigma factor this month, before it is clamped to [0, 1]: the
 * same operations in the same order, so the same number where it is in [0, 1]. A
 * uniform u on (0, 1) is below it exactly when it is below the clamped number
 * (both false for a NaN), so a callback decided by `u < c` is the same. */
static inline double screened_callback(const screened *a, const rg_employers *emp, int32_t e,
                                       int record_seen, double stigma_factor)
{
    /* Both factors made and one taken by index: whether this employer asks is as
     * good as random here, and a branch on it was mispredicted a third of the time. */
    const double rw = emp->record_weight[e];
    double w = rw * a->offence * a->recent * a->race * stigma_factor;
    w = w < 0 ? 0 : (w > 1 ? 1 : w);
    const double factor[2] = {1.0 - a->belief * rw, 1.0 - (a->has_record ? w : 0.0)};
    return a->c * factor[record_seen != 0];
}

double rg_record_belief(const rg_params *p, const rg_applicant *who)
{
    return belief(RG_PARAMS(p, employment), who);
}

double rg_record_penalty(const rg_params *p, const rg_employers *emp, int32_t e,
                         const rg_applicant *who, double public_stigma)
{
    const screening sc = screening_of(p);
    return record_penalty(&sc, emp, e, who, public_stigma);
}

double rg_callback_probability(const rg_params *p, const rg_employers *emp, int32_t e,
                               const rg_applicant *who, int record_seen, double public_stigma)
{
    const screening sc = screening_of(p);
    return callback_probability(&sc, emp, e, who, record_seen, public_stigma);
}

/* What employers see of applicants: the columns they come from. */
typedef struct applicants {
    const struct rg_cols_population *population;
    const struct rg_cols_justice *justice;
    const struct rg_cols_employment *employment;
} applicants;

static applicants applicants_of(const rg_run *run)
{
    return (applicants){RG_COLS(run, population), RG_COLS(run, justice), RG_COLS(run, employment)};
}

static rg_applicant applicant_of(const applicants *ap, size_t i)
{
    const int16_t months = ap->justice->months_free[i];
    return (rg_applicant){ap->population->race[i],         ap->population->offense[i],
                          !ap->justice->record_cleared[i], months < 0 ? 0.0 : (double)months,
                          ap->employment->skill[i],        ap->population->sex[i]};
}

/* Each employer's attributes, and the index of employers by neighbourhood. */
static rg_status draw_employers(rg_run *run, const struct rg_params_employment *q,
                                employment_state *s, rg_error *err)
{
    rg_employers *emp = &s->emp;
    const int32_t E = emp->count;
    const int nb = rg_population_neighbourhoods(run);
    gsl_rng *g = run->gsl[0];
    const double c = q->record_weight_concentration;
    const int uniform =
        rg_run_effects(run, &rg_employment_job_density)->n == 0 && q->jobs_disadvantage == 0;
    double *cum = uniform ? NULL : malloc(sizeof *cum * ((size_t)nb + 1));
    if (!uniform && !cum) return rg_error_set(err, RG_EINTERNAL, "employment: out of memory");
    if (!uniform && !density_shares(run, nb, cum)) {
        free(cum);
        return rg_error_set(err, RG_EINPUT,
                            "employment: the job density of every neighbourhood is 0; give at "
                            "least one neighbourhood a positive density");
    }
    int n_at = 0;
    for (int32_t e = 0; e < E; e++) {
        rg_gsl_rng_at(g, run->seed, &draws[DRAW_EMPLOYERS], (uint64_t)e, 0);
        /* Employers placed in id order by the neighbourhoods' shares (evenly by
         * default: then employer e is in neighbourhood floor(e nb / E)). */
        if (uniform) {
            emp->neighbourhood[e] = (uint16_t)((long long)e * nb / E);
        } else {
            while (n_at < nb - 1 && (double)e / E >= cum[n_at + 1]) n_at++;
            emp->neighbourhood[e] = (uint16_t)n_at;
        }
        emp->sector[e] = (uint8_t)(gsl_rng_uniform(g) * SECTORS);
        double pos = gsl_ran_gamma(g, 2.0, q->positions_per_employer / 2.0);
        emp->positions[e] = (int32_t)(pos < 1.0 ? 1 : llround(pos));
        emp->wage[e] =
            (float)(q->wage_mean * exp(q->wage_sd_log * gsl_ran_gaussian_ziggurat(g, 1.0) -
                                       0.5 * q->wage_sd_log * q->wage_sd_log));
        emp->asks[e] = gsl_rng_uniform(g) < q->share_ask;
        double u_check = gsl_rng_uniform(g);
        emp->checks[e] = u_check < q->share_check;
        double m = q->record_weight_mean;
        emp->record_weight[e] = (float)(m <= 0   ? 0
                                        : m >= 1 ? 1
                                                 : gsl_ran_beta(g, m * c, (1 - m) * c));
        s->local_start[emp->neighbourhood[e] + 1]++;
        emp->asks_now[e] = emp->asks[e];
        emp->checks_now[e] = emp->checks[e];
    }
    for (int n = 0; n < nb; n++) s->local_start[n + 1] += s->local_start[n];
    free(cum);
    return RG_OK;
}

/* The job seekers' columns; RG_EINTERNAL when out of memory. */
static rg_status seekers_alloc(seekers *sk, size_t n, rg_error *err)
{
    sk->n = n;
    sk->blocks = (n + RG_BLOCK_SIZE - 1) / RG_BLOCK_SIZE;
    const size_t m = n ? n : 1;
    sk->race = malloc(m);
    sk->sex = malloc(m);
    sk->age = malloc(m);
    sk->record = malloc(m);
    sk->apps = calloc(m, 1);
    sk->calls = calloc(m, 1);
    sk->neighbourhood = malloc(sizeof *sk->neighbourhood * m);
    sk->tenure = calloc(m, sizeof *sk->tenure);
    sk->employer = malloc(sizeof *sk->employer * m);
    sk->skill = malloc(sizeof *sk->skill * m);
    sk->wage = calloc(m, sizeof *sk->wage);
    if (!sk->race || !sk->sex || !sk->age || !sk->record || !sk->apps || !sk->calls ||
        !sk->neighbourhood || !sk->tenure || !sk->employer || !sk->skill || !sk->wage)
        return rg_error_set(err, RG_EINTERNAL, "employment: out of memory for job seekers");
    return RG_OK;
}

static void seekers_free(seekers *sk)
{
    free(sk->race);
    free(sk->sex);
    free(sk->age);
    free(sk->record);
    free(sk->apps);
    free(sk->calls);
    free(sk->neighbourhood);
    free(sk->tenure);
    free(sk->employer);
    free(sk->skill);
    free(sk->wage);
}

/* Category of u among shares a, b, c (the rest: the last). */
static int category(double u, double a, double b, double c)
{
    return u < a ? 0 : (u < a + b ? 1 : (u < a + b + c ? 2 : 3));
}

/* Each seeker's attributes: race, sex and age group from the shares of local job
 * seekers, a record with the published prevalence of its group times
 * seeker_record_scale, skill as the cohort's (beta 2, 2); spread evenly over
 * neighbourhoods in id order, out of work. */
static void draw_seekers(const rg_run *run, const struct rg_params_employment *q, seekers *sk)
{
    const int nb = rg_population_neighbourhoods(run);
    static const uint8_t races[4] = {RG_BLACK, RG_HISPANIC, RG_OTHER_RACE, RG_WHITE};
    const long long n = (long long)sk->n;
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run))
    for (long long j = 0; j < n; j++) {
        gsl_rng *g = rg_run_gsl(run);
        rg_gsl_rng_at(g, run->seed, &draws[DRAW_SEEKERS], (uint64_t)j, 0);
        double u_race = gsl_rng_uniform(g), u_sex = gsl_rng_uniform(g), u_age = gsl_rng_uniform(g),
               u_rec = gsl_rng_uniform(g);
        sk->race[j] = races[category(u_race, q->seeker_share_black, q->seeker_share_hispanic,
                                     q->seeker_share_other)];
        sk->sex[j] = u_sex < q->seeker_share_female ? RG_FEMALE : RG_MALE;
        sk->age[j] =
            (uint8_t)category(u_age, q->seeker_share_age_24, q->seeker_share_age_25_39, 2.0);
        const rg_applicant who = {sk->race[j], RG_PROPERTY, 0, 0, 0, sk->sex[j]};
        sk->record[j] = u_rec < q->seeker_record_scale * belief(q, &who);
        sk->skill[j] = (float)gsl_ran_beta(g, 2.0, 2.0);
        sk->neighbourhood[j] = (uint16_t)(j * nb / n);
        sk->employer[j] = -1;
    }
}

/* Employers hold positions_per_seeker positions per seeker on top of their own,
 * in proportion to their own; the seekers start in them: seeker j (in id order)
 * takes a free one at an employer of its neighbourhood (or any, as when it
 * applies), the next employers with a free one after it if that one is full. */
/* The first employer at or after e with a place left (next[] as in
 * seekers_first_jobs), shortening the path it follows. */
static int32_t free_employer(int32_t *next, int32_t e)
{
    int32_t root = e;
    while (next[root] != root) root = next[root];
    while (next[e] != root) {
        const int32_t up = next[e];
        next[e] = root;
        e = up;
    }
    return root;
}

static rg_status seekers_first_jobs(rg_run *run, const struct rg_params_employment *q,
                                    employment_state *s)
{
    rg_employers *emp = &s->emp;
    seekers *sk = &s->sk;
    const int32_t E = emp->count;
    double base = 0;
    for (int32_t e = 0; e < E; e++) base += emp->positions[e];
    const double per = q->positions_per_seeker * (double)sk->n / base;
    for (int32_t e = 0; e < E; e++) {
        int32_t extra = (int32_t)llround(per * emp->positions[e]);
        emp->positions[e] += extra;
        s->capacity[e] = extra;
    }
    /* next[e]: a step towards the first employer at or after e with a place left
     * (E: none), so that finding it does not walk past every full employer. */
    int32_t *next = malloc(sizeof *next * ((size_t)E + 1));
    if (!next) return RG_EINTERNAL;
    for (int32_t e = 0; e <= E; e++) next[e] = e < E && s->capacity[e] <= 0 ? e + 1 : e;
    for (size_t j = 0; j < sk->n; j++) {
        rg_rng r;
        rg_rng_at(&r, run->seed, &draws[DRAW_SEEKER_FIRST_JOB], j, 0);
        double u_where = rg_rng_u01(&r), u_pick = rg_rng_u01(&r);
        const int nbh = sk->neighbourhood[j];
        const int32_t lo = s->local_start[nbh], hi = s->local_start[nbh + 1];
        const int local = u_where < q->local_share && hi > lo;
        const int32_t first = local ? lo : 0, span = local ? hi - lo : E;
        if (span <= 0) continue;
        /* The first employer with a place from `at` on, round the range's end. */
        const int32_t at = (int32_t)(u_pick * (double)span) % span;
        int32_t e = free_employer(next, first + at);
        if (e >= first + span) e = free_employer(next, first);
        if (e >= first + span) continue;
        if (--s->capacity[e] <= 0) next[e] = e + 1;
        sk->employer[j] = e;
        double w = emp->wage[e] * (1.0 + q->skill_effect * (sk->skill[j] - 0.5));
        if (sk->record[j] && (emp->asks[e] || emp->checks[e])) w *= 1.0 - q->record_wage_penalty;
        sk->wage[j] = (float)w;
    }
    free(next);
    return RG_OK;
}

/* The job seekers' shares must leave room for the last category. */
static rg_status employment_validate(const rg_params *p, const void *params, rg_error *err)
{
    (void)p;
    const struct rg_params_employment *q = params;
    const double race = q->seeker_share_black + q->seeker_share_hispanic + q->seeker_share_other,
                 age = q->seeker_share_age_24 + q->seeker_share_age_25_39;
    if (race > 1.0 + 1e-9)
        return rg_error_set(err, RG_EINPUT,
                            "employment.seeker_share_black + seeker_share_hispanic + "
                            "seeker_share_other is %g; the shares of job seekers by race must add "
                            "up to at most 1 (the rest are white)",
                            race);
    if (age > 1.0 + 1e-9)
        return rg_error_set(err, RG_EINPUT,
                            "employment.seeker_share_age_24 + seeker_share_age_25_39 is %g; they "
                            "must add up to at most 1 (the rest are 40 or older)",
                            age);
    return RG_OK;
}

static rg_status employment_init(rg_run *run, rg_instance *self, rg_error *err)
{
    const struct rg_cols_employment *employment = self->cols;
    const struct rg_params_employment *q = self->params;
    const int nb = rg_population_neighbourhoods(run);
    employment_state *s = calloc(1, sizeof *s);
    self->state = s;
    if (!s) return rg_error_set(err, RG_EINTERNAL, "employment: out of memory");
    int32_t E = (int32_t)llround(q->employers_per_100 * (double)run->a.n / 100.0);
    if (E < 1) E = 1;
    const size_t n_seekers = (size_t)llround(q->seekers_per_100 * (double)run->a.n / 100.0);
    /* Offer checks draw per (employer, agent or seeker): ids must fit in 32 bits. */
    if (run->a.n + n_seekers > UINT32_MAX)
        return rg_error_set(err, RG_EINPUT, "employment: more than 2^32 agents and job seekers");
    RG_TRY(seekers_alloc(&s->sk, n_seekers, err));
    rg_employers *emp = &s->emp;
    emp->count = E;
    emp->sector = malloc((size_t)E);
    emp->neighbourhood = malloc(sizeof *emp->neighbourhood * (size_t)E);
    emp->positions = malloc(sizeof *emp->positions * (size_t)E);
    emp->wage = malloc(sizeof *emp->wage * (size_t)E);
    emp->asks = malloc((size_t)E);
    emp->checks = malloc((size_t)E);
    emp->record_weight = malloc(sizeof *emp->record_weight * (size_t)E);
    emp->asks_now = malloc((size_t)E);
    emp->checks_now = malloc((size_t)E);
    s->filled = malloc(sizeof *s->filled * (size_t)E);
    s->capacity = malloc(sizeof *s->capacity * (size_t)E);
    s->local_start = calloc((size_t)nb + 1, sizeof *s->local_start);
    s->best = malloc(sizeof *s->best * (run->a.n + n_seekers + 1));
    s->stigma_factor = malloc(sizeof *s->stigma_factor * (size_t)E);
    s->recency = malloc(sizeof *s->recency * (RG_MONTHS_MAX + 1));
    s->blocks = calloc(run->n_blocks + s->sk.blocks, sizeof *s->blocks);
    if (!emp->sector || !emp->neighbourhood || !emp->positions || !emp->wage || !emp->asks ||
        !emp->checks || !emp->record_weight || !emp->asks_now || !emp->checks_now || !s->filled ||
        !s->capacity || !s->local_start || !s->best || !s->blocks || !s->stigma_factor ||
        !s->recency)
        return rg_error_set(err, RG_EINTERNAL, "employment: out of memory");
    for (int m = 0; m <= RG_MONTHS_MAX; m++) s->recency[m] = recency_factor(q, (double)m);

    RG_TRY(draw_employers(run, q, s, err));
    draw_seekers(run, q, &s->sk);
    if (seekers_first_jobs(run, q, s) != RG_OK)
        return rg_error_set(err, RG_EINTERNAL, "employment: out of memory");
    for (size_t j = 0; j < n_seekers; j++) s->best[run->a.n + j] = -1;

    const long long n = (long long)run->a.n;
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run))
    for (long long i = 0; i < n; i++) {
        gsl_rng *gi = rg_run_gsl(run);
        rg_gsl_rng_at(gi, run->seed, &draws[DRAW_SKILL], (uint64_t)i, 0);
        employment->skill[i] = (float)gsl_ran_beta(gi, 2.0, 2.0);
        employment->employed[i] = 0;
        employment->employer[i] = -1;
        employment->wage[i] = 0.0f;
        employment->tenure[i] = employment->months_employed[i] = 0;
        employment->income_total[i] = 0.0f;
        employment->applications[i] = employment->rejections[i] = 0;
        s->best[i] = -1;
    }

    const size_t n_emp = (size_t)E;
    RG_TRY(rg_run_output(run, self, "sector", emp->sector, n_emp, err));
    RG_TRY(rg_run_output(run, self, "neighbourhood", emp->neighbourhood, n_emp, err));
    RG_TRY(rg_run_output(run, self, "positions", emp->positions, n_emp, err));
    RG_TRY(rg_run_output(run, self, "wage", emp->wage, n_emp, err));
    RG_TRY(rg_run_output(run, self, "asks", emp->asks, n_emp, err));
    RG_TRY(rg_run_output(run, self, "checks", emp->checks, n_emp, err));
    return rg_run_output(run, self, "record_weight", emp->record_weight, n_emp, err);
}

static void end_job(rg_block *blk, const struct rg_cols_employment *employment, size_t i,
                    int reason)
{
    employment->employed[i] = 0;
    employment->employer[i] = -1;
    employment->wage[i] = 0.0f;
    employment->tenure[i] = 0;
    rg_block_event(blk, i, RG_EV_JOB_LOSS, reason);
}

/* Applications this month for effort x (its fraction already rounded by the
 * uniform added): floor(x), at most MAX_APPLICATIONS and the employers, at least
 * 0. For x > 0 the floor is the truncation; for x <= 0 both come to 0. */
static inline int applications_of(double x, int32_t employers)
{
    const int k = x > 0 ? (x < MAX_APPLICATIONS ? (int)x : MAX_APPLICATIONS) : 0;
    return k > employers ? employers : k;
}

static void employment_agents(rg_run *run, rg_instance *self, rg_block *blk)
{
    const struct rg_cols_employment *employment = self->cols;
    const struct rg_params_employment *q = self->params;
    const employment_state *s = self->state;
    /* Columns and parameters in locals: the loop's byte stores could alias the
     * structures that hold them, which would reload them for every person. */
    const uint8_t *status = RG_COLS(run, justice)->status,
                  *housing = RG_COLS(run, housing)->housing,
                  *substance = RG_COLS(run, health)->substance_use;
    const float *stigma = RG_COLS(run, stigma)->stigma, *wage = employment->wage;
    const uint8_t *employed = employment->employed;
    const int32_t *employer = employment->employer;
    uint8_t *applications = employment->applications;
    uint16_t *tenure = employment->tenure, *months_employed = employment->months_employed;
    float *income = employment->income_total;
    const double turnover = q->turnover, new_job = 1.0 + q->new_job_extra,
                 base_apps = q->applications, stigma_effect = q->search_stigma_effect,
                 homeless = q->homeless_search_factor,
                 substance_factor = q->substance_search_factor;
    const double homeless_f[2] = {1.0, homeless}, substance_f[2] = {1.0, substance_factor},
                 new_job_f[2] = {1.0, new_job}; /* factors by index: no branches */
    const int32_t employers = s->emp.count;
    rg_tile tile; /* the month's draws, for a tile of agents at a time */
    rg_tile_init(&tile, run->seed, &draws[DRAW_JOB_END], 0, blk->month, blk->end);
    for (size_t i = blk->begin; i < blk->end; i++) {
        applications[i] = 0;
        if (status[i] == RG_PRISON && employed[i]) end_job(blk, employment, i, 1);
        if (status[i] != RG_FREE) continue;
        /* u_end = rg_u01_of(v[0], v[1]), u_apps = rg_u01_of(v[2], v[3]), each made
         * where it is used */
        const philox4x32_ctr_t *b = rg_tile_block(&tile, i);
        if (employed[i] && employer[i] == PROGRAMME_JOB) {
            /* The programme ends the job; meanwhile it pays. */
            months_employed[i]++;
            income[i] += wage[i];
            continue;
        }
        if (employed[i]) {
            double p = turnover * new_job_f[tenure[i] < 6];
            if (rg_u01_of(b->v[0], b->v[1]) < p) {
                end_job(blk, employment, i, 0);
            } else {
                tenure[i]++;
                months_employed[i]++;
                income[i] += wage[i];
                continue;
            }
        }
        /* Job search effort: internalised stigma, homelessness and active substance
         * use lower it; the fraction is rounded stochastically. */
        double apps = base_apps * (1.0 - stigma_effect * stigma[i]);
        apps *= homeless_f[housing[i] == RG_HOUSING_HOMELESS]; /* 1.0: as it was */
        apps *= substance_f[substance[i] == RG_CONDITION_ACTIVE];
        applications[i] = (uint8_t)applications_of(apps + rg_u01_of(b->v[2], b->v[3]), employers);
    }
}

/* One applicant's k applications this month (u: blocks 0 .. k - 1 of its search
 * stream): each to an employer of neighbourhood nbh with probability local_share,
 * else to any, one per employer; screened, and each callback pushed as a candidate
 * `id`. Application t takes Philox block t of the stream, one 32-bit output per
 * decision: local or not, which employer (rg_below: an index, never past the end),
 * callback, and the interview score. Returns the callbacks; *sent counts the
 * applications. */
static inline int send_applications(const screening *sc, const employment_state *s,
                                    const screened *who, double skill, int nbh, int k,
                                    const philox4x32_ctr_t *u, uint32_t id, rg_candidate_buf *out,
                                    int *sent)
{
    const rg_employers *emp = &s->emp;
    const int32_t E = emp->count;
    const int32_t lo = s->local_start[nbh], hi = s->local_start[nbh + 1];
    /* rg_u01_32(v[0]) < local_share, where there are local employers */
    const uint64_t local = hi > lo ? sc->local_bound : 0;
    int32_t chosen[MAX_APPLICATIONS];
    int n = 0, calls = 0;
    *sent = 0;
    if (!rg_candidate_reserve(out, (size_t)k)) return 0; /* out of memory: the run fails */
    rg_candidate *to = out->c + out->len;
    for (int t = 0; t < k; t++) {
        /* Local or any, chosen by a mask (as good as random: a branch on it was
         * mispredicted a third of the time). */
        const uint32_t local_mask = 0u - (uint32_t)(u[t].v[0] < local);
        const int32_t first = (int32_t)((uint32_t)lo & local_mask);
        const uint32_t range = (uint32_t)E ^ (((uint32_t)E ^ (uint32_t)(hi - lo)) & local_mask);
        const int32_t e = first + (int32_t)rg_below(u[t].v[1], range);
        int c = 0; /* (a loop that stops at the first match: n is small) */
        while (c < n && chosen[c] != e) c++;
        if (c < n) continue; /* one application per employer */
        chosen[n++] = e;
        const double p = screened_callback(who, emp, e, emp->asks_now[e], s->stigma_factor[e]);
        /* The candidate written always and kept on a callback (room reserved). */
        const int callback = rg_u01_32(u[t].v[2]) < p;
        to[calls] = (rg_candidate){(uint32_t)e, id, (float)(rg_u01_32(u[t].v[3]) + skill), 0};
        calls += callback;
    }
    out->len += (size_t)calls;
    *sent = n;
    return calls;
}

/* The applications of a batch of applicants in one call of rg_block_list_fill:
 * applicant `who[a]` sends k[a] applications, blocks 0 .. k[a] - 1 of its stream,
 * which follow those of the applicants before it in u. */
enum { BATCH = 512 };
_Static_assert((int)BATCH >= (int)MAX_APPLICATIONS, "a batch holds any applicant's applications");
_Static_assert(RG_BLOCK_SIZE <= 65536, "a block's offsets fit 16 bits");
typedef struct batch {
    size_t n, people; /* applications; applicants */
    uint32_t who[BATCH];
    uint8_t k[BATCH];
    uint64_t entity[BATCH];
    uint32_t block[BATCH];
    philox4x32_ctr_t u[BATCH];
} batch;

/* Add applicant `id` with k applications; 0 (and nothing added) when full. */
static inline int batch_add(batch *b, size_t id, int k)
{
    if (b->n + (size_t)k > BATCH) return 0;
    b->who[b->people] = (uint32_t)id;
    b->k[b->people++] = (uint8_t)k;
    for (int t = 0; t < k; t++) {
        b->entity[b->n + (size_t)t] = id;
        b->block[b->n + (size_t)t] = (uint32_t)t;
    }
    b->n += (size_t)k;
    return 1;
}

/* Add to b the applicants list[x..m) (offsets from begin; applicant j sends k[j]
 * applications) while they fit; returns the first not added. */
static size_t batch_from_list(batch *b, const uint16_t *list, size_t x, size_t m, size_t begin,
                              const uint8_t *k)
{
    b->n = b->people = 0;
    while (x < m && batch_add(b, begin + list[x], k[begin + list[x]])) x++;
    return x;
}

/* Screening and callbacks for one block of applicants: the applicants (an
 * application to send, free, out of work) listed first, then the applications of
 * up to BATCH at a time, their blocks filled at once, screened in id order. The
 * list is made without branches: whether a person applies is as good as random,
 * and a branch on it was mispredicted about once in ten people. The block's
 * candidate buffer is filled through a copy on the stack and stored back at the
 * end: the buffers of neighbouring blocks share cache lines, and two threads
 * writing their lengths side by side made the screening half as slow again on two
 * threads. */
static void screen_block(rg_run *run, const screening *sc, rg_block *blk, employment_state *s,
                         rg_candidate_buf *block_out)
{
    rg_candidate_buf buf = *block_out, *out = &buf; /* a copy: see above */
    const applicants ap = applicants_of(run);
    const struct rg_cols_justice *justice = ap.justice;
    const struct rg_cols_employment *employment = ap.employment;
    const uint8_t *apps = employment->applications, *status = justice->status,
                  *employed = employment->employed;
    uint8_t *rejections = employment->rejections;
    const size_t begin = blk->begin, end = blk->end;
    uint16_t list[RG_BLOCK_SIZE]; /* applicants, as offsets from begin */
    size_t m = 0;
    memset(rejections + begin, 0, end - begin);
    for (size_t i = begin; i < end; i++) {
        list[m] = (uint16_t)(i - begin);
        m += (size_t)((apps[i] != 0) & (status[i] == RG_FREE) & (employed[i] == 0));
    }
    batch b;
    for (size_t x = 0; x < m;) {
        x = batch_from_list(&b, list, x, m, begin, apps);
        rg_block_list_fill(run->seed, &draws[DRAW_SEARCH], blk->month, b.n, b.entity, b.block, b.u);
        const philox4x32_ctr_t *u = b.u;
        for (size_t a = 0; a < b.people; u += b.k[a++]) {
            const size_t j = b.who[a];
            const int16_t months = justice->months_free[j];
            const double skill = employment->skill[j];
            const screened sa =
                screened_of(sc, s->recency, ap.population->race[j], ap.population->sex[j],
                            ap.population->offense[j], !justice->record_cleared[j],
                            months < 0 ? 0 : months, skill);
            int sent = 0;
            int calls = send_applications(sc, s, &sa, skill, ap.population->neighbourhood[j],
                                          b.k[a], u, (uint32_t)j, out, &sent);
            rejections[j] = (uint8_t)(sent - calls);
        }
    }
    *block_out = buf;
}

/* What an employer sees of job seeker j. A record not of this cohort is old. */
enum { SEEKER_RECORD_MONTHS = 120 };
static rg_applicant seeker_applicant(const seekers *sk, size_t j)
{
    return (rg_applicant){sk->race[j],          RG_PROPERTY,  sk->record[j],
                          SEEKER_RECORD_MONTHS, sk->skill[j], sk->sex[j]};
}

static void seeker_leaves_job(seekers *sk, size_t j)
{
    sk->employer[j] = -1;
    sk->wage[j] = 0.0f;
    sk->tenure[j] = 0;
}

/* Job seekers' month in seeker block b: separations (as the cohort's), then the
 * applications of those out of work (`applications`, stochastically rounded). */
static void seekers_month(const rg_run *run, const struct rg_params_employment *q, seekers *sk,
                          size_t b, int32_t employers)
{
    const size_t end = (b + 1) * RG_BLOCK_SIZE < sk->n ? (b + 1) * RG_BLOCK_SIZE : sk->n;
    rg_tile tile; /* the month's draws (block 0 of each stream), a tile at a time */
    rg_tile_init(&tile, run->seed, &draws[DRAW_SEEKER_MONTH], 0, run->month, end);
    for (size_t j = b * RG_BLOCK_SIZE; j < end; j++) {
        /* u_end = rg_u01_of(v[0], v[1]), u_apps = rg_u01_of(v[2], v[3]), each made
         * where it is used */
        const philox4x32_ctr_t *u = rg_tile_block(&tile, j);
        sk->apps[j] = sk->calls[j] = 0;
        if (sk->employer[j] >= 0) {
            double p = q->turnover * (sk->tenure[j] < 6 ? 1.0 + q->new_job_extra : 1.0);
            if (rg_u01_of(u->v[0], u->v[1]) >= p) {
                if (sk->tenure[j] < UINT16_MAX) sk->tenure[j]++;
                continue;
            }
            seeker_leaves_job(sk, j);
        }
        sk->apps[j] =
            (uint8_t)applications_of(q->applications + rg_u01_of(u->v[2], u->v[3]), employers);
    }
}

/* Screening and callbacks for seeker block b (candidates n_agents + j), in
 * batches as screen_block. */
static void screen_seekers(const rg_run *run, const screening *sc, employment_state *s, size_t b,
                           rg_candidate_buf *block_out)
{
    rg_candidate_buf buf = *block_out, *out = &buf; /* as screen_block */
    seekers *sk = &s->sk;
    const size_t end = (b + 1) * RG_BLOCK_SIZE < sk->n ? (b + 1) * RG_BLOCK_SIZE : sk->n;
    const size_t begin = b * RG_BLOCK_SIZE;
    uint16_t list[RG_BLOCK_SIZE]; /* applicants, as offsets from begin (as screen_block) */
    size_t m = 0;
    for (size_t j = begin; j < end; j++) {
        list[m] = (uint16_t)(j - begin);
        m += (size_t)(sk->apps[j] != 0);
    }
    batch bt;
    for (size_t y = 0; y < m;) {
        y = batch_from_list(&bt, list, y, m, begin, sk->apps);
        rg_block_list_fill(run->seed, &draws[DRAW_SEEKER_SEARCH], run->month, bt.n, bt.entity,
                           bt.block, bt.u);
        const philox4x32_ctr_t *u = bt.u;
        for (size_t a = 0; a < bt.people; u += bt.k[a++]) {
            const size_t x = bt.who[a];
            /* As seeker_applicant (a record not of this cohort is old). */
            const double skill = sk->skill[x];
            const screened sa = screened_of(sc, s->recency, sk->race[x], sk->sex[x], RG_PROPERTY,
                                            sk->record[x], SEEKER_RECORD_MONTHS, skill);
            int sent = 0;
            sk->calls[x] =
                (uint8_t)send_applications(sc, s, &sa, skill, sk->neighbourhood[x], bt.k[a], u,
                                           (uint32_t)(run->a.n + x), out, &sent);
            sk->apps[x] = (uint8_t)sent;
        }
    }
    *block_out = buf;
}

/* Workers of the cohort (ids below n) and job seekers (n + j) employed at each
 * employer, for ids [begin, end). */
static void count_filled(const rg_run *run, size_t begin, size_t end, int64_t *filled, void *ctx)
{
    const struct rg_cols_employment *employment = RG_COLS(run, employment);
    const seekers *sk = ctx;
    const size_t n = run->a.n;
    /* Without branches: a person not counted adds 0 to employer 0 (there is always
     * one). */
    for (size_t k = begin; k < end && k < n; k++) {
        const int32_t e = employment->employer[k];
        const uint32_t counted = (uint32_t)((employment->employed[k] != 0) & (e >= 0));
        filled[(uint32_t)e & (0u - counted)] += counted;
    }
    for (size_t k = begin > n ? begin : n; k < end; k++) {
        const int32_t e = sk->employer[k - n];
        const uint32_t counted = (uint32_t)(e >= 0);
        filled[(uint32_t)e & (0u - counted)] += counted;
    }
}

/* Free positions this month: positions less the workers of the cohort and the
 * job seekers employed there now (counted in parallel, rg_run_count). */
static void free_positions(const rg_run *run, employment_state *s)
{
    const rg_employers *emp = &s->emp;
    memset(s->filled, 0, sizeof *s->filled * (size_t)emp->count);
    rg_run_count(run, run->a.n + s->sk.n, (size_t)emp->count, s->filled, count_filled, &s->sk);
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run))
    for (int32_t e = 0; e < emp->count; e++) {
        int64_t free_ = emp->positions[e] - s->filled[e];
        s->capacity[e] = free_ > 0 ? (int32_t)free_ : 0;
    }
}

/* Whether employer e, which did not see the record on the application but checks
 * it after a conditional offer, withdraws its offer to candidate `id` (one draw per
 * (employer, person) pair and month). */
static int withdrawn(const rg_run *run, const screening *sc, const employment_state *s,
                     const applicants *ap, int32_t e, uint32_t id)
{
    const rg_employers *emp = &s->emp;
    if (!emp->checks_now[e] || emp->asks_now[e]) return 0;
    const rg_applicant who =
        id < run->a.n ? applicant_of(ap, id) : seeker_applicant(&s->sk, id - run->a.n);
    if (!who.has_record) return 0;
    rg_rng r;
    rg_rng_at(&r, run->seed, &draws[DRAW_OFFER], ((uint64_t)e << 32) | id, (uint32_t)run->month);
    const double S = rg_stigma_public(run)[emp->neighbourhood[e]];
    return rg_rng_u01(&r) < record_penalty(sc, emp, e, &who, S);
}

/* Whether employer e's offer is better than employer b's (b < 0: none): the
 * higher wage, then the lower employer. A strict order, so the best offer does
 * not depend on the order the offers are seen in. */
static inline int better_offer(const rg_employers *emp, int32_t e, int32_t b)
{
    return b < 0 || emp->wage[e] > emp->wage[b] || (emp->wage[e] == emp->wage[b] && e < b);
}

/* A person's best offer so far, updated by any thread (compare and swap). */
static void take_offer(int32_t *best, const rg_employers *emp, int32_t e)
{
    int32_t b = __atomic_load_n(best, __ATOMIC_RELAXED);
    while (better_offer(emp, e, b))
        if (__atomic_compare_exchange_n(best, &b, e, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) break;
}

/* A cohort member's rejections: those not called back (sent - calls) and the
 * callbacks without an offer, at most MAX_APPLICATIONS, so the count never
 * reaches its ceiling of 255 and the atomic additions need no test. */
_Static_assert(MAX_APPLICATIONS < 255, "rejections fit in a byte");

/* Offers: employers that did not see the record on the application but check it
 * after a conditional offer may withdraw the offer; a person with several offers
 * takes the best paid (then the lowest id). In parallel over the candidates: a
 * withdrawal's draw is keyed by (employer, person, month); the rejections are a
 * count and the best offer a maximum under a strict order, both gathered with
 * atomic updates whose result does not depend on their order. */
static void offers(const rg_run *run, const screening *sc, employment_state *s)
{
    const struct rg_cols_employment *employment = RG_COLS(run, employment);
    const applicants ap = applicants_of(run);
    const rg_employers *emp = &s->emp;
    const long long len = (long long)s->all.len;
    /* Chunks handed out as threads finish: winners, who need the most work, are
     * unevenly spread over the candidates. */
#pragma omp parallel for schedule(dynamic, RG_BLOCK_SIZE) num_threads(rg_run_threads(run))
    for (long long k = 0; k < len; k++) {
        rg_candidate *c = &s->all.c[k];
        const uint32_t i = c->agent;
        const int32_t e = (int32_t)c->slot;
        if (c->won && withdrawn(run, sc, s, &ap, e, i)) c->won = 0;
        if (c->won)
            take_offer(&s->best[i], emp, e);
        else if (i < run->a.n)
#pragma omp atomic update
            employment->rejections[i]++;
    }
}

/* The wage employer e offers: its wage, by skill, less record_wage_penalty when
 * it knows of a record (it asked, or checks after the offer; Western 2002). */
static double wage_offer(const screening *sc, const rg_employers *emp, int32_t e, double skill,
                         int record)
{
    const int known = record && (emp->asks_now[e] || emp->checks_now[e]);
    return emp->wage[e] * (1.0 + sc->q->skill_effect * (skill - 0.5)) *
           (known ? 1.0 - sc->q->record_wage_penalty : 1.0);
}

/* Each employer's factor of public stigma on the record weight this month
 * (record_penalty's last factor, the same expression). */
static void stigma_factors(const rg_run *run, const screening *sc, employment_state *s)
{
    const double *S = rg_stigma_public(run);
    const double effect = sc->q->public_stigma_effect;
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run))
    for (int32_t e = 0; e < s->emp.count; e++)
        s->stigma_factor[e] = 1.0 + effect * (S[s->emp.neighbourhood[e]] / sc->public_mean - 1.0);
}

/* What a hire needs to know. */
typedef struct hiring {
    const screening *sc;
    employment_state *s;
} hiring;

/* Candidate k takes the job if it is the person's best offer (won = 2). */
static int hire(rg_run *run, size_t k, rg_event_buf *events, void *ctx)
{
    const hiring *h = ctx;
    employment_state *s = h->s;
    const rg_employers *emp = &s->emp;
    rg_candidate *c = &s->all.c[k];
    const uint32_t i = c->agent;
    if (!c->won || s->best[i] != (int32_t)c->slot) return 1;
    const int32_t e = (int32_t)c->slot;
    c->won = 2;
    if (i >= run->a.n) {
        seekers *sk = &s->sk;
        const size_t j = i - run->a.n;
        sk->employer[j] = e;
        sk->tenure[j] = 0;
        sk->wage[j] = (float)wage_offer(h->sc, emp, e, sk->skill[j], sk->record[j]);
        return 1;
    }
    const struct rg_cols_employment *employment = RG_COLS(run, employment);
    employment->employed[i] = 1;
    employment->employer[i] = e;
    employment->tenure[i] = 0;
    employment->wage[i] = (float)wage_offer(h->sc, emp, e, employment->skill[i],
                                            !RG_COLS(run, justice)->record_cleared[i]);
    return rg_event_buf_push(events, i, RG_EV_JOB_START, emp->sector[e]);
}

/* Hires: each person takes their best offer, in parallel over chunks of
 * candidates: one candidate per person is the best (one application per
 * employer), so each person is written by one candidate alone. The job-start
 * events are appended in candidate order (rg_run_each_item); then the best offers
 * are reset for next month. */
static rg_status hires(rg_run *run, const screening *sc, employment_state *s, rg_error *err)
{
    hiring h = {sc, s};
    RG_TRY(rg_run_each_item(run, s->all.len, hire, &h, err));
    const long long len = (long long)s->all.len;
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run))
    for (long long k = 0; k < len; k++) {
        rg_candidate *c = &s->all.c[k];
        if (c->won != 2) continue;
        c->won = 1;
        s->best[c->agent] = -1;
    }
    return RG_OK;
}

/* The labour market's month: employers' practice; job seekers' separations and
 * search; screening of the cohort's and the seekers' applications in parallel
 * blocks (gathered in block order: the cohort's, then the seekers'); allocation;
 * offers; hires. */
static rg_status employment_market(rg_run *run, rg_instance *self, rg_error *err)
{
    employment_state *s = self->state;
    practice(run, &s->emp);
    const screening sc = screening_of(&run->p);
    stigma_factors(run, &sc, s);
    const long long nsb = (long long)s->sk.blocks;
#pragma omp parallel for schedule(dynamic, 1) num_threads(rg_run_threads(run))
    for (long long b = 0; b < nsb; b++) seekers_month(run, sc.q, &s->sk, (size_t)b, s->emp.count);
    free_positions(run, s);
    const long long nb = (long long)run->n_blocks, all = nb + nsb;
#pragma omp parallel for schedule(dynamic, 1) num_threads(rg_run_threads(run))
    for (long long b = 0; b < all; b++) {
        if (b < nb)
            screen_block(run, &sc, &run->blocks[b], s, &s->blocks[b]);
        else
            screen_seekers(run, &sc, s, (size_t)(b - nb), &s->blocks[b]);
    }
    RG_TRY(rg_candidates_gather(s->blocks, (size_t)all, &s->all, run->threads, err));
    RG_TRY(rg_allocate(s->all.c, s->all.len, s->capacity, (size_t)s->emp.count, run->threads, err));
    offers(run, &sc, s);
    return hires(run, &sc, s, err);
}

double rg_employment_audit(const rg_run *run, const rg_applicant *who, int disclose_all, int box,
                           uint64_t seed, long *calls, long *sent)
{
    const employment_state *s = rg_run_state(run, &rg_employment_module);
    const screening sc = screening_of(&run->p);
    const double *public_stigma = rg_stigma_public(run);
    long c = 0, n = 0;
    for (int32_t e = 0; e < s->emp.count; e++) {
        if (box >= 0 && s->emp.asks[e] != box) continue;
        int seen = disclose_all || s->emp.asks_now[e];
        double p = callback_probability(&sc, &s->emp, e, who, seen,
                                        public_stigma[s->emp.neighbourhood[e]]);
        c += rg_draw(seed, &draws[DRAW_AUDIT], (uint64_t)e, 0) < p;
        n++;
    }
    if (calls) *calls = c;
    if (sent) *sent = n;
    return n ? (double)c / (double)n : 0.0;
}

static double earnings_part(const rg_run *run, size_t begin, size_t end, void *ctx)
{
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_cols_employment *employment = RG_COLS(run, employment);
    (void)ctx;
    double sum = 0.0; /* a wage times 1 or 0, without a branch: adding 0 changes no sum */
    for (size_t i = begin; i < end; i++)
        sum += (double)employment->wage[i] *
               (double)((justice->status[i] == RG_FREE) & (employment->employed[i] != 0));
    return sum;
}

/* Tallies of job seekers without a record by group (RG_SEEKER_GROUPS), in id
 * order: people, in work, applications, callbacks, earnings. */
#define SEEKER_GROUP_ENUM_(X, s, g, desc) SG_##g,
enum { RG_SEEKER_GROUPS(SEEKER_GROUP_ENUM_, _, _) SG_COUNT };
#undef SEEKER_GROUP_ENUM_

/* Seekers without a record by cell (race x age group), in one block: people, in
 * work, applications, callbacks, earnings (rg_fsum); and those with a record in
 * work. */
enum { SEEKER_RACES = 4, SEEKER_AGES = 3, SEEKER_CELLS = SEEKER_RACES * SEEKER_AGES };
typedef struct seeker_tally {
    int64_t n[SEEKER_CELLS][4];
    rg_fsum earnings[SEEKER_CELLS];
    int64_t with_record;
} seeker_tally;

static void tally_clear(seeker_tally *t)
{
    memset(t, 0, sizeof *t);
    for (int c = 0; c < SEEKER_CELLS; c++) t->earnings[c].least = UINT32_MAX;
}

static void seekers_tally(const seekers *sk, size_t begin, size_t end, seeker_tally *t)
{
    tally_clear(t);
    for (size_t j = begin; j < end; j++) {
        const int employed = sk->employer[j] >= 0;
        if (sk->record[j]) {
            t->with_record += employed;
            continue;
        }
        const int c = sk->race[j] * SEEKER_AGES + sk->age[j];
        int64_t *n = t->n[c];
        n[0]++;
        n[1] += employed;
        n[2] += sk->apps[j];
        n[3] += sk->calls[j];
        if (employed) rg_fsum_add(&t->earnings[c], sk->wage[j]);
    }
}

static const int seeker_by_race[SEEKER_RACES] = {SG_white, SG_black, SG_hispanic, -1};
static const int seeker_by_age[SEEKER_AGES] = {SG_age_24, SG_age_25_39, SG_age_40};

/* Earnings by group in one pass in id order (when the parts would not add exactly). */
static void seekers_earnings(const seekers *sk, double *e)
{
    for (size_t j = 0; j < sk->n; j++) {
        if (sk->record[j]) continue;
        const int employed = sk->employer[j] >= 0;
        const int groups[3] = {SG_all, seeker_by_race[sk->race[j]], seeker_by_age[sk->age[j]]};
        for (int k = 0; k < 3; k++)
            if (groups[k] >= 0) e[groups[k]] += employed ? sk->wage[j] : 0.0;
    }
}

/* The seekers' tallies, each seeker block in parallel, added in block order. */
static void seekers_cells(const rg_run *run, const seekers *sk, seeker_tally *all)
{
    const long long nb = (long long)sk->blocks;
    seeker_tally *part = malloc(sizeof *part * (size_t)(nb > 0 ? nb : 1));
    if (!part) {
        seekers_tally(sk, 0, sk->n, all);
        return;
    }
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run))
    for (long long b = 0; b < nb; b++) {
        const size_t begin = (size_t)b * RG_BLOCK_SIZE;
        seekers_tally(sk, begin, begin + RG_BLOCK_SIZE < sk->n ? begin + RG_BLOCK_SIZE : sk->n,
                      &part[b]);
    }
    tally_clear(all);
    for (long long b = 0; b < nb; b++) {
        all->with_record += part[b].with_record;
        for (int c = 0; c < SEEKER_CELLS; c++) {
            for (int k = 0; k < 4; k++) all->n[c][k] += part[b].n[c][k];
            rg_fsum_merge(&all->earnings[c], &part[b].earnings[c]);
        }
    }
    free(part);
}

/* Tallies of job seekers without a record by group (RG_SEEKER_GROUPS): people, in
 * work, applications, callbacks, earnings. Counts are integers; the earnings are
 * those of one pass in id order, bit for bit: the cells' parts are added when
 * that is exact (rg_fsum_exact), otherwise the one pass is made. */
static void seekers_record(const rg_run *run, const seekers *sk, struct rg_summary_employment *row)
{
    seeker_tally cells;
    seekers_cells(run, sk, &cells);
    int64_t n[SG_COUNT][4] = {{0}};
    rg_fsum e[SG_COUNT];
    for (int g = 0; g < SG_COUNT; g++) e[g] = (rg_fsum){0.0, 0.0, UINT32_MAX};
    for (int c = 0; c < SEEKER_CELLS; c++) {
        const int groups[3] = {SG_all, seeker_by_race[c / SEEKER_AGES],
                               seeker_by_age[c % SEEKER_AGES]};
        for (int k = 0; k < 3; k++) {
            if (groups[k] < 0) continue;
            for (int x = 0; x < 4; x++) n[groups[k]][x] += cells.n[c][x];
            rg_fsum_merge(&e[groups[k]], &cells.earnings[c]);
        }
    }
    double earnings[SG_COUNT] = {0};
    int exact = 1;
    for (int g = 0; g < SG_COUNT; g++) {
        exact &= rg_fsum_exact(e[g].abs, e[g].least);
        earnings[g] = e[g].sum;
    }
    if (!exact) {
        memset(earnings, 0, sizeof earnings);
        seekers_earnings(sk, earnings);
    }
    row->seekers_with_record_employed = cells.with_record;
#define SEEKER_GROUP_SET_(X, s, g, desc)                                                           \
    row->seekers_##g = n[SG_##g][0];                                                               \
    row->seekers_employed_##g = n[SG_##g][1];                                                      \
    row->seeker_applications_##g = n[SG_##g][2];                                                   \
    row->seeker_callbacks_##g = n[SG_##g][3];                                                      \
    row->seeker_earnings_##g = earnings[SG_##g];
    RG_SEEKER_GROUPS(SEEKER_GROUP_SET_, _, _)
#undef SEEKER_GROUP_SET_
}

static void employment_record(const rg_run *run, rg_instance *self, void *out)
{
    struct rg_summary_employment *row = out;
    const int64_t free_ = RG_SUMMARY(run, justice, run->month)->free;
    const uint8_t *status = RG_COLS(run, justice)->status,
                  *in_work = ((const struct rg_cols_employment *)self->cols)->employed;
    const long long n = (long long)run->a.n;
    int64_t employed = 0; /* without a branch, so in vector lanes */
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run)) reduction(+ : employed)
    for (long long i = 0; i < n; i++) employed += (status[i] == RG_FREE) & (in_work[i] != 0);
    row->employed = employed;
    row->income_mean = free_ ? rg_run_block_sum(run, earnings_part, NULL) / (double)free_ : 0.0;
    int64_t types[256] = {0};
    rg_run_event_counts(run, types);
    row->job_starts = types[RG_EV_JOB_START];
    row->job_losses = types[RG_EV_JOB_LOSS];
    seekers_record(run, &((const employment_state *)self->state)->sk, row);
}

static void employment_free(rg_run *run, rg_instance *self)
{
    employment_state *s = self->state;
    if (!s) return;
    rg_employers *emp = &s->emp;
    free(emp->sector);
    free(emp->neighbourhood);
    free(emp->positions);
    free(emp->wage);
    free(emp->asks);
    free(emp->checks);
    free(emp->record_weight);
    free(emp->asks_now);
    free(emp->checks_now);
    if (s->blocks)
        for (size_t b = 0; b < run->n_blocks + s->sk.blocks; b++)
            rg_candidate_buf_free(&s->blocks[b]);
    seekers_free(&s->sk);
    rg_candidate_buf_free(&s->all);
    free(s->blocks);
    free(s->filled);
    free(s->capacity);
    free(s->local_start);
    free(s->best);
    free(s->stigma_factor);
    free(s->recency);
    free(s);
    self->state = NULL;
}

const rg_module rg_employment_module = {
    .name = "employment",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_employment),
    RG_MODULE_FIELDS(rg_cols_employment),
    RG_MODULE_SUMMARY(rg_summary_employment),
    RG_MODULE_OUTPUTS(outputs),
    RG_MODULE_EVENTS(employment),
    .summary = "employers, job search, screening and callbacks, hires and separations; local job "
               "seekers without records of this cohort competing for the same vacancies",
    .validate = employment_validate,
    .on =
        {
            [RG_PHASE_INIT] = {.global = employment_init,
                               .after = "population",
                               .what = "employers; skills; nobody employed"},
            [RG_PHASE_AGENT] = {.agents = employment_agents,
                                .after = "stigma, housing, health",
                                .what = "job separations; job search effort"},
            [RG_PHASE_MARKET] = {.global = employment_market,
                                 .what = "employers' practice; screening, callbacks, offers, "
                                         "hires"},
            [RG_PHASE_RECORD] = {.record = employment_record, .after = "justice"},
        },
    .free = employment_free,
    .points = (const rg_effect_point *const[]){&rg_employment_asks, &rg_employment_checks,
                                               &rg_employment_job_density, NULL},
};
