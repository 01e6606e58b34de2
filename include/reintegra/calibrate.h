/*
 * Calibration: fit named parameters of a base scenario to published recidivism
 * curves (CSV files like data/targets/bjs_2012_cohort.csv).
 *
 * The objective is the weighted sum of squared differences, in percentage points,
 * between model and target over every selected row and year. Every evaluation
 * uses the same seeds (common random numbers), so the objective is a
 * deterministic function of the parameters.
 */
#ifndef REINTEGRA_CALIBRATE_H
#define REINTEGRA_CALIBRATE_H

#include <limits.h>
#include <stdio.h>

#include "error.h"
#include "keys.h"
#include "params.h"
#include "recidivism.h"
#include "workflow.h"

enum { RG_CAL_MAX_PARAMS = 32, RG_CAL_MAX_ROWS = 128, RG_CAL_MAX_YEARS = 10 };

typedef enum rg_cal_method { RG_CAL_NELDER_MEAD, RG_CAL_ABC } rg_cal_method;

typedef struct rg_cal_param {
    const rg_param_desc *desc;
    double lo, hi; /* bounds, inside the registry's range */
    double start;  /* starting value (default: the base scenario's value) */
    double fitted; /* result */
} rg_cal_param;

typedef struct rg_target_row {
    int measure; /* rg_measure, or -1 when the model has no such measure */
    char measure_name[64];
    char group[64];
    char source[256];               /* file the row came from */
    int years;                      /* number of points (years 1..years for yearly rows) */
    int months[RG_CAL_MAX_YEARS];   /* each point's horizon in months after release */
    int shape;                      /* 1: within-year shape, percent of the 12-month value */
    int composition;                /* 1: percent of the cohort in a group at release (one point) */
    double value[RG_CAL_MAX_YEARS]; /* percent */
    double weight;
} rg_target_row;

typedef struct rg_calibration {
    char path[PATH_MAX];
    char base[PATH_MAX];      /* base scenario, as resolved */
    char base_text[PATH_MAX]; /* base scenario as written in the calibration file */
    rg_params params;         /* the base scenario with the calibration's run settings */
    rg_cal_method method;
    long long agents, seed;
    int replicates;
    int max_evaluations;
    int restarts;     /* Nelder-Mead: fresh simplices from the best point */
    double tolerance; /* Nelder-Mead: stop when the simplex size (transformed) is below */
    /* ABC rejection: draws from the uniform prior and the share accepted. */
    int abc_draws;
    double abc_accept;
    char output[PATH_MAX]; /* prefix of the output files */
    size_t np;
    rg_cal_param par[RG_CAL_MAX_PARAMS];
    size_t nrows;
    rg_target_row rows[RG_CAL_MAX_ROWS];
} rg_calibration;

/* The keys of calibration files (docs/guides/calibration.md is generated from them). */
const rg_key_table *rg_calibration_keys(void);

/* Read and check a calibration file, its base scenario and its target files. Every
 * problem is reported as "FILE:LINE: key: what is wrong, what is expected" with
 * RG_EINPUT. */
rg_status rg_calibration_load(rg_calibration *c, const char *path, rg_error *err);

/* Evaluate parameter values x[np]: fills model[nrows * RG_CAL_MAX_YEARS] (percent)
 * when not NULL and returns the objective in *objective. */
/* Model value of a target row's point k, from a run's outcome columns. */
double rg_target_model_value(const rg_target_row *row, int k, const rg_outcome_columns *cols);
/* Can the model produce composition row `row`? (Only the prior-arrest groups: the
 * other dimensions are inputs of the population, not results.) */
int rg_target_composition_valid(const rg_target_row *row);
/* "year 3" or "month 6" for a row's point k. */
void rg_target_point_label(const rg_target_row *row, int k, char *buf, size_t size);

rg_status rg_calibration_evaluate(const rg_calibration *c, const double *x, double *model,
                                  double *objective, int threads, rg_error *err);

/* Why a Nelder-Mead fit stopped (ABC rejection: RG_CAL_DONE). */
typedef enum rg_cal_stop {
    RG_CAL_DONE,      /* ABC: every draw evaluated */
    RG_CAL_CONVERGED, /* the simplex is smaller than `tolerance` */
    /* No lower objective (beyond rounding) and no smaller simplex for
     * RG_CAL_STALL_ITERATIONS iterations per parameter and one: the objective is flat
     * around the best point (common random numbers make it piecewise constant). */
    RG_CAL_STALLED,
    RG_CAL_BUDGET /* max_evaluations reached */
} rg_cal_stop;
enum { RG_CAL_STALL_ITERATIONS = 10 };
/* "converged", "stalled" or "max_evaluations reached", with what it means. */
const char *rg_cal_stop_text(rg_cal_stop stop);

typedef struct rg_cal_result {
    double objective;
    int evaluations;
    rg_cal_stop stop; /* of the last Nelder-Mead round */
    double *trace;    /* objective of the best point after each iteration */
    int ntrace;
    /* ABC: accepted draws [naccepted * np] and their distances */
    double *posterior;
    double *distance;
    int naccepted;
    double model[RG_CAL_MAX_ROWS * RG_CAL_MAX_YEARS];
} rg_cal_result;

/* How to run a calibration. */
typedef struct rg_calibration_options {
    int threads;         /* OpenMP threads per model run (0: the default) */
    const rg_comm *comm; /* NULL, or a job of one: this process alone; else the draws of
                          * ABC rejection are spread over the ranks, and Nelder-Mead,
                          * which is sequential, runs on rank 0 */
    rg_hooks hooks;      /* progress: ABC draws, or Nelder-Mead iterations; log lines */
} rg_calibration_options;

/* Fit c's parameters (c->par[k].fitted) and fill res. Under MPI every rank calls it
 * and only rank 0's result is complete: write the outputs from rank 0. */
rg_status rg_calibration_run(rg_calibration *c, rg_cal_result *res, const rg_calibration_options *o,
                             rg_error *err);
void rg_cal_result_free(rg_cal_result *res);

/* ABC in pieces, for callers that spread the draws (MPI): draw i's parameters
 * theta[np] and its distance; then, with every draw's theta[draws * np] and
 * distance[draws], the acceptance, posterior and fit. rg_calibration_run does both. */
rg_status rg_calibration_abc_draw(const rg_calibration *c, int i, double *theta, double *distance,
                                  rg_error *err);
rg_status rg_calibration_abc_finish(rg_calibration *c, rg_cal_result *res, const double *theta,
                                    const double *distance, int threads, rg_error *err);

/* Outputs: PREFIX.cfg (the fitted scenario, inheriting the base), PREFIX.md (the fit
 * report) and PREFIX.h5 (everything, with provenance). */
rg_status rg_calibration_write(const rg_calibration *c, const rg_cal_result *res, rg_error *err);
void rg_calibration_write_table(const rg_calibration *c, const rg_cal_result *res, FILE *f);

/* Read the target rows of a CSV file: cumulative percent by year in the BJS 2012
 * format (measure,group,year1,...), or cumulative percent by month in the BJS 2005
 * format (month,arrest,conviction,return_to_prison), read as within-year shape:
 * the percent at each month as a share of the 12-month percent (group "all"). */
rg_status rg_targets_read(const char *path, rg_target_row *rows, size_t max, size_t *count,
                          rg_error *err);

#endif
