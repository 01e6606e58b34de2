/*
 * Housing: stable, unstable (staying with others) or homeless. Families house
 * people they support; otherwise people search for an affordable home in their
 * neighbourhood, where the stock coming free each month is limited, landlords
 * screen records, and public stigma lowers acceptance. Homes are lost more often
 * without income. Housing instability raises offending risk and blocks work.
 */
#ifndef REINTEGRA_HOUSING_H
#define REINTEGRA_HOUSING_H

#include <stddef.h>
#include <stdint.h>

#include "registry.h"
#include "schema.h"

enum rg_housing { RG_HOUSING_STABLE = 0, RG_HOUSING_UNSTABLE = 1, RG_HOUSING_HOMELESS = 2 };

#define RG_HOUSING_PARAMS(X, g)                                                                    \
    X(g, REAL, stock_per_100, 2.0, 0, 100, "homes/month per 100 people",                           \
      "affordable homes coming free each month per 100 people returning to a neighbourhood",       \
      "assumed")                                                                                   \
    X(g, REAL, stock_spread, 0.5, 0, 3, "log", "spread of the stock between neighbourhoods",       \
      "assumed")                                                                                   \
    X(g, REAL, acceptance, 0.7, 0, 1, "probability",                                               \
      "landlord acceptance of an applicant without a record, with income", "assumed")              \
    X(g, REAL, share_screen, 0.8, 0, 1, "share", "share of landlords that screen records",         \
      "assumed")                                                                                   \
    X(g, REAL, record_penalty, 0.5, 0, 1, "share", "acceptance lost with a visible record",        \
      "assumed")                                                                                   \
    X(g, REAL, stigma_effect, 0.4, 0, 1, "share", "acceptance lost at full public stigma",         \
      "assumed")                                                                                   \
    X(g, REAL, no_income_factor, 0.5, 0, 1, "1", "acceptance multiplier without work", "assumed")  \
    X(g, REAL, loss_rate, 0.01, 0, 1, "1/month", "monthly probability of losing a stable home",    \
      "assumed")                                                                                   \
    X(g, REAL, loss_no_income_extra, 0.02, 0, 1, "1/month",                                        \
      "extra monthly probability of losing a home without work", "assumed")                        \
    X(g, REAL, unstable_to_homeless, 0.04, 0, 1, "1/month",                                        \
      "monthly probability that staying with others ends in homelessness", "assumed")              \
    X(g, REAL, stock_disadvantage, 0, -2, 2, "log per sd",                                         \
      "housing by place: the affordable stock of neighbourhood n is multiplied by "                \
      "exp(stock_disadvantage d_n) / mean, d_n its disadvantage (population.h)",                   \
      "assumed (no published estimate of how the stock open to people leaving prison varies "      \
      "with disadvantage -- vacancies are more common in poor places, public housing excludes "    \
      "records -- so 0; vary it in sensitivity analyses)")

RG_PARAM_STRUCT(rg_params_housing, RG_HOUSING_PARAMS);

#define RG_HOUSING_FIELDS(X, m)                                                                    \
    X(m, uint8_t, housing, U8, RG_F_AGENTS | RG_F_TRAJ, "code",                                    \
      "housing: 0 stable, 1 unstable (staying with others), 2 homeless")                           \
    X(m, uint16_t, months_stable_housing, U16, RG_F_AGENTS, "months",                              \
      "months free in stable housing since first release")                                         \
    X(m, uint16_t, months_homeless, U16, RG_F_AGENTS, "months",                                    \
      "months free and homeless since first release")                                              \
    X(m, uint8_t, housing_refused, U8, 0, "flag", "1 if a landlord refused the person this month")

RG_COLUMN_STRUCT(rg_cols_housing, RG_HOUSING_FIELDS);

/* Events: RG_HOUSING_EVENTS in schema.h (codes are part of the output contract). */

#define RG_HOUSING_SUMMARY(X, s)                                                                   \
    X(s, I64, housing_stable, "people", "free people in stable housing")                           \
    X(s, I64, housing_unstable, "people", "free people staying with others (unstable housing)")    \
    X(s, I64, homeless, "people", "free people without housing")

RG_SUMMARY_STRUCT(rg_summary_housing, RG_HOUSING_SUMMARY);

struct rg_run;
struct rg_effect_point;
/* Effect point (module.h): homes held by a programme. */
extern const struct rg_effect_point rg_housing_held;

/* Give agent i a stable home now (market phase), with its event. */
void rg_housing_give_home(struct rg_run *run, size_t i);

struct rg_module;
extern const struct rg_module rg_housing_module;

#endif
