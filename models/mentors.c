/*
 * Mentors (see mentors.h). A pool of mentors with a capacity each; people who ask
 * wait; each month mentors with free places take waiting people in the order they
 * asked, people who asked in the same month in an order drawn for each of them (not
 * by id: ids run through neighbourhoods, so that would be an order by place). Relationships grow in
 * quality, may fail (less often as quality grows), complete after duration_months, and end with
 * imprisonment or the mentor's burnout.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/justice.h"
#include "reintegra/mentors.h"
#include "reintegra/module.h"
#include "reintegra/rng.h"
#include "reintegra/stigma.h"

RG_PARAM_SPECS(rg_params_mentors, RG_MENTORS_PARAMS);
RG_FIELD_SPECS(rg_cols_mentors, RG_MENTORS_FIELDS);
RG_SUMMARY_SPECS(rg_summary_mentors, RG_MENTORS_SUMMARY);
RG_EVENT_SPECS(mentors, RG_MENTORS_EVENTS);

/* Random purposes (rng.h). */
enum { DRAW_MONTH, DRAW_BURNOUT, DRAW_QUEUE };
static const rg_purpose draws[] = {
    [DRAW_MONTH] = RG_DRAW("mentors.month", 29, 0, MONTHLY, AGENT, 0, 4,
                           "a relationship fails, then asking for a mentor"),
    [DRAW_BURNOUT] =
        RG_DRAW("mentors.burnout", 30, 0, MONTHLY, MENTOR, 0, 2, "whether a mentor burns out"),
    [DRAW_QUEUE] = RG_DRAW("mentors.queue", 34, 0, MONTHLY, AGENT, 0, 1,
                           "place in the waiting list among those who asked the same month "
                           "(keyed by the month asked)"),
};

typedef struct mentors_state {
    int32_t count;          /* mentors ever in the pool */
    int32_t base;           /* mentors from per_1000 (before other modules add any) */
    int64_t *load;          /* [mentor] mentees now */
    int32_t *resting_until; /* [mentor] month the mentor is back from burnout */
    uint32_t *waiting;      /* agents waiting, in matching order */
    uint32_t *queue_draw;   /* [agent] their mentors.queue output for the month they asked */
} mentors_state;

enum { END_FAILED = 0, END_COMPLETED = 1, END_PRISON = 2, END_BURNOUT = 3 };

const rg_effect_point rg_mentors_added = {
    "mentors.added", RG_COMBINE_TERM, "month",
    "adds mentors to the pool in month m (mentor ids from the base pool's size on)"};

/* Mentors in the pool in `month`: the first `pool` ids. */
static int32_t pool(const rg_run *run, const mentors_state *s, int month)
{
    const rg_effect_list *added = rg_run_effects(run, &rg_mentors_added);
    return s->base + (int32_t)rg_effects_apply(run, added, (size_t)month, 0.0);
}

int32_t rg_mentors_base(const rg_run *run)
{
    const mentors_state *s = rg_run_state(run, &rg_mentors_module);
    return s ? s->base : 0;
}

static rg_status mentors_init(rg_run *run, rg_instance *self, rg_error *err)
{
    const struct rg_cols_mentors *mentors = self->cols;
    const struct rg_params_mentors *q = self->params;
    mentors_state *s = calloc(1, sizeof *s);
    if (s) {
        s->base = (int32_t)llround(q->per_1000 * (double)run->a.n / 1000.0);
        s->count = s->base;
        for (int m = 0; m < run->months; m++) {
            int32_t c = pool(run, s, m);
            if (c > s->count) s->count = c;
        }
        s->load = calloc((size_t)s->count + 1, sizeof *s->load);
        s->resting_until = calloc((size_t)s->count + 1, sizeof *s->resting_until);
        s->waiting = malloc(sizeof *s->waiting * (run->a.n + 1));
        s->queue_draw = malloc(sizeof *s->queue_draw * (run->a.n + 1));
    }
    self->state = s;
    if (!s || !s->load || !s->resting_until || !s->waiting || !s->queue_draw)
        return rg_error_set(err, RG_EINTERNAL, "mentors: out of memory");
    for (size_t i = 0; i < run->a.n; i++) {
        mentors->mentor[i] = -1;
        mentors->mentor_wait[i] = -1;
        mentors->mentor_quality[i] = 0.0f;
        mentors->mentor_months[i] = mentors->months_mentored[i] = 0;
    }
    return RG_OK;
}

