/*
 * Community stigma campaign . From the start month, the baseline level
 * of public stigma in covered neighbourhoods (a keyed share `coverage`) is
 * multiplied by 1 - `strength` (through stigma's effect point); public stigma then
 * relaxes towards the lower level.
 */
#include <stdlib.h>

#include "reintegra/module.h"
#include "reintegra/population.h"
#include "reintegra/programme.h"
#include "reintegra/rng.h"
#include "reintegra/stigma.h"

/* Community stigma campaign: lowers the public stigma level of the neighbourhoods
 * it covers. */
#define STIGMA_CAMPAIGN_PARAMS(X, g)                                                               \
    X(g, BOOL, enabled, 0, 0, 0, "-", "run the campaign", "setting")                               \
    X(g, INT, start_month, 0, 0, 1200, "month", "model month the campaign starts", "setting")      \
    X(g, REAL, strength, 0.3, 0, 1, "share", "reduction of the public stigma level", "assumed")    \
    X(g, REAL, coverage, 1, 0, 1, "share", "share of neighbourhoods covered", "setting")           \
    X(g, REAL, cost_per_month, 5000, 0, 1e9, "dollars", "cost per covered neighbourhood-month",    \
      "assumed")

RG_PARAM_STRUCT(rg_params_stigma_campaign, STIGMA_CAMPAIGN_PARAMS);
RG_PARAM_SPECS(rg_params_stigma_campaign, STIGMA_CAMPAIGN_PARAMS);

/* Random purposes (rng.h). */
static const rg_purpose draws[] = {
    RG_DRAW("stigma_campaign.coverage", 42, 2, ONCE, NEIGHBOURHOOD, 0, 2,
            "whether the campaign covers a neighbourhood"),
};

/* State: [neighbourhood] 1 if the campaign covers it. */
static rg_status campaign_init(rg_run *run, rg_instance *self, rg_error *err)
{
    const int nb = rg_population_neighbourhoods(run);
    uint8_t *covered = calloc((size_t)nb, 1);
    self->state = covered;
    if (!covered) return rg_error_set(err, RG_EINTERNAL, "campaign: out of memory");
    for (int n = 0; n < nb; n++)
        covered[n] = rg_draw(run->seed, &draws[0], (uint64_t)n, 0) <
                     ((const struct rg_params_stigma_campaign *)self->params)->coverage;
    return RG_OK;
}

static double campaign_baseline(const rg_run *run, const rg_instance *self, size_t n)
{
    const struct rg_params_stigma_campaign *c = self->params;
    const uint8_t *covered = self->state;
    const int on = c->enabled && run->month >= c->start_month;
    return 1.0 - (on && covered[n] ? c->strength : 0.0);
}

/* Costed units: covered neighbourhoods while the campaign runs. */
static int64_t campaign_units(const rg_run *run, const rg_instance *self)
{
    const struct rg_params_stigma_campaign *c = self->params;
    const uint8_t *covered = self->state;
    int64_t n = 0;
    if (c->enabled && run->month >= c->start_month)
        for (int k = 0; k < rg_population_neighbourhoods(run); k++) n += covered[k];
    return n;
}

const rg_module rg_stigma_campaign_module = {
    .name = "stigma_campaign",
    .mechanism = "Stigma campaign: the public stigma of covered neighbourhoods falls while the "
                 "campaign runs; employers there weigh records less and people returning there "
                 "internalise less stigma. When the campaign ends, stigma drifts back.",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_stigma_campaign),
    .summary = "community stigma campaign: the baseline public stigma of covered "
               "neighbourhoods x (1 - `strength`); costed per neighbourhood-month. Lasts: "
               "while the campaign runs; stigma then relaxes back",
    .kind = RG_POLICY,
    .on = {[RG_PHASE_INIT] = {.global = campaign_init, .after = "population", .what = "coverage"}},
    .free = rg_free_state,
    .effects = (const rg_effect[]){{&rg_stigma_baseline, campaign_baseline}, {NULL, NULL}},
    .programme = &(const rg_programme_spec){.units = campaign_units},
};
