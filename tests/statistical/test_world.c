/* The social world's rules: realised rates match their parameters within 4
 * standard errors (fixed seeds), zero rates give zero events, capacities are never
 * exceeded, and state stays in range. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "reintegra/config.h"
#include "reintegra/employment.h"
#include "reintegra/family.h"
#include "reintegra/health.h"
#include "reintegra/housing.h"
#include "reintegra/justice.h"
#include "reintegra/mentors.h"
#include "reintegra/offending.h"
#include "reintegra/peers.h"
#include "reintegra/population.h"
#include "reintegra/stigma.h"
#include "reintegra/module.h"
#include "reintegra/config.h"
#include "reintegra/employment.h"
#include "reintegra/module.h"
#include "reintegra/run.h"

static void rate_ok(const char *what, double count, double n, double p)
{
    double se = sqrt(p * (1 - p) / n), got = count / n;
    CHECK(n > 0 && fabs(got - p) <= 4 * se + 1e-12, "%s: %.4f over %.0f, expected %.4f (SE %.4f)",
          what, got, n, p, se);
}

static rg_params base_params(void)
{
    rg_params p;
    rg_params_defaults(&p);
    p.run.agents = 40000;
    p.run.months = 24;
    p.run.seed = 5;
    return p;
}

static rg_run *make(const rg_params *p)
{
    rg_error err = {0};
    rg_run *run = NULL;
    CHECK(rg_run_create(&run, p, 0, &err) == RG_OK, "create: %s", err.msg);
    return run;
}

static long count_events(const rg_run *run, int type, int detail)
{
    long k = 0;
    for (size_t e = 0; e < run->events.len; e++)
        k += run->events.ev[e].type == type && (detail < 0 || run->events.ev[e].detail == detail);
    return k;
}

static void step(rg_run *run)
{
    rg_error err = {0};
    CHECK(rg_run_step(run, &err) == RG_OK, "step: %s", err.msg);
}

static void test_health(void)
{
    rg_params p = base_params();
    RG_PARAMS_MUT(&p, stigma)->help_effect = 0; /* treatment at exactly treatment_rate */
    RG_PARAMS_MUT(&p, offending)->base_rate = 0;
    RG_PARAMS_MUT(&p, justice)->technical_revocation_rate = 0;
    rg_run *run = make(&p);
    if (!run) return;
    rg_agents *a = &run->a;
    long sub = 0, mental = 0, active = 0;
    for (size_t i = 0; i < a->n; i++) {
        sub += RG_COLS(run, health)->substance_use[i] != RG_CONDITION_NONE;
        mental += RG_COLS(run, health)->mental_illness[i] != RG_CONDITION_NONE;
    }
    rate_ok("substance use disorder prevalence", (double)sub, (double)a->n,
            RG_PARAMS_MUT(&p, health)->prevalence_substance);
    rate_ok("mental illness prevalence", (double)mental, (double)a->n,
            RG_PARAMS_MUT(&p, health)->prevalence_mental);
    for (size_t i = 0; i < a->n; i++)
        active += RG_COLS(run, health)->substance_use[i] == RG_CONDITION_ACTIVE;
    step(run);
    long treated = 0;
    for (size_t i = 0; i < a->n; i++)
        treated += RG_COLS(run, health)->substance_use[i] == RG_CONDITION_RECOVERY;
    /* Everyone is free in month 0: active -> recovery at treatment_rate. */
    long recovering_before = sub - active;
    long relapses = count_events(run, RG_EV_RELAPSE, 0);
    rate_ok("treatment entry", (double)(treated - recovering_before + relapses), (double)active,
            RG_PARAMS_MUT(&p, health)->treatment_rate);
    rg_run_free(run);

    RG_PARAMS_MUT(&p, health)->treatment_rate = 0;
    RG_PARAMS_MUT(&p, health)->relapse_rate = 0;
    run = make(&p);
    for (int m = 0; m < 6 && run; m++) {
        step(run);
        CHECK(count_events(run, RG_EV_RELAPSE, -1) == 0, "relapse with a zero rate");
    }
    rg_run_free(run);
}

