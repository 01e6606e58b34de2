/* Running a sweep's tasks: the output folder, the manifest, resuming, Slurm shares. */
#include "reintegra/sweep.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

/* Write a whole file through a temporary name (created exclusively), flushed,
 * then renamed. */
static rg_status write_atomic(const char *path, const char *text, rg_error *err)
{
    rg_file_out o;
    RG_TRY(rg_file_out_open(&o, path, err));
    fputs(text, o.f);
    return rg_file_out_commit(&o, err);
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

/* Read a finished task's file back and take its metrics, after checking all of it
 * (every checksum, the schema): a damaged file never gives a metric. */
static rg_status read_task(const rg_sweep *s, const char *dir, rg_task_result *r, rg_error *err)
{
    char path[PATH_MAX + 64];
    rg_sweep_task_path(dir, r->task, path, sizeof path);
    rg_verify_info info;
    RG_TRY(rg_file_verify(path, &info, err));
    rg_result res;
    RG_TRY(rg_result_read(&res, path, err));
    metrics_of(s, &res, r->metric);
    rg_result_free(&res);
    return RG_OK;
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
        if (!exists(path)) {
            if (r->state == RG_TASK_DONE) {
                r->state = RG_TASK_MISSING;
                r->message[0] = '\0';
            }
            continue;
        }
        /* Every metric comes from the verified file, whatever the manifest says. */
        rg_error inner = {0};
        if (read_task(s, dir, r, &inner) == RG_OK) {
            r->state = RG_TASK_DONE;
            r->message[0] = '\0';
        } else {
            r->state = RG_TASK_MISSING;
            for (int m = 0; m < s->nmetrics; m++) r->metric[m] = NAN;
            snprintf(r->message, sizeof r->message, "%.*s; run the sweep again to re-run it",
                     (int)sizeof r->message - 40, inner.msg);
        }
    }
    (void)err;
    return RG_OK;
}

/* --- preparing the folder ------------------------------------------------------ */

/* "--set A --set B" of settings given one per line, or "no --set". */
static void settings_words(const char *lines, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (const char *p = lines; *p && n + 1 < size;) {
        size_t len = strcspn(p, "\n");
        n += (size_t)snprintf(buf + n, size - n, "%s--set %.*s", n ? " " : "", (int)len, p);
        p += len + (p[len] == '\n');
    }
    if (n >= size) snprintf(buf + size - 4, 4, "...");
    if (!buf[0]) snprintf(buf, size, "no --set");
}

/* 1 (and err set) when the folder's sweep was started with other --set settings
 * than s: the clearest reason why it is another sweep. */
static int other_settings(const rg_sweep *s, const char *dir, rg_error *err)
{
    char path[PATH_MAX + 64], had[1024], has[1024], *text = NULL;
    size_t len = 0;
    snprintf(path, sizeof path, "%s/set.txt", dir);
    rg_error ignored = {0};
    if (rg_file_read_regular(path, 1 << 20, &text, &len, &ignored) != RG_OK) text = NULL;
    const char *mine = s->cli_set ? s->cli_set : "";
    int differ = strcmp(text ? text : "", mine) != 0;
    if (differ) {
        settings_words(text ? text : "", had, sizeof had);
        settings_words(mine, has, sizeof has);
        rg_error_set(err, RG_EINPUT,
                     "%s/set.txt:1: the sweep in %s was started with %s, this command has %s; "
                     "expected the same --set options to resume or merge it (or another -o for "
                     "a new sweep)",
                     dir, dir, had, has);
    }
    free(text);
    return differ;
}

/* 1 when dir holds this sweep, 0 when it holds no fingerprint; RG_EINPUT (-1) when
 * it holds another sweep. */
static int holds_sweep(const rg_sweep *s, const char *dir, rg_error *err)
{
    char path[PATH_MAX + 64], want[32], *have = NULL;
    size_t len = 0;
    snprintf(want, sizeof want, "%016llx\n", (unsigned long long)s->fingerprint);
    snprintf(path, sizeof path, "%s/fingerprint", dir);
    rg_error ignored = {0};
    if (rg_file_read_regular(path, 64, &have, &len, &ignored) != RG_OK) return 0;
    int same = !strcmp(have, want);
    free(have);
    if (same) return 1;
    if (other_settings(s, dir, err)) return -1;
    rg_error_set(err, RG_EINPUT,
                 "%s/sweep.cfg:1: %s holds a different sweep than %s (the design, base scenario "
                 "or settings differ); expected a new folder, or the same sweep to resume: "
                 "choose another -o or remove %s",
                 dir, dir, s->path, dir);
    return -1;
}

