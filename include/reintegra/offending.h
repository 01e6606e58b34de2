/*
 * Offending: the monthly hazard that a free person commits an offence.
 *
 *   h_i(t) = base_rate * frailty_i * RR_sex * RR_offence * RR_priors * A(age_i(t))
 *            * (1 + t / decay_months)^(-decay_power)
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

#define RG_OFFENDING_PARAMS(X, g)                                                                  \
    X(g, REAL, base_rate, 0.112916, 0, 1, "1/month",                                               \
      "offence hazard of a reference person (male, property offence, 4 or fewer priors, "          \
      "age 35) in the month of release",                                                           \
      "fitted to BJS 2012 cohort (scenarios/calibration/bjs2012.cfg)")                             \
    X(g, REAL, frailty_shape, 2.1687, 0.05, 100, "1",                                              \
      "shape k of the gamma-distributed individual propensity (mean 1, variance 1/k)",             \
      "fitted to BJS 2012 cohort")                                                                 \
    X(g, REAL, decay_months, 12.6723, 0.1, 600, "months",                                          \
      "time scale of the decline of the hazard with time since release",                           \
      "fitted to BJS 2012 cohort")                                                                 \
    X(g, REAL, decay_power, 0.5015, 0, 5, "1",                                                     \
      "power of the decline of the hazard with time since release", "fitted to BJS 2012 cohort")   \
    X(g, REAL, release_month_multiplier, 1.0, 0.1, 10, "1",                                        \
      "extra hazard in the month of release (the first-month spike of BJS 2005 Figure 1)",         \
      "assumed")                                                                                   \
    X(g, REAL, age_effect, -0.273476, -3, 3, "log(rate) per 10 years",                             \
      "change of the log hazard per 10 years of current age (at age 35)",                          \
      "fitted to BJS 2012 cohort by age")                                                          \
    X(g, REAL, age_effect_quadratic, -0.0252771, -2, 2, "log(rate) per (10 years)^2",              \
      "curvature of the log hazard in age (negative: steeper decline at older ages)",              \
      "fitted to BJS 2012 cohort by age")                                                          \
    X(g, REAL, rr_female, 0.715207, 0.05, 5, "1", "hazard ratio of women to men",                  \
      "fitted to BJS 2012 cohort by sex")                                                          \
    X(g, REAL, rr_violent, 0.606391, 0.05, 5, "1",                                                 \
      "hazard ratio of a violent to a property commitment offence",                                \
      "fitted to BJS 2012 cohort by offence")                                                      \
    X(g, REAL, rr_drug, 0.704317, 0.05, 5, "1",                                                    \
      "hazard ratio of a drug to a property commitment offence",                                   \
      "fitted to BJS 2012 cohort by offence")                                                      \
    X(g, REAL, rr_public_order, 0.688991, 0.05, 5, "1",                                            \
      "hazard ratio of a public-order to a property commitment offence",                           \
      "fitted to BJS 2012 cohort by offence")                                                      \
    X(g, REAL, rr_priors_5_to_9, 1.3, 0.05, 10, "1",                                               \
      "hazard ratio of 5-9 to 4-or-fewer prior arrests",                                           \
      "assumed (BJS reports rising recidivism with priors)")                                       \
    X(g, REAL, rr_priors_10_or_more, 1.7, 0.05, 10, "1",                                           \
      "hazard ratio of 10-or-more to 4-or-fewer prior arrests", "assumed")

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

#endif
