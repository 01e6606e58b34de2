/*
 * The release cohort: attributes drawn independently by dimension from the BJS
 * 2012 composition (targets/bjs_2012_cohort_composition.csv). The joint
 * distribution is not published; independence between dimensions is assumed.
 * Prior arrests are not drawn from their shares: they are the career so far of
 * each person's latent propensity (population.h), and their shares are a fit target.
 *
 * Place: neighbourhoods are ranked by disadvantage d_n (population.h), and race is
 * drawn given the neighbourhood so that the dissimilarity index between each group
 * and white people is the published one (Logan & Stults 2011), while the race shares
 * of the whole cohort stay the BJS shares. Race enters no other draw here.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "reintegra/module.h"
#include "reintegra/offending.h"
#include "reintegra/population.h"
#include "reintegra/rng.h"

RG_PARAM_SPECS(rg_params_population, RG_POPULATION_PARAMS);
RG_FIELD_SPECS(rg_cols_population, RG_POPULATION_FIELDS);

/* Random purposes (rng.h). */
enum { DRAW_ATTRIBUTES, DRAW_RELEASE, DRAW_PRIORS };
static const rg_purpose draws[] = {
    [DRAW_ATTRIBUTES] = RG_DRAW("population.attributes", 1, 0, ONCE, AGENT, 0, 0,
                                "sex, age, offence, prior arrests and race at release"),
    [DRAW_RELEASE] =
        RG_DRAW("population.release_month", 10, 0, ONCE, AGENT, 0, 2, "month of release in a flow"),
    [DRAW_PRIORS] = RG_DRAW("population.prior_arrests", 14, 0, ONCE, AGENT, 0, 0,
                            "arrests before this release, given the propensity (Poisson)"),
};

/* World outputs (module.h). */
static const rg_output_spec outputs[] = {
    {"neighbourhoods", "disadvantage", RG_OUTPUT_TABLE, RG_H5_F64, "N", "sd",
     "standardised concentrated disadvantage d_n of the neighbourhood (mean 0, sd 1)"},
    {"neighbourhoods", "share_black", RG_OUTPUT_TABLE, RG_H5_F64, "N", "share",
     "expected share black of the people returning to the neighbourhood"},
    {"neighbourhoods", "share_hispanic", RG_OUTPUT_TABLE, RG_H5_F64, "N", "share",
     "expected share Hispanic of the people returning to the neighbourhood"},
};

enum { RACES = 4 };

typedef struct population_state {
    double *disadvantage;                 /* [neighbourhood] d_n */
    double *race;                         /* [neighbourhood][RACES] P(race | neighbourhood) */
    double *share_black, *share_hispanic; /* [neighbourhood] copies for the output */
} population_state;

static rg_status check_shares(const char *what, const char *keys, double sum, rg_error *err)
{
    if (fabs(sum - 1.0) > 1e-3)
        return rg_error_set(err, RG_EINPUT,
                            "population: the %s shares (%s) sum to %.4f; make them sum to 1", what,
                            keys, sum);
    return RG_OK;
}

static rg_status population_validate(const rg_params *p, const void *params, rg_error *err)
{
    const struct rg_params_population *q = params;
    if (q->share_age_24_or_younger + q->share_age_40_or_older > 1.0 + 1e-9)
        return rg_error_set(err, RG_EINPUT,
                            "population: share_age_24_or_younger + share_age_40_or_older is %.4f; "
                            "it must be at most 1 (the rest are aged 25-39)",
                            q->share_age_24_or_younger + q->share_age_40_or_older);
    RG_TRY(check_shares(
        "offence", "share_violent, share_property, share_drug, share_public_order",
        q->share_violent + q->share_property + q->share_drug + q->share_public_order, err));
    RG_TRY(check_shares("race", "share_white, share_black, share_hispanic, share_other_race",
                        q->share_white + q->share_black + q->share_hispanic + q->share_other_race,
                        err));
    if (q->neighbourhoods > p->run.agents)
        return rg_error_set(err, RG_EINPUT,
                            "population.neighbourhoods (%lld) exceeds run.agents (%lld); "
                            "every neighbourhood needs at least one person",
                            q->neighbourhoods, p->run.agents);
    if (q->release == RG_RELEASE_FLOW && q->flow_months > p->run.months)
        return rg_error_set(err, RG_EINPUT,
                            "population.flow_months (%lld) is longer than run.months (%lld); "
                            "releases must happen inside the run",
                            q->flow_months, p->run.months);
    return RG_OK;
}

/* Index of the category that u falls in, given shares that sum to 1. */
static int pick(double u, const double *shares, int n)
{
    double c = 0.0;
    for (int k = 0; k < n - 1; k++) {
        c += shares[k];
        if (u < c) return k;
    }
    return n - 1;
}

/* E(age) in years at each month of age (population.h): the integral of offending's
 * age factor over adult life. NULL when out of memory. */