/* What an unfinished set-up leaves: the files it writes, its lock, its temporaries. */
static int setup_leftover(const char *dir, const char *name)
{
    if (!strcmp(name, ".lock") || !strcmp(name, "sweep.cfg") || !strcmp(name, "design.tsv") ||
        !strcmp(name, "set.txt") || strstr(name, ".tmp."))
        return 1;
    if (strcmp(name, "tasks")) return 0;
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/tasks", dir);
    DIR *d = opendir(path);
    int empty = d != NULL;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) empty = 0;
    if (d) closedir(d);
    return empty;
}

/* The design, for people and scripts (malloc'd). */
static char *design_text(const rg_sweep *s)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (!f) return NULL;
    fputs("point", f);
    for (size_t j = 0; j < s->np; j++) fprintf(f, "\t%s", s->par[j].desc->name);
    fputc('\n', f);
    for (long long i = 0; i < s->npoints; i++) {
        fprintf(f, "%lld", i);
        for (size_t j = 0; j < s->np; j++) fprintf(f, "\t%.17g", s->x[(size_t)i * s->np + j]);
        fputc('\n', f);
    }
    fclose(f);
    return buf;
}

/* Set the folder up, with the set-up lock held: an empty folder (or what an
 * interrupted set-up left) gets the sweep's files, the fingerprint last. */
static rg_status setup_locked(const rg_sweep *s, const char *dir, rg_error *err)
{
    int held = holds_sweep(s, dir, err);
    if (held != 0) return held > 0 ? RG_OK : RG_EINPUT;
    DIR *d = opendir(dir);
    int empty = 1;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && !setup_leftover(dir, e->d_name))
            empty = 0;
    if (d) closedir(d);
    if (!empty)
        return rg_error_set(err, RG_EINPUT,
                            "%s: the output folder is not empty and holds no sweep; expected "
                            "a new or empty folder",
                            dir);
    char path[PATH_MAX + 64], want[32];
    snprintf(path, sizeof path, "%s/sweep.cfg", dir);
    RG_TRY(write_atomic(path, s->text, err));
    snprintf(path, sizeof path, "%s/set.txt", dir);
    RG_TRY(write_atomic(path, s->cli_set ? s->cli_set : "", err));
    char *design = design_text(s);
    if (!design) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    snprintf(path, sizeof path, "%s/design.tsv", dir);
    rg_status st = write_atomic(path, design, err);
    free(design);
    RG_TRY(st);
    snprintf(path, sizeof path, "%s/tasks", dir);
    RG_TRY(make_dir(path, err));
    /* Last: the folder now holds this sweep. */
    snprintf(want, sizeof want, "%016llx\n", (unsigned long long)s->fingerprint);
    snprintf(path, sizeof path, "%s/fingerprint", dir);
    return write_atomic(path, want, err);
}

/* Set up (create) the folder of the sweep, or check that it holds this sweep.
 * Concurrent set-ups (the shares of a Slurm array starting at once) wait for each
 * other on the folder's lock and then find the sweep there: set-up is atomic and
 * idempotent. */
static rg_status check_folder(const rg_sweep *s, const char *dir, int create, int resume,
                              rg_error *err)
{
    int held = holds_sweep(s, dir, err);
    if (held != 0) return held > 0 ? RG_OK : RG_EINPUT;
    if (resume)
        return rg_error_set(err, RG_EINPUT,
                            "%s: the folder holds no sweep to resume; expected the output folder "
                            "of an earlier run of this sweep",
                            dir);
    if (!create)
        return rg_error_set(err, RG_EINPUT,
                            "%s: holds no sweep (no fingerprint file); expected the output "
                            "folder of `reintegra sweep %s`",
                            dir, s->path);
    RG_TRY(make_dir(dir, err));
    int fd = -1, unsupported = 0;
    RG_TRY(rg_sweep_lock_open(dir, &fd, &unsupported, err));
    rg_status st = rg_sweep_lock_setup(fd, 1, err);
    if (st == RG_OK) st = setup_locked(s, dir, err);
    if (fd >= 0) close(fd); /* and with it the lock */
    return st;
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
        /* Done only when the file is whole (a damaged one is run again); its
         * metrics are read from the file, recorded or not. */
        rg_error inner = {0};
        double seconds = r->state == RG_TASK_DONE ? r->seconds : NAN;
        memset(r, 0, sizeof *r);
        r->task = k;
        r->seconds = seconds;
        if (read_task(s, dir, r, &inner) != RG_OK) continue;
        r->state = RG_TASK_DONE;
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
    const int alone = !o->comm || o->comm->size <= 1, talk = !o->comm || o->comm->rank == 0;
    /* The folder, then this process's tasks locked for as long as it runs them. */
    int fd = -1, unsupported = 0;
    rg_status st = talk ? check_folder(s, o->dir, 1, o->resume, err) : RG_OK;
    if (st == RG_OK && talk) st = rg_sweep_lock_open(o->dir, &fd, &unsupported, err);
    if (st == RG_OK && unsupported)
        rg_hooks_log(&o->hooks,
                     "%s: the file system has no locks: another process running the "
                     "same tasks would not be noticed",
                     o->dir);
    if (st == RG_OK) st = rg_sweep_lock_tasks(fd, o->dir, first, last, err);
    if (st == RG_OK)
        st = alone ? execute_alone(s, o, first, last, &c->failed_now, err)
                   : rg_sweep_execute_ranks(s, o, first, last, &c->failed_now, err);
    if (st == RG_OK && !o->share && talk) {
        c->indexed = 1;
        st = rg_sweep_write_index_held(s, o->dir, &c->done, &c->failed, &c->missing, err);
    }
    if (fd >= 0) close(fd);
    return st;
}