static void end_relationship(rg_block *blk, const struct rg_cols_mentors *mentors, size_t i,
                             int reason)
{
    mentors->mentor[i] = -1;
    mentors->mentor_quality[i] = 0.0f;
    mentors->mentor_months[i] = 0;
    rg_block_event(blk, i, RG_EV_MENTOR_END, reason);
}

static void mentors_agents(rg_run *run, rg_instance *self, rg_block *blk)
{
    const struct rg_cols_mentors *mentors = self->cols;
    const struct rg_params_mentors *q = self->params;
    const mentors_state *s = self->state;
    const double help = RG_PARAMS(&run->p, stigma)->help_effect;
    const int month = blk->month;
    const int32_t available = pool(run, s, month);
    /* Columns and parameters in locals: the loop's stores could alias the
     * structures that hold them, which would reload them for every person. */
    const uint8_t *status = RG_COLS(run, justice)->status;
    const float *stigma = RG_COLS(run, stigma)->stigma;
    const int32_t *mentor = mentors->mentor, *resting_until = s->resting_until;
    int16_t *wait = mentors->mentor_wait;
    float *quality = mentors->mentor_quality;
    uint16_t *months = mentors->mentor_months, *mentored = mentors->months_mentored;
    uint32_t *queue_draw = s->queue_draw;
    const double failure_rate = q->failure_rate, duration = q->duration_months,
                 growth = q->quality_growth, seek_rate = q->seek_rate;
    const long long max_wait = q->max_wait_months;
    rg_tile tile; /* the month's draws, for a tile of agents at a time */
    rg_tile_init(&tile, run->seed, &draws[DRAW_MONTH], 0, month, blk->end);
    for (size_t i = blk->begin; i < blk->end; i++) {
        if (status[i] == RG_PRISON) {
            if (mentor[i] >= 0) end_relationship(blk, mentors, i, END_PRISON);
            wait[i] = -1;
            continue;
        }
        if (status[i] != RG_FREE) continue;
        /* Only a relationship that can fail or a person who may ask needs the
         * draws (keyed: not drawing them moves no other number). */
        double u_fail = 1.0, u_seek = 1.0;
        if (mentor[i] >= 0 || wait[i] < 0) {
            const philox4x32_ctr_t *b = rg_tile_block(&tile, i);
            u_fail = rg_u01_of(b->v[0], b->v[1]);
            u_seek = rg_u01_of(b->v[2], b->v[3]);
        }
        if (mentor[i] >= 0) {
            if (mentor[i] >= available || resting_until[mentor[i]] > month) {
                end_relationship(blk, mentors, i, END_BURNOUT);
            } else if (u_fail < failure_rate * (1.0 - quality[i])) {
                end_relationship(blk, mentors, i, END_FAILED);
            } else if (months[i] + 1 >= duration) {
                mentored[i]++;
                end_relationship(blk, mentors, i, END_COMPLETED);
            } else {
                months[i]++;
                mentored[i]++;
                quality[i] += (float)(growth * (1.0 - quality[i]));
            }
        } else if (wait[i] >= 0 && month - wait[i] >= max_wait) {
            wait[i] = -1; /* gives up */
        } else if (wait[i] < 0 && u_seek < seek_rate * (1.0 - help * stigma[i])) {
            wait[i] = (int16_t)month;
            /* The place in the queue is drawn now, once (keyed by this month). */
            queue_draw[i] = rg_block_at(run->seed, &draws[DRAW_QUEUE], i, month, 0).v[0];
        }
    }
}

/* Mentees of each mentor among agents [begin, end). */
static void count_load(const rg_run *run, size_t begin, size_t end, int64_t *load, void *ctx)
{
    const struct rg_cols_mentors *mentors = RG_COLS(run, mentors);
    (void)ctx;
    for (size_t i = begin; i < end; i++)
        if (mentors->mentor[i] >= 0) load[mentors->mentor[i]]++;
}

static int is_waiting(const struct rg_cols_justice *justice, const struct rg_cols_mentors *mentors,
                      size_t i)
{
    return (justice->status[i] == RG_FREE) & (mentors->mentor[i] < 0) &
           (mentors->mentor_wait[i] >= 0);
}

