/*
 * What the workflows (sweeps, calibration) share: the bridge from a run held in
 * memory to the analysis' view of its outcomes.
 */
#ifndef REINTEGRA_WORKFLOW_H
#define REINTEGRA_WORKFLOW_H

#include "recidivism.h"
#include "run.h"

/* The outcome columns of a run held in memory (valid while the run lives), as the
 * headline measures read them from a file. */
rg_outcome_columns rg_run_outcomes(const rg_run *run);

#endif
