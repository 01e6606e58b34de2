/*
 * Health: substance use disorder and mental illness (see health.h). Each month a
 * free person with an active condition may enter treatment (less often with
 * internalised stigma: help-seeking falls); a person in recovery may relapse
 * (more often under family strain and when homeless).
 */
#include "reintegra/family.h"
#include "reintegra/health.h"
#include "reintegra/housing.h"
#include "reintegra/justice.h"
#include "reintegra/module.h"
#include "reintegra/rng.h"
#include "reintegra/stigma.h"

RG_PARAM_SPECS(rg_params_health, RG_HEALTH_PARAMS);
RG_FIELD_SPECS(rg_cols_health, RG_HEALTH_FIELDS);
RG_SUMMARY_SPECS(rg_summary_health, RG_HEALTH_SUMMARY);
RG_EVENT_SPECS(health, RG_HEALTH_EVENTS);

/* Random purposes (rng.h). */
enum { DRAW_START, DRAW_MONTH };
static const rg_purpose draws[] = {
    [DRAW_START] = RG_DRAW("health.at_release", 22, 4, ONCE, AGENT, 0, 8,
                           "substance use disorder and whether active, then mental illness"),
    [DRAW_MONTH] = RG_DRAW("health.month", 28, 0, MONTHLY, AGENT, 0, 4,
                           "treatment or relapse of substance use, then of mental illness"),
};

const rg_effect_point rg_health_treatment = {
    "health.treatment", RG_COMBINE_SET, "agent",
    "replaces the monthly probability that an active condition enters treatment"};

static rg_status health_init(rg_run *run, rg_instance *self, rg_error *err)
{
    const struct rg_cols_health *health = self->cols;
    (void)err;
    const struct rg_params_health *h = self->params;
    const long long n = (long long)run->a.n;
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run))
    for (long long i = 0; i < n; i++) {
        rg_rng r;
        rg_rng_at(&r, run->seed, &draws[DRAW_START], (uint64_t)i, 0);
        double us = rg_rng_u01(&r), as = rg_rng_u01(&r), um = rg_rng_u01(&r), am = rg_rng_u01(&r);
        health->substance_use[i] = us >= h->prevalence_substance ? RG_CONDITION_NONE
                                   : as < h->active_at_release   ? RG_CONDITION_ACTIVE
                                                                 : RG_CONDITION_RECOVERY;
        health->mental_illness[i] = um >= h->prevalence_mental  ? RG_CONDITION_NONE
                                    : am < h->active_at_release ? RG_CONDITION_ACTIVE
                                                                : RG_CONDITION_RECOVERY;
        health->last_relapse[i] = -1;
    }
    return RG_OK;
}

/* One condition's month: treatment if active, relapse if in recovery; the uniform
 * is made of the 32-bit outputs `first` and `second` (only when needed). */
static uint8_t condition_step(uint8_t c, uint32_t first, uint32_t second, double treat,
                              double relapse, int *relapsed)
{
    /* Without branches: the condition is as good as random from person to person. */
    const double u = rg_u01_of(first, second);
    const int recovers = (c == RG_CONDITION_ACTIVE) & (u < treat);
    const int relapses = (c == RG_CONDITION_RECOVERY) & (u < relapse);
    *relapsed = relapses;
    _Static_assert(RG_CONDITION_RECOVERY == RG_CONDITION_ACTIVE + 1, "recovery follows active");
    return (uint8_t)(c + recovers - relapses); /* active -> recovery, recovery -> active */
}

