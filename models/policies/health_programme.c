/*
 * Health programme (policies.h): treatment of mental illness and substance use.
 * Eligible: free people with an active condition. Need: number of active
 * conditions. Participants' active conditions enter treatment at
 * `treatment_rate` a month (health.c reads it) instead of the usual rate.
 */
#include <math.h>

#include "reintegra/health.h"
#include "reintegra/module.h"
#include "reintegra/policy_state.h"

int rg_health_programme_eligible(const rg_run *run, size_t i)
{
    return run->a.status[i] == RG_FREE && (run->a.substance_use[i] == RG_CONDITION_ACTIVE ||
                                           run->a.mental_illness[i] == RG_CONDITION_ACTIVE);
}

double rg_health_programme_need(const rg_run *run, size_t i)
{
    return (run->a.substance_use[i] == RG_CONDITION_ACTIVE) +
           (run->a.mental_illness[i] == RG_CONDITION_ACTIVE);
}

/* Participants' active conditions enter treatment at treatment_rate. */
static double hp_treatment(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)self;
    return run->a.health_prog_state[i] == RG_PROG_ACTIVE ? run->p.health_programme.treatment_rate
                                                         : NAN;
}

static void health_programme_agents(rg_run *run, rg_instance *self, rg_block *blk)
{
    (void)self;
    rg_programme prog;
    rg_programme_of(run, RG_PROGRAMME_HEALTH, &prog);
    rg_programme_agents(run, blk, &prog, NULL, NULL);
}

static rg_status health_programme_market(rg_run *run, rg_instance *self, rg_error *err)
{
    (void)self;
    rg_programme prog;
    rg_programme_of(run, RG_PROGRAMME_HEALTH, &prog);
    return rg_programme_admit(run, &prog, err);
}

const rg_module rg_health_programme_module = {
    .name = "health_programme",
    .summary = "treatment of mental illness and substance use",
    .on =
        {
            [RG_PHASE_AGENT] = {.agents = health_programme_agents,
                                .after = "health",
                                .what = "dropout, completion; offers to the eligible"},
            [RG_PHASE_MARKET] = {.global = health_programme_market,
                                 .after = "housing, employment",
                                 .what =
                                     "free places go to the waiting list by the targeting rule"},
        },
    .effects = (const rg_effect[]){{&rg_health_treatment, hp_treatment}, {NULL, NULL}},
};
