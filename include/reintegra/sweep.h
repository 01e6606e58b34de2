/*
 * Parameter sweeps: a base scenario, parameters to vary, a design (full grid,
 * Latin hypercube, Sobol sequence or Saltelli's design for Sobol indices) and
 * replicates per point, run as independent tasks (docs/guides/sweeps.md).
 *
 * Task k is point k / replicates, replicate k % replicates; its seed is the sweep's
 * seed plus the replicate, so every point of the design sees the same random
 * numbers (common random numbers) and a task is a pure function of its parameters
 * and seed: it gives the same file whichever process or machine runs it.
 *
 * The output folder holds
 *   sweep.cfg                   a copy of the sweep file
 *   fingerprint                 the hash of the resolved design (a folder holds one sweep)
 *   design.tsv                  one line per point: its parameter values
 *   set.txt                     the command line's --set assignments, one per line
 *   tasks/task-000042.h5        one run file per task (written through .partial)
 *   manifest.tsv                one line per finished or failed task (a log, fsync'd);
 *                               manifest-A-B.tsv for a share of tasks [A, B)
 *   index.h5                    every task's parameters, status and headline metrics
 */
#ifndef REINTEGRA_SWEEP_H
#define REINTEGRA_SWEEP_H

#include <limits.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "keys.h"
#include "params.h"
#include "sweep_index.h"
#include "workflow.h"

/* Varied parameters of a sweep whose design is given (rg_sweep_from_points). */
enum { RG_SWEEP_MAX_GIVEN = 256 };

typedef struct rg_sweep_param {
    const rg_param_desc *desc;
    unsigned line;  /* of its entry in the sweep file */
    double lo, hi;  /* range (every design) */
    double *values; /* grid: the values, in order */
    size_t nvalues;
} rg_sweep_param;

typedef struct rg_sweep {
    char path[PATH_MAX];   /* the sweep file */
    char base[PATH_MAX];   /* base scenario, resolved against the sweep file */
    char output[PATH_MAX]; /* output folder named in the file ("" if none) */
    char *text;            /* the sweep file as read */
    char *cli_set;         /* the command line's --set assignments, one per line ("" none) */
    rg_params params;      /* the base scenario with the sweep's fixed settings */
    rg_design design;
    long long requested; /* lhs, sobol: points; saltelli: base samples N */
    int replicates;
    long long seed; /* seed of replicate 0 and of the design's draws */
    size_t np;
    rg_sweep_param par[RG_SWEEP_MAX_GIVEN]; /* a sweep file: at most RG_SWEEP_MAX_PARAMS */
    long long npoints;                      /* design points */
    double *x;                              /* npoints x np parameter values, row by row */
    long long ntasks;                       /* npoints * replicates */
    int nmetrics;
    char metric[RG_SWEEP_MAX_METRICS][32];
    uint64_t fingerprint; /* hash of the resolved design */
} rg_sweep;

/* The keys of sweep files (docs/guides/sweeps.md is generated from them). */
const rg_key_table *rg_sweep_keys(void);
/* The layout of index.h5 (sweep_index.h) as Markdown, for the guide. */
void rg_sweep_index_write_markdown(FILE *f);

/* Read and check a sweep file and build its design. Every problem is reported as
 * "FILE:LINE: key: what is wrong, what is expected" with RG_EINPUT. */
rg_status rg_sweep_load(rg_sweep *s, const char *path, rg_error *err);
/* rg_sweep_load, then the nsets "group.key=value" assignments of the command line
 * (`sweep --set`) over the base and the file's `set`, checked exactly as `run --set`
 * checks them (rg_config_set, then rg_config_validate of the base with them). They
 * are part of the resolved base, hence of the fingerprint, and are recorded in the
 * folder (DIR/set.txt) and the index: a folder started with other settings is
 * refused, naming both. */
rg_status rg_sweep_load_set(rg_sweep *s, const char *path, char *const *sets, int nsets,
                            rg_error *err);
void rg_sweep_free(rg_sweep *s);

