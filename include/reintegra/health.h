/*
 * Health: mental illness and substance use disorder, each none, active or in
 * treatment/recovery, with treatment access (lowered by internalised stigma),
 * relapse (raised by strain and homelessness) and recovery. Both affect work,
 * housing, family strain and offending.
 */
#ifndef REINTEGRA_HEALTH_H
#define REINTEGRA_HEALTH_H

#include <stdint.h>

#include "registry.h"
#include "schema.h"

enum rg_condition { RG_CONDITION_NONE = 0, RG_CONDITION_ACTIVE = 1, RG_CONDITION_RECOVERY = 2 };

#define RG_HEALTH_PARAMS(X, g)                                                                     \
    X(g, REAL, prevalence_substance, 0.58, 0, 1, "share", "share with a substance use disorder",   \
      "measured: Bronson et al. 2017 (BJS NCJ 250546): 58%")                                       \
    X(g, REAL, prevalence_mental, 0.37, 0, 1, "share", "share with a history of mental illness",   \
      "measured: Bronson & Berzofsky 2017 (BJS NCJ 250612): 37%")                                  \
    X(g, REAL, active_at_release, 0.6, 0, 1, "share",                                              \
      "share of conditions that are active (untreated) at release", "assumed")                     \
    X(g, REAL, treatment_rate, 0.05, 0, 1, "1/month",                                              \
      "monthly probability that an active condition enters treatment and recovery", "assumed")     \
    X(g, REAL, relapse_rate, 0.03, 0, 1, "1/month",                                                \
      "monthly probability of relapse from recovery, without strain or homelessness", "assumed")   \
    X(g, REAL, relapse_strain_effect, 1.0, 0, 10, "1",                                             \
      "relative rise of relapse per unit of family strain", "assumed")                             \
    X(g, REAL, relapse_homeless_factor, 2.0, 1, 10, "1", "relapse multiplier when homeless",       \
      "assumed")

RG_PARAM_STRUCT(rg_params_health, RG_HEALTH_PARAMS);

#define RG_HEALTH_FIELDS(X, m)                                                                     \
    X(m, uint8_t, substance_use, U8, RG_F_AGENTS | RG_F_TRAJ, "code",                              \
      "substance use disorder: 0 none, 1 active, 2 in treatment or recovery")                      \
    X(m, uint8_t, mental_illness, U8, RG_F_AGENTS | RG_F_TRAJ, "code",                             \
      "mental illness: 0 none, 1 active, 2 in treatment or recovery")                              \
    X(m, int16_t, last_relapse, I16, 0, "month", "model month of the latest relapse (-1: none)")

RG_COLUMN_STRUCT(rg_cols_health, RG_HEALTH_FIELDS);

/* Events: RG_HEALTH_EVENTS in schema.h (codes are part of the output contract). */

#define RG_HEALTH_SUMMARY(X, s)                                                                    \
    X(s, I64, substance_active, "people", "free people with an active substance use disorder")     \
    X(s, I64, mental_active, "people", "free people with an active, untreated mental illness")

RG_SUMMARY_STRUCT(rg_summary_health, RG_HEALTH_SUMMARY);

struct rg_effect_point;
/* Effect point (module.h): a treatment rate that replaces the usual one. */
extern const struct rg_effect_point rg_health_treatment;

struct rg_module;
extern const struct rg_module rg_health_module;

#endif
