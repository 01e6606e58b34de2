/*
 * Justice: releases, arrests, courts, prison and supervision (see justice.h).
 *
 * The BJS measures are dated as BJS dates them: a conviction by the month of the
 * arrest behind it, a return to prison by the month of admission.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "reintegra/family.h"
#include "reintegra/justice.h"
#include "reintegra/module.h"
#include "reintegra/offending.h"
#include "reintegra/population.h"
#include "reintegra/rng.h"

enum { RG_OFFENCES = 4 }; /* commitment offences (schema.h: rg_offense) */

RG_PARAM_SPECS(rg_params_justice, RG_JUSTICE_PARAMS);
RG_FIELD_SPECS(rg_cols_justice, RG_JUSTICE_FIELDS);
RG_SUMMARY_SPECS(rg_summary_justice, RG_JUSTICE_SUMMARY);
RG_EVENT_SPECS(justice, RG_JUSTICE_EVENTS);

/* Random purposes (rng.h). */
enum {
    DRAW_ARREST,
    DRAW_COURT,
    DRAW_SENTENCE,
    DRAW_SUPERVISION,
    DRAW_REVOCATION,
    DRAW_REVOCATION_TERM
};
static const rg_purpose draws[] = {
    [DRAW_ARREST] = RG_DRAW("justice.arrest", 4, 0, MONTHLY, AGENT, 0, 0,
                            "whether each of the month's offences leads to an arrest"),
    [DRAW_COURT] =
        RG_DRAW("justice.court", 5, 0, MONTHLY, AGENT, 0, 4,
                "conviction, the court's delay, then prosecution or a violation (supervised)"),
    [DRAW_SENTENCE] = RG_DRAW("justice.sentence", 6, 0, MONTHLY, AGENT, 0, 0,
                              "prison or not, then the term (gamma)"),
    [DRAW_SUPERVISION] = RG_DRAW("justice.supervision", 7, 0, MONTHLY, AGENT, 0, 0,
                                 "supervision at release, then its length (gamma)"),
    [DRAW_REVOCATION] = RG_DRAW("justice.revocation", 8, 0, MONTHLY, AGENT, 0, 4,
                                "revocation after an arrest, then a technical revocation"),
    [DRAW_REVOCATION_TERM] = RG_DRAW("justice.revocation_term", 11, 0, MONTHLY, AGENT, 0, 0,
                                     "prison term after a revocation (gamma)"),
};

/* Policing and supervision by place (justice.h), tabulated once per run: the
 * arrest probability of each neighbourhood and commitment offence, and the factor
 * on technical revocations. Each multiplier exp(beta d_n) is divided by its mean over
 * the (equal) neighbourhoods, so the cohort's average stays arrest_probability and
 * technical_revocation_rate: place moves arrests between people, not their total. */
typedef struct justice_state {
    double *arrest;    /* [neighbourhood][RG_OFFENCES] probability */
    double *technical; /* [neighbourhood] factor */
    double *drug;      /* [neighbourhood] arrest probability of a drug offence (output) */
} justice_state;

static const rg_output_spec outputs[] = {
    {"neighbourhoods", "arrest_probability_drug", RG_OUTPUT_TABLE, RG_H5_F64, "N", "probability",
     "probability that a drug offence leads to an arrest in the neighbourhood"},
    {"neighbourhoods", "technical_factor", RG_OUTPUT_TABLE, RG_H5_F64, "N", "1",
     "multiplier of the technical revocation rate in the neighbourhood (supervision intensity)"},
};

/* exp(beta d_n) / mean over n, for each neighbourhood, into f[n * stride]. */
static void place_factor(const double *d, int N, double beta, double *f, int stride)
{
    double sum = 0;
    for (int n = 0; n < N; n++) sum += exp(beta * d[n]);
    for (int n = 0; n < N; n++) f[n * stride] = exp(beta * d[n]) * N / sum;
}