/* A sweep whose points come from a workflow that draws its own (the uncertainty
 * analysis) rather than from a sweep file: `base` with the np parameters of `par`
 * (at most RG_SWEEP_MAX_GIVEN; lo and hi their ranges, for the index) set to the
 * values of each of the npoints rows of x (copied), replicates runs per point from
 * `seed`. `path` names it in messages and the index; `text` is kept as sweep.cfg.
 * `design` says how the points were drawn (lhs or sobol). */
rg_status rg_sweep_from_points(rg_sweep *s, const char *path, const char *text,
                               const rg_params *base, rg_design design,
                               const rg_param_desc *const *par, const double *lo, const double *hi,
                               size_t np, const double *x, long long npoints, int replicates,
                               long long seed, rg_error *err);

/* Parameters of task k (base, the point's values, the replicate's seed). */
rg_status rg_sweep_task_params(const rg_sweep *s, long long task, rg_params *p, rg_error *err);

/* Designs on the unit cube, row by row (n x d). Sobol and Saltelli use GSL's Sobol
 * sequence, which starts after the origin, at (0.5, ..., 0.5). Saltelli: N blocks of
 * d + 2 rows: A_i, AB_i^(1..d) (A_i with column j from B_i), B_i. */
void rg_design_lhs(long long n, size_t d, uint64_t seed, double *u);
rg_status rg_design_sobol(long long n, size_t d, double *u, rg_error *err);
rg_status rg_design_saltelli(long long N, size_t d, double *u, rg_error *err);

/* --- running -------------------------------------------------------------- */

/* The outcome of one task. */
typedef struct rg_task_result {
    long long task;
    int state; /* rg_task_state */
    double seconds;
    double metric[RG_SWEEP_MAX_METRICS];
    char message[RG_ERROR_MSG_MAX];
} rg_task_result;

/* Path of task k's file in folder dir. */
void rg_sweep_task_path(const char *dir, long long task, char *buf, size_t size);

/* Prepare folder dir for the sweep: create it (and tasks/), or check that it holds
 * this sweep (else RG_EINPUT naming the sweep file; with `resume`, a folder that
 * holds no sweep is RG_EINPUT too). Then find which tasks of [first, last) are done
 * (their final file exists and passes every check of rg_file_verify; a damaged one
 * is run again; leftover .partial files do not count) and rewrite that range's
 * manifest to hold exactly those tasks.
 * done[k - first] is set to 1 for each. */
rg_status rg_sweep_prepare(const rg_sweep *s, const char *dir, int resume, long long first,
                           long long last, unsigned char *done, rg_error *err);

/* RG_OK when folder dir holds this sweep (same fingerprint), else RG_EINPUT. */
rg_status rg_sweep_check(const rg_sweep *s, const char *dir, rg_error *err);

/* Run task k into dir (OpenMP inside the run, `threads` 0: default). Never fails
 * as a whole: a failure of the task is returned in r (state RG_TASK_FAILED). */
void rg_sweep_run_task(const rg_sweep *s, const char *dir, long long task, int threads,
                       rg_task_result *r);

/* Append r to the manifest of range [first, last) and flush it to disk. */
rg_status rg_sweep_record(const rg_sweep *s, const char *dir, long long first, long long last,
                          const rg_task_result *r, rg_error *err);

/* How to run a sweep (rg_sweep_run). */
typedef struct rg_sweep_options {
    const char *dir;       /* the output folder */
    long long first, last; /* the tasks of this process, [first, last); both 0: all */
    int share;             /* 1: a share of the sweep (a Slurm array task, a task range): the
                            * index is left to rg_sweep_write_index once every share is done */
    int resume;            /* 1: the folder must already hold this sweep */
    int threads;           /* OpenMP threads inside each run (0: the default) */
    const rg_comm *comm;   /* NULL, or a job of one: this process alone; else rank 0
                            * hands out the tasks and the other ranks run them */
    rg_hooks hooks;        /* progress in tasks (rank 0) */
} rg_sweep_options;

