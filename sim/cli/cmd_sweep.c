/*
 * `reintegra sweep` and `reintegra sensitivity`. A sweep runs alone, under an MPI
 * launcher (rank 0 hands out tasks on request, the other ranks run them), or as
 * one task of a Slurm job array (its share of the tasks). MPI is initialised only
 * when the program was started by an MPI launcher, so nothing else touches it.
 */
#include "reintegra/cli.h"

#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef RG_HAVE_MPI
#include <mpi.h>
#endif

#include "reintegra/sensitivity.h"
#include "reintegra/sweep.h"

static const char usage_sweep[] =
    "usage: reintegra sweep SWEEP.cfg [-o DIR] [--resume] [--task-range A:B] [--threads N]\n"
    "                       [--merge] [--dry-run] [--quiet]\n"
    "\n"
    "Run every task of a parameter sweep (docs/guides/sweeps.md): one HDF5 file per task\n"
    "in DIR/tasks, a manifest, and DIR/index.h5 with every task's parameters and headline\n"
    "metrics. Running the same command again resumes: finished tasks are skipped.\n"
    "Under `mpirun -np N` rank 0 hands out tasks to N - 1 workers; in a Slurm job array\n"
    "(SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT) each array task runs its share and\n"
    "`--merge` writes the index afterwards (docs/guides/cluster.md).\n"
    "\n"
    "  -o, --output DIR      output folder (default: `output` in SWEEP.cfg, else its name)\n"
    "      --resume          continue the sweep in DIR (it must hold this sweep)\n"
    "      --task-range A:B  run tasks A to B - 1 only (as a Slurm array task does)\n"
    "      --threads N       OpenMP threads inside each run\n"
    "      --merge           only gather the finished tasks into DIR/index.h5\n"
    "      --dry-run         print the design and the number of tasks, run nothing\n"
    "  -q, --quiet           no progress and no summary\n"
    "\n"
    "exit status: 0 every task done, 2 bad input (nothing ran), 1 internal failure,\n"
    "2 + F when F tasks failed (at most 126).\n";

static const char usage_sensitivity[] =
    "usage: reintegra sensitivity DIR|index.h5 --metric NAME [--csv FILE] [--bootstrap B]\n"
    "                             [--confidence C] [--seed N]\n"
    "\n"
    "Sensitivity of a headline metric of a sweep to its parameters: partial rank\n"
    "correlation coefficients (grid, lhs and sobol designs) or first-order and total\n"
    "Sobol indices (saltelli designs), with bootstrap percentile intervals.\n"
    "  --metric NAME     e.g. arrest_y1, return_to_prison_y3, prison_end\n"
    "  --csv FILE        also write the table as CSV (- for standard output)\n"
    "  --bootstrap B     resamples (default 1000; 0: no intervals)\n"
    "  --confidence C    level of the intervals (default 0.95)\n"
    "  --seed N          seed of the bootstrap draws (default 1)\n";

/* --- progress -------------------------------------------------------------------- */

typedef struct progress {
    int on;
    int last;
} progress;

static void show_progress(void *ctx, long long done, long long failed, long long total)
{
    progress *p = ctx;
    if (!p->on) return;
    int width = 40, filled = total ? (int)((done + failed) * width / total) : width;
    fprintf(stderr, "\r  [%.*s%*s] %lld/%lld tasks done, %lld failed", filled,
            "########################################", width - filled, "", done, total, failed);
    if (done + failed == total) fputc('\n', stderr);
    fflush(stderr);
}

#ifdef RG_HAVE_MPI
enum { TAG_RESULT = 1, TAG_TASK = 2 };

/* Rank 0: hand out the tasks not done, one at a time, to whichever worker asks,
 * and record the results. */
