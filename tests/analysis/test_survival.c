/* Kaplan-Meier against hand-computed cases (censoring, ties) and against the
 * simple cumulative percentages of a cohort run without censoring. */
#include <math.h>
#include <stdlib.h>

#include "../check.h"
#include "reintegra/params.h"
#include "reintegra/recidivism.h"
#include "reintegra/run.h"
#include "reintegra/survival.h"
#include "reintegra/workflow.h"

#define NEAR(a, b) (fabs((a) - (b)) < 1e-12)

static void hand_case(void)
{
    /* Times 1e 2e 2e 2c 3c 4e 5c (e: event, c: censored). By hand:
     * S(1) = 6/7; S(2) = 6/7 * 4/6 = 4/7 (the censoring at 2 comes after the
     * events); S(3) = 4/7; S(4) = 4/7 * 1/2 = 2/7; S(5) = 2/7.
     * Greenwood at 2: S^2 (1/(7*6) + 2/(6*4)) = (16/49)(9/84). */
    int32_t time[] = {1, 2, 2, 2, 3, 4, 5};
    uint8_t event[] = {1, 1, 1, 0, 0, 1, 0};
    rg_km km;
    rg_error err = {0};
    CHECK(rg_km_fit(&km, time, event, NULL, 7, 6, &err) == RG_OK, "%s", err.msg);
    CHECK(km.n == 7, "n %ld", km.n);
    CHECK(NEAR(rg_km_surv(&km, 0), 1.0), "S(0)");
    CHECK(NEAR(rg_km_surv(&km, 1), 6.0 / 7), "S(1) %g", rg_km_surv(&km, 1));
    CHECK(NEAR(rg_km_surv(&km, 2), 4.0 / 7), "S(2) %g", rg_km_surv(&km, 2));
    CHECK(NEAR(rg_km_surv(&km, 3), 4.0 / 7), "S(3) %g", rg_km_surv(&km, 3));
    CHECK(NEAR(rg_km_surv(&km, 4), 2.0 / 7), "S(4) %g", rg_km_surv(&km, 4));
    CHECK(NEAR(rg_km_surv(&km, 6), 2.0 / 7), "S(6) %g", rg_km_surv(&km, 6));
    CHECK(NEAR(km.var[2], 16.0 / 49 * 9.0 / 84), "Greenwood(2) %g", km.var[2]);
    CHECK(km.at_risk[2] == 6 && km.events[2] == 2 && km.censored[2] == 1, "risk set at 2");
    CHECK(km.at_risk[4] == 2 && km.at_risk[6] == 0, "risk sets at 4 and 6");
    CHECK(isnan(rg_km_surv(&km, 7)) && isnan(rg_km_surv(&km, -1)), "outside the grid");
    rg_km_free(&km);

    /* A mask leaves people out; times past tmax are censored at tmax. */
    uint8_t include[] = {0, 1, 1, 1, 1, 1, 1};
    CHECK(rg_km_fit(&km, time, event, include, 7, 3, &err) == RG_OK, "%s", err.msg);
    /* At 2: 6 at risk, 2 events: S = 4/6; the event at 4 is past tmax = 3. */
    CHECK(NEAR(rg_km_surv(&km, 2), 4.0 / 6) && NEAR(rg_km_surv(&km, 3), 4.0 / 6), "masked %g",
          rg_km_surv(&km, 3));
    CHECK(km.censored[3] == 3, "censored at tmax: %ld", km.censored[3]);
    rg_km_free(&km);

    /* Everyone has the event at once: S drops to 0 with no variance blow-up. */
    int32_t t2[] = {3, 3, 3};
    uint8_t e2[] = {1, 1, 1};
    CHECK(rg_km_fit(&km, t2, e2, NULL, 3, 5, &err) == RG_OK, "%s", err.msg);
    CHECK(rg_km_surv(&km, 2) == 1.0 && rg_km_surv(&km, 3) == 0.0, "all at 3");
    CHECK(isfinite(km.var[5]), "variance finite");
    rg_km_free(&km);
}

static void from_first(void)
{
    /* Horizon 24; released in months 0, 0, 6, 20, 30 (not released in time). */
    int16_t first[] = {-1, 5, 18, 3, -1}, release[] = {0, 0, 6, 20, 30};
    int32_t time[5];
    uint8_t event[5];
    rg_km_times_from_first(first, release, 5, 24, time, event);
    CHECK(time[0] == 24 && event[0] == 0, "censored at the horizon");
    CHECK(time[1] == 6 && event[1] == 1, "event in month 5 -> time 6");
    CHECK(time[2] == 18 && event[2] == 0, "event after the horizon is censored: %d", time[2]);
    CHECK(time[3] == 4 && event[3] == 1, "flow release: %d", time[3]);
    CHECK(time[4] == -1, "never released");
}

/* In a cohort (no censoring before the horizon) 1 - S(12y) is the plain share. */
static void cohort_agrees(void)
{
    rg_params p;
    rg_params_defaults(&p);
    p.run.agents = 3000;
    p.run.months = 36;
    p.run.seed = 11;
    rg_run *run = NULL;
    rg_error err = {0};
    CHECK(rg_run_create(&run, &p, 2, &err) == RG_OK, "%s", err.msg);
    if (!run) return;
    CHECK(rg_run_complete(run, &err) == RG_OK, "%s", err.msg);
    rg_outcome_columns c = rg_run_outcomes(run);
    int32_t *time = malloc(c.n * sizeof *time);
    uint8_t *event = malloc(c.n);
    for (int m = 0; m < RG_MEASURE_COUNT && time && event; m++) {
        rg_km_times_from_first(c.first[m], c.release_month, c.n, c.months, time, event);
        rg_km km;
        CHECK(rg_km_fit(&km, time, event, NULL, c.n, c.months, &err) == RG_OK, "%s", err.msg);
        for (int y = 1; y <= 3; y++) {
            double simple = rg_cumulative_percent(&c, (rg_measure)m, "all", y, NULL);
            double kmv = 100.0 * (1.0 - rg_km_surv(&km, 12 * y));
            CHECK(fabs(simple - kmv) < 1e-9, "%s year %d: %g vs %g", rg_measure_name(m), y, simple,
                  kmv);
        }
        rg_km_free(&km);
    }
    free(time);
    free(event);
    rg_run_free(run);
}

int main(void)
{
    hand_case();
    from_first();
    cohort_agrees();
    return check_done();
}