/* The people waiting for a mentor, in id order, into `asked` (room for every
 * agent): each block's are counted, then copied to their place, in parallel.
 * Returns how many. */
static size_t gather_waiting(const rg_run *run, uint32_t *asked)
{
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_cols_mentors *mentors = RG_COLS(run, mentors);
    const long long nb = (long long)run->n_blocks;
    size_t *at = malloc(sizeof *at * ((size_t)nb + 1)), total = 0;
    if (!at) { /* one pass */
        for (size_t i = 0; i < run->a.n; i++)
            if (is_waiting(justice, mentors, i)) asked[total++] = (uint32_t)i;
        return total;
    }
#pragma omp parallel num_threads(rg_run_threads(run))
    {
#pragma omp for schedule(static)
        for (long long b = 0; b < nb; b++) {
            uint32_t c = 0; /* a block's count, in 32 bits: the loop vectorises */
            for (size_t i = run->blocks[b].begin; i < run->blocks[b].end; i++)
                c += (uint32_t)is_waiting(justice, mentors, i);
            at[b + 1] = c;
        }
#pragma omp single
        {
            at[0] = 0;
            for (long long b = 0; b < nb; b++) at[b + 1] += at[b];
        }
#pragma omp for schedule(static)
        for (long long b = 0; b < nb; b++) {
            size_t k = at[b]; /* written always, kept when waiting: no branch */
            for (size_t i = run->blocks[b].begin; k < at[b + 1]; i++) {
                asked[k] = (uint32_t)i;
                k += (size_t)is_waiting(justice, mentors, i);
            }
        }
    }
    total = at[nb];
    free(at);
    return total;
}

/* The people taken from the waiting list and the mentors' places. */
typedef struct matching {
    const struct rg_cols_mentors *mentors;
    const uint32_t *taken; /* in order */
    const int64_t *before; /* [mentor], and the pool's size: free places of mentors before */
    int32_t available;     /* mentors in the pool */
    float quality;         /* a new relationship's */
} matching;

/* The k-th person taken meets the mentor whose places hold place k: the last
 * mentor m with before[m] <= k (who has a free place, since k < before[pool]). */
static int match(rg_run *run, size_t k, rg_event_buf *events, void *ctx)
{
    const matching *mt = ctx;
    (void)run;
    int32_t lo = 0, hi = mt->available;
    while (hi - lo > 1) {
        const int32_t mid = lo + (hi - lo) / 2;
        if (mt->before[mid] <= (int64_t)k)
            lo = mid;
        else
            hi = mid;
    }
    const uint32_t i = mt->taken[k];
    mt->mentors->mentor[i] = lo;
    mt->mentors->mentor_quality[i] = mt->quality;
    mt->mentors->mentor_months[i] = 0;
    mt->mentors->mentor_wait[i] = -1;
    return rg_event_buf_push(events, i, RG_EV_MENTOR_MATCH, 0);
}

