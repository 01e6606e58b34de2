/*
 * Stigma (see stigma.h). Public stigma per neighbourhood relaxes towards a level
 * set by its baseline, campaigns, visible reoffending and positive contact;
 * internalised stigma per person grows with rejection and eases with support.
 */
#include <math.h>
#include <string.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "reintegra/employment.h"
#include "reintegra/family.h"
#include "reintegra/health.h"
#include "reintegra/housing.h"
#include "reintegra/justice.h"
#include "reintegra/mentors.h"
#include "reintegra/module.h"
#include "reintegra/population.h"
#include "reintegra/rng.h"
#include "reintegra/stigma.h"

RG_PARAM_SPECS(rg_params_stigma, RG_STIGMA_PARAMS);
RG_FIELD_SPECS(rg_cols_stigma, RG_STIGMA_FIELDS);
RG_SUMMARY_SPECS(rg_summary_stigma, RG_STIGMA_SUMMARY);

/* Random purposes (rng.h). */
enum { DRAW_BASELINE, DRAW_INTERNAL };
static const rg_purpose draws[] = {
    [DRAW_BASELINE] = RG_DRAW("stigma.baseline", 20, 1, ONCE, NEIGHBOURHOOD, 0, 2,
                              "each neighbourhood's baseline public stigma"),
    [DRAW_INTERNAL] = RG_DRAW("stigma.internal", 22, 3, ONCE, AGENT, 0, 0,
                              "internalised stigma at release (beta)"),
};

typedef struct stigma_state {
    double *public_;                        /* [neighbourhood] public stigma now */
    double *baseline;                       /* [neighbourhood] */
    int64_t *residents, *arrests, *contact; /* [neighbourhood] this month */
} stigma_state;

static const rg_output_spec outputs[] = {
    {"world", "stigma_public", RG_OUTPUT_SERIES, RG_H5_F64, "N", "index 0-1",
     "public stigma of each neighbourhood at the end of the month"},
    {"neighbourhoods", "stigma_baseline", RG_OUTPUT_TABLE, RG_H5_F64, "N", "index 0-1",
     "baseline public stigma of each neighbourhood"},
};

const double *rg_stigma_public(const rg_run *run)
{
    const stigma_state *s = rg_run_state(run, &rg_stigma_module);
    return s ? s->public_ : NULL;
}

const rg_effect_point rg_stigma_baseline = {
    "stigma.baseline", RG_COMBINE_FACTOR, "neighbourhood",
    "multiplies the baseline level of public stigma in neighbourhood n (a campaign lowers it)"};

static double clamp01(double x)
{
    return x < 0 ? 0 : (x > 1 ? 1 : x);
}

static rg_status stigma_init(rg_run *run, rg_instance *self, rg_error *err)
{
    const struct rg_cols_health *health = RG_COLS(run, health);
    const struct rg_cols_stigma *stigma = self->cols;
    const struct rg_params_stigma *q = self->params;
    const int nb = rg_population_neighbourhoods(run);
    stigma_state *s = calloc(1, sizeof *s);
    if (s) {
        s->public_ = malloc(sizeof(double) * (size_t)nb);
        s->baseline = malloc(sizeof(double) * (size_t)nb);
        /* One array of counts: residents, arrests, contact (rg_run_count). */
        s->residents = malloc(sizeof(int64_t) * 3 * (size_t)nb);
    }
    self->state = s;
    if (s && s->residents) {
        s->arrests = s->residents + nb;
        s->contact = s->residents + 2 * nb;
    }
    if (!s || !s->public_ || !s->baseline || !s->residents)
        return rg_error_set(err, RG_EINTERNAL, "stigma: out of memory");
    for (int n = 0; n < nb; n++) {
        double u = rg_draw(run->seed, &draws[DRAW_BASELINE], (uint64_t)n, 0);
        s->baseline[n] = clamp01(q->public_mean + q->public_spread * (2.0 * u - 1.0));
        s->public_[n] = s->baseline[n];
    }
    const long long n = (long long)run->a.n;
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run))
    for (long long i = 0; i < n; i++) {
        gsl_rng *g = rg_run_gsl(run);
        rg_gsl_rng_at(g, run->seed, &draws[DRAW_INTERNAL], (uint64_t)i, 0);
        double m =
            q->internal_mean +
            (health->mental_illness[i] != RG_CONDITION_NONE ? q->internal_mental_extra : 0.0);
        m = m > 0.99 ? 0.99 : m;
        stigma->stigma[i] = (float)gsl_ran_beta(g, 6.0 * m, 6.0 * (1.0 - m));
    }
    RG_TRY(rg_run_output(run, self, "stigma_public", s->public_, (size_t)nb, err));
    return rg_run_output(run, self, "stigma_baseline", s->baseline, (size_t)nb, err);
}

