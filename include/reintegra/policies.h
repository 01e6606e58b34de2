/*
 * Policies and programmes (models/policies/, one file each). Every value has its
 * source; DOMAIN.md and data/targets/interventions.csv give the evidence.
 */
#ifndef REINTEGRA_POLICIES_H
#define REINTEGRA_POLICIES_H

#include <stdint.h>

#include "registry.h"

/* The keys every programme's parameter group starts with, and its first fields
 * (models/programme.c reads them). */
#define RG_PROGRAMME_COMMON_PARAMS(X, g, CAPACITY, DURATION, DROPOUT, COST, SOURCE)                \
    X(g, BOOL, enabled, 0, 0, 0, "-", "run the programme", "setting")                              \
    X(g, INT, start_month, 0, 0, 1200, "month", "model month the programme starts", "setting")     \
    X(g, REAL, places_per_1000, CAPACITY, 0, 1000, "places per 1000 people",                       \
      "places (participants at once) per 1000 people simulated", "setting")                        \
    X(g, CHOICE, targeting, "first_come", "first_come|need|risk", 0, "-",                          \
      "who gets a free place first: first come, greatest need, or highest predicted risk "         \
      "(risk-need-responsivity)",                                                                  \
      "setting")                                                                                   \
    X(g, INT, enrol_window_months, 1200, 0, 1200, "months",                                        \
      "people are eligible only within this many months of release", "setting")                    \
    X(g, REAL, uptake, 0.7, 0, 1, "share", "share of eligible people offered who take part",       \
      "assumed")                                                                                   \
    X(g, REAL, duration_months, DURATION, 1, 120, "months", "length of the programme", SOURCE)     \
    X(g, REAL, dropout_rate, DROPOUT, 0, 1, "1/month", "monthly probability of dropping out",      \
      "assumed")                                                                                   \
    X(g, REAL, cost_per_month, COST, 0, 1e6, "dollars", "cost per participant-month", "assumed")