static double *exposure_table(const rg_run *run, const struct rg_params_population *q, int *size)
{
    const struct rg_params_offending *o = RG_PARAMS(&run->p, offending);
    *size = (int)(q->age_max * 12.0) + 2;
    double *e = malloc(sizeof(double) * (size_t)*size), sum = 0.0;
    if (!e) return NULL;
    for (int m = 0; m < *size; m++) {
        const double age = (m + 0.5) / 12.0;
        e[m] = sum;
        if (age > q->career_start_age) sum += rg_offending_age_factor(o, age) / 12.0;
    }
    return e;
}

/* The career so far: prior arrests given the propensity z (population.h). */
static uint16_t prior_arrests(const rg_run *run, gsl_rng *g, size_t i, double mean)
{
    rg_gsl_rng_at(g, run->seed, &draws[DRAW_PRIORS], (uint64_t)i, 0);
    const unsigned k = gsl_ran_poisson(g, mean);
    return (uint16_t)(k >= 65534u ? 65535u : 1u + k);
}

/* Iterative proportional fitting of the joint table J[n][r] (equal neighbourhoods:
 * rows sum to 1/N; columns to the race shares) from the seed exp(sigma_r d_n). */
static void fit_table(double *J, const double *d, int N, const double *share, const double *sigma)
{
    for (int n = 0; n < N; n++)
        for (int r = 0; r < RACES; r++) J[n * RACES + r] = share[r] > 0 ? exp(sigma[r] * d[n]) : 0;
    for (int it = 0; it < 40; it++) {
        for (int r = 0; r < RACES; r++) {
            double c = 0;
            for (int n = 0; n < N; n++) c += J[n * RACES + r];
            for (int n = 0; n < N; n++) J[n * RACES + r] *= c > 0 ? share[r] / c : 0;
        }
        for (int n = 0; n < N; n++) {
            double row = 0;
            for (int r = 0; r < RACES; r++) row += J[n * RACES + r];
            for (int r = 0; r < RACES; r++) J[n * RACES + r] *= row > 0 ? 1.0 / (N * row) : 0;
        }
    }
}

/* Dissimilarity index between race r and white (race 0) in the table J. */
static double dissimilarity(const double *J, int N, int r)
{
    double cr = 0, cw = 0, D = 0;
    for (int n = 0; n < N; n++) cr += J[n * RACES + r], cw += J[n * RACES];
    if (!(cr > 0) || !(cw > 0)) return 0;
    for (int n = 0; n < N; n++) D += fabs(J[n * RACES + r] / cr - J[n * RACES] / cw);
    return 0.5 * D;
}

/* P(race | neighbourhood) such that each group's dissimilarity index with white
 * people is its target (as near as N neighbourhoods allow): the slope sigma_r of
 * each group's seed is found by bisection, in turn, a few rounds. */
static void segregate(population_state *s, const struct rg_params_population *q, int N)
{
    const double share[RACES] = {q->share_white, q->share_black, q->share_hispanic,
                                 q->share_other_race};
    const double target[RACES] = {0, q->dissimilarity_black, q->dissimilarity_hispanic,
                                  q->dissimilarity_other};
    double sigma[RACES] = {0, 0, 0, 0};
    double *J = s->race;
    const int any = target[1] > 0 || target[2] > 0 || target[3] > 0;
    for (int round = 0; any && N > 1 && round < 3; round++)
        for (int r = 1; r < RACES; r++) {
            double lo = 0, hi = 12;
            for (int k = 0; k < 36 && target[r] > 0; k++) {
                sigma[r] = 0.5 * (lo + hi);
                fit_table(J, s->disadvantage, N, share, sigma);
                if (dissimilarity(J, N, r) < target[r])
                    lo = sigma[r];
                else
                    hi = sigma[r];
            }
            sigma[r] = target[r] > 0 ? 0.5 * (lo + hi) : 0;
        }
    fit_table(J, s->disadvantage, N, share, sigma);
    for (int n = 0; n < N; n++) {
        for (int r = 0; r < RACES; r++) J[n * RACES + r] *= N; /* joint -> conditional */
        s->share_black[n] = J[n * RACES + 1];
        s->share_hispanic[n] = J[n * RACES + 2];
    }
}

/* The neighbourhoods: disadvantage and the race shares of people returning. */
static rg_status place_init(rg_run *run, rg_instance *self, rg_error *err)
{
    const struct rg_params_population *q = self->params;
    const int N = (int)q->neighbourhoods;
    population_state *s = calloc(1, sizeof *s);
    self->state = s;
    if (s) {
        s->disadvantage = malloc(sizeof *s->disadvantage * (size_t)N);
        s->race = malloc(sizeof *s->race * (size_t)N * RACES);
        s->share_black = malloc(sizeof *s->share_black * (size_t)N);
        s->share_hispanic = malloc(sizeof *s->share_hispanic * (size_t)N);
    }
    if (!s || !s->disadvantage || !s->race || !s->share_black || !s->share_hispanic)
        return rg_error_set(err, RG_EINTERNAL, "population: out of memory");
    for (int n = 0; n < N; n++)
        s->disadvantage[n] = N > 1 ? gsl_cdf_ugaussian_Pinv((n + 0.5) / N) : 0.0;
    segregate(s, q, N);
    RG_TRY(rg_run_output(run, self, "disadvantage", s->disadvantage, (size_t)N, err));
    RG_TRY(rg_run_output(run, self, "share_black", s->share_black, (size_t)N, err));
    return rg_run_output(run, self, "share_hispanic", s->share_hispanic, (size_t)N, err);
}

