/*
 * Counselling / cognitive behavioural therapy (policies.h). Eligible: free
 * people in their first `enrol_window_months` after release who have not taken
 * part. Need: current relative risk. Each month of the programme builds
 * cognitive skills (1 on completion); offending's hazard is multiplied by
 * hazard_ratio ^ skills.
 */
#include <math.h>

#include "reintegra/offending.h"
#include "reintegra/programme.h"

static int cbt_eligible(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)self;
    return run->a.status[i] == RG_FREE;
}

static double cbt_need(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)self;
    return run->a.risk[i];
}

static void cbt_month(rg_run *run, rg_instance *self, rg_block *blk, size_t i)
{
    (void)self;
    (void)blk;
    float s = run->a.cognitive_skills[i] + (float)(1.0 / run->p.cbt.duration_months);
    run->a.cognitive_skills[i] = s > 1.0f ? 1.0f : s;
}

static double cbt_hazard(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)self;
    const float c = run->a.cognitive_skills[i];
    return c > 0 ? pow(run->p.cbt.hazard_ratio, c) : 1.0;
}

const rg_module rg_cbt_module = {
    .name = "cbt",
    .summary = "counselling / cognitive behavioural therapy",
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
    .free = rg_programme_free,
    .effects = (const rg_effect[]){{&rg_offending_hazard, cbt_hazard}, {NULL, NULL}},
    .programme =
        &(const rg_programme_spec){
            .eligible = cbt_eligible, .need = cbt_need, .active = cbt_month, .columns = "cbt"},
};
