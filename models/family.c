/*
 * Family (see family.h): strain grows with conflict, arrest and relapse and
 * eases each month; support = capacity x (1 - strain) until strain passes the
 * breakdown level, after which support is gone until it is rebuilt.
 */
#include <math.h>

#include "reintegra/family.h"
#include "reintegra/health.h"
#include "reintegra/justice.h"
#include "reintegra/module.h"
#include "reintegra/rng.h"

/* Beta(mean m, concentration c) from one gsl_rng. */
#include <gsl/gsl_randist.h>

RG_PARAM_SPECS(rg_params_family, RG_FAMILY_PARAMS);
RG_FIELD_SPECS(rg_cols_family, RG_FAMILY_FIELDS);
RG_SUMMARY_SPECS(rg_summary_family, RG_FAMILY_SUMMARY);
RG_EVENT_SPECS(family, RG_FAMILY_EVENTS);

/* Random purposes (rng.h). */
enum { DRAW_START, DRAW_MONTH };
static const rg_purpose draws[] = {
    [DRAW_START] = RG_DRAW("family.at_release", 22, 2, ONCE, AGENT, 0, 0,
                           "visited in prison, then family capacity (beta)"),
    [DRAW_MONTH] = RG_DRAW("family.month", 26, 0, MONTHLY, AGENT, 0, 4,
                           "a conflict, then the repair of broken support"),
};
static double beta_mean(gsl_rng *g, double m, double c)
{
    return gsl_ran_beta(g, m * c, (1.0 - m) * c);
}

const rg_effect_point rg_family_strain_recovery = {
    "family.strain_recovery", RG_COMBINE_FACTOR, "agent",
    "multiplies the share of a family's strain that eases this month"};
const rg_effect_point rg_family_visits = {
    "family.visits", RG_COMBINE_TERM, "agent",
    "adds to the probability of having been visited in prison (drawn at initialisation)"};

void rg_family_add_capacity(rg_run *run, size_t i, float gain)
{
    const struct rg_cols_family *family = RG_COLS(run, family);
    float c = family->family_capacity[i] + gain;
    family->family_capacity[i] = c > 1.0f ? 1.0f : c;
}

static rg_status family_validate(const rg_params *p, const void *params, rg_error *err)
{
    (void)p;
    const struct rg_params_family *f = params;
    if (f->staying_support > f->housing_support)
        return rg_error_set(err, RG_EINPUT,
                            "family.staying_support (%g) is above family.housing_support (%g); "
                            "letting someone stay needs less support than housing them",
                            f->staying_support, f->housing_support);
    return RG_OK;
}

static rg_status family_init(rg_run *run, rg_instance *self, rg_error *err)
{
    const struct rg_cols_family *family = self->cols;
    (void)err;
    const struct rg_params_family *f = self->params;
    const rg_effect_list *visits = rg_run_effects(run, &rg_family_visits);
    const long long n = (long long)run->a.n;
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run))
    for (long long i = 0; i < n; i++) {
        gsl_rng *g = rg_run_gsl(run);
        rg_gsl_rng_at(g, run->seed, &draws[DRAW_START], (uint64_t)i, 0);
        /* Programmes may add visits (the same draw, so common random numbers hold). */
        double share = rg_effects_apply(run, visits, (size_t)i, f->share_visited);
        family->visited[i] = gsl_rng_uniform(g) < share;
        double mean = f->capacity_mean + (family->visited[i] ? f->visited_capacity_extra : 0.0);
        if (mean > 0.99) mean = 0.99;
        family->family_capacity[i] = (float)beta_mean(g, mean, 4.0);
        family->family_strain[i] = 0.0f;
        family->family_broken[i] = 0;
        family->family_support[i] = family->family_capacity[i];
    }
    return RG_OK;
}

