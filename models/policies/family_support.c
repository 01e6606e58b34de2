/*
 * Family support . Eligible: free people with a family (capacity
 * above 0.1). Need: strain. While taking part, strain eases
 * `strain_recovery_factor` times faster; completion adds `capacity_gain` to the
 * family's capacity. People released after the start are also more often visited
 * before release (`visit_share_extra`). Effects through family's effect points.
 */
#include "reintegra/family.h"
#include "reintegra/justice.h"
#include "reintegra/population.h"
#include "reintegra/programme.h"

/* Family support: strain eases twice as fast, capacity grows on completion;
 * more visits before release (Duwe & Clark 2011). */
#define FAMILY_SUPPORT_PARAMS(X, g)                                                                \
    RG_PROGRAMME_COMMON_PARAMS(X, g, 50, 6, 0.03, 200, "assumed")                                  \
    X(g, REAL, strain_recovery_factor, 2, 1, 10, "1", "strain eases this many times faster",       \
      "assumed")                                                                                   \
    X(g, REAL, capacity_gain, 0.1, 0, 1, "index 0-1", "family capacity gained on completion",      \
      "assumed")                                                                                   \
    X(g, REAL, visit_share_extra, 0.2, 0, 1, "share",                                              \
      "extra share visited before release, for people released after the start",                   \
      "assumed (Duwe & Clark 2011: 39% never visited)")

RG_PARAM_STRUCT(rg_params_family_support, FAMILY_SUPPORT_PARAMS);
RG_PARAM_SPECS(rg_params_family_support, FAMILY_SUPPORT_PARAMS);

#define FAMILY_SUPPORT_FIELDS(X, m) RG_PROGRAMME_FIELDS(X, m, family_prog)

RG_COLUMN_STRUCT(rg_cols_family_support, FAMILY_SUPPORT_FIELDS);
RG_FIELD_SPECS(rg_cols_family_support, FAMILY_SUPPORT_FIELDS);
RG_PROGRAMME_DRAWS(draws, "family_support", 49);

static void fs_eligible(const rg_run *run, const rg_instance *self, size_t begin, size_t end,
                        uint8_t *ok)
{
    (void)self;
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_cols_family *family = RG_COLS(run, family);
    for (size_t i = begin; i < end; i++)
        ok[i - begin] = justice->status[i] == RG_FREE && family->family_capacity[i] > 0.1f;
}

static void fs_need(const rg_run *run, const rg_instance *self, size_t begin, size_t end,
                    double *need)
{
    (void)self;
    const struct rg_cols_family *family = RG_COLS(run, family);
    for (size_t i = begin; i < end; i++) need[i - begin] = family->family_strain[i];
}

static void fs_ended(rg_run *run, rg_instance *self, rg_block *blk, size_t i, int completed)
{
    (void)blk;
    const struct rg_params_family_support *q = self->params;
    if (completed) rg_family_add_capacity(run, i, (float)q->capacity_gain);
}

/* Strain eases strain_recovery_factor times faster while taking part. */
static double fs_recovery(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)run;
    const struct rg_cols_family_support *family_support = self->cols;
    const struct rg_params_family_support *q = self->params;
    return family_support->family_prog_state[i] == RG_PROG_ACTIVE ? q->strain_recovery_factor : 1.0;
}

/* More visits before release for people released after the start. */
static double fs_visits(const rg_run *run, const rg_instance *self, size_t i)
{
    const struct rg_cols_population *population = RG_COLS(run, population);
    const struct rg_params_family_support *fs = self->params;
    return fs->enabled && population->release_month[i] >= fs->start_month ? fs->visit_share_extra
                                                                          : 0;
}

const rg_module rg_family_support_module = {
    .name = "family_support",
    .mechanism = "Family support: strained families get help, so strain eases faster and families "
                 "can support more on completion, and more people are visited in prison before "
                 "release; family support in turn lowers offending and keeps people housed.",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_family_support),
    RG_MODULE_FIELDS(rg_cols_family_support),
    .summary = "family support. Eligible: free, family capacity > 0.1. Need: strain. "
               "Effect: strain eases `strain_recovery_factor` times faster; capacity + "
               "`capacity_gain` on completion; `visit_share_extra` more visited before "
               "release. Lasts: faster easing while in it; the capacity is kept (assumed)",
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
    .free = rg_free_state,
    .effects = (const rg_effect[]){{&rg_family_strain_recovery, fs_recovery},
                                   {&rg_family_visits, fs_visits},
                                   {NULL, NULL}},
    .programme =
        &(const rg_programme_spec){.eligible = fs_eligible, .need = fs_need, .ended = fs_ended},
};
