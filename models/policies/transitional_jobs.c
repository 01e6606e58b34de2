/*
 * Transitional jobs (policies.h). Eligible: free people out of work, within
 * `enrol_window_months` of release (the CEO trial's effect was for those who
 * enrolled within three months: Redcross et al. 2012). A participant is paid
 * `wage` in a programme job at once; offending uses hazard_ratio while in it; at
 * the end the job stops and skill has grown.
 */
#include "reintegra/module.h"
#include "reintegra/policy_state.h"

enum { PROGRAMME_JOB = -2, SECTOR_PROGRAMME = 4 };

int rg_transitional_jobs_eligible(const rg_run *run, size_t i)
{
    return run->a.status[i] == RG_FREE && !run->a.employed[i];
}

double rg_transitional_jobs_need(const rg_run *run, size_t i)
{
    return run->a.risk[i];
}

static void tj_ended(rg_run *run, rg_block *blk, size_t i, int completed)
{
    rg_agents *a = &run->a;
    if (a->employed[i] && a->employer[i] == PROGRAMME_JOB) {
        a->employed[i] = 0;
        a->employer[i] = -1;
        a->wage[i] = 0.0f;
        a->tenure[i] = 0;
        rg_block_event(blk, i, RG_EV_JOB_LOSS, 2);
    }
    if (completed) {
        float s = a->skill[i] + (float)run->p.transitional_jobs.skill_gain;
        a->skill[i] = s > 1.0f ? 1.0f : s;
    }
}

static void tj_agents(rg_run *run, rg_instance *self, rg_block *blk)
{
    (void)self;
    rg_programme prog;
    rg_programme_of(run, RG_PROGRAMME_TRANSITIONAL_JOBS, &prog);
    rg_programme_agents(run, blk, &prog, NULL, tj_ended);
}

/* Admission gives the programme job at once. */
static rg_status tj_market(rg_run *run, rg_instance *self, rg_error *err)
{
    (void)self;
    rg_programme prog;
    rg_programme_of(run, RG_PROGRAMME_TRANSITIONAL_JOBS, &prog);
    RG_TRY(rg_programme_admit(run, &prog, err));
    rg_agents *a = &run->a;
    for (size_t i = 0; i < a->n; i++) {
        if (a->tj_state[i] != RG_PROG_ACTIVE || a->tj_months[i] != 0 || a->employed[i]) continue;
        a->employed[i] = 1;
        a->employer[i] = PROGRAMME_JOB;
        a->wage[i] = (float)run->p.transitional_jobs.wage;
        a->tenure[i] = 0;
        rg_block_event(&run->blocks[i / RG_BLOCK_SIZE], i, RG_EV_JOB_START, SECTOR_PROGRAMME);
    }
    return RG_OK;
}

const rg_module rg_transitional_jobs_module = {
    .name = "transitional_jobs",
    .agents = {[RG_PHASE_AGENT] = tj_agents},
    .global = {[RG_PHASE_MARKET] = tj_market},
};
