/*
 * What the workflows (sweeps, calibration) share, for C programs that drive them
 * without the command line: hooks for progress and log lines, the MPI job, a run
 * into its file, and the bridge from a run held in memory to the analysis' outcome
 * columns.
 *
 * The workflows never print: what they have to say goes through the hooks (the
 * command line draws a progress bar on a terminal and prints log lines on stderr).
 */
#ifndef REINTEGRA_WORKFLOW_H
#define REINTEGRA_WORKFLOW_H

#include "error.h"
#include "recidivism.h"
#include "run.h"

/* How far a workflow has come: `done` and `failed` of `total` units ("tasks",
 * "draws"); a Nelder-Mead fit has no total and reports its iterations. */
typedef struct rg_progress {
    const char *unit;
    long long done, failed, total; /* total 0: not known in advance */
    /* Nelder-Mead: restart round, iteration, evaluations so far (in `done`), the
     * objective at the best point and the simplex size; NaN otherwise. */
    int round, iteration;
    double objective, size;
} rg_progress;

/* Callbacks of a workflow; any may be NULL. They are called from one thread at a
 * time, perhaps from inside a parallel region, and only on rank 0 of an MPI job. */
typedef struct rg_hooks {
    void (*progress)(void *ctx, const rg_progress *p);
    void (*log)(void *ctx, const char *line); /* one line, without a newline */
    void *ctx;
} rg_hooks;

/* The MPI job of this process: rank 0 of 1 when it runs alone. */
typedef struct rg_comm {
    int rank, size;
    int mpi; /* MPI was initialised (and must be finalised) */
} rg_comm;

/* Join the MPI job when the process was started by an MPI launcher (mpirun, srun
 * with PMI/PMIx) in a build with MPI; otherwise run alone. A launcher with more
 * than one process and a build without MPI is RG_EINPUT (rather than running the
 * same work N times). */
rg_status rg_comm_init(rg_comm *c, int *argc, char ***argv, rg_error *err);
/* One line for --version: whether MPI support is compiled in, and which MPI. */
const char *rg_comm_describe(void);
/* Give every rank rank 0's `status`, leave the MPI job, and return it. */
int rg_comm_finish(rg_comm *c, int status);

/* One run of p written to `path` (through path.partial): create it, simulate with
 * its progress in "months" through the hooks (NULL: none), complete the file.
 * *seconds (when not NULL): the run's wall time. */
rg_status rg_run_to_file(const rg_params *p, const char *path, int threads, const rg_hooks *hooks,
                         double *seconds, rg_error *err);

/* The file of replicate r (1-based) of R: OUT itself when R = 1, else OUT-r<r>.h5
 * (the extension kept, or .h5 added). */
void rg_replicate_path(const char *output, int r, int replicates, char *buf, size_t size);

/* The outcome columns of a run held in memory (valid while the run lives), as the
 * headline measures read them from a file. */
rg_outcome_columns rg_run_outcomes(const rg_run *run);

#endif
