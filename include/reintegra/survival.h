/*
 * Kaplan-Meier survival curves on the model's monthly grid.
 *
 * A person is followed from their first release until the horizon of the run; the
 * first event of a kind (arrest, conviction, return to prison) ends their time at
 * risk. The event time is the number of months of follow-up by whose end the event
 * had happened (an event in the first month after release has time 1). People who
 * reach the horizon without the event are censored there ("people leave observation
 * when the horizon ends"). Time spent back in prison is not removed from the time
 * at risk: censoring happens only at the horizon. Ties: events at a time come
 * before censorings at the same time, as usual.
 */
#ifndef REINTEGRA_SURVIVAL_H
#define REINTEGRA_SURVIVAL_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct rg_km {
    int tmax;       /* curve given for t = 0..tmax months */
    double *surv;   /* S(t), share still without the event after t months; surv[0] = 1 */
    double *var;    /* Greenwood variance of S(t) */
    long *at_risk;  /* people at risk at t (time >= t) */
    long *events;   /* events at t */
    long *censored; /* censored at t */
    long n;         /* people included */
} rg_km;

/* Fit from times (months, >= 0) and event flags (1 event, 0 censored). Only
 * people with include[i] != 0 count (include may be NULL: everyone). Times above
 * tmax are censored at tmax; negative times are left out. */
rg_status rg_km_fit(rg_km *km, const int32_t *time, const uint8_t *event, const uint8_t *include,
                    size_t n, int tmax, rg_error *err);

/* The times and events of a first-event column as the model writes it: `first`
 * months from release to the event (-1: none), followed for months - release_month
 * months. People not yet released (no follow-up) get time -1. */
void rg_km_times_from_first(const int16_t *first, const int16_t *release_month, size_t n,
                            int months, int32_t *time, uint8_t *event);

/* S(t) and its Greenwood standard error; t outside 0..tmax gives NAN. */
double rg_km_surv(const rg_km *km, int t);
double rg_km_se(const rg_km *km, int t);

void rg_km_free(rg_km *km);

#endif
