/*
 * Headline recidivism measures: cumulative share of people with a first arrest,
 * conviction or return to prison within y years of their first release, overall
 * and by group, as BJS reports them. Used by `summarize`, the calibration and the
 * validation tests; reads only agent columns (from a file, or from a run in memory
 * through rg_run_outcomes, workflow.h).
 */
#ifndef REINTEGRA_RECIDIVISM_H
#define REINTEGRA_RECIDIVISM_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef enum rg_measure {
    RG_MEASURE_ARREST,
    RG_MEASURE_CONVICTION,
    RG_MEASURE_RETURN,
    RG_MEASURE_COUNT
} rg_measure;

/* The columns the measures need (NULL-free, n each). */
typedef struct rg_outcome_columns {
    size_t n;
    int months; /* horizon of the run */
    const uint8_t *sex, *offense;
    const float *age_at_release;
    const int16_t *release_month;
    const int16_t *first[RG_MEASURE_COUNT]; /* months from first release, -1: none */
    /* First conviction dated by the court's decision rather than by the arrest
     * (BJS 2005 Figure 1); NULL when not available. */
    const int16_t *first_conviction_date;
    /* Prior-arrest group at release (schema.h: rg_priors); NULL when not available. */
    const uint8_t *prior_group;
} rg_outcome_columns;

const char *rg_measure_name(rg_measure m);
/* "arrest", "conviction", "return_to_prison" -> measure; -1 if unknown. */
int rg_measure_parse(const char *name);

/* Is `group` the key of a group these columns can select (groups.h: everyone, by
 * sex, age group or offence)? */
int rg_group_valid(const char *group);

/* Percent of the group's people, followed for at least `years`, whose first event
 * of measure m came within `years` of release. Returns NAN when nobody in the
 * group was followed that long. */
double rg_cumulative_percent(const rg_outcome_columns *c, rg_measure m, const char *group,
                             int years, size_t *denominator);
/* The same with the window in months. */
double rg_cumulative_percent_months(const rg_outcome_columns *c, rg_measure m, const char *group,
                                    int months, size_t *denominator);

#endif
