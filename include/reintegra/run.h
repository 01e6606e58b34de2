/*
 * A run: one simulation that owns all of its state. Many runs can exist in one
 * process, one after another or side by side; nothing is global.
 */
#ifndef REINTEGRA_RUN_H
#define REINTEGRA_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_rng.h>

#include "agents.h"
#include "error.h"
#include "params.h"
#include "schema.h"

typedef struct rg_event {
    int32_t month;
    uint32_t agent;
    uint8_t type;
    uint8_t detail;
} rg_event;

typedef struct rg_event_buf {
    rg_event *ev;
    size_t len, cap;
} rg_event_buf;

/* World-level output of a run (registry.h: rg_output_spec), bound to its data:
 * `n` table values, or a series' width; the data lives as long as the run. */
typedef struct rg_world_output {
    const rg_output_spec *spec;
    size_t n;
    const void *data;
} rg_world_output;

enum { RG_MAX_WORLD_OUTPUTS = 96 };

/* A block of agents handled by one thread in a parallel phase. Blocks are fixed by
 * the population size alone, so the work and its results do not depend on the
 * number of threads; events are gathered in block order. */
typedef struct rg_block {
    size_t begin, end;
    int month;
    rg_event_buf events;
    gsl_rng *gsl; /* the running thread's workspace */
    int failed;   /* set when an event could not be recorded (out of memory) */
} rg_block;

/* The cache line: per-block data that threads update side by side is kept a line
 * apart (no false sharing). An rg_block fills one line exactly on 64-bit machines. */
enum { RG_CACHE_LINE = 64 };

enum { RG_BLOCK_SIZE = 4096 };

/* Record an event of agent `agent` (code: a module's RG_EV_ constant). */
void rg_block_event(rg_block *b, size_t agent, int type, int detail);

typedef struct rg_run rg_run;
typedef struct rg_output rg_output;

/* Progress report: months done of months total. */
typedef void (*rg_progress_fn)(void *ctx, int done, int total);

struct rg_run {
    rg_params p;
    rg_agents a;
    uint64_t seed;
    int month;   /* the next month to simulate */
    int months;  /* horizon */
    int threads; /* 0: OpenMP's default */
    size_t n_blocks;
    rg_block *blocks;
    int n_gsl;
    gsl_rng **gsl;            /* one workspace per thread */
    rg_event_buf events;      /* this month's events, in block order */
    rg_output *out;           /* NULL: no file */
    struct rg_instance *mods; /* the modules of the run, in module-list order */
    size_t n_mods;
    struct rg_effect_list *effects; /* contributions to each effect point */
    size_t n_effects;
    size_t *order[6]; /* per phase (module.h): instance indexes in schedule order */
    size_t n_order[6];
    size_t n_inited; /* inits that ran (their modules are freed) */
    int n_outputs;
    rg_world_output outputs[RG_MAX_WORLD_OUTPUTS]; /* in the order the modules bound them */
    rg_progress_fn progress;
    void *progress_ctx;
    double wall_seconds;  /* in rg_run_complete's months (their writes included) */
    double write_seconds; /* in the output's open, monthly writes and close */
};

/* Threads for the run's parallel loops (run->threads, or OpenMP's default). */
int rg_run_threads(const rg_run *run);
/* The calling thread's gsl_rng workspace (inside the run's parallel loops). */
gsl_rng *rg_run_gsl(const rg_run *run);

rg_status rg_run_create(rg_run **run, const rg_params *p, int threads, rg_error *err);
/* Write to PATH (through PATH.partial, renamed when the run completes). */
rg_status rg_run_open_output(rg_run *run, const char *path, rg_error *err);
/* Simulate one month. */
rg_status rg_run_step(rg_run *run, rg_error *err);
/* Simulate every remaining month and, with an output, complete the file. */
rg_status rg_run_complete(rg_run *run, rg_error *err);
void rg_run_free(rg_run *run);

