/*
 * The HTML report: one self-contained file (no network, no scripts, no external
 * fonts) with inline SVG charts — survival curves per scenario, people in prison,
 * employment and housing over time, contrasts with intervals, group disparities,
 * programmes and the emulated trial, and the provenance of every run. Charts have
 * titles, axis labels with units, a colour-blind-safe palette (Okabe & Ito) with
 * dashes as a second cue, and a data table as fallback.
 */
#ifndef REINTEGRA_REPORT_H
#define REINTEGRA_REPORT_H

#include <stdio.h>

#include "error.h"
#include "metrics.h"

/* Write the report of a study, contrasts taken against scenario `base`. */
void rg_report_write(FILE *f, const rg_study *s, size_t base);
/* The same into a file at `path`. */
rg_status rg_report_write_file(const char *path, const rg_study *s, size_t base, rg_error *err);

#endif
