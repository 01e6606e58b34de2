/*
 * A run and its monthly schedule. One month is five named phases (DESIGN.md):
 * the schedule calls each module's hooks in module order; parallel phases work on
 * fixed blocks of agents, so results do not depend on the number of threads.
 */
#include "reintegra/run.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/auxv.h>
#endif

#include "reintegra/config.h"
#include "reintegra/module.h"
#include "reintegra/output.h"
#include "reintegra/rng.h"
#include "reintegra/threads.h"

int rg_run_threads(const rg_run *run)
{
    return run->threads > 0 ? run->threads : omp_get_max_threads();
}

rg_wait rg_threads_wait_for(long cpus, double others, double pressure)
{
    /* Quiet: other runnable threads on fewer than half the CPUs, and (where the
     * kernel says) almost no thread kept waiting for a CPU over the last 10 s. */
    const int quiet = cpus >= 2 && 2.0 * others < (double)cpus && pressure < 10.0;
    return quiet ? RG_WAIT_SPIN : RG_WAIT_PASSIVE;
}

/* The value after `key` on its line of a /proc file, or -1. */
static double proc_value(const char *path, const char *line_start, const char *key)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char line[512];
    double v = -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, line_start, strlen(line_start)) == 0) {
            const char *at = strstr(line, key);
            if (!at || sscanf(at + strlen(key), "%lf", &v) != 1) v = -1;
            break;
        }
    fclose(f);
    return v;
}

rg_wait rg_threads_wait_here(void)
{
    /* Threads runnable now, the caller's own one not counted: the mean of 8
     * readings a millisecond apart (a one-off, such as the shell that started the
     * program, counts little). */
    enum { READINGS = 8 };
    double others = 0;
    for (int r = 0; r < READINGS; r++) {
        const double running = proc_value("/proc/stat", "procs_running", "procs_running");
        if (running < 1) return RG_WAIT_PASSIVE; /* unknown: the safe choice */
        others += (running - 1) / READINGS;
        const struct timespec ms = {0, 1000000};
        if (r + 1 < READINGS) nanosleep(&ms, NULL);
    }
    /* "some avg10": the share of the last 10 s (percent) in which a thread waited
     * for a CPU; absent on kernels without pressure information. */
    const double pressure = proc_value("/proc/pressure/cpu", "some", "avg10=");
    return rg_threads_wait_for(sysconf(_SC_NPROCESSORS_ONLN), others, pressure);
}

int rg_threads_wait_policy(char **argv)
{
    if (getenv("OMP_WAIT_POLICY") || getenv("GOMP_SPINCOUNT")) return 0;
#ifdef AT_BASE
    /* Started by naming the dynamic loader (`ld.so program ...`): no interpreter
     * was loaded for it, /proc/self/exe is the loader, and starting that again with
     * the program's arguments would fail. Go on with libgomp's default. */
    if (getauxval(AT_BASE) == 0) return -1;
#endif
    const int spin = rg_threads_wait_here() == RG_WAIT_SPIN;
    if (spin ? setenv("GOMP_SPINCOUNT", RG_SPIN_COUNT, 1) : setenv("OMP_WAIT_POLICY", "passive", 1))
        return -1;
    execv("/proc/self/exe", argv);
    return -1;
}

gsl_rng *rg_run_gsl(const rg_run *run)
{
    return run->gsl[omp_get_thread_num() % run->n_gsl];
}

/* Room for `add` more events in block b's buffer (doubling); out of memory the
 * block is marked failed. */
static void reserve_events(rg_block *b, size_t add)
{
    rg_event_buf *e = &b->events;
    if (e->len + add <= e->cap) return;
    size_t cap = e->cap ? e->cap : 256;
    while (cap < e->len + add) cap *= 2;
    rg_event *ev = realloc(e->ev, cap * sizeof *ev);
    if (!ev) {
        b->failed = 1;
        return;
    }
    e->ev = ev;
    e->cap = cap;
}

