/*
 * Reading a run back from its HDF5 file (the output contract, schema version 2;
 * docs/output-format.md). The one reader of run files: `summarize`, the sweeps,
 * the metrics, contrasts and report all use it.
 *
 * Datasets that a file may lack (written before a module existed, or with
 * output.agents false for the optional ones) are NULL, and the measures that need
 * them are reported as unavailable.
 */
#ifndef REINTEGRA_RESULT_H
#define REINTEGRA_RESULT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "recidivism.h"
#include "schema.h"

/* Per-month summary columns, X(name, required): read as double (months rows);
 * optional ones are NULL when absent. */
#define RG_RESULT_SUMMARY(X)                                                                       \
    X(free, 1)                                                                                     \
    X(prison, 1)                                                                                   \
    X(pending, 1)                                                                                  \
    X(employed, 0)                                                                                 \
    X(income_mean, 0)                                                                              \
    X(housing_stable, 0)                                                                           \
    X(housing_unstable, 0)                                                                         \
    X(homeless, 0)                                                                                 \
    X(mentored, 0)                                                                                 \
    X(stigma_internal_mean, 0)                                                                     \
    X(stigma_public_mean, 0)                                                                       \
    X(supervised, 0)                                                                               \
    X(programme_cost, 0)                                                                           \
    X(prison_cost, 0)                                                                              \
    X(supervision_cost, 0)                                                                         \
    X(discount_factor, 0)                                                                          \
    RG_SEEKER_GROUPS(RG_RESULT_SEEKER_SUMMARY_, X, _)

