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
 * (targets/bjs_2012_cohort_composition.csv); shares of 408,300 released. */
#define RG_POPULATION_PARAMS(X, g)                                                                 \
    X(g, CHOICE, release, "cohort", RG_RELEASE_CHOICES, 0, "-",                                    \
      "cohort: everyone released in month 0; flow: releases spread over flow_months", "assumed")   \
    X(g, INT, flow_months, 12, 1, 1200, "months",                                                  \
      "months over which releases are spread evenly when release = \"flow\"", "assumed")           \
    X(g, REAL, share_female, 0.110458, 0, 1, "share", "share of women among people released",      \
      "measured: BJS 2012 cohort (45,100 of 408,300)")                                             \
    X(g, REAL, share_age_24_or_younger, 0.162136, 0, 1, "share",                                   \
      "share aged 24 or younger at release", "measured: BJS 2012 cohort (66,200 of 408,300)")      \
    X(g, REAL, share_age_40_or_older, 0.338966, 0, 1, "share",                                     \
      "share aged 40 or older at release", "measured: BJS 2012 cohort (138,400 of 408,300)")       \
    X(g, REAL, age_min, 18, 14, 24, "years", "youngest age at release", "assumed (adult prisons)") \
    X(g, REAL, age_40_plus_mean_excess, 9, 1, 30, "years",                                         \
      "mean years above 40 among those released at 40 or older (truncated exponential)",           \
      "assumed")                                                                                   \
    X(g, REAL, age_max, 80, 41, 100, "years", "oldest age at release", "assumed")                  \
    X(g, REAL, share_violent, 0.275043, 0, 1, "share",                                             \
      "share whose commitment offence was violent",                                                \
      "measured: BJS 2012 cohort (112,300 of 408,300)")                                            \
    X(g, REAL, share_property, 0.283125, 0, 1, "share", "share committed for a property offence",  \
      "measured: BJS 2012 cohort (115,600 of 408,300)")                                            \
    X(g, REAL, share_drug, 0.254470, 0, 1, "share", "share committed for a drug offence",          \
      "measured: BJS 2012 cohort (103,900 of 408,300)")                                            \
    X(g, REAL, share_public_order, 0.187362, 0, 1, "share",                                        \
      "share committed for a public-order offence",                                                \
      "measured: BJS 2012 cohort (76,500 of 408,300)")                                             \
    X(g, REAL, share_priors_4_or_fewer, 0.256919, 0, 1, "share",                                   \
      "share with 4 or fewer prior arrests", "measured: BJS 2012 cohort (104,900 of 408,300)")     \
    X(g, REAL, share_priors_5_to_9, 0.310556, 0, 1, "share", "share with 5 to 9 prior arrests",    \
      "measured: BJS 2012 cohort (126,800 of 408,300)")                                            \
    X(g, REAL, share_priors_10_or_more, 0.432525, 0, 1, "share",                                   \
      "share with 10 or more prior arrests", "measured: BJS 2012 cohort (176,600 of 408,300)")     \
    X(g, REAL, share_white, 0.438511, 0, 1, "share", "share white non-Hispanic",                   \
      "measured: BJS 2012 cohort (179,000 of 408,200 with known race)")                            \
    X(g, REAL, share_black, 0.361833, 0, 1, "share", "share black non-Hispanic",                   \
      "measured: BJS 2012 cohort (147,700 of 408,200)")                                            \
    X(g, REAL, share_hispanic, 0.162910, 0, 1, "share", "share Hispanic",                          \
      "measured: BJS 2012 cohort (66,500 of 408,200)")                                             \
    X(g, REAL, share_other_race, 0.036746, 0, 1, "share", "share of other race or ethnicity",      \
      "measured: BJS 2012 cohort (15,000 of 408,200)")                                             \
    X(g, INT, neighbourhoods, 40, 1, 65535, "neighbourhoods",                                      \
      "neighbourhoods people return to (equal shares of the population)", "assumed")

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
    X(m, uint16_t, prior_arrests, U16, RG_F_AGENTS, "arrests", "arrests before this release")      \
    X(m, float, age_at_release, F32, RG_F_AGENTS, "years", "age at first release")                 \
    X(m, int16_t, release_month, I16, RG_F_AGENTS, "month", "model month of first release")        \
    X(m, uint16_t, neighbourhood, U16, RG_F_AGENTS, "id", "neighbourhood of return")

RG_COLUMN_STRUCT(rg_cols_population, RG_POPULATION_FIELDS);

struct rg_module;
extern const struct rg_module rg_population_module;

struct rg_run;
/* Neighbourhoods of a run (population.neighbourhoods). */
int rg_population_neighbourhoods(const struct rg_run *run);

#endif