void rg_block_event(rg_block *b, size_t agent, int type, int detail)
{
    rg_event_buf *e = &b->events;
    if (e->len == e->cap) {
        reserve_events(b, 1);
        if (e->len == e->cap) return; /* out of memory: the block is marked failed */
    }
    e->ev[e->len++] =
        (rg_event){(int32_t)b->month, (uint32_t)agent, (uint8_t)type, (uint8_t)detail};
}

/* Give every module the struct of its column pointers. */
static rg_status bind_columns(rg_run *run, rg_error *err)
{
    if (run->n_mods > RG_MAX_MODULES)
        return rg_error_set(err, RG_EINTERNAL, "%zu modules; at most %d (registry.h)", run->n_mods,
                            RG_MAX_MODULES);
    for (size_t m = 0; m < run->n_mods; m++) {
        rg_instance *self = &run->mods[m];
        size_t count, first = rg_field_first(m, &count);
        if (count != self->module->n_fields)
            return rg_error_set(err, RG_EINTERNAL, "more than %d agent fields (agents.h)",
                                RG_MAX_FIELDS);
        if (self->module->summary_size) {
            self->summary = calloc((size_t)run->months, self->module->summary_size);
            if (!self->summary) return rg_error_set(err, RG_EINTERNAL, "out of memory");
        }
        if (!count) continue;
        self->cols = calloc(1, self->module->cols_size);
        if (!self->cols) return rg_error_set(err, RG_EINTERNAL, "out of memory");
        for (size_t k = 0; k < count; k++)
            memcpy((char *)self->cols + self->module->fields[k].offset, &run->a.col[first + k],
                   sizeof(void *));
    }
    return RG_OK;
}

void *rg_run_cols(const rg_run *run, const rg_module *module)
{
    for (size_t m = 0; m < run->n_mods; m++)
        if (run->mods[m].module == module) return run->mods[m].cols;
    return NULL;
}

void *rg_run_field(const rg_run *run, const char *name)
{
    const rg_field_desc *f = rg_field_find(name);
    return f ? rg_field_column(&run->a, f) : NULL;
}

void *rg_instance_column(const rg_run *run, const rg_instance *self, size_t k)
{
    size_t count, first = rg_field_first(self->index, &count);
    return k < count ? run->a.col[first + k] : NULL;
}

/* Every random purpose has draws of its own, and monthly ones fit the run's months
 * in their slots: otherwise the run is refused, never silently wrapped. */
static rg_status check_purposes(const rg_run *run, rg_error *err)
{
    size_t ne;
    const rg_purpose *engine = rg_engine_purposes(&ne);
    for (size_t m = 0; m < run->n_mods; m++) {
        const rg_module *a = run->mods[m].module;
        for (size_t i = 0; i < a->n_purposes; i++) {
            const rg_purpose *p = &a->purposes[i];
            if (p->monthly && (long)p->slot + run->months - 1 > 0xffff)
                return rg_error_set(err, RG_EINPUT, "run.months = %d is too long for %s",
                                    run->months, p->name);
            for (size_t k = 0; k < ne; k++)
                if (rg_purposes_overlap(p, &engine[k]))
                    return rg_error_set(err, RG_EINTERNAL, "%s shares draws with %s", p->name,
                                        engine[k].name);
            for (size_t n = m; n < run->n_mods; n++)
                for (size_t j = n == m ? i + 1 : 0; j < run->mods[n].module->n_purposes; j++)
                    if (rg_purposes_overlap(p, &run->mods[n].module->purposes[j]))
                        return rg_error_set(err, RG_EINTERNAL, "%s shares draws with %s", p->name,
                                            run->mods[n].module->purposes[j].name);
        }
    }
    return RG_OK;
}

/* Group the modules' contributions by effect point, in module-list order. A
 * policy that is switched off contributes nothing. */
