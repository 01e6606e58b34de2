/*
 * The HDF5 output, schema version 1 (docs/output-format.md). A run writes
 * NAME.partial and renames it to NAME only when complete.
 */
#ifndef REINTEGRA_OUTPUT_H
#define REINTEGRA_OUTPUT_H

#include <stdio.h>

#include "error.h"
#include "run.h"
#include "schema.h"

rg_status rg_output_open(rg_output **out, const char *path, const rg_run *run, rg_error *err);
/* Append the month just simulated: summary row, trajectory slab, events. */
rg_status rg_output_month(rg_output *out, const rg_run *run, rg_error *err);
/* Write per-agent columns and closing attributes, close, and rename into place. */
rg_status rg_output_close(rg_output *out, const rg_run *run, rg_error *err);
/* Close without completing: the .partial file stays as evidence. */
void rg_output_abort(rg_output *out);

/* Write docs/output-format.md from the field declarations. */
void rg_output_write_markdown(FILE *f);

/* Versions of the libraries linked in, for provenance. */
void rg_library_versions(char *buf, size_t size);

#endif