static rg_status mentors_market(rg_run *run, rg_instance *self, rg_error *err)
{
    const struct rg_cols_mentors *mentors = self->cols;
    const struct rg_params_mentors *q = self->params;
    mentors_state *s = self->state;
    const int month = run->month;
    if (s->count == 0) return RG_OK;
    memset(s->load, 0, sizeof *s->load * (size_t)s->count);
    rg_run_count(run, run->a.n, (size_t)s->count, s->load, count_load, NULL);
    /* Burnout: more likely the more mentees a mentor carries (each mentor its own
     * draw, so in parallel). */
    const long long count = s->count;
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run))
    for (long long m = 0; m < count; m++)
        if (s->load[m] > 0 && s->resting_until[m] <= month &&
            rg_draw(run->seed, &draws[DRAW_BURNOUT], (uint64_t)m, month) <
                q->burnout_rate * (double)s->load[m])
            s->resting_until[m] = month + (int32_t)q->burnout_months;
    /* The waiting list in order of asking; among those who asked the same month, by
     * each person's own draw for that month (then id, for equal draws): the waiting
     * people gathered in parallel, their draws in parallel, then only as many of the
     * first as there are free places, found and sorted. */
    const int32_t available = pool(run, s, month);
    /* before[m]: the free places of the mentors of the pool before mentor m */
    int64_t *before = malloc(sizeof *before * ((size_t)available + 1));
    if (!before) return rg_error_set(err, RG_EINTERNAL, "mentors: out of memory");
    before[0] = 0;
    for (int32_t m = 0; m < available; m++)
        before[m + 1] = before[m] + (s->resting_until[m] <= month && s->load[m] < q->capacity
                                         ? q->capacity - s->load[m]
                                         : 0);
    const int64_t places = before[available];
    const size_t waiting = places > 0 ? gather_waiting(run, s->waiting) : 0;
    const size_t take = (uint64_t)places < waiting ? (size_t)places : waiting;
    rg_ranked *list = malloc(sizeof *list * (waiting ? waiting : 1));
    if (!list) {
        free(before);
        return rg_error_set(err, RG_EINTERNAL, "mentors: out of memory");
    }
    const long long nw = (long long)waiting;
    /* A place in the waiting list: the month asked (never negative for a person
     * waiting), then the person's own draw, then the id. */
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run))
    for (long long k = 0; k < nw; k++) {
        const uint32_t i = s->waiting[k];
        const uint64_t asked = (uint64_t)mentors->mentor_wait[i];
        list[k] = (rg_ranked){asked << 32 | s->queue_draw[i], i};
    }
    rg_run_first_k(run, list, waiting, take, s->waiting);
    free(list);
    /* Mentors of the pool with free places, in id order, take the longest-waiting
     * people (as many as there are places): in parallel over the people taken,
     * each finding their mentor among the places. */
    matching mt = {mentors, s->waiting, before, available, (float)q->quality_start};
    const rg_status st = rg_run_each_item(run, take, match, &mt, err);
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run))
    for (int32_t m = 0; m < available; m++) {
        const int64_t left = (int64_t)take - before[m], places_m = before[m + 1] - before[m];
        if (left > 0) s->load[m] += left < places_m ? left : places_m;
    }
    free(before);
    return st;
}

/* Free people mentored and waiting among agents [begin, end) (rg_run_count: at most
 * RG_BLOCK_SIZE, so 32-bit counters, which the compiler vectorises). */
static void count_mentored(const rg_run *run, size_t begin, size_t end, int64_t *counts, void *ctx)
{
    const uint8_t *status = RG_COLS(run, justice)->status;
    const struct rg_cols_mentors *mentors = RG_COLS(run, mentors);
    (void)ctx;
    uint32_t m = 0, w = 0;
    for (size_t i = begin; i < end; i++) {
        const int free_ = status[i] == RG_FREE, has = mentors->mentor[i] >= 0;
        m += free_ & has;
        w += free_ & !has & (mentors->mentor_wait[i] >= 0);
    }
    counts[0] += m;
    counts[1] += w;
}

static void mentors_record(const rg_run *run, rg_instance *self, void *out)
{
    struct rg_summary_mentors *row = out;
    int64_t c[2] = {0, 0};
    (void)self;
    rg_run_count(run, run->a.n, 2, c, count_mentored, NULL);
    row->mentored = c[0];
    row->mentor_waiting = c[1];
}

static void mentors_free(rg_run *run, rg_instance *self)
{
    (void)run;
    mentors_state *s = self->state;
    if (!s) return;
    free(s->load);
    free(s->resting_until);
    free(s->waiting);
    free(s->queue_draw);
    free(s);
    self->state = NULL;
}

const rg_module rg_mentors_module = {
    .name = "mentors",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_mentors),
    RG_MODULE_FIELDS(rg_cols_mentors),
    RG_MODULE_SUMMARY(rg_summary_mentors),
    RG_MODULE_EVENTS(mentors),
    .summary = "a pool of mentors with capacities; waiting, matching, relationships, burnout",
    .on =
        {
            [RG_PHASE_INIT] = {.global = mentors_init, .what = "the mentor pool"},
            [RG_PHASE_AGENT] = {.agents = mentors_agents,
                                .after = "stigma",
                                .what = "relationships grow, fail or complete; asking for a "
                                        "mentor"},
            [RG_PHASE_MARKET] = {.global = mentors_market,
                                 .what = "burnout; mentors with free places take the longest "
                                         "waiting"},
            [RG_PHASE_RECORD] = {.record = mentors_record},
        },
    .free = mentors_free,
    .points = (const rg_effect_point *const[]){&rg_mentors_added, NULL},
};
