/*
 * Housing (see housing.h). At release the family houses people it supports;
 * afterwards homes are lost (more often without work) and people without a stable
 * home search in their neighbourhood, where landlords screen and the affordable
 * stock coming free each month is shared out by a priority rule, then by id.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "reintegra/allocate.h"
#include "reintegra/employment.h"
#include "reintegra/family.h"
#include "reintegra/housing.h"
#include "reintegra/justice.h"
#include "reintegra/module.h"
#include "reintegra/population.h"
#include "reintegra/stigma.h"
#include "reintegra/rng.h"

RG_PARAM_SPECS(rg_params_housing, RG_HOUSING_PARAMS);
RG_FIELD_SPECS(rg_cols_housing, RG_HOUSING_FIELDS);
RG_SUMMARY_SPECS(rg_summary_housing, RG_HOUSING_SUMMARY);
RG_EVENT_SPECS(housing, RG_HOUSING_EVENTS);

/* Random purposes (rng.h). The agent phase and the landlords share a position,
 * one Philox block, a 32-bit output per decision: the loss of a home takes the
 * first, landlords the next three. */
enum { DRAW_STOCK_FACTOR, DRAW_LOSS, DRAW_LANDLORDS, DRAW_STOCK };
static const rg_purpose draws[] = {
    [DRAW_STOCK_FACTOR] = RG_DRAW("housing.stock_factor", 20, 2, ONCE, NEIGHBOURHOOD, 0, 0,
                                  "each neighbourhood's stock multiplier (lognormal)"),
    [DRAW_LOSS] = RG_DRAW("housing.loss", 27, 0, MONTHLY, AGENT, 0, 1,
                          "loss of a home, or unstable housing turning into homelessness"),
    [DRAW_LANDLORDS] = RG_DRAW("housing.landlords", 27, 0, MONTHLY, AGENT, 1, 3,
                               "whether a landlord screens, accepts, and the applicant's rank"),
    [DRAW_STOCK] = RG_DRAW("housing.stock", 32, 0, MONTHLY, NEIGHBOURHOOD, 0, 2,
                           "rounding of the homes coming free this month"),
};

typedef struct housing_state {
    double *stock_factor;     /* [neighbourhood] lognormal multiplier of the stock */
    double *stock;            /* [neighbourhood] homes/month per 100 people */
    int32_t *capacity;        /* [neighbourhood] homes free this month */
    int64_t *residents;       /* [neighbourhood] free people this month */
    rg_candidate_buf *blocks; /* per block of agents */
    rg_candidate_buf all;
} housing_state;

static const rg_output_spec outputs[] = {
    {"neighbourhoods", "housing_stock", RG_OUTPUT_TABLE, RG_H5_F64, "N",
     "homes/month per 100 people",
     "affordable homes coming free each month per 100 people returning"},
};

const rg_effect_point rg_housing_held = {
    "housing.held", RG_COMBINE_SET, "agent",
    "1 while a programme holds the person's home: no loss and no moves this month"};

static rg_status housing_init(rg_run *run, rg_instance *self, rg_error *err)
{
    const struct rg_cols_housing *housing = self->cols;
    const struct rg_params_housing *h = self->params;
    const int nb = rg_population_neighbourhoods(run);
    housing_state *s = calloc(1, sizeof *s);
    if (s) {
        s->stock_factor = malloc(sizeof *s->stock_factor * (size_t)nb);
        s->stock = malloc(sizeof *s->stock * (size_t)nb);
        s->capacity = malloc(sizeof *s->capacity * (size_t)nb);
        s->residents = malloc(sizeof *s->residents * (size_t)nb);
        s->blocks = calloc(run->n_blocks, sizeof *s->blocks);
    }
    self->state = s;
    if (!s || !s->stock_factor || !s->stock || !s->capacity || !s->residents || !s->blocks)
        return rg_error_set(err, RG_EINTERNAL, "housing: out of memory");
    /* Housing by place: exp(stock_disadvantage d_n), divided by its mean over the
     * (equal) neighbourhoods so that the average stock stays stock_per_100. */
    const double *d = rg_population_disadvantage(run);
    double place_sum = 0;
    for (int n = 0; n < nb; n++) place_sum += exp(h->stock_disadvantage * d[n]);
    for (int n = 0; n < nb; n++) {
        gsl_rng *g = run->gsl[0];
        rg_gsl_rng_at(g, run->seed, &draws[DRAW_STOCK_FACTOR], (uint64_t)n, 0);
        double z = gsl_ran_gaussian_ziggurat(g, 1.0);
        s->stock_factor[n] = exp(h->stock_spread * z - 0.5 * h->stock_spread * h->stock_spread);
        if (h->stock_disadvantage != 0)
            s->stock_factor[n] *= exp(h->stock_disadvantage * d[n]) * nb / place_sum;
        s->stock[n] = h->stock_per_100 * s->stock_factor[n];
    }
    for (size_t i = 0; i < run->a.n; i++) {
        housing->housing[i] = RG_HOUSING_HOMELESS;
        housing->months_stable_housing[i] = housing->months_homeless[i] = 0;
        housing->housing_refused[i] = 0;
    }
    return rg_run_output(run, self, "housing_stock", s->stock, (size_t)nb, err);
}