static rg_status gather_effects(rg_run *run, rg_error *err)
{
    size_t total = 0;
    for (size_t m = 0; m < run->n_mods; m++)
        for (const rg_effect *e = run->mods[m].module->effects; e && e->point; e++) total++;
    run->effects = calloc(total ? total : 1, sizeof *run->effects);
    if (!run->effects) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    for (size_t m = 0; m < run->n_mods; m++) {
        const rg_module *mod = run->mods[m].module;
        if (mod->kind == RG_POLICY && !rg_module_on(mod, run->mods[m].params)) continue;
        for (const rg_effect *e = mod->effects; e && e->point; e++) {
            size_t k = 0;
            while (k < run->n_effects && run->effects[k].point != e->point) k++;
            rg_effect_list *l = &run->effects[k];
            if (k == run->n_effects) {
                run->n_effects++;
                l->point = e->point;
            }
            if (l->n == RG_MAX_CONTRIBUTIONS)
                return rg_error_set(err, RG_EINTERNAL, "%s: more than %d contributions",
                                    e->point->name, RG_MAX_CONTRIBUTIONS);
            l->fn[l->n] = e->fn;
            l->self[l->n++] = &run->mods[m];
        }
    }
    return RG_OK;
}

const rg_effect_list *rg_run_effects(const rg_run *run, const rg_effect_point *point)
{
    static const rg_effect_list none = {NULL, 0, {NULL}, {NULL}};
    for (size_t k = 0; k < run->n_effects; k++)
        if (run->effects[k].point == point) return &run->effects[k];
    return &none;
}

/* The order of every phase's hooks. */
static rg_status schedule(rg_run *run, rg_error *err)
{
    size_t nm;
    const rg_module *const *mods = rg_modules(&nm);
    for (int ph = 0; ph < RG_PHASE_COUNT; ph++) {
        run->order[ph] = malloc(sizeof(size_t) * (nm + 1));
        if (!run->order[ph]) return rg_error_set(err, RG_EINTERNAL, "out of memory");
        RG_TRY(rg_schedule(mods, nm, (rg_phase)ph, run->order[ph], &run->n_order[ph], err));
        for (size_t k = 0; k < run->n_order[ph]; k++) {
            const rg_hook *h = &mods[run->order[ph][k]]->on[ph];
            /* An init is a global hook; a record hook only records. */
            int ok = ph == RG_PHASE_INIT     ? h->global && !h->agents && !h->record
                     : ph == RG_PHASE_RECORD ? h->record && !h->agents && !h->global
                                             : !h->record;
            if (!ok)
                return rg_error_set(err, RG_EINTERNAL,
                                    "module %s: wrong kind of hook in the %s phase",
                                    mods[run->order[ph][k]]->name, rg_phase_name((rg_phase)ph));
        }
    }
    return RG_OK;
}

rg_status rg_run_create(rg_run **out, const rg_params *p, int threads, rg_error *err)
{
    *out = NULL;
    RG_TRY(rg_params_validate(p, err));
    RG_TRY(rg_run_check_memory(p, err));
    rg_run *run = calloc(1, sizeof *run);
    if (!run) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    run->p = *p;
    run->seed = (uint64_t)p->run.seed;
    run->months = (int)p->run.months;
    run->threads = threads;
    rg_status st = rg_agents_alloc(&run->a, (size_t)p->run.agents, err);
    if (st != RG_OK) {
        free(run);
        return st;
    }
    run->n_blocks = (run->a.n + RG_BLOCK_SIZE - 1) / RG_BLOCK_SIZE;
    /* Each block on a cache line of its own: threads append to neighbouring blocks'
     * events, and a shared line would bounce between their cores. */
    const size_t bytes =
        (run->n_blocks * sizeof *run->blocks + RG_CACHE_LINE - 1) / RG_CACHE_LINE * RG_CACHE_LINE;
    run->blocks = aligned_alloc(RG_CACHE_LINE, bytes);
    if (run->blocks) memset(run->blocks, 0, bytes);
    run->n_gsl = rg_run_threads(run);
    run->gsl = calloc((size_t)run->n_gsl, sizeof *run->gsl);
    if (!run->blocks || !run->gsl) {
        rg_run_free(run);
        return rg_error_set(err, RG_EINTERNAL, "out of memory");
    }
    for (int t = 0; t < run->n_gsl; t++)
        if (!(run->gsl[t] = rg_gsl_rng_alloc())) {
            rg_run_free(run);
            return rg_error_set(err, RG_EINTERNAL, "out of memory");
        }
    for (size_t b = 0; b < run->n_blocks; b++) {
        run->blocks[b].begin = b * RG_BLOCK_SIZE;
        run->blocks[b].end = b + 1 == run->n_blocks ? run->a.n : (b + 1) * RG_BLOCK_SIZE;
    }
    size_t nm;
    const rg_module *const *mods = rg_modules(&nm);
    run->mods = calloc(nm, sizeof *run->mods);
    if (!run->mods) {
        rg_run_free(run);
        return rg_error_set(err, RG_EINTERNAL, "out of memory");
    }
    run->n_mods = nm;
    for (size_t m = 0; m < nm; m++)
        run->mods[m] = (rg_instance){mods[m], m, rg_params_of(&run->p, mods[m]), NULL, NULL, NULL};
    st = bind_columns(run, err);
    if (st == RG_OK) st = check_purposes(run, err);
    if (st == RG_OK) st = gather_effects(run, err);
    if (st == RG_OK) st = schedule(run, err);
    for (size_t k = 0; st == RG_OK && k < run->n_order[RG_PHASE_INIT]; k++) {
        rg_instance *self = &run->mods[run->order[RG_PHASE_INIT][k]];
        st = self->module->on[RG_PHASE_INIT].global(run, self, err);
        run->n_inited = k + 1;
    }
    if (st != RG_OK) {
        rg_run_free(run);
        return st;
    }
    *out = run;
    return RG_OK;
}

