/*
 * Community stigma campaign (policies.h). From the start month, the public stigma
 * level of covered neighbourhoods (a keyed share `coverage`) is lowered by
 * `strength` (stigma.c reads world.campaign); public stigma then relaxes towards
 * the lower level.
 */
#include <stdlib.h>

#include "reintegra/module.h"
#include "reintegra/rng.h"

/* State: [neighbourhood] 1 if the campaign covers it. */
static rg_status campaign_init(rg_run *run, rg_instance *self, rg_error *err)
{
    const int nb = run->world.neighbourhoods;
    uint8_t *covered = calloc((size_t)nb, 1);
    self->state = covered;
    if (!covered) return rg_error_set(err, RG_EINTERNAL, "campaign: out of memory");
    for (int n = 0; n < nb; n++)
        covered[n] = rg_draw_u01(run->seed, RG_STREAM_POLICY_INIT, (uint64_t)n, 2) <
                     run->p.stigma_campaign.coverage;
    return RG_OK;
}

static void campaign_free(rg_run *run, rg_instance *self)
{
    (void)run;
    free(self->state);
    self->state = NULL;
}

/* World phase, before public stigma is updated. */
static rg_status campaign_world(rg_run *run, rg_instance *self, rg_error *err)
{
    (void)err;
    const struct rg_params_stigma_campaign *c = &run->p.stigma_campaign;
    if (!c->enabled || run->month < c->start_month) return RG_OK;
    const uint8_t *covered = self->state;
    for (int n = 0; n < run->world.neighbourhoods; n++)
        run->world.campaign[n] = covered[n] ? c->strength : 0.0;
    return RG_OK;
}

const rg_module rg_stigma_campaign_module = {
    .name = "stigma_campaign",
    .init = campaign_init,
    .global = {[RG_PHASE_WORLD] = campaign_world},
    .free = campaign_free,
};