static void health_agents(rg_run *run, rg_instance *self, rg_block *blk)
{
    const struct rg_cols_health *health = self->cols;
    const struct rg_params_health *h = self->params;
    const double help = RG_PARAMS(&run->p, stigma)->help_effect;
    const rg_effect_list *treatment = rg_run_effects(run, &rg_health_treatment);
    /* Columns and parameters in locals: the loop's byte stores could alias the
     * structures that hold them, which would reload them for every person. */
    const uint8_t *status = RG_COLS(run, justice)->status,
                  *housing = RG_COLS(run, housing)->housing;
    const float *strain = RG_COLS(run, family)->family_strain,
                *stigma = RG_COLS(run, stigma)->stigma;
    uint8_t *substance = health->substance_use, *mental = health->mental_illness;
    int16_t *last_relapse = health->last_relapse;
    const double treatment_rate = h->treatment_rate, relapse_rate = h->relapse_rate,
                 strain_effect = h->relapse_strain_effect, homeless = h->relapse_homeless_factor;
    const int month = blk->month;
    /* Free people with a condition: without either nothing can happen (and no draws
     * are needed: they are keyed, so not drawing them moves no other number). Listed
     * first without a branch, since who has one is as good as random. */
    _Static_assert(RG_CONDITION_NONE == 0 && RG_BLOCK_SIZE <= 65536, "none is 0; offsets fit");
    uint16_t who[RG_BLOCK_SIZE]; /* offsets in the block */
    size_t n = 0;
    for (size_t i = blk->begin; i < blk->end; i++) {
        who[n] = (uint16_t)(i - blk->begin);
        n += (status[i] == RG_FREE) & ((substance[i] | mental[i]) != RG_CONDITION_NONE);
    }
    rg_tile tile; /* the month's draws, for a tile of agents at a time */
    rg_tile_init(&tile, run->seed, &draws[DRAW_MONTH], 0, month, blk->end);
    for (size_t k = 0; k < n; k++) {
        const size_t i = blk->begin + who[k];
        const philox4x32_ctr_t *b = rg_tile_block(&tile, i);
        double treat =
            rg_effects_apply(run, treatment, i, treatment_rate * (1.0 - help * stigma[i]));
        double relapse = relapse_rate * (1.0 + strain_effect * strain[i]) *
                         (housing[i] == RG_HOUSING_HOMELESS ? homeless : 1.0);
        int relapsed;
        substance[i] = condition_step(substance[i], b->v[0], b->v[1], treat, relapse, &relapsed);
        if (relapsed) {
            last_relapse[i] = (int16_t)month;
            rg_block_event(blk, i, RG_EV_RELAPSE, 0);
        }
        mental[i] = condition_step(mental[i], b->v[2], b->v[3], treat, relapse, &relapsed);
        if (relapsed) {
            last_relapse[i] = (int16_t)month;
            rg_block_event(blk, i, RG_EV_RELAPSE, 1);
        }
    }
}

/* Active conditions of free people among agents [begin, end) (rg_run_count: at most
 * RG_BLOCK_SIZE, so 32-bit counters, which the compiler vectorises): substance use,
 * mental illness. */
static void count_active(const rg_run *run, size_t begin, size_t end, int64_t *counts, void *ctx)
{
    const uint8_t *status = RG_COLS(run, justice)->status;
    const struct rg_cols_health *health = RG_COLS(run, health);
    (void)ctx;
    uint32_t s = 0, m = 0;
    for (size_t i = begin; i < end; i++) {
        const int free_ = status[i] == RG_FREE;
        s += free_ & (health->substance_use[i] == RG_CONDITION_ACTIVE);
        m += free_ & (health->mental_illness[i] == RG_CONDITION_ACTIVE);
    }
    counts[0] += s;
    counts[1] += m;
}

static void health_record(const rg_run *run, rg_instance *self, void *out)
{
    struct rg_summary_health *row = out;
    int64_t c[2] = {0, 0};
    (void)self;
    rg_run_count(run, run->a.n, 2, c, count_active, NULL);
    row->substance_active = c[0];
    row->mental_active = c[1];
}

const rg_module rg_health_module = {
    .name = "health",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_health),
    RG_MODULE_FIELDS(rg_cols_health),
    RG_MODULE_SUMMARY(rg_summary_health),
    RG_MODULE_EVENTS(health),
    .summary = "substance use disorder and mental illness: treatment, recovery, relapse",
    .on =
        {
            [RG_PHASE_INIT] = {.global = health_init, .what = "conditions at release"},
            [RG_PHASE_AGENT] = {.agents = health_agents, .what = "treatment and relapse"},
            [RG_PHASE_RECORD] = {.record = health_record},
        },
    .points = (const rg_effect_point *const[]){&rg_health_treatment, NULL},
};
