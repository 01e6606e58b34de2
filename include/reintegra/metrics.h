/*
 * Evaluation metrics of runs and of scenarios (docs/guides/analysis.md; DOMAIN.md
 * part 3): recidivism at 1, 3 and 5 years from Kaplan-Meier curves, employment and
 * income, housing stability, a quality-of-life index, programme completion and
 * cost, overall and by group; across replicates with confidence intervals; and the
 * emulated trial's intention-to-treat estimate.
 *
 * Files are grouped into scenarios by (scenario name, resolved configuration
 * without run.seed): replicates of a scenario differ only in their seed.
 */
#ifndef REINTEGRA_METRICS_H
#define REINTEGRA_METRICS_H

#include <stddef.h>

#include "error.h"
#include "groups.h"
#include "result.h"
#include "stats.h"

/* X(ID, key, unit, label, description). Keys are used in CSV files. */
#define RG_METRICS(X)                                                                              \
    X(REARREST_1Y, "rearrest_1y", "%", "rearrested within 1 year",                                 \
      "share with a first arrest within 12 months of release (Kaplan-Meier)")                      \
    X(REARREST_3Y, "rearrest_3y", "%", "rearrested within 3 years",                                \
      "share with a first arrest within 36 months of release (Kaplan-Meier)")                      \
    X(REARREST_5Y, "rearrest_5y", "%", "rearrested within 5 years",                                \
      "share with a first arrest within 60 months of release (Kaplan-Meier)")                      \
    X(RECONVICTION_1Y, "reconviction_1y", "%", "reconvicted within 1 year",                        \
      "share with a first arrest leading to conviction within 12 months (Kaplan-Meier)")           \
    X(RECONVICTION_3Y, "reconviction_3y", "%", "reconvicted within 3 years",                       \
      "share with a first arrest leading to conviction within 36 months (Kaplan-Meier)")           \
    X(RECONVICTION_5Y, "reconviction_5y", "%", "reconvicted within 5 years",                       \
      "share with a first arrest leading to conviction within 60 months (Kaplan-Meier)")           \
    X(REINCARCERATION_1Y, "reincarceration_1y", "%", "back in prison within 1 year",               \
      "share with a first return to prison within 12 months (Kaplan-Meier)")                       \
    X(REINCARCERATION_3Y, "reincarceration_3y", "%", "back in prison within 3 years",              \
      "share with a first return to prison within 36 months (Kaplan-Meier)")                       \
    X(REINCARCERATION_5Y, "reincarceration_5y", "%", "back in prison within 5 years",              \
      "share with a first return to prison within 60 months (Kaplan-Meier)")                       \
    X(ARRESTS_PER_PERSON, "arrests_per_person", "arrests", "arrests per person",                   \
      "arrests since first release per person released, over the run")                             \
    X(ARRESTS_TOP_DECILE, "arrests_top_decile", "%", "arrests by the most arrested 10%",           \
      "share of the group's arrests made by its 10% most arrested people (ties by id)")            \
    X(MONTHS_TO_ARREST, "months_to_first_arrest", "months", "months to first arrest",              \
      "mean months from release to the first arrest, among people arrested before the horizon")    \
    X(TIME_FREE, "time_free", "%", "time spent free",                                              \
      "months free as a share of months since first release")                                      \
    X(EMPLOYMENT, "employment_rate", "%", "employed (share of free months)",                       \
      "months employed as a share of months free")                                                 \
    X(INCOME, "income_monthly", "$/month", "income per free month",                                \
      "dollars earned per month free since first release")                                         \
    X(HOUSING_STABLE, "housing_stable", "%", "stably housed (share of free months)",               \
      "months in stable housing as a share of months free")                                        \
    X(HOMELESS, "homeless", "%", "homeless (share of free months)",                                \
      "months homeless as a share of months free")                                                 \
    X(QOL, "qol_index", "0-100", "quality-of-life index",                                          \
      "mean of the components present: freedom, work, housing, family support, "                   \
      "freedom from internalised stigma, health (docs/guides/analysis.md)")                        \
    X(REARREST_ELIGIBLE, "rearrest_after_eligibility", "%", "rearrested after eligibility",        \
      "share of people whose record became eligible for clearance who were arrested after "        \
      "that month (Fresh Start)")                                                                  \
    X(EMPLOYMENT_ELIGIBLE, "employment_after_eligibility", "%",                                    \
      "employed after eligibility (share of free months)",                                         \
      "months employed as a share of months free, from the month the record became eligible")      \
    X(INCOME_ELIGIBLE, "income_after_eligibility", "$/month",                                      \
      "income per free month after "                                                               \
      "eligibility",                                                                               \
      "dollars earned per month free, from the month the record became eligible")                  \
    X(WAGE_ELIGIBLE, "wage_after_eligibility", "$/month", "wage when employed, after eligibility", \
      "dollars earned per month employed, from the month the record became eligible")              \
    X(PEOPLE_REARRESTED, "people_rearrested", "people", "people rearrested",                       \
      "people arrested at least once before the horizon")                                          \
    X(PEOPLE_EMPLOYED, "people_employed", "people", "people employed at the end",                  \
      "people free and employed in the last month")                                                \
    X(SEEKER_EMPLOYMENT, "seeker_employment", "%", "job seekers without a record: employed",       \
      "months in work as a share of months, job seekers without a record who compete for the "     \
      "same vacancies (not of the cohort; groups are theirs)")                                     \
    X(SEEKER_CALLBACKS, "seeker_callbacks", "%", "job seekers without a record: callbacks",        \
      "callbacks per application, job seekers without a record")                                   \
    X(SEEKER_EARNINGS, "seeker_earnings", "$/month", "job seekers without a record: earnings",     \
      "earnings per month, job seekers without a record (in work or not)")                         \
    X(COMPLETION, "programme_completion", "%", "programme completion",                             \
      "completed / (completed + dropped), all programmes")                                         \
    X(COST, "programme_cost", "$", "programme cost",                                               \
      "sum over programmes of participant-months times cost per month")

