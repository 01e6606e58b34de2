/*
 * Counselling / cognitive behavioural therapy . Eligible: free
 * people in their first `enrol_window_months` after release who have not taken
 * part. Need: current relative risk. Each month of the programme builds
 * cognitive skills (1 on completion); offending's hazard is multiplied by
 * hazard_ratio ^ skills.
 */
#include <math.h>

#include "reintegra/justice.h"
#include "reintegra/offending.h"
#include "reintegra/programme.h"

/* Counselling / cognitive behavioural therapy: cognitive skills build up over the
 * programme and lower the offending hazard (Landenberger & Lipsey 2005: odds ratio
 * of non-recidivism 1.53). */
#define CBT_PARAMS(X, g)                                                                           \
    RG_PROGRAMME_COMMON_PARAMS(X, g, 100, 4, 0.05, 300, "assumed (12-16 week programmes)")         \
    X(g, REAL, hazard_ratio, 0.55, 0.05, 1, "1", "offending hazard ratio after completing CBT",    \
      "assumed: set so that completers' odds ratio of staying arrest-free is about 1.5 "           \
      "(Landenberger & Lipsey 2005: 1.53; tests/validation/test_policies.c)")

RG_PARAM_STRUCT(rg_params_cbt, CBT_PARAMS);
RG_PARAM_SPECS(rg_params_cbt, CBT_PARAMS);

#define CBT_FIELDS(X, m)                                                                           \
    RG_PROGRAMME_FIELDS(X, m, cbt)                                                                 \
    X(m, float, cognitive_skills, F32, RG_F_AGENTS, "index 0-1",                                   \
      "skills from counselling/CBT (1: completed)")

RG_COLUMN_STRUCT(rg_cols_cbt, CBT_FIELDS);
RG_FIELD_SPECS(rg_cols_cbt, CBT_FIELDS);
RG_PROGRAMME_DRAWS(draws, "cbt", 40);

static void cbt_month(rg_run *run, rg_instance *self, rg_block *blk, size_t i)
{
    (void)run;
    const struct rg_cols_cbt *cbt = self->cols;
    (void)blk;
    const struct rg_params_cbt *q = self->params;
    float s = cbt->cognitive_skills[i] + (float)(1.0 / q->duration_months);
    cbt->cognitive_skills[i] = s > 1.0f ? 1.0f : s;
}

static double cbt_hazard(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)run;
    const struct rg_cols_cbt *cbt = self->cols;
    const struct rg_params_cbt *q = self->params;
    const float c = cbt->cognitive_skills[i];
    return c > 0 ? pow(q->hazard_ratio, c) : 1.0;
}

const rg_module rg_cbt_module = {
    .name = "cbt",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_cbt),
    RG_MODULE_FIELDS(rg_cols_cbt),
    .summary = "counselling / cognitive behavioural therapy. Eligible: free. Need: "
               "current risk. Effect: cognitive skills c rise by 1/duration a month; "
               "hazard x `hazard_ratio`^c",
    .kind = RG_POLICY,
    .on =
        {
            [RG_PHASE_INIT] = {.global = rg_programme_init, .what = "the programme's settings"},
            [RG_PHASE_AGENT] = {.agents = rg_programme_agents,
                                .after = "offending",
                                .what = "participants' month (skills), dropout, completion; "
                                        "offers"},
            [RG_PHASE_MARKET] = {.global = rg_programme_admit,
                                 .after = "housing, employment",
                                 .what = "free places by the targeting rule"},
        },
    .free = rg_free_state,
    .effects = (const rg_effect[]){{&rg_offending_hazard, cbt_hazard}, {NULL, NULL}},
    .programme = &(const rg_programme_spec){.eligible = rg_eligible_free,
                                            .need = rg_need_risk,
                                            .active = cbt_month},
};
