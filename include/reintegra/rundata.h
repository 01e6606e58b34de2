/*
 * A run file read back for analysis: everything the metrics, contrasts and report
 * use, from the HDF5 contract only (docs/output-format.md). Datasets that a file
 * lacks (written before a module existed, or with output.agents false) are NULL,
 * and the measures that need them are reported as unavailable.
 */
#ifndef REINTEGRA_RUNDATA_H
#define REINTEGRA_RUNDATA_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Optional per-month summary columns, X(name): read as double, NULL when absent. */
#define RG_RUNDATA_SUMMARY(X)                                                                      \
    X(free)                                                                                        \
    X(prison)                                                                                      \
    X(pending)                                                                                     \
    X(employed)                                                                                    \
    X(income_mean)                                                                                 \
    X(housing_stable)                                                                              \
    X(housing_unstable)                                                                            \
    X(homeless)                                                                                    \
    X(mentored)                                                                                    \
    X(stigma_internal_mean)                                                                        \
    X(stigma_public_mean)

#define RG_RUNDATA_SUMMARY_MEMBER_(name) double *name;
typedef struct rg_run_summary {
    RG_RUNDATA_SUMMARY(RG_RUNDATA_SUMMARY_MEMBER_)
} rg_run_summary;
#undef RG_RUNDATA_SUMMARY_MEMBER_

typedef struct rg_rundata {
    char path[1024];
    /* Root attributes (provenance). */
    long long seed, agents, months;
    char scenario[256], description[512], version[64], git_revision[64], build_type[32],
        compiler[128], libraries[256], host[128], created_utc[64], trial_programme[128];
    double wall_seconds;
    char *config;     /* the resolved configuration */
    char *config_key; /* the same without run.seed: equal for replicates of a scenario */
    /* Per-agent columns (n = agents). Required: */
    uint8_t *sex, *offense;
    float *age_at_release;
    int16_t *release_month;
    int16_t *first_arrest, *first_conviction, *first_return;
    /* Optional (NULL when absent): */
    uint8_t *race, *mental_illness, *substance_use;
    int8_t *trial_arm;
    int32_t *months_free_total, *months_employed, *months_stable_housing, *months_homeless;
    float *income_total, *family_support, *stigma;
    /* Per-month summary (months rows). */
    rg_run_summary summary;
    /* Programmes (issue-5 layout); n_programmes = 0 when the file has none. */
    size_t n_programmes;
    char (*programme_name)[64];
    double *enrolled, *completed, *dropped, *participant_months, *cost_per_month;
} rg_rundata;

/* Read PATH. Bad files (not HDF5, not a reintegra output, .partial, truncated or
 * damaged, another schema version) give RG_EINPUT and one line naming the file. */
rg_status rg_rundata_read(rg_rundata *r, const char *path, rg_error *err);
void rg_rundata_free(rg_rundata *r);

/* The configuration text with the `seed = N;` line of the run group removed
 * (malloc'd; NULL when out of memory). */
char *rg_config_without_seed(const char *config);

#endif
