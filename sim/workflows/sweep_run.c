/* Running a sweep's tasks: the output folder, the manifest, resuming, Slurm shares. */
#include "reintegra/sweep.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/files.h"
#include "workflows/internal.h"
#include "reintegra/recidivism.h"
#include "reintegra/result.h"
#include "reintegra/run.h"

/* --- paths ----------------------------------------------------------------- */

void rg_sweep_task_path(const char *dir, long long task, char *buf, size_t size)
{
    snprintf(buf, size, "%s/tasks/task-%06lld.h5", dir, task);
}

static void manifest_path(const rg_sweep *s, const char *dir, long long first, long long last,
                          char *buf, size_t size)
{
    if (first == 0 && last == s->ntasks)
        snprintf(buf, size, "%s/manifest.tsv", dir);
    else
        snprintf(buf, size, "%s/manifest-%lld-%lld.tsv", dir, first, last);
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static rg_status make_dir(const char *path, rg_error *err)
{
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return rg_error_set(err, RG_EINPUT, "%s: cannot create the folder: %s", buf,
                                strerror(errno));
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        return rg_error_set(err, RG_EINPUT, "%s: cannot create the folder: %s", buf,
                            strerror(errno));
    return RG_OK;
}

/* Write a whole file through a private temporary name, flushed, then renamed. */
static rg_status write_atomic(const char *path, const char *text, rg_error *err)
{
    char tmp[PATH_MAX + 32];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f) return rg_error_set(err, RG_EINTERNAL, "%s: cannot write: %s", tmp, strerror(errno));
    int bad = fputs(text, f) < 0 || fflush(f) != 0 || fsync(fileno(f)) != 0;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        remove(tmp);
        return rg_error_set(err, RG_EINTERNAL, "%s: cannot write: %s", path, strerror(errno));
    }
    return RG_OK;
}

/* --- the manifest ------------------------------------------------------------ */

static const char *state_name(int state)
{
    return state == RG_TASK_DONE ? "done" : state == RG_TASK_FAILED ? "failed" : "missing";
}

static void manifest_header(const rg_sweep *s, FILE *f)
{
    fprintf(f, "# reintegra sweep manifest; fingerprint %016llx; %lld tasks\n",
            (unsigned long long)s->fingerprint, s->ntasks);
    fputs("task\tpoint\treplicate\tseed\tstate\tseconds", f);
    for (int m = 0; m < s->nmetrics; m++) fprintf(f, "\t%s", s->metric[m]);
    fputs("\tmessage\n", f);
}

static void manifest_line(const rg_sweep *s, const rg_task_result *r, FILE *f)
{
    long long point = r->task / s->replicates, rep = r->task % s->replicates;
    fprintf(f, "%lld\t%lld\t%lld\t%lld\t%s\t%.3f", r->task, point, rep, s->seed + rep,
            state_name(r->state), r->seconds);
    for (int m = 0; m < s->nmetrics; m++) fprintf(f, "\t%.17g", r->metric[m]);
    fputc('\t', f);
    for (const char *c = r->message; *c; c++) fputc(*c == '\t' || *c == '\n' ? ' ' : *c, f);
    fputc('\n', f);
}

/* Parse one manifest line (tab-separated; the message is the last field and may
 * be empty); returns 0 on success. */
static int parse_line(const rg_sweep *s, char *line, rg_task_result *r)
{
    memset(r, 0, sizeof *r);
    line[strcspn(line, "\r\n")] = '\0';
    char *field[6 + RG_SWEEP_MAX_METRICS + 1];
    const int nfields = 6 + s->nmetrics + 1;
    int n = 0;
    for (char *p = line; n < nfields; n++) {
        field[n] = p;
        char *tab = n + 1 < nfields ? strchr(p, '\t') : NULL;
        if (!tab) {
            n++;
            break;
        }
        *tab = '\0';
        p = tab + 1;
    }
    if (n != nfields) return -1;
    char *end = NULL;
    r->task = strtoll(field[0], &end, 10);
    if (*end || end == field[0] || r->task < 0 || r->task >= s->ntasks) return -1;
    r->state = !strcmp(field[4], "done")     ? RG_TASK_DONE
               : !strcmp(field[4], "failed") ? RG_TASK_FAILED
                                             : -1;
    if (r->state < 0) return -1;
    r->seconds = strtod(field[5], NULL);
    for (int m = 0; m < s->nmetrics; m++) r->metric[m] = strtod(field[6 + m], NULL);
    snprintf(r->message, sizeof r->message, "%s", field[6 + s->nmetrics]);
    return 0;
}

/* Read every manifest in dir: for each task, its last "done" record (or its last
 * "failed" record when it never finished). */