#define RG_METRIC_ENUM_(id, key, unit, label, desc) RG_M_##id,
typedef enum rg_metric { RG_METRICS(RG_METRIC_ENUM_) RG_METRIC_COUNT } rg_metric;
#undef RG_METRIC_ENUM_

/* Monthly series from /summary: X(ID, key, unit, label). */
#define RG_SERIES(X)                                                                               \
    X(PRISON, "in_prison", "% of everyone", "in prison")                                           \
    X(EMPLOYED, "employed", "% of free people", "employed")                                        \
    X(HOUSED, "housing_stable", "% of free people", "in stable housing")                           \
    X(HOMELESS, "homeless", "% of free people", "homeless")                                        \
    X(INCOME, "income_mean", "$ per month", "mean monthly income of free people")

#define RG_SERIES_ENUM_(id, key, unit, label) RG_S_##id,
typedef enum rg_series { RG_SERIES(RG_SERIES_ENUM_) RG_SERIES_COUNT } rg_series;
#undef RG_SERIES_ENUM_

/* Outcomes of the emulated trial, per person: X(ID, key, unit, label). */
#define RG_TRIAL_OUTCOMES(X)                                                                       \
    X(REARREST_1Y, "rearrest_1y", "percentage points", "rearrested within 1 year")                 \
    X(REARREST_3Y, "rearrest_3y", "percentage points", "rearrested within 3 years")                \
    X(REINCARCERATION_1Y, "reincarceration_1y", "percentage points",                               \
      "back in prison within 1 year")                                                              \
    X(EMPLOYMENT, "employment_rate", "percentage points", "share of free months employed")

#define RG_TRIAL_ENUM_(id, key, unit, label) RG_T_##id,
typedef enum rg_trial_outcome { RG_TRIAL_OUTCOMES(RG_TRIAL_ENUM_) RG_TRIAL_COUNT } rg_trial_outcome;
#undef RG_TRIAL_ENUM_

enum { RG_KM_MEASURES = 3 }; /* rearrest, reconviction, reincarceration */