static rg_status population_init(rg_run *run, rg_instance *self, rg_error *err)
{
    const struct rg_cols_population *population = self->cols;
    const struct rg_params_population *q = self->params;
    const double offense[] = {q->share_violent, q->share_property, q->share_drug,
                              q->share_public_order};
    RG_TRY(place_init(run, self, err));
    const population_state *s = self->state;
    int months_of_age = 0;
    double *exposure = exposure_table(run, q, &months_of_age);
    if (!exposure) return rg_error_set(err, RG_EINTERNAL, "population: out of memory");
    const double young = q->share_age_24_or_younger, old = q->share_age_40_or_older;
    /* Truncated exponential above 40: inverse CDF on [0, age_max - 40]. */
    const double span = q->age_max - 40.0, mean = q->age_40_plus_mean_excess;
    const double tail = 1.0 - exp(-span / mean);
    const long long n = (long long)run->a.n;

#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run))
    for (long long i = 0; i < n; i++) {
        rg_rng r;
        rg_rng_at(&r, run->seed, &draws[DRAW_ATTRIBUTES], (uint64_t)i, 0);
        /* The order of draws is part of the reproducibility contract: append only. */
        population->sex[i] = rg_rng_u01(&r) < q->share_female ? RG_FEMALE : RG_MALE;
        double ug = rg_rng_u01(&r), ua = rg_rng_u01(&r);
        double age;
        if (ug < young)
            age = q->age_min + ua * (25.0 - q->age_min);
        else if (ug < 1.0 - old)
            age = 25.0 + ua * 15.0;
        else
            age = 40.0 - mean * log1p(-ua * tail);
        population->age_at_release[i] = (float)age;
        population->offense[i] = (uint8_t)pick(rg_rng_u01(&r), offense, 4);
        /* Two uniforms that drew the prior-arrest group before it came from the
         * propensity: skipped, so that the draws after them keep their place. */
        (void)rg_rng_u01(&r);
        (void)rg_rng_u01(&r);
        gsl_rng *g = rg_run_gsl(run);
        const double z = rg_offending_propensity(run, g, (size_t)i);
        const int m = (int)(age * 12.0);
        const double e = exposure[m < months_of_age ? m : months_of_age - 1];
        const uint16_t pa = prior_arrests(run, g, (size_t)i, q->prior_arrest_rate * z * e);
        population->prior_arrests[i] = pa;
        population->prior_group[i] =
            (uint8_t)(pa <= 4 ? RG_PRIORS_4_OR_FEWER
                              : (pa <= 9 ? RG_PRIORS_5_TO_9 : RG_PRIORS_10_OR_MORE));
        /* Neighbourhoods hold equal, contiguous ranges of ids, so that people who
         * live near each other are near each other in memory too; race is drawn
         * given the neighbourhood (segregation). */
        const uint16_t nbh =
            (uint16_t)((unsigned long long)i * (unsigned long long)q->neighbourhoods /
                       (unsigned long long)n);
        population->race[i] = (uint8_t)pick(rg_rng_u01(&r), s->race + (size_t)nbh * RACES, RACES);
        population->neighbourhood[i] = nbh;
        population->release_month[i] =
            q->release == RG_RELEASE_COHORT
                ? 0
                : (int16_t)(rg_draw(run->seed, &draws[DRAW_RELEASE], (uint64_t)i, 0) *
                            (double)q->flow_months);
    }
    free(exposure);
    return RG_OK;
}

static void population_free(rg_run *run, rg_instance *self)
{
    (void)run;
    population_state *s = self->state;
    if (!s) return;
    free(s->disadvantage);
    free(s->race);
    free(s->share_black);
    free(s->share_hispanic);
    free(s);
    self->state = NULL;
}

const double *rg_population_disadvantage(const rg_run *run)
{
    const population_state *s = rg_run_state(run, &rg_population_module);
    return s ? s->disadvantage : NULL;
}

int rg_population_neighbourhoods(const rg_run *run)
{
    return (int)RG_PARAMS(&run->p, population)->neighbourhoods;
}

const rg_module rg_population_module = {
    .name = "population",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_population),
    RG_MODULE_FIELDS(rg_cols_population),
    RG_MODULE_OUTPUTS(outputs),
    .summary = "the release cohort's attributes and neighbourhoods",
    .validate = population_validate,
    .on =
        {
            [RG_PHASE_INIT] = {.global = population_init,
                               .before = "*",
                               .what = "neighbourhoods (disadvantage, race shares); "
                                       "attributes at release"},
        },
    .free = population_free,
};