static void stigma_agents(rg_run *run, rg_instance *self, rg_block *blk)
{
    const struct rg_cols_employment *employment = RG_COLS(run, employment);
    const struct rg_cols_mentors *mentors = RG_COLS(run, mentors);
    const struct rg_cols_stigma *own = self->cols;
    const struct rg_params_stigma *q = self->params;
    /* Columns and parameters in locals: the loop's stores could alias the
     * structures that hold them, which would reload them for every person. */
    const uint8_t *status = RG_COLS(run, justice)->status, *employed = employment->employed,
                  *refused = RG_COLS(run, housing)->housing_refused,
                  *rejections = employment->rejections;
    const float *support_of = RG_COLS(run, family)->family_support,
                *quality = mentors->mentor_quality;
    const int32_t *mentor = mentors->mentor;
    float *stigma = own->stigma;
    const double recovery = q->internal_recovery, recovery_support = q->recovery_support,
                 rejection = q->internal_rejection;
    /* Without branches (everyone's new value computed, the free people's kept), so
     * that the loop runs in vector lanes (this file is compiled without trapping
     * math: CMakeLists.txt); the same arithmetic per person, so the same numbers. */
    for (size_t i = blk->begin; i < blk->end; i++) {
        const double mentoring = quality[i]; /* read always (a load in a branch is one) */
        const double support =
            support_of[i] + (mentor[i] >= 0 ? mentoring : 0.0) + (employed[i] ? 1.0 : 0.0);
        const double ease = recovery * (1.0 + recovery_support * support / 3.0);
        const double x =
            stigma[i] * (1.0 - (ease > 1 ? 1 : ease)) + rejection * (rejections[i] + refused[i]);
        const float now = (float)clamp01(x);
        stigma[i] = status[i] == RG_FREE ? now : stigma[i];
    }
}

/* Each neighbourhood's free residents, arrests this month and residents in
 * contact with others (work or a mentor) among agents [begin, end), into counts
 * [0, nb), [nb, 2 nb) and [2 nb, 3 nb). */
static void count_neighbourhoods(const rg_run *run, size_t begin, size_t end, int64_t *counts,
                                 void *ctx)
{
    const struct rg_cols_population *population = RG_COLS(run, population);
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_cols_employment *employment = RG_COLS(run, employment);
    const struct rg_cols_mentors *mentors = RG_COLS(run, mentors);
    const int nb = *(const int *)ctx, month = run->month;
    int64_t *residents = counts, *arrests = counts + nb, *contact = counts + 2 * nb;
    /* Neighbourhoods hold runs of consecutive ids (population.c): count a run in
     * registers and add it when the neighbourhood changes (integer sums, so the
     * same counts whatever the order). */
    size_t i = begin;
    while (i < end) {
        const uint16_t n = population->neighbourhood[i];
        size_t last = i + 1;
        while (last < end && population->neighbourhood[last] == n) last++;
        uint32_t r = 0, a = 0, c = 0;
        for (size_t k = i; k < last; k++) {
            const uint32_t free_ = justice->status[k] == RG_FREE;
            a += justice->last_arrest[k] == month;
            r += free_;
            c += free_ & ((employment->employed[k] != 0) | (mentors->mentor[k] >= 0));
        }
        residents[n] += r;
        arrests[n] += a;
        contact[n] += c;
        i = last;
    }
}

