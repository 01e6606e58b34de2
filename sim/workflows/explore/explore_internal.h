/* Parts of the explorer shared between its files (not a public interface). */
#ifndef REINTEGRA_EXPLORE_INTERNAL_H
#define REINTEGRA_EXPLORE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "reintegra/error.h"
#include "reintegra/explore.h"
#include "reintegra/recidivism.h"
#include "reintegra/run.h"
#include "reintegra/story.h"
#include "reintegra/workflow.h"

enum { EX_NAME_MAX = 64, EX_MAX_SETTINGS = 64, EX_MAX_YEARS = 100, EX_MAX_PROGRAMMES = 16 };

/* A value in a request: a number, true/false or a short text. */
typedef struct ex_value {
    char kind; /* 'n' number, 'b' boolean, 's' text */
    double num;
    char text[EX_NAME_MAX];
} ex_value;

typedef struct ex_setting {
    char name[EX_NAME_MAX];
    ex_value v;
} ex_setting;

/* A request to /api/run: every number -1 when absent. */
typedef struct ex_query {
    long long agents, months, seed, person, changed_from;
    int n;
    ex_setting levers[EX_MAX_SETTINGS];
} ex_query;

/* Parse a request body: one JSON object with the keys agents, months, seed,
 * person, changed_from (whole numbers) and levers (an object of numbers, true or
 * false and short texts). Anything else is RG_EINPUT with a message. */
rg_status ex_parse_query(const char *body, size_t len, ex_query *q, rg_error *err);

/* The summary columns the explorer shows, read by name (rg_run_summary_value). */
// clang-format off
#define EX_ROW_COLUMNS(X) \
    X(free) \
    X(prison) \
    X(pending) \
    X(ever_arrested) \
    X(ever_convicted) \
    X(ever_returned) \
    X(employed) \
    X(housing_stable) \
    X(homeless) \
    X(mentored) \
    X(in_programme) \
    X(income_mean) \
    X(stigma_internal_mean) \
    X(programme_cost)
// clang-format on
#define EX_ROW_MEMBER_(name) double name;
typedef struct ex_row {
    EX_ROW_COLUMNS(EX_ROW_MEMBER_)
} ex_row;
#undef EX_ROW_MEMBER_

/* A finished simulation, kept whole for the charts, headline numbers and stories. */
typedef struct ex_run {
    char *key;          /* the resolved configuration */
    int refs, cached;   /* users now; held by the cache */
    unsigned long used; /* when last used (cache order) */
    int months, years;
    size_t n;                                     /* people */
    ex_row *rows;                                 /* [months] */
    double recid[RG_MEASURE_COUNT][EX_MAX_YEARS]; /* cumulative percent, years 1.. */
    double cost;                                  /* programme cost over the run, dollars */
    uint32_t *first;                              /* [n + 1] each person's first event in ev */
    rg_story_event *ev;                           /* events by person, in month order */
    uint64_t *hash;                               /* [n] a digest of each person's events */
    rg_story_person *people;
    char *programmes[EX_MAX_PROGRAMMES];
    int n_programmes;
    double seconds;
} ex_run;

/* Simulate p to the end, collecting what the explorer shows. */
rg_status ex_simulate(const rg_params *p, int threads, ex_run **out, rg_error *err);
void ex_run_free(ex_run *r);
/* One person's life in a run, for the story formatter. */
rg_story_life ex_life(const ex_run *r, uint32_t person);

/* The page, embedded at build time (cmake/explore.cmake). */
typedef struct ex_asset {
    const char *path, *content_type;
    const unsigned char *data;
    size_t size;
} ex_asset;
extern const ex_asset ex_assets[];
extern const size_t ex_n_assets;

/* explore.c: the cache and what the answers need from the explorer. */
const rg_params *ex_base(const rg_explore *ex);
const char *ex_scenario(const rg_explore *ex);
/* The runs of two configurations (keys: their resolved text), from the cache or
 * simulated now; fresh[k] says which were simulated. *busy: nothing was run because
 * max_runs simulations are already going. Release each run with ex_release. */
rg_status ex_obtain(rg_explore *ex, const rg_params *pb, const char *kb, const rg_params *pc,
                    const char *kc, ex_run **rb, ex_run **rc, int fresh[2], int *busy,
                    rg_error *err);
void ex_release(rg_explore *ex, ex_run *r);
void ex_log(const rg_explore *ex, const char *line);

/* respond.c: JSON answers. */
void ex_error(rg_explore_response *r, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Take the text written to f (an open_memstream over *buf) as the response body. */
void ex_finish(rg_explore_response *r, FILE *f, char **buf, size_t *size);
void ex_json_number(FILE *f, double v, int decimals);
void ex_answer_levers(rg_explore *ex, rg_explore_response *r);

/* The parameters of a request: the baseline (size and seed applied) and the
 * changed world (levers applied too), both validated, and the `reintegra run`
 * options that reproduce each. RG_EINPUT with a message for the client. */
typedef struct ex_worlds {
    rg_params base, changed;
    char base_args[512], changed_args[8192];
} ex_worlds;
rg_status ex_apply(const rg_explore *ex, const ex_query *q, ex_worlds *w, rg_error *err);
/* Write the lever values of p as a JSON object. */
void ex_write_lever_values(FILE *f, const rg_params *p);

/* answer.c: POST /api/run. */
void ex_answer_run(rg_explore *ex, const char *body, size_t len, rg_explore_response *r);

#endif