static void family_agents(rg_run *run, rg_instance *self, rg_block *blk)
{
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_cols_family *family = self->cols;
    const struct rg_cols_health *health = RG_COLS(run, health);
    const struct rg_params_family *f = self->params;
    const rg_effect_list *recovery_factors = rg_run_effects(run, &rg_family_strain_recovery);
    const int month = blk->month;
    rg_tile tile; /* the month's draws, for a tile of agents at a time */
    rg_tile_init(&tile, run->seed, &draws[DRAW_MONTH], 0, month, blk->end);
    /* Without contributions the share of strain kept is the same for everyone. */
    const double recovery0 = f->strain_recovery;
    const double keep0 = 1.0 - (recovery0 > 1 ? 1 : recovery0);
    /* Columns and parameters in locals: the loop's byte stores could alias the
     * structures that hold them, which would reload them for every person. */
    const uint8_t *status_of = justice->status;
    const int16_t *last_arrest = justice->last_arrest, *last_relapse = health->last_relapse;
    float *strain_of = family->family_strain, *support_of = family->family_support;
    const float *capacity = family->family_capacity;
    uint8_t *broken_of = family->family_broken;
    const double conflict_rate = f->conflict_rate, strain_conflict = f->strain_conflict,
                 strain_arrest = f->strain_arrest, strain_relapse = f->strain_relapse,
                 breakdown = f->breakdown_strain, repair_rate = f->repair_rate;
    for (size_t i = blk->begin; i < blk->end; i++) {
        const uint8_t status = status_of[i], broken = broken_of[i];
        if (status == RG_PENDING) continue;
        /* A conflict needs a free person, a repair broken support: others need no
         * draws (keyed, so not drawing them moves no other number). */
        const philox4x32_ctr_t *b = NULL;
        if (status == RG_FREE || broken) b = rg_tile_block(&tile, i);
        double keep = keep0;
        if (recovery_factors->n > 0) {
            const double recovery = rg_effects_apply(run, recovery_factors, i, recovery0);
            keep = 1.0 - (recovery > 1 ? 1 : recovery);
        }
        double strain = strain_of[i] * keep;
        if (status == RG_FREE && rg_u01_of(b->v[0], b->v[1]) < conflict_rate)
            strain += strain_conflict;
        if (last_arrest[i] == month - 1 && month > 0) strain += strain_arrest;
        if (last_relapse[i] == month) strain += strain_relapse;
        if (strain > 1.0) strain = 1.0;
        strain_of[i] = (float)strain;
        uint8_t now = broken;
        if (!broken && strain >= breakdown) {
            broken_of[i] = now = 1;
            rg_block_event(blk, i, RG_EV_FAMILY_BREAKDOWN, 0);
        } else if (broken && strain < breakdown && rg_u01_of(b->v[2], b->v[3]) < repair_rate) {
            broken_of[i] = now = 0;
            rg_block_event(blk, i, RG_EV_FAMILY_REPAIR, 0);
        }
        support_of[i] = now ? 0.0f : (float)(capacity[i] * (1.0 - strain));
    }
}

/* Free people with support above one half among agents [begin, end) (rg_run_count:
 * at most RG_BLOCK_SIZE, so a 32-bit counter, which the compiler vectorises). */
static void count_supported(const rg_run *run, size_t begin, size_t end, int64_t *counts, void *ctx)
{
    const uint8_t *status = RG_COLS(run, justice)->status;
    const float *support = RG_COLS(run, family)->family_support;
    (void)ctx;
    uint32_t c = 0;
    for (size_t i = begin; i < end; i++) c += (status[i] == RG_FREE) & (support[i] > 0.5f);
    counts[0] += c;
}

static void family_record(const rg_run *run, rg_instance *self, void *out)
{
    struct rg_summary_family *row = out;
    int64_t supported = 0;
    (void)self;
    rg_run_count(run, run->a.n, 1, &supported, count_supported, NULL);
    row->family_support = supported;
}

const rg_module rg_family_module = {
    .name = "family",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_family),
    RG_MODULE_FIELDS(rg_cols_family),
    RG_MODULE_SUMMARY(rg_summary_family),
    RG_MODULE_EVENTS(family),
    .summary = "family capacity, strain, support, breakdown and repair; prison visits",
    .validate = family_validate,
    .on =
        {
            [RG_PHASE_INIT] = {.global = family_init,
                               .after = "population",
                               .what = "visits before release; capacity"},
            [RG_PHASE_AGENT] = {.agents = family_agents,
                                .after = "health",
                                .what = "strain, support, breakdown and repair"},
            [RG_PHASE_RECORD] = {.record = family_record},
        },
    .points = (const rg_effect_point *const[]){&rg_family_strain_recovery, &rg_family_visits, NULL},
};
