/*
 * Supported housing . Eligible: free people without a stable home.
 * Need: homeless before unstable. Admission gives a stable home at once; while
 * housed by the programme the home is held (no loss) and its services multiply
 * offending's hazard by hazard_ratio; afterwards the home is kept (Returning
 * Home-Ohio: Fontaine et al. 2012).
 */
#include <math.h>

#include "reintegra/housing.h"
#include "reintegra/justice.h"
#include "reintegra/offending.h"
#include "reintegra/programme.h"

/* Supported housing: a stable home plus services; the home is kept afterwards
 * (Returning Home-Ohio, Fontaine et al. 2012: 1-year rearrest -40%). */
#define SUPPORTED_HOUSING_PARAMS(X, g)                                                             \
    RG_PROGRAMME_COMMON_PARAMS(X, g, 30, 12, 0.03, 1000, "assumed")                                \
    X(g, REAL, hazard_ratio, 0.75, 0.05, 1, "1",                                                   \
      "offending hazard ratio of the services while housed by the programme",                      \
      "assumed: Fontaine et al. 2012 (Returning Home-Ohio); size assumed below the reported -40%")

RG_PARAM_STRUCT(rg_params_supported_housing, SUPPORTED_HOUSING_PARAMS);
RG_PARAM_SPECS(rg_params_supported_housing, SUPPORTED_HOUSING_PARAMS);

#define SUPPORTED_HOUSING_FIELDS(X, m) RG_PROGRAMME_FIELDS(X, m, housing_prog)

RG_COLUMN_STRUCT(rg_cols_supported_housing, SUPPORTED_HOUSING_FIELDS);
RG_FIELD_SPECS(rg_cols_supported_housing, SUPPORTED_HOUSING_FIELDS);
RG_PROGRAMME_DRAWS(draws, "supported_housing", 47);

static void sh_eligible(const rg_run *run, const rg_instance *self, size_t begin, size_t end,
                        uint8_t *ok)
{
    (void)self;
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_cols_housing *housing = RG_COLS(run, housing);
    for (size_t i = begin; i < end; i++)
        ok[i - begin] = justice->status[i] == RG_FREE && housing->housing[i] != RG_HOUSING_STABLE;
}

static void sh_need(const rg_run *run, const rg_instance *self, size_t begin, size_t end,
                    double *need)
{
    (void)self;
    const struct rg_cols_housing *housing = RG_COLS(run, housing);
    for (size_t i = begin; i < end; i++) need[i - begin] = housing->housing[i];
}

static double sh_hazard(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)run;
    const struct rg_cols_supported_housing *supported_housing = self->cols;
    const struct rg_params_supported_housing *q = self->params;
    return supported_housing->housing_prog_state[i] == RG_PROG_ACTIVE ? q->hazard_ratio : 1.0;
}

static double sh_held(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)run;
    const struct rg_cols_supported_housing *supported_housing = self->cols;
    return supported_housing->housing_prog_state[i] == RG_PROG_ACTIVE ? 1.0 : NAN;
}

/* Participants without a stable home get one. */
static rg_status sh_market(rg_run *run, rg_instance *self, rg_error *err)
{
    const struct rg_cols_supported_housing *supported_housing = self->cols;
    RG_TRY(rg_programme_admit(run, self, err));
    /* Nobody takes part before the programme starts (rg_programme_admit). */
    const rg_programme *prog = rg_programme_of(self);
    if (!prog->enabled || run->month < prog->start_month) return RG_OK;
    /* By blocks in parallel: a move touches only its person and the events of the
     * person's block, appended in id order as one pass would. */
    const long long nb = (long long)run->n_blocks;
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run))
    for (long long b = 0; b < nb; b++)
        for (size_t i = run->blocks[b].begin; i < run->blocks[b].end; i++)
            if (supported_housing->housing_prog_state[i] == RG_PROG_ACTIVE)
                rg_housing_give_home(run, i);
    return RG_OK;
}

const rg_module rg_supported_housing_module = {
    .name = "supported_housing",
    .mechanism = "Supported housing: people without stable housing, the homeless first, get a "
                 "stable home at once and offend less while the programme houses them; when it "
                 "ends they may keep the home or lose it.",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_supported_housing),
    RG_MODULE_FIELDS(rg_cols_supported_housing),
    .summary = "supported housing. Eligible: free, not stably housed. Need: homeless "
               "before unstable. Effect: a stable home at once, held while housed; "
               "hazard x `hazard_ratio` while housed. Lasts: while housed by the "
               "programme (`duration_months`); the home may then be kept or lost",
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
    .free = rg_free_state,
    .effects = (const rg_effect[]){{&rg_offending_hazard, sh_hazard},
                                   {&rg_housing_held, sh_held},
                                   {NULL, NULL}},
    .programme = &(const rg_programme_spec){.eligible = sh_eligible, .need = sh_need},
};
