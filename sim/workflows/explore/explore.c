/*
 * The explorer's request handling: routing, validation of every request against
 * the registry, bounded simulations shared through a small cache, and the answers.
 */
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "workflows/explore/explore_internal.h"
#include "reintegra/config.h"

struct rg_explore {
    rg_params base;
    char scenario[8192];
    rg_explore_limits lim;
    FILE *log;
    pthread_mutex_t lock;
    int running;         /* simulations now */
    unsigned long clock; /* cache order */
    ex_run **cache;
    int n_cache, cap_cache;
};

void rg_explore_limits_default(rg_explore_limits *l)
{
    *l = (rg_explore_limits){
        .min_agents = 1000,
        .max_agents = 50000,
        .default_agents = 20000,
        .min_months = 12,
        .max_months = 60,
        .default_months = 36,
        .max_runs = 2,
        .cache_runs = 8,
        .max_body = 16384,
        .threads = 1,
    };
}

static rg_status check_limits(const rg_explore_limits *l, rg_error *err)
{
    if (l->min_agents < 1 || l->max_agents < l->min_agents || l->default_agents < l->min_agents ||
        l->default_agents > l->max_agents)
        return rg_error_set(err, RG_EINPUT,
                            "explore: people from %lld to %lld, %lld at first: expected 1 <= "
                            "smallest <= first <= largest",
                            l->min_agents, l->max_agents, l->default_agents);
    if (l->min_months < 12 || l->max_months < l->min_months || l->max_months > 1200 ||
        l->default_months < l->min_months || l->default_months > l->max_months)
        return rg_error_set(err, RG_EINPUT,
                            "explore: months from %lld to %lld, %lld at first: expected 12 <= "
                            "shortest <= first <= longest <= 1200",
                            l->min_months, l->max_months, l->default_months);
    if (l->max_runs < 1 || l->cache_runs < 2 || l->max_body < 64 || l->threads < 0)
        return rg_error_set(err, RG_EINPUT,
                            "explore: expected at least 1 run at a time, 2 cached runs and a "
                            "64-byte request body");
    return RG_OK;
}

rg_status rg_explore_create(rg_explore **out, const rg_params *base, const char *scenario,
                            const rg_explore_limits *limits, FILE *log, rg_error *err)
{
    *out = NULL;
    RG_TRY(rg_explore_levers_check(err));
    RG_TRY(check_limits(limits, err));
    RG_TRY(rg_params_validate(base, err));
    rg_explore *ex = calloc(1, sizeof *ex);
    if (!ex) return rg_error_set(err, RG_EINTERNAL, "explore: out of memory");
    ex->base = *base;
    snprintf(ex->scenario, sizeof ex->scenario, "%s", scenario);
    ex->lim = *limits;
    ex->log = log;
    ex->cap_cache = limits->cache_runs + 2 * limits->max_runs;
    ex->cache = calloc((size_t)ex->cap_cache, sizeof *ex->cache);
    if (!ex->cache || pthread_mutex_init(&ex->lock, NULL) != 0) {
        free(ex->cache);
        free(ex);
        return rg_error_set(err, RG_EINTERNAL, "explore: out of memory");
    }
    *out = ex;
    return RG_OK;
}

void rg_explore_free(rg_explore *ex)
{
    if (!ex) return;
    for (int i = 0; i < ex->n_cache; i++) ex_run_free(ex->cache[i]);
    free(ex->cache);
    pthread_mutex_destroy(&ex->lock);
    free(ex);
}

const rg_explore_limits *rg_explore_get_limits(const rg_explore *ex)
{
    return &ex->lim;
}

const rg_params *ex_base(const rg_explore *ex)
{
    return &ex->base;
}

/* ---- The cache of finished runs ---- */

/* A cached run with this configuration (one more user), or NULL. Under the lock. */
static ex_run *find_locked(rg_explore *ex, const char *key)
{
    for (int i = 0; i < ex->n_cache; i++)
        if (strcmp(ex->cache[i]->key, key) == 0) {
            ex->cache[i]->refs++;
            ex->cache[i]->used = ++ex->clock;
            return ex->cache[i];
        }
    return NULL;
}

/* Drop the least recently used runs nobody is using beyond the cache's size. */
static void evict_locked(rg_explore *ex)
{
    while (ex->n_cache > ex->lim.cache_runs) {
        int victim = -1;
        for (int i = 0; i < ex->n_cache; i++)
            if (!ex->cache[i]->refs && (victim < 0 || ex->cache[i]->used < ex->cache[victim]->used))
                victim = i;
        if (victim < 0) return;
        ex_run_free(ex->cache[victim]);
        ex->cache[victim] = ex->cache[--ex->n_cache];
    }
}