/* A sum over agents that does not depend on the thread count: each block's part
 * is computed in parallel, then the parts are added in block order. `part`
 * returns the sum over agents [begin, end). */
double rg_run_block_sum(const rg_run *run,
                        double (*part)(const rg_run *run, size_t begin, size_t end, void *ctx),
                        void *ctx);

/* Counts by key over items 0 .. n - 1 (agents, job seekers, ...) that do not
 * depend on the thread count: `part` adds the counts of items [begin, end) into
 * `counts` (len entries); the items are split into chunks of RG_BLOCK_SIZE, handed
 * out to the threads as they finish, each thread counts its chunks into its own
 * array, and the arrays are added into `counts` (which the caller zeroes or starts
 * from). Integer sums are exact, so the result is the count of one pass in id
 * order. Out of memory, the chunks on one thread. `part` never sees more than
 * RG_BLOCK_SIZE items, so it may count in 32-bit counters (which compilers
 * vectorise) and add them to `counts` at the end. */
void rg_run_count(const rg_run *run, size_t n, size_t len, int64_t *counts,
                  void (*part)(const rg_run *run, size_t begin, size_t end, int64_t *counts,
                               void *ctx),
                  void *ctx);

/* Events found in parallel over chunks of items (candidates, ...), each chunk
 * into its own buffer: push one (agent, type, detail; the month is the block's).
 * Returns 0 out of memory. */
static inline int rg_event_buf_push(rg_event_buf *e, uint32_t agent, int type, int detail)
{
    if (e->len == e->cap) {
        size_t cap = e->cap ? 2 * e->cap : 64;
        rg_event *ev = (rg_event *)realloc(e->ev, cap * sizeof *ev);
        if (!ev) return 0;
        e->ev = ev;
        e->cap = cap;
    }
    e->ev[e->len++] = (rg_event){0, agent, (uint8_t)type, (uint8_t)detail};
    return 1;
}

/* Append the events of buffers found[0 .. n) to their agents' blocks, the buffers
 * in order and each in its own order (emptying and freeing them): with one
 * buffer per chunk of items in item order, the blocks get what rg_block_event
 * item after item on one thread would give them. In parallel: each thread counts
 * the events of its share of the buffers by block, each block makes room for its
 * new events, and each thread copies its events to their places. */
void rg_run_append_events(rg_run *run, rg_event_buf *found, size_t n);

/* What to do for item k of a list (a market's winner, say), recording its events
 * in `events` with rg_event_buf_push; returns 0 when an event could not be
 * recorded. Items must not touch each other's data. */
typedef int (*rg_item_fn)(rg_run *run, size_t k, rg_event_buf *events, void *ctx);

/* fn for items 0 .. n - 1 in parallel over chunks of RG_BLOCK_SIZE items (handed
 * out one at a time to the threads as they finish, so that chunks of unequal work
 * even out), the events appended to their agents' blocks in item order
 * (rg_run_append_events): what one pass in item order would give. RG_EINTERNAL if
 * memory ran out. */
rg_status rg_run_each_item(rg_run *run, size_t n, rg_item_fn fn, void *ctx, rg_error *err);

/* An item of a list ranked by (key, id), ascending: a strict order where the ids
 * differ (a waiting list: the month asked and a draw in the key, the person's id). */
typedef struct rg_ranked {
    uint64_t key;
    uint32_t id;
} rg_ranked;

/* The ids of the first k items of list[0 .. n) by (key, id), in that order, into
 * first[0 .. k) (k above n: all n); the ids must differ. In parallel: each thread
 * selects and orders the first k of its part of the list (a heap of the k best
 * seen, then a heap sort), and the parts' first k are merged. The order is strict,
 * so the result is the first k of the whole list sorted, whatever the thread count.
 * Overwrites list. Returns how many ids were written (k or n). */
size_t rg_run_first_k(const rg_run *run, rg_ranked *list, size_t n, size_t k, uint32_t *first);

