/*
 * Probabilistic sensitivity analysis of scenario contrasts (docs/guides/
 * uncertainty.md): N parameter sets drawn from the parameters' uncertainties
 * (param_uncertainty.h) by a Latin hypercube or a Sobol sequence, every scenario
 * run with each set and the scenarios' own seeds (common random numbers within a
 * set), and each contrast reported with two intervals — the replicate noise alone
 * (the paired interval of the given files, at the base parameters) and the noise
 * plus the parameters' uncertainty — and the parameters that drive it (rank
 * correlations of the parameters with the contrast over the sets).
 *
 * The runs are sweeps (sweep.h), one per scenario, in DIR/scenario-K: tasks,
 * manifests, resumption and MPI come from the sweep machinery, and a set's runs
 * are pure functions of the set and the seed, whatever the rank count.
 */
#ifndef REINTEGRA_UNCERTAINTY_H
#define REINTEGRA_UNCERTAINTY_H

#include <stdio.h>

#include "compare.h"
#include "param_uncertainty.h"
#include "sweep.h"
#include "workflow.h"

enum {
    RG_PSA_MIN_SETS = 3, /* rank correlations need three values */
    RG_PSA_MAX_SETS = 100000,
    RG_PSA_DRIVERS = 5,      /* drivers reported per contrast */
    RG_PSA_DRIVER_SETS = 10, /* sets needed before drivers are named */
    RG_PSA_MAX_RANGES = 64
};

/* A range given for one parameter (--range NAME=LO:HI): uniform on it, instead of
 * its declared uncertainty. */
typedef struct rg_psa_range {
    char name[128];
    double lo, hi;
} rg_psa_range;

typedef struct rg_psa_options {
    const char *const *files; /* the scenarios' run files, as `compare` takes them */
    size_t nfiles;
    int sets;         /* N parameter sets */
    const char *dir;  /* the folder of the runs (a sweep per scenario) */
    const char *vary; /* "group.key,..." to vary (NULL: every uncertain parameter) */
    const char *fix;  /* "group.key,..." to keep at their values (NULL: none) */
    const rg_psa_range *ranges;
    size_t nranges;
    double spread;         /* draws shrunk towards the base values: 0 none, 1 as declared */
    const char *posterior; /* a calibration's PREFIX.h5 (fitted parameters), or NULL */
    rg_design design;      /* RG_DESIGN_LHS or RG_DESIGN_SOBOL */
    long long seed;        /* of the draws; < 0: the base scenario's first seed */
    int threads;           /* OpenMP threads inside each run (0: default) */
    long long first, last; /* a share of the runs (a Slurm array task): [first, last) of
                            * the scenarios' tasks in order; both 0: all. With a share
                            * nothing is analysed: a later call without one does it */
    const rg_comm *comm;   /* NULL: alone; else rank 0 hands out the runs */
    rg_hooks hooks;        /* progress in runs, log lines (rank 0) */
} rg_psa_options;

/* A varied parameter. */
typedef struct rg_psa_param {
    const rg_param_desc *desc;
    rg_uncertainty u;
    double value;    /* its value in the scenarios (the base parameters) */
    int post_col;    /* its column of the posterior, or -1 */
    int given_range; /* 1: from rg_psa_options.ranges */
} rg_psa_param;

typedef struct rg_psa_driver {
    int param;  /* index in rg_psa.par */
    double rcc; /* partial (or plain) rank correlation with the contrast */
    double p;   /* its p-value (t-test), Bonferroni-adjusted for the varied parameters */
} rg_psa_driver;

/* One contrast (a scenario minus the base, one metric, everyone). */
typedef struct rg_psa_contrast {
    size_t scenario; /* in rg_psa.study.scenarios */
    rg_metric metric;
    rg_estimate noise; /* the files' contrast: estimate and noise-alone interval */
    double lo, hi;     /* noise and parameter uncertainty */
    double median;     /* median of the sets' contrasts */
    int sets;          /* sets with a value */
    int ndrivers;
    rg_psa_driver driver[RG_PSA_DRIVERS];
} rg_psa_contrast;

typedef struct rg_psa {
    rg_study study;      /* the given files */
    rg_params *scenario; /* each scenario's parameters (from its first file) */
    int sets, replicates;
    long long first_seed; /* of the scenarios' replicates */
    long long seed;       /* of the draws */
    double spread;
    rg_design design;
    size_t np;
    rg_psa_param par[RG_SWEEP_MAX_GIVEN];
    size_t ndiffer; /* uncertain parameters fixed because the scenarios set them */
    double *draws;  /* sets x np values */
    double *post;   /* posterior draws, post_n x post_np (NULL: none) */
    size_t post_n, post_np;
    char **post_names;
    int requested;             /* sets drawn; `sets` of them are accepted by the model */
    int refused;               /* sets that a module's checks refused (left out) */
    char refusal[1024];        /* the first refusal */
    const char *driver_method; /* "PRCC" or "Spearman" */
    long long runs_failed, sets_used;
    size_t ncontrasts;
    rg_psa_contrast *contrast;
} rg_psa;

/* Read the files, choose the parameters and draw the sets; nothing is run. Bad
 * input (files, names, ranges, N, a set that a module refuses) is RG_EINPUT with
 * one line. */
rg_status rg_psa_plan(rg_psa *a, const rg_psa_options *o, rg_error *err);
/* Runs of the analysis: scenarios x sets x replicates. */
long long rg_psa_runs(const rg_psa *a);
/* Run every scenario with every set (resuming in o->dir), then, on rank 0 and
 * unless o holds a share, compute the contrasts, their intervals and drivers. */
rg_status rg_psa_run(rg_psa *a, const rg_psa_options *o, rg_error *err);
void rg_psa_free(rg_psa *a);

/* The plan (parameters, distributions, runs), the result as a table, as CSV and as
 * JSON (docs/guides/uncertainty.md). */
void rg_psa_write_plan(const rg_psa *a, FILE *f);
void rg_psa_write_text(const rg_psa *a, FILE *f);
void rg_psa_write_csv(const rg_psa *a, FILE *f);
void rg_psa_write_json(const rg_psa *a, FILE *f);

/* The interval [*lo, *hi] at level `level` of the mixture over n sets of their
 * contrast d[k] plus noise: Student's t with df[k] degrees of freedom (0: normal)
 * scaled by se[k] (0: none). With every (d, se, df) equal it is d ± t se. */
void rg_psa_mixture_interval(const double *d, const double *se, const double *df, size_t n,
                             double level, double *lo, double *hi);

#endif