double rg_run_block_sum(const rg_run *run,
                        double (*part)(const rg_run *run, size_t begin, size_t end, void *ctx),
                        void *ctx)
{
    const long long nb = (long long)run->n_blocks;
    double *parts = malloc(sizeof *parts * (size_t)(nb > 0 ? nb : 1));
    double total = 0.0;
    if (!parts) { /* fall back to one ordered pass */
        for (long long b = 0; b < nb; b++)
            total += part(run, run->blocks[b].begin, run->blocks[b].end, ctx);
        return total;
    }
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run))
    for (long long b = 0; b < nb; b++)
        parts[b] = part(run, run->blocks[b].begin, run->blocks[b].end, ctx);
    for (long long b = 0; b < nb; b++) total += parts[b];
    free(parts);
    return total;
}

void rg_run_count(const rg_run *run, size_t n, size_t len, int64_t *counts,
                  void (*part)(const rg_run *run, size_t begin, size_t end, int64_t *counts,
                               void *ctx),
                  void *ctx)
{
    const int nt = rg_run_threads(run);
    const long long chunks = (long long)((n + RG_BLOCK_SIZE - 1) / RG_BLOCK_SIZE);
    /* Each thread's counts start a cache line apart (no false sharing of short
     * arrays, such as a single count). */
    const size_t per_line = RG_CACHE_LINE / sizeof(int64_t),
                 stride = (len + per_line - 1) / per_line * per_line;
    int64_t *mine =
        nt > 1 && chunks > 1
            ? aligned_alloc(RG_CACHE_LINE, (size_t)nt * (stride ? stride : per_line) * sizeof *mine)
            : NULL;
    if (!mine) {
        for (long long c = 0; c < chunks; c++) {
            const size_t begin = (size_t)c * RG_BLOCK_SIZE;
            part(run, begin, begin + RG_BLOCK_SIZE < n ? begin + RG_BLOCK_SIZE : n, counts, ctx);
        }
        return;
    }
#pragma omp parallel num_threads(nt)
    {
        /* Each thread zeroes its own array (in parallel, not one calloc); the chunks
         * are handed out as threads finish: items need unequal work (workers of the
         * cohort and job seekers, say). */
        const int threads = omp_get_num_threads();
        int64_t *own = mine + (size_t)omp_get_thread_num() * stride;
        if (len) memset(own, 0, len * sizeof *own);
#pragma omp for schedule(dynamic, 1)
        for (long long c = 0; c < chunks; c++) {
            const size_t begin = (size_t)c * RG_BLOCK_SIZE;
            part(run, begin, begin + RG_BLOCK_SIZE < n ? begin + RG_BLOCK_SIZE : n, own, ctx);
        }
#pragma omp for schedule(static)
        for (long long k = 0; k < (long long)len; k++)
            for (int t = 0; t < threads; t++) counts[k] += mine[(size_t)t * stride + (size_t)k];
    }
    free(mine);
}