static void test_family(void)
{
    rg_params p = base_params();
    RG_PARAMS_MUT(&p, family)->conflict_rate = 0;
    RG_PARAMS_MUT(&p, offending)->base_rate = 0;
    RG_PARAMS_MUT(&p, health)->relapse_rate = 0;
    rg_run *run = make(&p);
    if (!run) return;
    long visited = 0;
    for (size_t i = 0; i < run->a.n; i++) visited += RG_COLS(run, family)->visited[i];
    rate_ok("visited in prison", (double)visited, (double)run->a.n,
            RG_PARAMS_MUT(&p, family)->share_visited);
    int zero = 1;
    for (int m = 0; m < 6; m++) {
        step(run);
        for (size_t i = 0; i < run->a.n; i++)
            zero &= RG_COLS(run, family)->family_strain[i] == 0.0f;
        CHECK(count_events(run, RG_EV_FAMILY_BREAKDOWN, -1) == 0, "breakdown without strain");
    }
    CHECK(zero, "strain without conflict, arrest or relapse");
    rg_run_free(run);

    /* Conflicts at a known rate: strain after one month is strain_conflict exactly
     * for those with a conflict. */
    p = base_params();
    RG_PARAMS_MUT(&p, family)->conflict_rate = 0.2;
    RG_PARAMS_MUT(&p, offending)->base_rate = 0;
    RG_PARAMS_MUT(&p, health)->relapse_rate = 0;
    run = make(&p);
    if (!run) return;
    step(run);
    long conflicts = 0;
    for (size_t i = 0; i < run->a.n; i++)
        conflicts += RG_COLS(run, family)->family_strain[i] > 0.0f;
    rate_ok("family conflicts", (double)conflicts, (double)run->a.n, 0.2);
    int in_range = 1;
    for (int m = 0; m < 12; m++) {
        step(run);
        for (size_t i = 0; i < run->a.n; i++)
            in_range &= RG_COLS(run, family)->family_support[i] >= 0 &&
                        RG_COLS(run, family)->family_support[i] <= 1 &&
                        RG_COLS(run, family)->family_strain[i] >= 0 &&
                        RG_COLS(run, family)->family_strain[i] <= 1;
    }
    CHECK(in_range, "family support or strain outside [0, 1]");
    rg_run_free(run);
}

static void test_housing(void)
{
    rg_params p = base_params();
    RG_PARAMS_MUT(&p, housing)->stock_per_100 = 0;
    rg_run *run = make(&p);
    if (!run) return;
    for (int m = 0; m < 12; m++) {
        /* Moves into stable housing from the market need stock; the family can
         * still house people it supports. */
        uint8_t *before = malloc(run->a.n);
        memcpy(before, RG_COLS(run, housing)->housing, run->a.n);
        step(run);
        long market_moves = 0;
        for (size_t i = 0; i < run->a.n; i++)
            market_moves += RG_COLS(run, justice)->status[i] == RG_FREE &&
                            before[i] != RG_HOUSING_STABLE &&
                            RG_COLS(run, housing)->housing[i] == RG_HOUSING_STABLE &&
                            RG_COLS(run, family)->family_support[i] <
                                RG_PARAMS_MUT(&p, family)->housing_support &&
                            m > 0;
        free(before);
        CHECK(market_moves == 0, "month %d: %ld moves into homes with no stock", m, market_moves);
    }
    rg_run_free(run);
}

static void test_employment(void)
{
    rg_params p = base_params();
    rg_run *run = make(&p);
    if (!run) return;
    const rg_employers *emp = rg_employment_employers(run);
    int32_t *filled = calloc((size_t)emp->count, sizeof *filled);
    int within = 1;
    for (int m = 0; m < 12; m++) {
        step(run);
        memset(filled, 0, sizeof *filled * (size_t)emp->count);
        for (size_t i = 0; i < run->a.n; i++)
            if (RG_COLS(run, employment)->employed[i])
                filled[RG_COLS(run, employment)->employer[i]]++;
        for (int32_t e = 0; e < emp->count; e++) within &= filled[e] <= emp->positions[e];
    }
    CHECK(within, "an employer has more workers than positions");
    long sum_asks = 0;
    for (int32_t e = 0; e < emp->count; e++) sum_asks += emp->asks[e];
    rate_ok("employers that ask", (double)sum_asks, emp->count,
            RG_PARAMS_MUT(&p, employment)->share_ask);
    free(filled);
    rg_run_free(run);

    /* Separations at the turnover rate (no extra risk for new jobs). */
    p = base_params();
    RG_PARAMS_MUT(&p, employment)->new_job_extra = 0;
    RG_PARAMS_MUT(&p, employment)->turnover = 0.1;
    RG_PARAMS_MUT(&p, offending)->base_rate = 0;
    RG_PARAMS_MUT(&p, justice)->technical_revocation_rate = 0;
    run = make(&p);
    if (!run) return;
    for (int m = 0; m < 6; m++) step(run);
    long employed = 0;
    for (size_t i = 0; i < run->a.n; i++) employed += RG_COLS(run, employment)->employed[i];
    step(run);
    rate_ok("job separations", (double)count_events(run, RG_EV_JOB_LOSS, 0), (double)employed, 0.1);
    rg_run_free(run);

    /* Nobody searches: nobody is hired. */
    p = base_params();
    RG_PARAMS_MUT(&p, employment)->applications = 0;
    run = make(&p);
    for (int m = 0; m < 6 && run; m++) {
        step(run);
        CHECK(count_events(run, RG_EV_JOB_START, -1) == 0, "a hire without applications");
    }
    rg_run_free(run);
}

