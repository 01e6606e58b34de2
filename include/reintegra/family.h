/*
 * Family: a capacity to support (housing, money, emotional support), a strain
 * that grows with conflict, relapse and re-arrest and eases with time, and
 * support = capacity x (1 - strain). Support can break down and be rebuilt.
 * Contact before release (prison visits) predicts less recidivism: Duwe & Clark
 * 2011 (Minnesota DOC): 13% lower felony reconviction, 25% fewer technical
 * revocations; about 39% are never visited.
 */
#ifndef REINTEGRA_FAMILY_H
#define REINTEGRA_FAMILY_H

#include <stddef.h>
#include <stdint.h>

#include "registry.h"
#include "schema.h"

#define RG_FAMILY_PARAMS(X, g)                                                                     \
    X(g, REAL, share_visited, 0.61, 0, 1, "share", "share visited in prison before release",       \
      "measured: Duwe & Clark 2011 (39% never visited)")                                           \
    X(g, REAL, capacity_mean, 0.5, 0.01, 0.99, "index 0-1",                                        \
      "mean family capacity to support (beta, concentration 4)", "assumed")                        \
    X(g, REAL, visited_capacity_extra, 0.15, 0, 1, "index 0-1",                                    \
      "extra capacity of families that visited", "assumed")                                        \
    X(g, REAL, conflict_rate, 0.05, 0, 1, "1/month", "monthly probability of a family conflict",   \
      "assumed")                                                                                   \
    X(g, REAL, strain_conflict, 0.1, 0, 1, "index 0-1", "strain added by a conflict", "assumed")   \
    X(g, REAL, strain_arrest, 0.3, 0, 1, "index 0-1", "strain added by an arrest", "assumed")      \
    X(g, REAL, strain_relapse, 0.2, 0, 1, "index 0-1", "strain added by a relapse", "assumed")     \
    X(g, REAL, strain_recovery, 0.1, 0, 1, "1/month", "share of strain that eases each month",     \
      "assumed")                                                                                   \
    X(g, REAL, breakdown_strain, 0.8, 0, 1, "index 0-1",                                           \
      "strain at which family support breaks down", "assumed")                                     \
    X(g, REAL, repair_rate, 0.03, 0, 1, "1/month",                                                 \
      "monthly probability that broken support is rebuilt", "assumed")                             \
    X(g, REAL, housing_support, 0.5, 0, 1, "index 0-1",                                            \
      "support at which the family houses the person (stable housing)", "assumed")                 \
    X(g, REAL, staying_support, 0.25, 0, 1, "index 0-1",                                           \
      "support at which the family lets the person stay (unstable housing)", "assumed")

RG_PARAM_STRUCT(rg_params_family, RG_FAMILY_PARAMS);

#define RG_FAMILY_FIELDS(X, m)                                                                     \
    X(m, float, family_capacity, F32, 0, "index 0-1", "family capacity to support")                \
    X(m, float, family_support, F32, RG_F_AGENTS | RG_F_TRAJ, "index 0-1",                         \
      "family support: capacity x (1 - strain), 0 when broken down")                               \
    X(m, float, family_strain, F32, RG_F_TRAJ, "index 0-1", "strain on the family")                \
    X(m, uint8_t, visited, U8, RG_F_AGENTS, "flag", "1 if visited in prison before release")       \
    X(m, uint8_t, family_broken, U8, 0, "flag", "1 while family support has broken down")

RG_COLUMN_STRUCT(rg_cols_family, RG_FAMILY_FIELDS);

/* Events: RG_FAMILY_EVENTS in schema.h (codes are part of the output contract). */

#define RG_FAMILY_SUMMARY(X, s)                                                                    \
    X(s, I64, family_support, "people", "free people whose family gives support (support > 0.5)")

RG_SUMMARY_STRUCT(rg_summary_family, RG_FAMILY_SUMMARY);

struct rg_run;
struct rg_effect_point;
/* Effect points (module.h): the strain that eases, and visits before release. */
extern const struct rg_effect_point rg_family_strain_recovery;
extern const struct rg_effect_point rg_family_visits;

/* Add `gain` to the family capacity of agent i (at most 1). */
void rg_family_add_capacity(struct rg_run *run, size_t i, float gain);

struct rg_module;
extern const struct rg_module rg_family_module;

#endif