static rg_status stigma_world(rg_run *run, rg_instance *self, rg_error *err)
{
    (void)err;
    stigma_state *s = self->state;
    const struct rg_params_stigma *q = self->params;
    int nb = rg_population_neighbourhoods(run);
    const rg_effect_list *baseline = rg_run_effects(run, &rg_stigma_baseline);
    memset(s->residents, 0, sizeof *s->residents * 3 * (size_t)nb);
    rg_run_count(run, run->a.n, 3 * (size_t)nb, s->residents, count_neighbourhoods, &nb);
    for (int n = 0; n < nb; n++) {
        double people = s->residents[n] > 0 ? (double)s->residents[n] : 1.0;
        double level = s->baseline[n] * rg_effects_apply(run, baseline, (size_t)n, 1.0) +
                       q->offending_weight *
                           (12.0 * (double)s->arrests[n] / people - q->reference_arrest_rate) -
                       q->contact_weight * ((double)s->contact[n] / people - q->reference_contact);
        double *S = &s->public_[n];
        *S = clamp01(*S + q->public_adjust * (clamp01(level) - *S));
    }
    return RG_OK;
}

static double stigma_part(const rg_run *run, size_t begin, size_t end, void *ctx)
{
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_cols_stigma *stigma = RG_COLS(run, stigma);
    (void)ctx;
    /* Stigma times 1 or 0 by index, without a branch (adding 0 changes no sum). */
    static const double counted[2] = {0.0, 1.0};
    double sum = 0.0;
    for (size_t i = begin; i < end; i++)
        sum += (double)stigma->stigma[i] * counted[justice->status[i] == RG_FREE];
    return sum;
}

static void stigma_record(const rg_run *run, rg_instance *self, void *out)
{
    struct rg_summary_stigma *row = out;
    const stigma_state *st = self->state;
    const int nb = rg_population_neighbourhoods(run);
    const int64_t free_ = RG_SUMMARY(run, justice, run->month)->free;
    row->stigma_internal_mean =
        free_ ? rg_run_block_sum(run, stigma_part, NULL) / (double)free_ : 0.0;
    double s = 0;
    for (int k = 0; k < nb; k++) s += st->public_[k];
    row->stigma_public_mean = s / nb;
}

static void stigma_free(rg_run *run, rg_instance *self)
{
    (void)run;
    stigma_state *s = self->state;
    if (!s) return;
    free(s->public_);
    free(s->baseline);
    free(s->residents);
    free(s);
    self->state = NULL;
}

const rg_module rg_stigma_module = {
    .name = "stigma",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_stigma),
    RG_MODULE_FIELDS(rg_cols_stigma),
    RG_MODULE_SUMMARY(rg_summary_stigma),
    RG_MODULE_OUTPUTS(outputs),
    .summary = "public stigma of neighbourhoods and internalised stigma of people",
    .on =
        {
            [RG_PHASE_INIT] = {.global = stigma_init,
                               .after = "population, health",
                               .what = "baseline public stigma; internalised stigma"},
            [RG_PHASE_AGENT] = {.agents = stigma_agents,
                                .after = "family",
                                .what = "internalised stigma grows with rejection, eases with "
                                        "support"},
            [RG_PHASE_WORLD] = {.global = stigma_world,
                                .what = "public stigma relaxes towards its level"},
            [RG_PHASE_RECORD] = {.record = stigma_record, .after = "justice"},
        },
    .free = stigma_free,
    .points = (const rg_effect_point *const[]){&rg_stigma_baseline, NULL},
};
