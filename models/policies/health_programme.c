/*
 * Health programme : treatment of mental illness and substance use.
 * Eligible: free people with an active condition. Need: number of active
 * conditions. Participants' active conditions enter treatment at
 * `treatment_rate` a month instead of the usual rate (health's effect point).
 */
#include <math.h>

#include "reintegra/health.h"
#include "reintegra/justice.h"
#include "reintegra/programme.h"

/* Health programme: treatment of mental illness and substance use. */
#define HEALTH_PROGRAMME_PARAMS(X, g)                                                              \
    RG_PROGRAMME_COMMON_PARAMS(X, g, 50, 6, 0.05, 800, "assumed")                                  \
    X(g, REAL, treatment_rate, 0.3, 0, 1, "1/month",                                               \
      "monthly probability that a participant's active condition enters treatment", "assumed")

RG_PARAM_STRUCT(rg_params_health_programme, HEALTH_PROGRAMME_PARAMS);
RG_PARAM_SPECS(rg_params_health_programme, HEALTH_PROGRAMME_PARAMS);

#define HEALTH_PROGRAMME_FIELDS(X, m) RG_PROGRAMME_FIELDS(X, m, health_prog)

RG_COLUMN_STRUCT(rg_cols_health_programme, HEALTH_PROGRAMME_FIELDS);
RG_FIELD_SPECS(rg_cols_health_programme, HEALTH_PROGRAMME_FIELDS);
RG_PROGRAMME_DRAWS(draws, "health_programme", 48);

static void hp_eligible(const rg_run *run, const rg_instance *self, size_t begin, size_t end,
                        uint8_t *ok)
{
    (void)self;
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_cols_health *health = RG_COLS(run, health);
    for (size_t i = begin; i < end; i++)
        ok[i - begin] =
            justice->status[i] == RG_FREE && (health->substance_use[i] == RG_CONDITION_ACTIVE ||
                                              health->mental_illness[i] == RG_CONDITION_ACTIVE);
}

static void hp_need(const rg_run *run, const rg_instance *self, size_t begin, size_t end,
                    double *need)
{
    (void)self;
    const struct rg_cols_health *health = RG_COLS(run, health);
    for (size_t i = begin; i < end; i++)
        need[i - begin] = (health->substance_use[i] == RG_CONDITION_ACTIVE) +
                          (health->mental_illness[i] == RG_CONDITION_ACTIVE);
}

static double hp_treatment(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)run;
    const struct rg_cols_health_programme *health_programme = self->cols;
    const struct rg_params_health_programme *q = self->params;
    return health_programme->health_prog_state[i] == RG_PROG_ACTIVE ? q->treatment_rate : NAN;
}

const rg_module rg_health_programme_module = {
    .name = "health_programme",
    .mechanism =
        "Health programme: people with an active substance use disorder or mental illness "
        "get treatment; recovery lowers their offending risk and makes work easier to find, "
        "until a relapse.",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_health_programme),
    RG_MODULE_FIELDS(rg_cols_health_programme),
    .summary = "health programme. Eligible: free with an active condition. Need: "
               "active conditions. Effect: treatment at `treatment_rate` a month. Lasts: "
               "recovery until a relapse (health's relapse rate)",
    .kind = RG_POLICY,
    .on =
        {
            [RG_PHASE_INIT] = {.global = rg_programme_init, .what = "the programme's settings"},
            [RG_PHASE_AGENT] = {.agents = rg_programme_agents,
                                .after = "health",
                                .what = "dropout, completion; offers"},
            [RG_PHASE_MARKET] = {.global = rg_programme_admit,
                                 .after = "housing, employment",
                                 .what = "free places by the targeting rule"},
        },
    .free = rg_free_state,
    .effects = (const rg_effect[]){{&rg_health_treatment, hp_treatment}, {NULL, NULL}},
    .programme = &(const rg_programme_spec){.eligible = hp_eligible, .need = hp_need},
};
