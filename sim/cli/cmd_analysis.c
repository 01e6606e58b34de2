/* The analysis commands: metrics, compare, report, demo. */
#include <errno.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/files.h"
#include "reintegra/cli.h"
#include "reintegra/compare.h"
#include "reintegra/config.h"
#include "reintegra/metrics.h"
#include "reintegra/report.h"
#include "reintegra/workflow.h"
#include "reintegra/tables.h"

static const char usage_metrics_format[] =
    "usage: reintegra metrics RUN.h5... [--group G | --groups] [--csv FILE]\n"
    "\n"
    "Evaluation metrics of each scenario with 95%% confidence intervals: recidivism\n"
    "(Kaplan-Meier) at 1, 3 and 5 years, employment, income, housing, quality of life,\n"
    "programme completion and cost. Files are grouped into scenarios by scenario name\n"
    "and configuration; replicates (seeds) of a scenario give the intervals.\n"
    "  --group G    one group: %s\n"
    "  --groups     every group\n"
    "  --csv FILE   also write every metric of every group as CSV\n";

/* The usage of `metrics`, with the groups from their table (groups.h). */
static const char *usage_metrics(void)
{
    static char text[4096];
    if (text[0]) return text;
    char list[2048];
    size_t used = 0, line = 28; /* the column after "one group: " */
    for (int g = 0; g < RG_GROUP_COUNT; g++) {
        const char *key = rg_group_key((rg_group)g);
        size_t len = strlen(key) + (g == 0 ? 10 : 0) + 2;
        if (g > 0 && line + len > 90) {
            used += (size_t)snprintf(list + used, sizeof list - used, ",\n               ");
            line = 15;
        } else if (g > 0) {
            used += (size_t)snprintf(list + used, sizeof list - used, ", ");
        }
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", key,
                                 g == 0 ? " (default)" : "");
        line += len;
    }
    snprintf(text, sizeof text, usage_metrics_format, list);
    return text;
}

static const char usage_compare[] =
    "usage: reintegra compare BASE.h5... OTHER.h5... [--group G] [--csv FILE]\n"
    "\n"
    "Each scenario minus the base scenario (the scenario of the first file), with 95%\n"
    "confidence intervals: paired by seed when the scenarios share their seeds (common\n"
    "random numbers), else unpaired (Welch). Also disparities between groups, cost per\n"
    "outcome where programmes have costs, and an emulated trial's intention-to-treat\n"
    "estimate beside its true effect.\n"
    "  --group G    the group of the table (default: all; see `reintegra metrics --help`)\n"
    "  --csv FILE   also write every contrast as CSV\n"
    "With --uncertainty N, parameter uncertainty too (`reintegra compare --uncertainty 1\n"
    "--help`).\n";

/* Write a table to a file through a callback, under a temporary name renamed
 * when complete; errors are for the user. */
static rg_status write_file(const char *path, void (*write)(FILE *, const rg_study *, size_t),
                            const rg_study *s, size_t arg, rg_error *err)
{
    rg_file_out o;
    RG_TRY(rg_file_out_open(&o, path, err));
    write(o.f, s, arg);
    return rg_file_out_commit(&o, err);
}

/* An output that names one of the inputs (or a folder) is refused before
 * anything is read or written. */
static rg_status check_output(const char *out, const char *const *inputs, size_t n, rg_error *err)
{
    if (!out) return RG_OK;
    if (rg_path_is_dir(out))
        return rg_error_set(err, RG_EINPUT, "%s: is a folder; expected the name of a file", out);
    for (size_t i = 0; i < n; i++)
        if (rg_file_same(out, inputs[i]))
            return rg_error_set(err, RG_EINPUT,
                                "%s: is one of the input files; refusing to overwrite it "
                                "(choose another output name)",
                                out);
    return RG_OK;
}

static void metrics_csv(FILE *f, const rg_study *s, size_t unused)
{
    (void)unused;
    rg_write_metrics_csv(f, s);
}

static void contrasts_csv(FILE *f, const rg_study *s, size_t base)
{
    rg_write_contrasts_csv(f, s, base);
}

