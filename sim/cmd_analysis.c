/* The analysis commands: metrics, compare, report, demo. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/cli.h"
#include "reintegra/compare.h"
#include "reintegra/metrics.h"
#include "reintegra/tables.h"

static const char usage_metrics[] =
    "usage: reintegra metrics RUN.h5... [--group G | --groups] [--csv FILE]\n"
    "\n"
    "Evaluation metrics of each scenario with 95% confidence intervals: recidivism\n"
    "(Kaplan-Meier) at 1, 3 and 5 years, employment, income, housing, quality of life,\n"
    "programme completion and cost. Files are grouped into scenarios by scenario name\n"
    "and configuration; replicates (seeds) of a scenario give the intervals.\n"
    "  --group G    one group: all (default), male, female, age_24_or_younger, age_25_39,\n"
    "               age_40_or_older, white, black, hispanic, other_race, offense_violent,\n"
    "               offense_property, offense_drug, offense_public_order, gap_black_white,\n"
    "               gap_hispanic_white, gap_female_male\n"
    "  --groups     every group\n"
    "  --csv FILE   also write every metric of every group as CSV\n";

static const char usage_compare[] =
    "usage: reintegra compare BASE.h5... OTHER.h5... [--group G] [--csv FILE]\n"
    "\n"
    "Each scenario minus the base scenario (the scenario of the first file), with 95%\n"
    "confidence intervals: paired by seed when the scenarios share their seeds (common\n"
    "random numbers), else unpaired (Welch). Also disparities between groups, cost per\n"
    "outcome where programmes have costs, and an emulated trial's intention-to-treat\n"
    "estimate beside its true effect.\n"
    "  --group G    the group of the table (default: all; see `reintegra metrics --help`)\n"
    "  --csv FILE   also write every contrast as CSV\n";

static int fail(const rg_error *err)
{
    fprintf(stderr, "reintegra: %s\n", err->msg);
    return err->status == RG_OK ? 1 : (int)err->status;
}

static int usage_error(const char *usage, const char *what, const char *arg)
{
    fprintf(stderr, "reintegra: %s%s\n%s", what, arg, usage);
    return RG_EINPUT;
}

static int wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) return 1;
    return 0;
}

static int parse_group(const char *s)
{
    for (int g = 0; g < RG_GROUP_COUNT; g++)
        if (!strcmp(s, rg_group_key((rg_group)g))) return g;
    return -1;
}

void rg_replicate_path(const char *output, int r, int replicates, char *buf, size_t size)
{
    if (replicates <= 1) {
        snprintf(buf, size, "%s", output);
        return;
    }
    const char *slash = strrchr(output, '/');
    const char *dot = strrchr(output, '.');
    if (dot && (!slash || dot > slash + 1))
        snprintf(buf, size, "%.*s-r%d%s", (int)(dot - output), output, r, dot);
    else
        snprintf(buf, size, "%s-r%d.h5", output, r);
}

/* Write a table to a file through a callback; errors are for the user. */
static rg_status write_file(const char *path, void (*write)(FILE *, const rg_study *, size_t),
                            const rg_study *s, size_t arg, rg_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f) return rg_error_set(err, RG_EINPUT, "%s: cannot create the file", path);
    write(f, s, arg);
    if (fclose(f) != 0) return rg_error_set(err, RG_EINTERNAL, "%s: write failed", path);
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

static int parse_files(int argc, char **argv, const char *usage, int allow_groups, files_opts *o)
{
    o->files = calloc((size_t)argc, sizeof *o->files);
    o->n = 0;
    o->group = RG_G_ALL;
    o->csv = NULL;
    if (!o->files) return RG_EINTERNAL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--group") && i + 1 < argc) {
            o->group = parse_group(argv[++i]);
            if (o->group < 0) return usage_error(usage, "unknown group: ", argv[i]);
        } else if (allow_groups && !strcmp(argv[i], "--groups"))
            o->group = -1;
        else if (!strcmp(argv[i], "--csv") && i + 1 < argc)
            o->csv = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1])
            return usage_error(usage, "unknown option or missing value: ", argv[i]);
        else
            o->files[o->n++] = argv[i];
    }
    if (!o->n) return usage_error(usage, "expected one or more run files", "");
    return 0;
}

int rg_cmd_metrics(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        fputs(usage_metrics, stdout);
        return 0;
    }
    files_opts o;
    int rc = parse_files(argc, argv, usage_metrics, 1, &o);
    rg_error err = {0};
    rg_study s;
    if (!rc && rg_study_load(&s, o.files, o.n, &err) != RG_OK) rc = fail(&err);
    if (!rc) {
        rg_write_metrics_text(stdout, &s, o.group);
        if (o.csv && write_file(o.csv, metrics_csv, &s, 0, &err) != RG_OK) rc = fail(&err);
        rg_study_free(&s);
    }
    free(o.files);
    return rc;
}

int rg_cmd_compare(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        fputs(usage_compare, stdout);
        return 0;
    }
    files_opts o;
    int rc = parse_files(argc, argv, usage_compare, 0, &o);
    rg_error err = {0};
    rg_study s;
    if (!rc && rg_study_load(&s, o.files, o.n, &err) != RG_OK) rc = fail(&err);
    if (!rc && s.n_scenarios < 2) {
        rg_study_free(&s);
        rg_error_set(&err, RG_EINPUT,
                     "compare: all the files are replicates of one scenario (%s); give the "
                     "files of at least two scenarios",
                     o.files[0]);
        rc = fail(&err);
    } else if (!rc) {
        rg_write_contrasts_text(stdout, &s, 0, o.group);
        if (o.csv && write_file(o.csv, contrasts_csv, &s, 0, &err) != RG_OK) rc = fail(&err);
        rg_study_free(&s);
    }
    free(o.files);
    return rc;
}

int rg_cmd_report(int argc, char **argv)
{
    (void)argc, (void)argv;
    fprintf(stderr, "reintegra: report: not yet\n");
    return 1;
}

int rg_cmd_demo(int argc, char **argv, const char *scenarios_dir)
{
    (void)argc, (void)argv, (void)scenarios_dir;
    fprintf(stderr, "reintegra: demo: not yet\n");
    return 1;
}
