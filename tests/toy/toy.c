/*
 * A toy programme, written the way a new programme is: this one file and one
 * line of the module list (here the build's RG_EXTRA_MODULE). Eligible: free
 * people. Need: their current risk. While taking part, offending's hazard is
 * multiplied by hazard_ratio (through offending's effect point); each
 * participant-month costs cost_per_month. tests/toy/test_toy.c checks that every
 * list of the model (registry, fields, purposes, schedule, programme table,
 * trial, risk tool, documentation) takes it in without any other edit.
 */
#include "reintegra/offending.h"
#include "reintegra/programme.h"

#define TOY_PARAMS(X, g)                                                                           \
    RG_PROGRAMME_COMMON_PARAMS(X, g, 50, 3, 0.05, 100, "assumed")                                  \
    X(g, REAL, hazard_ratio, 0.9, 0.05, 1, "1", "offending hazard ratio while taking part",        \
      "assumed")

RG_PARAM_STRUCT(rg_params_toy, TOY_PARAMS);
RG_PARAM_SPECS(rg_params_toy, TOY_PARAMS);

#define TOY_FIELDS(X, m) RG_PROGRAMME_FIELDS(X, m, toy)

RG_COLUMN_STRUCT(rg_cols_toy, TOY_FIELDS);
RG_FIELD_SPECS(rg_cols_toy, TOY_FIELDS);
RG_PROGRAMME_DRAWS(draws, "toy", 60);

static double toy_hazard(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)run;
    const struct rg_cols_toy *toy = self->cols;
    const struct rg_params_toy *q = self->params;
    return toy->toy_state[i] == RG_PROG_ACTIVE ? q->hazard_ratio : 1.0;
}

const rg_module rg_toy_module = {
    .name = "toy",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_toy),
    RG_MODULE_FIELDS(rg_cols_toy),
    .summary = "a toy programme (tests only)",
    .kind = RG_POLICY,
    .on =
        {
            [RG_PHASE_INIT] = {.global = rg_programme_init, .what = "the programme's settings"},
            [RG_PHASE_AGENT] = {.agents = rg_programme_agents,
                                .after = "offending",
                                .what = "dropout, completion; offers"},
            [RG_PHASE_MARKET] = {.global = rg_programme_admit,
                                 .after = "housing, employment",
                                 .what = "free places by the targeting rule"},
        },
    .free = rg_free_state,
    .effects = (const rg_effect[]){{&rg_offending_hazard, toy_hazard}, {NULL, NULL}},
    .programme = &(const rg_programme_spec){.eligible = rg_eligible_free, .need = rg_need_risk},
};