static void test_mentors(void)
{
    rg_params p = base_params();
    RG_PARAMS_MUT(&p, mentors)->per_1000 = 5;
    RG_PARAMS_MUT(&p, mentors)->capacity = 2;
    rg_run *run = make(&p);
    if (!run) return;
    long mentors = (long)llround(5.0 * (double)run->a.n / 1000.0);
    int32_t *load = calloc((size_t)mentors, sizeof *load);
    int within = 1, fifo = 1;
    for (int m = 0; m < 12; m++) {
        step(run);
        memset(load, 0, sizeof *load * (size_t)mentors);
        int16_t oldest_waiting = 32767;
        for (size_t i = 0; i < run->a.n; i++) {
            if (RG_COLS(run, mentors)->mentor[i] >= 0) load[RG_COLS(run, mentors)->mentor[i]]++;
            if (RG_COLS(run, justice)->status[i] == RG_FREE &&
                RG_COLS(run, mentors)->mentor[i] < 0 &&
                RG_COLS(run, mentors)->mentor_wait[i] >= 0 &&
                RG_COLS(run, mentors)->mentor_wait[i] < oldest_waiting)
                oldest_waiting = RG_COLS(run, mentors)->mentor_wait[i];
        }
        for (long k = 0; k < mentors; k++) within &= load[k] <= 2;
        /* Nobody matched this month asked later than someone still waiting, unless
         * every mentor was full or resting. */
        long matched = count_events(run, RG_EV_MENTOR_MATCH, -1);
        long total_load = 0;
        for (long k = 0; k < mentors; k++) total_load += load[k];
        if (matched > 0 && oldest_waiting < 32767) fifo &= total_load >= mentors * 2 - mentors;
    }
    CHECK(within, "a mentor has more mentees than capacity");
    CHECK(fifo, "people waiting longer were passed over while places were free");
    free(load);
    rg_run_free(run);

    p = base_params();
    RG_PARAMS_MUT(&p, mentors)->per_1000 = 0;
    run = make(&p);
    for (int m = 0; m < 6 && run; m++) {
        step(run);
        CHECK(count_events(run, RG_EV_MENTOR_MATCH, -1) == 0, "a match without mentors");
    }
    rg_run_free(run);
}

static void test_peers_and_stigma(void)
{
    rg_params p = base_params();
    rg_run *run = make(&p);
    if (!run) return;
    const rg_agents *a = &run->a;
    long local = 0, self = 0;
    for (size_t i = 0; i < a->n; i++) {
        const uint32_t ties[4] = {RG_COLS(run, peers)->peer0[i], RG_COLS(run, peers)->peer1[i],
                                  RG_COLS(run, peers)->peer2[i], RG_COLS(run, peers)->peer3[i]};
        for (int t = 0; t < 4; t++) {
            self += ties[t] == i;
            local += RG_COLS(run, population)->neighbourhood[ties[t]] ==
                     RG_COLS(run, population)->neighbourhood[i];
        }
    }
    CHECK(self == 0, "%ld ties to oneself", self);
    /* Local ties plus global ties that land in the same neighbourhood by chance. */
    double expect =
        RG_PARAMS_MUT(&p, peers)->local_share +
        (1 - RG_PARAMS_MUT(&p, peers)->local_share) / RG_PARAMS_MUT(&p, population)->neighbourhoods;
    rate_ok("ties within the neighbourhood", (double)local, 4.0 * (double)a->n, expect);
    int in_range = 1;
    for (int m = 0; m < 12; m++) {
        step(run);
        for (size_t i = 0; i < a->n; i++)
            in_range &=
                RG_COLS(run, stigma)->stigma[i] >= 0 && RG_COLS(run, stigma)->stigma[i] <= 1;
    }
    CHECK(in_range, "internalised stigma outside [0, 1]");
    double plain = rg_run_summary_value(run, 11, "stigma_public_mean");
    rg_run_free(run);

    /* A stigma campaign lowers public stigma. */
    CHECK_SET(&p, "stigma_campaign.enabled=true");
    CHECK_SET(&p, "stigma_campaign.strength=0.5");
    run = make(&p);
    for (int m = 0; m < 12 && run; m++) step(run);
    if (run) {
        CHECK(rg_run_summary_value(run, 11, "stigma_public_mean") < plain - 0.05,
              "campaign: public stigma %.3f vs %.3f without",
              rg_run_summary_value(run, 11, "stigma_public_mean"), plain);
        rg_run_free(run);
    }
}

int main(void)
{
    test_health();
    test_family();
    test_housing();
    test_employment();
    test_mentors();
    test_peers_and_stigma();
    return check_done();
}
