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
    *relapsed = 0;
    if (c == RG_CONDITION_NONE) return c;
    const double u = rg_u01_of(first, second);
    if (c == RG_CONDITION_ACTIVE && u < treat) return RG_CONDITION_RECOVERY;
    if (c == RG_CONDITION_RECOVERY && u < relapse) {
        *relapsed = 1;
        return RG_CONDITION_ACTIVE;
    }
    return c;
}

static void health_agents(rg_run *run, rg_instance *self, rg_block *blk)
{
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_cols_family *family = RG_COLS(run, family);
    const struct rg_cols_housing *housing = RG_COLS(run, housing);
    const struct rg_cols_health *health = self->cols;
    const struct rg_cols_stigma *stigma = RG_COLS(run, stigma);
    const struct rg_params_health *h = self->params;
    const double help = RG_PARAMS(&run->p, stigma)->help_effect;
    const rg_effect_list *treatment = rg_run_effects(run, &rg_health_treatment);
    rg_tile tile; /* the month's draws, for a tile of agents at a time */
    rg_tile_init(&tile, run->seed, &draws[DRAW_MONTH], 0, blk->month, blk->end);
    for (size_t i = blk->begin; i < blk->end; i++) {
        if (justice->status[i] != RG_FREE) continue;
        /* Without either condition nothing can happen (and no draws are needed:
         * they are keyed, so not drawing them moves no other number). */
        if (health->substance_use[i] == RG_CONDITION_NONE &&
            health->mental_illness[i] == RG_CONDITION_NONE)
            continue;
        const philox4x32_ctr_t *b = rg_tile_block(&tile, i);
        double treat = rg_effects_apply(run, treatment, i,
                                        h->treatment_rate * (1.0 - help * stigma->stigma[i]));
        double relapse =
            h->relapse_rate * (1.0 + h->relapse_strain_effect * family->family_strain[i]) *
            (housing->housing[i] == RG_HOUSING_HOMELESS ? h->relapse_homeless_factor : 1.0);
        int relapsed;
        health->substance_use[i] =
            condition_step(health->substance_use[i], b->v[0], b->v[1], treat, relapse, &relapsed);
        if (relapsed) {
            health->last_relapse[i] = (int16_t)blk->month;
            rg_block_event(blk, i, RG_EV_RELAPSE, 0);
        }
        health->mental_illness[i] =
            condition_step(health->mental_illness[i], b->v[2], b->v[3], treat, relapse, &relapsed);
        if (relapsed) {
            health->last_relapse[i] = (int16_t)blk->month;
            rg_block_event(blk, i, RG_EV_RELAPSE, 1);
        }
    }
}

/* Active conditions of free people in [begin, end), at most COUNT_CHUNK of them, in
 * 32-bit counters (which the compiler vectorises). */
enum { COUNT_CHUNK = 4096 };
static void count_active(const struct rg_cols_justice *justice, const struct rg_cols_health *health,
                         size_t begin, size_t end, uint32_t *sub, uint32_t *mental)
{
    uint32_t s = 0, m = 0;
    for (size_t i = begin; i < end; i++) {
        const int free_ = justice->status[i] == RG_FREE;
        s += free_ & (health->substance_use[i] == RG_CONDITION_ACTIVE);
        m += free_ & (health->mental_illness[i] == RG_CONDITION_ACTIVE);
    }
    *sub = s;
    *mental = m;
}

static void health_record(const rg_run *run, rg_instance *self, void *out)
{
    struct rg_summary_health *row = out;
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_cols_health *health = self->cols;
    const size_t n = run->a.n;
    const long long chunks = (long long)((n + COUNT_CHUNK - 1) / COUNT_CHUNK);
    int64_t sub = 0, mental = 0;
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run)) reduction(+ : sub, mental)
    for (long long k = 0; k < chunks; k++) {
        const size_t begin = (size_t)k * COUNT_CHUNK;
        uint32_t s, m;
        count_active(justice, health, begin, begin + COUNT_CHUNK < n ? begin + COUNT_CHUNK : n, &s,
                     &m);
        sub += s;
        mental += m;
    }
    row->substance_active = sub;
    row->mental_active = mental;
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
