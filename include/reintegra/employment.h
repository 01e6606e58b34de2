/*
 * Employers and work. Employers are agents: sector, neighbourhood, positions,
 * wage level, turnover, whether they ask about records on the application, whether
 * they check records after a conditional offer, how heavily a record weighs
 * (heterogeneous; heavier for violent and recent offences) and taste-based group
 * discrimination. Each month job seekers apply, employers screen, call back, offer
 * and hire; jobs end.
 *
 * Callback probability of applicant i at employer e:
 *   p = callback_base * skill factor * (1 - taste(race))
 *       * (1 - w_e * severity * recency * race multiplier * stigma)   record seen
 *       * (1 - b(race, sex) * w_e)                                    record not seen
 * where b is the employer's belief that someone of the applicant's visible group
 * has a record (Shannon et al. 2017): statistical discrimination is not a
 * parameter but follows from beliefs and record weights, at every employer that
 * cannot see records. Taste: Quillian et al. 2017 (meta-analysis); record weights:
 * Pager 2003 and Agan & Starr 2018; checking: Holzer, Raphael & Stoll 2004.
 */
#ifndef REINTEGRA_EMPLOYMENT_H
#define REINTEGRA_EMPLOYMENT_H

#include <stddef.h>
#include <stdint.h>

#include "registry.h"
#include "schema.h"