/* Common options of metrics and compare: files, --group, --groups, --csv. */
typedef struct files_opts {
    const char **files;
    size_t n;
    int group; /* -1: every group */
    const char *csv;
} files_opts;

/* One line naming the groups there are; exit status 2. */
static int unknown_group(const char *name)
{
    fprintf(stderr, "reintegra: unknown group: %s; expected one of:", name);
    for (int g = 0; g < RG_GROUP_COUNT; g++)
        fprintf(stderr, "%s %s", g ? "," : "", rg_group_key((rg_group)g));
    fputc('\n', stderr);
    return RG_EINPUT;
}

static int parse_files(int argc, char **argv, const char *usage, int allow_groups, files_opts *o)
{
    o->files = calloc((size_t)argc, sizeof *o->files);
    o->n = 0;
    o->group = RG_G_ALL;
    o->csv = NULL;
    if (!o->files) return RG_EINTERNAL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--group") && i + 1 < argc) {
            o->group = rg_group_parse(argv[++i]);
            if (o->group < 0) return unknown_group(argv[i]);
        } else if (allow_groups && !strcmp(argv[i], "--groups"))
            o->group = -1;
        else if (!strcmp(argv[i], "--csv") && i + 1 < argc)
            o->csv = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1])
            return rg_cli_usage_error(usage, "unknown option or missing value: %s", argv[i]);
        else
            o->files[o->n++] = argv[i];
    }
    if (!o->n) return rg_cli_usage_error(usage, "expected one or more run files%s", "");
    return 0;
}

int rg_cmd_metrics(int argc, char **argv)
{
    if (rg_cli_wants_help(argc, argv)) {
        fputs(usage_metrics(), stdout);
        return 0;
    }
    files_opts o;
    int rc = parse_files(argc, argv, usage_metrics(), 1, &o);
    rg_error err = {0};
    rg_study s;
    if (!rc && check_output(o.csv, o.files, o.n, &err) != RG_OK) rc = rg_cli_fail(&err);
    if (!rc && rg_study_load(&s, o.files, o.n, &err) != RG_OK) rc = rg_cli_fail(&err);
    if (!rc) {
        rg_write_metrics_text(stdout, &s, o.group);
        if (o.csv && write_file(o.csv, metrics_csv, &s, 0, &err) != RG_OK) rc = rg_cli_fail(&err);
        rg_study_free(&s);
    }
    free(o.files);
    return rc;
}

int rg_cmd_compare(int argc, char **argv)
{
    if (rg_cli_has(argc, argv, "--uncertainty")) return rg_cmd_compare_uncertainty(argc, argv);
    if (rg_cli_wants_help(argc, argv)) {
        fputs(usage_compare, stdout);
        return 0;
    }
    files_opts o;
    int rc = parse_files(argc, argv, usage_compare, 0, &o);
    rg_error err = {0};
    rg_study s;
    if (!rc && check_output(o.csv, o.files, o.n, &err) != RG_OK) rc = rg_cli_fail(&err);
    if (!rc && rg_study_load(&s, o.files, o.n, &err) != RG_OK) rc = rg_cli_fail(&err);
    if (!rc && s.n_scenarios < 2) {
        rg_study_free(&s);
        rg_error_set(&err, RG_EINPUT,
                     "compare: all the files are replicates of one scenario (%s); give the "
                     "files of at least two scenarios",
                     o.files[0]);
        rc = rg_cli_fail(&err);
    } else if (!rc) {
        rg_write_contrasts_text(stdout, &s, 0, o.group);
        if (o.csv && write_file(o.csv, contrasts_csv, &s, 0, &err) != RG_OK) rc = rg_cli_fail(&err);
        rg_study_free(&s);
    }
    free(o.files);
    return rc;
}

static const char usage_report[] =
    "usage: reintegra report RUN.h5... -o REPORT.html [--base SCENARIO]\n"
    "\n"
    "Write one self-contained HTML file (no network, no scripts) with SVG charts:\n"
    "survival curves per scenario, prison, employment and housing over time, contrasts\n"
    "with the base scenario (the first file's, or --base) with intervals, group\n"
    "disparities, programmes and the emulated trial, and the provenance of every run.\n"
    "  -o, --output FILE   where to write the report (required)\n"
    "      --base NAME     the scenario the others are contrasted with\n"
    "      --csv PREFIX    also write PREFIX-metrics.csv and PREFIX-contrasts.csv\n"
    "      --uncertainty CSV  a section on parameter uncertainty from the CSV of\n"
    "                      `compare --uncertainty N --csv CSV`\n";