/* Keep a new run (or use the same one another request finished first). */
static ex_run *insert(rg_explore *ex, ex_run *r)
{
    pthread_mutex_lock(&ex->lock);
    ex_run *same = find_locked(ex, r->key);
    if (same) {
        pthread_mutex_unlock(&ex->lock);
        ex_run_free(r);
        return same;
    }
    r->refs = 1;
    r->used = ++ex->clock;
    if (ex->n_cache == ex->cap_cache) evict_locked(ex);
    if (ex->n_cache < ex->cap_cache) {
        r->cached = 1;
        ex->cache[ex->n_cache++] = r;
    }
    evict_locked(ex);
    pthread_mutex_unlock(&ex->lock);
    return r;
}

void ex_release(rg_explore *ex, ex_run *r)
{
    if (!r) return;
    pthread_mutex_lock(&ex->lock);
    int drop = --r->refs == 0 && !r->cached;
    if (!drop) evict_locked(ex);
    pthread_mutex_unlock(&ex->lock);
    if (drop) ex_run_free(r);
}

static rg_status simulate_keyed(rg_explore *ex, const rg_params *p, const char *key, ex_run **out,
                                rg_error *err)
{
    ex_run *r;
    RG_TRY(ex_simulate(p, ex->lim.threads, &r, err));
    r->key = strdup(key);
    if (!r->key) {
        ex_run_free(r);
        return rg_error_set(err, RG_EINTERNAL, "explore: out of memory");
    }
    *out = insert(ex, r);
    return RG_OK;
}

/* The runs of the two configurations, from the cache or simulated now. *busy is set
 * (and nothing run) when max_runs simulations are already going. */
rg_status ex_obtain(rg_explore *ex, const rg_params *pb, const char *kb, const rg_params *pc,
                    const char *kc, ex_run **rb, ex_run **rc, int fresh[2], int *busy,
                    rg_error *err)
{
    *rb = *rc = NULL;
    *busy = fresh[0] = fresh[1] = 0;
    const int same = strcmp(kb, kc) == 0;
    pthread_mutex_lock(&ex->lock);
    *rb = find_locked(ex, kb);
    *rc = same ? (*rb ? find_locked(ex, kb) : NULL) : find_locked(ex, kc);
    int need = !*rb || !*rc;
    if (need && ex->running >= ex->lim.max_runs) *busy = 1;
    if (need && !*busy) ex->running++;
    pthread_mutex_unlock(&ex->lock);
    if (*busy) {
        ex_release(ex, *rb);
        ex_release(ex, *rc);
        *rb = *rc = NULL;
        return RG_OK;
    }
    rg_status st = RG_OK;
    if (!*rb && (st = simulate_keyed(ex, pb, kb, rb, err)) == RG_OK) fresh[0] = 1;
    if (st == RG_OK && !*rc) {
        if (same && *rb) {
            pthread_mutex_lock(&ex->lock);
            (*rb)->refs++;
            pthread_mutex_unlock(&ex->lock);
            *rc = *rb;
        } else if ((st = simulate_keyed(ex, pc, kc, rc, err)) == RG_OK) {
            fresh[1] = 1;
        }
    }
    if (need) {
        pthread_mutex_lock(&ex->lock);
        ex->running--;
        pthread_mutex_unlock(&ex->lock);
    }
    if (st != RG_OK) {
        ex_release(ex, *rb);
        ex_release(ex, *rc);
        *rb = *rc = NULL;
    }
    return st;
}

void ex_log(const rg_explore *ex, const char *line)
{
    if (!ex->log) return;
    fprintf(ex->log, "explore: %s\n", line);
    fflush(ex->log);
}

const char *ex_scenario(const rg_explore *ex)
{
    return ex->scenario;
}

/* ---- Routing ---- */

static const ex_asset *find_asset(const char *path)
{
    for (size_t i = 0; i < ex_n_assets; i++)
        if (strcmp(ex_assets[i].path, path) == 0) return &ex_assets[i];
    return NULL;
}

void rg_explore_handle(rg_explore *ex, const char *method, const char *path, const char *body,
                       size_t len, rg_explore_response *r)
{
    memset(r, 0, sizeof *r);
    const int get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
    if (!strcmp(path, "/api/run")) {
        if (strcmp(method, "POST") != 0) {
            ex_error(r, 405, "/api/run takes POST with a JSON body");
            r->allow = "POST";
            return;
        }
        ex_answer_run(ex, body, len, r);
        return;
    }
    if (!strcmp(path, "/api/levers")) {
        if (!get) {
            ex_error(r, 405, "/api/levers takes GET");
            r->allow = "GET, HEAD";
            return;
        }
        ex_answer_levers(ex, r);
        return;
    }
    const ex_asset *a = find_asset(path);
    if (a && !get) {
        ex_error(r, 405, "pages take GET");
        r->allow = "GET, HEAD";
        return;
    }
    if (a) {
        r->status = 200;
        r->content_type = a->content_type;
        r->body = (const char *)a->data;
        r->len = a->size;
        return;
    }
    ex_error(r, 404, "no such page; the explorer serves /, /api/levers and /api/run");
}

void rg_explore_response_free(rg_explore_response *r)
{
    free(r->owned);
    memset(r, 0, sizeof *r);
}
