/*
 * Transitional jobs (policies.h). Eligible: free people out of work, within
 * `enrol_window_months` of release (the CEO trial's effect was for those who
 * enrolled within three months: Redcross et al. 2012). A participant is paid
 * `wage` in a programme job at once; offending uses hazard_ratio while in it; at
 * the end the job stops and skill has grown.
 */
#include "reintegra/employment.h"
#include "reintegra/module.h"
#include "reintegra/offending.h"
#include "reintegra/policy_state.h"

int rg_transitional_jobs_eligible(const rg_run *run, size_t i)
{
    return run->a.status[i] == RG_FREE && !run->a.employed[i];
}

double rg_transitional_jobs_need(const rg_run *run, size_t i)
{
    return run->a.risk[i];
}

/* While in the transitional job the hazard is multiplied by hazard_ratio. */
static double tj_hazard(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)self;
    return run->a.tj_state[i] == RG_PROG_ACTIVE ? run->p.transitional_jobs.hazard_ratio : 1.0;
}

static void tj_ended(rg_run *run, rg_block *blk, size_t i, int completed)
{
    rg_employment_end_programme_job(run, blk, i);
    if (completed) rg_employment_add_skill(run, i, (float)run->p.transitional_jobs.skill_gain);
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
    for (size_t i = 0; i < a->n; i++)
        if (a->tj_state[i] == RG_PROG_ACTIVE && a->tj_months[i] == 0 && !a->employed[i])
            rg_employment_start_programme_job(run, i, run->p.transitional_jobs.wage);
    return RG_OK;
}

const rg_module rg_transitional_jobs_module = {
    .name = "transitional_jobs",
    .summary = "transitional jobs",
    .on =
        {
            [RG_PHASE_AGENT] = {.agents = tj_agents,
                                .after = "employment, offending",
                                .what = "dropout, completion; offers to the eligible"},
            [RG_PHASE_MARKET] =
                {.global = tj_market,
                 .after = "housing, employment",
                 .what = "admission by the targeting rule; new participants get the programme job"},
        },
    .effects = (const rg_effect[]){{&rg_offending_hazard, tj_hazard}, {NULL, NULL}},
};
