/* The merged index of a sweep: DIR/index.h5, written from the layout declared in
 * sweep_index.h. */
#include "reintegra/sweep.h"

#include <hdf5.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/files.h"
#include "common/h5io.h"
#include "reintegra/build_info.h"
#include "reintegra/config.h"
#include "workflows/internal.h"

static const char *metric_description(const char *name, char *buf, size_t size)
{
    int year = 0;
    const char *y = strstr(name, "_y");
    if (y) year = atoi(y + 2);
    if (!strncmp(name, "arrest_y", 8))
        snprintf(buf, size, "percent of people with a first arrest within %d year(s) of release",
                 year);
    else if (!strncmp(name, "conviction_y", 12))
        snprintf(buf, size,
                 "percent of people with a first convicted arrest within %d year(s) of release",
                 year);
    else if (!strncmp(name, "return_to_prison_y", 18))
        snprintf(buf, size, "percent of people returned to prison within %d year(s) of release",
                 year);
    else if (!strcmp(name, "free_end"))
        snprintf(buf, size, "percent of people free at the end of the run");
    else
        snprintf(buf, size, "percent of people in prison at the end of the run");
    return buf;
}

/* The kinds of the layout's attributes and objects, and the objects' texts. */
#define RG_ATTR_KIND_(id, name, kind, meaning) RG_IDX_##kind,
static const rg_index_kind attribute_kind[] = {RG_INDEX_ATTRIBUTES(RG_ATTR_KIND_)};
#undef RG_ATTR_KIND_

