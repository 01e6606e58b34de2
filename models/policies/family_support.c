/*
 * Family support (policies.h). Eligible: free people with a family (capacity
 * above 0.1). Need: strain. While taking part, strain eases
 * `strain_recovery_factor` times faster (family.c reads it); completion adds
 * `capacity_gain` to the family's capacity. People released after the start are
 * also more often visited before release (`visit_share_extra`, family.c).
 */
#include "reintegra/family.h"
#include "reintegra/module.h"
#include "reintegra/policy_state.h"

int rg_family_support_eligible(const rg_run *run, size_t i)
{
    return run->a.status[i] == RG_FREE && run->a.family_capacity[i] > 0.1f;
}

double rg_family_support_need(const rg_run *run, size_t i)
{
    return run->a.family_strain[i];
}

static void family_support_ended(rg_run *run, rg_block *blk, size_t i, int completed)
{
    (void)blk;
    if (completed) rg_family_add_capacity(run, i, (float)run->p.family_support.capacity_gain);
}

/* Strain eases strain_recovery_factor times faster while taking part. */
static double fs_recovery(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)self;
    return run->a.family_prog_state[i] == RG_PROG_ACTIVE
               ? run->p.family_support.strain_recovery_factor
               : 1.0;
}

/* More visits before release for people released after the start. */
static double fs_visits(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)self;
    const struct rg_params_family_support *fs = &run->p.family_support;
    return fs->enabled && run->a.release_month[i] >= fs->start_month ? fs->visit_share_extra : 0;
}

static void family_support_agents(rg_run *run, rg_instance *self, rg_block *blk)
{
    (void)self;
    rg_programme prog;
    rg_programme_of(run, RG_PROGRAMME_FAMILY_SUPPORT, &prog);
    rg_programme_agents(run, blk, &prog, NULL, family_support_ended);
}

static rg_status family_support_market(rg_run *run, rg_instance *self, rg_error *err)
{
    (void)self;
    rg_programme prog;
    rg_programme_of(run, RG_PROGRAMME_FAMILY_SUPPORT, &prog);
    return rg_programme_admit(run, &prog, err);
}

const rg_module rg_family_support_module = {
    .name = "family_support",
    .summary = "family support programme",
    .on =
        {
            [RG_PHASE_AGENT] = {.agents = family_support_agents,
                                .after = "family",
                                .what = "dropout, completion; offers to the eligible"},
            [RG_PHASE_MARKET] = {.global = family_support_market,
                                 .after = "housing, employment",
                                 .what =
                                     "free places go to the waiting list by the targeting rule"},
        },
    .effects = (const rg_effect[]){{&rg_family_strain_recovery, fs_recovery},
                                   {&rg_family_visits, fs_visits},
                                   {NULL, NULL}},
};