static void move(rg_block *blk, uint8_t *home, size_t i, uint8_t state)
{
    if (home[i] == state) return;
    home[i] = state;
    rg_block_event(blk, i, RG_EV_HOUSING_MOVE, state);
}

void rg_housing_give_home(rg_run *run, size_t i)
{
    const struct rg_cols_housing *housing = RG_COLS(run, housing);
    if (housing->housing[i] == RG_HOUSING_STABLE) return;
    housing->housing[i] = RG_HOUSING_STABLE;
    rg_block_event(&run->blocks[i / RG_BLOCK_SIZE], i, RG_EV_HOUSING_MOVE, RG_HOUSING_STABLE);
}

/* What housing's month reads: parameters in a local, so that the loop's byte
 * stores (which could alias the structures holding them) do not reload them. */
typedef struct housing_rules {
    double housing_support, staying_support, loss_rate, loss_no_income_extra, unstable_to_homeless;
} housing_rules;

/* The month of a free person who was not released this month: loss of a home,
 * moves with the family's support; u is the loss draw (1 when not drawn). */
static void housing_month(rg_block *blk, const housing_rules *r, uint8_t *home, size_t i,
                          double support, int employed, double u)
{
    if (home[i] == RG_HOUSING_STABLE) {
        /* the extra by index, without a branch (adding 0.0 changes nothing) */
        const double extra[2] = {r->loss_no_income_extra, 0.0};
        double loss = r->loss_rate + extra[employed != 0];
        if (u < loss)
            move(blk, home, i,
                 support >= r->staying_support ? RG_HOUSING_UNSTABLE : RG_HOUSING_HOMELESS);
    } else if (support >= r->housing_support) {
        move(blk, home, i, RG_HOUSING_STABLE);
    } else if (home[i] == RG_HOUSING_UNSTABLE && u < r->unstable_to_homeless) {
        move(blk, home, i, RG_HOUSING_HOMELESS);
    } else if (home[i] == RG_HOUSING_HOMELESS && support >= r->staying_support) {
        move(blk, home, i, RG_HOUSING_UNSTABLE);
    }
}

static void housing_agents(rg_run *run, rg_instance *self, rg_block *blk)
{
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_cols_housing *housing = self->cols;
    const struct rg_params_housing *h = self->params;
    const struct rg_params_family *f = RG_PARAMS(&run->p, family);
    const housing_rules r = {f->housing_support, f->staying_support, h->loss_rate,
                             h->loss_no_income_extra, h->unstable_to_homeless};
    const rg_effect_list *held = rg_run_effects(run, &rg_housing_held);
    const uint8_t *status = justice->status, *employed = RG_COLS(run, employment)->employed;
    const int16_t *months_free = justice->months_free;
    const float *support_of = RG_COLS(run, family)->family_support;
    uint8_t *home = housing->housing;
    uint16_t *stable_months = housing->months_stable_housing, *homeless = housing->months_homeless;
    const int month = blk->month;
    rg_tile tile; /* the month's loss draws, for a tile of agents at a time */
    rg_tile_init(&tile, run->seed, &draws[DRAW_LOSS], 0, month, blk->end);
    for (size_t i = blk->begin; i < blk->end; i++) {
        if (status[i] != RG_FREE) continue;
        const double support = support_of[i];
        if (months_free[i] == 0) {
            /* Released this month: family first. */
            home[i] = support >= r.housing_support   ? RG_HOUSING_STABLE
                      : support >= r.staying_support ? RG_HOUSING_UNSTABLE
                                                     : RG_HOUSING_HOMELESS;
            rg_block_event(blk, i, RG_EV_HOUSING_MOVE, home[i]);
        } else if (!(held->n > 0 && rg_effects_apply(run, held, i, 0.0) != 0.0)) {
            /* (Unless a programme holds the home.) The draw decides a loss of a
             * stable home or unstable housing turning into homelessness; nobody else
             * needs it (keyed draws: not drawing moves no other number). */
            const uint8_t now = home[i];
            double u = 1.0;
            if (now == RG_HOUSING_STABLE ||
                (now == RG_HOUSING_UNSTABLE && !(support >= r.housing_support)))
                u = rg_u01_32(rg_tile_block(&tile, i)->v[0]);
            housing_month(blk, &r, home, i, support, employed[i], u);
        }
        stable_months[i] += home[i] == RG_HOUSING_STABLE;
        homeless[i] += home[i] == RG_HOUSING_HOMELESS;
    }
}

