/*
 * Programmes: the machinery every programme shares. A programme has
 * eligibility, capacity, a waiting list, a targeting rule (first come, by need,
 * by predicted risk), uptake, dropout and completion, a duration, a start month
 * and a cost per participant-month. Its effects act through the mechanisms of the
 * world (skills, housing, support, stigma, health): each programme's module says
 * how (models/policies/).
 *
 * Every programme's parameter group starts with the same keys, declared by
 * RG_PROGRAMME_COMMON_PARAMS; its agent fields by RG_PROGRAMME_FIELDS.
 */
#ifndef REINTEGRA_PROGRAMME_H
#define REINTEGRA_PROGRAMME_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "registry.h"

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

/* Participation states. */
enum rg_programme_state {
    RG_PROG_NONE = 0,
    RG_PROG_WAITING = 1,
    RG_PROG_ACTIVE = 2,
    RG_PROG_COMPLETED = 3,
    RG_PROG_DROPPED = 4,
    RG_PROG_DECLINED = 5 /* offered and declined, or randomised to control */
};

#define RG_PROGRAMME_FIELDS(X, m, p)                                                               \
    X(m, uint8_t, p##_state, U8, RG_F_AGENTS | RG_F_TRAJ, "code",                                  \
      "programme " #p ": 0 none, 1 waiting, 2 taking part, 3 completed, 4 dropped out, "           \
      "5 declined or control")                                                                     \
    X(m, uint8_t, p##_months, U8, RG_F_AGENTS, "months", "months taken part in programme " #p)     \
    X(m, int16_t, p##_since, I16, 0, "month", "month joined the waiting list of programme " #p)

struct rg_run;
struct rg_block;

/* A programme as the shared machinery sees it: its settings, its agents'
 * columns, and the policy's rules for who is eligible and how needy they are. */
typedef struct rg_programme {
    const char *name;
    int id;     /* index in the programme table (output and events) */
    int stream; /* rg_stream_id of its draws */
    int enabled;
    long long start_month, enrol_window;
    double places_per_1000, uptake, duration, dropout, cost;
    int targeting; /* 0 first come, 1 need, 2 risk */
    uint8_t *state, *months;
    int16_t *since;
    int (*eligible)(const struct rg_run *run, size_t i);
    double (*need)(const struct rg_run *run, size_t i);
} rg_programme;

/* Fill the common settings of programme group `g` of a run's parameters. */
#define RG_PROGRAMME_SETTINGS(prog, g)                                                             \
    do {                                                                                           \
        (prog)->enabled = (g).enabled;                                                             \
        (prog)->start_month = (g).start_month;                                                     \
        (prog)->enrol_window = (g).enrol_window_months;                                            \
        (prog)->places_per_1000 = (g).places_per_1000;                                             \
        (prog)->uptake = (g).uptake;                                                               \
        (prog)->duration = (g).duration_months;                                                    \
        (prog)->dropout = (g).dropout_rate;                                                        \
        (prog)->cost = (g).cost_per_month;                                                         \
        (prog)->targeting = (g).targeting;                                                         \
    } while (0)

/* Agent phase: participants' month (dropout, completion) and new offers.
 * `active` is called for each participant's month, `ended` when they leave. */
void rg_programme_agents(struct rg_run *run, struct rg_block *blk, const rg_programme *prog,
                         void (*active)(struct rg_run *, struct rg_block *, size_t),
                         void (*ended)(struct rg_run *, struct rg_block *, size_t, int completed));

/* Market phase: free places go to eligible people on the waiting list by the
 * targeting rule, then id. */
rg_status rg_programme_admit(struct rg_run *run, const rg_programme *prog, rg_error *err);

/* Places of a programme in a run. */
long long rg_programme_places(const struct rg_run *run, const rg_programme *prog);

#endif
