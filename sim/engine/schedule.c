/*
 * The schedule: for each phase, the modules' hooks ordered by the constraints
 * they declare (module.h), ties kept in module-list order. The same order is used
 * by every run and printed by `reintegra schedule`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/module.h"

static const char *const phase_names[RG_PHASE_COUNT] = {"init",    "agent", "market",
                                                        "justice", "world", "record"};

const char *rg_phase_name(rg_phase phase)
{
    return phase >= 0 && phase < RG_PHASE_COUNT ? phase_names[phase] : "?";
}

static int takes_part(const rg_module *m, rg_phase ph)
{
    const rg_hook *h = &m->on[ph];
    return h->agents || h->global || h->record;
}

static size_t find(const rg_module *const *mods, size_t n, const char *name, size_t len)
{
    for (size_t k = 0; k < n; k++)
        if (strlen(mods[k]->name) == len && strncmp(mods[k]->name, name, len) == 0) return k;
    return n;
}

/* Add the edges of one constraint list of module `self`: before[a][b] means a's
 * hook runs before b's. `later` says whether the listed modules run after self. */
static rg_status add_edges(const rg_module *const *mods, size_t n, rg_phase ph, size_t self,
                           const char *list, int later, unsigned char *before, rg_error *err)
{
    for (const char *c = list; c && *c;) {
        while (*c == ' ' || *c == ',') c++;
        size_t len = strcspn(c, ", ");
        if (!len) break;
        if (len == 1 && *c == '*') {
            for (size_t k = 0; k < n; k++)
                if (k != self && takes_part(mods[k], ph))
                    before[later ? self * n + k : k * n + self] = 1;
        } else {
            size_t k = find(mods, n, c, len);
            if (k == n)
                return rg_error_set(err, RG_EINTERNAL,
                                    "module %s, %s phase: no module named '%.*s' to order by",
                                    mods[self]->name, phase_names[ph], (int)len, c);
            if (k != self && takes_part(mods[k], ph))
                before[later ? self * n + k : k * n + self] = 1;
        }
        c += len;
    }
    return RG_OK;
}

rg_status rg_schedule(const rg_module *const *mods, size_t n, rg_phase ph, size_t *order,
                      size_t *count, rg_error *err)
{
    *count = 0;
    unsigned char *before = calloc(n * n + 1, 1), *done = calloc(n + 1, 1);
    if (!before || !done) {
        free(before);
        free(done);
        return rg_error_set(err, RG_EINTERNAL, "out of memory");
    }
    rg_status st = RG_OK;
    for (size_t m = 0; st == RG_OK && m < n; m++) {
        if (!takes_part(mods[m], ph)) continue;
        st = add_edges(mods, n, ph, m, mods[m]->on[ph].after, 0, before, err);
        if (st == RG_OK) st = add_edges(mods, n, ph, m, mods[m]->on[ph].before, 1, before, err);
    }
    size_t parts = 0;
    for (size_t m = 0; m < n; m++) parts += takes_part(mods[m], ph);
    /* Kahn's algorithm, always taking the first ready module in list order. */
    while (st == RG_OK && *count < parts) {
        size_t pick = n;
        for (size_t m = 0; m < n && pick == n; m++) {
            if (done[m] || !takes_part(mods[m], ph)) continue;
            int ready = 1;
            for (size_t k = 0; k < n && ready; k++) ready = !before[k * n + m] || done[k];
            if (ready) pick = m;
        }
        if (pick == n) {
            st = rg_error_set(err, RG_EINTERNAL,
                              "the %s phase's order constraints form a cycle; check the modules' "
                              "`after` and `before` lists",
                              phase_names[ph]);
            break;
        }
        done[pick] = 1;
        order[(*count)++] = pick;
    }
    free(before);
    free(done);
    return st;
}

static const char *const combine_names[] = {"factor", "term", "sets"};