static int find_scenario(const rg_study *s, const char *name)
{
    for (size_t k = 0; k < s->n_scenarios; k++)
        if (!strcmp(s->scenarios[k].label, name)) return (int)k;
    return -1;
}

/* The report, with what the model says of each scenario's policies (when this build
 * reads the runs' configurations; else without) and three lives. */
static rg_status write_report(const char *html, const rg_study *s, size_t base,
                              const rg_report_psa *u, rg_error *err)
{
    rg_report_scenario *sc = NULL;
    rg_error ignored = {0};
    if (rg_cli_report_scenarios(s, &sc, &ignored) != RG_OK) sc = NULL;
    const rg_report_options o = {.psa = u, .scenarios = sc, .lives = 1};
    rg_status st = rg_report_write_file_with(html, s, base, &o, err);
    free(sc);
    return st;
}

static rg_status write_outputs(const rg_study *s, size_t base, const char *html, const char *csv,
                               const rg_report_psa *u, rg_error *err)
{
    if (html) RG_TRY(write_report(html, s, base, u, err));
    if (csv) {
        char path[4200];
        snprintf(path, sizeof path, "%s-metrics.csv", csv);
        RG_TRY(write_file(path, metrics_csv, s, 0, err));
        if (s->n_scenarios > 1) {
            snprintf(path, sizeof path, "%s-contrasts.csv", csv);
            RG_TRY(write_file(path, contrasts_csv, s, base, err));
        }
    }
    return RG_OK;
}

/* The report and its CSV files name none of the inputs. */
static rg_status report_outputs_checked(const char *html, const char *csv, const char **files,
                                        size_t n, rg_error *err)
{
    RG_TRY(check_output(html, files, n, err));
    if (!csv) return RG_OK;
    char path[4200];
    snprintf(path, sizeof path, "%s-metrics.csv", csv);
    RG_TRY(check_output(path, files, n, err));
    snprintf(path, sizeof path, "%s-contrasts.csv", csv);
    return check_output(path, files, n, err);
}

int rg_cmd_report(int argc, char **argv)
{
    if (rg_cli_wants_help(argc, argv)) {
        fputs(usage_report, stdout);
        return 0;
    }
    const char **files = calloc((size_t)argc, sizeof *files);
    const char *out = NULL, *base_name = NULL, *csv = NULL, *psa = NULL;
    rg_report_psa u = {0, NULL};
    size_t n = 0;
    int rc = files ? 0 : RG_EINTERNAL;
    for (int i = 1; i < argc && !rc; i++) {
        if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) && i + 1 < argc)
            out = argv[++i];
        else if (!strcmp(argv[i], "--base") && i + 1 < argc)
            base_name = argv[++i];
        else if (!strcmp(argv[i], "--csv") && i + 1 < argc)
            csv = argv[++i];
        else if (!strcmp(argv[i], "--uncertainty") && i + 1 < argc)
            psa = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1])
            rc = rg_cli_usage_error(usage_report, "report: unknown option or missing value: %s",
                                    argv[i]);
        else
            files[n++] = argv[i];
    }
    if (!rc && !n)
        rc = rg_cli_usage_error(usage_report, "report: expected one or more run files%s", "");
    if (!rc && !out) rc = rg_cli_usage_error(usage_report, "report: expected -o REPORT.html%s", "");
    rg_error err = {0};
    rg_study s;
    if (!rc && report_outputs_checked(out, csv, files, n, &err) != RG_OK) rc = rg_cli_fail(&err);
    if (!rc && rg_study_load(&s, files, n, &err) != RG_OK) rc = rg_cli_fail(&err);
    if (!rc) {
        int base = base_name ? find_scenario(&s, base_name) : 0;
        if (base < 0) {
            rg_error_set(&err, RG_EINPUT, "report: --base %s: no such scenario among the files",
                         base_name);
            rc = rg_cli_fail(&err);
        } else if ((psa && rg_report_psa_read(psa, &u, &err) != RG_OK) ||
                   write_outputs(&s, (size_t)base, out, csv, psa ? &u : NULL, &err) != RG_OK)
            rc = rg_cli_fail(&err);
        rg_report_psa_free(&u);
        rg_study_free(&s);
    }
    free(files);
    return rc;
}

