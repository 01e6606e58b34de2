/* The levers of an enrolment programme (models/programme.c): targeting by age,
 * sex and neighbourhood admits only the people targeted, and neutral levers give
 * the untargeted run bit for bit; places phase in over ramp_months; nobody is
 * admitted after end_month; a monthly budget is never exceeded; the stigma
 * campaign covers the neighbourhoods listed until its end; the monthly cost
 * columns; bad settings are refused with a message naming the key. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../validation/scenario.h"
#include "reintegra/config.h"
#include "reintegra/justice.h"
#include "reintegra/mentors.h"
#include "reintegra/module.h"
#include "reintegra/population.h"
#include "reintegra/programme.h"
#include "reintegra/run.h"

enum { AGENTS = 8000, MONTHS = 24, SEED = 3 };

extern const rg_module rg_cbt_module;

typedef struct starts {
    long long all, outside; /* admissions; of them, outside the target */
} starts;

/* Is person i, at month m, a man aged 20 to 35 living in neighbourhood 0-4? */
static int in_target(const rg_run *r, size_t i, int m)
{
    const struct rg_cols_population *pop = RG_COLS(r, population);
    double age = pop->age_at_release[i] + (double)(m - pop->release_month[i]) / 12.0;
    return pop->sex[i] == 0 && age >= 20 && age <= 35 && pop->neighbourhood[i] <= 4;
}

/* Run p to its end, counting CBT admissions inside and outside the target. */
static starts run_counting(const rg_params *p)
{
    starts s = {0, 0};
    rg_error err = {0};
    rg_run *run = NULL;
    CHECK(rg_run_create(&run, p, 0, &err) == RG_OK, "create: %s", err.msg);
    if (!run) return s;
    const int row = programme_row(run, "cbt");
    for (int m = 0; m < MONTHS; m++) {
        CHECK(rg_run_step(run, &err) == RG_OK, "step: %s", err.msg);
        for (size_t k = 0; k < run->events.len; k++) {
            const rg_event *e = &run->events.ev[k];
            if (e->type != RG_EV_PROGRAMME_START || e->detail != row) continue;
            s.all++;
            s.outside += !in_target(run, e->agent, m);
        }
    }
    rg_run_free(run);
    return s;
}

static void test_targeting(void)
{
    rg_params p = scenario("cbt", AGENTS, MONTHS, SEED);
    starts open = run_counting(&p);
    CHECK_SET(&p, "cbt.sex=\"male\"");
    CHECK_SET(&p, "cbt.age_min=20");
    CHECK_SET(&p, "cbt.age_max=35");
    CHECK_SET(&p, "cbt.neighbourhoods=\"0, 1,2,3 ,4\"");
    starts targeted = run_counting(&p);
    printf("CBT admissions: %lld untargeted (%lld outside the target), %lld targeted (%lld "
           "outside)\n",
           open.all, open.outside, targeted.all, targeted.outside);
    /* The untargeted programme admits people outside the target, so the check can fail. */
    CHECK(open.outside > 100, "untargeted: only %lld admissions outside the target", open.outside);
    CHECK(targeted.all > 50, "targeted: only %lld admissions", targeted.all);
    CHECK(targeted.outside == 0, "%lld admissions outside the target", targeted.outside);
}

/* Agents columns of a completed run, compared byte for byte. */
static int same_runs(const rg_params *a, const rg_params *b)
{
    rg_run *ra = run_all(a), *rb = run_all(b);
    int same = ra && rb && ra->a.n == rb->a.n;
    static const struct {
        const char *name;
        size_t size;
    } fields[] = {{"cbt_state", 1}, {"cbt_months", 1}, {"first_arrest", 2}, {"arrests", 2}};
    for (size_t f = 0; same && f < sizeof fields / sizeof fields[0]; f++) {
        const void *x = rg_run_field(ra, fields[f].name), *y = rg_run_field(rb, fields[f].name);
        same = x && y && !memcmp(x, y, fields[f].size * ra->a.n);
    }
    for (int m = 0; same && m < MONTHS; m++)
        same = rg_run_summary_value(ra, m, "programme_cost") ==
                   rg_run_summary_value(rb, m, "programme_cost") &&
               rg_run_summary_value(ra, m, "prison") == rg_run_summary_value(rb, m, "prison");
    rg_run_free(ra);
    rg_run_free(rb);
    return same;
}

/* Levers that let everyone through (the filter runs, admitting all) change nothing. */
static void test_neutral_levers(void)
{
    rg_params p = scenario("cbt", AGENTS, MONTHS, SEED), q = p;
    char all[512] = "cbt.neighbourhoods=\"";
    for (int k = 0; k < 40; k++)
        snprintf(all + strlen(all), sizeof all - strlen(all), "%s%d", k ? "," : "", k);
    strcat(all, "\"");
    CHECK_SET(&q, all);
    CHECK_SET(&q, "cbt.age_min=0.5");
    CHECK_SET(&q, "cbt.end_month=1200");
    CHECK(same_runs(&p, &q), "neutral levers changed the run");
}

