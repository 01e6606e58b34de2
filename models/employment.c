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
enum { DRAW_EMPLOYERS, DRAW_SKILL, DRAW_SEARCH, DRAW_OFFER, DRAW_JOB_END, DRAW_AUDIT };
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
};

enum { SECTORS = 4, MAX_APPLICATIONS = 32 };

typedef struct employment_state {
    rg_employers emp;
    int32_t *filled;      /* [employer] agents employed there now */
    int32_t *capacity;    /* [employer] free positions this month */
    int32_t *local_start; /* [neighbourhood + 1] CSR index of employers by neighbourhood */
    int32_t *best;        /* [agent] best offer this month (-1: none) */
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
     "positions open to people with records"},
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
    for (int32_t e = 0; e < emp->count; e++) {
        emp->asks_now[e] = (uint8_t)rg_effects_apply(run, asks, (size_t)e, emp->asks[e]);
        emp->checks_now[e] = (uint8_t)rg_effects_apply(run, checks, (size_t)e, emp->checks[e]);
    }
}

/* What screening reads: employment's parameters and the average public stigma. */
typedef struct screening {
    const struct rg_params_employment *q;
    double public_mean;
} screening;

static screening screening_of(const rg_params *p)
{
    return (screening){RG_PARAMS(p, employment), RG_PARAMS(p, stigma)->public_mean};
}

static double record_penalty(const screening *sc, const rg_employers *emp, int32_t e,
                             const rg_applicant *who, double public_stigma)
{
    const struct rg_params_employment *q = sc->q;
    if (!who->has_record) return 0.0;
    double w = emp->record_weight[e];
    if (who->offense == RG_VIOLENT) w *= q->violent_weight;
    if (who->offense == RG_PUBLIC_ORDER) w *= q->public_order_weight;
    w *= 1.0 + q->recent_release_extra * exp(-who->months_since_release / q->recent_months);
    if (who->race == RG_BLACK) w *= q->black_record_multiplier;
    /* Public stigma in the employer's neighbourhood, relative to the average. */
    w *= 1.0 + q->public_stigma_effect * (public_stigma / sc->public_mean - 1.0);
    return w < 0 ? 0 : (w > 1 ? 1 : w);
}

/* The employer's belief that someone of the applicant's visible group has a
 * record: published prevalence of felony convictions (Shannon et al. 2017). */