/* The job seekers' columns of one group (RG_SEEKER_GROUPS, schema.h). */
#define RG_RESULT_SEEKER_SUMMARY_(X, s, g, desc)                                                   \
    X(seekers_##g, 0)                                                                              \
    X(seekers_employed_##g, 0)                                                                     \
    X(seeker_applications_##g, 0)                                                                  \
    X(seeker_callbacks_##g, 0)                                                                     \
    X(seeker_earnings_##g, 0)

#define RG_RESULT_SUMMARY_MEMBER_(name, required) double *name;
typedef struct rg_result_summary {
    RG_RESULT_SUMMARY(RG_RESULT_SUMMARY_MEMBER_)
} rg_result_summary;
#undef RG_RESULT_SUMMARY_MEMBER_

/* Per-agent columns, X(ctype, name, H5 memory type, required). */
#define RG_RESULT_AGENTS(X)                                                                        \
    X(uint8_t, sex, H5T_NATIVE_UINT8, 1)                                                           \
    X(uint8_t, offense, H5T_NATIVE_UINT8, 1)                                                       \
    X(float, age_at_release, H5T_NATIVE_FLOAT, 1)                                                  \
    X(int16_t, release_month, H5T_NATIVE_INT16, 1)                                                 \
    X(int16_t, first_arrest, H5T_NATIVE_INT16, 1)                                                  \
    X(int16_t, first_conviction, H5T_NATIVE_INT16, 1)                                              \
    X(int16_t, first_return, H5T_NATIVE_INT16, 1)                                                  \
    X(uint16_t, arrests, H5T_NATIVE_UINT16, 0)                                                     \
    X(uint8_t, race, H5T_NATIVE_UINT8, 0)                                                          \
    X(uint8_t, mental_illness, H5T_NATIVE_UINT8, 0)                                                \
    X(uint8_t, substance_use, H5T_NATIVE_UINT8, 0)                                                 \
    X(int8_t, trial_arm, H5T_NATIVE_INT8, 0)                                                       \
    X(int32_t, months_free_total, H5T_NATIVE_INT32, 0)                                             \
    X(int32_t, months_employed, H5T_NATIVE_INT32, 0)                                               \
    X(int32_t, months_stable_housing, H5T_NATIVE_INT32, 0)                                         \
    X(int32_t, months_homeless, H5T_NATIVE_INT32, 0)                                               \
    X(float, income_total, H5T_NATIVE_FLOAT, 0)                                                    \
    X(float, family_support, H5T_NATIVE_FLOAT, 0)                                                  \
    X(float, stigma, H5T_NATIVE_FLOAT, 0)                                                          \
    X(int8_t, record_relief, H5T_NATIVE_INT8, 0)                                                   \
    X(int16_t, eligible_month, H5T_NATIVE_INT16, 0)                                                \
    X(int32_t, months_free_eligible, H5T_NATIVE_INT32, 0)                                          \
    X(int32_t, months_employed_eligible, H5T_NATIVE_INT32, 0)                                      \
    X(float, income_eligible, H5T_NATIVE_FLOAT, 0)                                                 \
    X(uint8_t, arrested_eligible, H5T_NATIVE_UINT8, 0)

/* Programme columns (one value per programme), X(name, required). */
#define RG_RESULT_PROGRAMMES(X)                                                                    \
    X(enrolled, 1)                                                                                 \
    X(completed, 1)                                                                                \
    X(dropped, 1)                                                                                  \
    X(participant_months, 0)                                                                       \
    X(cost_per_month, 0)                                                                           \
    X(enabled, 0)

#define RG_RESULT_AGENT_MEMBER_(ctype, name, mtype, required) ctype *name;
#define RG_RESULT_PROGRAMME_MEMBER_(name, required) double *name;
typedef struct rg_result {
    char path[1024];
    int schema_version;
    int streams_version; /* 1 when the file does not say (written before versions) */
    /* Root attributes (provenance). */
    long long seed, agents, months;
    char scenario[256], description[512], version[64], git_revision[64], build_type[32],
        compiler[128], libraries[256], host[128], created_utc[64], trial_programme[128];
    double wall_seconds;
    char *config;     /* the resolved configuration */
    char *config_key; /* the same without run.seed: equal for replicates of a scenario */
    /* Per-agent columns (n = agents); optional ones NULL when absent. */
    RG_RESULT_AGENTS(RG_RESULT_AGENT_MEMBER_)
    /* Per-month summary, and its last row. */
    rg_result_summary summary;
    long long final_pending, final_free, final_prison;
    /* Programmes; n_programmes = 0 when the file has none. */
    size_t n_programmes;
    char (*programme_name)[64];
    RG_RESULT_PROGRAMMES(RG_RESULT_PROGRAMME_MEMBER_)
    /* Race gaps by channel (/race_decomposition, written by `reintegra decompose`);
     * decomposition_channels 0 when the file has none. Gaps to white people in
     * percentage points, [step][black, Hispanic][rearrest_3y, employment]: step 0
     * the scenario, step k after k channels are equalised (the last: the residual);
     * contributions [channel][group][outcome]; levels in percent [white, black,
     * Hispanic][outcome]. */
    size_t decomposition_channels;
    char (*decomposition_channel)[32];
    double *decomposition_gap, *decomposition_contribution, *decomposition_level;
    /* The headline measures' view of the agent columns. */
    rg_outcome_columns cols;
} rg_result;
#undef RG_RESULT_AGENT_MEMBER_
#undef RG_RESULT_PROGRAMME_MEMBER_

/* Read PATH, after checking that it is a complete reintegra output of a schema
 * version this build reads (not a .partial file, HDF5, the format and
 * schema_version attributes, months_completed = months). Bad files (not HDF5,
 * not a reintegra output, .partial, truncated or damaged, another schema
 * version) give RG_EINPUT and one line naming the file. */
rg_status rg_result_read(rg_result *r, const char *path, rg_error *err);
void rg_result_free(rg_result *r);
/* Open PATH read-only after the same checks, reading nothing else: the HDF5 file
 * (an hid_t) for readers of parts of a run (life.h). */
rg_status rg_result_open(const char *path, int64_t *file, rg_error *err);

/* The headline results as text or as JSON (keys in docs/output-format.md). */
void rg_result_write_summary(const rg_result *r, const char *path, FILE *f);
void rg_result_write_summary_json(const rg_result *r, const char *path, FILE *f);

/* What a check of a file found (rg_file_verify). */
typedef struct rg_verify_info {
    char format[64];    /* "reintegra" (a run), "reintegra-sweep", "reintegra-calibration" */
    int run;            /* a run file: read back through rg_result_read as well */
    int schema_version; /* of a run file */
    long long datasets; /* datasets read whole */
    double bytes;       /* bytes of data checked, as stored */
} rg_verify_info;

/* Check a file of reintegra without analysing it: HDF5's metadata checksums, the
 * Fletcher32 checksum of every chunk of every dataset (each read whole), only
 * hard links (a sweep index's links to its task files excepted, not followed), no
 * data stored in other files; and for a run file, the schema version,
 * completeness and the recorded checksum of its root attributes and /config.
 * RG_EINPUT with "FILE: damaged: ..." (or why it is not such a file). */
rg_status rg_file_verify(const char *path, rg_verify_info *info, rg_error *err);

/* The configuration text with the `seed = N;` line of the run group removed
 * (malloc'd; NULL when out of memory). */
char *rg_config_without_seed(const char *config);

#endif
