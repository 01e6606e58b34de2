/*
 * POST /api/run: the baseline and the changed world with the same seed, their
 * monthly curves and headline measures, and one person's two lives.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "workflows/explore/explore_internal.h"
#include "reintegra/config.h"

/* The monthly curves, in percent of everyone or of the people free that month. */
static const char *const series_names[] = {"rearrested",   "reconvicted", "returned", "in_prison",
                                           "employed",     "housed",      "homeless", "mentored",
                                           "in_programme", "income",      "stigma"};
enum { N_SERIES = sizeof series_names / sizeof series_names[0] };

static double series_value(int k, const ex_row *row, double people)
{
    const double free_ = row->free > 0 ? row->free : NAN;
    switch (k) {
    case 0: return 100.0 * (double)row->ever_arrested / people;
    case 1: return 100.0 * (double)row->ever_convicted / people;
    case 2: return 100.0 * (double)row->ever_returned / people;
    case 3: return 100.0 * (double)row->prison / people;
    case 4: return 100.0 * (double)row->employed / free_;
    case 5: return 100.0 * (double)row->housing_stable / free_;
    case 6: return 100.0 * (double)row->homeless / free_;
    case 7: return 100.0 * (double)row->mentored / free_;
    case 8: return 100.0 * (double)row->in_programme / people;
    case 9: return row->income_mean;
    case 10: return row->stigma_internal_mean;
    default: return NAN;
    }
}

static void write_world(FILE *f, const ex_run *r)
{
    const double people = r->n ? (double)r->n : 1.0;
    fputs("{\"series\": {", f);
    for (int k = 0; k < N_SERIES; k++) {
        fprintf(f, "%s\n    \"%s\": [", k ? "," : "", series_names[k]);
        for (int m = 0; m < r->months; m++) {
            fputs(m ? ", " : "", f);
            ex_json_number(f, series_value(k, &r->rows[m], people), 3);
        }
        fputc(']', f);
    }
    fputs("},\n   \"headline\": {", f);
    for (int m = 0; m < RG_MEASURE_COUNT; m++) {
        fprintf(f, "%s\"%s\": {", m ? ", " : "", rg_measure_name((rg_measure)m));
        for (int y = 1; y <= r->years; y++) {
            fprintf(f, "%s\"year%d\": ", y > 1 ? ", " : "", y);
            ex_json_number(f, r->recid[m][y - 1], 4);
        }
        fputc('}', f);
    }
    const ex_row *last = &r->rows[r->months - 1];
    fprintf(f,
            "},\n   \"final\": {\"free\": %lld, \"prison\": %lld, \"pending\": %lld, "
            "\"employed\": %lld},\n   \"programme_cost\": ",
            (long long)last->free, (long long)last->prison, (long long)last->pending,
            (long long)last->employed);
    ex_json_number(f, r->cost, 0);
    fputc('}', f);
}

static void write_lines(FILE *f, const rg_story *s)
{
    fputc('[', f);
    for (size_t i = 0; i < s->n; i++) {
        fprintf(f, "%s{\"month\": %d, \"text\": ", i ? ", " : "", s->lines[i].month);
        rg_json_string(f, s->lines[i].text);
        fputc('}', f);
    }
    fputc(']', f);
}

static void write_story(FILE *f, const ex_run *rb, const ex_run *rc, uint32_t person)
{
    rg_story_life a = ex_life(rb, person), b = ex_life(rc, person);
    rg_story sa = {0}, sb = {0};
    rg_story_divergence d;
    rg_error err = {0};
    if (rg_story_tell(&a, &sa, &err) != RG_OK || rg_story_tell(&b, &sb, &err) != RG_OK ||
        rg_story_diverge(&a, &b, "in the baseline", "in the changed world", &d, &err) != RG_OK) {
        fputs("null", f);
        rg_story_free(&sa);
        rg_story_free(&sb);
        return;
    }
    char who[512];
    rg_story_describe_person(&a.person, who, sizeof who);
    fprintf(f, "{\"person\": %u, \"who\": ", person);
    rg_json_string(f, who);
    fprintf(f, ", \"lives_differ\": %s,\n   \"baseline\": ", d.diverged ? "true" : "false");
    write_lines(f, &sa);
    fputs(",\n   \"changed\": ", f);
    write_lines(f, &sb);
    fputs(",\n   \"divergence\": {\"month\": ", f);
    if (d.month >= 0)
        fprintf(f, "%d", d.month);
    else
        fputs("null", f);
    fputs(", \"text\": ", f);
    rg_json_string(f, d.text);
    fputs("}}", f);
    rg_story_free(&sa);
    rg_story_free(&sb);
}

/* The person to follow: the one asked for, else the first from `changed_from` on
 * (wrapping round) whose two lives differ, else `changed_from` itself. */
static uint32_t choose_person(const ex_query *q, const ex_run *rb, const ex_run *rc,
                              size_t *changed)
{
    *changed = 0;
    if (!rb->n) return 0;
    for (size_t i = 0; i < rb->n; i++) *changed += rb->hash[i] != rc->hash[i];
    if (q->person >= 0) return (uint32_t)q->person;
    size_t from = q->changed_from < 0 ? 0 : (size_t)q->changed_from % rb->n;
    for (size_t k = 0; k < rb->n; k++) {
        size_t i = (from + k) % rb->n;
        if (rb->hash[i] != rc->hash[i]) return (uint32_t)i;
    }
    return (uint32_t)from;
}