/* Places over time follow the ramp, and the scarce places fill. */
static void test_ramp_and_end(void)
{
    rg_params p = scenario("cbt", AGENTS, MONTHS, SEED);
    CHECK_SET(&p, "cbt.places_per_1000=20"); /* 160 places: scarce */
    CHECK_SET(&p, "cbt.start_month=2");
    CHECK_SET(&p, "cbt.ramp_months=6");
    CHECK_SET(&p, "cbt.end_month=15");
    rg_error err = {0};
    rg_run *run = NULL;
    CHECK(rg_run_create(&run, &p, 0, &err) == RG_OK, "create: %s", err.msg);
    if (!run) return;
    const uint8_t *state = rg_run_field(run, "cbt_state");
    const int row = programme_row(run, "cbt");
    long long late = 0, active_after = 0;
    for (int m = 0; m < MONTHS; m++) {
        CHECK(rg_run_step(run, &err) == RG_OK, "step: %s", err.msg);
        long long active = 0, expect = 0;
        for (size_t i = 0; i < run->a.n; i++) active += state[i] == RG_PROG_ACTIVE;
        if (m >= 2 && m <= 15) expect = llround(160.0 * fmin(1.0, (m - 2 + 1) / 6.0));
        if (m <= 15) {
            CHECK(active == expect, "month %d: %lld taking part, %lld places", m, active, expect);
            CHECK(rg_programme_places(run, rg_programme_of(rg_run_instance(run, &rg_cbt_module)),
                                      m) == expect,
                  "month %d: places", m);
        }
        if (m == 16) active_after = active;
        for (size_t k = 0; k < run->events.len; k++)
            late += run->events.ev[k].type == RG_EV_PROGRAMME_START &&
                    run->events.ev[k].detail == row && m > 15;
    }
    CHECK(late == 0, "%lld admissions after end_month", late);
    CHECK(active_after > 0, "participants should finish after end_month");
    rg_run_free(run);
}

/* The month's spend never exceeds the budget, and the budget binds. */
static void test_budget(void)
{
    rg_params p = scenario("cbt", AGENTS, MONTHS, SEED);
    CHECK_SET(&p, "cbt.budget_per_month=30000"); /* 100 participants at $300 of 800 places */
    rg_run *run = run_all(&p);
    if (!run) return;
    double most = 0;
    for (int m = 0; m < MONTHS; m++) {
        double spend = rg_run_summary_value(run, m, "programme_cost");
        CHECK(spend <= 30000, "month %d: spend %.0f over the budget", m, spend);
        most = fmax(most, spend);
    }
    CHECK(most == 30000, "the budget should bind (most spent %.0f)", most);
    rg_run_free(run);
}

/* The monthly cost columns: people in prison and on supervision times the unit
 * costs, and the discount factor (1 + rate)^(-month / 12); a rate of 0 gives 1. */
static void test_cost_columns(void)
{
    for (int zero = 0; zero < 2; zero++) {
        rg_params p = scenario("baseline", 2000, MONTHS, SEED);
        CHECK_SET(&p, "costs.prison_per_month=2000");
        CHECK_SET(&p, "costs.supervision_per_month=300");
        if (zero) CHECK_SET(&p, "costs.discount_rate=0");
        rg_run *run = run_all(&p);
        if (!run) continue;
        double prison = 0, cost = 0;
        for (int m = 0; m < MONTHS; m++) {
            double in = rg_run_summary_value(run, m, "prison");
            double sup = rg_run_summary_value(run, m, "supervised");
            prison += in;
            cost += rg_run_summary_value(run, m, "prison_cost");
            CHECK(rg_run_summary_value(run, m, "prison_cost") == in * 2000, "month %d", m);
            CHECK(rg_run_summary_value(run, m, "supervision_cost") == sup * 300, "month %d", m);
            double want = zero ? 1.0 : pow(1.03, -m / 12.0);
            CHECK(fabs(rg_run_summary_value(run, m, "discount_factor") - want) < 1e-15,
                  "month %d: factor %.17g, expected %.17g", m,
                  rg_run_summary_value(run, m, "discount_factor"), want);
        }
        CHECK(prison > 0 && cost == prison * 2000, "prison-months %.0f, cost %.0f", prison, cost);
        rg_run_free(run);
    }
}