/* One pass on one thread (out of memory for the counts, or one thread). */
static void append_events_serial(rg_run *run, rg_event_buf *found, size_t n)
{
    for (size_t c = 0; c < n; c++) {
        for (size_t k = 0; k < found[c].len; k++) {
            const rg_event *ev = &found[c].ev[k];
            rg_block_event(&run->blocks[ev->agent / RG_BLOCK_SIZE], ev->agent, ev->type,
                           ev->detail);
        }
        free(found[c].ev);
        found[c] = (rg_event_buf){NULL, 0, 0};
    }
}

/* In parallel: thread t takes the t-th share of the buffers (in order) and counts
 * its events by block (at[t][b]); each block makes room for all its new events
 * and gives each thread its place after the threads before it; then each thread
 * copies its events to their places. A block gets its events in buffer order,
 * then each buffer's order: what one pass gives. */
void rg_run_append_events(rg_run *run, rg_event_buf *found, size_t n)
{
    const int nt = rg_run_threads(run);
    const size_t nb = run->n_blocks;
    size_t *at = nt > 1 && n > 1 ? malloc((size_t)nt * nb * sizeof *at) : NULL;
    if (!at) {
        append_events_serial(run, found, n);
        return;
    }
#pragma omp parallel num_threads(nt)
    {
        const size_t T = (size_t)omp_get_num_threads(), t = (size_t)omp_get_thread_num();
        const size_t c0 = n * t / T, c1 = n * (t + 1) / T;
        size_t *mine = at + t * nb;
        memset(mine, 0, nb * sizeof *mine);
        for (size_t c = c0; c < c1; c++)
            for (size_t k = 0; k < found[c].len; k++) mine[found[c].ev[k].agent / RG_BLOCK_SIZE]++;
#pragma omp barrier
#pragma omp for schedule(static)
        for (long long b = 0; b < (long long)nb; b++) {
            rg_block *blk = &run->blocks[b];
            size_t len = blk->events.len;
            for (size_t u = 0; u < T; u++) {
                const size_t count = at[u * nb + (size_t)b];
                at[u * nb + (size_t)b] = len;
                len += count;
            }
            reserve_events(blk, len - blk->events.len);
            if (!blk->failed) blk->events.len = len;
        }
        for (size_t c = c0; c < c1; c++) {
            for (size_t k = 0; k < found[c].len; k++) {
                const rg_event *ev = &found[c].ev[k];
                rg_block *blk = &run->blocks[ev->agent / RG_BLOCK_SIZE];
                const size_t to = mine[ev->agent / RG_BLOCK_SIZE]++;
                if (!blk->failed)
                    blk->events.ev[to] =
                        (rg_event){(int32_t)blk->month, ev->agent, ev->type, ev->detail};
            }
            free(found[c].ev);
            found[c] = (rg_event_buf){NULL, 0, 0};
        }
    }
    free(at);
}

rg_status rg_run_each_item(rg_run *run, size_t n, rg_item_fn fn, void *ctx, rg_error *err)
{
    const size_t chunks = (n + RG_BLOCK_SIZE - 1) / RG_BLOCK_SIZE;
    rg_event_buf *found = calloc(chunks ? chunks : 1, sizeof *found);
    if (!found) return rg_error_set(err, RG_EINTERNAL, "out of memory (a market's events)");
    int failed = 0;
#pragma omp parallel for schedule(dynamic, 1) num_threads(rg_run_threads(run)) reduction(| : failed)
    for (long long ch = 0; ch < (long long)chunks; ch++) {
        const size_t end =
            ((size_t)ch + 1) * RG_BLOCK_SIZE < n ? ((size_t)ch + 1) * RG_BLOCK_SIZE : n;
        /* The chunk's events go to a copy of its buffer, stored back at the end:
         * neighbouring chunks' buffers share cache lines. */
        rg_event_buf own = found[ch];
        for (size_t k = (size_t)ch * RG_BLOCK_SIZE; k < end; k++) failed |= !fn(run, k, &own, ctx);
        found[ch] = own;
    }
    rg_run_append_events(run, found, chunks);
    free(found);
    return failed ? rg_error_set(err, RG_EINTERNAL, "out of memory recording events") : RG_OK;
}

