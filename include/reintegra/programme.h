/*
 * Programmes: the machinery every programme shares (models/programme.c). A
 * programme has eligibility, capacity, a waiting list, a targeting rule (first
 * come, by need, by predicted risk), uptake, dropout and completion, a duration, a
 * start month and a cost per participant-month. Its effects act through the
 * mechanisms of the world (skills, housing, support, stigma, health): each
 * programme's file in models/policies/ says how.
 *
 * A module is a row of the programme table (/programmes: starts, completions,
 * participant-months, cost) when it points to an rg_programme_spec. Enrolment
 * programmes give the rules below; every programme's parameter group starts with
 * RG_PROGRAMME_COMMON_PARAMS and its fields with RG_PROGRAMME_FIELDS. Policies
 * that are costed without enrolment (more mentors, a campaign) say who or what
 * takes part each month.
 */
#ifndef REINTEGRA_PROGRAMME_H
#define REINTEGRA_PROGRAMME_H

#include <stddef.h>
#include <stdint.h>

#include "justice.h"
#include "module.h"
#include "registry.h"
#include "schema.h"
#include "rng.h"

/* Who gets a free place first (programme.targeting). */
#define RG_TARGETING_CHOICES(C)                                                                    \
    C(RG_TARGETING, FIRST_COME, first_come)                                                        \
    C(RG_TARGETING, NEED, need)                                                                    \
    C(RG_TARGETING, RISK, risk) C(RG_TARGETING, DISADVANTAGE, disadvantage)
RG_CHOICE_ENUM(rg_targeting, RG_TARGETING_CHOICES);

/* The keys every programme's parameter group starts with. */
#define RG_PROGRAMME_COMMON_PARAMS(X, g, CAPACITY, DURATION, DROPOUT, COST, SOURCE)                \
    X(g, BOOL, enabled, 0, 0, 0, "-", "run the programme", "setting")                              \
    X(g, INT, start_month, 0, 0, 1200, "month", "model month the programme starts", "setting")     \
    X(g, REAL, places_per_1000, CAPACITY, 0, 1000, "places per 1000 people",                       \
      "places (participants at once) per 1000 people simulated", "setting")                        \
    X(g, CHOICE, targeting, "first_come", RG_TARGETING_CHOICES, 0, "-",                            \
      "who gets a free place first: first come, greatest need, highest predicted risk "            \
      "(risk-need-responsivity), or the most disadvantaged neighbourhood of return (never race)",  \
      "setting")                                                                                   \
    X(g, INT, enrol_window_months, 1200, 0, 1200, "months",                                        \
      "people are eligible only within this many months of release", "setting")                    \
    X(g, REAL, uptake, 0.7, 0, 1, "share", "share of eligible people offered who take part",       \
      "assumed")                                                                                   \
    X(g, REAL, duration_months, DURATION, 1, 120, "months", "length of the programme", SOURCE)     \
    X(g, REAL, dropout_rate, DROPOUT, 0, 1, "1/month", "monthly probability of dropping out",      \
      "assumed")                                                                                   \
    X(g, REAL, cost_per_month, COST, 0, 1e6, "dollars", "cost per participant-month", "assumed")   \
    RG_PROGRAMME_LEVERS(X, g)

/* Who may take part besides the programme's own eligibility (age, sex, place of
 * return; never race), how its places phase in and out, and a monthly budget. The
 * defaults admit everyone the programme's own rule admits, at full capacity from
 * start_month, without end or cap. */
#define RG_PROGRAMME_SEX_CHOICES(C)                                                                \
    C(RG_PROGRAMME_SEX, ANY, any)                                                                  \
    C(RG_PROGRAMME_SEX, MALE, male) C(RG_PROGRAMME_SEX, FEMALE, female)
RG_CHOICE_ENUM(rg_programme_sex, RG_PROGRAMME_SEX_CHOICES);

#define RG_PROGRAMME_LEVERS(X, g)                                                                  \
    X(g, REAL, age_min, 0, 0, 120, "years", "eligible from this age (current age, in years)",      \
      "setting")                                                                                   \
    X(g, REAL, age_max, 120, 0, 120, "years",                                                      \
      "eligible up to this age (current age; people older than it are not)", "setting")            \
    X(g, CHOICE, sex, "any", RG_PROGRAMME_SEX_CHOICES, 0, "-",                                     \
      "eligible sex: any, male or female", "setting")                                              \
    X(g, STR, neighbourhoods, "", 0, 0, "ids",                                                     \
      "eligible neighbourhoods of return: ids (0 to population.neighbourhoods - 1) separated by "  \
      "commas; empty: all",                                                                        \
      "setting")                                                                                   \
    X(g, INT, ramp_months, 0, 0, 1200, "months",                                                   \
      "places grow in equal steps from start_month to full capacity over this many months "        \
      "(0: full at once)",                                                                         \
      "setting")                                                                                   \
    X(g, INT, end_month, -1, -1, 1200, "month",                                                    \
      "last model month in which people are offered places and admitted; participants then "       \
      "finish (-1: no end)",                                                                       \
      "setting")                                                                                   \
    X(g, REAL, budget_per_month, 0, 0, 1e12, "dollars",                                            \
      "spending cap on participants per month: nobody is admitted whose place would take the "     \
      "month's spend (participants x cost_per_month) over it (0: no cap)",                         \
      "setting")

/* Participation states. */
enum rg_programme_state {
    RG_PROG_NONE = 0,
    RG_PROG_WAITING = 1,
    RG_PROG_ACTIVE = 2,
    RG_PROG_COMPLETED = 3,
    RG_PROG_DROPPED = 4,
    RG_PROG_DECLINED = 5 /* offered and declined, or randomised to control */
};

