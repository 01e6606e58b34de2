/*
 * One simulation for the explorer: the run is stepped month by month and each
 * month's events (run->events) are kept, with the wage of every job that starts,
 * so that any person's story can be told afterwards; the summary rows give the
 * curves and the agent columns the headline measures, as `reintegra summarize`
 * computes them from a file. People's attributes are read by their output names.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "workflows/explore/explore_internal.h"
#include "reintegra/agents.h"

typedef struct tagged {
    uint32_t agent;
    rg_story_event e;
} tagged;

typedef struct collected {
    tagged *ev;
    size_t len, cap;
} collected;

/* The value of an agent field (any numeric storage type) for person i. */
static double field_at(const rg_agents *a, const rg_field_desc *f, size_t i)
{
    const void *c = rg_field_column(a, f);
    switch (f->type) {
    case RG_H5_U8: return ((const uint8_t *)c)[i];
    case RG_H5_I8: return ((const int8_t *)c)[i];
    case RG_H5_U16: return ((const uint16_t *)c)[i];
    case RG_H5_I16: return ((const int16_t *)c)[i];
    case RG_H5_I32: return ((const int32_t *)c)[i];
    case RG_H5_U32: return ((const uint32_t *)c)[i];
    case RG_H5_I64: return (double)((const int64_t *)c)[i];
    case RG_H5_F32: return ((const float *)c)[i];
    case RG_H5_F64: return ((const double *)c)[i];
    default: return NAN;
    }
}

static rg_status find_field(const char *name, const rg_field_desc **f, rg_error *err)
{
    *f = rg_field_find(name);
    if (!*f || (*f)->type == RG_H5_STR)
        return rg_error_set(err, RG_EINTERNAL, "explore: the model has no agent field %s", name);
    return RG_OK;
}

/* Keep this month's events, with the wage of each job that starts. */
static rg_status collect(const rg_run *run, const rg_field_desc *wage, collected *c, rg_error *err)
{
    const rg_event_buf *b = &run->events;
    if (c->len + b->len > c->cap) {
        size_t cap = c->cap ? c->cap : 4096;
        while (cap < c->len + b->len) cap *= 2;
        tagged *ev = realloc(c->ev, cap * sizeof *ev);
        if (!ev) return rg_error_set(err, RG_EINTERNAL, "explore: out of memory for events");
        c->ev = ev;
        c->cap = cap;
    }
    for (size_t k = 0; k < b->len; k++) {
        const rg_event *e = &b->ev[k];
        float value = NAN;
        if (e->type == RG_EV_JOB_START && e->agent < run->a.n)
            value = (float)field_at(&run->a, wage, e->agent);
        c->ev[c->len++] = (tagged){e->agent, {e->month, e->type, e->detail, value}};
    }
    return RG_OK;
}

/* Events by person (a stable counting sort, so each person's stay in month order)
 * and a digest of each person's events. */
static rg_status index_events(ex_run *r, const collected *c, rg_error *err)
{
    if (c->len >= UINT32_MAX)
        return rg_error_set(err, RG_EINTERNAL, "explore: too many events to index");
    r->first = calloc(r->n + 1, sizeof *r->first);
    r->ev = malloc((c->len ? c->len : 1) * sizeof *r->ev);
    r->hash = malloc((r->n ? r->n : 1) * sizeof *r->hash);
    if (!r->first || !r->ev || !r->hash)
        return rg_error_set(err, RG_EINTERNAL, "explore: out of memory indexing events");
    for (size_t k = 0; k < c->len; k++)
        if (c->ev[k].agent < r->n) r->first[c->ev[k].agent + 1]++;
    for (size_t i = 0; i < r->n; i++) r->first[i + 1] += r->first[i];
    uint32_t *fill = malloc((r->n ? r->n : 1) * sizeof *fill);
    if (!fill) return rg_error_set(err, RG_EINTERNAL, "explore: out of memory indexing events");
    memcpy(fill, r->first, r->n * sizeof *fill);
    for (size_t k = 0; k < c->len; k++)
        if (c->ev[k].agent < r->n) r->ev[fill[c->ev[k].agent]++] = c->ev[k].e;
    free(fill);
    for (size_t i = 0; i < r->n; i++) {
        uint64_t h = 1469598103934665603ULL; /* FNV-1a */
        for (uint32_t k = r->first[i]; k < r->first[i + 1]; k++) {
            const rg_story_event *e = &r->ev[k];
            uint64_t word = (uint64_t)(uint32_t)e->month << 16 | (uint64_t)e->type << 8 | e->detail;
            for (int b = 0; b < 6; b++) h = (h ^ ((word >> (8 * b)) & 0xff)) * 1099511628211ULL;
        }
        r->hash[i] = h;
    }
    return RG_OK;
}

