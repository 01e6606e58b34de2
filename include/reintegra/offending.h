/*
 * Offending: the monthly rate at which a free person commits offences.
 *
 *   h_i(t) = base_rate * z_i * RR_sex * RR_offence * RR_priors * A(age_i(t))
 *            * (1 + t / decay_months)^(-decay_power) * W_i(t)
 *
 * where W_i(t), the person's life this month, multiplies in work (mainly from age
 * 27: Uggen 2000), housing, family support and visits, a mentor, internalised
 * stigma, health and peers.
 *   A(age) = exp(age_effect * x + age_effect_quadratic * x^2),  x = (age - 35) / 10
 *
 * Offences in a month are Poisson with mean h (more than one is possible), drawn
 * by inversion from one uniform; zero, the common case, costs one comparison.
 *
 * z_i, the latent propensity (frailty), is Gamma(k, 1/k); the same z drove the
 * person's career before this release (population.h: prior arrests), so the
 * cohort's prior-arrest distribution and the recidivism curves identify k
 * together. t is the hazard's clock (justice.h: hazard_clock): months since the
 * latest release after a new sentence; a return for a revocation stops it and the
 * release resumes it. Heterogeneity and a hazard that declines with time free and
 * with age give the steeply falling population curves of the BJS studies; one
 * constant hazard cannot (DOMAIN.md, part 2).
 */
#ifndef REINTEGRA_OFFENDING_H
#define REINTEGRA_OFFENDING_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "registry.h"
#include "schema.h"

#define RG_OFFENDING_PARAMS(X, g)                                                                  \
    X(g, REAL, base_rate, 0.139263, 0, 1, "1/month",                                               \
      "offence hazard of a reference person (male, property offence, 4 or fewer priors, "          \
      "age 35) in the month of release",                                                           \
      "fitted: BJS 2012 cohort curves, NCJ 255947 (scenarios/calibration/bjs2012.cfg)")            \
    X(g, REAL, frailty_shape, 3.3929, 0.05, 100, "1",                                              \
      "shape k of the gamma-distributed individual propensity (mean 1, variance 1/k)",             \
      "fitted: BJS 2012 cohort curves, NCJ 255947")                                                \
    X(g, REAL, decay_months, 20.8293, 0.1, 600, "months",                                          \
      "time scale of the decline of the hazard with time since release",                           \
      "fitted: BJS 2012 cohort curves, NCJ 255947")                                                \
    X(g, REAL, decay_power, 0.586147, 0, 5, "1",                                                   \
      "power of the decline of the hazard with time since release",                                \
      "fitted: BJS 2012 cohort curves, NCJ 255947")                                                \
    X(g, REAL, release_month_multiplier, 1.26541, 0.1, 10, "1",                                    \
      "extra hazard in the month of release (the first-month spike of BJS 2005 Figure 1)",         \
      "fitted: BJS 2005 first-year monthly shape, NCJ 244205 Figure 1")                            \
    X(g, REAL, age_effect, -0.22251, -3, 3, "log(rate) per 10 years",                              \
      "change of the log hazard per 10 years of current age (at age 35)",                          \
      "fitted: BJS 2012 cohort curves by age, NCJ 255947")                                         \
    X(g, REAL, age_effect_quadratic, -0.0328761, -2, 2, "log(rate) per (10 years)^2",              \
      "curvature of the log hazard in age (negative: steeper decline at older ages)",              \
      "fitted: BJS 2012 cohort curves by age, NCJ 255947")                                         \
    X(g, REAL, rr_female, 0.69424, 0.05, 5, "1", "hazard ratio of women to men",                   \
      "fitted: BJS 2012 cohort curves by sex, NCJ 255947")                                         \
    X(g, REAL, rr_violent, 0.613354, 0.05, 5, "1",                                                 \
      "hazard ratio of a violent to a property commitment offence",                                \
      "fitted: BJS 2012 cohort curves by offence, NCJ 255947")                                     \
    X(g, REAL, rr_drug, 0.724283, 0.05, 5, "1",                                                    \
      "hazard ratio of a drug to a property commitment offence",                                   \
      "fitted: BJS 2012 cohort curves by offence, NCJ 255947")                                     \
    X(g, REAL, rr_public_order, 0.722273, 0.05, 5, "1",                                            \
      "hazard ratio of a public-order to a property commitment offence",                           \
      "fitted: BJS 2012 cohort curves by offence, NCJ 255947")                                     \
    X(g, REAL, rr_priors_5_to_9, 1, 0.05, 10, "1",                                                 \
      "hazard ratio of 5-9 to 4-or-fewer prior arrests beyond what the propensity carries",        \
      "assumed (none: prior arrests are drawn from the propensity)")                               \
    X(g, REAL, rr_priors_10_or_more, 1, 0.05, 10, "1",                                             \
      "hazard ratio of 10-or-more to 4-or-fewer prior arrests beyond what the propensity carries", \
      "assumed (none: prior arrests are drawn from the propensity)")                               \
    X(g, REAL, rr_employed_27_plus, 0.7, 0.05, 5, "1", "hazard ratio of work, age 27 and over",    \
      "assumed size; direction measured: Uggen 2000 (work reduces crime for 27+)")                 \
    X(g, REAL, rr_employed_under_27, 0.95, 0.05, 5, "1", "hazard ratio of work, under age 27",     \
      "assumed size; direction measured: Uggen 2000 (little effect under 27)")                     \
    X(g, REAL, rr_unstable_housing, 1.2, 0.05, 5, "1", "hazard ratio of unstable housing",         \
      "assumed")                                                                                   \
    X(g, REAL, rr_homeless, 1.6, 0.05, 5, "1", "hazard ratio of homelessness", "assumed")          \
    X(g, REAL, family_effect, 0.4, 0, 5, "log(rate)",                                              \
      "hazard reduction per unit of family support", "assumed")                                    \
    X(g, REAL, rr_visited, 0.87, 0.05, 5, "1", "hazard ratio of having been visited in prison",    \
      "measured: Duwe & Clark 2011 (observational: 13% lower felony reconviction)")                \
    X(g, REAL, mentor_effect, 0.31, 0, 5, "log(rate)",                                             \
      "hazard reduction of a mentoring relationship of full quality, while it lasts",              \
      "measured: Tolan et al. 2014 (mentoring meta-analysis: delinquency d = 0.21, odds ratio "    \
      "1.46; "                                                                                     \
      "at 40% recidivism a hazard ratio of 0.73)")                                                 \
    X(g, REAL, stigma_effect, 0.3, 0, 5, "log(rate)",                                              \
      "hazard rise per unit of internalised stigma", "assumed")                                    \
    X(g, REAL, rr_substance_active, 1.5, 0.05, 10, "1",                                            \
      "hazard ratio of an active substance use disorder", "assumed")                               \
    X(g, REAL, rr_mental_active, 1.15, 0.05, 10, "1",                                              \
      "hazard ratio of an active, untreated mental illness", "assumed")                            \
    X(g, REAL, peer_arrest_effect, 0.4, 0, 5, "log(rate)",                                         \
      "hazard rise when every tie was arrested recently",                                          \
      "assumed size; direction: Lum et al. 2014 (contagion)")                                      \
    X(g, REAL, peer_work_effect, 0.2, 0, 5, "log(rate)", "hazard reduction when every tie works",  \
      "assumed")