static const char usage_demo[] =
    "usage: reintegra demo [--scenarios DIR] [-o DIR] [--agents N] [--months M]\n"
    "                      [--replicates R] [--threads N] [--quiet]\n"
    "\n"
    "Run the built-in policy scenarios end to end: baseline, Ban the Box, Fresh Start\n"
    "and a mentoring expansion (those of baseline.cfg, ban_the_box.cfg, fresh_start.cfg\n"
    "and mentoring.cfg found in DIR), each with R replicates that share their seeds;\n"
    "print a comparison table; write report.html, metrics.csv and contrasts.csv.\n"
    "  --scenarios DIR   the scenario files (default: the installed ones, or the source tree's)\n"
    "  -o, --output DIR  where to write (default: reintegra-demo)\n"
    "  --agents N        people per run (default 20000)\n"
    "  --months M        horizon (default 60)\n"
    "  --replicates R    seeds 1..R per scenario (default 3)\n"
    "  --threads N       OpenMP threads per run\n"
    "  -q, --quiet       no progress and no table\n";

static const char *const demo_scenarios[] = {"baseline", "ban_the_box", "fresh_start", "mentoring"};
enum { DEMO_SCENARIOS = sizeof demo_scenarios / sizeof demo_scenarios[0] };

typedef struct demo_opts {
    const char *dir, *out;
    long long agents, months, reps, threads;
    int quiet;
} demo_opts;

/* 0, or the exit status of a usage error. */
static int parse_demo_args(int argc, char **argv, demo_opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int bad = 0;
        if (!strcmp(a, "--scenarios") && v)
            o->dir = v, i++;
        else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && v)
            o->out = v, i++;
        else if (!strcmp(a, "--agents") && v)
            bad = rg_cli_parse_count(v, 1, 2000000000, &o->agents), i++;
        else if (!strcmp(a, "--months") && v)
            bad = rg_cli_parse_count(v, 1, 1200, &o->months), i++;
        else if (!strcmp(a, "--replicates") && v)
            bad = rg_cli_parse_count(v, 1, 1000, &o->reps), i++;
        else if (!strcmp(a, "--threads") && v)
            bad = rg_cli_parse_count(v, 1, 4096, &o->threads), i++;
        else if (!strcmp(a, "-q") || !strcmp(a, "--quiet"))
            o->quiet = 1;
        else
            return rg_cli_usage_error(usage_demo, "demo: unknown option or missing value: %s", a);
        if (bad)
            return rg_cli_usage_error(usage_demo, "demo: expected a positive whole number: %s", a);
    }
    return 0;
}

/* One run of a scenario file at the demo's size and a seed. */
static rg_status demo_run(const demo_opts *o, const char *cfg, const char *path, long long seed,
                          rg_error *err)
{
    rg_params p;
    rg_params_defaults(&p);
    RG_TRY(rg_config_load(&p, cfg, err));
    char set[96];
    snprintf(set, sizeof set, "run.agents=%lld", o->agents);
    RG_TRY(rg_config_set(&p, set, err));
    snprintf(set, sizeof set, "run.months=%lld", o->months);
    RG_TRY(rg_config_set(&p, set, err));
    snprintf(set, sizeof set, "run.seed=%lld", seed);
    RG_TRY(rg_config_set(&p, set, err));
    RG_TRY(rg_params_validate(&p, err));
    return rg_run_to_file(&p, path, (int)o->threads, NULL, NULL, err);
}

/* The scenario folder holds a baseline; the output folder exists. */
static rg_status demo_folders(const demo_opts *o, rg_error *err)
{
    char cfg[4200];
    snprintf(cfg, sizeof cfg, "%s/baseline.cfg", o->dir);
    FILE *probe = fopen(cfg, "r");
    if (!probe)
        return rg_error_set(err, RG_EINPUT,
                            "demo: cannot open '%s': give the folder of the scenario files with "
                            "--scenarios DIR",
                            cfg);
    fclose(probe);
    if (mkdir(o->out, 0777) != 0 && errno != EEXIST)
        return rg_error_set(err, RG_EINPUT, "demo: cannot create the folder '%s': %s", o->out,
                            strerror(errno));
    return RG_OK;
}