const char *rg_metric_key(rg_metric m);
const char *rg_metric_unit(rg_metric m);
const char *rg_metric_label(rg_metric m);
const char *rg_metric_description(rg_metric m);
const char *rg_series_key(rg_series s);
const char *rg_series_unit(rg_series s);
const char *rg_series_label(rg_series s);
const char *rg_trial_key(rg_trial_outcome t);
const char *rg_trial_label(rg_trial_outcome t);
const char *rg_km_measure_label(int measure); /* "rearrest", "reconviction", ... */

/* Metrics of one run. NAN: unavailable (the file lacks what it needs, the horizon
 * is too short, or the group is empty). */
typedef struct rg_run_metrics {
    double value[RG_METRIC_COUNT][RG_GROUP_COUNT];
    double se[RG_METRIC_COUNT][RG_GROUP_COUNT]; /* the run's own sampling error */
    int months;
    double *km[RG_KM_MEASURES];    /* S(t), t = 0..months, everyone */
    double *km_se[RG_KM_MEASURES]; /* Greenwood standard error */
    double *series[RG_SERIES_COUNT];
    /* Programmes: completion (%) and cost ($) per programme. */
    size_t n_programmes;
    double *completion, *completion_se, *cost;
    /* Emulated trial (agents/trial_arm): intention-to-treat difference offered minus
     * control, per outcome; n_offered 0 when the run holds no trial. */
    long n_offered, n_control;
    double itt[RG_TRIAL_COUNT], itt_se[RG_TRIAL_COUNT];
    int qol_components; /* bit i set: QoL component i was present */
} rg_run_metrics;

/* The QoL components, in bit order: freedom, work, housing, family, stigma, health. */
const char *rg_qol_component(int i);
enum { RG_QOL_COMPONENTS = 6 };

rg_status rg_run_metrics_compute(rg_run_metrics *m, const rg_result *r, rg_error *err);
void rg_run_metrics_free(rg_run_metrics *m);

/* One person's trial outcome in a run (NAN: not defined for them). */
double rg_trial_outcome_value(const rg_result *r, rg_trial_outcome t, size_t agent);

/* A scenario: the replicates of one configuration, sorted by seed. */
typedef struct rg_scenario {
    char label[272];
    size_t n;
    const rg_result **runs;
    const rg_run_metrics **metrics;
} rg_scenario;

/* Files read, measured and grouped into scenarios in the order they first appear. */
typedef struct rg_study {
    size_t n_runs;
    rg_result *runs;
    rg_run_metrics *metrics;
    size_t n_scenarios;
    rg_scenario *scenarios;
    int months;
} rg_study;

/* Read the files, compute their metrics and group them. Runs with different
 * horizons cannot be analysed together (RG_EINPUT). A seed that appears twice for
 * one configuration starts another copy of the scenario (so a run can be compared
 * with itself). */
rg_status rg_study_load(rg_study *s, const char *const *paths, size_t n, rg_error *err);
void rg_study_free(rg_study *s);

/* A scenario's estimate of a metric: mean across replicates with a t interval
 * (R >= 2), or the single run's value with its own normal interval (R = 1). */
rg_estimate rg_scenario_metric(const rg_scenario *sc, rg_metric m, rg_group g);
/* The same for a monthly series value, a survival value S(t) (as %), a programme's
 * completion, and a trial ITT estimate. */
rg_estimate rg_scenario_series(const rg_scenario *sc, rg_series s, int month);
rg_estimate rg_scenario_survival(const rg_scenario *sc, int measure, int month);
rg_estimate rg_scenario_itt(const rg_scenario *sc, rg_trial_outcome t);
/* Does the scenario run programme p (row p of /programmes): its switch on
 * (/programmes/enabled), or, in files without that column, any start or
 * participant-month in a replicate? */
int rg_scenario_runs_programme(const rg_scenario *sc, size_t p);
/* How many programmes the scenario runs. */
size_t rg_scenario_programmes_run(const rg_scenario *sc);

#endif
