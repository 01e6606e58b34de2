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
      "2 technical revocation)")

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

/* Per-month summary columns: X(ctype, name, units, description). */
#define RG_SUMMARY_FIELDS(X)                                                                       \
    X(int32_t, month, "month", "model month")                                                      \
    X(int64_t, pending, "people", "people not yet released")                                       \
    X(int64_t, free, "people", "people free at the end of the month")                              \
    X(int64_t, prison, "people", "people in prison at the end of the month")                       \
    X(int64_t, supervised, "people", "free people on supervision at the end of the month")         \
    X(int64_t, releases, "people", "releases from prison this month")                              \
    X(int64_t, offenses, "offences", "offences committed this month")                              \
    X(int64_t, arrests, "arrests", "arrests this month")                                           \
    X(int64_t, convictions, "convictions", "convictions this month")                               \
    X(int64_t, admissions, "people", "admissions to prison this month")                            \
    X(int64_t, revocations, "people", "admissions this month that were revocations")               \
    X(int64_t, ever_arrested, "people", "people arrested at least once since first release")       \
    X(int64_t, ever_convicted, "people",                                                           \
      "people with a convicted arrest since first release (known by this month)")                  \
    X(int64_t, ever_returned, "people", "people returned to prison at least once")

#define RG_SUMMARY_MEMBER_(ctype, name, units, desc) ctype name;
typedef struct rg_summary {
    RG_SUMMARY_FIELDS(RG_SUMMARY_MEMBER_)
} rg_summary;
#undef RG_SUMMARY_MEMBER_

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
    gsl_rng **gsl;          /* one workspace per thread */
    rg_event_buf events;    /* this month's events, in block order */
    rg_summary *summary;    /* one row per simulated month */
    rg_output *out;         /* NULL: no file */
    void *module_state[16]; /* indexed by rg_module_slot (module.h) */
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

#endif
