/*
 * Family support (policies.h). Eligible: free people with a family (capacity
 * above 0.1). Need: strain. While taking part, strain eases
 * `strain_recovery_factor` times faster; completion adds `capacity_gain` to the
 * family's capacity. People released after the start are also more often visited
 * before release (`visit_share_extra`). Effects through family's effect points.
 */
#include "reintegra/family.h"
#include "reintegra/programme.h"

static int fs_eligible(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)self;
    return run->a.status[i] == RG_FREE && run->a.family_capacity[i] > 0.1f;
}

static double fs_need(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)self;
    return run->a.family_strain[i];
}

static void fs_ended(rg_run *run, rg_instance *self, rg_block *blk, size_t i, int completed)
{
    (void)self;
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

const rg_module rg_family_support_module = {
    .name = "family_support",
    .summary = "family support programme",
    .kind = RG_POLICY,
    .on =
        {
            [RG_PHASE_INIT] = {.global = rg_programme_init, .what = "the programme's settings"},
            [RG_PHASE_AGENT] = {.agents = rg_programme_agents,
                                .after = "family",
                                .what = "dropout, completion (capacity grows); offers"},
            [RG_PHASE_MARKET] = {.global = rg_programme_admit,
                                 .after = "housing, employment",
                                 .what = "free places by the targeting rule"},
        },
    .free = rg_programme_free,
    .effects = (const rg_effect[]){{&rg_family_strain_recovery, fs_recovery},
                                   {&rg_family_visits, fs_visits},
                                   {NULL, NULL}},
    .programme =
        &(const rg_programme_spec){
            .eligible = fs_eligible, .need = fs_need, .ended = fs_ended, .columns = "family_prog"},
};