/* Every scenario present, with its replicates: files[*n] (strdup'd paths). */
static rg_status demo_runs(const demo_opts *o, char **files, size_t *n, rg_error *err)
{
    char cfg[4200], path[4200];
    for (int k = 0; k < DEMO_SCENARIOS; k++) {
        snprintf(cfg, sizeof cfg, "%s/%s.cfg", o->dir, demo_scenarios[k]);
        if (k > 0 && access(cfg, R_OK) != 0) {
            if (!o->quiet)
                fprintf(stderr, "  (no %s.cfg in %s: skipped)\n", demo_scenarios[k], o->dir);
            continue;
        }
        if (!o->quiet)
            fprintf(stderr, "  running %-12s %lld x %lld people, %lld months\n", demo_scenarios[k],
                    o->reps, o->agents, o->months);
        for (long long r = 1; r <= o->reps; r++) {
            snprintf(path, sizeof path, "%s/%s-r%lld.h5", o->out, demo_scenarios[k], r);
            RG_TRY(demo_run(o, cfg, path, r, err));
            if (!(files[(*n)++] = strdup(path)))
                return rg_error_set(err, RG_EINTERNAL, "out of memory");
        }
    }
    return RG_OK;
}

/* The comparison table, the report and the CSV files. */
static rg_status demo_outputs(const demo_opts *o, const char *const *files, size_t n,
                              double seconds, rg_error *err)
{
    rg_study s;
    RG_TRY(rg_study_load(&s, files, n, err));
    char html[4200], path[4200];
    snprintf(html, sizeof html, "%s/report.html", o->out);
    if (!o->quiet) rg_write_comparison_text(stdout, &s, 0);
    rg_status st = write_report(html, &s, 0, NULL, err);
    if (st == RG_OK) {
        snprintf(path, sizeof path, "%s/metrics.csv", o->out);
        st = write_file(path, metrics_csv, &s, 0, err);
    }
    if (st == RG_OK && s.n_scenarios > 1) {
        snprintf(path, sizeof path, "%s/contrasts.csv", o->out);
        st = write_file(path, contrasts_csv, &s, 0, err);
    }
    if (st == RG_OK && !o->quiet)
        printf("\nsimulated %zu runs in %.1f s; wrote %s (open it in a browser), "
               "%s/metrics.csv, %s/contrasts.csv and the run files\n",
               n, seconds, html, o->out, o->out);
    rg_study_free(&s);
    return st;
}

int rg_cmd_demo(int argc, char **argv, const char *scenarios_dir)
{
    if (rg_cli_wants_help(argc, argv)) {
        fputs(usage_demo, stdout);
        return 0;
    }
    demo_opts o = {scenarios_dir, "reintegra-demo", 20000, 60, 3, 0, 0};
    int rc = parse_demo_args(argc, argv, &o);
    if (rc) return rc;
    rg_error err = {0};
    if (demo_folders(&o, &err) != RG_OK) return rg_cli_fail(&err);
    size_t nfiles = 0;
    char **files = calloc((size_t)(DEMO_SCENARIOS * o.reps), sizeof *files);
    if (!files) return RG_EINTERNAL;
    double t0 = omp_get_wtime();
    rg_status st = demo_runs(&o, files, &nfiles, &err);
    if (st == RG_OK)
        st = demo_outputs(&o, (const char *const *)files, nfiles, omp_get_wtime() - t0, &err);
    for (size_t i = 0; i < nfiles; i++) free(files[i]);
    free(files);
    return st == RG_OK ? 0 : rg_cli_fail(&err);
}

const char *rg_usage_compare(void)
{
    return usage_compare;
}

const char *rg_usage_report(void)
{
    return usage_report;
}

const char *rg_usage_demo(void)
{
    return usage_demo;
}

const char *rg_usage_metrics(void)
{
    return usage_metrics();
}
