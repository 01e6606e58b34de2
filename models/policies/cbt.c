/*
 * Counselling / cognitive behavioural therapy (policies.h). Eligible: free
 * people in their first `enrol_window_months` after release who have not taken
 * part. Need: current relative risk. Each month of the programme builds
 * cognitive skills (1 on completion); offending multiplies the hazard by
 * hazard_ratio ^ skills.
 */
#include <math.h>

#include "reintegra/module.h"
#include "reintegra/offending.h"
#include "reintegra/policy_state.h"

int rg_cbt_eligible(const rg_run *run, size_t i)
{
    return run->a.status[i] == RG_FREE;
}

double rg_cbt_need(const rg_run *run, size_t i)
{
    return run->a.risk[i];
}

/* The hazard multiplied by hazard_ratio ^ skills (offending.h). */
static double cbt_hazard(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)self;
    const float c = run->a.cognitive_skills[i];
    return c > 0 ? pow(run->p.cbt.hazard_ratio, c) : 1.0;
}

static void cbt_month(rg_run *run, rg_block *blk, size_t i)
{
    (void)blk;
    float s = run->a.cognitive_skills[i] + (float)(1.0 / run->p.cbt.duration_months);
    run->a.cognitive_skills[i] = s > 1.0f ? 1.0f : s;
}

static void cbt_agents(rg_run *run, rg_instance *self, rg_block *blk)
{
    (void)self;
    rg_programme prog;
    rg_programme_of(run, RG_PROGRAMME_CBT, &prog);
    rg_programme_agents(run, blk, &prog, cbt_month, NULL);
}

static rg_status cbt_market(rg_run *run, rg_instance *self, rg_error *err)
{
    (void)self;
    rg_programme prog;
    rg_programme_of(run, RG_PROGRAMME_CBT, &prog);
    return rg_programme_admit(run, &prog, err);
}

const rg_module rg_cbt_module = {
    .name = "cbt",
    .summary = "counselling / cognitive behavioural therapy",
    .on =
        {
            [RG_PHASE_AGENT] = {.agents = cbt_agents,
                                .after = "offending",
                                .what = "dropout, completion; offers to the eligible"},
            [RG_PHASE_MARKET] = {.global = cbt_market,
                                 .after = "housing, employment",
                                 .what =
                                     "free places go to the waiting list by the targeting rule"},
        },
    .effects = (const rg_effect[]){{&rg_offending_hazard, cbt_hazard}, {NULL, NULL}},
};