static void write_points(FILE *f, const rg_module *const *mods, size_t n, int md)
{
    if (md)
        fputs("\n### Effect points\n\n"
              "Where modules act on one another: the owner gathers every contribution, in "
              "module-list order.\n\n"
              "| effect point | combines | entity | meaning | contributions |\n"
              "| --- | --- | --- | --- | --- |\n",
              f);
    else
        fputs("\neffect points (contributions in module-list order)\n", f);
    for (size_t m = 0; m < n; m++)
        for (const rg_effect_point *const *p = mods[m]->points; p && *p; p++) {
            fprintf(f, md ? "| `%s` | %s | %s | %s | " : "  %-28s %-6s %-13s %s\n    from:",
                    (*p)->name, combine_names[(*p)->combine], (*p)->entity, (*p)->meaning);
            int any = 0;
            for (size_t k = 0; k < n; k++)
                for (const rg_effect *e = mods[k]->effects; e && e->point; e++)
                    if (e->point == *p)
                        fprintf(f, md ? "%s%s" : "%s %s", any++ && md ? ", " : "", mods[k]->name);
            fputs(md ? (any ? " |\n" : "none |\n") : (any ? "\n" : " none\n"), f);
        }
}

static const char *constraint(const char *list)
{
    return !list ? "" : strcmp(list, "*") == 0 ? "every other module" : list;
}

/* What a hook does: its own line, or for a record hook the columns it fills. */
static void what(const rg_module *m, const rg_hook *h, int md, char *buf, size_t size)
{
    snprintf(buf, size, "%s", h->what ? h->what : "");
    if (h->what || !h->record) return;
    size_t used = 0;
    for (size_t k = 0; k < m->n_summary && used < size; k++)
        used += (size_t)snprintf(buf + used, size - used, md ? "%s`%s`" : "%s%s", k ? ", " : "",
                                 m->summary_cols[k].name);
}

/* One phase as it runs: every block hook (per block of agents), then every global
 * or record hook. */
static void write_phase(FILE *f, const rg_module *const *mods, const size_t *order, size_t count,
                        rg_phase ph, int md)
{
    size_t row = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < count; k++) {
            const rg_module *m = mods[order[k]];
            const rg_hook *h = &m->on[ph];
            if (pass == 0 ? !h->agents : !(h->global || h->record)) continue;
            const char *kind = pass == 0 ? "block" : h->record ? "record" : "global";
            char text[512];
            what(m, h, md, text, sizeof text);
            if (md)
                fprintf(f, "| %s | %zu | %s | %s | %s | %s | %s |\n", phase_names[ph], ++row,
                        m->name, kind, text, constraint(h->after), constraint(h->before));
            else
                fprintf(f, "  %2zu %-18s %-7s %s\n", ++row, m->name, kind, text);
        }
}

/* The modules, in module-list order. */
static void write_modules(FILE *f, const rg_module *const *mods, size_t n, int md)
{
    if (md)
        fputs("### Modules\n\n"
              "In module-list order (`models/modules.c`). A policy is switched off by its first "
              "parameter; a module marked P is a row of the programme table "
              "(`/programmes`).\n\n"
              "| module | kind | what it is |\n| --- | --- | --- |\n",
              f);
    else
        fputs("modules\n", f);
    for (size_t m = 0; m < n; m++) {
        const char *kind = mods[m]->kind == RG_POLICY ? "policy" : "sub-model";
        const char *row = mods[m]->programme ? (md ? ", P" : " P") : "";
        fprintf(f, md ? "| %s | %s%s | %s |\n" : "  %-18s %s%s: %s\n", mods[m]->name, kind, row,
                mods[m]->summary ? mods[m]->summary : "");
    }
}

static void write_schedule(FILE *f, int md)
{
    size_t n;
    const rg_module *const *mods = rg_modules(&n);
    size_t *order = malloc(sizeof *order * (n + 1));
    if (!order) return;
    write_modules(f, mods, n, md);
    if (md)
        fputs("\n### Schedule\n\n"
              "Each phase as it runs: block hooks (in parallel over blocks of people), then "
              "global or record hooks.\n\n"
              "| phase | order | module | hook | what it does | runs after | runs before |\n"
              "| --- | --- | --- | --- | --- | --- | --- |\n",
              f);
    else
        fputs("\n", f);
    for (int ph = 0; ph < RG_PHASE_COUNT; ph++) {
        size_t count;
        rg_error err = {0};
        if (rg_schedule(mods, n, (rg_phase)ph, order, &count, &err) != RG_OK) {
            fprintf(f, "%s: %s\n", phase_names[ph], err.msg);
            continue;
        }
        if (!md) fprintf(f, "%s phase\n", phase_names[ph]);
        write_phase(f, mods, order, count, (rg_phase)ph, md);
    }
    free(order);
    write_points(f, mods, n, md);
}

void rg_schedule_write_markdown(FILE *f)
{
    write_schedule(f, 1);
}

void rg_schedule_write_text(FILE *f)
{
    write_schedule(f, 0);
}
