/*
 * Offending: how many offences a free person commits this month (see offending.h
 * for the rate). The time-varying factors are tabulated once per run: the decline with
 * months since release, and ageing since first release.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "reintegra/employment.h"
#include "reintegra/family.h"
#include "reintegra/health.h"
#include "reintegra/housing.h"
#include "reintegra/justice.h"
#include "reintegra/mentors.h"
#include "reintegra/module.h"
#include "reintegra/offending.h"
#include "reintegra/peers.h"
#include "reintegra/population.h"
#include "reintegra/rng.h"
#include "reintegra/stigma.h"

RG_PARAM_SPECS(rg_params_offending, RG_OFFENDING_PARAMS);
RG_FIELD_SPECS(rg_cols_offending, RG_OFFENDING_FIELDS);
RG_SUMMARY_SPECS(rg_summary_offending, RG_OFFENDING_SUMMARY);
RG_EVENT_SPECS(offending, RG_OFFENDING_EVENTS);

/* Random purposes (rng.h). */
enum { DRAW_FRAILTY, DRAW_OFFENCE };
static const rg_purpose draws[] = {
    [DRAW_FRAILTY] = RG_DRAW("offending.frailty", 2, 0, ONCE, AGENT, 0, 0,
                             "individual offending propensity (gamma)"),
    [DRAW_OFFENCE] = RG_DRAW("offending.offence", 3, 0, MONTHLY, AGENT, 0, 2,
                             "how many offences a free person commits this month (Poisson, "
                             "by inversion of one uniform)"),
};

typedef struct offending_state {
    double *decay;      /* [t]: (1 + t / decay_months)^-decay_power, times the spike at t = 0 */
    double *age_factor; /* [a]: exp(b1 x + b2 x^2), x = (a / 12 - 35) / 10, a = age in months */
    int age_months;     /* entries of age_factor */
} offending_state;

/* Age in whole months of a person of age_at_release `age` released in month
 * `release`, in model month `month`. */
static inline int age_in_months(float age, int release, int month)
{
    return (int)(age * 12.0f) + (month - release);
}

static double static_ratio(const struct rg_params_offending *o,
                           const struct rg_cols_population *population, size_t i)
{
    double rr = population->sex[i] == RG_FEMALE ? o->rr_female : 1.0;
    switch (population->offense[i]) {
    case RG_VIOLENT: rr *= o->rr_violent; break;
    case RG_DRUG: rr *= o->rr_drug; break;
    case RG_PUBLIC_ORDER: rr *= o->rr_public_order; break;
    default: break;
    }
    if (population->prior_group[i] == RG_PRIORS_5_TO_9) rr *= o->rr_priors_5_to_9;
    if (population->prior_group[i] == RG_PRIORS_10_OR_MORE) rr *= o->rr_priors_10_or_more;
    return rr;
}

enum { MAX_OFFENCES = 60 }; /* per month: the count's cap (uint8 column) */

double rg_offending_propensity(const rg_run *run, gsl_rng *g, size_t i)
{
    const double k = RG_PARAMS(&run->p, offending)->frailty_shape;
    rg_gsl_rng_at(g, run->seed, &draws[DRAW_FRAILTY], (uint64_t)i, 0);
    return gsl_ran_gamma(g, k, 1.0 / k); /* mean 1, variance 1/k */
}

double rg_offending_age_factor(const struct rg_params_offending *o, double age)
{
    const double x = (age - 35.0) / 10.0;
    return exp(o->age_effect * x + o->age_effect_quadratic * x * x);
}

int rg_offending_count(double u, double h, int cap)
{
    /* P(N >= 1) = 1 - e^-h <= h (and -expm1(-h), faithfully rounded, is at most
     * h too): u >= h means no offence without working out the exponential. */
    if (u >= h) return 0;
    double tail = -expm1(-h); /* P(N >= 1) */
    if (u >= tail) return 0;
    /* N >= n + 1 while u < P(N >= n + 1) = P(N >= n) - P(N = n). */
    double pn = exp(-h) * h; /* P(N = 1) */
    int n = 1;
    tail -= pn;
    while (u < tail && n < cap) {
        n++;
        pn *= h / n;
        tail -= pn;
    }
    return n;
}