static inline int ranked_before(const rg_ranked *a, const rg_ranked *b)
{
    return a->key < b->key || (a->key == b->key && a->id < b->id);
}

/* Restore the heap h[0 .. n) (the last in order on top) below position at. */
static void ranked_sift(rg_ranked *h, size_t n, size_t at)
{
    const rg_ranked x = h[at];
    for (size_t c = 2 * at + 1; c < n; c = 2 * at + 1) {
        if (c + 1 < n && ranked_before(&h[c], &h[c + 1])) c++;
        if (!ranked_before(&x, &h[c])) break;
        h[at] = h[c];
        at = c;
    }
    h[at] = x;
}

/* The first k (at most n) of a[0 .. n), in order, into a[0 .. k): a heap of the
 * k best seen over the list (an item not before the top is not among them), then
 * a heap sort of the k. */
static void first_k_part(rg_ranked *a, size_t n, size_t k)
{
    if (k == 0) return;
    for (size_t at = k / 2; at-- > 0;) ranked_sift(a, k, at);
    for (size_t j = k; j < n; j++)
        if (ranked_before(&a[j], &a[0])) {
            a[0] = a[j];
            ranked_sift(a, k, 0);
        }
    for (size_t m = k; m-- > 1;) {
        const rg_ranked t = a[0];
        a[0] = a[m];
        a[m] = t;
        ranked_sift(a, m, 0);
    }
}

/* At most this many parts, each of at least RG_FIRST_K_PART items. */
enum { RG_FIRST_K_PARTS = 64, RG_FIRST_K_PART = 1024 };

size_t rg_run_first_k(const rg_run *run, rg_ranked *list, size_t n, size_t k, uint32_t *first)
{
    if (k > n) k = n;
    /* a part per thread */
    int parts = rg_run_threads(run);
    if ((size_t)parts > n / RG_FIRST_K_PART)
        parts = n / RG_FIRST_K_PART > 0 ? (int)(n / RG_FIRST_K_PART) : 1;
    if (parts > RG_FIRST_K_PARTS) parts = RG_FIRST_K_PARTS;
    size_t at[RG_FIRST_K_PARTS + 1], end[RG_FIRST_K_PARTS];
    for (int p = 0; p <= parts; p++)
        at[p] = n / (size_t)parts * (size_t)p + n % (size_t)parts * (size_t)p / (size_t)parts;
#pragma omp parallel for schedule(static, 1) num_threads(parts)
    for (int p = 0; p < parts; p++) {
        const size_t len = at[p + 1] - at[p];
        first_k_part(list + at[p], len, k < len ? k : len);
    }
    for (int p = 0; p < parts; p++)
        end[p] = at[p] + (k < at[p + 1] - at[p] ? k : at[p + 1] - at[p]);
    /* merge the parts' sorted first k */
    for (size_t out = 0; out < k; out++) {
        int best = -1;
        for (int p = 0; p < parts; p++)
            if (at[p] < end[p] && (best < 0 || ranked_before(&list[at[p]], &list[at[best]])))
                best = p;
        first[out] = list[at[best]++].id;
    }
    return k;
}

static void count_types(const rg_run *run, size_t begin, size_t end, int64_t *counts, void *ctx)
{
    (void)ctx;
    const rg_event *ev = run->events.ev;
    for (size_t k = begin; k < end; k++) counts[ev[k].type]++;
}

void rg_run_event_counts(const rg_run *run, int64_t *counts)
{
    rg_run_count(run, run->events.len, 256, counts, count_types, NULL);
}