/* What a call of rg_sweep_run did (rank 0). */
typedef struct rg_sweep_counts {
    long long failed_now;            /* tasks that failed in this call */
    int indexed;                     /* the index was written: */
    long long done, failed, missing; /* its counts over the whole sweep */
} rg_sweep_counts;

/* Run the tasks of [first, last) that are not done yet in folder o->dir
 * (prepared, or checked to hold this sweep), recording each; then, unless the
 * tasks are a share, write the index. A failed task is recorded and the sweep
 * goes on: it is counted in c->failed_now, not returned as an error. */
rg_status rg_sweep_run(const rg_sweep *s, const rg_sweep_options *o, rg_sweep_counts *c,
                       rg_error *err);

/* The state of every task of the sweep (recs[ntasks]): from the manifests and the
 * task files. A task is done when its file exists and passes every check
 * (rg_file_verify), and its metrics are then read from that file; a damaged file
 * makes the task missing (with the damage as its message), to be run again;
 * failed when its last record says so and it has no file. */
rg_status rg_sweep_gather(const rg_sweep *s, const char *dir, rg_task_result *recs, rg_error *err);

/* Gather every task of the sweep (from the manifests, and from the task files
 * where a manifest lacks them) into dir/index.h5 (through .partial). Counts of
 * done, failed and missing tasks are returned when the pointers are not NULL. */
rg_status rg_sweep_write_index(const rg_sweep *s, const char *dir, long long *done,
                               long long *failed, long long *missing, rg_error *err);

/* The share of tasks of a Slurm array task from SLURM_ARRAY_TASK_ID and
 * SLURM_ARRAY_TASK_COUNT (or _MIN/_MAX/_STEP): *found is 0 when not in an array
 * job. Shares are contiguous: share i of n is [i*T/n, (i+1)*T/n). An array given
 * as an irregular list (--array=7,12) is refused: its IDs do not say which share
 * to run (rg_sweep_slurm_share_of does). */
rg_status rg_sweep_slurm_share(long long ntasks, int *found, long long *first, long long *last,
                               rg_error *err);
/* The same with the number of shares fixed (`shares` > 0): SLURM_ARRAY_TASK_ID is
 * the share, 0 to shares - 1, whatever the array's other IDs, so that some shares
 * of an earlier array can be submitted again (--array=7,12). shares 0: as
 * rg_sweep_slurm_share. */
rg_status rg_sweep_slurm_share_of(long long ntasks, long long shares, int *found, long long *first,
                                  long long *last, rg_error *err);

/* --- lists of tasks ----------------------------------------------------------- */

/* A set of numbers in [0, n) (tasks of a sweep, or shares of an array), read from
 * and written in Slurm's --array syntax: "7,12", "0-9", "0-9:2", "1,3-5". */
typedef struct rg_task_list {
    long long n;     /* the numbers are in [0, n) */
    long long count; /* how many are listed */
    uint64_t *bits;  /* bit k: k is listed */
} rg_task_list;

/* An empty list of numbers in [0, n). */
rg_status rg_task_list_init(rg_task_list *l, long long n, rg_error *err);
/* Read `text`; every problem (an empty element as in "7,,12", an inverted range
 * "5-3", "a", a step of 0, a number of n or more) is RG_EINPUT with a line that
 * starts with `what` (the option, e.g. "--tasks") and the text. */
rg_status rg_task_list_parse(rg_task_list *l, const char *text, long long n, const char *what,
                             rg_error *err);
void rg_task_list_add(rg_task_list *l, long long k);
int rg_task_list_has(const rg_task_list *l, long long k);
/* The listed numbers, runs written as ranges ("1,3-5,7"); nothing when none. */
void rg_task_list_write(const rg_task_list *l, FILE *f);
void rg_task_list_free(rg_task_list *l);

/* The tasks of the sweep in folder dir that are not done (failed, missing or
 * damaged: rg_sweep_gather), or with `shares` > 0 the shares of an array of that
 * many that hold at least one of them. *out is initialised here. */
rg_status rg_sweep_unfinished(const rg_sweep *s, const char *dir, long long shares,
                              rg_task_list *out, rg_error *err);

#endif