static double belief(const struct rg_params_employment *q, const rg_applicant *who)
{
    if (who->sex == RG_FEMALE) return q->belief_women;
    return who->race == RG_BLACK ? q->belief_black_men : q->belief_other_men;
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
static void draw_employers(rg_run *run, const struct rg_params_employment *q, employment_state *s)
{
    rg_employers *emp = &s->emp;
    const int32_t E = emp->count;
    const int nb = rg_population_neighbourhoods(run);
    gsl_rng *g = run->gsl[0];
    const double c = q->record_weight_concentration;
    for (int32_t e = 0; e < E; e++) {
        rg_gsl_rng_at(g, run->seed, &draws[DRAW_EMPLOYERS], (uint64_t)e, 0);
        /* Employers spread evenly over neighbourhoods, in id order. */
        emp->neighbourhood[e] = (uint16_t)((long long)e * nb / E);
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
    /* Offer checks draw per (employer, agent): both ids must fit in 32 bits. */
    if (run->a.n > UINT32_MAX)
        return rg_error_set(err, RG_EINPUT, "employment: more than 2^32 agents");
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
    s->best = malloc(sizeof *s->best * (run->a.n + 1));
    s->blocks = calloc(run->n_blocks, sizeof *s->blocks);
    if (!emp->sector || !emp->neighbourhood || !emp->positions || !emp->wage || !emp->asks ||
        !emp->checks || !emp->record_weight || !emp->asks_now || !emp->checks_now || !s->filled ||
        !s->capacity || !s->local_start || !s->best || !s->blocks)
        return rg_error_set(err, RG_EINTERNAL, "employment: out of memory");

    draw_employers(run, q, s);

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

static void employment_agents(rg_run *run, rg_instance *self, rg_block *blk)
{
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_cols_employment *employment = self->cols;
    const struct rg_cols_housing *housing = RG_COLS(run, housing);
    const struct rg_cols_health *health = RG_COLS(run, health);
    const struct rg_cols_stigma *stigma = RG_COLS(run, stigma);
    const struct rg_params_employment *q = self->params;
    const employment_state *s = self->state;
    const int month = blk->month;
    for (size_t i = blk->begin; i < blk->end; i++) {
        employment->applications[i] = 0;
        if (justice->status[i] == RG_PRISON && employment->employed[i])
            end_job(blk, employment, i, 1);
        if (justice->status[i] != RG_FREE) continue;
        rg_rng r;
        rg_rng_at(&r, run->seed, &draws[DRAW_JOB_END], i, month);
        double u_end = rg_rng_u01(&r), u_apps = rg_rng_u01(&r);
        if (employment->employed[i] && employment->employer[i] == PROGRAMME_JOB) {
            /* The programme ends the job; meanwhile it pays. */
            employment->months_employed[i]++;
            employment->income_total[i] += employment->wage[i];
            continue;
        }
        if (employment->employed[i]) {
            double p = q->turnover * (employment->tenure[i] < 6 ? 1.0 + q->new_job_extra : 1.0);
            if (u_end < p) {
                end_job(blk, employment, i, 0);
            } else {
                employment->tenure[i]++;
                employment->months_employed[i]++;
                employment->income_total[i] += employment->wage[i];
                continue;
            }
        }
        /* Job search effort: internalised stigma, homelessness and active substance
         * use lower it; the fraction is rounded stochastically. */
        double apps = q->applications * (1.0 - q->search_stigma_effect * stigma->stigma[i]);
        if (housing->housing[i] == RG_HOUSING_HOMELESS) apps *= q->homeless_search_factor;
        if (health->substance_use[i] == RG_CONDITION_ACTIVE) apps *= q->substance_search_factor;
        int k = (int)floor(apps + u_apps);
        if (k > MAX_APPLICATIONS) k = MAX_APPLICATIONS;
        if (k > s->emp.count) k = s->emp.count;
        employment->applications[i] = (uint8_t)(k < 0 ? 0 : k);
    }
}

/* Screening and callbacks for one block of applicants. */
static void screen_block(rg_run *run, const screening *sc, rg_block *blk, employment_state *s,
                         rg_candidate_buf *out)
{
    const applicants ap = applicants_of(run);
    const double *public_stigma = rg_stigma_public(run);
    const struct rg_cols_population *population = ap.population;
    const struct rg_cols_justice *justice = ap.justice;
    const struct rg_cols_employment *employment = ap.employment;
    const struct rg_params_employment *q = sc->q;
    const rg_employers *emp = &s->emp;
    const int32_t E = emp->count;
    for (size_t i = blk->begin; i < blk->end; i++) {
        employment->rejections[i] = 0;
        int k = employment->applications[i];
        if (!k || justice->status[i] != RG_FREE || employment->employed[i]) continue;
        rg_rng r;
        rg_rng_at(&r, run->seed, &draws[DRAW_SEARCH], i, blk->month);
        const rg_applicant who = applicant_of(&ap, i);
        const int nbh = population->neighbourhood[i];
        const int32_t lo = s->local_start[nbh], hi = s->local_start[nbh + 1];
        int32_t chosen[MAX_APPLICATIONS];
        int sent = 0;
        for (int t = 0; t < k; t++) {
            double u_where = rg_rng_u01(&r), u_pick = rg_rng_u01(&r), u_call = rg_rng_u01(&r),
                   u_score = rg_rng_u01(&r);
            int32_t e = (u_where < q->local_share && hi > lo)
                            ? lo + (int32_t)(u_pick * (double)(hi - lo))
                            : (int32_t)(u_pick * (double)E);
            int dup = 0;
            for (int c = 0; c < sent; c++) dup |= chosen[c] == e;
            if (dup) continue; /* one application per employer */
            chosen[sent++] = e;
            double p = callback_probability(sc, emp, e, &who, emp->asks_now[e],
                                            public_stigma[emp->neighbourhood[e]]);
            if (u_call < p)
                rg_candidate_push(out, (uint32_t)e, (uint32_t)i,
                                  (float)(u_score + employment->skill[i]));
            else
                employment->rejections[i]++;
        }
    }
}

static rg_status employment_market(rg_run *run, rg_instance *self, rg_error *err)
{
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_cols_employment *employment = self->cols;
    employment_state *s = self->state;
    practice(run, &s->emp);
    const screening sc = screening_of(&run->p);
    const double *public_stigma = rg_stigma_public(run);
    const rg_employers *emp = &s->emp;
    const applicants ap = applicants_of(run);
    const int32_t E = emp->count;
    memset(s->filled, 0, sizeof *s->filled * (size_t)E);
    for (size_t i = 0; i < run->a.n; i++)
        if (employment->employed[i] && employment->employer[i] >= 0)
            s->filled[employment->employer[i]]++;
    for (int32_t e = 0; e < E; e++) {
        int32_t free_positions = emp->positions[e] - s->filled[e];
        s->capacity[e] = free_positions > 0 ? free_positions : 0;
    }
    const long long nblocks = (long long)run->n_blocks;
#pragma omp parallel for schedule(dynamic, 1) num_threads(rg_run_threads(run))
    for (long long b = 0; b < nblocks; b++)
        screen_block(run, &sc, &run->blocks[b], s, &s->blocks[b]);
    RG_TRY(rg_candidates_gather(s->blocks, run->n_blocks, &s->all, err));
    RG_TRY(rg_allocate(s->all.c, s->all.len, s->capacity, (size_t)E, run->threads, err));

    /* Offers: employers that did not see the record on the application but check
     * it after a conditional offer may withdraw the offer; a person with several
     * offers takes the best paid (then the lowest id). */
    for (size_t k = 0; k < s->all.len; k++) {
        rg_candidate *c = &s->all.c[k];
        const uint32_t i = c->agent;
        const int32_t e = (int32_t)c->slot;
        if (c->won && emp->checks_now[e] && !emp->asks_now[e] && !justice->record_cleared[i]) {
            /* One draw per (employer, person) pair. */
            rg_rng r;
            rg_rng_at(&r, run->seed, &draws[DRAW_OFFER], ((uint64_t)e << 32) | i,
                      (uint32_t)run->month);
            rg_applicant who = applicant_of(&ap, i);
            double withdraw =
                record_penalty(&sc, emp, e, &who, public_stigma[emp->neighbourhood[e]]);
            if (rg_rng_u01(&r) < withdraw) c->won = 0;
        }
        if (!c->won) {
            if (employment->rejections[i] < 255) employment->rejections[i]++;
            continue;
        }
        int32_t b = s->best[i];
        if (b < 0 || emp->wage[e] > emp->wage[b] || (emp->wage[e] == emp->wage[b] && e < b))
            s->best[i] = e;
    }
    /* Hires. */
    for (size_t k = 0; k < s->all.len; k++) {
        const rg_candidate *c = &s->all.c[k];
        const uint32_t i = c->agent;
        if (!c->won || s->best[i] != (int32_t)c->slot) continue;
        const int32_t e = (int32_t)c->slot;
        s->best[i] = -1;
        employment->employed[i] = 1;
        employment->employer[i] = e;
        employment->tenure[i] = 0;
        employment->wage[i] =
            (float)(emp->wage[e] * (1.0 + sc.q->skill_effect * (employment->skill[i] - 0.5)));
        rg_block_event(&run->blocks[i / RG_BLOCK_SIZE], i, RG_EV_JOB_START, emp->sector[e]);
    }
    return RG_OK;
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
    double sum = 0.0;
    for (size_t i = begin; i < end; i++)
        if (justice->status[i] == RG_FREE && employment->employed[i]) sum += employment->wage[i];
    return sum;
}

static void employment_record(const rg_run *run, rg_instance *self, void *out)
{
    struct rg_summary_employment *row = out;
    const int64_t free_ = RG_SUMMARY(run, justice, run->month)->free;
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_cols_employment *employment = self->cols;
    const long long n = (long long)run->a.n;
    int64_t employed = 0;
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run)) reduction(+ : employed)
    for (long long i = 0; i < n; i++)
        employed += justice->status[i] == RG_FREE && employment->employed[i];
    row->employed = employed;
    row->income_mean = free_ ? rg_run_block_sum(run, earnings_part, NULL) / (double)free_ : 0.0;
    int64_t starts = 0, losses = 0;
    for (size_t k = 0; k < run->events.len; k++) {
        starts += run->events.ev[k].type == RG_EV_JOB_START;
        losses += run->events.ev[k].type == RG_EV_JOB_LOSS;
    }
    row->job_starts = starts;
    row->job_losses = losses;
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
        for (size_t b = 0; b < run->n_blocks; b++) rg_candidate_buf_free(&s->blocks[b]);
    rg_candidate_buf_free(&s->all);
    free(s->blocks);
    free(s->filled);
    free(s->capacity);
    free(s->local_start);
    free(s->best);
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
    .summary = "employers, job search, screening and callbacks, hires and separations",
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
    .points = (const rg_effect_point *const[]){&rg_employment_asks, &rg_employment_checks, NULL},
};
