/*
 * Global sensitivity analysis of a sweep's headline metrics:
 *   - partial rank correlation coefficients (PRCC; Marino et al. 2008, J. Theor.
 *     Biol. 254:178) for Latin hypercube, Sobol and grid designs;
 *   - first-order and total Sobol indices for Saltelli designs: the Saltelli et al.
 *     (2010) estimator for first order, Jansen's (1999) for total.
 * Confidence intervals are bootstrap percentiles over design points (PRCC) or base
 * samples (Sobol), with keyed Philox draws, so they are reproducible.
 * Replicates of a point are averaged before the analysis.
 */
#ifndef REINTEGRA_SENSITIVITY_H
#define REINTEGRA_SENSITIVITY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "sweep_index.h"

typedef enum rg_sens_method { RG_SENS_PRCC, RG_SENS_SOBOL } rg_sens_method;

/* One parameter's indices; only those of the method are set (others NaN). */
typedef struct rg_sens_row {
    char name[128];
    double prcc, prcc_lo, prcc_hi, prcc_p; /* PRCC, its interval and p-value */
    double s1, s1_lo, s1_hi;               /* first-order Sobol index */
    double st, st_lo, st_hi;               /* total Sobol index */
} rg_sens_row;

typedef struct rg_sensitivity {
    rg_sens_method method;
    char metric[64];
    char design[16];
    long long n;           /* design points (PRCC) or base samples (Sobol) used */
    long long dropped;     /* points or base samples left out: no done task */
    int bootstrap;         /* resamples */
    double confidence;     /* level of the intervals, e.g. 0.95 */
    double mean, variance; /* of the metric over the points used */
    size_t np;
    rg_sens_row row[RG_SWEEP_MAX_PARAMS];
} rg_sensitivity;

/* Point estimates. x: n x d (row by row), y: n. PRCC via the inverse of the
 * correlation matrix of the ranks (equivalent to correlating the residuals after
 * regressing out the other parameters); NaN where the ranks are collinear. */
void rg_prcc(const double *x, const double *y, size_t n, size_t d, double *prcc);
/* f: outputs of a Saltelli design of N base samples (N blocks of d + 2 values:
 * f(A_i), f(AB_i^1..d), f(B_i)). */
void rg_sobol_indices(const double *f, size_t N, size_t d, double *s1, double *st);

/* Estimates with bootstrap intervals (B resamples, level conf, draws keyed by seed).
 * names may be NULL (rows are then named x1, x2, ...). */
rg_status rg_sensitivity_prcc(const double *x, const double *y, size_t n, size_t d,
                              const char *const *names, int B, double conf, uint64_t seed,
                              rg_sensitivity *out, rg_error *err);
rg_status rg_sensitivity_sobol(const double *f, size_t N, size_t d, const char *const *names, int B,
                               double conf, uint64_t seed, rg_sensitivity *out, rg_error *err);

/* The analysis of a sweep's index file (or of the folder holding index.h5), for
 * one metric: PRCC for grid, lhs and sobol designs; Sobol indices for saltelli. */
rg_status rg_sensitivity_from_index(const char *path, const char *metric, int B, double conf,
                                    uint64_t seed, rg_sensitivity *out, rg_error *err);

void rg_sensitivity_write_table(const rg_sensitivity *s, FILE *f);
/* CSV: parameter,method,metric,index,estimate,lower,upper[,p_value] */
void rg_sensitivity_write_csv(const rg_sensitivity *s, FILE *f);

#endif