/* The first fields of every programme: its state, months taken part and month
 * joined the waiting list (models/programme.c binds them). */
#define RG_PROGRAMME_FIELDS(X, m, p)                                                               \
    X(m, uint8_t, p##_state, U8, RG_F_AGENTS | RG_F_TRAJ, "code",                                  \
      "programme " #p ": 0 none, 1 waiting, 2 taking part, 3 completed, 4 dropped out, "           \
      "5 declined or control")                                                                     \
    X(m, uint8_t, p##_months, U8, RG_F_AGENTS, "months", "months taken part in programme " #p)     \
    X(m, int16_t, p##_since, I16, 0, "month", "month joined the waiting list of programme " #p)

/* The random purposes of an enrolment programme: dropout, then uptake of an
 * offer, on a stream of its own (give it with RG_MODULE_PURPOSES). */
#define RG_PROGRAMME_DRAWS(array, name, stream)                                                    \
    static const rg_purpose array[] = {                                                            \
        RG_DRAW(name ".dropout", stream, 0, MONTHLY, AGENT, 0, 2,                                  \
                "whether a participant drops out this month"),                                     \
        RG_DRAW(name ".uptake", stream, 0, MONTHLY, AGENT, 2, 2,                                   \
                "whether a person offered a place takes it up"),                                   \
    }

/* Events: RG_PROGRAMME_EVENTS in schema.h (codes are part of the output contract). */

/* What makes a module a row of the programme table. */
typedef struct rg_programme_spec {
    /* Enrolment programmes: who among agents [begin, end) is eligible (ok[i - begin])
     * and how needy they are (for targeting by need); a participant's month; what
     * happens when a participant leaves (completed or not). */
    void (*eligible)(const rg_run *run, const rg_instance *self, size_t begin, size_t end,
                     uint8_t *ok);
    void (*need)(const rg_run *run, const rg_instance *self, size_t begin, size_t end,
                 double *need);
    void (*active)(rg_run *run, rg_instance *self, rg_block *blk, size_t i);
    void (*ended)(rg_run *run, rg_instance *self, rg_block *blk, size_t i, int completed);
    /* Policies costed without enrolment: the participants among agents [begin, end)
     * this month (their flags set in `in`, their count returned) and units that are
     * not people (covered neighbourhoods). Either may be NULL. */
    int64_t (*participants)(const rg_run *run, const rg_instance *self, size_t begin, size_t end,
                            uint8_t *in);
    int64_t (*units)(const rg_run *run, const rg_instance *self);
} rg_programme_spec;

/* An enrolment programme in a run (the state of its module instance). */
typedef struct rg_programme {
    const rg_programme_spec *spec;
    const char *name;
    int row; /* in /programmes; the detail of its events */
    int enabled, targeting;
    long long start_month, enrol_window;
    double places_per_1000, uptake, duration, dropout, cost;
    /* Levers (RG_PROGRAMME_LEVERS). */
    double age_min, age_max, budget;
    int sex; /* enum rg_programme_sex */
    long long ramp_months, end_month;
    uint8_t *in_place; /* [neighbourhood] eligible; NULL: every neighbourhood */
    int filtered;      /* age, sex or place restrict eligibility */
    uint8_t *state, *months;
    int16_t *since;
    int trial;            /* the emulated trial randomises its offer */
    double share_offered; /* by the trial */
    const rg_purpose *dropout_draw, *uptake_draw;
    const struct rg_cols_justice *justice;       /* who is free, and since when */
    const struct rg_cols_population *population; /* age, sex, neighbourhood */
    int8_t *trial_arm;                           /* the trial's column */
    const float *predicted_risk;                 /* the risk tool's column (targeting by risk) */
} rg_programme;

/* Hooks of an enrolment programme module: its init, its agent phase (participants'
 * month, dropout, completion, new offers) and its market phase (free places go to
 * eligible people on the waiting list by the targeting rule, then id); its free is
 * rg_free_state. */
rg_status rg_programme_init(rg_run *run, rg_instance *self, rg_error *err);
void rg_programme_agents(rg_run *run, rg_instance *self, rg_block *blk);
rg_status rg_programme_admit(rg_run *run, rg_instance *self, rg_error *err);
/* Rules several programmes share: eligible when free, or free and out of work;
 * need as the current offending risk. */
void rg_eligible_free(const rg_run *run, const rg_instance *self, size_t begin, size_t end,
                      uint8_t *ok);
void rg_eligible_out_of_work(const rg_run *run, const rg_instance *self, size_t begin, size_t end,
                             uint8_t *ok);
void rg_need_risk(const rg_run *run, const rg_instance *self, size_t begin, size_t end,
                  double *need);

/* The programme state of an enrolment programme's instance. */
static inline const rg_programme *rg_programme_of(const rg_instance *self)
{
    return (const rg_programme *)self->state;
}

/* Places of an enrolment programme in `month`: places_per_1000 for the run's
 * people, ramped in over ramp_months from start_month, capped by the monthly
 * budget; 0 before start_month and after end_month. */
long long rg_programme_places(const rg_run *run, const rg_programme *prog, long long month);
/* Parse a list of neighbourhood ids ("3, 7,12"): 0 and in_place[id] = 1 for each
 * (in_place may be NULL to check only), or -1 with the offending item in err. */
int rg_programme_parse_places(const char *text, int neighbourhoods, uint8_t *in_place, char *err,
                              size_t err_size);

/* Row of `module` in the programme table (-1 if it is not a programme). */
int rg_programme_row(const rg_module *module);
/* Does an enabled enrolment programme target by predicted risk? */
int rg_programmes_target_risk(const rg_params *p);

struct rg_module;
extern const struct rg_module rg_programmes_module;

#endif
