/*
 * Offending: the monthly hazard that a free person commits an offence.
 *
 *   h_i(t) = base_rate * frailty_i * RR_sex * RR_offence * RR_priors * A(age_i(t))
 *            * (1 + t / decay_months)^(-decay_power) * W_i(t)
 *
 * where W_i(t), the person's life this month, multiplies in work (mainly from age
 * 27: Uggen 2000), housing, family support and visits, a mentor, internalised
 * stigma, health and peers.
 *   A(age) = exp(age_effect * x + age_effect_quadratic * x^2),  x = (age - 35) / 10
 *
 * with t the months since the latest release. Heterogeneity (frailty) and a hazard
 * that declines with time free and with age give the steeply falling population
 * curves of the BJS studies; one constant hazard cannot (DOMAIN.md, part 2).
 */
#ifndef REINTEGRA_OFFENDING_H
#define REINTEGRA_OFFENDING_H

#include <stdint.h>

#include "registry.h"
#include "schema.h"

#define RG_OFFENDING_PARAMS(X, g)                                                                  \
    X(g, REAL, base_rate, 0.0998498, 0, 1, "1/month",                                              \
      "offence hazard of a reference person (male, property offence, 4 or fewer priors, "          \
      "age 35) in the month of release",                                                           \
      "fitted to BJS 2012 cohort (scenarios/calibration/bjs2012.cfg)")                             \
    X(g, REAL, frailty_shape, 4.06192, 0.05, 100, "1",                                             \
      "shape k of the gamma-distributed individual propensity (mean 1, variance 1/k)",             \
      "fitted to BJS 2012 cohort")                                                                 \
    X(g, REAL, decay_months, 19.8185, 0.1, 600, "months",                                          \
      "time scale of the decline of the hazard with time since release",                           \
      "fitted to BJS 2012 cohort")                                                                 \
    X(g, REAL, decay_power, 0.609868, 0, 5, "1",                                                   \
      "power of the decline of the hazard with time since release", "fitted to BJS 2012 cohort")   \
    X(g, REAL, release_month_multiplier, 1.33284, 0.1, 10, "1",                                    \
      "extra hazard in the month of release (the first-month spike of BJS 2005 Figure 1)",         \
      "assumed")                                                                                   \
    X(g, REAL, age_effect, -0.216912, -3, 3, "log(rate) per 10 years",                             \
      "change of the log hazard per 10 years of current age (at age 35)",                          \
      "fitted to BJS 2012 cohort by age")                                                          \
    X(g, REAL, age_effect_quadratic, -0.0431486, -2, 2, "log(rate) per (10 years)^2",              \
      "curvature of the log hazard in age (negative: steeper decline at older ages)",              \
      "fitted to BJS 2012 cohort by age")                                                          \
    X(g, REAL, rr_female, 0.71058, 0.05, 5, "1", "hazard ratio of women to men",                   \
      "fitted to BJS 2012 cohort by sex")                                                          \
    X(g, REAL, rr_violent, 0.613354, 0.05, 5, "1",                                                 \
      "hazard ratio of a violent to a property commitment offence",                                \
      "fitted to BJS 2012 cohort by offence")                                                      \
    X(g, REAL, rr_drug, 0.724283, 0.05, 5, "1",                                                    \
      "hazard ratio of a drug to a property commitment offence",                                   \
      "fitted to BJS 2012 cohort by offence")                                                      \
    X(g, REAL, rr_public_order, 0.722273, 0.05, 5, "1",                                            \
      "hazard ratio of a public-order to a property commitment offence",                           \
      "fitted to BJS 2012 cohort by offence")                                                      \
    X(g, REAL, rr_priors_5_to_9, 1.3, 0.05, 10, "1",                                               \
      "hazard ratio of 5-9 to 4-or-fewer prior arrests",                                           \
      "assumed (BJS reports rising recidivism with priors)")                                       \
    X(g, REAL, rr_priors_10_or_more, 1.7, 0.05, 10, "1",                                           \
      "hazard ratio of 10-or-more to 4-or-fewer prior arrests", "assumed")                         \
    X(g, REAL, rr_employed_27_plus, 0.7, 0.05, 5, "1", "hazard ratio of work, age 27 and over",    \
      "assumed: Uggen 2000 (work reduces crime for 27+); size assumed")                            \
    X(g, REAL, rr_employed_under_27, 0.95, 0.05, 5, "1", "hazard ratio of work, under age 27",     \
      "assumed: Uggen 2000 (little effect for the young)")                                         \
    X(g, REAL, rr_unstable_housing, 1.2, 0.05, 5, "1", "hazard ratio of unstable housing",         \
      "assumed")                                                                                   \
    X(g, REAL, rr_homeless, 1.6, 0.05, 5, "1", "hazard ratio of homelessness", "assumed")          \
    X(g, REAL, family_effect, 0.4, 0, 5, "log(rate)",                                              \
      "hazard reduction per unit of family support", "assumed")                                    \
    X(g, REAL, rr_visited, 0.87, 0.05, 5, "1", "hazard ratio of having been visited in prison",    \
      "measured: Duwe & Clark 2011 (13% lower felony reconviction)")                               \
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
      "assumed: Lum et al. 2014 (contagion); size assumed")                                        \
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
    X(m, uint8_t, offended, U8, 0, "flag", "offended this month (set in the agent phase)")

RG_COLUMN_STRUCT(rg_cols_offending, RG_OFFENDING_FIELDS);

/* Events: RG_OFFENDING_EVENTS in schema.h (codes are part of the output contract). */

#define RG_OFFENDING_SUMMARY(X, s) X(s, I64, offenses, "offences", "offences committed this month")

RG_SUMMARY_STRUCT(rg_summary_offending, RG_OFFENDING_SUMMARY);

struct rg_effect_point;
/* Factors on the offending hazard of agent i (module.h). */
extern const struct rg_effect_point rg_offending_hazard;

struct rg_module;
extern const struct rg_module rg_offending_module;

#endif