int rg_fsum_exact(double abs, uint32_t least)
{
    if (least == UINT32_MAX) return 1;
    const int e = (int)(least >> 23) > 0 ? (int)(least >> 23) : 1; /* a subnormal: exponent 1 */
    return abs < ldexp(1.0, e - 98);                               /* 2^52 g, g = 2^(e - 150) */
}

void rg_free_state(rg_run *run, rg_instance *self)
{
    (void)run;
    free(self->state);
    self->state = NULL;
}

rg_instance *rg_run_instance(const rg_run *run, const rg_module *module)
{
    for (size_t m = 0; m < run->n_mods; m++)
        if (run->mods[m].module == module) return &run->mods[m];
    return NULL;
}

void *rg_run_state(const rg_run *run, const rg_module *module)
{
    rg_instance *inst = rg_run_instance(run, module);
    return inst ? inst->state : NULL;
}

rg_status rg_run_output(rg_run *run, const rg_instance *self, const char *name, const void *data,
                        size_t n, rg_error *err)
{
    const rg_module *m = self->module;
    for (size_t k = 0; k < m->n_outputs; k++) {
        if (strcmp(m->outputs[k].name, name) != 0) continue;
        if (run->n_outputs == RG_MAX_WORLD_OUTPUTS)
            return rg_error_set(err, RG_EINTERNAL, "more than %d world outputs (run.h)",
                                RG_MAX_WORLD_OUTPUTS);
        run->outputs[run->n_outputs++] = (rg_world_output){&m->outputs[k], n, data};
        return RG_OK;
    }
    return rg_error_set(err, RG_EINTERNAL, "module %s declares no output named %s", m->name, name);
}

const void *rg_run_world(const rg_run *run, const char *group, const char *name, size_t *n)
{
    for (int k = 0; k < run->n_outputs; k++) {
        const rg_world_output *o = &run->outputs[k];
        if (strcmp(o->spec->group, group) != 0 || strcmp(o->spec->name, name) != 0) continue;
        if (n) *n = o->n;
        return o->data;
    }
    return NULL;
}

rg_status rg_run_open_output(rg_run *run, const char *path, rg_error *err)
{
    const double t0 = omp_get_wtime();
    const rg_status st = rg_output_open(&run->out, path, run, err);
    run->write_seconds += omp_get_wtime() - t0;
    return st;
}

/* Run one phase: every module's block hook over every block (in parallel), then
 * every module's global hook (in module order). */
static rg_status phase(rg_run *run, rg_phase ph, rg_error *err)
{
    const size_t n = run->n_order[ph], *order = run->order[ph];
    rg_instance *mods = run->mods;
    int any = 0;
    for (size_t k = 0; k < n; k++) any |= mods[order[k]].module->on[ph].agents != NULL;
    if (any) {
        const long long nb = (long long)run->n_blocks;
#pragma omp parallel for schedule(dynamic, 1) num_threads(rg_run_threads(run))
        for (long long b = 0; b < nb; b++) {
            rg_block *blk = &run->blocks[b];
            blk->gsl = rg_run_gsl(run);
            for (size_t k = 0; k < n; k++) {
                rg_instance *self = &mods[order[k]];
                if (self->module->on[ph].agents) self->module->on[ph].agents(run, self, blk);
            }
        }
        for (size_t b = 0; b < run->n_blocks; b++)
            if (run->blocks[b].failed)
                return rg_error_set(err, RG_EINTERNAL, "out of memory recording events");
    }
    for (size_t k = 0; k < n; k++) {
        rg_instance *self = &mods[order[k]];
        if (self->module->on[ph].global) RG_TRY(self->module->on[ph].global(run, self, err));
    }
    return RG_OK;
}