static void read_manifests(const rg_sweep *s, const char *dir, rg_task_result *recs)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    char path[PATH_MAX + 300], line[RG_ERROR_MSG_MAX + 2048];
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (strncmp(e->d_name, "manifest", 8) || len < 12 || strcmp(e->d_name + len - 4, ".tsv"))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        while (fgets(line, sizeof line, f)) {
            rg_task_result r;
            if (line[0] == '#' || !strncmp(line, "task\t", 5) || parse_line(s, line, &r)) continue;
            rg_task_result *old = &recs[r.task];
            if (old->state != RG_TASK_DONE || r.state == RG_TASK_DONE) *old = r;
        }
        fclose(f);
    }
    closedir(d);
}

/* --- metrics ---------------------------------------------------------------- */

static void metrics_of(const rg_sweep *s, const rg_result *res, double *metric)
{
    int k = 0;
    for (int m = 0; m < RG_MEASURE_COUNT; m++) {
        int years = (s->nmetrics - 2) / RG_MEASURE_COUNT;
        for (int y = 1; y <= years; y++)
            metric[k++] = rg_cumulative_percent(&res->cols, (rg_measure)m, "all", y, NULL);
    }
    double n = res->agents > 0 ? (double)res->agents : NAN;
    metric[k++] = 100.0 * (double)res->final_free / n;
    metric[k++] = 100.0 * (double)res->final_prison / n;
}

/* Read a finished task's file back and take its metrics. */
static rg_status read_task(const rg_sweep *s, const char *dir, rg_task_result *r, rg_error *err)
{
    char path[PATH_MAX + 64];
    rg_sweep_task_path(dir, r->task, path, sizeof path);
    rg_result res;
    RG_TRY(rg_result_read(&res, path, err));
    metrics_of(s, &res, r->metric);
    rg_result_free(&res);
    return RG_OK;
}

/* A light check that a task file is whole: HDF5 opens it and it has the attribute
 * written last. */
static int file_complete(const char *path)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) return 0;
    int ok = H5Aexists(f, "months_completed") > 0;
    H5Fclose(f);
    return ok;
}

rg_status rg_sweep_gather(const rg_sweep *s, const char *dir, rg_task_result *recs, rg_error *err)
{
    memset(recs, 0, sizeof *recs * (size_t)s->ntasks);
    for (long long k = 0; k < s->ntasks; k++) {
        recs[k].task = k;
        recs[k].seconds = NAN;
        for (int m = 0; m < s->nmetrics; m++) recs[k].metric[m] = NAN;
    }
    read_manifests(s, dir, recs);
    char path[PATH_MAX + 64];
    for (long long k = 0; k < s->ntasks; k++) {
        rg_task_result *r = &recs[k];
        rg_sweep_task_path(dir, k, path, sizeof path);
        int have = exists(path);
        if (r->state == RG_TASK_DONE && !have) {
            r->state = RG_TASK_MISSING;
            r->message[0] = '\0';
        } else if (r->state != RG_TASK_DONE && have) {
            rg_error inner = {0};
            if (read_task(s, dir, r, &inner) == RG_OK) {
                r->state = RG_TASK_DONE;
                r->message[0] = '\0';
            }
        }
    }
    (void)err;
    return RG_OK;
}

/* --- preparing the folder ------------------------------------------------------ */

static rg_status check_folder(const rg_sweep *s, const char *dir, int create, int resume,
                              rg_error *err)
{
    char path[PATH_MAX + 64], want[32];
    snprintf(want, sizeof want, "%016llx\n", (unsigned long long)s->fingerprint);
    snprintf(path, sizeof path, "%s/fingerprint", dir);
    char *have = rg_file_read(path);
    if (!have && resume)
        return rg_error_set(err, RG_EINPUT,
                            "%s: the folder holds no sweep to resume; expected the output folder "
                            "of an earlier run of this sweep",
                            dir);
    if (!have && !create)
        return rg_error_set(err, RG_EINPUT,
                            "%s: holds no sweep (no fingerprint file); expected the output "
                            "folder of `reintegra sweep %s`",
                            dir, s->path);
    if (have) {
        int same = !strcmp(have, want);
        free(have);
        if (!same)
            return rg_error_set(err, RG_EINPUT,
                                "%s/sweep.cfg:1: %s holds a different sweep than %s (the design, "
                                "base scenario or settings differ); expected a new folder, or "
                                "the same sweep to resume: choose another -o or remove %s",
                                dir, dir, s->path, dir);
        return RG_OK;
    }
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        int empty = 1;
        while ((e = readdir(d)) != NULL)
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) empty = 0;
        closedir(d);
        if (!empty)
            return rg_error_set(err, RG_EINPUT,
                                "%s: the output folder is not empty and holds no sweep; expected "
                                "a new or empty folder",
                                dir);
    }
    RG_TRY(make_dir(dir, err));
    snprintf(path, sizeof path, "%s/sweep.cfg", dir);
    RG_TRY(write_atomic(path, s->text, err));
    /* The design, for people and scripts. */
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (!f) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    fputs("point", f);
    for (size_t j = 0; j < s->np; j++) fprintf(f, "\t%s", s->par[j].desc->name);
    fputc('\n', f);
    for (long long i = 0; i < s->npoints; i++) {
        fprintf(f, "%lld", i);
        for (size_t j = 0; j < s->np; j++) fprintf(f, "\t%.17g", s->x[(size_t)i * s->np + j]);
        fputc('\n', f);
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/design.tsv", dir);
    rg_status st = write_atomic(path, buf, err);
    free(buf);
    RG_TRY(st);
    /* Last: the folder now holds this sweep. */
    snprintf(path, sizeof path, "%s/fingerprint", dir);
    return write_atomic(path, want, err);
}

