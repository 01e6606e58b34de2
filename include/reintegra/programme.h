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

#include "module.h"
#include "registry.h"

/* Targeting rules (programme.targeting). */
enum rg_targeting { RG_TARGETING_FIRST_COME = 0, RG_TARGETING_NEED = 1, RG_TARGETING_RISK = 2 };

/* Participation states. */
enum rg_programme_state {
    RG_PROG_NONE = 0,
    RG_PROG_WAITING = 1,
    RG_PROG_ACTIVE = 2,
    RG_PROG_COMPLETED = 3,
    RG_PROG_DROPPED = 4,
    RG_PROG_DECLINED = 5 /* offered and declined, or randomised to control */
};

/* What makes a module a row of the programme table. */
typedef struct rg_programme_spec {
    /* Enrolment programmes: who is eligible, how needy (for targeting by need), a
     * participant's month, and what happens when they leave (completed or not). */
    int (*eligible)(const rg_run *run, const rg_instance *self, size_t i);
    double (*need)(const rg_run *run, const rg_instance *self, size_t i);
    void (*active)(rg_run *run, rg_instance *self, rg_block *blk, size_t i);
    void (*ended)(rg_run *run, rg_instance *self, rg_block *blk, size_t i, int completed);
    const char *columns; /* prefix of its RG_PROGRAMME_FIELDS */
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
    uint8_t *state, *months;
    int16_t *since;
    int trial; /* the emulated trial randomises its offer */
} rg_programme;

/* Hooks of an enrolment programme module: its init, its agent phase (participants'
 * month, dropout, completion, new offers) and its market phase (free places go to
 * eligible people on the waiting list by the targeting rule, then id). */
rg_status rg_programme_init(rg_run *run, rg_instance *self, rg_error *err);
void rg_programme_agents(rg_run *run, rg_instance *self, rg_block *blk);
rg_status rg_programme_admit(rg_run *run, rg_instance *self, rg_error *err);
void rg_programme_free(rg_run *run, rg_instance *self);

/* The programme state of an enrolment programme's instance. */
static inline const rg_programme *rg_programme_of(const rg_instance *self)
{
    return (const rg_programme *)self->state;
}

/* Row of `module` in the programme table (-1 if it is not a programme). */
int rg_programme_row(const rg_module *module);
/* Does an enabled enrolment programme target by predicted risk? */
int rg_programmes_target_risk(const rg_params *p);

struct rg_module;
extern const struct rg_module rg_programmes_module;

#endif