static rg_status offending_init(rg_run *run, rg_instance *self, rg_error *err)
{
    const struct rg_cols_population *population = RG_COLS(run, population);
    const struct rg_cols_offending *offending = self->cols;
    const struct rg_params_offending *o = self->params;
    offending_state *s = calloc(1, sizeof *s);
    const int months = run->months + 1;
    if (s) {
        s->age_months = (int)(RG_PARAMS(&run->p, population)->age_max * 12.0) + months + 1;
        s->decay = malloc(sizeof(double) * (size_t)months);
        s->age_factor = malloc(sizeof(double) * (size_t)s->age_months);
    }
    if (!s || !s->decay || !s->age_factor) {
        if (s) {
            free(s->decay);
            free(s->age_factor);
        }
        free(s);
        return rg_error_set(err, RG_EINTERNAL, "offending: out of memory");
    }
    for (int t = 0; t < months; t++) s->decay[t] = pow(1.0 + t / o->decay_months, -o->decay_power);
    s->decay[0] *= o->release_month_multiplier;
    for (int m = 0; m < s->age_months; m++) s->age_factor[m] = rg_offending_age_factor(o, m / 12.0);
    self->state = s;

    const long long n = (long long)run->a.n;
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run))
    for (long long i = 0; i < n; i++) {
        const double z = rg_offending_propensity(run, rg_run_gsl(run), (size_t)i);
        offending->frailty[i] = (float)z;
        offending->propensity[i] = (float)(z * static_ratio(o, population, (size_t)i));
        offending->offenses[i] = 0;
        offending->offended[i] = 0;
        offending->risk[i] = 0.0f;
    }
    return RG_OK;
}

const rg_effect_point rg_offending_hazard = {
    "offending.hazard", RG_COMBINE_FACTOR, "agent",
    "multiplies a free person's offending hazard this month (programmes that act on "
    "offending directly)"};

/* What the hazard reads of a person's life: the columns of the other modules, the
 * factors other modules contribute and the parameters, fetched once per block into
 * a local (the loop's byte stores could alias the structures that hold them, which
 * would reload them for every person). */
typedef struct life_cols {
    const uint8_t *employed, *housing, *visited, *substance, *mental;
    const float *support, *stigma, *peer_arrested, *peer_working, *quality;
    const int32_t *mentor;
    const rg_effect_list *factors;
    /* The categorical terms' factors by index, 1.0 where a term does not apply:
     * employed[aged 27 or more][employed], housing[stable, unstable, homeless],
     * visited, substance and mental[active]. */
    double employed_f[2][2], housing_f[3], visited_f[2], substance_f[2], mental_f[2];
    double family_effect, stigma_effect, peer_arrest_effect, peer_work_effect, mentor_effect;
} life_cols;

static life_cols life_cols_of(const rg_run *run, const struct rg_params_offending *o)
{
    const struct rg_cols_employment *employment = RG_COLS(run, employment);
    const struct rg_cols_family *family = RG_COLS(run, family);
    const struct rg_cols_housing *housing = RG_COLS(run, housing);
    const struct rg_cols_health *health = RG_COLS(run, health);
    const struct rg_cols_mentors *mentors = RG_COLS(run, mentors);
    const struct rg_cols_peers *peers = RG_COLS(run, peers);
    return (life_cols){employment->employed,
                       housing->housing,
                       family->visited,
                       health->substance_use,
                       health->mental_illness,
                       family->family_support,
                       RG_COLS(run, stigma)->stigma,
                       peers->peer_arrested,
                       peers->peer_working,
                       mentors->mentor_quality,
                       mentors->mentor,
                       rg_run_effects(run, &rg_offending_hazard),
                       {{1.0, o->rr_employed_under_27}, {1.0, o->rr_employed_27_plus}},
                       {1.0, o->rr_unstable_housing, o->rr_homeless},
                       {1.0, o->rr_visited},
                       {1.0, o->rr_substance_active},
                       {1.0, o->rr_mental_active},
                       o->family_effect,
                       o->stigma_effect,
                       o->peer_arrest_effect,
                       o->peer_work_effect,
                       o->mentor_effect};
}

/* W: the person's life this month (offending.h): the product w of the
 * categorical terms, the exponent x of the log-linear ones and the factor f of
 * other modules, W = w exp(x) f. */
typedef struct life_terms {
    double w, x, f;
} life_terms;

static life_terms life(const rg_run *run, const life_cols *c, size_t i, int age)
{
    /* Each categorical term's factor taken by index, 1.0 where the term does not
     * apply (a product times 1.0 is the same product): branches on them were
     * mispredicted about a tenth of the time each. */
    const uint8_t h = c->housing[i];
    double w = 1.0;
    w *= c->employed_f[age >= 27 * 12][c->employed[i] != 0];
    w *= c->housing_f[(h == RG_HOUSING_UNSTABLE) + 2 * (h == RG_HOUSING_HOMELESS)];
    w *= c->visited_f[c->visited[i] != 0];
    w *= c->substance_f[c->substance[i] == RG_CONDITION_ACTIVE];
    w *= c->mental_f[c->mental[i] == RG_CONDITION_ACTIVE];
    double x = -c->family_effect * c->support[i] + c->stigma_effect * c->stigma[i] +
               c->peer_arrest_effect * c->peer_arrested[i] -
               c->peer_work_effect * c->peer_working[i];
    if (c->mentor[i] >= 0) x -= c->mentor_effect * c->quality[i];
    return (life_terms){w, x, rg_effects_apply(run, c->factors, i, 1.0)};
}

