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

/* The contrasts of an uncertainty analysis, as `compare --uncertainty --csv` writes
 * them (docs/guides/uncertainty.md), for the report's section on them. */
enum { RG_REPORT_DRIVERS = 5 };
typedef struct rg_report_psa_row {
    char base[272], scenario[272], metric[64], unit[32], driver_method[16];
    double difference, noise_lo, noise_hi, total_lo, total_hi; /* NaN: none */
    int sets, ndrivers;
    char driver[RG_REPORT_DRIVERS][128];
    double rcc[RG_REPORT_DRIVERS], p[RG_REPORT_DRIVERS]; /* p: NaN when absent */
} rg_report_psa_row;

typedef struct rg_report_psa {
    size_t n;
    rg_report_psa_row *row;
} rg_report_psa;

/* Read such a CSV file; a file without its columns, or a malformed row, is
 * RG_EINPUT naming the file and line. */
rg_status rg_report_psa_read(const char *path, rg_report_psa *u, rg_error *err);
void rg_report_psa_free(rg_report_psa *u);

/* The report's fiscal section (analysis/report_fiscal.c): each scenario's extra
 * programme cost, prison and supervision savings and net fiscal cost against
 * `base`, discounted and not, with intervals. */
void rg_report_fiscal_section(FILE *f, const rg_study *s, size_t base);
/* The report's section on race gaps by channel (analysis/report_race.c), from the
 * runs that carry /race_decomposition (`reintegra decompose`); nothing when none
 * does, which rg_report_race_present tells. */
void rg_report_race_section(FILE *f, const rg_study *s, size_t base);
int rg_report_race_present(const rg_study *s);
/* The note under the programme tables: which programmes are listed and what
 * "enrolled" counts. */
void rg_report_programme_note(FILE *f, const rg_study *s);

/* What the files do not say, from the caller who knows the model (the program):
 * the policies each scenario switches on, their start and how the model produces
 * their effect. */
enum { RG_REPORT_POLICIES = 16 };
typedef struct rg_report_policy {
    char name[64];         /* the module's name */
    const char *mechanism; /* "Plain name: how the model produces the effect" (module.h) */
    int start_month;       /* model month the policy starts */
} rg_report_policy;

typedef struct rg_report_scenario {
    size_t n;
    rg_report_policy policy[RG_REPORT_POLICIES];
} rg_report_scenario;

typedef struct rg_report_options {
    const rg_report_psa *psa;            /* NULL: no section on parameter uncertainty */
    const rg_report_scenario *scenarios; /* one per scenario of the study; NULL: unknown */
    int lives; /* the section "Three lives", read from the run files (0: left out) */
} rg_report_options;

/* The report with options (o may be NULL: none). */
void rg_report_write_with(FILE *f, const rg_study *s, size_t base, const rg_report_options *o);
rg_status rg_report_write_file_with(const char *path, const rg_study *s, size_t base,
                                    const rg_report_options *o, rg_error *err);

/* Write the report of a study, contrasts taken against scenario `base`. */
void rg_report_write(FILE *f, const rg_study *s, size_t base);
/* The same into a file at `path`. */
rg_status rg_report_write_file(const char *path, const rg_study *s, size_t base, rg_error *err);
/* The report with a section on parameter uncertainty (u may be NULL: none). */
void rg_report_write_psa(FILE *f, const rg_study *s, size_t base, const rg_report_psa *u);
rg_status rg_report_write_file_psa(const char *path, const rg_study *s, size_t base,
                                   const rg_report_psa *u, rg_error *err);

#endif
