/*
 * Supported housing (policies.h). Eligible: free people without a stable home.
 * Need: homeless before unstable. Admission gives a stable home at once; while
 * housed by the programme the home is not lost and its services lower the
 * offending hazard (hazard_ratio); afterwards the home is kept (Returning
 * Home-Ohio: Fontaine et al. 2012).
 */
#include <math.h>

#include "reintegra/housing.h"
#include "reintegra/module.h"
#include "reintegra/offending.h"
#include "reintegra/policy_state.h"

int rg_supported_housing_eligible(const rg_run *run, size_t i)
{
    return run->a.status[i] == RG_FREE && run->a.housing[i] != RG_HOUSING_STABLE;
}

double rg_supported_housing_need(const rg_run *run, size_t i)
{
    return run->a.housing[i];
}

/* While housed by the programme its services multiply the hazard by hazard_ratio. */
static double sh_hazard(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)self;
    return run->a.housing_prog_state[i] == RG_PROG_ACTIVE ? run->p.supported_housing.hazard_ratio
                                                          : 1.0;
}

/* The home is held while housed by the programme. */
static double sh_held(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)self;
    return run->a.housing_prog_state[i] == RG_PROG_ACTIVE ? 1.0 : NAN;
}

static void sh_agents(rg_run *run, rg_instance *self, rg_block *blk)
{
    (void)self;
    rg_programme prog;
    rg_programme_of(run, RG_PROGRAMME_SUPPORTED_HOUSING, &prog);
    rg_programme_agents(run, blk, &prog, NULL, NULL);
}

static rg_status sh_market(rg_run *run, rg_instance *self, rg_error *err)
{
    (void)self;
    rg_programme prog;
    rg_programme_of(run, RG_PROGRAMME_SUPPORTED_HOUSING, &prog);
    RG_TRY(rg_programme_admit(run, &prog, err));
    rg_agents *a = &run->a;
    for (size_t i = 0; i < a->n; i++)
        if (a->housing_prog_state[i] == RG_PROG_ACTIVE) rg_housing_give_home(run, i);
    return RG_OK;
}

const rg_module rg_supported_housing_module = {
    .name = "supported_housing",
    .summary = "supported housing",
    .on =
        {
            [RG_PHASE_AGENT] = {.agents = sh_agents,
                                .after = "housing, offending",
                                .what = "dropout, completion; offers to the eligible"},
            [RG_PHASE_MARKET] =
                {.global = sh_market,
                 .after = "housing, employment",
                 .what = "admission by the targeting rule; participants get a stable home"},
        },
    .effects = (const rg_effect[]){{&rg_offending_hazard, sh_hazard},
                                   {&rg_housing_held, sh_held},
                                   {NULL, NULL}},
};
