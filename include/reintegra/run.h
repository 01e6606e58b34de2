/*
 * A run: one simulation that owns all of its state. Many runs can exist in one
 * process, one after another or side by side; nothing is global.
 */
#ifndef REINTEGRA_RUN_H
#define REINTEGRA_RUN_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "agents.h"
#include "error.h"
#include "params.h"

/* Event types of the event log. Codes are part of the output contract. */
#define RG_EVENT_TYPES(X)                                                                          \
    X(RELEASE, 1, "release from prison (detail: 0 first release, 1 re-release)")                   \
    X(OFFENSE, 2, "offence committed (detail: 1 if it led to an arrest)")                          \
    X(ARREST, 3, "arrest (detail: 1 if on supervision)")                                           \
    X(CONVICTION, 4, "conviction for an earlier arrest (detail: 1 if sentenced to prison)")        \
    X(ADMISSION, 5,                                                                                \
      "admission to prison (detail: 0 new sentence, 1 revocation after arrest, "                   \
      "2 technical revocation)")                                                                   \
    X(JOB_START, 6, "a job starts (detail: sector of the employer)")                               \
    X(JOB_LOSS, 7, "a job ends (detail: 0 separation, 1 imprisonment)")                            \
    X(HOUSING_MOVE, 8, "housing changes (detail: new state, 0 stable, 1 unstable, 2 homeless)")    \
    X(MENTOR_MATCH, 9, "matched with a mentor")                                                    \
    X(MENTOR_END, 10,                                                                              \
      "a mentoring relationship ends (detail: 0 failed, 1 completed, 2 imprisonment, "             \
      "3 mentor burnout)")                                                                         \
    X(RELAPSE, 11, "relapse (detail: 0 substance use, 1 mental illness)")                          \
    X(FAMILY_BREAKDOWN, 12, "family support breaks down")                                          \
    X(FAMILY_REPAIR, 13, "family support is rebuilt")                                              \
    X(PROGRAMME_START, 14, "starts a programme (detail: programme id, /programmes order)")         \
    X(PROGRAMME_END, 15,                                                                           \
      "leaves a programme (detail: programme id + 16 x reason: 0 completed, 1 dropped out, "       \
      "2 imprisoned)")                                                                             \
    X(RECORD_CLEARED, 16, "the criminal record is cleared (detail: 0 petition, 1 automatic)")

#define RG_EVENT_ENUM_(name, code, desc) RG_EV_##name = code,
typedef enum rg_event_type { RG_EVENT_TYPES(RG_EVENT_ENUM_) } rg_event_type;
#undef RG_EVENT_ENUM_

enum { RG_ADMIT_SENTENCE = 0, RG_ADMIT_REVOKED_ARREST = 1, RG_ADMIT_TECHNICAL = 2 };

typedef struct rg_event {
    int32_t month;
    uint32_t agent;
    uint8_t type;
    uint8_t detail;
} rg_event;

typedef struct rg_event_buf {
    rg_event *ev;
    size_t len, cap;
} rg_event_buf;

/* Per-month summary columns: X(TYPE, name, units, description), TYPE one of I32,
 * I64, F64. The engine fills the counts it owns; modules fill theirs in their
 * record hook. Counts of people "free" are at the end of the month. */
#define RG_SUMMARY_FIELDS(X)                                                                       \
    X(I32, month, "month", "model month")                                                          \
    X(I64, pending, "people", "people not yet released")                                           \
    X(I64, free, "people", "people free at the end of the month")                                  \
    X(I64, prison, "people", "people in prison at the end of the month")                           \
    X(I64, supervised, "people", "free people on supervision at the end of the month")             \
    X(I64, releases, "people", "releases from prison this month")                                  \
    X(I64, offenses, "offences", "offences committed this month")                                  \
    X(I64, arrests, "arrests", "arrests this month")                                               \
    X(I64, convictions, "convictions", "convictions this month")                                   \
    X(I64, admissions, "people", "admissions to prison this month")                                \
    X(I64, revocations, "people", "admissions this month that were revocations")                   \
    X(I64, ever_arrested, "people", "people arrested at least once since first release")           \
    X(I64, ever_convicted, "people",                                                               \
      "people with a convicted arrest since first release (known by this month)")                  \
    X(I64, ever_returned, "people", "people returned to prison at least once")                     \
    X(I64, employed, "people", "free people in work")                                              \
    X(F64, income_mean, "dollars/month", "mean earnings this month among free people")             \
    X(I64, job_starts, "jobs", "jobs started this month")                                          \
    X(I64, job_losses, "jobs", "jobs ended this month")                                            \
    X(I64, housing_stable, "people", "free people in stable housing")                              \
    X(I64, housing_unstable, "people", "free people staying with others (unstable housing)")       \
    X(I64, homeless, "people", "free people without housing")                                      \
    X(I64, family_support, "people", "free people whose family gives support (support > 0.5)")     \
    X(I64, mentored, "people", "free people with a mentor")                                        \
    X(I64, mentor_waiting, "people", "free people waiting for a mentor")                           \
    X(I64, substance_active, "people", "free people with an active substance use disorder")        \
    X(I64, mental_active, "people", "free people with an active, untreated mental illness")        \
    X(F64, stigma_internal_mean, "index 0-1", "mean internalised stigma of free people")           \
    X(F64, stigma_public_mean, "index 0-1", "mean public stigma over neighbourhoods")              \
    X(I64, in_programme, "people", "people taking part in a programme (any)")                      \
    X(F64, programme_cost, "dollars", "cost of all programmes and campaigns this month")           \
    X(I64, records_cleared, "people", "people whose record has been cleared")

