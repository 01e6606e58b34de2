/* `reintegra compare RUN.h5... --uncertainty N`: contrasts with parameter
 * uncertainty (sim/workflows/uncertainty*.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/cli.h"
#include "reintegra/uncertainty.h"

static const char usage_uncertainty[] =
    "usage: reintegra compare BASE.h5... OTHER.h5... --uncertainty N [-o DIR]\n"
    "           [--vary LIST] [--fix LIST] [--range NAME=LO:HI]... [--spread S]\n"
    "           [--posterior CAL.h5] [--design lhs|sobol] [--seed N] [--csv FILE]\n"
    "           [--json FILE] [--threads T] [--dry-run] [--quiet]\n"
    "\n"
    "Probabilistic sensitivity analysis: draw N parameter sets from the parameters'\n"
    "uncertainties (`reintegra params`), run every scenario with each set and the\n"
    "files' seeds, and give each contrast two 95% intervals, the replicate noise alone\n"
    "and the noise plus the parameters' uncertainty, with its top five drivers (rank\n"
    "correlations). Runs under mpirun like a sweep, or as a Slurm job array (each array\n"
    "task runs its share; the same command outside the array then analyses); running it\n"
    "again resumes.\n"
    "  --uncertainty N     parameter sets, 3 to 100000\n"
    "  -o, --output DIR    folder of the runs (default: uncertainty-out)\n"
    "  --vary LIST         only these parameters (group.key,...; default: every\n"
    "                      parameter that is not a setting and has an uncertainty)\n"
    "  --fix LIST          keep these at their values\n"
    "  --range NAME=LO:HI  vary NAME uniformly on [LO, HI] instead of its uncertainty\n"
    "  --spread S          shrink every draw towards the files' value (0 to 1; 1)\n"
    "  --posterior FILE    fitted parameters from a calibration's ABC posterior (PREFIX.h5)\n"
    "  --design D          lhs (Latin hypercube, default) or sobol\n"
    "  --seed N            seed of the draws (default: the files' first seed)\n"
    "  --csv, --json FILE  also write the contrasts as CSV or JSON\n"
    "  --dry-run           print the plan and run nothing\n";

typedef struct psa_cli {
    rg_psa_options o;
    const char **files;
    rg_psa_range ranges[RG_PSA_MAX_RANGES];
    const char *csv, *json;
    int dry_run, quiet;
    long long threads;
} psa_cli;

static int bad(const char *what, const char *value)
{
    fprintf(stderr, "reintegra: %s %s\n", what, value);
    return RG_EINPUT;
}

static int parse_range(psa_cli *c, const char *arg)
{
    const char *eq = strchr(arg, '='), *colon = eq ? strchr(eq, ':') : NULL;
    if (c->o.nranges == RG_PSA_MAX_RANGES) return bad("--range: too many ranges at", arg);
    rg_psa_range *r = &c->ranges[c->o.nranges];
    char *end1 = NULL, *end2 = NULL;
    if (eq && colon && eq > arg && (size_t)(eq - arg) < sizeof r->name) {
        r->lo = strtod(eq + 1, &end1);
        r->hi = strtod(colon + 1, &end2);
    }
    if (!end1 || end1 != colon || !end2 || *end2 || end2 == colon + 1 || !isfinite(r->lo) ||
        !isfinite(r->hi))
        return bad("--range: expected NAME=LO:HI, e.g. offending.base_rate=0.05:0.15; got", arg);
    snprintf(r->name, sizeof r->name, "%.*s", (int)(eq - arg), arg);
    c->o.nranges++;
    return 0;
}

static int parse_number(const char *opt, const char *v, long long lo, long long hi, long long *out)
{
    if (rg_cli_parse_count(v, lo, hi, out) == 0) return 0;
    char what[128];
    snprintf(what, sizeof what, "%s: expected a whole number from %lld to %lld; got", opt, lo, hi);
    return bad(what, v);
}

/* One option with its value v: 0 done, else the exit status. */
static int parse_valued(psa_cli *c, const char *a, const char *v)
{
    long long n;
    if (!strcmp(a, "--uncertainty")) {
        if (parse_number(a, v, RG_PSA_MIN_SETS, RG_PSA_MAX_SETS, &n)) return RG_EINPUT;
        c->o.sets = (int)n;
    } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
        c->o.dir = v;
    } else if (!strcmp(a, "--vary")) {
        c->o.vary = v;
    } else if (!strcmp(a, "--fix")) {
        c->o.fix = v;
    } else if (!strcmp(a, "--range")) {
        return parse_range(c, v);
    } else if (!strcmp(a, "--spread")) {
        char *end;
        c->o.spread = strtod(v, &end);
        if (*end || end == v || !(c->o.spread >= 0 && c->o.spread <= 1))
            return bad("--spread: expected a number from 0 to 1; got", v);
    } else if (!strcmp(a, "--posterior")) {
        c->o.posterior = v;
    } else if (!strcmp(a, "--design")) {
        if (strcmp(v, "lhs") && strcmp(v, "sobol"))
            return bad("--design: expected lhs or sobol; got", v);
        c->o.design = strcmp(v, "lhs") ? RG_DESIGN_SOBOL : RG_DESIGN_LHS;
    } else if (!strcmp(a, "--seed")) {
        if (parse_number(a, v, 0, 9007199254740991LL, &c->o.seed)) return RG_EINPUT;
    } else if (!strcmp(a, "--threads")) {
        if (parse_number(a, v, 0, 4096, &c->threads)) return RG_EINPUT;
    } else if (!strcmp(a, "--csv")) {
        c->csv = v;
    } else if (!strcmp(a, "--json")) {
        c->json = v;
    } else {
        return -1;
    }
    return 0;
}

