/* Kaplan-Meier estimator with Greenwood's variance, on a monthly grid. */
#include "reintegra/survival.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

rg_status rg_km_fit(rg_km *km, const int32_t *time, const uint8_t *event, const uint8_t *include,
                    size_t n, int tmax, rg_error *err)
{
    memset(km, 0, sizeof *km);
    if (tmax < 0) tmax = 0;
    size_t len = (size_t)tmax + 1;
    km->tmax = tmax;
    km->surv = calloc(len, sizeof *km->surv);
    km->var = calloc(len, sizeof *km->var);
    km->at_risk = calloc(len, sizeof *km->at_risk);
    km->events = calloc(len, sizeof *km->events);
    km->censored = calloc(len, sizeof *km->censored);
    if (!km->surv || !km->var || !km->at_risk || !km->events || !km->censored) {
        rg_km_free(km);
        return rg_error_set(err, RG_EINTERNAL, "out of memory for a survival curve");
    }
    for (size_t i = 0; i < n; i++) {
        if ((include && !include[i]) || time[i] < 0) continue;
        int t = time[i] > tmax ? tmax : time[i];
        int ev = event[i] && time[i] <= tmax;
        /* An event at time 0 cannot happen on this grid (events are counted by the
         * end of a month of follow-up); treat it as one in the first month. */
        if (ev && t == 0) t = 1 <= tmax ? 1 : 0;
        if (ev && t >= 1)
            km->events[t]++;
        else
            km->censored[t]++;
        km->n++;
    }
    /* At risk at t: everyone whose time is t or later. */
    long remaining = km->n;
    double s = 1.0, g = 0.0;
    for (int t = 0; t <= tmax; t++) {
        km->at_risk[t] = remaining;
        long d = km->events[t], r = remaining;
        if (d > 0 && r > 0) {
            s *= 1.0 - (double)d / (double)r;
            g += r > d ? (double)d / ((double)r * (double)(r - d)) : 0.0;
        }
        km->surv[t] = s;
        km->var[t] = s * s * g;
        remaining -= km->events[t] + km->censored[t];
    }
    return RG_OK;
}

void rg_km_times_from_first(const int16_t *first, const int16_t *release_month, size_t n,
                            int months, int32_t *time, uint8_t *event)
{
    for (size_t i = 0; i < n; i++) {
        int follow = months - release_month[i];
        if (release_month[i] < 0 || follow <= 0) {
            time[i] = -1;
            event[i] = 0;
        } else if (first[i] >= 0 && first[i] < follow) {
            time[i] = first[i] + 1;
            event[i] = 1;
        } else {
            time[i] = follow;
            event[i] = 0;
        }
    }
}

double rg_km_surv(const rg_km *km, int t)
{
    return km->surv && t >= 0 && t <= km->tmax ? km->surv[t] : NAN;
}

double rg_km_se(const rg_km *km, int t)
{
    return km->var && t >= 0 && t <= km->tmax ? sqrt(km->var[t]) : NAN;
}

void rg_km_free(rg_km *km)
{
    free(km->surv);
    free(km->var);
    free(km->at_risk);
    free(km->events);
    free(km->censored);
    memset(km, 0, sizeof *km);
}
