/*
 * Justice: arrest, courts, prison, supervision and release.
 *
 * Each offence leads to arrest with arrest_probability (several offences in a month
 * can bring several arrests); an arrest to conviction with
 * conviction_probability after a court delay; a conviction to prison with
 * prison_probability. People on supervision (parole or probation) may be revoked
 * after an arrest or for a technical violation. Prison terms count down and end in
 * release, when supervision may start again.
 *
 * The hazard's clock (hazard_clock, the t of offending.h) restarts at the first
 * release and at a release from a new prison sentence; a return for a revocation
 * (technical or after an arrest) stops it, and the release resumes it where it
 * stopped. A short revocation term interrupts life outside rather than starting a
 * new re-entry; treating it as a new release would put people returned for technical
 * violations back on the high post-release hazard (docs/ODD.md 7.9).
 */
#ifndef REINTEGRA_JUSTICE_H
#define REINTEGRA_JUSTICE_H

#include <stddef.h>
#include <stdint.h>

#include "registry.h"
#include "schema.h"

#define RG_JUSTICE_PARAMS(X, g)                                                                    \
    X(g, REAL, arrest_probability, 0.5, 0.001, 1, "probability",                                   \
      "share of offences that end in an arrest", "assumed")                                        \
    X(g, REAL, conviction_probability, 0.63199, 0, 1, "probability",                               \
      "probability that an arrest ends in a conviction",                                           \
      "fitted: BJS 2012 cohort curves, NCJ 255947")                                                \
    X(g, REAL, court_delay_months, 0.787514, 0, 60, "months",                                      \
      "mean months from arrest to conviction (geometric)",                                         \
      "fitted: BJS 2012 cohort curves, NCJ 255947")                                                \
    X(g, REAL, violation_share, 0.182429, 0, 1, "probability",                                     \
      "probability that a supervised person's arrest is dealt with as a violation of "             \
      "supervision rather than prosecuted (no conviction; revocation as for any arrest)",          \
      "fitted: BJS 2012 cohort curves, NCJ 255947 (the rise of convictions per arrest "            \
      "as supervision ends); the practice of revocation in lieu of prosecution: Grattet, "         \
      "Petersilia & Lin 2008")                                                                     \
    X(g, REAL, prison_probability, 0.477321, 0, 1, "probability",                                  \
      "probability that a conviction brings a prison sentence",                                    \
      "fitted: BJS 2012 cohort curves, NCJ 255947")                                                \
    X(g, REAL, sentence_months, 20, 1, 600, "months",                                              \
      "mean prison term of a new sentence (gamma, shape 2)",                                       \
      "assumed (BJS reports a median time served of about 1.3 years)")                             \
    X(g, REAL, supervision_share, 0.75, 0, 1, "share",                                             \
      "share of releases that start a term of supervision (parole or probation)", "assumed")       \
    X(g, REAL, supervision_months, 30, 1, 600, "months",                                           \
      "mean length of a supervision term (gamma, shape 4)", "assumed")                             \
    X(g, REAL, revocation_probability, 0.097096, 0, 1, "probability",                              \
      "probability that an arrest of a supervised person revokes the supervision",                 \
      "fitted: BJS 2012 cohort curves, NCJ 255947")                                                \
    X(g, REAL, technical_revocation_rate, 0.0144573, 0, 1, "1/month",                              \
      "monthly rate of revocation for a technical violation, for propensity 1",                    \
      "fitted: BJS 2012 cohort curves, NCJ 255947")                                                \
    X(g, REAL, revocation_months, 8, 1, 120, "months",                                             \
      "mean prison term after a revocation (gamma, shape 2)", "assumed")                           \
    X(g, REAL, rr_technical_visited, 0.75, 0, 5, "1",                                              \
      "ratio of technical revocations for people visited in prison",                               \
      "measured: Duwe & Clark 2011 (observational: 25% lower technical revocation)")               \
    X(g, REAL, policing_violent, 0.05, 0, 2, "log per sd",                                         \
      "policing intensity by place for violent offences: log of the arrest probability's "         \
      "multiplier per standard deviation of neighbourhood disadvantage",                           \
      "assumed (small: victims report most violence whatever the place; Hindelang 1978, "          \
      "Lauritsen & Sampson 1998)")                                                                 \
    X(g, REAL, policing_property, 0.1, 0, 2, "log per sd",                                         \
      "policing intensity by place for property offences (as policing_violent)",                   \
      "assumed (reported offences, patrol density)")                                               \
    X(g, REAL, policing_drug, 0.35, 0, 2, "log per sd",                                            \
      "policing intensity by place for drug offences (as policing_violent)",                       \
      "assumed (proactive enforcement concentrated in poor, segregated neighbourhoods; "           \
      "drug use and selling differ little by race while arrests differ: Beckett, Nyrop & "         \
      "Pfingst 2006, Mitchell & Caudy 2015)")                                                      \
    X(g, REAL, policing_public_order, 0.25, 0, 2, "log per sd",                                    \
      "policing intensity by place for public-order offences (as policing_violent)",               \
      "assumed (order-maintenance policing of disadvantaged places; Fagan & Davies 2000)")         \
    X(g, REAL, supervision_intensity, 0.1, 0, 2, "log per sd",                                     \
      "supervision intensity by place: log of the technical revocation rate's multiplier per "     \
      "standard deviation of neighbourhood disadvantage",                                          \
      "assumed (closer surveillance where caseloads and police contact are dense)")

