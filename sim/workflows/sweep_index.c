/* The merged index of a sweep: DIR/index.h5 (layout in docs/guides/sweeps.md). */
#include "reintegra/sweep.h"

#include <hdf5.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/h5io.h"
#include "reintegra/build_info.h"
#include "reintegra/config.h"

enum { RG_INDEX_VERSION = 1 };

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

static int write_contents(const rg_sweep *s, const char *dir, hid_t f, const rg_task_result *recs,
                          const long long counts[3])
{
    const hsize_t n = (hsize_t)s->ntasks;
    char fp[32], created[64];
    snprintf(fp, sizeof fp, "%016llx", (unsigned long long)s->fingerprint);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    int r =
        rg_h5_attr_string(f, "format", "reintegra-sweep") |
        rg_h5_attr_ll(f, "index_version", RG_INDEX_VERSION) |
        rg_h5_attr_string(f, "reintegra_version", RG_VERSION) |
        rg_h5_attr_string(f, "git_revision", RG_GIT_REVISION) |
        rg_h5_attr_string(f, "fingerprint", fp) |
        rg_h5_attr_string(f, "design", rg_design_name(s->design)) |
        rg_h5_attr_ll(f, "design_code", s->design) | rg_h5_attr_ll(f, "requested", s->requested) |
        rg_h5_attr_ll(f, "points", s->npoints) | rg_h5_attr_ll(f, "replicates", s->replicates) |
        rg_h5_attr_ll(f, "seed", s->seed) | rg_h5_attr_ll(f, "tasks", s->ntasks) |
        rg_h5_attr_ll(f, "tasks_done", counts[RG_TASK_DONE]) |
        rg_h5_attr_ll(f, "tasks_failed", counts[RG_TASK_FAILED]) |
        rg_h5_attr_ll(f, "tasks_missing", counts[RG_TASK_MISSING]) |
        rg_h5_attr_string(f, "created_utc", created) | rg_h5_attr_string(f, "sweep_file", s->path);
    char *base = rg_config_resolved(&s->params);
    r |= rg_h5_write_text(f, "sweep_config", s->text, "the sweep file, as read");
    r |= rg_h5_write_text(f, "base_config", base ? base : "",
                          "the base scenario with the sweep's fixed settings, resolved; each task "
                          "sets the varied parameters and run.seed over it");
    free(base);

    /* One row per task. */
    long long *ll = malloc(sizeof *ll * (n ? n : 1));
    int8_t *st = malloc(n ? n : 1);
    double *dv = malloc(sizeof *dv * (n ? n : 1));
    const char **sv = malloc(sizeof *sv * (n ? n : 1));
    char *names = malloc((size_t)(n ? n : 1) * 40);
    if (!ll || !st || !dv || !sv || !names) r = -1;
    hid_t g = r ? -1 : H5Gcreate2(f, "tasks", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hsize_t dims[2] = {n, 0};
    if (g >= 0) {
        r |= rg_h5_attr_string(g, "description",
                               "one row per task: task k is point k / replicates, "
                               "replicate k % replicates");
        for (hsize_t k = 0; k < n; k++) ll[k] = (long long)k;
        r |= rg_h5_write_dataset(g, "task", H5T_STD_I64LE, H5T_NATIVE_LLONG, 1, dims, ll, "id",
                                 "task index");
        for (hsize_t k = 0; k < n; k++) ll[k] = (long long)k / s->replicates;
        r |= rg_h5_write_dataset(g, "point", H5T_STD_I64LE, H5T_NATIVE_LLONG, 1, dims, ll, "id",
                                 "design point (row of /design/values)");
        for (hsize_t k = 0; k < n; k++) ll[k] = (long long)k % s->replicates;
        r |= rg_h5_write_dataset(g, "replicate", H5T_STD_I64LE, H5T_NATIVE_LLONG, 1, dims, ll, "id",
                                 "replicate of the point");
        for (hsize_t k = 0; k < n; k++) ll[k] = s->seed + (long long)k % s->replicates;
        r |= rg_h5_write_dataset(g, "seed", H5T_STD_I64LE, H5T_NATIVE_LLONG, 1, dims, ll, "-",
                                 "run.seed of the task (sweep seed + replicate)");
        for (hsize_t k = 0; k < n; k++) st[k] = (int8_t)recs[k].state;
        r |= rg_h5_write_dataset(g, "state", H5T_STD_I8LE, H5T_NATIVE_INT8, 1, dims, st, "code",
                                 "0 missing (not run or interrupted), 1 done, 2 failed");
        for (hsize_t k = 0; k < n; k++) dv[k] = recs[k].seconds;
        r |= rg_h5_write_dataset(g, "seconds", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, dims, dv, "s",
                                 "wall time of the task, file writing included (NaN: unknown)");
        for (hsize_t k = 0; k < n; k++) sv[k] = recs[k].message;
        r |= rg_h5_write_strings(g, "message", sv, n, "error of a failed task, else empty");
        for (hsize_t k = 0; k < n; k++) {
            char *name = names + k * 40;
            if (recs[k].state == RG_TASK_DONE)
                snprintf(name, 40, "tasks/task-%06lld.h5", (long long)k);
            else
                name[0] = '\0';
            sv[k] = name;
        }
        r |= rg_h5_write_strings(g, "file", sv, n,
                                 "the task's run file, relative to the index (empty: none yet)");
        H5Gclose(g);
    } else {
        r = -1;
    }

    /* Parameters: the varied values of each task. */
    g = r ? -1 : H5Gcreate2(f, "parameters", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g >= 0) {
        r |= rg_h5_attr_string(g, "description", "the varied parameters: one value per task");
        for (size_t j = 0; j < s->np; j++) {
            const rg_sweep_param *sp = &s->par[j];
            for (hsize_t k = 0; k < n; k++)
                dv[k] = s->x[(size_t)(k / (hsize_t)s->replicates) * s->np + j];
            hid_t ds;
            r |= rg_h5_write_dataset(g, sp->desc->name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, dims,
                                     dv, sp->desc->unit, sp->desc->meaning);
            if ((ds = H5Dopen2(g, sp->desc->name, H5P_DEFAULT)) >= 0) {
                r |= rg_h5_attr_double(ds, "min", sp->lo) | rg_h5_attr_double(ds, "max", sp->hi) |
                     rg_h5_attr_string(ds, "type", rg_param_type_name(sp->desc->type));
                H5Dclose(ds);
            }
        }
        H5Gclose(g);
    } else {
        r = -1;
    }

    /* Headline metrics. */
    g = r ? -1 : H5Gcreate2(f, "metrics", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g >= 0) {
        r |= rg_h5_attr_string(
            g, "description",
            "headline results of each task (NaN: not done, or not followed that long)");
        char desc[256];
        for (int m = 0; m < s->nmetrics; m++) {
            for (hsize_t k = 0; k < n; k++) dv[k] = recs[k].metric[m];
            r |=
                rg_h5_write_dataset(g, s->metric[m], H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, dims, dv,
                                    "percent", metric_description(s->metric[m], desc, sizeof desc));
        }
        H5Gclose(g);
    } else {
        r = -1;
    }

    /* The design, one row per point. */
    g = r ? -1 : H5Gcreate2(f, "design", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g >= 0) {
        r |= rg_h5_attr_string(
            g, "description",
            "the design: values [point, parameter]; Saltelli designs come in blocks "
            "of parameters + 2 rows (A, AB_1..AB_d, B)");
        hsize_t d2[2] = {(hsize_t)s->npoints, s->np};
        r |= rg_h5_write_dataset(g, "values", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, d2, s->x, "-",
                                 "parameter values of each point; columns as in `parameters`");
        const char *pn[RG_SWEEP_MAX_PARAMS];
        for (size_t j = 0; j < s->np; j++) pn[j] = s->par[j].desc->name;
        r |= rg_h5_write_strings(g, "parameters", pn, s->np, "names of the columns of `values`");
        H5Gclose(g);
    } else {
        r = -1;
    }

    /* Links to the task files (external links, relative to the index's folder). */
    g = r ? -1 : H5Gcreate2(f, "runs", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g >= 0) {
        r |= rg_h5_attr_string(
            g, "description",
            "external links to the run file of every done task (the file's root)");
        for (hsize_t k = 0; k < n; k++) {
            if (recs[k].state != RG_TASK_DONE) continue;
            char link[32], target[64];
            snprintf(link, sizeof link, "task-%06lld", (long long)k);
            snprintf(target, sizeof target, "tasks/task-%06lld.h5", (long long)k);
            if (H5Lcreate_external(target, "/", g, link, H5P_DEFAULT, H5P_DEFAULT) < 0) r = -1;
        }
        H5Gclose(g);
    } else {
        r = -1;
    }
    (void)dir;
    free(ll);
    free(st);
    free(dv);
    free(sv);
    free(names);
    return r;
}

rg_status rg_sweep_write_index(const rg_sweep *s, const char *dir, long long *done,
                               long long *failed, long long *missing, rg_error *err)
{
    rg_task_result *recs = malloc(sizeof *recs * (size_t)(s->ntasks ? s->ntasks : 1));
    if (!recs) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    rg_status st = rg_sweep_check(s, dir, err);
    if (st == RG_OK) st = rg_sweep_gather(s, dir, recs, err);
    long long counts[3] = {0, 0, 0};
    for (long long k = 0; k < s->ntasks; k++) counts[recs[k].state]++;
    char path[PATH_MAX + 32], partial[PATH_MAX + 48];
    snprintf(path, sizeof path, "%s/index.h5", dir);
    snprintf(partial, sizeof partial, "%s/index.h5.partial", dir);
    if (st == RG_OK) {
        hid_t f = H5Fcreate(partial, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        if (f < 0)
            st = rg_error_set(err, RG_EINTERNAL, "%s: cannot create the index file", partial);
        else {
            int r = write_contents(s, dir, f, recs, counts);
            if (H5Fclose(f) < 0 || r)
                st = rg_error_set(err, RG_EINTERNAL, "%s: HDF5 error while writing the index",
                                  partial);
            else if (rename(partial, path) != 0)
                st = rg_error_set(err, RG_EINTERNAL, "%s: cannot rename to %s", partial, path);
        }
    }
    free(recs);
    if (done) *done = counts[RG_TASK_DONE];
    if (failed) *failed = counts[RG_TASK_FAILED];
    if (missing) *missing = counts[RG_TASK_MISSING];
    return st;
}
