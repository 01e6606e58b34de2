/* Who is released: the population's attributes, its parameters and its storage. */
#ifndef REINTEGRA_POPULATION_H
#define REINTEGRA_POPULATION_H

#include <stddef.h>
#include <stdint.h>

#include "registry.h"
#include "schema.h"

/* How people are released (population.release). */
#define RG_RELEASE_CHOICES(C) C(RG_RELEASE, COHORT, cohort) C(RG_RELEASE, FLOW, flow)
RG_CHOICE_ENUM(rg_release, RG_RELEASE_CHOICES);

/* Composition defaults: BJS 2012 release cohort, NCJ 255947 Tables 4-5
 * (targets/bjs_2012_cohort_composition.csv); shares of 408,300 released.
 *
 * Prior arrests are the record of each person's career so far, drawn from the same
 * latent propensity z that drives offending after release (offending.h):
 *   prior arrests = 1 + Poisson(prior_arrest_rate * z * E(age)),
 *   E(age) = integral of A(a) over adult years a from career_start_age to age,
 * the 1 being the arrest behind this prison term. The cohort's prior-arrest groups
 * (4 or fewer, 5-9, 10 or more: 25.7%, 31.1%, 43.3%) are then a fit target, and
 * with the recidivism curves they identify the spread of z. */
#define RG_POPULATION_PARAMS(X, g)                                                                 \
    X(g, CHOICE, release, "cohort", RG_RELEASE_CHOICES, 0, "-",                                    \
      "cohort: everyone released in month 0; flow: releases spread over flow_months", "assumed")   \
    X(g, INT, flow_months, 12, 1, 1200, "months",                                                  \
      "months over which releases are spread evenly when release = \"flow\"", "assumed")           \
    X(g, REAL, share_female, 0.110458, 0, 1, "share", "share of women among people released",      \
      "measured: BJS 2012 cohort, NCJ 255947 (45,100 of 408,300)")                                 \
    X(g, REAL, share_age_24_or_younger, 0.162136, 0, 1, "share",                                   \
      "share aged 24 or younger at release",                                                       \
      "measured: BJS 2012 cohort, NCJ 255947 (66,200 of 408,300)")                                 \
    X(g, REAL, share_age_40_or_older, 0.338966, 0, 1, "share",                                     \
      "share aged 40 or older at release",                                                         \
      "measured: BJS 2012 cohort, NCJ 255947 (138,400 of 408,300)")                                \
    X(g, REAL, age_min, 18, 14, 24, "years", "youngest age at release", "assumed (adult prisons)") \
    X(g, REAL, age_40_plus_mean_excess, 9, 1, 30, "years",                                         \
      "mean years above 40 among those released at 40 or older (truncated exponential)",           \
      "assumed")                                                                                   \
    X(g, REAL, age_max, 80, 41, 100, "years", "oldest age at release", "assumed")                  \
    X(g, REAL, share_violent, 0.275043, 0, 1, "share",                                             \
      "share whose commitment offence was violent",                                                \
      "measured: BJS 2012 cohort, NCJ 255947 (112,300 of 408,300)")                                \
    X(g, REAL, share_property, 0.283125, 0, 1, "share", "share committed for a property offence",  \
      "measured: BJS 2012 cohort, NCJ 255947 (115,600 of 408,300)")                                \
    X(g, REAL, share_drug, 0.254470, 0, 1, "share", "share committed for a drug offence",          \
      "measured: BJS 2012 cohort, NCJ 255947 (103,900 of 408,300)")                                \
    X(g, REAL, share_public_order, 0.187362, 0, 1, "share",                                        \
      "share committed for a public-order offence",                                                \
      "measured: BJS 2012 cohort, NCJ 255947 (76,500 of 408,300)")                                 \
    X(g, REAL, prior_arrest_rate, 0.458132, 0.001, 20, "arrests/year",                             \
      "arrests per year of adult life before this release, at propensity 1 and age 35 (it "        \
      "follows the age factor A of offending.h)",                                                  \
      "fitted: BJS 2012 prior-arrest distribution, NCJ 255947 Table 5, with the recidivism "       \
      "curves (scenarios/calibration/bjs2012.cfg)")                                                \
    X(g, REAL, career_start_age, 18, 10, 30, "years",                                              \
      "age from which arrests count in the criminal history before this release",                  \
      "assumed (adult criminal histories)")                                                        \
    X(g, REAL, share_white, 0.438511, 0, 1, "share", "share white non-Hispanic",                   \
      "measured: BJS 2012 cohort, NCJ 255947 (179,000 of 408,200 with known race)")                \
    X(g, REAL, share_black, 0.361833, 0, 1, "share", "share black non-Hispanic",                   \
      "measured: BJS 2012 cohort, NCJ 255947 (147,700 of 408,200)")                                \
    X(g, REAL, share_hispanic, 0.162910, 0, 1, "share", "share Hispanic",                          \
      "measured: BJS 2012 cohort, NCJ 255947 (66,500 of 408,200)")                                 \
    X(g, REAL, share_other_race, 0.036746, 0, 1, "share", "share of other race or ethnicity",      \
      "measured: BJS 2012 cohort, NCJ 255947 (15,000 of 408,200)")                                 \
    X(g, INT, neighbourhoods, 40, 1, 65535, "neighbourhoods",                                      \
      "neighbourhoods people return to (equal shares of the population)", "assumed")               \
    X(g, REAL, dissimilarity_black, 0.591, 0, 0.95, "index",                                       \
      "dissimilarity index between black and white people over the neighbourhoods of return "      \
      "(0: no segregation)",                                                                       \
      "measured: Logan & Stults 2011, US2010 Project, black-white index of the average US "        \
      "metropolitan area, 2010 census (59.1)")                                                     \
    X(g, REAL, dissimilarity_hispanic, 0.485, 0, 0.95, "index",                                    \
      "dissimilarity index between Hispanic and white people over the neighbourhoods of return",   \
      "measured: Logan & Stults 2011, US2010 Project, Hispanic-white index, 2010 census (48.5)")   \
    X(g, REAL, dissimilarity_other, 0.409, 0, 0.95, "index",                                       \
      "dissimilarity index between people of other race or ethnicity and white people",            \
      "measured: Logan & Stults 2011, US2010 Project, Asian-white index, 2010 census (40.9), "     \
      "for want of an index for the whole group")