typedef struct object_desc {
    const char *path;
    rg_index_kind kind;
    const char *shape, *units, *description;
} object_desc;
#define RG_OBJECT_ROW_(id, path, kind, shape, units, description)                                  \
    {path, RG_IDX_##kind, shape, units, description},
static const object_desc objects[] = {RG_INDEX_OBJECTS(RG_OBJECT_ROW_)};
#undef RG_OBJECT_ROW_

/* What the writer needs: the sweep, every task's record, and buffers of one value
 * per task. */
typedef struct index_writer {
    const rg_sweep *s;
    const rg_task_result *recs;
    const long long *counts; /* by rg_task_state */
    hid_t f;
    hsize_t n;
    long long *ll;
    int8_t *code;
    double *dv;
    const char **sv;
    char *names; /* n file names of 40 bytes */
} index_writer;

static int write_attributes(const index_writer *w)
{
    const rg_sweep *s = w->s;
    char fp[32], created[64];
    snprintf(fp, sizeof fp, "%016llx", (unsigned long long)s->fingerprint);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    const char *text[RG_INDEX_ATTRIBUTE_COUNT] = {
        [RG_INDEX_ATTR_FORMAT] = "reintegra-sweep",
        [RG_INDEX_ATTR_REINTEGRA_VERSION] = RG_VERSION,
        [RG_INDEX_ATTR_GIT_REVISION] = RG_GIT_REVISION,
        [RG_INDEX_ATTR_FINGERPRINT] = fp,
        [RG_INDEX_ATTR_DESIGN] = rg_design_name(s->design),
        [RG_INDEX_ATTR_CREATED_UTC] = created,
        [RG_INDEX_ATTR_SWEEP_FILE] = s->path,
        [RG_INDEX_ATTR_SET] = s->cli_set ? s->cli_set : ""};
    const long long value[RG_INDEX_ATTRIBUTE_COUNT] = {
        [RG_INDEX_ATTR_INDEX_VERSION] = RG_INDEX_VERSION,
        [RG_INDEX_ATTR_DESIGN_CODE] = s->design,
        [RG_INDEX_ATTR_REQUESTED] = s->requested,
        [RG_INDEX_ATTR_POINTS] = s->npoints,
        [RG_INDEX_ATTR_REPLICATES] = s->replicates,
        [RG_INDEX_ATTR_SEED] = s->seed,
        [RG_INDEX_ATTR_TASKS] = s->ntasks,
        [RG_INDEX_ATTR_TASKS_DONE] = w->counts[RG_TASK_DONE],
        [RG_INDEX_ATTR_TASKS_FAILED] = w->counts[RG_TASK_FAILED],
        [RG_INDEX_ATTR_TASKS_MISSING] = w->counts[RG_TASK_MISSING]};
    int r = 0;
    for (int a = 0; a < RG_INDEX_ATTRIBUTE_COUNT; a++) {
        const char *name = rg_index_attribute_name((rg_index_attribute)a);
        r |= attribute_kind[a] == RG_IDX_TEXT ? rg_h5_attr_string(w->f, name, text[a])
                                              : rg_h5_attr_ll(w->f, name, value[a]);
    }
    return r;
}

/* A dataset of one value per task, from the writer's buffer of its kind. */
static int task_column(const index_writer *w, const char *path, rg_index_kind kind,
                       const char *units, const char *description)
{
    hsize_t dims[1] = {w->n};
    switch (kind) {
    case RG_IDX_INT:
        return rg_h5_write_dataset(w->f, path, H5T_STD_I64LE, H5T_NATIVE_LLONG, 1, dims, w->ll,
                                   units, description);
    case RG_IDX_CODE:
        return rg_h5_write_dataset(w->f, path, H5T_STD_I8LE, H5T_NATIVE_INT8, 1, dims, w->code,
                                   units, description);
    case RG_IDX_REAL: return rg_h5_write_doubles(w->f, path, 1, dims, w->dv, units, description);
    case RG_IDX_STRINGS: return rg_h5_write_strings(w->f, path, w->sv, w->n, description);
    default: return -1;
    }
}

/* Fill the buffer of per-task object o. */
static void fill_tasks(index_writer *w, rg_index_object o)
{
    const rg_sweep *s = w->s;
    for (hsize_t k = 0; k < w->n; k++) {
        const long long t = (long long)k;
        const rg_task_result *r = &w->recs[k];
        switch (o) {
        case RG_INDEX_OBJ_TASK: w->ll[k] = t; break;
        case RG_INDEX_OBJ_TASK_POINT: w->ll[k] = t / s->replicates; break;
        case RG_INDEX_OBJ_TASK_REPLICATE: w->ll[k] = t % s->replicates; break;
        case RG_INDEX_OBJ_TASK_SEED: w->ll[k] = s->seed + t % s->replicates; break;
        case RG_INDEX_OBJ_TASK_STATE: w->code[k] = (int8_t)r->state; break;
        case RG_INDEX_OBJ_TASK_SECONDS: w->dv[k] = r->seconds; break;
        case RG_INDEX_OBJ_TASK_MESSAGE: w->sv[k] = r->message; break;
        case RG_INDEX_OBJ_TASK_FILE: {
            char *name = w->names + k * 40;
            if (r->state == RG_TASK_DONE)
                snprintf(name, 40, "tasks/task-%06lld.h5", t);
            else
                name[0] = '\0';
            w->sv[k] = name;
            break;
        }
        default: break;
        }
    }
}

/* /parameters/NAME: the varied values of each task, with the registry's words. */
static int write_parameters(index_writer *w)
{
    const rg_sweep *s = w->s;
    int r = 0;
    char path[300];
    for (size_t j = 0; j < s->np && !r; j++) {
        const rg_sweep_param *sp = &s->par[j];
        for (hsize_t k = 0; k < w->n; k++)
            w->dv[k] = s->x[(size_t)(k / (hsize_t)s->replicates) * s->np + j];
        snprintf(path, sizeof path, "parameters/%s", sp->desc->name);
        r |= task_column(w, path, RG_IDX_REAL, sp->desc->unit, sp->desc->meaning);
        hid_t ds = r ? -1 : H5Dopen2(w->f, path, H5P_DEFAULT);
        if (ds >= 0) {
            r |= rg_h5_attr_double(ds, "min", sp->lo) | rg_h5_attr_double(ds, "max", sp->hi) |
                 rg_h5_attr_string(ds, "type", rg_param_type_name(sp->desc->type));
            H5Dclose(ds);
        }
    }
    return r;
}

static int write_metrics(index_writer *w, const object_desc *d)
{
    char path[64], desc[256];
    int r = 0;
    for (int m = 0; m < w->s->nmetrics && !r; m++) {
        for (hsize_t k = 0; k < w->n; k++) w->dv[k] = w->recs[k].metric[m];
        snprintf(path, sizeof path, "metrics/%s", w->s->metric[m]);
        r |= task_column(w, path, d->kind, d->units,
                         metric_description(w->s->metric[m], desc, sizeof desc));
    }
    return r;
}

/* External links to the task files, relative to the index's folder. */
static int write_links(const index_writer *w)
{
    for (hsize_t k = 0; k < w->n; k++) {
        if (w->recs[k].state != RG_TASK_DONE) continue;
        char link[64], target[64];
        snprintf(link, sizeof link, "runs/task-%06lld", (long long)k);
        snprintf(target, sizeof target, "tasks/task-%06lld.h5", (long long)k);
        if (H5Lcreate_external(target, "/", w->f, link, H5P_DEFAULT, H5P_DEFAULT) < 0) return -1;
    }
    return 0;
}

static int write_object(index_writer *w, rg_index_object o)
{
    const object_desc *d = &objects[o];
    const rg_sweep *s = w->s;
    switch (o) {
    case RG_INDEX_OBJ_SWEEP_CONFIG: return rg_h5_write_text(w->f, d->path, s->text, d->description);
    case RG_INDEX_OBJ_BASE_CONFIG: {
        char *base = rg_config_resolved(&s->params);
        int r = rg_h5_write_text(w->f, d->path, base ? base : "", d->description);
        free(base);
        return r;
    }
    case RG_INDEX_OBJ_PARAMETER: return write_parameters(w);
    case RG_INDEX_OBJ_METRIC: return write_metrics(w, d);
    case RG_INDEX_OBJ_DESIGN_VALUES: {
        hsize_t dims[2] = {(hsize_t)s->npoints, s->np};
        return rg_h5_write_doubles(w->f, d->path, 2, dims, s->x, d->units, d->description);
    }
    case RG_INDEX_OBJ_DESIGN_PARAMETERS: {
        const char *pn[RG_SWEEP_MAX_GIVEN];
        for (size_t j = 0; j < s->np; j++) pn[j] = s->par[j].desc->name;
        return rg_h5_write_strings(w->f, d->path, pn, s->np, d->description);
    }
    case RG_INDEX_OBJ_RUN: return write_links(w);
    default: break;
    }
    if (d->kind == RG_IDX_GROUP) {
        hid_t g = rg_h5_create_group(w->f, d->path, d->description);
        return g < 0 ? -1 : H5Gclose(g) < 0 ? -1 : 0;
    }
    fill_tasks(w, o); /* the other objects are columns of /tasks */
    return task_column(w, d->path, d->kind, d->units, d->description);
}

static int write_contents(const rg_sweep *s, hid_t f, const rg_task_result *recs,
                          const long long counts[3])
{
    const hsize_t n = (hsize_t)s->ntasks, cap = n ? n : 1;
    index_writer w = {s,
                      recs,
                      counts,
                      f,
                      n,
                      malloc(sizeof *w.ll * cap),
                      malloc(cap),
                      malloc(sizeof *w.dv * cap),
                      malloc(sizeof *w.sv * cap),
                      malloc(cap * 40)};
    int r = w.ll && w.code && w.dv && w.sv && w.names ? write_attributes(&w) : -1;
    for (int o = 0; o < RG_INDEX_OBJECT_COUNT && !r; o++) r = write_object(&w, (rg_index_object)o);
    free(w.ll);
    free(w.code);
    free(w.dv);
    free(w.sv);
    free(w.names);
    return r;
}

rg_status rg_sweep_write_index(const rg_sweep *s, const char *dir, long long *done,
                               long long *failed, long long *missing, rg_error *err)
{
    /* Every task locked: no share is still running when the index is gathered. */
    RG_TRY(rg_sweep_check(s, dir, err));
    int fd = -1, unsupported = 0;
    RG_TRY(rg_sweep_lock_open(dir, &fd, &unsupported, err));
    rg_status st = rg_sweep_lock_tasks(fd, dir, 0, s->ntasks, err);
    if (st == RG_OK) st = rg_sweep_write_index_held(s, dir, done, failed, missing, err);
    if (fd >= 0) close(fd);
    return st;
}

rg_status rg_sweep_write_index_held(const rg_sweep *s, const char *dir, long long *done,
                                    long long *failed, long long *missing, rg_error *err)
{
    rg_task_result *recs = calloc((size_t)(s->ntasks ? s->ntasks : 1), sizeof *recs);
    if (!recs) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    rg_status st = rg_sweep_check(s, dir, err);
    if (st == RG_OK) st = rg_sweep_gather(s, dir, recs, err);
    long long counts[3] = {0, 0, 0};
    for (long long k = 0; st == RG_OK && k < s->ntasks; k++)
        if (recs[k].state >= 0 && recs[k].state < 3) counts[recs[k].state]++;
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/index.h5", dir);
    if (st == RG_OK) {
        rg_h5_partial w;
        char hint[64];
        st = rg_h5_partial_create(&w, path, err);
        if (st == RG_OK && write_contents(s, w.file, recs, counts) != 0) {
            rg_h5_partial_abort(&w);
            st = rg_error_set(err, RG_EINTERNAL, "%s: HDF5 error while writing the index%s",
                              w.partial, rg_disk_full_hint(w.partial, hint, sizeof hint));
        } else if (st == RG_OK)
            st = rg_h5_partial_commit(&w, err);
    }
    free(recs);
    if (done) *done = counts[RG_TASK_DONE];
    if (failed) *failed = counts[RG_TASK_FAILED];
    if (missing) *missing = counts[RG_TASK_MISSING];
    return st;
}

/* --- documentation ------------------------------------------------------------ */

static const char *kind_text(rg_index_kind k)
{
    switch (k) {
    case RG_IDX_GROUP: return "group";
    case RG_IDX_TEXT: return "string";
    case RG_IDX_STRINGS: return "strings";
    case RG_IDX_INT: return "int64";
    case RG_IDX_CODE: return "int8";
    case RG_IDX_REAL: return "float64";
    case RG_IDX_LINK: return "external link";
    }
    return "?";
}

void rg_sweep_index_write_markdown(FILE *f)
{
    fputs("| root attribute | type | meaning |\n| --- | --- | --- |\n", f);
#define RG_ATTR_DOC_(id, name, kind, meaning)                                                      \
    fprintf(f, "| `%s` | %s |%s%s |\n", name, kind_text(RG_IDX_##kind), meaning[0] ? " " : "",     \
            meaning);
    RG_INDEX_ATTRIBUTES(RG_ATTR_DOC_)
#undef RG_ATTR_DOC_
    fputs("\n| object | type | units | contents |\n| --- | --- | --- | --- |\n", f);
    for (int o = 0; o < RG_INDEX_OBJECT_COUNT; o++) {
        const object_desc *d = &objects[o];
        fprintf(f, "| `/%s` | %s%s%s%s | %s | %s |\n", d->path, kind_text(d->kind),
                d->shape[0] ? " [" : "", d->shape, d->shape[0] ? "]" : "", d->units,
                d->description);
    }
}