typedef struct answer {
    const ex_worlds *w;
    const ex_run *rb, *rc;
    uint32_t person;
    size_t changed;
    int fresh[2];
} answer;

static void write_answer(FILE *f, const rg_explore *ex, const answer *a)
{
    const rg_params *p = &a->w->changed;
    fprintf(f, "{\"settings\": {\"agents\": %lld, \"months\": %lld, \"seed\": %lld, \"levers\": ",
            p->run.agents, p->run.months, p->run.seed);
    ex_write_lever_values(f, p);
    fputs("},\n \"reproduce\": {\"baseline\": ", f);
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "reintegra run %s %s", ex_scenario(ex), a->w->base_args);
    rg_json_string(f, cmd);
    fputs(", \"changed\": ", f);
    snprintf(cmd, sizeof cmd, "reintegra run %s %s", ex_scenario(ex), a->w->changed_args);
    rg_json_string(f, cmd);
    fprintf(f, "},\n \"people\": %zu, \"changed_people\": %zu,\n \"baseline\": ", a->rb->n,
            a->changed);
    write_world(f, a->rb);
    fputs(",\n \"changed\": ", f);
    write_world(f, a->rc);
    fputs(",\n \"story\": ", f);
    write_story(f, a->rb, a->rc, a->person);
    fprintf(f,
            ",\n \"timing\": {\"baseline\": {\"simulated\": %s, \"seconds\": %.3f}, "
            "\"changed\": {\"simulated\": %s, \"seconds\": %.3f}}}\n",
            a->fresh[0] ? "true" : "false", a->rb->seconds, a->fresh[1] ? "true" : "false",
            a->rc->seconds);
}

static void log_run(const rg_explore *ex, const answer *a)
{
    char line[600];
    snprintf(line, sizeof line, "%lld people, %lld months, seed %lld: baseline %s, changed %s",
             a->w->base.run.agents, a->w->base.run.months, a->w->base.run.seed,
             a->fresh[0] ? "simulated" : "cached", a->fresh[1] ? "simulated" : "cached");
    if (a->fresh[0] || a->fresh[1]) {
        size_t len = strlen(line);
        snprintf(line + len, sizeof line - len, " (%.2f s)",
                 (a->fresh[0] ? a->rb->seconds : 0) + (a->fresh[1] ? a->rc->seconds : 0));
    }
    ex_log(ex, line);
}

/* Run both worlds (or take them from the cache) and answer. */
static void run_worlds(rg_explore *ex, const ex_query *q, const ex_worlds *w,
                       rg_explore_response *r)
{
    rg_error err = {0};
    char *kb = rg_config_resolved(&w->base), *kc = rg_config_resolved(&w->changed);
    ex_run *rb = NULL, *rc = NULL;
    answer a = {w, NULL, NULL, 0, 0, {0, 0}};
    int busy = 0;
    rg_status st =
        kb && kc ? ex_obtain(ex, &w->base, kb, &w->changed, kc, &rb, &rc, a.fresh, &busy, &err)
                 : rg_error_set(&err, RG_EINTERNAL, "out of memory");
    free(kb);
    free(kc);
    if (st != RG_OK) {
        ex_error(r, st == RG_EINPUT ? 400 : 500, "%s", err.msg);
        return;
    }
    if (busy) {
        ex_error(r, 503,
                 "the explorer is busy: %d simulations are running, the most it runs at once; "
                 "try again in a moment",
                 rg_explore_get_limits(ex)->max_runs);
        return;
    }
    if (!rb || !rc) { /* not reached: ex_obtain gives both or an error */
        ex_release(ex, rb);
        ex_release(ex, rc);
        ex_error(r, 500, "no run to answer with");
        return;
    }
    a.rb = rb;
    a.rc = rc;
    a.person = choose_person(q, rb, rc, &a.changed);
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (f) {
        write_answer(f, ex, &a);
        r->status = 200;
        ex_finish(r, f, &buf, &size);
        log_run(ex, &a);
    } else {
        ex_error(r, 500, "out of memory");
    }
    ex_release(ex, rb);
    ex_release(ex, rc);
}

void ex_answer_run(rg_explore *ex, const char *body, size_t len, rg_explore_response *r)
{
    const rg_explore_limits *l = rg_explore_get_limits(ex);
    if (len > l->max_body) {
        ex_error(r, 413, "the request body is %zu bytes; the explorer takes at most %zu", len,
                 l->max_body);
        return;
    }
    rg_error err = {0};
    ex_query *q = malloc(sizeof *q);
    ex_worlds *w = malloc(sizeof *w);
    if (!q || !w) {
        ex_error(r, 500, "out of memory");
    } else if (ex_parse_query(body ? body : "", body ? len : 0, q, &err) != RG_OK ||
               ex_apply(ex, q, w, &err) != RG_OK) {
        ex_error(r, err.status == RG_EINPUT ? 400 : 500, "%s", err.msg);
    } else if (q->person >= w->base.run.agents) {
        ex_error(r, 400, "person: %lld is not in the run; expected 0 to %lld", q->person,
                 w->base.run.agents - 1);
    } else {
        run_worlds(ex, q, w, r);
    }
    free(q);
    free(w);
}
