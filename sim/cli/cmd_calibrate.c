/* `reintegra calibrate`: fit parameters to target curves (sim/workflows/calibrate.c), alone
 * or, for ABC rejection, with the draws spread over MPI ranks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef RG_HAVE_MPI
#include <mpi.h>
#endif

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
    "  -q, --quiet           no progress\n";

#ifdef RG_HAVE_MPI
/* ABC rejection over MPI ranks: rank r evaluates draws r, r + N, ...; rank 0
 * gathers every draw and finishes. Each draw is a pure function of its index, so
 * the result equals the single-process one. */
static rg_status abc_over_ranks(rg_calibration *c, rg_cal_result *res, const rg_cli_comm *comm,
                                int threads, rg_error *err)
{
    const size_t n = c->np, draws = (size_t)c->abc_draws;
    double *theta = calloc(n * draws, sizeof *theta), *dist = calloc(draws, sizeof *dist);
    double *all_theta = comm->rank == 0 ? calloc(n * draws, sizeof *all_theta) : NULL;
    double *all_dist = comm->rank == 0 ? calloc(draws, sizeof *all_dist) : NULL;
    int local = RG_OK;
    if (!theta || !dist || (comm->rank == 0 && (!all_theta || !all_dist)))
        local = rg_error_set(err, RG_EINTERNAL, "out of memory");
    for (size_t i = (size_t)comm->rank; local == RG_OK && i < draws; i += (size_t)comm->size)
        local = rg_calibration_abc_draw(c, (int)i, &theta[i * n], &dist[i], err);
    int worst = RG_OK;
    MPI_Allreduce(&local, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (worst == RG_OK) {
        MPI_Reduce(theta, all_theta, (int)(n * draws), MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
        MPI_Reduce(dist, all_dist, (int)draws, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    } else if (local == RG_OK) {
        rg_error_set(err, (rg_status)worst, "a draw failed on another rank");
    }
    rg_status st = (rg_status)worst;
    if (st == RG_OK && comm->rank == 0)
        st = rg_calibration_abc_finish(c, res, all_theta, all_dist, threads, err);
    free(theta);
    free(dist);
    free(all_theta);
    free(all_dist);
    return st;
}
#endif

static int calibrate(const char *file, const char *prefix, int threads, int quiet,
                     const rg_cli_comm *comm)
{
    const int talk = comm->rank == 0;
    rg_error err = {0};
    rg_calibration *c = calloc(1, sizeof *c);
    rg_cal_result *res = calloc(1, sizeof *res);
    int rc = 0;
    if (!c || !res)
        rc = RG_EINTERNAL;
    else if (rg_calibration_load(c, file, &err) != RG_OK)
        rc = talk ? rg_cli_fail(&err) : (int)err.status;
    if (!rc) {
        if (prefix) snprintf(c->output, sizeof c->output, "%s", prefix);
        if (!c->output[0]) rg_cli_stem(file, "", c->output, sizeof c->output);
        size_t len = strlen(c->output);
        if (len > 3 && !strcmp(c->output + len - 3, ".h5")) c->output[len - 3] = '\0';
        rg_status st = RG_OK;
#ifdef RG_HAVE_MPI
        if (comm->size > 1 && c->method == RG_CAL_ABC) {
            st = abc_over_ranks(c, res, comm, threads, &err);
        } else
#endif
            if (talk) {
            if (comm->size > 1)
                fprintf(stderr, "reintegra: Nelder-Mead is sequential: it runs on rank 0 only\n");
            st = rg_calibration_run(c, res, threads, !quiet && isatty(STDERR_FILENO), &err);
        }
        if (st == RG_OK && talk) st = rg_calibration_write(c, res, &err);
        if (st != RG_OK) rc = talk ? rg_cli_fail(&err) : (int)st;
    }
    if (!rc && !quiet && talk) {
        printf("fitted %zu parameters to %zu target rows in %d evaluations; objective %.3f\n",
               c->np, c->nrows, res->evaluations, res->objective);
        for (size_t k = 0; k < c->np; k++)
            printf("  %-40s %.6g\n", c->par[k].desc->name, c->par[k].fitted);
        printf("wrote %s.cfg, %s.md and %s.h5\n", c->output, c->output, c->output);
    }
    if (res) rg_cal_result_free(res);
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
    rg_cli_comm comm;
    int rc = rg_cli_comm_init(&comm, &argc, &argv);
    if (rc) return rc;
    rc = calibrate(file, prefix, (int)threads, quiet, &comm);
    return rg_cli_comm_finish(&comm, rc);
}
