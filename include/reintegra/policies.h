/*
 * Policies and programmes (models/policies/, one file each). Every value has its
 * source; DOMAIN.md and data/targets/interventions.csv give the evidence.
 */
#ifndef REINTEGRA_POLICIES_H
#define REINTEGRA_POLICIES_H

#include <stdint.h>

#include "registry.h"

/* The first fields of every programme (models/programme.c reads them). */
#define RG_PROGRAMME_FIELDS(X, m, p)                                                               \
    X(m, uint8_t, p##_state, U8, RG_F_AGENTS | RG_F_TRAJ, "code",                                  \
      "programme " #p ": 0 none, 1 waiting, 2 taking part, 3 completed, 4 dropped out, "           \
      "5 declined or control")                                                                     \
    X(m, uint8_t, p##_months, U8, RG_F_AGENTS, "months", "months taken part in programme " #p)     \
    X(m, int16_t, p##_since, I16, 0, "month", "month joined the waiting list of programme " #p)

#define RG_POLICY_FIELDS(X, m)                                                                     \
    RG_PROGRAMME_FIELDS(X, m, cbt)                                                                 \
    RG_PROGRAMME_FIELDS(X, m, training)                                                            \
    RG_PROGRAMME_FIELDS(X, m, tj)                                                                  \
    RG_PROGRAMME_FIELDS(X, m, housing_prog)                                                        \
    RG_PROGRAMME_FIELDS(X, m, health_prog)                                                         \
    RG_PROGRAMME_FIELDS(X, m, family_prog)                                                         \
    X(m, float, cognitive_skills, F32, RG_F_AGENTS, "index 0-1",                                   \
      "skills from counselling/CBT (1: completed)")                                                \
    X(m, float, predicted_risk, F32, RG_F_AGENTS, "probability",                                   \
      "rearrest within 12 months predicted by the risk tool at release (-1: no tool)")             \
    X(m, int8_t, trial_arm, I8, RG_F_AGENTS, "code",                                               \
      "emulated trial: -1 not in the trial, 0 control, 1 offered")

#endif
