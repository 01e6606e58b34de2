/* The summary table and the event types: the modules' declarations, concatenated
 * over the module list (built once, thread-safe). */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/module.h"

enum { MAX_SUMMARY = 128, MAX_EVENTS = 255 };

static struct {
    rg_summary_desc summary[MAX_SUMMARY];
    size_t n_summary;
    rg_event_desc events[MAX_EVENTS];
    size_t n_events;
} tables;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static int by_code(const void *a, const void *b)
{
    const rg_event_desc *x = a, *y = b;
    return (x->code > y->code) - (x->code < y->code);
}

static void build(void)
{
    tables.summary[tables.n_summary++] =
        (rg_summary_desc){"month", "run", RG_H5_I32, (size_t)-1, 0, "month", "model month"};
    size_t nm;
    const rg_module *const *mods = rg_modules(&nm);
    for (size_t m = 0; m < nm; m++) {
        for (size_t k = 0; k < mods[m]->n_summary && tables.n_summary < MAX_SUMMARY; k++) {
            const rg_summary_spec *s = &mods[m]->summary_cols[k];
            tables.summary[tables.n_summary++] = (rg_summary_desc){
                s->name, mods[m]->name, s->type, m, s->offset, s->units, s->description};
        }
        for (size_t k = 0; k < mods[m]->n_events && tables.n_events < MAX_EVENTS; k++) {
            const rg_event_spec *e = &mods[m]->events[k];
            tables.events[tables.n_events++] =
                (rg_event_desc){e->code, e->name, mods[m]->name, e->description};
        }
    }
    qsort(tables.events, tables.n_events, sizeof *tables.events, by_code);
}

const rg_summary_desc *rg_summary_table(size_t *count)
{
    pthread_once(&tables_once, build);
    *count = tables.n_summary;
    return tables.summary;
}

const rg_event_desc *rg_event_table(size_t *count)
{
    pthread_once(&tables_once, build);
    *count = tables.n_events;
    return tables.events;
}

const void *rg_run_summary_row(const rg_run *run, const rg_module *module, int month)
{
    const rg_instance *self = rg_run_instance(run, module);
    if (!self || !self->summary || month < 0 || month >= run->months) return NULL;
    return (const char *)self->summary + (size_t)month * module->summary_size;
}

void rg_summary_get(const rg_run *run, const rg_summary_desc *d, int month, void *out)
{
    if (d->module_index == (size_t)-1) {
        int32_t m = month;
        memcpy(out, &m, sizeof m);
        return;
    }
    const rg_instance *self = &run->mods[d->module_index];
    const char *row = (const char *)self->summary + (size_t)month * self->module->summary_size;
    memcpy(out, row + d->offset, d->type == RG_H5_I32 ? 4 : 8);
}

double rg_run_summary_value(const rg_run *run, int month, const char *name)
{
    size_t n;
    const rg_summary_desc *t = rg_summary_table(&n);
    if (month < 0 || month >= run->month) return NAN;
    for (size_t k = 0; k < n; k++) {
        if (strcmp(t[k].name, name) != 0) continue;
        union {
            int32_t i32;
            int64_t i64;
            double f64;
        } v;
        rg_summary_get(run, &t[k], month, &v);
        return t[k].type == RG_H5_I32 ? v.i32 : t[k].type == RG_H5_I64 ? (double)v.i64 : v.f64;
    }
    return NAN;
}