static rg_status place_tables(rg_run *run, rg_instance *self, rg_error *err)
{
    const struct rg_params_justice *j = self->params;
    const int N = rg_population_neighbourhoods(run);
    const double *d = rg_population_disadvantage(run);
    justice_state *s = calloc(1, sizeof *s);
    self->state = s;
    if (s) {
        s->arrest = malloc(sizeof *s->arrest * (size_t)N * RG_OFFENCES);
        s->technical = malloc(sizeof *s->technical * (size_t)N);
        s->drug = malloc(sizeof *s->drug * (size_t)N);
    }
    if (!s || !s->arrest || !s->technical || !s->drug || !d)
        return rg_error_set(err, RG_EINTERNAL, "justice: out of memory");
    const double beta[RG_OFFENCES] = {j->policing_violent, j->policing_property, j->policing_drug,
                                      j->policing_public_order};
    for (int o = 0; o < RG_OFFENCES; o++) {
        place_factor(d, N, beta[o], s->arrest + o, RG_OFFENCES);
        for (int n = 0; n < N; n++) {
            double p = j->arrest_probability * s->arrest[n * RG_OFFENCES + o];
            s->arrest[n * RG_OFFENCES + o] = p < 1 ? p : 1;
        }
    }
    place_factor(d, N, j->supervision_intensity, s->technical, 1);
    /* World outputs are written when the run closes: the tables live as long as it. */
    for (int n = 0; n < N; n++) s->drug[n] = s->arrest[n * RG_OFFENCES + RG_DRUG];
    RG_TRY(rg_run_output(run, self, "arrest_probability_drug", s->drug, (size_t)N, err));
    return rg_run_output(run, self, "technical_factor", s->technical, (size_t)N, err);
}

static void justice_free(rg_run *run, rg_instance *self)
{
    (void)run;
    justice_state *s = self->state;
    if (!s) return;
    free(s->arrest);
    free(s->technical);
    free(s->drug);
    free(s);
    self->state = NULL;
}

/* Months from a gamma distribution with the given mean and shape, at least 1. */
static int16_t gamma_months(gsl_rng *g, double mean, double shape)
{
    double m = gsl_ran_gamma(g, shape, mean / shape);
    long v = lround(m);
    return (int16_t)(v < 1 ? 1 : (v > 1200 ? 1200 : v));
}

/* Months until a case is decided: geometric on 0, 1, 2, ... with the given mean. */
static int16_t geometric_months(double u, double mean)
{
    if (mean <= 0.0) return 0;
    double q = mean / (1.0 + mean);
    double k = floor(log(u) / log(q));
    return (int16_t)(k > 1200 ? 1200 : k);
}

void rg_justice_clear_record(rg_run *run, rg_block *blk, size_t i, int automatic)
{
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    justice->record_cleared[i] = 1;
    rg_block_event(blk, i, RG_EV_RECORD_CLEARED, automatic);
}

void rg_justice_reinstate_record(rg_run *run, rg_block *blk, size_t i)
{
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    justice->record_cleared[i] = 0;
    rg_block_event(blk, i, RG_EV_RECORD_REINSTATED, 0);
}

static rg_status justice_init(rg_run *run, rg_instance *self, rg_error *err)
{
    const struct rg_cols_justice *justice = self->cols;
    RG_TRY(place_tables(run, self, err));
    for (size_t i = 0; i < run->a.n; i++) {
        justice->status[i] = RG_PENDING;
        justice->months_free[i] = -1;
        justice->hazard_clock[i] = -1;
        justice->case_left[i] = -1;
        justice->first_arrest[i] = justice->first_conviction[i] = justice->first_return[i] = -1;
        justice->first_conviction_date[i] = -1;
        justice->last_arrest[i] = -1;
    }
    return RG_OK;
}

static void release(rg_run *run, const rg_instance *self, rg_block *blk, size_t i, int first)
{
    const struct rg_params_justice *j = self->params;
    const struct rg_cols_justice *justice = self->cols;
    justice->status[i] = RG_FREE;
    justice->months_free[i] = 0;
    /* The hazard's clock restarts after a new sentence, resumes after a revocation
     * (justice.h). */
    if (first || justice->last_admission[i] == RG_ADMIT_SENTENCE) justice->hazard_clock[i] = 0;
    justice->prison_left[i] = 0;
    gsl_rng *g = blk->gsl;
    rg_gsl_rng_at(g, run->seed, &draws[DRAW_SUPERVISION], i, blk->month);
    int supervised = gsl_rng_uniform(g) < j->supervision_share;
    justice->supervision_left[i] = supervised ? gamma_months(g, j->supervision_months, 4.0) : 0;
    rg_block_event(blk, i, RG_EV_RELEASE, first ? 0 : 1);
}