static rg_status mpi_master(const rg_sweep *s, const char *dir, long long first, long long last,
                            const unsigned char *done, const rg_cli_comm *c, progress *pg,
                            long long *failed, rg_error *err)
{
    rg_task_result *r = malloc(sizeof *r);
    if (!r) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    long long next = first, ndone = 0;
    for (long long k = first; k < last; k++) ndone += done[k - first];
    show_progress(pg, ndone, 0, last - first);
    rg_status st = RG_OK;
    int active = c->size - 1;
    *failed = 0;
    while (active > 0) {
        int flag = 0;
        MPI_Status ms;
        MPI_Iprobe(MPI_ANY_SOURCE, TAG_RESULT, MPI_COMM_WORLD, &flag, &ms);
        if (!flag) {
            /* Wait without spinning: the master's core is the workers'. */
            struct timespec ts = {0, 200000};
            nanosleep(&ts, NULL);
            continue;
        }
        MPI_Recv(r, (int)sizeof *r, MPI_BYTE, ms.MPI_SOURCE, TAG_RESULT, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        if (r->task >= 0) {
            if (st == RG_OK) st = rg_sweep_record(s, dir, first, last, r, err);
            if (r->state == RG_TASK_DONE)
                ndone++;
            else
                (*failed)++;
            show_progress(pg, ndone, *failed, last - first);
        }
        while (next < last && done[next - first]) next++;
        long long task = st == RG_OK && next < last ? next++ : -1;
        MPI_Send(&task, 1, MPI_LONG_LONG, ms.MPI_SOURCE, TAG_TASK, MPI_COMM_WORLD);
        if (task < 0) active--;
    }
    free(r);
    return st;
}

static void mpi_worker(const rg_sweep *s, const char *dir, int threads)
{
    rg_task_result *r = calloc(1, sizeof *r);
    rg_task_result ready = {.task = -1};
    MPI_Send(&ready, (int)sizeof ready, MPI_BYTE, 0, TAG_RESULT, MPI_COMM_WORLD);
    for (;;) {
        long long task;
        MPI_Recv(&task, 1, MPI_LONG_LONG, 0, TAG_TASK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (task < 0) break;
        if (r)
            rg_sweep_run_task(s, dir, task, threads, r);
        else
            ready.task = task, ready.state = RG_TASK_FAILED;
        const rg_task_result *out = r ? r : &ready;
        if (!r) snprintf(ready.message, sizeof ready.message, "out of memory");
        MPI_Send(out, (int)sizeof *out, MPI_BYTE, 0, TAG_RESULT, MPI_COMM_WORLD);
    }
    free(r);
}
#endif

/* --- reintegra sweep ------------------------------------------------------------- */

typedef struct sweep_opts {
    const char *file, *output, *range;
    long long threads;
    int resume, merge, dry_run, quiet;
} sweep_opts;

static int parse_sweep_args(int argc, char **argv, sweep_opts *o)
{
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {"resume", no_argument, NULL, 'r'},
                                         {"task-range", required_argument, NULL, 'R'},
                                         {"threads", required_argument, NULL, 't'},
                                         {"merge", no_argument, NULL, 'm'},
                                         {"dry-run", no_argument, NULL, 'n'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "o:q", opts, NULL)) != -1) {
        switch (c) {
        case 'o': o->output = optarg; break;
        case 'r': o->resume = 1; break;
        case 'R': o->range = optarg; break;
        case 't': {
            char *end = NULL;
            o->threads = strtoll(optarg, &end, 10);
            if (!*optarg || *end || o->threads < 1 || o->threads > 4096)
                return rg_cli_usage_error(
                    usage_sweep, "--threads %s: expected a whole number from 1 to 4096", optarg);
            break;
        }
        case 'm': o->merge = 1; break;
        case 'n': o->dry_run = 1; break;
        case 'q': o->quiet = 1; break;
        default:
            return rg_cli_usage_error(usage_sweep, "sweep: unknown option or missing value: %s",
                                      argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return rg_cli_usage_error(usage_sweep, "sweep: expected one sweep file%s", "");
    o->file = argv[optind];
    return 0;
}

static void default_dir(const char *file, char *buf, size_t size)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    const char *dot = strrchr(base, '.');
    int len = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
    snprintf(buf, size, "%.*s", len, base);
}

static void print_plan(const rg_sweep *s, const char *dir, long long first, long long last)
{
    printf("sweep %s: design %s, %zu parameters, %lld points x %d replicates = %lld tasks\n",
           s->path, rg_design_name(s->design), s->np, s->npoints, s->replicates, s->ntasks);
    printf("output %s; this process: tasks %lld to %lld; seeds %lld to %lld\n", dir, first,
           last - 1, s->seed, s->seed + s->replicates - 1);
    printf("metrics:");
    for (int m = 0; m < s->nmetrics; m++) printf(" %s", s->metric[m]);
    printf("\n%-8s", "point");
    for (size_t j = 0; j < s->np; j++) printf(" %22s", s->par[j].desc->name);
    putchar('\n');
    for (long long i = 0; i < s->npoints && i < 20; i++) {
        printf("%-8lld", i);
        for (size_t j = 0; j < s->np; j++) printf(" %22.10g", s->x[(size_t)i * s->np + j]);
        putchar('\n');
    }
    if (s->npoints > 20) printf("... (%lld points in all)\n", s->npoints);
}

/* The tasks this process is responsible for. */
static rg_status task_range(const sweep_opts *o, const rg_sweep *s, long long *first,
                            long long *last, int *share, rg_error *err)
{
    *first = 0;
    *last = s->ntasks;
    *share = 0;
    if (o->range) {
        char *end = NULL;
        long long a = strtoll(o->range, &end, 10), b = -1;
        if (end != o->range && *end == ':') {
            char *e2 = NULL;
            b = strtoll(end + 1, &e2, 10);
            if (e2 == end + 1 || *e2) b = -1;
        }
        if (b < 0 || a < 0 || a >= b || b > s->ntasks)
            return rg_error_set(err, RG_EINPUT,
                                "--task-range %s: expected A:B with 0 <= A < B <= %lld (the "
                                "sweep's tasks)",
                                o->range, s->ntasks);
        *first = a;
        *last = b;
        *share = 1;
        return RG_OK;
    }
    int found = 0;
    RG_TRY(rg_sweep_slurm_share(s->ntasks, &found, first, last, err));
    *share = found;
    return RG_OK;
}

static int exit_status(long long failed)
{
    return failed <= 0 ? 0 : failed > 124 ? 126 : (int)(2 + failed);
}

static int run_sweep(const sweep_opts *o, rg_cli_comm *c)
{
    rg_error err = {0};
    rg_sweep *s = calloc(1, sizeof *s);
    if (!s) return RG_EINTERNAL;
    const int talk = c->rank == 0;
    int rc = 0;
    char dir[PATH_MAX];
    long long first = 0, last = 0;
    int share = 0;
    rg_status st = rg_sweep_load(s, o->file, &err);
    if (st == RG_OK) {
        if (o->output)
            snprintf(dir, sizeof dir, "%s", o->output);
        else if (s->output[0])
            snprintf(dir, sizeof dir, "%s", s->output);
        else
            default_dir(o->file, dir, sizeof dir);
        st = task_range(o, s, &first, &last, &share, &err);
    }
    if (st == RG_OK && o->resume && talk) {
        char fp[PATH_MAX + 16];
        snprintf(fp, sizeof fp, "%s/fingerprint", dir);
        if (access(fp, F_OK) != 0)
            st = rg_error_set(&err, RG_EINPUT,
                              "%s: --resume: the folder holds no sweep to resume; expected the "
                              "output folder of an earlier run of this sweep",
                              dir);
    }
    if (st != RG_OK) {
        rc = talk ? rg_cli_fail(&err) : (int)st;
        rg_sweep_free(s);
        free(s);
        return rc;
    }
    if (o->dry_run) {
        if (talk) print_plan(s, dir, first, last);
        rg_sweep_free(s);
        free(s);
        return 0;
    }
    long long failed = 0, ndone = 0, nfailed = 0, nmissing = 0;
    progress pg = {!o->quiet && talk && isatty(STDERR_FILENO), -1};
    if (o->merge) {
        if (talk) {
            st = rg_sweep_write_index(s, dir, &ndone, &nfailed, &nmissing, &err);
        }
    } else if (c->size <= 1) {
        st = rg_sweep_execute(s, dir, first, last, (int)o->threads, show_progress, &pg, &failed,
                              &err);
    } else {
#ifdef RG_HAVE_MPI
        unsigned char *done = calloc((size_t)(last - first) + 1, 1);
        int ok = 1;
        if (talk) {
            st = done ? rg_sweep_prepare(s, dir, first, last, done, &err)
                      : rg_error_set(&err, RG_EINTERNAL, "out of memory");
            ok = st == RG_OK;
        }
        MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
        if (!ok && !talk) st = RG_EINPUT;
        if (ok) {
            if (talk)
                st = mpi_master(s, dir, first, last, done, c, &pg, &failed, &err);
            else
                mpi_worker(s, dir, (int)o->threads);
        }
        free(done);
#endif
    }
    if (st == RG_OK && talk && !o->merge && !share)
        st = rg_sweep_write_index(s, dir, &ndone, &nfailed, &nmissing, &err);
    if (st != RG_OK) {
        rc = talk ? rg_cli_fail(&err) : (int)st;
    } else if (talk) {
        if (o->merge) failed = nfailed;
        rc = exit_status(failed);
        if (!o->quiet) {
            if (share && !o->merge)
                printf("sweep %s: tasks %lld to %lld of %lld finished here (%lld failed); "
                       "when every share is done, `reintegra sweep %s -o %s --merge` writes "
                       "the index\n",
                       dir, first, last - 1, s->ntasks, failed, o->file, dir);
            else
                printf("sweep %s: %lld tasks: %lld done, %lld failed, %lld not run; index "
                       "%s/index.h5\n",
                       dir, s->ntasks, ndone, nfailed, nmissing, dir);
        }
        if (failed > 0)
            fprintf(stderr,
                    "reintegra: %lld task(s) failed; their errors are in the manifest in %s; "
                    "run the same command again to retry them\n",
                    failed, dir);
    }
    rg_sweep_free(s);
    free(s);
    return rc;
}

int rg_cmd_sweep(int argc, char **argv)
{
    if (rg_cli_wants_help(argc, argv)) {
        fputs(usage_sweep, stdout);
        return 0;
    }
    sweep_opts o;
    int rc = parse_sweep_args(argc, argv, &o);
    if (rc) return rc;
    rg_cli_comm c;
    rc = rg_cli_comm_init(&c, &argc, &argv);
    if (rc) return rc;
    rc = run_sweep(&o, &c);
    return rg_cli_comm_finish(&c, rc);
}

/* --- reintegra sensitivity ----------------------------------------------------------- */

int rg_cmd_sensitivity(int argc, char **argv)
{
    if (rg_cli_wants_help(argc, argv)) {
        fputs(usage_sensitivity, stdout);
        return 0;
    }
    const char *path = NULL, *metric = NULL, *csv = NULL;
    long long boot = 1000, seed = 1;
    double conf = 0.95;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        char *end = NULL;
        if (!strcmp(a, "--metric") && more)
            metric = argv[++i];
        else if (!strcmp(a, "--csv") && more)
            csv = argv[++i];
        else if (!strcmp(a, "--bootstrap") && more) {
            boot = strtoll(argv[++i], &end, 10);
            if (*end || boot < 0 || boot > 1000000)
                return rg_cli_usage_error(usage_sensitivity,
                                          "--bootstrap %s: expected 0 to 1000000", argv[i]);
        } else if (!strcmp(a, "--confidence") && more) {
            conf = strtod(argv[++i], &end);
            if (*end || !(conf > 0 && conf < 1))
                return rg_cli_usage_error(
                    usage_sensitivity,
                    "--confidence %s: expected a level between 0 and 1, e.g. 0.95", argv[i]);
        } else if (!strcmp(a, "--seed") && more) {
            seed = strtoll(argv[++i], &end, 10);
            if (*end || seed < 0)
                return rg_cli_usage_error(usage_sensitivity,
                                          "--seed %s: expected a whole number >= 0", argv[i]);
        } else if (a[0] == '-' || path)
            return rg_cli_usage_error(usage_sensitivity, "sensitivity: unexpected argument: %s", a);
        else
            path = a;
    }
    if (!path)
        return rg_cli_usage_error(usage_sensitivity,
                                  "sensitivity: expected a sweep folder or its index.h5%s", "");
    if (!metric)
        return rg_cli_usage_error(usage_sensitivity, "sensitivity: --metric NAME is needed%s", "");
    rg_error err = {0};
    rg_sensitivity *res = calloc(1, sizeof *res);
    if (!res) return RG_EINTERNAL;
    int rc = 0;
    if (rg_sensitivity_from_index(path, metric, (int)boot, conf, (uint64_t)seed, res, &err) !=
        RG_OK)
        rc = rg_cli_fail(&err);
    if (!rc && csv) {
        FILE *f = strcmp(csv, "-") ? fopen(csv, "w") : stdout;
        if (!f) {
            fprintf(stderr, "reintegra: %s: cannot write\n", csv);
            rc = RG_EINPUT;
        } else {
            rg_sensitivity_write_csv(res, f);
            if (f != stdout && fclose(f) != 0) {
                fprintf(stderr, "reintegra: %s: cannot write\n", csv);
                rc = RG_EINTERNAL;
            }
        }
    }
    if (!rc && !(csv && !strcmp(csv, "-"))) rg_sensitivity_write_table(res, stdout);
    free(res);
    return rc;
}