#define RG_EMPLOYMENT_PARAMS(X, g)                                                                 \
    X(g, REAL, employers_per_100, 4, 0.01, 100, "employers per 100 people",                        \
      "hiring employers per 100 people simulated", "assumed")                                      \
    X(g, REAL, positions_per_employer, 10, 0.1, 1000, "positions",                                 \
      "mean positions per employer open to people with records (gamma, shape 2)", "assumed")       \
    X(g, REAL, share_ask, 0.4, 0, 1, "share",                                                      \
      "share of employers that ask about records on the application (before Ban the Box)",         \
      "measured: Agan & Starr 2018 (about 40% of applications asked before BTB)")                  \
    X(g, REAL, share_check, 0.62, 0, 1, "share",                                                   \
      "share of employers that check records after a conditional offer (drawn apart from asking)", \
      "measured: Holzer, Raphael & Stoll 2004 (Los Angeles 2001: 44% always, 18% sometimes "       \
      "check)")                                                                                    \
    X(g, REAL, callback_base, 0.34, 0, 1, "probability",                                           \
      "callback probability of a white applicant without a record", "measured: Pager 2003 (34%)")  \
    X(g, REAL, record_weight_mean, 0.36, 0, 1, "share of callbacks",                               \
      "mean employer weight of a property or drug record long after release",                      \
      "measured: derived from Pager 2003 and Agan & Starr 2018 (see docs/ODD.md)")                 \
    X(g, REAL, record_weight_concentration, 5.5, 0.1, 1000, "1",                                   \
      "concentration (a + b) of the beta distribution of record weights between employers",        \
      "assumed so that about 20% of employers barely weigh a record (Holzer et al. 2003)")         \
    X(g, REAL, recent_release_extra, 0.45, 0, 5, "1",                                              \
      "extra weight of a record just after release, decaying over recent_months",                  \
      "measured: derived from Pager 2003 (recent release) and Agan & Starr 2018")                  \
    X(g, REAL, recent_months, 12, 1, 240, "months",                                                \
      "time scale of the extra weight of a recent record", "assumed")                              \
    X(g, REAL, violent_weight, 1.3, 0, 5, "1", "record weight multiplier for violent offences",    \
      "assumed: Holzer et al. 2003 (more averse to violent offenders); size assumed")              \
    X(g, REAL, public_order_weight, 0.8, 0, 5, "1",                                                \
      "record weight multiplier for public-order offences", "assumed")                             \
    X(g, REAL, race_penalty_black, 0.265, 0, 1, "share of callbacks",                              \
      "share of callbacks lost by black applicants for their group (taste-based)",                 \
      "measured: Quillian et al. 2017 meta-analysis (whites 1.36x: 1 - 1/1.36); Pager 2003 0.59 "  \
      "in "                                                                                        \
      "scenarios/labour_pager.cfg")                                                                \
    X(g, REAL, race_penalty_hispanic, 0.194, 0, 1, "share of callbacks",                           \
      "share of callbacks lost by Hispanic applicants for their group (taste-based)",              \
      "measured: Quillian et al. 2017 meta-analysis (whites 1.24x: 1 - 1/1.24)")                   \
    X(g, REAL, black_record_multiplier, 1, 0, 5, "1",                                              \
      "record weight multiplier for black applicants",                                             \
      "assumed: 1 (no meta-analytic estimate); Pager 2003 1.4 in scenarios/labour_pager.cfg")      \
    X(g, REAL, belief_black_men, 0.33, 0, 1, "probability",                                        \
      "employers' belief that a black man has a record, when they cannot see records",             \
      "measured: Shannon et al. 2017 (33% of black adult men have a felony conviction)")           \
    X(g, REAL, belief_other_men, 0.11, 0, 1, "probability",                                        \
      "employers' belief that a man who is not black has a record",                                \
      "measured: derived from Shannon et al. 2017 (8% of all adults, 33% of black men) and "       \
      "belief_women")                                                                              \
    X(g, REAL, belief_women, 0.025, 0, 1, "probability",                                           \
      "employers' belief that a woman has a record", "assumed: felony convictions of women")       \
    X(g, REAL, applications, 3, 0, 50, "applications/month",                                       \
      "applications per month of an unemployed free person searching at full effort", "assumed")   \
    X(g, REAL, search_stigma_effect, 0.5, 0, 1, "share",                                           \
      "reduction of applications at full internalised stigma", "assumed")                          \
    X(g, REAL, homeless_search_factor, 0.5, 0, 1, "1", "applications multiplier when homeless",    \
      "assumed")                                                                                   \
    X(g, REAL, substance_search_factor, 0.7, 0, 1, "1",                                            \
      "applications multiplier with an active substance use disorder", "assumed")                  \
    X(g, REAL, local_share, 0.7, 0, 1, "share",                                                    \
      "share of applications to employers in the applicant's neighbourhood", "assumed")            \
    X(g, REAL, public_stigma_effect, 0.5, 0, 1, "share",                                           \
      "callbacks lost at full public stigma in the employer's neighbourhood", "assumed")           \
    X(g, REAL, skill_effect, 0.5, 0, 2, "1",                                                       \
      "callback and wage gradient in skill (skill 0.5: no effect)", "assumed")                     \
    X(g, REAL, turnover, 0.05, 0, 1, "1/month", "monthly probability that a job ends",             \
      "assumed (low-wage separation rates of about 5% a month)")                                   \
    X(g, REAL, new_job_extra, 0.5, 0, 10, "1",                                                     \
      "extra separation risk in the first six months of a job", "assumed")                         \
    X(g, REAL, wage_mean, 2200, 0, 100000, "dollars/month", "mean monthly wage of employers",      \
      "assumed")                                                                                   \
    X(g, REAL, wage_sd_log, 0.25, 0, 3, "log dollars", "spread of wages between employers",        \
      "assumed")                                                                                   \
    X(g, REAL, record_wage_penalty, 0.15, 0, 1, "share of the wage",                               \
      "lower wage offered to someone whose record the employer knows (asked or checked)",          \
      "measured: Western 2002 (wages about 15% lower after incarceration, person fixed "           \
      "effects; other estimates are smaller) [0, 0.2]")                                            \
    X(g, REAL, seekers_per_100, 50, 0, 1000, "job seekers per 100 people",                         \
      "local job seekers not of this cohort who compete for the same vacancies, per 100 people "   \
      "simulated",                                                                                 \
      "assumed (only those competing for the same vacancies; see docs/ODD.md 7.6)")                \
    X(g, REAL, positions_per_seeker, 0.8, 0, 10, "positions",                                      \
      "positions employers hold per represented job seeker, on top of positions_per_employer",     \
      "assumed: near the seekers' simulated employment (about 75%), so that representing "         \
      "them adds few positions for the cohort; they start in these positions")                     \
    X(g, REAL, seeker_share_black, 0.20, 0, 1, "share", "share of job seekers who are black",      \
      "measured: derived from BLS 2011 labour-force shares and unemployment rates by race (11%, "  \
      "15.9%)")                                                                                    \
    X(g, REAL, seeker_share_hispanic, 0.19, 0, 1, "share",                                         \
      "share of job seekers who are Hispanic",                                                     \
      "measured: derived from BLS 2011 labour-force shares and unemployment rates by race (15%, "  \
      "11.5%)")                                                                                    \
    X(g, REAL, seeker_share_other, 0.07, 0, 1, "share",                                            \
      "share of job seekers of other races (the rest are white)",                                  \
      "measured: derived from BLS 2011 labour-force shares and unemployment rates by race")        \
    X(g, REAL, seeker_share_female, 0.45, 0, 1, "share", "share of job seekers who are women",     \
      "assumed (CPS: women are about 45% of the unemployed)")                                      \
    X(g, REAL, seeker_share_age_24, 0.30, 0, 1, "share",                                           \
      "share of job seekers aged 24 or younger",                                                   \
      "assumed (CPS: about 30% of the unemployed are under 25)")                                   \
    X(g, REAL, seeker_share_age_25_39, 0.38, 0, 1, "share",                                        \
      "share of job seekers aged 25-39 (the rest are 40 or older)", "assumed")                     \
    X(g, REAL, seeker_record_scale, 1, 0, 3, "1",                                                  \
      "prevalence of records among job seekers relative to the published prevalence "              \
      "(belief_black_men, belief_other_men, belief_women)",                                        \
      "assumed (1: employers' beliefs are right on average)")                                      \
    X(g, REAL, jobs_disadvantage, 0.3, 0, 3, "log per sd",                                         \
      "jobs by place: employers are placed in proportion to exp(-jobs_disadvantage d_n), d_n "     \
      "the neighbourhood's disadvantage (population.h)",                                           \
      "assumed (direction: spatial mismatch, Kain 1968, Wilson 1996, Stoll 2005 -- fewer "         \
      "jobs near poor, segregated neighbourhoods; size not measured on this scale)")