rg_status rg_sweep_check(const rg_sweep *s, const char *dir, rg_error *err)
{
    return check_folder(s, dir, 0, 0, err);
}

rg_status rg_sweep_prepare(const rg_sweep *s, const char *dir, int resume, long long first,
                           long long last, unsigned char *done, rg_error *err)
{
    RG_TRY(check_folder(s, dir, 1, resume, err));
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/tasks", dir);
    RG_TRY(make_dir(path, err));
    rg_task_result *recs = calloc((size_t)s->ntasks, sizeof *recs);
    if (!recs) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    read_manifests(s, dir, recs);

    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (!f) {
        free(recs);
        return rg_error_set(err, RG_EINTERNAL, "out of memory");
    }
    manifest_header(s, f);
    for (long long k = first; k < last; k++) {
        rg_task_result *r = &recs[k];
        done[k - first] = 0;
        rg_sweep_task_path(dir, k, path, sizeof path);
        if (!exists(path)) continue;
        if (r->state == RG_TASK_DONE) {
            if (!file_complete(path)) continue;
        } else {
            /* Finished but not recorded (stopped between the rename and the
             * manifest): read it back and record it now. */
            rg_error inner = {0};
            memset(r, 0, sizeof *r);
            r->task = k;
            r->seconds = NAN;
            if (read_task(s, dir, r, &inner) != RG_OK) continue;
            r->state = RG_TASK_DONE;
        }
        done[k - first] = 1;
        manifest_line(s, r, f);
    }
    fclose(f);
    free(recs);
    manifest_path(s, dir, first, last, path, sizeof path);
    rg_status st = write_atomic(path, buf, err);
    free(buf);
    return st;
}

/* --- running tasks ------------------------------------------------------------- */

void rg_sweep_run_task(const rg_sweep *s, const char *dir, long long task, int threads,
                       rg_task_result *r)
{
    double t0 = omp_get_wtime();
    memset(r, 0, sizeof *r);
    r->task = task;
    r->state = RG_TASK_FAILED;
    for (int m = 0; m < s->nmetrics; m++) r->metric[m] = NAN;
    rg_error err = {0};
    rg_params p;
    char path[PATH_MAX + 64];
    rg_sweep_task_path(dir, task, path, sizeof path);
    rg_status st = rg_sweep_task_params(s, task, &p, &err);
    if (st == RG_OK) st = rg_run_to_file(&p, path, threads, NULL, NULL, &err);
    if (st == RG_OK) st = read_task(s, dir, r, &err);
    r->seconds = omp_get_wtime() - t0;
    if (st == RG_OK)
        r->state = RG_TASK_DONE;
    else
        snprintf(r->message, sizeof r->message, "%s", err.msg);
}

rg_status rg_sweep_record(const rg_sweep *s, const char *dir, long long first, long long last,
                          const rg_task_result *r, rg_error *err)
{
    char path[PATH_MAX + 64];
    manifest_path(s, dir, first, last, path, sizeof path);
    char *buf = NULL;
    size_t size = 0;
    FILE *m = open_memstream(&buf, &size);
    if (!m) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    manifest_line(s, r, m);
    fclose(m);
    /* One write(2) of the whole line with O_APPEND, then fsync: a line is either
     * in the manifest or not, whenever the sweep is stopped. */
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0666);
    rg_status st = RG_OK;
    if (fd < 0 || write(fd, buf, size) != (ssize_t)size || fsync(fd) != 0)
        st = rg_error_set(err, RG_EINTERNAL, "%s: cannot append: %s", path, strerror(errno));
    if (fd >= 0) close(fd);
    free(buf);
    return st;
}

