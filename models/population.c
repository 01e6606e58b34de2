/*
 * The release cohort: attributes drawn independently by dimension from the BJS
 * 2012 composition (targets/bjs_2012_cohort_composition.csv). The joint
 * distribution is not published; independence between dimensions is assumed.
 * Prior arrests are not drawn from their shares: they are the career so far of
 * each person's latent propensity (population.h), and their shares are a fit target.
 */
#include <math.h>
#include <stdlib.h>

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

static rg_status population_init(rg_run *run, rg_instance *self, rg_error *err)
{
    const struct rg_cols_population *population = self->cols;
    const struct rg_params_population *q = self->params;
    const double offense[] = {q->share_violent, q->share_property, q->share_drug,
                              q->share_public_order};
    int months_of_age = 0;
    double *exposure = exposure_table(run, q, &months_of_age);
    if (!exposure) return rg_error_set(err, RG_EINTERNAL, "population: out of memory");
    const double race[] = {q->share_white, q->share_black, q->share_hispanic, q->share_other_race};
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
        population->race[i] = (uint8_t)pick(rg_rng_u01(&r), race, 4);
        /* Neighbourhoods hold equal, contiguous ranges of ids, so that people who
         * live near each other are near each other in memory too. */
        population->neighbourhood[i] =
            (uint16_t)((unsigned long long)i * (unsigned long long)q->neighbourhoods /
                       (unsigned long long)n);
        population->release_month[i] =
            q->release == RG_RELEASE_COHORT
                ? 0
                : (int16_t)(rg_draw(run->seed, &draws[DRAW_RELEASE], (uint64_t)i, 0) *
                            (double)q->flow_months);
    }
    free(exposure);
    return RG_OK;
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
    .summary = "the release cohort's attributes and neighbourhoods",
    .validate = population_validate,
    .on =
        {
            [RG_PHASE_INIT] = {.global = population_init,
                               .before = "*",
                               .what = "attributes at release; neighbourhoods"},
        },
};