RG_PARAM_STRUCT(rg_params_employment, RG_EMPLOYMENT_PARAMS);

#define RG_EMPLOYMENT_FIELDS(X, m)                                                                 \
    X(m, uint8_t, employed, U8, RG_F_AGENTS | RG_F_TRAJ, "flag", "1 when in work")                 \
    X(m, int32_t, employer, I32, 0, "id", "employer id (-1: none)")                                \
    X(m, float, wage, F32, RG_F_TRAJ, "dollars/month", "current monthly earnings")                 \
    X(m, uint16_t, tenure, U16, 0, "months", "months in the current job")                          \
    X(m, uint16_t, months_employed, U16, RG_F_AGENTS, "months",                                    \
      "months free and in work since first release")                                               \
    X(m, float, income_total, F32, RG_F_AGENTS, "dollars", "earnings since first release")         \
    X(m, float, skill, F32, RG_F_AGENTS, "index 0-1", "work skills (training raises them)")        \
    X(m, uint8_t, applications, U8, 0, "applications", "job applications this month")              \
    X(m, uint8_t, rejections, U8, 0, "applications", "job applications rejected this month")

RG_COLUMN_STRUCT(rg_cols_employment, RG_EMPLOYMENT_FIELDS);

/* Events: RG_EMPLOYMENT_EVENTS in schema.h (codes are part of the output contract). */

/* Job seekers without a record (not of this cohort), by group (RG_SEEKER_GROUPS,
 * schema.h): the spillover of a policy on people without records. */
