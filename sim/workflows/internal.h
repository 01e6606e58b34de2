/*
 * Shared inside the workflows layer: calling the hooks, and the MPI parts of the
 * sweep and the calibration (sim/workflows/mpi/: with_mpi.c when the build has MPI,
 * alone.c otherwise). Not an installed header.
 */
#ifndef REINTEGRA_WORKFLOWS_INTERNAL_H
#define REINTEGRA_WORKFLOWS_INTERNAL_H

#include "reintegra/calibrate.h"
#include "reintegra/sweep.h"
#include "reintegra/workflow.h"

/* Call the hooks when they are set; log takes a printf format. */
void rg_hooks_progress(const rg_hooks *h, const rg_progress *p);
void rg_hooks_log(const rg_hooks *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Report a sweep's progress in tasks through o's hooks. */
void rg_sweep_progress(const rg_sweep_options *o, long long done, long long failed,
                       long long total);

/* Processes in the job when started by an MPI launcher (Open MPI's mpirun, Hydra,
 * srun with PMI/PMIx), else 0. */
long rg_launcher_size(void);

/* A sweep over the job's ranks (size > 1): rank 0 prepares the folder, hands out
 * the tasks not done one at a time to whichever rank asks and records them; the
 * other ranks run them. *failed (rank 0): tasks that failed. */
rg_status rg_sweep_execute_ranks(const rg_sweep *s, const rg_sweep_options *o, long long first,
                                 long long last, long long *failed, rg_error *err);

/* ABC rejection over the job's ranks (size > 1): rank r evaluates draws r, r + N,
 * ...; rank 0 gathers them and finishes. Each draw is a pure function of its
 * index, so the result is the one of a single process. */
rg_status rg_calibration_abc_ranks(rg_calibration *c, rg_cal_result *res,
                                   const rg_calibration_options *o, rg_error *err);

#endif