/* What the landlords read and write (fetched once per block). */
typedef struct landlord_cols {
    const struct rg_params_housing *h;
    const double *stigma;
    const uint16_t *neighbourhood;
    const uint8_t *employed, *cleared;
    uint8_t *refused;
} landlord_cols;

/* A landlord's decision on person i's application (u: the draws' block). */
static void landlord_decides(const landlord_cols *c, size_t i, const philox4x32_ctr_t *u,
                             rg_candidate_buf *out)
{
    const struct rg_params_housing *h = c->h;
    const double u_screen = rg_u01_32(u->v[1]), u_accept = rg_u01_32(u->v[2]),
                 u_rank = rg_u01_32(u->v[3]);
    const int n = c->neighbourhood[i];
    double p = h->acceptance * (1.0 - h->stigma_effect * c->stigma[n]) *
               (c->employed[i] ? 1.0 : h->no_income_factor);
    if (!c->cleared[i] && u_screen < h->share_screen) p *= 1.0 - h->record_penalty;
    if (u_accept < p)
        rg_candidate_push(out, (uint32_t)n, (uint32_t)i,
                          (float)(u_rank + (c->employed[i] ? 1.0 : 0.0)));
    else
        c->refused[i] = 1;
}

/* Landlords' decisions for one block: who is accepted, with what priority. Only
 * free people without a stable home apply, a fifth of the block or so: their
 * draws are made for them alone (rg_picks), RG_TILE people at a time. */
static void applications(rg_run *run, const struct rg_params_housing *h, rg_block *blk,
                         rg_candidate_buf *block_out)
{
    /* Filled through a copy, stored back at the end: neighbouring blocks' buffers
     * share cache lines (as employment's screen_block). */
    rg_candidate_buf buf = *block_out, *out = &buf;
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_cols_housing *housing = RG_COLS(run, housing);
    const landlord_cols c = {h,
                             rg_stigma_public(run),
                             RG_COLS(run, population)->neighbourhood,
                             RG_COLS(run, employment)->employed,
                             justice->record_cleared,
                             housing->housing_refused};
    const uint8_t *status = justice->status, *home = housing->housing;
    rg_picks picks;
    rg_picks_init(&picks, run->seed, &draws[DRAW_LANDLORDS], blk->month);
    for (size_t base = blk->begin; base < blk->end; base += RG_TILE) {
        const size_t end = blk->end - base > RG_TILE ? base + RG_TILE : blk->end;
        rg_picks_clear(&picks);
        for (size_t i = base; i < end; i++) {
            c.refused[i] = 0;
            rg_pick_if(&picks, i, (status[i] == RG_FREE) & (home[i] != RG_HOUSING_STABLE));
        }
        rg_picks_fill(&picks);
        for (size_t k = 0; k < picks.n; k++)
            landlord_decides(&c, (size_t)picks.entity[k], &picks.b[k], out);
    }
    *block_out = buf;
}

/* Free people of each neighbourhood among agents [begin, end). */
static void count_residents(const rg_run *run, size_t begin, size_t end, int64_t *residents,
                            void *ctx)
{
    const struct rg_cols_population *population = RG_COLS(run, population);
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    (void)ctx;
    /* Neighbourhoods hold runs of consecutive ids (population.c): count a run in a
     * register (an integer sum, so the same count whatever the order). */
    size_t i = begin;
    while (i < end) {
        const uint16_t n = population->neighbourhood[i];
        size_t last = i + 1;
        while (last < end && population->neighbourhood[last] == n) last++;
        uint32_t r = 0;
        for (size_t k = i; k < last; k++) r += justice->status[k] == RG_FREE;
        residents[n] += r;
        i = last;
    }
}

/* Candidate k of the month's housing list moves in if it won a home. */
static int move_in(rg_run *run, size_t k, rg_event_buf *events, void *ctx)
{
    const rg_instance *self = ctx;
    const struct rg_cols_housing *housing = self->cols;
    const rg_candidate *c = &((const housing_state *)self->state)->all.c[k];
    (void)run;
    if (!c->won) return 1;
    housing->housing[c->agent] = RG_HOUSING_STABLE;
    return rg_event_buf_push(events, c->agent, RG_EV_HOUSING_MOVE, RG_HOUSING_STABLE);
}