#define RG_SEEKER_SUMMARY_(X, s, g, desc)                                                          \
    X(s, I64, seekers_##g, "people", "job seekers without a record, " desc)                        \
    X(s, I64, seekers_employed_##g, "people", "job seekers without a record in work, " desc)       \
    X(s, I64, seeker_applications_##g, "applications",                                             \
      "applications sent this month by job seekers without a record, " desc)                       \
    X(s, I64, seeker_callbacks_##g, "callbacks",                                                   \
      "callbacks received this month by job seekers without a record, " desc)                      \
    X(s, F64, seeker_earnings_##g, "dollars/month",                                                \
      "earnings this month of job seekers without a record, " desc)

#define RG_EMPLOYMENT_SUMMARY(X, s)                                                                \
    X(s, I64, employed, "people", "free people in work")                                           \
    X(s, F64, income_mean, "dollars/month", "mean earnings this month among free people")          \
    X(s, I64, job_starts, "jobs", "jobs started this month")                                       \
    X(s, I64, job_losses, "jobs", "jobs ended this month")                                         \
    X(s, I64, seekers_with_record_employed, "people",                                              \
      "job seekers with a record (not of this cohort) in work")                                    \
    RG_SEEKER_GROUPS(RG_SEEKER_SUMMARY_, X, s)

RG_SUMMARY_STRUCT(rg_summary_employment, RG_EMPLOYMENT_SUMMARY);

struct rg_params;
struct rg_run;

/* The employers of a run (one column per attribute, `count` long). */
typedef struct rg_employers {
    int32_t count;
    uint8_t *sector;         /* 0-3 */
    uint16_t *neighbourhood; /* where the employer is */
    int32_t *positions;      /* positions open to people with records */
    float *wage;             /* dollars/month */
    uint8_t *asks;           /* asks about records on the application */
    uint8_t *checks;         /* checks records after a conditional offer */
    float *record_weight;    /* how heavily a record weighs, 0-1 */
    /* This month's practice (policies such as Ban the Box change it): */
    uint8_t *asks_now, *checks_now;
} rg_employers;

/* The employers of a run. */
const rg_employers *rg_employment_employers(const struct rg_run *run);

struct rg_block;
struct rg_effect_point;
/* Effect points (module.h) on each employer's practice this month: whether the
 * application asks about records, and whether records are checked after a
 * conditional offer. */
extern const struct rg_effect_point rg_employment_asks;
extern const struct rg_effect_point rg_employment_checks;
/* Effect point on each neighbourhood's relative density of employers (a factor,
 * 1 by default: employers spread evenly), read once when employers are placed: a
 * module that knows where jobs are (a place attribute) contributes to it. */
extern const struct rg_effect_point rg_employment_job_density;

/* A paid job held through a programme (market phase): employed at `wage` now,
 * with its event; the job ends only by rg_employment_end_programme_job or prison. */
void rg_employment_start_programme_job(struct rg_run *run, size_t i, double wage);
/* End agent i's programme job, if it has one (agent phase of its block). */
void rg_employment_end_programme_job(struct rg_run *run, struct rg_block *blk, size_t i);
/* Add `gain` to agent i's skill (at most 1). */
void rg_employment_add_skill(struct rg_run *run, size_t i, float gain);

/* Who applies: what an employer can see or infer. */
typedef struct rg_applicant {
    int race;                    /* rg_race */
    int offense;                 /* rg_offense of the record */
    int has_record;              /* a record that has not been cleared */
    double months_since_release; /* recency of the record */
    double skill;                /* 0-1 */
    int sex;                     /* 0 male, 1 female */
} rg_applicant;

/* Employer's belief that an applicant of `who`'s visible group (race, sex) has a
 * record, when it cannot see records (0-1). */
double rg_record_belief(const struct rg_params *p, const rg_applicant *who);

/* Probability that employer e calls back applicant `who`, when the record is seen
 * (record_seen) or not, given the public stigma of the employer's neighbourhood. */
double rg_callback_probability(const struct rg_params *p, const rg_employers *emp, int32_t e,
                               const rg_applicant *who, int record_seen, double public_stigma);

/* Share of callbacks lost when employer e sees the record of `who` (0-1). */
double rg_record_penalty(const struct rg_params *p, const rg_employers *emp, int32_t e,
                         const rg_applicant *who, double public_stigma);

/* Audit emulation (Pager 2003; Agan & Starr 2018): send the application of `who`
 * to employers, the record disclosed to all (disclose_all) or seen only by
 * employers that ask this month; callbacks drawn from keyed streams under `seed`.
 * `box` selects the employers: 1 those whose own practice is to ask, 0 those that
 * do not, -1 all. Returns the callback rate; *calls and *sent count them. */
double rg_employment_audit(const struct rg_run *run, const rg_applicant *who, int disclose_all,
                           int box, uint64_t seed, long *calls, long *sent);

struct rg_module;
extern const struct rg_module rg_employment_module;

#endif
