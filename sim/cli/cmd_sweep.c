/*
 * `reintegra sweep` and `reintegra sensitivity`: parse, call the sweep workflow
 * (sim/workflows: alone, under an MPI launcher, or as one task of a Slurm job
 * array) or the sensitivity analysis, print, choose the exit status.
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

#include "common/files.h"
#include "reintegra/sensitivity.h"
#include "reintegra/sweep.h"

static const char usage_sweep[] =
    "usage: reintegra sweep SWEEP.cfg [-o DIR] [--set group.key=value]... [--resume]\n"
    "                       [--task-range A:B | --tasks LIST] [--shares N] [--threads N]\n"
    "                       [--merge] [--missing] [--dry-run] [--quiet]\n"
    "\n"
    "Run every task of a parameter sweep (docs/guides/sweeps.md): one HDF5 file per task\n"
    "in DIR/tasks, a manifest, and DIR/index.h5 with every task's parameters and headline\n"
    "metrics. Running the same command again resumes: finished tasks are skipped.\n"
    "Under `mpirun -np N` rank 0 hands out tasks to N - 1 workers; in a Slurm job array\n"
    "(SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT) each array task runs its share and\n"
    "`--merge` writes the index afterwards (docs/guides/cluster.md).\n"
    "\n"
    "  -o, --output DIR      output folder (default: `output` in SWEEP.cfg, else its name)\n"
    "      --set KEY=VALUE   change the base scenario of every task, as `run --set` does\n"
    "                        (e.g. --set run.agents=50000); resuming or merging the\n"
    "                        sweep needs the same --set options\n"
    "      --resume          continue the sweep in DIR (it must hold this sweep)\n"
    "      --task-range A:B  run tasks A to B - 1 only (as a Slurm array task does)\n"
    "      --tasks LIST      run these tasks only, in Slurm's --array syntax: 7,12 or\n"
    "                        0-9:2,40-49\n"
    "      --shares N        in a Slurm array: SLURM_ARRAY_TASK_ID is the share of N to\n"
    "                        run, so some shares can be submitted again (--array=7,12)\n"
    "      --threads N       OpenMP threads inside each run\n"
    "      --merge           only gather the finished tasks into DIR/index.h5\n"
    "      --missing         print the tasks not done (failed or missing) as a list for\n"
    "                        --tasks or sbatch --array; with --shares N, the shares\n"
    "                        that hold them\n"
    "      --dry-run         print the design and the number of tasks, run nothing\n"
    "  -q, --quiet           no progress and no summary\n"
    "      --keys            the keys of sweep files, as Markdown tables\n"
    "      --layout          the layout of index.h5, as Markdown tables\n"
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

/* --- reintegra sweep ------------------------------------------------------------- */