static rg_status housing_market(rg_run *run, rg_instance *self, rg_error *err)
{
    housing_state *s = self->state;
    const struct rg_params_housing *h = self->params;
    const int nb = rg_population_neighbourhoods(run);
    for (int n = 0; n < nb; n++) s->residents[n] = 0;
    rg_run_count(run, run->a.n, (size_t)nb, s->residents, count_residents, NULL);
    for (int n = 0; n < nb; n++) {
        /* Stochastic rounding keeps the mean stock exact in small neighbourhoods. */
        double homes = h->stock_per_100 / 100.0 * s->stock_factor[n] * (double)s->residents[n];
        double u = rg_draw(run->seed, &draws[DRAW_STOCK], (uint64_t)n, run->month);
        s->capacity[n] = (int32_t)floor(homes + u);
    }
    const long long nblocks = (long long)run->n_blocks;
#pragma omp parallel for schedule(dynamic, 1) num_threads(rg_run_threads(run))
    for (long long b = 0; b < nblocks; b++) applications(run, h, &run->blocks[b], &s->blocks[b]);
    RG_TRY(rg_candidates_gather(s->blocks, run->n_blocks, &s->all, run->threads, err));
    RG_TRY(rg_allocate(s->all.c, s->all.len, s->capacity, (size_t)nb, run->threads, err));
    /* Winners move in, in parallel over chunks of candidates; each person applies
     * once, so no conflicts. The events go to the block that owns the agent, in
     * candidate order (rg_run_each_item). */
    return rg_run_each_item(run, s->all.len, move_in, self, err);
}

/* Free people by housing (stable, unstable, homeless) among agents [begin, end)
 * (rg_run_count: at most RG_BLOCK_SIZE, so 32-bit counters, which the compiler
 * vectorises). */
static void count_housed(const rg_run *run, size_t begin, size_t end, int64_t *counts, void *ctx)
{
    const uint8_t *status = RG_COLS(run, justice)->status;
    const uint8_t *home = RG_COLS(run, housing)->housing;
    (void)ctx;
    uint32_t stable = 0, unstable = 0, homeless = 0;
    for (size_t i = begin; i < end; i++) {
        const int free_ = status[i] == RG_FREE;
        stable += free_ & (home[i] == RG_HOUSING_STABLE);
        unstable += free_ & (home[i] == RG_HOUSING_UNSTABLE);
        homeless += free_ & (home[i] == RG_HOUSING_HOMELESS);
    }
    counts[0] += stable;
    counts[1] += unstable;
    counts[2] += homeless;
}

static void housing_record(const rg_run *run, rg_instance *self, void *out)
{
    struct rg_summary_housing *row = out;
    int64_t c[3] = {0, 0, 0};
    (void)self;
    rg_run_count(run, run->a.n, 3, c, count_housed, NULL);
    row->housing_stable = c[0];
    row->housing_unstable = c[1];
    row->homeless = c[2];
}

static void housing_free(rg_run *run, rg_instance *self)
{
    housing_state *s = self->state;
    if (!s) return;
    if (s->blocks)
        for (size_t b = 0; b < run->n_blocks; b++) rg_candidate_buf_free(&s->blocks[b]);
    rg_candidate_buf_free(&s->all);
    free(s->blocks);
    free(s->stock_factor);
    free(s->stock);
    free(s->capacity);
    free(s->residents);
    free(s);
    self->state = NULL;
}

const rg_module rg_housing_module = {
    .name = "housing",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_housing),
    RG_MODULE_FIELDS(rg_cols_housing),
    RG_MODULE_SUMMARY(rg_summary_housing),
    RG_MODULE_OUTPUTS(outputs),
    RG_MODULE_EVENTS(housing),
    .summary = "stable, unstable or no housing; landlords and the affordable stock",
    .on =
        {
            [RG_PHASE_INIT] = {.global = housing_init,
                               .after = "population",
                               .what = "the affordable stock of each neighbourhood"},
            [RG_PHASE_AGENT] = {.agents = housing_agents,
                                .after = "family",
                                .what = "housing at release; loss of housing"},
            [RG_PHASE_MARKET] = {.global = housing_market,
                                 .before = "employment",
                                 .what = "landlords screen applicants; homes coming free are "
                                         "shared out"},
            [RG_PHASE_RECORD] = {.record = housing_record},
        },
    .free = housing_free,
    .points = (const rg_effect_point *const[]){&rg_housing_held, NULL},
};