/* The stigma campaign covers the neighbourhoods listed, until its end month. */
static void test_campaign(void)
{
    rg_params p = scenario("stigma_campaign", 2000, MONTHS, SEED);
    CHECK_SET(&p, "stigma_campaign.neighbourhoods=\"2, 5,11\"");
    CHECK_SET(&p, "stigma_campaign.start_month=3");
    CHECK_SET(&p, "stigma_campaign.end_month=9");
    rg_run *run = run_all(&p);
    if (!run) return;
    size_t rows = 0;
    const char *const *names = rg_run_world(run, "programmes", "name", &rows);
    const int64_t *units = rg_run_world(run, "programmes", "participant_months", NULL);
    for (size_t k = 0; names && units && k < rows; k++)
        if (!strcmp(names[k], "stigma_campaign"))
            CHECK(units[k] == 3 * 7, "%lld neighbourhood-months, expected 3 x 7",
                  (long long)units[k]);
    for (int m = 0; m < MONTHS; m++) {
        double cost = rg_run_summary_value(run, m, "programme_cost");
        CHECK(cost == (m >= 3 && m <= 9 ? 3 * 5000.0 : 0.0), "month %d: cost %.0f", m, cost);
    }
    rg_run_free(run);
}

/* The mentoring expansion, costed without enrolment, counts as enrolled the people
 * who begin meeting one of the added mentors (free, matched with a mentor id from
 * rg_mentors_base); the table says which programmes the scenario runs. */
static void test_mentoring_starts(void)
{
    rg_params p = scenario("mentoring", 4000, MONTHS, SEED);
    rg_error err = {0};
    rg_run *run = NULL;
    CHECK(rg_run_create(&run, &p, 0, &err) == RG_OK, "create: %s", err.msg);
    if (!run) return;
    const struct rg_cols_mentors *mentors = RG_COLS(run, mentors);
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    uint8_t *was = calloc(run->a.n, 1);
    long long begun = 0, months = 0;
    for (int m = 0; was && m < MONTHS; m++) {
        CHECK(rg_run_step(run, &err) == RG_OK, "step: %s", err.msg);
        const int32_t base = rg_mentors_base(run);
        for (size_t i = 0; i < run->a.n; i++) {
            uint8_t now = mentors->mentor[i] >= base && justice->status[i] == RG_FREE;
            begun += now && !was[i];
            months += now;
            was[i] = now;
        }
    }
    size_t rows = 0;
    const char *const *names = rg_run_world(run, "programmes", "name", &rows);
    const int64_t *enrolled = rg_run_world(run, "programmes", "enrolled", NULL);
    const int64_t *pm = rg_run_world(run, "programmes", "participant_months", NULL);
    const int64_t *enabled = rg_run_world(run, "programmes", "enabled", NULL);
    for (size_t k = 0; names && enrolled && pm && enabled && k < rows; k++) {
        int mentoring = !strcmp(names[k], "mentoring");
        CHECK(enabled[k] == mentoring, "%s: enabled %lld", names[k], (long long)enabled[k]);
        if (!mentoring) continue;
        printf("mentoring: %lld enrolled, %lld participant-months\n", (long long)enrolled[k],
               (long long)pm[k]);
        CHECK(enrolled[k] == begun && begun > 0, "enrolled %lld, starts %lld",
              (long long)enrolled[k], begun);
        CHECK(pm[k] == months, "participant-months %lld, counted %lld", (long long)pm[k], months);
    }
    free(was);
    rg_run_free(run);
}

/* Bad settings: one message naming the key (after a valid setting `first`, if any). */
static void refused(const char *first, const char *assignment, const char *expect)
{
    rg_params p = scenario("cbt", AGENTS, MONTHS, SEED);
    if (first) CHECK_SET(&p, first);
    rg_error err = {0};
    rg_status st = rg_config_set(&p, assignment, &err);
    if (st == RG_OK) st = rg_params_validate(&p, &err);
    CHECK(st == RG_EINPUT, "%s accepted", assignment);
    CHECK(strstr(err.msg, expect) != NULL, "%s: message \"%s\" lacks \"%s\"", assignment, err.msg,
          expect);
}

static void test_bad_settings(void)
{
    refused("cbt.age_max=40", "cbt.age_min=50", "cbt.age_min is 50 but cbt.age_max is 40");
    refused(NULL, "cbt.neighbourhoods=\"3,x\"",
            "cbt.neighbourhoods lists \"x\", which is not a neighbourhood id");
    refused(NULL, "cbt.neighbourhoods=\"40\"", "from 0 to 39");
    refused(NULL, "cbt.neighbourhoods=\"-1\"", "cbt.neighbourhoods");
    refused("cbt.end_month=3", "cbt.start_month=6", "cbt.end_month is 3, before cbt.start_month 6");
    refused(NULL, "cbt.budget_per_month=100", "less than one participant-month");
    refused(NULL, "cbt.sex=\"women\"", "cbt.sex");
    refused(NULL, "cbt.ramp_months=-2", "cbt.ramp_months");
    refused(NULL, "stigma_campaign.neighbourhoods=\"1,,2\"", "stigma_campaign.neighbourhoods");
    refused("stigma_campaign.start_month=5", "stigma_campaign.end_month=4",
            "stigma_campaign.end_month is 4, before");
}

int main(void)
{
    scenario_init();
    test_targeting();
    test_neutral_levers();
    test_ramp_and_end();
    test_budget();
    test_cost_columns();
    test_campaign();
    test_mentoring_starts();
    test_bad_settings();
    return check_done();
}