#define RG_PROGRAMME_FIELDS(X, m, p)                                                               \
    X(m, uint8_t, p##_state, U8, RG_F_AGENTS | RG_F_TRAJ, "code",                                  \
      "programme " #p ": 0 none, 1 waiting, 2 taking part, 3 completed, 4 dropped out, "           \
      "5 declined or control")                                                                     \
    X(m, uint8_t, p##_months, U8, RG_F_AGENTS, "months", "months taken part in programme " #p)     \
    X(m, int16_t, p##_since, I16, 0, "month", "month joined the waiting list of programme " #p)

/* Counselling / cognitive behavioural therapy: cognitive skills build up over the
 * programme and lower the offending hazard (Landenberger & Lipsey 2005: odds ratio
 * of non-recidivism 1.53). */
#define RG_CBT_PARAMS(X, g)                                                                        \
    RG_PROGRAMME_COMMON_PARAMS(X, g, 100, 4, 0.05, 300, "assumed (12-16 week programmes)")         \
    X(g, REAL, hazard_ratio, 0.55, 0.05, 1, "1", "offending hazard ratio after completing CBT",    \
      "set so that completers' odds ratio of staying arrest-free is about 1.5 "                    \
      "(Landenberger & Lipsey 2005: 1.53; tests/validation/test_policies.c)")

/* Education and training: skills rise over the programme (callbacks and wages). */
#define RG_TRAINING_PARAMS(X, g)                                                                   \
    RG_PROGRAMME_COMMON_PARAMS(X, g, 100, 6, 0.04, 500, "assumed")                                 \
    X(g, REAL, skill_gain, 0.25, 0, 1, "index 0-1", "skill gained by completing the programme",    \
      "assumed")

/* Transitional jobs: a paid job at once, for a few months, then job search with
 * more skill; effective when started within three months of release (CEO RCT,
 * Redcross et al. 2012). */
#define RG_TRANSITIONAL_JOBS_PARAMS(X, g)                                                          \
    RG_PROGRAMME_COMMON_PARAMS(X, g, 50, 4, 0.05, 1200, "Redcross et al. 2012 (CEO)")              \
    X(g, REAL, wage, 1200, 0, 100000, "dollars/month", "wage of the transitional job", "assumed")  \
    X(g, REAL, hazard_ratio, 0.8, 0.05, 1, "1",                                                    \
      "offending hazard ratio while in the transitional job (structure, income, supervision)",     \
      "assumed to give the CEO RCT's 3-year rearrest difference for early enrollees")              \
    X(g, REAL, skill_gain, 0.1, 0, 1, "index 0-1", "skill gained by completing", "assumed")

/* Supported housing: a stable home plus services; the home is kept afterwards
 * (Returning Home-Ohio, Fontaine et al. 2012: 1-year rearrest -40%). */
#define RG_SUPPORTED_HOUSING_PARAMS(X, g)                                                          \
    RG_PROGRAMME_COMMON_PARAMS(X, g, 30, 12, 0.03, 1000, "assumed")                                \
    X(g, REAL, hazard_ratio, 0.75, 0.05, 1, "1",                                                   \
      "offending hazard ratio of the services while housed by the programme",                      \
      "Fontaine et al. 2012 (Returning Home-Ohio); size assumed below the reported -40%")

/* Health programme: treatment of mental illness and substance use. */
#define RG_HEALTH_PROGRAMME_PARAMS(X, g)                                                           \
    RG_PROGRAMME_COMMON_PARAMS(X, g, 50, 6, 0.05, 800, "assumed")                                  \
    X(g, REAL, treatment_rate, 0.3, 0, 1, "1/month",                                               \
      "monthly probability that a participant's active condition enters treatment", "assumed")

/* Family support: strain eases twice as fast, capacity grows on completion;
 * more visits before release (Duwe & Clark 2011). */
#define RG_FAMILY_SUPPORT_PARAMS(X, g)                                                             \
    RG_PROGRAMME_COMMON_PARAMS(X, g, 50, 6, 0.03, 200, "assumed")                                  \
    X(g, REAL, strain_recovery_factor, 2, 1, 10, "1", "strain eases this many times faster",       \
      "assumed")                                                                                   \
    X(g, REAL, capacity_gain, 0.1, 0, 1, "index 0-1", "family capacity gained on completion",      \
      "assumed")                                                                                   \
    X(g, REAL, visit_share_extra, 0.2, 0, 1, "share",                                              \
      "extra share visited before release, for people released after the start",                   \
      "assumed (Duwe & Clark 2011: 39% never visited)")

/* Mentoring expansion: more mentors in the pool from the start month. */
#define RG_MENTORING_PARAMS(X, g)                                                                  \
    X(g, BOOL, enabled, 0, 0, 0, "-", "run the expansion", "setting")                              \
    X(g, INT, start_month, 0, 0, 1200, "month", "model month the expansion starts", "setting")     \
    X(g, REAL, extra_per_1000, 20, 0, 1000, "mentors per 1000 people",                             \
      "mentors added to the pool per 1000 people simulated", "setting")                            \
    X(g, REAL, cost_per_month, 150, 0, 1e6, "dollars",                                             \
      "cost per mentee-month of the added mentors", "assumed")

/* Community stigma campaign: lowers the public stigma level of the neighbourhoods
 * it covers. */
#define RG_STIGMA_CAMPAIGN_PARAMS(X, g)                                                            \
    X(g, BOOL, enabled, 0, 0, 0, "-", "run the campaign", "setting")                               \
    X(g, INT, start_month, 0, 0, 1200, "month", "model month the campaign starts", "setting")      \
    X(g, REAL, strength, 0.3, 0, 1, "share", "reduction of the public stigma level", "assumed")    \
    X(g, REAL, coverage, 1, 0, 1, "share", "share of neighbourhoods covered", "setting")           \
    X(g, REAL, cost_per_month, 5000, 0, 1e9, "dollars", "cost per covered neighbourhood-month",    \
      "assumed")

/* Ban the Box: the record question leaves the application; covered employers
 * check records after a conditional offer and may withdraw it; employers who can
 * no longer see records may infer them from group membership (statistical
 * discrimination; Agan & Starr 2018: the black-white callback gap grew from 7% to
 * 43% at affected employers). */
#define RG_BAN_THE_BOX_PARAMS(X, g)                                                                \
    X(g, BOOL, enabled, 0, 0, 0, "-", "apply Ban the Box", "setting")                              \
    X(g, INT, start_month, 0, 0, 1200, "month", "model month the policy starts", "setting")        \
    X(g, REAL, coverage, 1, 0, 1, "share", "share of employers covered", "setting")                \
    X(g, REAL, statistical_discrimination, 0.25, 0, 1, "share of callbacks",                       \
      "extra share of callbacks lost by black applicants at covered employers (half for "          \
      "Hispanic applicants)",                                                                      \
      "Agan & Starr 2018; size assumed")

/* Fresh Start / record clearance: after offence-free years, eligible records are
 * cleared by petition (low uptake) or automatically (clean slate); a cleared
 * record is invisible to employers and landlords. */
#define RG_FRESH_START_PARAMS(X, g)                                                                \
    X(g, BOOL, enabled, 0, 0, 0, "-", "apply record clearance", "setting")                         \
    X(g, INT, start_month, 0, 0, 1200, "month", "model month the policy starts", "setting")        \
    X(g, CHOICE, mode, "petition", "petition|automatic", 0, "-",                                   \
      "petition: people must apply; automatic: clean slate", "setting")                            \
    X(g, REAL, offence_free_years, 3, 0, 50, "years",                                              \
      "years since release and since the latest arrest before a record can be cleared",            \
      "assumed (laws range from 3 to 10 years; data/targets/record_clearance.csv)")                \
    X(g, BOOL, exclude_violent, 1, 0, 0, "-", "violent records cannot be cleared", "setting")      \
    X(g, REAL, share_fines_paid, 0.8, 0, 1, "share", "share who have paid their fines", "assumed") \
    X(g, REAL, petition_uptake_5y, 0.065, 0, 1, "share",                                           \
      "share of eligible people who petition within five years", "Prescott & Starr 2020 (6.5%)")

/* The risk-assessment instrument: a logistic model of rearrest within 12 months
 * fitted on a simulated historical cohort (same model, another seed). */
#define RG_RISK_TOOL_PARAMS(X, g)                                                                  \
    X(g, BOOL, enabled, 0, 0, 0, "-",                                                              \
      "fit the instrument (on automatically when a programme targets by risk)", "setting")         \
    X(g, INT, training_agents, 20000, 100, 10000000, "people",                                     \
      "size of the simulated historical cohort it is fitted on", "setting")

/* Emulated randomised trial: eligible people are randomised to be offered the
 * programme or not (control). */
#define RG_TRIAL_PARAMS(X, g)                                                                      \
    X(g, CHOICE, programme, "none",                                                                \
      "none|cbt|training|transitional_jobs|supported_housing|health_programme|family_support", 0,  \
      "-", "programme whose offer is randomised", "setting")                                       \
    X(g, REAL, share_offered, 0.5, 0, 1, "share",                                                  \
      "share of eligible people randomised to the offer", "setting")

#define RG_POLICY_FIELDS(X, m)                                                                     \
    RG_PROGRAMME_FIELDS(X, m, cbt)                                                                 \
    RG_PROGRAMME_FIELDS(X, m, training)                                                            \
    RG_PROGRAMME_FIELDS(X, m, tj)                                                                  \
    RG_PROGRAMME_FIELDS(X, m, housing_prog)                                                        \
    RG_PROGRAMME_FIELDS(X, m, health_prog)                                                         \
    RG_PROGRAMME_FIELDS(X, m, family_prog)                                                         \
    X(m, float, cognitive_skills, F32, RG_F_AGENTS, "index 0-1",                                   \
      "skills from counselling/CBT (1: completed)")                                                \
    X(m, float, predicted_risk, F32, RG_F_AGENTS, "probability",                                   \
      "rearrest within 12 months predicted by the risk tool at release (-1: no tool)")             \
    X(m, int8_t, trial_arm, I8, RG_F_AGENTS, "code",                                               \
      "emulated trial: -1 not in the trial, 0 control, 1 offered")

#endif