RG_PARAM_STRUCT(rg_params_offending, RG_OFFENDING_PARAMS);

#define RG_OFFENDING_FIELDS(X, m)                                                                  \
    X(m, float, frailty, F32, RG_F_AGENTS, "1",                                                    \
      "individual offending propensity (gamma distributed, mean 1)")                               \
    X(m, float, propensity, F32, 0, "1",                                                           \
      "frailty times the static hazard ratios (sex, offence, priors)")                             \
    X(m, float, risk, F32, RG_F_TRAJ, "1",                                                         \
      "relative offending risk this month: propensity times the age factor A(age)")                \
    X(m, uint16_t, offenses, U16, RG_F_AGENTS, "offences",                                         \
      "offences committed since first release")                                                    \
    X(m, uint8_t, offended, U8, 0, "offences", "offences this month (set in the agent phase)")

RG_COLUMN_STRUCT(rg_cols_offending, RG_OFFENDING_FIELDS);

/* Events: RG_OFFENDING_EVENTS in schema.h (codes are part of the output contract). */

#define RG_OFFENDING_SUMMARY(X, s) X(s, I64, offenses, "offences", "offences committed this month")

RG_SUMMARY_STRUCT(rg_summary_offending, RG_OFFENDING_SUMMARY);

struct rg_effect_point;
/* Factors on the offending hazard of agent i (module.h). */
extern const struct rg_effect_point rg_offending_hazard;

struct rg_module;
extern const struct rg_module rg_offending_module;

struct rg_run;
/* Agent i's latent propensity z ~ Gamma(frailty_shape, 1/frailty_shape): a pure
 * function of the seed and i, so the population draws the person's past career
 * from the same z that offending uses afterwards. g: the thread's workspace. */
double rg_offending_propensity(const struct rg_run *run, gsl_rng *g, size_t i);
/* A(age): the age factor of the hazard at `age` years. */
double rg_offending_age_factor(const struct rg_params_offending *o, double age);
/* Offences in a month with mean h, by inversion of the Poisson distribution from one
 * uniform u in (0, 1); 0 when u >= 1 - exp(-h), and at most `cap`. */
int rg_offending_count(double u, double h, int cap);

#endif
