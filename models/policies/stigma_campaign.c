/*
 * Community stigma campaign (policies.h). From the start month, the public stigma
 * level of covered neighbourhoods (a keyed share `coverage`) is lowered by
 * `strength` (stigma.c reads world.campaign); public stigma then relaxes towards
 * the lower level.
 */
#include <stdlib.h>

#include "reintegra/module.h"
#include "reintegra/policy_state.h"
#include "reintegra/rng.h"

static rg_status campaign_init(rg_run *run, rg_error *err)
{
    rg_policy_state *s = run->module_state[RG_SLOT_POLICIES];
    const int nb = run->world.neighbourhoods;
    s->neighbourhood_covered = calloc((size_t)nb, 1);
    if (!s->neighbourhood_covered)
        return rg_error_set(err, RG_EINTERNAL, "campaign: out of memory");
    for (int n = 0; n < nb; n++)
        s->neighbourhood_covered[n] = rg_draw_u01(run->seed, RG_STREAM_POLICY_INIT, (uint64_t)n,
                                                  2) < run->p.stigma_campaign.coverage;
    return RG_OK;
}

/* World phase, before public stigma is updated. */
static rg_status campaign_world(rg_run *run, rg_error *err)
{
    (void)err;
    const struct rg_params_stigma_campaign *c = &run->p.stigma_campaign;
    if (!c->enabled || run->month < c->start_month) return RG_OK;
    const rg_policy_state *s = run->module_state[RG_SLOT_POLICIES];
    for (int n = 0; n < run->world.neighbourhoods; n++)
        run->world.campaign[n] = s->neighbourhood_covered[n] ? c->strength : 0.0;
    return RG_OK;
}

const rg_module rg_stigma_campaign_module = {
    .name = "stigma_campaign",
    .init = campaign_init,
    .global = {[RG_PHASE_WORLD] = campaign_world},
};
