/*
 * Life stories: one person's path, month by month, in plain sentences, told from
 * the event log (and, where a run sampled the person, their monthly state); and
 * two lives of the same person (the same seed in two scenarios) side by side:
 * the month they part and the event that changed.
 *
 * The formatter reads nothing itself: callers fill an rg_story_life from a run
 * held in memory (the explorer) or from a run file (/agents, /events,
 * /trajectories, /programmes/name), with the codes of the output contract.
 */
#ifndef REINTEGRA_STORY_H
#define REINTEGRA_STORY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"

/* Who the person is: the /agents attributes, as their codes. */
typedef struct rg_story_person {
    uint32_t id;
    int sex, race, offense; /* population codes (population.h) */
    int prior_arrests;
    double age_at_release; /* years */
    int release_month;     /* model month of the first release */
    int neighbourhood;
} rg_story_person;

/* One event of the person's log: type and detail are the /events codes (run.h). */
typedef struct rg_story_event {
    int32_t month; /* model month */
    uint8_t type, detail;
    float value; /* RG_EV_JOB_START: the monthly wage, dollars; NAN when unknown */
} rg_story_event;

/* The person's state at the end of a month, from /trajectories (optional). */
typedef struct rg_story_month {
    uint8_t status;       /* 0 not yet released, 1 free, 2 in prison */
    uint8_t employed;     /* flag */
    uint8_t housing;      /* 0 stable, 1 unstable, 2 homeless */
    float wage;           /* dollars/month */
    float family_support; /* index 0-1 */
    float stigma;         /* internalised stigma, index 0-1 */
} rg_story_month;

typedef struct rg_story_life {
    rg_story_person person;
    const rg_story_event *events; /* in month order */
    size_t n_events;
    const rg_story_month *months;  /* [horizon] indexed by model month, or NULL */
    int horizon;                   /* months simulated */
    const char *const *programmes; /* programme names by id (/programmes/name) */
    int n_programmes;
} rg_story_life;

/* One sentence of a story: "Month 5: found work ...". `month` counts months since
 * the first release (-1 for the introduction); `model_month` is the run's month. */
typedef struct rg_story_line {
    int month, model_month;
    char *text;
} rg_story_line;

typedef struct rg_story {
    rg_story_line *lines;
    size_t n;
} rg_story;

/* "a 34-year-old Black man, released after a sentence for a drug offence, with 6
 * prior arrests, returning to neighbourhood 12" */
void rg_story_describe_person(const rg_story_person *p, char *buf, size_t size);

/* The phrase of one event ("found work with a sector-2 employer paying $1,900 a
 * month"), lower case, no full stop. `programmes` may be NULL. */
void rg_story_event_phrase(const rg_story_event *e, const char *const *programmes, int n_programmes,
                           char *buf, size_t size);

/* Tell a life: an introduction, one line per month with events (and a short
 * status each year when monthly state is given), and a closing line. */
rg_status rg_story_tell(const rg_story_life *life, rg_story *out, rg_error *err);
void rg_story_free(rg_story *s);
/* The story as text, one line each. */
void rg_story_write_text(FILE *f, const rg_story *s);

/* Where two lives of the same person part. */
typedef struct rg_story_divergence {
    int diverged;    /* 0: the same events (and state) over the whole run */
    int month;       /* months since release of the first month whose events differ; -1 */
    int model_month; /* the same as a model month; -1 */
    int state_month; /* first month whose recorded state differs (-1: none or unknown) */
    /* The first event found in one life and not the other (NULL: none that month). */
    const rg_story_event *first_a, *first_b;
    char text[1536]; /* the parting and its consequences, in sentences */
} rg_story_divergence;

/* Compare two lives of one person; `label_a` and `label_b` name the worlds ("in
 * the baseline", "with the policy"). RG_EINPUT when they are not the same person. */
rg_status rg_story_diverge(const rg_story_life *a, const rg_story_life *b, const char *label_a,
                           const char *label_b, rg_story_divergence *d, rg_error *err);

#endif