RG_PARAM_STRUCT(rg_params_justice, RG_JUSTICE_PARAMS);

enum rg_status_code { RG_PENDING = 0, RG_FREE = 1, RG_PRISON = 2 };

#define RG_JUSTICE_FIELDS(X, m)                                                                    \
    X(m, uint8_t, status, U8, RG_F_AGENTS | RG_F_TRAJ, "code",                                     \
      "0 not yet released, 1 free, 2 in prison")                                                   \
    X(m, int16_t, months_free, I16, RG_F_TRAJ, "months",                                           \
      "months since the latest release (-1 before the first)")                                     \
    X(m, int16_t, hazard_clock, I16, RG_F_TRAJ, "months",                                          \
      "months free since the first release or the latest release from a new sentence (a "          \
      "revocation's term stops it; -1 before the first release)")                                  \
    X(m, uint8_t, last_admission, U8, 0, "code",                                                   \
      "reason of the latest admission: 0 new sentence, 1 revoked after an arrest, 2 technical")    \
    X(m, int16_t, supervision_left, I16, RG_F_TRAJ, "months",                                      \
      "months of supervision left (0 when not supervised)")                                        \
    X(m, int16_t, prison_left, I16, RG_F_TRAJ, "months", "months of the prison term left")         \
    X(m, int16_t, case_left, I16, 0, "months",                                                     \
      "months until a pending case is decided (-1 when none)")                                     \
    X(m, int16_t, case_arrest_month, I16, 0, "months",                                             \
      "months after first release of the arrest behind the pending case")                          \
    X(m, uint16_t, arrests, U16, RG_F_AGENTS | RG_F_TRAJ, "arrests",                               \
      "arrests since first release")                                                               \
    X(m, uint16_t, convictions, U16, RG_F_AGENTS, "convictions",                                   \
      "convictions since first release")                                                           \
    X(m, uint16_t, admissions, U16, RG_F_AGENTS, "admissions",                                     \
      "returns to prison since first release")                                                     \
    X(m, int16_t, first_arrest, I16, RG_F_AGENTS, "months",                                        \
      "months from first release to the first arrest (-1: none)")                                  \
    X(m, int16_t, first_conviction, I16, RG_F_AGENTS, "months",                                    \
      "months from first release to the first arrest that led to a conviction (-1: none)")         \
    X(m, int16_t, first_return, I16, RG_F_AGENTS, "months",                                        \
      "months from first release to the first return to prison (-1: none)")                        \
    X(m, int16_t, first_conviction_date, I16, RG_F_AGENTS, "months",                               \
      "months from first release to the first conviction, dated by the court's decision (-1: "     \
      "none)")                                                                                     \
    X(m, int16_t, last_arrest, I16, 0, "month", "model month of the latest arrest (-1: none)")     \
    X(m, uint16_t, months_free_total, U16, RG_F_AGENTS, "months",                                  \
      "months free since first release")                                                           \
    X(m, uint8_t, record_cleared, U8, RG_F_AGENTS, "flag",                                         \
      "1 while the criminal record is cleared (sealed): invisible to employers and landlords; "    \
      "0 again when a new conviction reinstates it")

RG_COLUMN_STRUCT(rg_cols_justice, RG_JUSTICE_FIELDS);

/* Events: RG_JUSTICE_EVENTS in schema.h (codes are part of the output contract). */

/* Summary columns. Counts of people "free" are at the end of the month. */
#define RG_JUSTICE_SUMMARY(X, s)                                                                   \
    X(s, I64, pending, "people", "people not yet released")                                        \
    X(s, I64, free, "people", "people free at the end of the month")                               \
    X(s, I64, prison, "people", "people in prison at the end of the month")                        \
    X(s, I64, supervised, "people", "free people on supervision at the end of the month")          \
    X(s, I64, releases, "people", "releases from prison this month")                               \
    X(s, I64, arrests, "arrests", "arrests this month")                                            \
    X(s, I64, convictions, "convictions", "convictions this month")                                \
    X(s, I64, admissions, "people", "admissions to prison this month")                             \
    X(s, I64, revocations, "people", "admissions this month that were revocations")                \
    X(s, I64, ever_arrested, "people", "people arrested at least once since first release")        \
    X(s, I64, ever_convicted, "people",                                                            \
      "people with a convicted arrest since first release (known by this month)")                  \
    X(s, I64, ever_returned, "people", "people returned to prison at least once")                  \
    X(s, I64, records_cleared, "people", "people whose record is cleared at the end of the month")

RG_SUMMARY_STRUCT(rg_summary_justice, RG_JUSTICE_SUMMARY);

struct rg_run;
struct rg_block;
/* Clear agent i's record (agent phase of its block): employers and landlords no
 * longer see it. `automatic`: 1 clean slate, 0 petition. */
void rg_justice_clear_record(struct rg_run *run, struct rg_block *blk, size_t i, int automatic);
/* Reinstate agent i's cleared record (a new conviction, where the law says so):
 * employers and landlords see it again. */
void rg_justice_reinstate_record(struct rg_run *run, struct rg_block *blk, size_t i);
/* Can employers' and landlords' record checks see agent i's record? (Everyone
 * simulated has a record; it is hidden while cleared.) */
static inline int rg_justice_record_visible(const struct rg_cols_justice *justice, size_t i)
{
    return !justice->record_cleared[i];
}

struct rg_module;
extern const struct rg_module rg_justice_module;

#endif