/* Gather the month's events in block order and fill its summary row. */
static rg_status record(rg_run *run, rg_error *err)
{
    size_t total = 0;
    for (size_t b = 0; b < run->n_blocks; b++) total += run->blocks[b].events.len;
    if (total > run->events.cap) {
        rg_event *ev = realloc(run->events.ev, total * sizeof *ev);
        if (!ev) return rg_error_set(err, RG_EINTERNAL, "out of memory gathering events");
        run->events.ev = ev;
        run->events.cap = total;
    }
    run->events.len = total;
    /* Each block's events go to their place in block order; the copies are parallel. */
    const long long nb = (long long)run->n_blocks;
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run))
    for (long long b = 0; b < nb; b++) {
        size_t at = 0;
        for (long long c = 0; c < b; c++) at += run->blocks[c].events.len;
        const rg_event_buf *e = &run->blocks[b].events;
        if (e->len) memcpy(run->events.ev + at, e->ev, e->len * sizeof *e->ev);
    }

    for (size_t k = 0; k < run->n_order[RG_PHASE_RECORD]; k++) {
        rg_instance *self = &run->mods[run->order[RG_PHASE_RECORD][k]];
        void *row = self->summary
                        ? (char *)self->summary + (size_t)run->month * self->module->summary_size
                        : NULL;
        self->module->on[RG_PHASE_RECORD].record(run, self, row);
    }
    if (run->out) {
        const double t0 = omp_get_wtime();
        const rg_status st = rg_output_month(run->out, run, err);
        run->write_seconds += omp_get_wtime() - t0;
        RG_TRY(st);
    }
    return RG_OK;
}

/* One month of the model. */
static rg_status one_month(rg_run *run, rg_error *err)
{
    for (size_t b = 0; b < run->n_blocks; b++) {
        run->blocks[b].month = run->month;
        run->blocks[b].events.len = 0;
    }
    RG_TRY(phase(run, RG_PHASE_AGENT, err));   /* releases; needs, health, family, offending */
    RG_TRY(phase(run, RG_PHASE_MARKET, err));  /* jobs, mentors, programme places, housing */
    RG_TRY(phase(run, RG_PHASE_JUSTICE, err)); /* arrests, courts, prison */
    RG_TRY(phase(run, RG_PHASE_WORLD, err));   /* neighbourhood stigma, employer attitudes */
    return record(run, err);                   /* summary row, trajectory slab, events */
}

rg_status rg_run_step(rg_run *run, rg_error *err)
{
    if (run->month >= run->months)
        return rg_error_set(err, RG_EINTERNAL, "the run is already complete (%d months)",
                            run->months);
    RG_TRY(one_month(run, err));
    run->month++;
    if (run->progress) run->progress(run->progress_ctx, run->month, run->months);
    return RG_OK;
}

rg_status rg_run_complete(rg_run *run, rg_error *err)
{
    double t0 = omp_get_wtime();
    while (run->month < run->months) RG_TRY(rg_run_step(run, err));
    run->wall_seconds += omp_get_wtime() - t0;
    if (run->out) {
        const double t1 = omp_get_wtime();
        rg_status st = rg_output_close(run->out, run, err);
        run->write_seconds += omp_get_wtime() - t1;
        run->out = NULL;
        return st;
    }
    return RG_OK;
}

void rg_run_free(rg_run *run)
{
    if (!run) return;
    /* Every module whose init ran (even if it failed), in reverse init order. */
    for (size_t k = run->n_inited; k-- > 0;) {
        rg_instance *self = &run->mods[run->order[RG_PHASE_INIT][k]];
        if (self->module->free) self->module->free(run, self);
    }
    for (size_t m = 0; m < run->n_mods; m++) {
        free(run->mods[m].cols);
        free(run->mods[m].summary);
    }
    free(run->mods);
    free(run->effects);
    for (int ph = 0; ph < RG_PHASE_COUNT; ph++) free(run->order[ph]);
    if (run->out) rg_output_abort(run->out);
    if (run->blocks)
        for (size_t b = 0; b < run->n_blocks; b++) free(run->blocks[b].events.ev);
    free(run->blocks);
    if (run->gsl)
        for (int t = 0; t < run->n_gsl; t++)
            if (run->gsl[t]) gsl_rng_free(run->gsl[t]);
    free(run->gsl);
    free(run->events.ev);
    rg_agents_free(&run->a);
    free(run);
}
