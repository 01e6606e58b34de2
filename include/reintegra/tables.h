/*
 * Metrics and contrasts as text tables (for a terminal) and as CSV (for
 * spreadsheets). CSV columns are documented in docs/guides/analysis.md.
 */
#ifndef REINTEGRA_TABLES_H
#define REINTEGRA_TABLES_H

#include <stdio.h>

#include "metrics.h"

/* Format an estimate as "12.3 [11.9, 12.7]" with the precision of its unit. */
void rg_format_estimate(char *buf, size_t size, rg_estimate e, const char *unit, int signed_);
/* Decimals shown for a unit ("%": 1, "$": 0, ...). */
int rg_unit_decimals(const char *unit);

/* Every scenario's metrics for one group (g) or every group (g < 0). */
void rg_write_metrics_text(FILE *f, const rg_study *s, int g);
void rg_write_metrics_csv(FILE *f, const rg_study *s);

/* Each scenario against scenario `base`: metrics of group g (and the gaps between
 * groups), cost per outcome, the emulated trial. */
void rg_write_contrasts_text(FILE *f, const rg_study *s, size_t base, int g);
void rg_write_contrasts_csv(FILE *f, const rg_study *s, size_t base);

/* A compact comparison for a terminal: the headline metrics of the base scenario
 * and each other scenario's difference from it, with intervals. */
void rg_write_comparison_text(FILE *f, const rg_study *s, size_t base);

#endif