static rg_status read_people(ex_run *r, const rg_run *run, rg_error *err)
{
    static const char *const names[] = {"sex",           "race",           "offense",
                                        "prior_arrests", "age_at_release", "release_month",
                                        "neighbourhood"};
    const rg_field_desc *f[7];
    for (int k = 0; k < 7; k++) RG_TRY(find_field(names[k], &f[k], err));
    r->people = malloc((r->n ? r->n : 1) * sizeof *r->people);
    if (!r->people) return rg_error_set(err, RG_EINTERNAL, "explore: out of memory");
    for (size_t i = 0; i < r->n; i++)
        r->people[i] = (rg_story_person){
            (uint32_t)i,
            (int)field_at(&run->a, f[0], i),
            (int)field_at(&run->a, f[1], i),
            (int)field_at(&run->a, f[2], i),
            (int)field_at(&run->a, f[3], i),
            field_at(&run->a, f[4], i),
            (int)field_at(&run->a, f[5], i),
            (int)field_at(&run->a, f[6], i),
        };
    return RG_OK;
}

/* Rows, headline measures, programme names and cost from the finished run. */
static rg_status read_results(ex_run *r, const rg_run *run, rg_error *err)
{
    r->rows = malloc((size_t)r->months * sizeof *r->rows);
    if (!r->rows) return rg_error_set(err, RG_EINTERNAL, "explore: out of memory");
    for (int m = 0; m < r->months; m++) {
#define EX_ROW_READ_(name) r->rows[m].name = rg_run_summary_value(run, m, #name);
        EX_ROW_COLUMNS(EX_ROW_READ_)
#undef EX_ROW_READ_
        if (isnan(r->rows[m].free))
            return rg_error_set(err, RG_EINTERNAL, "explore: the model has no summary column free");
        r->cost += r->rows[m].programme_cost;
    }
    rg_outcome_columns cols = rg_run_outcomes(run);
    r->years = r->months / 12 < EX_MAX_YEARS ? r->months / 12 : EX_MAX_YEARS;
    for (int m = 0; m < RG_MEASURE_COUNT; m++)
        for (int y = 1; y <= r->years; y++)
            r->recid[m][y - 1] = rg_cumulative_percent(&cols, (rg_measure)m, "all", y, NULL);
    for (int k = 0; k < run->n_outputs; k++) {
        const rg_output_spec *c = run->outputs[k].spec;
        if (c->kind != RG_OUTPUT_TABLE || strcmp(c->group, "programmes") != 0 ||
            strcmp(c->name, "name") != 0 || c->type != RG_H5_STR)
            continue;
        const char *const *names = run->outputs[k].data;
        for (size_t i = 0; i < run->outputs[k].n && r->n_programmes < EX_MAX_PROGRAMMES; i++) {
            r->programmes[r->n_programmes] = strdup(names[i] ? names[i] : "");
            if (!r->programmes[r->n_programmes++])
                return rg_error_set(err, RG_EINTERNAL, "explore: out of memory");
        }
    }
    return read_people(r, run, err);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static rg_status step_all(rg_run *run, collected *c, rg_error *err)
{
    const rg_field_desc *wage;
    RG_TRY(find_field("wage", &wage, err));
    while (run->month < run->months) {
        RG_TRY(rg_run_step(run, err));
        RG_TRY(collect(run, wage, c, err));
    }
    return RG_OK;
}

rg_status ex_simulate(const rg_params *p, int threads, ex_run **out, rg_error *err)
{
    *out = NULL;
    double t0 = now();
    ex_run *r = calloc(1, sizeof *r);
    if (!r) return rg_error_set(err, RG_EINTERNAL, "explore: out of memory");
    rg_run *run = NULL;
    collected c = {0};
    rg_status st = rg_run_create(&run, p, threads, err);
    if (st == RG_OK) {
        r->n = run->a.n;
        r->months = run->months;
        st = step_all(run, &c, err);
    }
    if (st == RG_OK) st = read_results(r, run, err);
    if (st == RG_OK) st = index_events(r, &c, err);
    free(c.ev);
    rg_run_free(run);
    if (st != RG_OK) {
        ex_run_free(r);
        return st;
    }
    r->seconds = now() - t0;
    *out = r;
    return RG_OK;
}

void ex_run_free(ex_run *r)
{
    if (!r) return;
    free(r->key);
    free(r->rows);
    free(r->first);
    free(r->ev);
    free(r->hash);
    free(r->people);
    for (int k = 0; k < r->n_programmes; k++) free(r->programmes[k]);
    free(r);
}

rg_story_life ex_life(const ex_run *r, uint32_t person)
{
    return (rg_story_life){
        .person = r->people[person],
        .events = r->ev + r->first[person],
        .n_events = r->first[person + 1] - r->first[person],
        .months = NULL,
        .horizon = r->months,
        .programmes = (const char *const *)r->programmes,
        .n_programmes = r->n_programmes,
    };
}