static int parse_args(int argc, char **argv, psa_cli *c)
{
    memset(c, 0, sizeof *c);
    c->o = (rg_psa_options){.dir = "uncertainty-out",
                            .spread = 1,
                            .design = RG_DESIGN_LHS,
                            .seed = -1,
                            .ranges = c->ranges};
    c->files = calloc((size_t)argc, sizeof *c->files);
    if (!c->files) return RG_EINTERNAL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--dry-run")) {
            c->dry_run = 1;
            continue;
        }
        if (!strcmp(a, "--quiet")) {
            c->quiet = 1;
            continue;
        }
        if (a[0] != '-' || !a[1]) {
            c->files[c->o.nfiles++] = a;
            continue;
        }
        int rc = v ? parse_valued(c, a, v) : -1;
        if (rc < 0)
            return rg_cli_usage_error(usage_uncertainty, "unknown option or missing value: %s", a);
        if (rc) return rc;
        i++;
    }
    c->o.files = c->files;
    c->o.threads = (int)c->threads;
    if (c->o.nfiles < 2)
        return rg_cli_usage_error(usage_uncertainty,
                                  "expected the run files of two or more scenarios%s", "");
    return 0;
}

static rg_status write_out(const char *path, void (*write)(const rg_psa *, FILE *), const rg_psa *a,
                           rg_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f) return rg_error_set(err, RG_EINPUT, "%s: cannot create the file", path);
    write(a, f);
    if (fclose(f) != 0) return rg_error_set(err, RG_EINTERNAL, "%s: write failed", path);
    return RG_OK;
}

/* In a Slurm job array, this array task's share of the runs (c->o.first, last). */
static rg_status slurm_share(psa_cli *c, const rg_psa *a, int *found, rg_error *err)
{
    long long first = 0, last = 0;
    RG_TRY(rg_sweep_slurm_share(rg_psa_runs(a), found, &first, &last, err));
    if (*found && first == last)
        return rg_error_set(err, RG_EINPUT,
                            "this array task's share of the %lld runs is empty; expected an "
                            "array of at most %lld tasks",
                            rg_psa_runs(a), rg_psa_runs(a));
    c->o.first = first;
    c->o.last = last;
    return RG_OK;
}

static int share_done(const psa_cli *c, const rg_psa *a)
{
    printf("runs %lld to %lld of %lld finished here (%lld failed); when every share is done, "
           "run the same command outside the array: it runs what is missing and analyses\n",
           c->o.first, c->o.last - 1, rg_psa_runs(a), a->runs_failed);
    return a->runs_failed ? (a->runs_failed > 124 ? 126 : (int)(2 + a->runs_failed)) : 0;
}

/* Plan, run and report; only rank 0 speaks. */
static int analyse(psa_cli *c, const rg_comm *comm, rg_psa *a)
{
    const int talk = comm->rank == 0;
    rg_error err = {0};
    rg_cli_progress bar;
    rg_cli_progress_init(&bar, c->quiet || !talk);
    c->o.comm = comm;
    c->o.hooks = (rg_hooks){rg_cli_show, c->quiet ? NULL : rg_cli_log, &bar};
    rg_status st = rg_psa_plan(a, &c->o, &err);
    if (st == RG_OK && talk && (!c->quiet || c->dry_run)) rg_psa_write_plan(a, stdout);
    if (st == RG_OK && talk) fflush(stdout);
    int in_array = 0;
    if (st == RG_OK && !c->dry_run) st = slurm_share(c, a, &in_array, &err);
    if (st == RG_OK && !c->dry_run) st = rg_psa_run(a, &c->o, &err);
    rg_cli_progress_end(&bar);
    if (st != RG_OK) return talk ? rg_cli_fail(&err) : (int)st;
    if (!talk || c->dry_run) return 0;
    if (in_array) return share_done(c, a);
    rg_psa_write_text(a, stdout);
    if (c->csv) st = write_out(c->csv, rg_psa_write_csv, a, &err);
    if (st == RG_OK && c->json) st = write_out(c->json, rg_psa_write_json, a, &err);
    if (st != RG_OK) return rg_cli_fail(&err);
    if (a->runs_failed)
        fprintf(stderr,
                "reintegra: %lld run(s) failed; their errors are in the manifests in %s; run the "
                "same command again to retry them\n",
                a->runs_failed, c->o.dir);
    return a->runs_failed ? (a->runs_failed > 124 ? 126 : (int)(2 + a->runs_failed)) : 0;
}

int rg_cmd_compare_uncertainty(int argc, char **argv)
{
    if (rg_cli_wants_help(argc, argv)) {
        fputs(usage_uncertainty, stdout);
        return 0;
    }
    psa_cli *c = calloc(1, sizeof *c);
    rg_psa *a = calloc(1, sizeof *a);
    int rc = c && a ? parse_args(argc, argv, c) : RG_EINTERNAL;
    if (!rc) {
        rg_comm comm;
        rg_error err = {0};
        if (rg_comm_init(&comm, &argc, &argv, &err) != RG_OK)
            rc = rg_cli_fail(&err);
        else
            rc = rg_comm_finish(&comm, analyse(c, &comm, a));
    }
    if (a) rg_psa_free(a);
    if (c) free(c->files);
    free(c);
    free(a);
    return rc;
}