/* --- Slurm arrays ---------------------------------------------------------------- */

/* A whole number of the environment in [0, 1e9] (Slurm's array indices and
 * counts are far smaller): 1 found, 0 unset, -1 anything else. */
static int env_ll(const char *name, long long *v)
{
    const char *s = getenv(name);
    if (!s || !*s) return 0;
    char *end = NULL;
    errno = 0;
    long long x = strtoll(s, &end, 10);
    if (*end || end == s || errno || x < 0 || x > 1000000000LL) return -1;
    *v = x;
    return 1;
}

rg_status rg_sweep_slurm_share(long long ntasks, int *found, long long *first, long long *last,
                               rg_error *err)
{
    return rg_sweep_slurm_share_of(ntasks, 0, found, first, last, err);
}

/* The share of array task `id` when the number of shares is fixed. */
static rg_status fixed_share(long long id, long long shares, long long *share, rg_error *err)
{
    if (id >= shares)
        return rg_error_set(err, RG_EINPUT,
                            "SLURM_ARRAY_TASK_ID=%lld is not a share of --shares %lld; expected "
                            "array IDs from 0 to %lld (the shares of the first submission)",
                            id, shares, shares - 1);
    *share = id;
    return RG_OK;
}

/* The share of array task `id` from the array's own count, min and step. */
static rg_status array_share(long long id, long long count, long long min, long long step,
                             int listed, long long *share, rg_error *err)
{
    if (listed)
        return rg_error_set(err, RG_EINPUT,
                            "SLURM_ARRAY_TASK_ID=%lld: the array is a list of IDs (%lld IDs "
                            "from %lld), which does not say how the sweep is shared; expected "
                            "--shares N, the number of shares of the first submission (SHARES "
                            "in scripts/slurm/sweep.sbatch)",
                            id, count, min);
    *share = (id - min) / step;
    if (id < min || *share >= count)
        return rg_error_set(err, RG_EINPUT,
                            "SLURM_ARRAY_TASK_ID=%lld is outside the array (min %lld, %lld "
                            "tasks, step %lld)",
                            id, min, count, step);
    return RG_OK;
}

rg_status rg_sweep_slurm_share_of(long long ntasks, long long shares, int *found, long long *first,
                                  long long *last, rg_error *err)
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
                            "SLURM_ARRAY_TASK_*: expected whole numbers from 0 to 1000000000 in "
                            "the environment (the step at least 1), as Slurm sets them");
    if (!has_count && has_max) count = (max - min) / step + 1;
    if (count < 1 && shares <= 0)
        return rg_error_set(err, RG_EINPUT,
                            "SLURM_ARRAY_TASK_ID is set but not SLURM_ARRAY_TASK_COUNT (or "
                            "SLURM_ARRAY_TASK_MAX); expected both, as Slurm sets them");
    /* A list such as 7,12 has fewer IDs than its span holds. */
    const int listed = has_count && has_max && max >= min && count != (max - min) / step + 1;
    long long share = 0;
    RG_TRY(shares > 0 ? fixed_share(id, shares, &share, err)
                      : array_share(id, count, min, step, listed, &share, err));
    if (shares > 0) count = shares;
    *found = 1;
    /* Contiguous shares, sizes differing by at most one task. */
    /* At most 1e8 tasks and 1e9 shares: the products fit 64 bits. */
    *first = ntasks * share / count;
    *last = ntasks * (share + 1) / count;
    return RG_OK;
}
