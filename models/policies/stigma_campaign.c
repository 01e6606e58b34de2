/*
 * Community stigma campaign. From the start month to the end month, the baseline
 * level of public stigma in covered neighbourhoods (those listed, else a keyed
 * share `coverage`) is multiplied by 1 - `strength` (through stigma's effect
 * point); public stigma then relaxes towards the lower level, and back after the
 * end.
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
      "assumed")                                                                                   \
    X(g, STR, neighbourhoods, "", 0, 0, "ids",                                                     \
      "neighbourhoods covered: ids (0 to population.neighbourhoods - 1) separated by commas, in "  \
      "place of the random draw by `coverage`; empty: the draw",                                   \
      "setting")                                                                                   \
    X(g, INT, end_month, -1, -1, 1200, "month",                                                    \
      "last model month of the campaign; public stigma then relaxes back (-1: no end)", "setting")

RG_PARAM_STRUCT(rg_params_stigma_campaign, STIGMA_CAMPAIGN_PARAMS);
RG_PARAM_SPECS(rg_params_stigma_campaign, STIGMA_CAMPAIGN_PARAMS);

/* Random purposes (rng.h). */
static const rg_purpose draws[] = {
    RG_DRAW("stigma_campaign.coverage", 42, 2, ONCE, NEIGHBOURHOOD, 0, 2,
            "whether the campaign covers a neighbourhood"),
};

static rg_status campaign_validate(const rg_params *p, const void *params, rg_error *err)
{
    const struct rg_params_stigma_campaign *c = params;
    const struct rg_params_population *pop = RG_PARAMS(p, population);
    const int hoods = pop ? (int)pop->neighbourhoods : 0;
    char why[160];
    if (rg_programme_parse_places(c->neighbourhoods, hoods, NULL, why, sizeof why) != 0)
        return rg_error_set(err, RG_EINPUT,
                            "stigma_campaign.neighbourhoods lists %s (population.neighbourhoods "
                            "is %d); give ids separated by commas, or \"\" for the draw",
                            why, hoods);
    if (c->end_month >= 0 && c->end_month < c->start_month)
        return rg_error_set(err, RG_EINPUT,
                            "stigma_campaign.end_month is %lld, before stigma_campaign.start_month "
                            "%lld; give -1 (no end) or a month from the start",
                            c->end_month, c->start_month);
    return RG_OK;
}

/* State: [neighbourhood] 1 if the campaign covers it: those listed, else a draw. */
static rg_status campaign_init(rg_run *run, rg_instance *self, rg_error *err)
{
    const struct rg_params_stigma_campaign *c = self->params;
    const int nb = rg_population_neighbourhoods(run);
    uint8_t *covered = calloc((size_t)nb, 1);
    self->state = covered;
    if (!covered) return rg_error_set(err, RG_EINTERNAL, "campaign: out of memory");
    char why[160];
    if (c->neighbourhoods[0]) {
        if (rg_programme_parse_places(c->neighbourhoods, nb, covered, why, sizeof why) != 0)
            return rg_error_set(err, RG_EINPUT, "stigma_campaign.neighbourhoods lists %s", why);
        return RG_OK;
    }
    for (int n = 0; n < nb; n++)
        covered[n] = rg_draw(run->seed, &draws[0], (uint64_t)n, 0) < c->coverage;
    return RG_OK;
}

/* Is the campaign running this month? */
static int campaign_on(const rg_run *run, const struct rg_params_stigma_campaign *c)
{
    return c->enabled && run->month >= c->start_month &&
           (c->end_month < 0 || run->month <= c->end_month);
}

static double campaign_baseline(const rg_run *run, const rg_instance *self, size_t n)
{
    const struct rg_params_stigma_campaign *c = self->params;
    const uint8_t *covered = self->state;
    return 1.0 - (campaign_on(run, c) && covered[n] ? c->strength : 0.0);
}

/* Costed units: covered neighbourhoods while the campaign runs. */
static int64_t campaign_units(const rg_run *run, const rg_instance *self)
{
    const struct rg_params_stigma_campaign *c = self->params;
    const uint8_t *covered = self->state;
    int64_t n = 0;
    if (campaign_on(run, c))
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
               "neighbourhoods (`neighbourhoods`, else a draw by `coverage`) x (1 - "
               "`strength`) from `start_month` to `end_month`; costed per "
               "neighbourhood-month. Lasts: while the campaign runs; stigma then relaxes back",
    .kind = RG_POLICY,
    .validate = campaign_validate,
    .on = {[RG_PHASE_INIT] = {.global = campaign_init, .after = "population", .what = "coverage"}},
    .free = rg_free_state,
    .effects = (const rg_effect[]){{&rg_stigma_baseline, campaign_baseline}, {NULL, NULL}},
    .programme = &(const rg_programme_spec){.units = campaign_units},
};