#define RG_SUMMARY_CTYPE_I32 int32_t
#define RG_SUMMARY_CTYPE_I64 int64_t
#define RG_SUMMARY_CTYPE_F64 double
#define RG_SUMMARY_MEMBER_(T, name, units, desc) RG_SUMMARY_CTYPE_##T name;
typedef struct rg_summary {
    RG_SUMMARY_FIELDS(RG_SUMMARY_MEMBER_)
} rg_summary;
#undef RG_SUMMARY_MEMBER_

/* Output of world-level state that is not per agent:
 * - a series: `width` values appended every month as /GROUP/NAME [months, width];
 * - a table column: `n` values written once at the end as /GROUP/NAME.
 * Modules register them in their init; the data must live as long as the run. */
typedef struct rg_world_series {
    const char *group, *name, *units, *description;
    int width;
    const double *values;
} rg_world_series;

typedef struct rg_world_column {
    const char *group, *name, *units, *description;
    int type; /* rg_h5type */
    size_t n;
    const void *data;
} rg_world_column;

enum { RG_MAX_SERIES = 16, RG_MAX_TABLE_COLUMNS = 64 };

/* The neighbourhoods people return to, and the world state modules share. */
typedef struct rg_world {
    int neighbourhoods;
    double *stigma_public; /* [n] public stigma, 0-1: set by the stigma module */
    double *housing_stock; /* [n] affordable homes free per month per 100 residents */
} rg_world;

/* A block of agents handled by one thread in a parallel phase. Blocks are fixed by
 * the population size alone, so the work and its results do not depend on the
 * number of threads; events are gathered in block order. */
typedef struct rg_block {
    size_t begin, end;
    int month;
    rg_event_buf events;
    gsl_rng *gsl; /* the running thread's workspace */
    int failed;   /* set when an event could not be recorded (out of memory) */
} rg_block;

enum { RG_BLOCK_SIZE = 4096 };

void rg_block_event(rg_block *b, size_t agent, rg_event_type type, int detail);

typedef struct rg_run rg_run;
typedef struct rg_output rg_output;

/* Progress report: months done of months total. */
typedef void (*rg_progress_fn)(void *ctx, int done, int total);

struct rg_run {
    rg_params p;
    rg_agents a;
    uint64_t seed;
    int month;   /* the next month to simulate */
    int months;  /* horizon */
    int threads; /* 0: OpenMP's default */
    size_t n_blocks;
    rg_block *blocks;
    int n_gsl;
    gsl_rng **gsl;            /* one workspace per thread */
    rg_event_buf events;      /* this month's events, in block order */
    rg_summary *summary;      /* one row per simulated month */
    rg_output *out;           /* NULL: no file */
    struct rg_instance *mods; /* the modules of the run, in module-list order */
    size_t n_mods;
    struct rg_effect_list *effects; /* contributions to each effect point */
    size_t n_effects;
    size_t *order[6]; /* per phase (module.h): instance indexes in schedule order */
    size_t n_order[6];
    size_t n_inited; /* inits that ran (their modules are freed) */
    rg_world world;
    int n_series, n_table;
    rg_world_series series[RG_MAX_SERIES];
    rg_world_column table[RG_MAX_TABLE_COLUMNS];
    rg_progress_fn progress;
    void *progress_ctx;
    double wall_seconds;
};

/* Threads for the run's parallel loops (run->threads, or OpenMP's default). */
int rg_run_threads(const rg_run *run);
/* The calling thread's gsl_rng workspace (inside the run's parallel loops). */
gsl_rng *rg_run_gsl(const rg_run *run);

rg_status rg_run_create(rg_run **run, const rg_params *p, int threads, rg_error *err);
/* Write to PATH (through PATH.partial, renamed when the run completes). */
rg_status rg_run_open_output(rg_run *run, const char *path, rg_error *err);
/* Simulate one month. */
rg_status rg_run_step(rg_run *run, rg_error *err);
/* Simulate every remaining month and, with an output, complete the file. */
rg_status rg_run_complete(rg_run *run, rg_error *err);
void rg_run_free(rg_run *run);

/* A sum over agents that does not depend on the thread count: each block's part
 * is computed in parallel, then the parts are added in block order. `part`
 * returns the sum over agents [begin, end). */
double rg_run_block_sum(const rg_run *run,
                        double (*part)(const rg_run *run, size_t begin, size_t end, void *ctx),
                        void *ctx);

/* The agent column of the field called `name` (NULL if there is none). */
void *rg_run_field(const rg_run *run, const char *name);

/* Register world-level output (see rg_world_series, rg_world_column). */
rg_status rg_run_add_series(rg_run *run, rg_world_series s, rg_error *err);
rg_status rg_run_add_table_column(rg_run *run, rg_world_column c, rg_error *err);

#endif
