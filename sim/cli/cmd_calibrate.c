/* `reintegra calibrate`: fit parameters to target curves (sim/workflows/calibrate.c), alone
 * or, for ABC rejection, with the draws spread over MPI ranks: parse, call, print. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/calibrate.h"
#include "reintegra/cli.h"

static const char usage_calibrate[] =
    "usage: reintegra calibrate CAL.cfg [-o PREFIX] [--threads N] [--quiet]\n"
    "\n"
    "Fit the parameters named in CAL.cfg to its target curves, with Nelder-Mead\n"
    "(common random numbers) or ABC rejection. Writes PREFIX.cfg (the fitted scenario,\n"
    "inheriting the base), PREFIX.md (the fit report) and PREFIX.h5 (everything, with\n"
    "provenance). PREFIX defaults to `output` in CAL.cfg, else CAL's name.\n"
    "Under `mpirun -np N`, the draws of ABC rejection are spread over the N ranks\n"
    "(the result is the same as without MPI); Nelder-Mead is sequential and runs on\n"
    "rank 0.\n"
    "  -o, --output PREFIX   where to write\n"
    "      --threads N       OpenMP threads per model run\n"
    "  -q, --quiet           no progress\n"
    "      --keys            the keys of calibration files, as Markdown tables\n";

/* PREFIX: -o, else `output` in the file, else the file's name; without .h5. */
static void output_prefix(rg_calibration *c, const char *file, const char *prefix)
{
    if (prefix) snprintf(c->output, sizeof c->output, "%s", prefix);
    if (!c->output[0]) rg_cli_stem(file, "", c->output, sizeof c->output);
    size_t len = strlen(c->output);
    if (len > 3 && !strcmp(c->output + len - 3, ".h5")) c->output[len - 3] = '\0';
}

static void print_fit(const rg_calibration *c, const rg_cal_result *res)
{
    printf("fitted %zu parameters to %zu target rows in %d evaluations; objective %.3f\n", c->np,
           c->nrows, res->evaluations, res->objective);
    if (c->method == RG_CAL_NELDER_MEAD) printf("stopped: %s\n", rg_cal_stop_text(res->stop));
    for (size_t k = 0; k < c->np; k++)
        printf("  %-40s %.6g\n", c->par[k].desc->name, c->par[k].fitted);
    printf("wrote %s.cfg, %s.md and %s.h5\n", c->output, c->output, c->output);
}

static int calibrate(const char *file, const char *prefix, int threads, int quiet,
                     const rg_comm *comm)
{
    const int talk = comm->rank == 0;
    rg_error err = {0};
    rg_calibration *c = calloc(1, sizeof *c);
    rg_cal_result *res = calloc(1, sizeof *res);
    if (!c || !res) {
        free(c);
        free(res);
        return RG_EINTERNAL;
    }
    rg_cli_progress bar;
    rg_cli_progress_init(&bar, quiet || !talk);
    rg_calibration_options o = {threads, comm, {rg_cli_show, rg_cli_log, &bar}};
    rg_status st = rg_calibration_load(c, file, &err);
    if (st == RG_OK) {
        output_prefix(c, file, prefix);
        st = rg_calibration_run(c, res, &o, &err);
        rg_cli_progress_end(&bar);
    }
    if (st == RG_OK && talk) st = rg_calibration_write(c, res, &err);
    int rc = st == RG_OK ? 0 : talk ? rg_cli_fail(&err) : (int)st;
    if (!rc && !quiet && talk) print_fit(c, res);
    rg_cal_result_free(res);
    free(res);
    free(c);
    return rc;
}

int rg_cmd_calibrate(int argc, char **argv)
{
    if (rg_cli_wants_help(argc, argv)) {
        fputs(usage_calibrate, stdout);
        return 0;
    }
    if (rg_cli_has(argc, argv, "--keys")) {
        rg_keys_write_markdown(rg_calibration_keys(), stdout);
        return 0;
    }
    const char *file = NULL, *prefix = NULL;
    long long threads = 0;
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) && i + 1 < argc)
            prefix = argv[++i];
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
            if (rg_cli_parse_count(argv[++i], 1, 4096, &threads))
                return rg_cli_usage_error(usage_calibrate, "--threads %s: expected 1 to 4096",
                                          argv[i]);
        } else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet"))
            quiet = 1;
        else if (argv[i][0] == '-' || file)
            return rg_cli_usage_error(usage_calibrate, "calibrate: unexpected argument: %s",
                                      argv[i]);
        else
            file = argv[i];
    }
    if (!file)
        return rg_cli_usage_error(usage_calibrate, "calibrate: expected one calibration file%s",
                                  "");
    rg_comm comm;
    rg_error err = {0};
    if (rg_comm_init(&comm, &argc, &argv, &err) != RG_OK) return rg_cli_fail(&err);
    return rg_comm_finish(&comm, calibrate(file, prefix, (int)threads, quiet, &comm));
}

const char *rg_usage_calibrate(void)
{
    return usage_calibrate;
}
