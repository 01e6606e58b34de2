/*
 * Reading a run back from its HDF5 file (the output contract, schema version 1).
 * The analysis and `reintegra summarize` use this reader only.
 */
#ifndef REINTEGRA_RESULT_H
#define REINTEGRA_RESULT_H

#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "recidivism.h"

typedef struct rg_result {
    int schema_version;
    long long seed, agents, months;
    char scenario[256];
    /* Final row of the summary. */
    long long final_pending, final_free, final_prison;
    /* Agent columns the headline measures need. */
    uint8_t *sex, *offense;
    float *age_at_release;
    int16_t *release_month;
    int16_t *first[RG_MEASURE_COUNT];
    rg_outcome_columns cols;
} rg_result;

/* Open PATH read-only after checking that it is a complete reintegra output of a
 * schema version this build reads (not a .partial file, HDF5, the format and
 * schema_version attributes, months_completed = months). On success *file holds
 * the HDF5 file id (an hid_t) for the caller to close with H5Fclose. */
rg_status rg_result_open(const char *path, int64_t *file, rg_error *err);

/* Open and check a run file: it must be a complete reintegra output of a schema
 * version this build reads. Bad files give RG_EINPUT and one clear line. */
rg_status rg_result_read(rg_result *r, const char *path, rg_error *err);
void rg_result_free(rg_result *r);

/* The headline results as text or as JSON (keys in docs/output-format.md). */
void rg_result_write_summary(const rg_result *r, const char *path, FILE *f);
void rg_result_write_summary_json(const rg_result *r, const char *path, FILE *f);

#endif