/* Releases happen at the start of the month, before anyone acts. */
static void justice_releases(rg_run *run, rg_instance *self, rg_block *blk)
{
    const struct rg_cols_justice *justice = self->cols;
    /* Columns in locals: release() could change the structures that hold them, so
     * they would be reloaded for every person. */
    const uint8_t *status = justice->status;
    const int16_t *release_month = RG_COLS(run, population)->release_month,
                  *prison_left = justice->prison_left;
    const int month = blk->month;
    for (size_t i = blk->begin; i < blk->end; i++) {
        if (status[i] == RG_PENDING && release_month[i] == month)
            release(run, self, blk, i, 1);
        else if (status[i] == RG_PRISON && prison_left[i] <= 0)
            release(run, self, blk, i, 0);
    }
}

static void admit(const struct rg_cols_justice *justice, rg_block *blk, size_t i, int16_t term,
                  int reason, int16_t since)
{
    justice->status[i] = RG_PRISON;
    justice->prison_left[i] = term;
    justice->supervision_left[i] = 0;
    justice->admissions[i]++;
    justice->last_admission[i] = (uint8_t)reason;
    if (justice->first_return[i] < 0) justice->first_return[i] = since;
    rg_block_event(blk, i, RG_EV_ADMISSION, reason);
}

/* Arrests of the month's offences: each offence is arrested with probability p
 * (the arrest probability of the person's neighbourhood and commitment offence:
 * offences are taken to be of the kind the person was committed for), from one
 * uniform per offence (offending.h: counts). */
static int arrests_of(const rg_run *run, double p, size_t i, int offences, int month)
{
    if (offences <= 0) return 0;
    rg_rng r;
    rg_rng_at(&r, run->seed, &draws[DRAW_ARREST], i, month);
    int arrests = 0;
    for (int k = 0; k < offences; k++) arrests += rg_rng_u01(&r) < p;
    return arrests;
}

/* What a block's months read (fetched once per block; the hot columns and
 * parameters as plain pointers and values, which the loop's byte stores cannot
 * make stale, unlike the structures that hold them). */
typedef struct block_cols {
    const struct rg_cols_justice *justice;
    const struct rg_params_justice *j;
    const int16_t *supervision_left;
    const uint16_t *neighbourhood;
    const uint8_t *offense, *offended, *visited;
    const float *risk;
    const double *arrest, *technical;
    double technical_rate, visited_f[2]; /* 1.0, or the factor for people visited */
} block_cols;

/* A free person's month: arrests, a case opened, revocations (their draws from
 * `revocation`, a tile of justice.revocation blocks). */
static void free_month(rg_run *run, const block_cols *c, rg_block *blk, size_t i, int16_t since,
                       rg_tile *revocation)
{
    const struct rg_cols_justice *justice = c->justice;
    const struct rg_params_justice *j = c->j;
    const int month = blk->month;
    gsl_rng *g = blk->gsl;
    const int supervised = c->supervision_left[i] > 0;
    const int place = c->neighbourhood[i];
    const double p_arrest = c->arrest[place * RG_OFFENCES + c->offense[i]];
    const int arrests = arrests_of(run, p_arrest, i, c->offended[i], month);
    /* Revocations concern supervised people only. Their draws are taken for every
     * free person (from the tile, filled anyway; keyed, so no other number moves)
     * and used only for the supervised, without a branch on supervision, which was
     * as good as random. */
    const philox4x32_ctr_t *b = rg_tile_block(revocation, i);
    const double u_revoke = rg_u01_of(b->v[0], b->v[1]);
    const double u_technical = rg_u01_of(b->v[2], b->v[3]);
    if (arrests > 0) {
        justice->arrests[i] = (uint16_t)(justice->arrests[i] + arrests);
        justice->last_arrest[i] = (int16_t)month;
        if (justice->first_arrest[i] < 0) justice->first_arrest[i] = since;
        for (int k = 0; k < arrests; k++) rg_block_event(blk, i, RG_EV_ARREST, supervised);
        rg_rng r;
        rg_rng_at(&r, run->seed, &draws[DRAW_COURT], i, month);
        const double u_convict = rg_rng_u01(&r), u_delay = rg_rng_u01(&r);
        const double u_violation = rg_rng_u01(&r);
        /* A supervised person's arrest may be dealt with as a violation of supervision
         * instead of a prosecution. One pending case at a time: a further convicted
         * arrest joins it. */
        const int prosecuted = !supervised || u_violation >= j->violation_share;
        if (prosecuted && u_convict < j->conviction_probability && justice->case_left[i] < 0) {
            justice->case_left[i] = geometric_months(u_delay, j->court_delay_months);
            justice->case_arrest_month[i] = since;
        }
        if (supervised && u_revoke < j->revocation_probability) {
            rg_gsl_rng_at(g, run->seed, &draws[DRAW_REVOCATION_TERM], i, month);
            admit(justice, blk, i, gamma_months(g, j->revocation_months, 2.0),
                  RG_ADMIT_REVOKED_ARREST, since);
        }
    } else if (supervised & (u_technical < c->technical_rate * c->technical[place] * c->risk[i] *
                                               c->visited_f[c->visited[i] != 0])) {
        rg_gsl_rng_at(g, run->seed, &draws[DRAW_REVOCATION_TERM], i, month);
        admit(justice, blk, i, gamma_months(g, j->revocation_months, 2.0), RG_ADMIT_TECHNICAL,
              since);
    }
}

