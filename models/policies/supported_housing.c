/*
 * Supported housing . Eligible: free people without a stable home.
 * Need: homeless before unstable. Admission gives a stable home at once; while
 * housed by the programme the home is held (no loss) and its services multiply
 * offending's hazard by hazard_ratio; afterwards the home is kept (Returning
 * Home-Ohio: Fontaine et al. 2012).
 */
#include <math.h>

#include "reintegra/housing.h"
#include "reintegra/offending.h"
#include "reintegra/programme.h"

/* Supported housing: a stable home plus services; the home is kept afterwards
 * (Returning Home-Ohio, Fontaine et al. 2012: 1-year rearrest -40%). */
#define SUPPORTED_HOUSING_PARAMS(X, g)                                                             \
    RG_PROGRAMME_COMMON_PARAMS(X, g, 30, 12, 0.03, 1000, "assumed")                                \
    X(g, REAL, hazard_ratio, 0.75, 0.05, 1, "1",                                                   \
      "offending hazard ratio of the services while housed by the programme",                      \
      "Fontaine et al. 2012 (Returning Home-Ohio); size assumed below the reported -40%")

RG_PARAM_STRUCT(rg_params_supported_housing, SUPPORTED_HOUSING_PARAMS);
RG_PARAM_SPECS(rg_params_supported_housing, SUPPORTED_HOUSING_PARAMS);

static int sh_eligible(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)self;
    return run->a.status[i] == RG_FREE && run->a.housing[i] != RG_HOUSING_STABLE;
}

static double sh_need(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)self;
    return run->a.housing[i];
}

static double sh_hazard(const rg_run *run, const rg_instance *self, size_t i)
{
    const struct rg_params_supported_housing *q = self->params;
    return run->a.housing_prog_state[i] == RG_PROG_ACTIVE ? q->hazard_ratio : 1.0;
}

static double sh_held(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)self;
    return run->a.housing_prog_state[i] == RG_PROG_ACTIVE ? 1.0 : NAN;
}

/* Participants without a stable home get one. */
static rg_status sh_market(rg_run *run, rg_instance *self, rg_error *err)
{
    RG_TRY(rg_programme_admit(run, self, err));
    rg_agents *a = &run->a;
    for (size_t i = 0; i < a->n; i++)
        if (a->housing_prog_state[i] == RG_PROG_ACTIVE) rg_housing_give_home(run, i);
    return RG_OK;
}

const rg_module rg_supported_housing_module = {
    .name = "supported_housing",
    RG_MODULE_PARAMS(rg_params_supported_housing),
    .summary = "supported housing",
    .kind = RG_POLICY,
    .on =
        {
            [RG_PHASE_INIT] = {.global = rg_programme_init, .what = "the programme's settings"},
            [RG_PHASE_AGENT] = {.agents = rg_programme_agents,
                                .after = "housing, offending",
                                .what = "dropout, completion; offers"},
            [RG_PHASE_MARKET] = {.global = sh_market,
                                 .after = "housing, employment",
                                 .what = "free places by the targeting rule; participants get a "
                                         "stable home"},
        },
    .free = rg_programme_free,
    .effects = (const rg_effect[]){{&rg_offending_hazard, sh_hazard},
                                   {&rg_housing_held, sh_held},
                                   {NULL, NULL}},
    .programme = &(const rg_programme_spec){.eligible = sh_eligible,
                                            .need = sh_need,
                                            .columns = "housing_prog"},
};
