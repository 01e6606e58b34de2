/*
 * Mentors: a limited pool of volunteers and peers with lived experience, each with
 * a capacity. People who ask wait for a match (first come, first served; then by
 * id); relationships have a quality that grows or fails; mentors burn out.
 * Mentoring and case management trials report large reductions in reoffending
 * (MCORP, Duwe 2012: rearrest hazard -37%; data/targets/interventions.csv).
 */
#ifndef REINTEGRA_MENTORS_H
#define REINTEGRA_MENTORS_H

#include <stdint.h>

#include "registry.h"
#include "schema.h"

#define RG_MENTORS_PARAMS(X, g)                                                                    \
    X(g, REAL, per_1000, 15, 0, 1000, "mentors per 1000 people",                                   \
      "mentors in the pool per 1000 people simulated", "assumed")                                  \
    X(g, INT, capacity, 3, 1, 50, "mentees", "mentees a mentor takes at once", "assumed")          \
    X(g, REAL, seek_rate, 0.08, 0, 1, "1/month",                                                   \
      "monthly probability that a free person without a mentor asks for one", "assumed")           \
    X(g, INT, max_wait_months, 6, 1, 1200, "months",                                               \
      "months after which a person stops waiting for a mentor (and may ask again later)",          \
      "assumed")                                                                                   \
    X(g, REAL, quality_start, 0.3, 0, 1, "index 0-1", "quality of a new relationship", "assumed")  \
    X(g, REAL, quality_growth, 0.1, 0, 1, "1/month",                                               \
      "share of the gap to full quality closed each month", "assumed")                             \
    X(g, REAL, failure_rate, 0.08, 0, 1, "1/month",                                                \
      "monthly probability that a relationship of quality 0 fails (falls with quality)",           \
      "assumed")                                                                                   \
    X(g, REAL, duration_months, 12, 1, 120, "months", "length of a completed mentoring",           \
      "assumed (MCORP and Arches programmes run about a year)")                                    \
    X(g, REAL, burnout_rate, 0.01, 0, 1, "1/month",                                                \
      "monthly probability of burnout per mentee carried", "assumed")                              \
    X(g, REAL, burnout_months, 6, 1, 120, "months", "months a burned-out mentor rests", "assumed")

RG_PARAM_STRUCT(rg_params_mentors, RG_MENTORS_PARAMS);

#define RG_MENTORS_FIELDS(X, m)                                                                    \
    X(m, int32_t, mentor, I32, RG_F_TRAJ, "id", "mentor id (-1: none)")                            \
    X(m, float, mentor_quality, F32, RG_F_TRAJ, "index 0-1",                                       \
      "quality of the mentoring relationship")                                                     \
    X(m, uint16_t, mentor_months, U16, 0, "months", "months in the current relationship")          \
    X(m, int16_t, mentor_wait, I16, 0, "month",                                                    \
      "month the person asked for a mentor (-1: not waiting)")                                     \
    X(m, uint16_t, months_mentored, U16, RG_F_AGENTS, "months",                                    \
      "months with a mentor since first release")

RG_COLUMN_STRUCT(rg_cols_mentors, RG_MENTORS_FIELDS);

/* Events: RG_MENTORS_EVENTS in schema.h (codes are part of the output contract). */

#define RG_MENTORS_SUMMARY(X, s)                                                                   \
    X(s, I64, mentored, "people", "free people with a mentor")                                     \
    X(s, I64, mentor_waiting, "people", "free people waiting for a mentor")

RG_SUMMARY_STRUCT(rg_summary_mentors, RG_MENTORS_SUMMARY);

struct rg_run;
struct rg_effect_point;
/* Effect point (module.h): mentors added to the pool in a month. */
extern const struct rg_effect_point rg_mentors_added;
/* Mentors in the pool before other modules add any (ids from here on were added). */
int32_t rg_mentors_base(const struct rg_run *run);

struct rg_module;
extern const struct rg_module rg_mentors_module;

#endif