typedef struct sweep_opts {
    const char *file, *output, *range, *tasks;
    long long threads, shares;
    int resume, merge, missing, dry_run, quiet, nsets;
    char **sets; /* the --set assignments (malloc'd) */
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
                                         {"set", required_argument, NULL, 'S'},
                                         {"tasks", required_argument, NULL, 'T'},
                                         {"shares", required_argument, NULL, 'N'},
                                         {"missing", no_argument, NULL, 'M'},
                                         {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    o->sets = calloc((size_t)argc, sizeof *o->sets);
    if (!o->sets) return RG_EINTERNAL;
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
        case 'S': o->sets[o->nsets++] = optarg; break;
        case 'T': o->tasks = optarg; break;
        case 'N':
            if (rg_cli_parse_count(optarg, 1, 1000000000, &o->shares))
                return rg_cli_usage_error(
                    usage_sweep, "--shares %s: expected a whole number from 1 to 1000000000",
                    optarg);
            break;
        case 'M': o->missing = 1; break;
        default:
            return rg_cli_usage_error(usage_sweep, "sweep: unknown option or missing value: %s",
                                      argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return rg_cli_usage_error(usage_sweep, "sweep: expected one sweep file%s", "");
    if (o->tasks && o->range)
        return rg_cli_usage_error(usage_sweep, "--tasks %s: give --tasks or --task-range, not both",
                                  o->tasks);
    o->file = argv[optind];
    return 0;
}

static void print_plan(const rg_sweep *s, const char *dir, long long first, long long last)
{
    printf("sweep %s: design %s, %zu parameters, %lld points x %d replicates = %lld tasks\n",
           s->path, rg_design_name(s->design), s->np, s->npoints, s->replicates, s->ntasks);
    printf("output %s; this process: tasks %lld to %lld; seeds %lld to %lld\n", dir, first,
           last - 1, s->seed, s->seed + s->replicates - 1);
    if (s->cli_set && s->cli_set[0]) {
        printf("--set over the base:");
        for (const char *p = s->cli_set; *p;) {
            size_t len = strcspn(p, "\n");
            printf(" %.*s", (int)len, p);
            p += len + (p[len] == '\n');
        }
        putchar('\n');
    }
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

/* The tasks this process is responsible for: --task-range, a Slurm array task's
 * share, or every task. */
static rg_status task_range(const sweep_opts *o, const rg_sweep *s, rg_sweep_options *so,
                            rg_error *err)
{
    so->first = 0;
    so->last = s->ntasks;
    so->share = 0;
    if (o->tasks) return RG_OK; /* a list: run_list */
    if (!o->range) {
        RG_TRY(rg_sweep_slurm_share_of(s->ntasks, o->missing ? 0 : o->shares, &so->share,
                                       &so->first, &so->last, err));
        if (o->shares && !so->share && !o->missing)
            return rg_error_set(err, RG_EINPUT,
                                "--shares %lld: for an array task of a Slurm job "
                                "(SLURM_ARRAY_TASK_ID is not set), or with --missing",
                                o->shares);
        return RG_OK;
    }
    char *end = NULL;
    long long a = strtoll(o->range, &end, 10), b = -1;
    if (end != o->range && *end == ':') {
        char *e2 = NULL;
        b = strtoll(end + 1, &e2, 10);
        if (e2 == end + 1 || *e2) b = -1;
    }
    if (b < 0 || a < 0 || a >= b || b > s->ntasks)
        return rg_error_set(err, RG_EINPUT,
                            "--task-range %s: expected A:B with 0 <= A < B <= %lld (the sweep's "
                            "tasks)",
                            o->range, s->ntasks);
    so->first = a;
    so->last = b;
    so->share = 1;
    return RG_OK;
}

static int exit_status(long long failed)
{
    return failed <= 0 ? 0 : failed > 124 ? 126 : (int)(2 + failed);
}

static void print_outcome(const sweep_opts *o, const rg_sweep *s, const rg_sweep_options *so,
                          const rg_sweep_counts *n, long long failed)
{
    if (!o->quiet) {
        if (so->share && !o->merge)
            printf("sweep %s: tasks %lld to %lld of %lld finished here (%lld failed); when every "
                   "share is done, `reintegra sweep %s -o %s --merge` writes the index\n",
                   so->dir, so->first, so->last - 1, s->ntasks, failed, o->file, so->dir);
        else
            printf("sweep %s: %lld tasks: %lld done, %lld failed, %lld not run; index "
                   "%s/index.h5\n",
                   so->dir, s->ntasks, n->done, n->failed, n->missing, so->dir);
    }
    if (failed > 0)
        fprintf(stderr,
                "reintegra: %lld task(s) failed; their errors are in the manifest in %s; run the "
                "same command again to retry them\n",
                failed, so->dir);
}

/* Run (or merge) the sweep; rank 0 reports and chooses the exit status. */
static int execute(const sweep_opts *o, const rg_sweep *s, rg_sweep_options *so, int talk)
{
    rg_error err = {0};
    rg_cli_progress bar;
    rg_cli_progress_init(&bar, o->quiet || !talk);
    so->hooks = (rg_hooks){rg_cli_show, rg_cli_log, &bar};
    rg_sweep_counts n = {0};
    rg_status st = RG_OK;
    if (!o->merge)
        st = rg_sweep_run(s, so, &n, &err);
    else if (talk)
        st = rg_sweep_write_index(s, so->dir, &n.done, &n.failed, &n.missing, &err);
    rg_cli_progress_end(&bar);
    if (st != RG_OK) return talk ? rg_cli_fail(&err) : (int)st;
    if (!talk) return 0;
    long long failed = o->merge ? n.failed : n.failed_now;
    print_outcome(o, s, so, &n, failed);
    return exit_status(failed);
}

/* A list's progress: each run of consecutive tasks reports its own, offset here
 * into one bar over the whole list. */
typedef struct list_bar {
    rg_cli_progress *bar;
    long long done, failed, total; /* of the runs before the current one; the list's */
} list_bar;

static void show_list(void *ctx, const rg_progress *p)
{
    const list_bar *lb = ctx;
    rg_progress q = *p;
    q.done += lb->done;
    q.failed += lb->failed;
    q.total = lb->total;
    rg_cli_show(lb->bar, &q);
}

/* --tasks LIST: each run of consecutive tasks as a share of its own. */
static int run_list(const sweep_opts *o, const rg_sweep *s, rg_sweep_options *so, int talk)
{
    rg_error err = {0};
    rg_task_list l;
    if (rg_task_list_parse(&l, o->tasks, s->ntasks, "--tasks", &err) != RG_OK) {
        rg_task_list_free(&l);
        return talk ? rg_cli_fail(&err) : (int)err.status;
    }
    long long runs = 0;
    for (long long k = 0; k < l.n; k++)
        runs += rg_task_list_has(&l, k) && !rg_task_list_has(&l, k - 1);
    if (runs > 1000) {
        rg_error_set(&err, RG_EINPUT,
                     "--tasks %.60s...: %lld separate runs of tasks; expected at most 1000 (each "
                     "keeps a manifest): spread them over a Slurm array with --shares instead",
                     o->tasks, runs);
        rg_task_list_free(&l);
        return talk ? rg_cli_fail(&err) : (int)err.status;
    }
    rg_cli_progress bar;
    rg_cli_progress_init(&bar, o->quiet || !talk);
    list_bar lb = {&bar, 0, 0, l.count};
    so->hooks = (rg_hooks){show_list, rg_cli_log, &lb};
    so->share = 1;
    rg_status st = RG_OK;
    for (long long k = 0; st == RG_OK && k < l.n; k++) {
        if (!rg_task_list_has(&l, k)) continue;
        long long b = k + 1;
        while (b < l.n && rg_task_list_has(&l, b)) b++;
        so->first = k;
        so->last = b;
        rg_sweep_counts n = {0};
        st = rg_sweep_run(s, so, &n, &err);
        lb.failed += n.failed_now;
        lb.done += b - k - n.failed_now;
        k = b - 1;
    }
    rg_cli_progress_end(&bar);
    rg_task_list_free(&l);
    if (st != RG_OK) return talk ? rg_cli_fail(&err) : (int)st;
    if (!talk) return 0;
    if (!o->quiet)
        printf("sweep %s: tasks %s (%lld) finished here (%lld failed); `reintegra sweep %s -o %s "
               "--merge` writes the index\n",
               so->dir, o->tasks, lb.total, lb.failed, o->file, so->dir);
    if (lb.failed > 0)
        fprintf(stderr, "reintegra: %lld task(s) failed; their errors are in the manifests in %s\n",
                lb.failed, so->dir);
    return exit_status(lb.failed);
}

/* --missing: the unfinished tasks (or shares) as a list on stdout. */
static int print_missing(const sweep_opts *o, const rg_sweep *s, const char *dir)
{
    rg_error err = {0};
    rg_task_list l;
    int rc = 0;
    if (rg_sweep_unfinished(s, dir, o->shares, &l, &err) != RG_OK) {
        rc = rg_cli_fail(&err);
    } else {
        rg_task_list_write(&l, stdout);
        if (l.count) putchar('\n');
        if (!o->quiet && o->shares)
            fprintf(stderr, "reintegra: %lld of %lld shares hold tasks not done\n", l.count, l.n);
        else if (!o->quiet)
            fprintf(stderr, "reintegra: %lld of %lld tasks not done (failed or missing)\n", l.count,
                    l.n);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "reintegra: cannot write the list to standard output\n");
            rc = 1;
        }
    }
    rg_task_list_free(&l);
    return rc;
}

static int run_sweep(const sweep_opts *o, const rg_comm *c)
{
    rg_error err = {0};
    rg_sweep *s = calloc(1, sizeof *s);
    if (!s) return RG_EINTERNAL;
    const int talk = c->rank == 0;
    char dir[PATH_MAX];
    rg_sweep_options so = {.dir = dir, .resume = o->resume, .threads = (int)o->threads, .comm = c};
    rg_status st = rg_sweep_load_set(s, o->file, o->sets, o->nsets, &err);
    if (st == RG_OK) {
        /* -o, else `output` in the sweep file, else the file's name. */
        if (o->output || s->output[0])
            snprintf(dir, sizeof dir, "%s", o->output ? o->output : s->output);
        else
            rg_cli_stem(o->file, "", dir, sizeof dir);
        st = task_range(o, s, &so, &err);
    }
    int rc = 0;
    if (st != RG_OK)
        rc = talk ? rg_cli_fail(&err) : (int)st;
    else if (o->missing)
        rc = talk ? print_missing(o, s, dir) : 0;
    else if (o->tasks && !o->dry_run)
        rc = run_list(o, s, &so, talk);
    else if (so.share && so.first >= so.last && !o->merge) {
        /* More array tasks than sweep tasks: this one has none. */
        if (talk && !o->quiet)
            printf("sweep %s: this array task's share is empty (the sweep has %lld tasks, "
                   "fewer than the array's tasks)\n",
                   dir, s->ntasks);
    } else if (o->dry_run && talk)
        print_plan(s, dir, so.first, so.last);
    else if (!o->dry_run)
        rc = execute(o, s, &so, talk);
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
    if (rg_cli_has(argc, argv, "--keys")) {
        rg_keys_write_markdown(rg_sweep_keys(), stdout);
        return 0;
    }
    if (rg_cli_has(argc, argv, "--layout")) {
        rg_sweep_index_write_markdown(stdout);
        return 0;
    }
    sweep_opts o;
    int rc = parse_sweep_args(argc, argv, &o);
    rg_comm c;
    rg_error err = {0};
    if (!rc && rg_comm_init(&c, &argc, &argv, &err) != RG_OK)
        rc = rg_cli_fail(&err);
    else if (!rc)
        rc = rg_comm_finish(&c, run_sweep(&o, &c));
    free(o.sets);
    return rc;
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
    char index[PATH_MAX + 16];
    if (rg_path_is_dir(path))
        snprintf(index, sizeof index, "%s/index.h5", path);
    else
        snprintf(index, sizeof index, "%s", path);
    if (csv && strcmp(csv, "-") && rg_file_same(csv, index)) {
        rg_error_set(&err, RG_EINPUT, "%s: is the sweep's index; refusing to overwrite an input",
                     csv);
        return rg_cli_fail(&err);
    }
    rg_sensitivity *res = calloc(1, sizeof *res);
    if (!res) return RG_EINTERNAL;
    int rc = 0;
    if (rg_sensitivity_from_index(path, metric, (int)boot, conf, (uint64_t)seed, res, &err) !=
        RG_OK)
        rc = rg_cli_fail(&err);
    if (!rc && csv && !strcmp(csv, "-"))
        rg_sensitivity_write_csv(res, stdout);
    else if (!rc && csv) {
        rg_file_out out;
        if (rg_file_out_open(&out, csv, &err) != RG_OK) {
            rc = rg_cli_fail(&err);
        } else {
            rg_sensitivity_write_csv(res, out.f);
            if (rg_file_out_commit(&out, &err) != RG_OK) rc = rg_cli_fail(&err);
        }
    }
    if (!rc && !(csv && !strcmp(csv, "-"))) rg_sensitivity_write_table(res, stdout);
    /* The table ends with the note; CSV on stdout has no room for it. */
    if (!rc && res->note[0] && csv && !strcmp(csv, "-"))
        fprintf(stderr, "reintegra: warning: %s\n", res->note);
    free(res);
    return rc;
}

const char *rg_usage_sweep(void)
{
    return usage_sweep;
}

const char *rg_usage_sensitivity(void)
{
    return usage_sensitivity;
}