/* How many offences, for a uniform u and the hazard pre W (pre = base rate x risk
 * x decay). Most months u is far above the hazard, and then the count is 0
 * without the exponential: e^x <= 1 / (1 - x) for x < 1, so with a margin for
 * rounding B = (1 + 1e-10) / (1 - x) bounds exp(x) as computed, and products of
 * non-negative numbers round monotonically, so pre (w B f) bounds the hazard
 * (pre (w exp(x) f)) as computed; u at or above the bound, and so above the hazard,
 * means no offence (rg_offending_count). Otherwise the hazard as before. */
static int offences(double u, double pre, life_terms l)
{
    if (l.x < 0.5 && pre >= 0 && l.w >= 0 && l.f >= 0 && l.f <= DBL_MAX) {
        const double bound = pre * (l.w * ((1.0 + 1e-10) / (1.0 - l.x)) * l.f);
        if (u >= bound) return 0;
    }
    return rg_offending_count(u, pre * (l.w * exp(l.x) * l.f), MAX_OFFENCES);
}

static void offending_agents(rg_run *run, rg_instance *self, rg_block *blk)
{
    const struct rg_cols_population *population = RG_COLS(run, population);
    const struct rg_cols_offending *offending = self->cols;
    const offending_state *s = self->state;
    const struct rg_params_offending *o = self->params;
    const life_cols lc = life_cols_of(run, o);
    /* Columns and tables in locals (see life_cols). */
    const uint8_t *status = RG_COLS(run, justice)->status;
    const int16_t *clock = RG_COLS(run, justice)->hazard_clock,
                  *release = population->release_month;
    const float *propensity = offending->propensity, *age_at_release = population->age_at_release;
    const double *decay = s->decay, *age_factor = s->age_factor;
    uint8_t *offended = offending->offended;
    uint16_t *offenses = offending->offenses;
    float *risk_of = offending->risk;
    const double base = o->base_rate;
    const int month = blk->month;
    rg_tile tile; /* the month's draws, for a tile of agents at a time */
    rg_tile_init(&tile, run->seed, &draws[DRAW_OFFENCE], 0, month, blk->end);
    for (size_t i = blk->begin; i < blk->end; i++) {
        offended[i] = 0;
        if (status[i] != RG_FREE) continue;
        const int age = age_in_months(age_at_release[i], release[i], month);
        double risk = propensity[i] * age_factor[age];
        risk_of[i] = (float)risk;
        const double pre = base * risk * decay[clock[i]];
        const life_terms l = life(run, &lc, i, age);
        const philox4x32_ctr_t *b = rg_tile_block(&tile, i);
        const int count = offences(rg_u01_of(b->v[0], b->v[1]), pre, l);
        if (count > 0) {
            offended[i] = (uint8_t)count;
            offenses[i] = (uint16_t)(offenses[i] + count);
            rg_block_event(blk, i, RG_EV_OFFENSE, count);
        }
    }
}

static void offending_free(rg_run *run, rg_instance *self)
{
    (void)run;
    offending_state *s = self->state;
    if (!s) return;
    free(s->decay);
    free(s->age_factor);
    free(s);
    self->state = NULL;
}

/* Offences among events [begin, end), added to *count. */
static void count_offences(const rg_run *run, size_t begin, size_t end, int64_t *count, void *ctx)
{
    (void)ctx;
    int64_t c = 0;
    for (size_t k = begin; k < end; k++)
        if (run->events.ev[k].type == RG_EV_OFFENSE) c += run->events.ev[k].detail;
    *count += c;
}

static void offending_record(const rg_run *run, rg_instance *self, void *out)
{
    struct rg_summary_offending *row = out;
    (void)self;
    int64_t offences = 0; /* in parallel: an integer sum, the same as one pass */
    rg_run_count(run, run->events.len, 1, &offences, count_offences, NULL);
    row->offenses += offences;
}

const rg_module rg_offending_module = {
    .name = "offending",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_offending),
    RG_MODULE_FIELDS(rg_cols_offending),
    RG_MODULE_SUMMARY(rg_summary_offending),
    RG_MODULE_EVENTS(offending),
    .summary = "the monthly hazard that a free person offends",
    .on =
        {
            [RG_PHASE_INIT] = {.global = offending_init,
                               .after = "population",
                               .what = "frailty and propensity; time and age tables"},
            [RG_PHASE_AGENT] = {.agents = offending_agents,
                                .after = "health, family, housing, stigma, employment, mentors",
                                .what = "offences of free people, given their month"},
            [RG_PHASE_RECORD] = {.record = offending_record},
        },
    .free = offending_free,
    .points = (const rg_effect_point *const[]){&rg_offending_hazard, NULL},
};