/* Courts: a case decided this month is a conviction. */
static void convict(rg_run *run, const block_cols *c, rg_block *blk, size_t i, int16_t since)
{
    const struct rg_cols_justice *justice = c->justice;
    const struct rg_params_justice *j = c->j;
    gsl_rng *g = blk->gsl;
    justice->case_left[i] = -1;
    justice->convictions[i]++;
    if (justice->first_conviction[i] < 0) {
        justice->first_conviction[i] = justice->case_arrest_month[i];
        justice->first_conviction_date[i] = since;
    }
    rg_gsl_rng_at(g, run->seed, &draws[DRAW_SENTENCE], i, blk->month);
    const int to_prison = gsl_rng_uniform(g) < j->prison_probability;
    rg_block_event(blk, i, RG_EV_CONVICTION, to_prison);
    if (to_prison) {
        int16_t term = gamma_months(g, j->sentence_months, 2.0);
        if (justice->status[i] == RG_PRISON) {
            /* Already inside (revoked): the new sentence runs on from now. */
            if (justice->prison_left[i] < term) justice->prison_left[i] = term;
            justice->last_admission[i] = RG_ADMIT_SENTENCE;
        } else {
            admit(justice, blk, i, term, RG_ADMIT_SENTENCE, since);
        }
    }
}

static void justice_agents(rg_run *run, rg_instance *self, rg_block *blk)
{
    const struct rg_cols_population *population = RG_COLS(run, population);
    const struct rg_cols_justice *justice = self->cols;
    const struct rg_params_justice *j = self->params;
    const justice_state *s = self->state;
    const struct rg_cols_offending *offending = RG_COLS(run, offending);
    const struct rg_cols_family *family = RG_COLS(run, family);
    const block_cols c = {justice,
                          j,
                          justice->supervision_left,
                          population->neighbourhood,
                          population->offense,
                          offending->offended,
                          family->visited,
                          offending->risk,
                          s->arrest,
                          s->technical,
                          j->technical_revocation_rate,
                          {1.0, j->rr_technical_visited}};
    const uint8_t *status = justice->status;
    const int16_t *release = population->release_month;
    int16_t *case_left = justice->case_left, *prison_left = justice->prison_left,
            *months_free = justice->months_free, *clock = justice->hazard_clock,
            *supervision_left = justice->supervision_left;
    uint16_t *free_total = justice->months_free_total;
    const int month = blk->month;
    rg_tile revocation; /* the month's revocation draws, for a tile of agents at a time */
    rg_tile_init(&revocation, run->seed, &draws[DRAW_REVOCATION], 0, month, blk->end);
    for (size_t i = blk->begin; i < blk->end; i++) {
        if (status[i] == RG_PENDING) continue;
        const int16_t since = (int16_t)(month - release[i]);
        if (status[i] == RG_FREE) free_month(run, &c, blk, i, since, &revocation);
        if (case_left[i] == 0)
            convict(run, &c, blk, i, since);
        else
            case_left[i] = (int16_t)(case_left[i] - (case_left[i] > 0));
        /* The month passes (without branches: who is in prison, or supervised, is
         * as good as random). */
        const int in = status[i] == RG_PRISON, out = !in;
        prison_left[i] = (int16_t)(prison_left[i] - in);
        months_free[i] = (int16_t)(months_free[i] + out);
        clock[i] = (int16_t)(clock[i] + out);
        free_total[i] = (uint16_t)(free_total[i] + out);
        supervision_left[i] = (int16_t)(supervision_left[i] - (out & (supervision_left[i] > 0)));
    }
}

