/*
 * Education and training (policies.h). Eligible: free people out of work. Need:
 * lack of skill. Each month of the programme adds skill_gain / duration to skill
 * (callbacks and wages rise with skill: employment.h).
 */
#include "reintegra/employment.h"
#include "reintegra/module.h"
#include "reintegra/policy_state.h"

int rg_training_eligible(const rg_run *run, size_t i)
{
    return run->a.status[i] == RG_FREE && !run->a.employed[i];
}

double rg_training_need(const rg_run *run, size_t i)
{
    return 1.0 - run->a.skill[i];
}

static void training_month(rg_run *run, rg_block *blk, size_t i)
{
    (void)blk;
    rg_employment_add_skill(run, i,
                            (float)(run->p.training.skill_gain / run->p.training.duration_months));
}

static void training_agents(rg_run *run, rg_instance *self, rg_block *blk)
{
    (void)self;
    rg_programme prog;
    rg_programme_of(run, RG_PROGRAMME_TRAINING, &prog);
    rg_programme_agents(run, blk, &prog, training_month, NULL);
}

static rg_status training_market(rg_run *run, rg_instance *self, rg_error *err)
{
    (void)self;
    rg_programme prog;
    rg_programme_of(run, RG_PROGRAMME_TRAINING, &prog);
    return rg_programme_admit(run, &prog, err);
}

const rg_module rg_training_module = {
    .name = "training",
    .summary = "education and training",
    .on =
        {
            [RG_PHASE_AGENT] = {.agents = training_agents,
                                .after = "employment",
                                .what = "dropout, completion; offers to the eligible"},
            [RG_PHASE_MARKET] = {.global = training_market,
                                 .after = "housing, employment",
                                 .what =
                                     "free places go to the waiting list by the targeting rule"},
        },
};
