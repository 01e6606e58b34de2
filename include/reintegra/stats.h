/*
 * Estimates with confidence intervals: across replicates (Student's t), within one
 * run (normal approximation), and contrasts between scenarios (paired by seed, or
 * Welch's unpaired interval). All intervals are two-sided 95% unless a level is given.
 */
#ifndef REINTEGRA_STATS_H
#define REINTEGRA_STATS_H

#include <stddef.h>

/* How an interval was made; the names are printed in tables and CSV files. */
typedef enum rg_ci_method {
    RG_CI_NONE = 0,       /* no estimate (unavailable) */
    RG_CI_REPLICATES,     /* mean of R >= 2 replicates, t interval */
    RG_CI_WITHIN_RUN,     /* one replicate: normal interval from the run's own standard error */
    RG_CI_PAIRED,         /* contrast of replicates paired by seed, t interval of differences */
    RG_CI_WELCH,          /* contrast of unpaired replicates, Welch-Satterthwaite t interval */
    RG_CI_WITHIN_CONTRAST /* contrast with one replicate on a side: normal, unpaired */
} rg_ci_method;

typedef struct rg_estimate {
    double est, lo, hi; /* NAN when unavailable */
    double se;          /* standard error of est */
    int n;              /* replicates (or pairs) behind it */
    rg_ci_method method;
} rg_estimate;

enum { RG_CI_LEVEL_PERCENT = 95 };

const char *rg_ci_method_name(rg_ci_method m);

/* An unavailable estimate. */
rg_estimate rg_estimate_none(void);

/* Two-sided quantile of Student's t with `df` degrees of freedom for `level`
 * (0.95: the 0.975 quantile). */
double rg_t_quantile(double level, double df);

/* Mean of x[0..n) with a t interval: mean +- t(level, n-1) sd / sqrt(n). With n = 1
 * the bounds are NAN (use rg_estimate_normal with the run's own standard error);
 * a NAN value makes the whole estimate unavailable. */
rg_estimate rg_estimate_replicates(const double *x, size_t n, double level);

/* A normal interval est +- z se (a single run's own sampling error). */
rg_estimate rg_estimate_normal(double est, double se, double level);

/* Paired contrast: mean of b[i] - a[i] with a t interval over the n pairs. */
rg_estimate rg_contrast_paired(const double *a, const double *b, size_t n, double level);

/* Unpaired contrast mean(b) - mean(a) with Welch's interval (na, nb >= 2). */
rg_estimate rg_contrast_welch(const double *a, size_t na, const double *b, size_t nb, double level);

/* Unpaired contrast of two single estimates with standard errors: normal interval. */
rg_estimate rg_contrast_normal(double a, double se_a, double b, double se_b, double level);

/* Ratio of mean differences sum(c)/sum(e) over n pairs (a cost per outcome), with a
 * t interval from the linearised ratio estimator: residuals c_i - R e_i. */
rg_estimate rg_ratio_paired(const double *c, const double *e, size_t n, double level);

#endif