RG_PARAM_STRUCT(rg_params_population, RG_POPULATION_PARAMS);

/* Codes stored in the attribute columns, and rg_age_group_of: schema.h (the output
 * contract, which readers use without the engine). */

#define RG_POPULATION_FIELDS(X, m)                                                                 \
    X(m, uint8_t, sex, U8, RG_F_AGENTS, "code", "sex: 0 male, 1 female")                           \
    X(m, uint8_t, race, U8, RG_F_AGENTS, "code",                                                   \
      "race/ethnicity: 0 white, 1 black, 2 Hispanic, 3 other")                                     \
    X(m, uint8_t, offense, U8, RG_F_AGENTS, "code",                                                \
      "commitment offence: 0 violent, 1 property, 2 drug, 3 public order")                         \
    X(m, uint8_t, prior_group, U8, RG_F_AGENTS, "code",                                            \
      "prior arrests group: 0 four or fewer, 1 five to nine, 2 ten or more")                       \
    X(m, uint16_t, prior_arrests, U16, RG_F_AGENTS, "arrests",                                     \
      "arrests before this release (1 + Poisson, from the propensity)")                            \
    X(m, float, age_at_release, F32, RG_F_AGENTS, "years", "age at first release")                 \
    X(m, int16_t, release_month, I16, RG_F_AGENTS, "month", "model month of first release")        \
    X(m, uint16_t, neighbourhood, U16, RG_F_AGENTS, "id", "neighbourhood of return")

RG_COLUMN_STRUCT(rg_cols_population, RG_POPULATION_FIELDS);

struct rg_module;
extern const struct rg_module rg_population_module;

struct rg_run;
/* Neighbourhoods of a run (population.neighbourhoods). */
int rg_population_neighbourhoods(const struct rg_run *run);

/* Disadvantage d_n of each neighbourhood [neighbourhoods], owned by the population:
 * a standardised index of concentrated disadvantage (Sampson, Raudenbush & Earls
 * 1997: poverty, public assistance, unemployment, female-headed households), mean 0
 * and standard deviation 1 over the neighbourhoods, d_n = Phi^-1((n + 1/2) / N), so
 * neighbourhood ids run from the least to the most disadvantaged. People return to
 * them segregated by race (population.dissimilarity_*); the modules map d_n to their
 * own effects through their own parameters (policing and supervision: justice;
 * the affordable stock: housing; employers: employment). NULL before the init. */
const double *rg_population_disadvantage(const struct rg_run *run);

#endif