/* The month's releases, arrests, convictions, admissions and revocations among
 * events [begin, end), added to counts[0 .. 5). */
static void count_event_part(const rg_run *run, size_t begin, size_t end, int64_t *counts,
                             void *ctx)
{
    (void)ctx;
    for (size_t k = begin; k < end; k++) {
        const rg_event *e = &run->events.ev[k];
        switch (e->type) {
        case RG_EV_RELEASE: counts[0]++; break;
        case RG_EV_ARREST: counts[1]++; break;
        case RG_EV_CONVICTION: counts[2]++; break;
        case RG_EV_ADMISSION:
            counts[3]++;
            counts[4] += e->detail != RG_ADMIT_SENTENCE;
            break;
        default: break;
        }
    }
}

/* The month's counts of releases, arrests, convictions and admissions (in parallel:
 * integer sums, the same as one pass). */
static void count_events(const rg_run *run, struct rg_summary_justice *row)
{
    int64_t counts[5] = {0};
    rg_run_count(run, run->events.len, 5, counts, count_event_part, NULL);
    row->releases += counts[0];
    row->arrests += counts[1];
    row->convictions += counts[2];
    row->admissions += counts[3];
    row->revocations += counts[4];
}

/* Counts of the people among agents [begin, end) (rg_run_count: at most
 * RG_BLOCK_SIZE, so 32-bit counters, which the compiler vectorises): pending, free,
 * in prison, supervised, ever arrested, convicted, returned, records cleared. */
enum { PEOPLE_COUNTS = 8 };
static void count_people(const rg_run *run, size_t begin, size_t end, int64_t *counts, void *ctx)
{
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    (void)ctx;
    uint32_t c[PEOPLE_COUNTS] = {0};
    for (size_t i = begin; i < end; i++) {
        const uint8_t status = justice->status[i];
        c[0] += status == RG_PENDING;
        c[1] += status == RG_FREE;
        c[2] += status == RG_PRISON;
        c[3] += (status == RG_FREE) & (justice->supervision_left[i] > 0);
        c[4] += justice->first_arrest[i] >= 0;
        c[5] += justice->first_conviction[i] >= 0;
        c[6] += justice->first_return[i] >= 0;
        c[7] += justice->record_cleared[i];
    }
    for (int k = 0; k < PEOPLE_COUNTS; k++) counts[k] += c[k];
}

static void justice_record(const rg_run *run, rg_instance *self, void *out)
{
    struct rg_summary_justice *row = out;
    (void)self;
    count_events(run, row);
    int64_t c[PEOPLE_COUNTS] = {0};
    rg_run_count(run, run->a.n, PEOPLE_COUNTS, c, count_people, NULL);
    row->pending = c[0];
    row->free = c[1];
    row->prison = c[2];
    row->supervised = c[3];
    row->ever_arrested = c[4];
    row->ever_convicted = c[5];
    row->ever_returned = c[6];
    row->records_cleared = c[7];
}

const rg_module rg_justice_module = {
    .name = "justice",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_justice),
    RG_MODULE_FIELDS(rg_cols_justice),
    RG_MODULE_SUMMARY(rg_summary_justice),
    RG_MODULE_EVENTS(justice),
    RG_MODULE_OUTPUTS(outputs),
    .summary = "release, arrest, courts, prison and supervision",
    .on =
        {
            [RG_PHASE_INIT] = {.global = justice_init,
                               .after = "population",
                               .what = "policing and supervision by place; everyone awaits "
                                       "release"},
            [RG_PHASE_AGENT] = {.agents = justice_releases,
                                .before = "*",
                                .what = "releases due this month"},
            [RG_PHASE_JUSTICE] = {.agents = justice_agents,
                                  .what = "arrests, revocations, courts, sentences; terms and "
                                          "supervision count down"},
            [RG_PHASE_RECORD] = {.record = justice_record},
        },
    .free = justice_free,
};