void rg_sweep_progress(const rg_sweep_options *o, long long done, long long failed, long long total)
{
    rg_progress p = {"tasks", done, failed, total, 0, 0, NAN, NAN};
    rg_hooks_progress(&o->hooks, &p);
}

/* Every task of [first, last) not yet done, one after the other, each recorded. */
static rg_status execute_alone(const rg_sweep *s, const rg_sweep_options *o, long long first,
                               long long last, long long *failed, rg_error *err)
{
    *failed = 0;
    unsigned char *done = calloc((size_t)(last - first) + 1, 1);
    if (!done) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    rg_status st = rg_sweep_prepare(s, o->dir, o->resume, first, last, done, err);
    long long ndone = 0;
    for (long long k = first; k < last; k++) ndone += done[k - first];
    if (st == RG_OK) rg_sweep_progress(o, ndone, 0, last - first);
    rg_task_result *r = malloc(sizeof *r);
    if (!r && st == RG_OK) st = rg_error_set(err, RG_EINTERNAL, "out of memory");
    for (long long k = first; st == RG_OK && k < last; k++) {
        if (done[k - first]) continue;
        rg_sweep_run_task(s, o->dir, k, o->threads, r);
        st = rg_sweep_record(s, o->dir, first, last, r, err);
        if (r->state == RG_TASK_DONE)
            ndone++;
        else
            (*failed)++;
        rg_sweep_progress(o, ndone, *failed, last - first);
    }
    free(r);
    free(done);
    return st;
}

rg_status rg_sweep_run(const rg_sweep *s, const rg_sweep_options *o, rg_sweep_counts *c,
                       rg_error *err)
{
    memset(c, 0, sizeof *c);
    long long first = o->first, last = o->last;
    if (first == 0 && last == 0) last = s->ntasks;
    if (first < 0 || first >= last || last > s->ntasks)
        return rg_error_set(err, RG_EINPUT,
                            "tasks %lld to %lld: expected 0 <= first < last <= %lld", first, last,
                            s->ntasks);
    const int alone = !o->comm || o->comm->size <= 1;
    rg_status st = alone ? execute_alone(s, o, first, last, &c->failed_now, err)
                         : rg_sweep_execute_ranks(s, o, first, last, &c->failed_now, err);
    if (st != RG_OK || o->share || (o->comm && o->comm->rank != 0)) return st;
    c->indexed = 1;
    return rg_sweep_write_index(s, o->dir, &c->done, &c->failed, &c->missing, err);
}

/* --- Slurm arrays ---------------------------------------------------------------- */

static int env_ll(const char *name, long long *v)
{
    const char *s = getenv(name);
    if (!s || !*s) return 0;
    char *end = NULL;
    long long x = strtoll(s, &end, 10);
    if (*end) return -1;
    *v = x;
    return 1;
}

rg_status rg_sweep_slurm_share(long long ntasks, int *found, long long *first, long long *last,
                               rg_error *err)
{
    long long id = 0, count = 0, min = 0, max = 0, step = 1;
    *found = 0;
    int has_id = env_ll("SLURM_ARRAY_TASK_ID", &id);
    if (has_id == 0) return RG_OK;
    int has_count = env_ll("SLURM_ARRAY_TASK_COUNT", &count);
    int has_min = env_ll("SLURM_ARRAY_TASK_MIN", &min);
    int has_max = env_ll("SLURM_ARRAY_TASK_MAX", &max);
    int has_step = env_ll("SLURM_ARRAY_TASK_STEP", &step);
    if (has_id < 0 || has_count < 0 || has_min < 0 || has_max < 0 || has_step < 0 || step < 1)
        return rg_error_set(err, RG_EINPUT,
                            "SLURM_ARRAY_TASK_*: expected whole numbers in the environment");
    if (!has_count && has_max) count = (max - min) / step + 1;
    if (count < 1)
        return rg_error_set(err, RG_EINPUT,
                            "SLURM_ARRAY_TASK_ID is set but not SLURM_ARRAY_TASK_COUNT (or "
                            "SLURM_ARRAY_TASK_MAX); expected both, as Slurm sets them");
    long long share = (id - min) / step;
    if (id < min || share >= count)
        return rg_error_set(err, RG_EINPUT,
                            "SLURM_ARRAY_TASK_ID=%lld is outside the array (min %lld, %lld "
                            "tasks, step %lld)",
                            id, min, count, step);
    *found = 1;
    /* Contiguous shares, sizes differing by at most one task. */
    *first = ntasks * share / count; /* at most 1e8 tasks: no overflow */
    *last = ntasks * (share + 1) / count;
    return RG_OK;
}