/* The month's events counted by type (counts[256], added to what is there), in
 * parallel with rg_run_count: the same integers as one pass over run->events. */
void rg_run_event_counts(const rg_run *run, int64_t *counts);

/* A sum of floats in double whose result does not depend on the order of the
 * terms when it is exact: `sum` and `abs` (the sum of |x|) in double, and `least`,
 * the bits of the smallest nonzero |x| (UINT32_MAX while there is none). Every
 * term is a multiple of g, the granule of the smallest one's binary exponent; when
 * the sum of |x| is below 2^52 g, every partial sum in any order is a multiple of g
 * below 2^53 g, so no addition rounds, and any grouping of the terms (parts added
 * in block order, or by cell then group) gives the sum of one pass in id order,
 * bit for bit (rg_fsum_exact; an infinity or NaN makes `abs` fail the test). */
typedef struct rg_fsum {
    double sum, abs;
    uint32_t least;
} rg_fsum;

static inline void rg_fsum_add(rg_fsum *s, float x)
{
    union {
        float f;
        uint32_t u;
    } b = {x};
    const uint32_t m = b.u & 0x7fffffffu;
    if (m && m < s->least) s->least = m;
    s->sum += x;
    s->abs += x < 0 ? -(double)x : (double)x;
}

/* Add part p into s (the parts' terms together). */
static inline void rg_fsum_merge(rg_fsum *s, const rg_fsum *p)
{
    s->sum += p->sum;
    s->abs += p->abs;
    if (p->least < s->least) s->least = p->least;
}

/* Whether terms whose |x| sum to `abs`, the smallest nonzero with bits `least`,
 * add exactly in any order. */
int rg_fsum_exact(double abs, uint32_t least);

/* The summary table: the month, then every module's columns in module-list order
 * (registry.h: RG_SUMMARY_SPECS). Built once, thread-safe. */
typedef struct rg_summary_desc {
    const char *name, *module;
    rg_h5type type;      /* RG_H5_I32, RG_H5_I64 or RG_H5_F64 */
    size_t module_index; /* in the module list; (size_t)-1 for the month */
    size_t offset;       /* in the module's row */
    const char *units, *description;
} rg_summary_desc;
const rg_summary_desc *rg_summary_table(size_t *count);
/* Copy a summary value of `month` (0 .. run->month - 1) into out (4 or 8 bytes). */
void rg_summary_get(const rg_run *run, const rg_summary_desc *d, int month, void *out);
/* A summary value of `month` by column name, as a number (NaN if unknown). */
double rg_run_summary_value(const rg_run *run, int month, const char *name);

/* Every event type of the model with its module, in code order. */
typedef struct rg_event_desc {
    int code;
    const char *name, *module, *description;
} rg_event_desc;
const rg_event_desc *rg_event_table(size_t *count);

/* The agent column of the field called `name` (NULL if there is none). */
void *rg_run_field(const rg_run *run, const char *name);

struct rg_instance;
/* Bind the module's declared output `name` to its data: `n` values of a table
 * column, or the `n` values of a series, appended every month. Fails if the module
 * does not declare it. The data are read when the run's output is written (tables
 * when it closes): they must live as long as the run (module state). */
rg_status rg_run_output(rg_run *run, const struct rg_instance *self, const char *name,
                        const void *data, size_t n, rg_error *err);
/* A bound world output of a run (NULL if none): its data and length. */
const void *rg_run_world(const rg_run *run, const char *group, const char *name, size_t *n);

/* Bytes a run of p needs at its peak, estimated before anything is allocated:
 * the agents' state (every field of the field table) times the agents, plus the
 * output buffers (trajectory sample, a month of events) and a fixed base. */
double rg_run_memory_estimate(const rg_params *p);
/* RG_OK when that estimate fits the machine's available memory, else RG_EINPUT
 * with both numbers (rg_run_create checks it before allocating). */
rg_status rg_run_check_memory(const rg_params *p, rg_error *err);

#endif
