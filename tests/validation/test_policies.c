/* Policies and programmes: each changes outcomes in the direction its evidence
 * gives (the programmes' sizes are set beside their trials by emulated trials:
 * tests/validation/test_trials.c); capacity is never exceeded;
 * ineligible people are never enrolled; costs add up; and the emulated trial's
 * interval covers the true effect in most seeds. (Common random numbers before a
 * policy starts: tests/invariance/test_common_random.c.) */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "reintegra/population.h"
#include "reintegra/justice.h"
#include "reintegra/config.h"
#include "reintegra/employment.h"
#include "reintegra/module.h"
#include "reintegra/programme.h"
#include "reintegra/run.h"

/* A world table column of a run (NULL if there is none). */
static const void *table(const rg_run *r, const char *group, const char *name, size_t *n)
{
    return rg_run_world(r, group, name, n);
}

static void test_programme_rules(void)
{
    rg_params p = scenario("cbt", 20000, 24, 4);
    CHECK_SET(&p, "cbt.enrol_window_months=3");
    CHECK_SET(&p, "cbt.places_per_1000=20"); /* scarce: a waiting list forms */
    rg_error err = {0};
    rg_run *run = NULL;
    CHECK(rg_run_create(&run, &p, 0, &err) == RG_OK, "create: %s", err.msg);
    if (!run) return;
    long long places = llround(20.0 * 20000 / 1000), worst = 0, late = 0, starts = 0;
    const int cbt = programme_row(run, "cbt");
    CHECK(cbt >= 0, "cbt is not in the programme table");
    const uint8_t *cbt_state = rg_run_field(run, "cbt_state");
    const int16_t *cbt_since = rg_run_field(run, "cbt_since");
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    for (int m = 0; m < 24; m++) {
        CHECK(rg_run_step(run, &err) == RG_OK, "step: %s", err.msg);
        long long active = 0;
        for (size_t i = 0; i < run->a.n; i++) active += cbt_state[i] == RG_PROG_ACTIVE;
        worst = active > worst ? active : worst;
        for (size_t k = 0; k < run->events.len; k++) {
            const rg_event *e = &run->events.ev[k];
            if (e->type != RG_EV_PROGRAMME_START || e->detail != cbt) continue;
            starts++;
            /* Offered within the window; admitted while free. */
            late += justice->months_free[e->agent] - 1 - (m - cbt_since[e->agent]) > 3 ||
                    justice->status[e->agent] == RG_PENDING;
        }
    }
    printf("CBT: %lld starts, at most %lld of %lld places taken\n", starts, worst, places);
    CHECK(worst <= places, "%lld participants for %lld places", worst, places);
    CHECK(worst == places, "places should fill up when scarce (%lld of %lld)", worst, places);
    CHECK(late == 0, "%lld people enrolled outside the eligibility window", late);

    /* Costs add up: the monthly cost column sums to participant-months x cost. */
    size_t rows = 0;
    const int64_t *pm = table(run, "programmes", "participant_months", &rows);
    const double *cost = table(run, "programmes", "cost_per_month", NULL);
    double total = 0, expect = 0;
    for (int m = 0; m < 24; m++) total += rg_run_summary_value(run, m, "programme_cost");
    for (size_t id = 0; pm && cost && id < rows; id++) expect += (double)pm[id] * cost[id];
    CHECK(fabs(total - expect) < 1e-6 * (expect + 1), "cost %.2f, participant-months give %.2f",
          total, expect);
    CHECK(pm && cbt >= 0 && pm[cbt] > 0, "no participant-months");
    rg_run_free(run);
}

static double mean_last_months(const rg_run *r, const char *column, int months)
{
    double s = 0;
    for (int m = r->month - months; m < r->month; m++) s += rg_run_summary_value(r, m, column);
    return s / months;
}

/* Shares of free people over the last 12 months of a summary column. */
static double share(const rg_run *r, const char *column)
{
    double s = 0, f = 0;
    for (int m = r->month - 12; m < r->month; m++) {
        s += rg_run_summary_value(r, m, column);
        f += rg_run_summary_value(r, m, "free");
    }
    return s / f;
}

static void test_directions(void)
{
    const long long N = 20000, M = 36, S = 11;
    rg_params pb = scenario("baseline", N, M, S);
    rg_run *base = run_all(&pb);
    if (!base) return;
    struct {
        const char *name;
        const char *column;
        int is_share, up;
        const char *what;
    } cases[] = {
        {"supported_housing", "homeless", 1, 0, "homelessness"},
        {"health_programme", "substance_active", 1, 0, "active substance use"},
        {"mentoring", "mentored", 1, 1, "people mentored"},
        {"stigma_campaign", "stigma_public_mean", 0, 0, "public stigma"},
        {"transitional_jobs", "employed", 1, 1, "employment"},
        {"family_support", "family_support", 1, 1, "family support"},
        {"package", "ever_arrested", 1, 0, "rearrest"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        rg_params p = scenario(cases[k].name, N, M, S);
        rg_run *r = run_all(&p);
        if (!r) continue;
        double with = cases[k].is_share ? share(r, cases[k].column)
                                        : mean_last_months(r, cases[k].column, 12);
        double without = cases[k].is_share ? share(base, cases[k].column)
                                           : mean_last_months(base, cases[k].column, 12);
        printf("%-18s %-22s %8.4f vs %8.4f baseline\n", cases[k].name, cases[k].what, with,
               without);
        CHECK(cases[k].up ? with > without : with < without, "%s should %s %s (%.4f vs %.4f)",
              cases[k].name, cases[k].up ? "raise" : "lower", cases[k].what, with, without);
        rg_run_free(r);
    }
    /* Record clearance needs offence-free years: five-year runs. Automatic clearance
     * raises employment; by petition far fewer records are cleared. */
    rg_params pf = scenario("fresh_start_petition", N, M + 24, S),
              pcs = scenario("fresh_start", N, M + 24, S);
    rg_params p5 = scenario("baseline", N, M + 24, S);
    rg_run *f = run_all(&pf), *cs = run_all(&pcs), *b5 = run_all(&p5);
    if (f && cs && b5) {
        double with = share(cs, "employed"), without = share(b5, "employed");
        printf("fresh_start        employment (year 5)    %8.4f vs %8.4f baseline\n", with,
               without);
        CHECK(with > without, "fresh start should raise employment (%.4f vs %.4f)", with, without);
        int64_t nf = rg_run_summary_value(f, f->month - 1, "records_cleared"),
                ncs = rg_run_summary_value(cs, cs->month - 1, "records_cleared");
        printf("records cleared after 5 years: petition %lld, automatic %lld\n", (long long)nf,
               (long long)ncs);
        CHECK(nf > 0 && nf * 5 < ncs, "petition %lld vs automatic %lld", (long long)nf,
              (long long)ncs);
    }
    rg_run_free(f);
    rg_run_free(cs);
    rg_run_free(b5);
    rg_run_free(base);

    /* Ban the Box: employers stop seeing records on the application, so white
     * applicants with a record get more callbacks; black applicants without one
     * get fewer (statistical discrimination). */
    rg_params pbtb = scenario("ban_the_box", N, 1, S), p0 = scenario("baseline", N, 1, S);
    rg_run *btb = run_all(&pbtb), *b0 = run_all(&p0);
    if (btb && b0) {
        rg_applicant white_rec = {RG_WHITE, RG_DRUG, 1, 6.0, 0.5, RG_MALE},
                     black = {RG_BLACK, RG_DRUG, 0, 6.0, 0.5, RG_MALE};
        double w1 = rg_employment_audit(btb, &white_rec, 0, -1, 5, NULL, NULL);
        double w0 = rg_employment_audit(b0, &white_rec, 0, -1, 5, NULL, NULL);
        double k1 = rg_employment_audit(btb, &black, 0, -1, 6, NULL, NULL);
        double k0 = rg_employment_audit(b0, &black, 0, -1, 6, NULL, NULL);
        printf("Ban the Box: callbacks white with record %.3f (was %.3f), black without %.3f (was "
               "%.3f)\n",
               w1, w0, k1, k0);
        CHECK(w1 > w0, "Ban the Box should raise callbacks for records at the first screen");
        CHECK(k1 < k0, "statistical discrimination should lower callbacks for black applicants");
    }
    rg_run_free(btb);
    rg_run_free(b0);
}

/* The emulated trial: intention-to-treat difference in 2-year rearrest (offered
 * minus control) with a 95% normal interval, against the true effect among the
 * offered (trial run minus the baseline run with the same seed). */
static void test_trial(void)
{
    const int seeds = 10;
    int covered = 0;
    for (int s = 0; s < seeds; s++) {
        rg_params pt = scenario("trial_cbt", 12000, 24, 100 + s),
                  pb = scenario("baseline", 12000, 24, 100 + s);
        rg_run *t = run_all(&pt), *b = run_all(&pb);
        if (!t || !b) return;
        double y[2] = {0}, n[2] = {0}, truth = 0;
        const int8_t *arms = rg_run_field(t, "trial_arm");
        const int16_t *first_t = RG_COLS(t, justice)->first_arrest,
                      *first_b = RG_COLS(b, justice)->first_arrest;
        for (size_t i = 0; i < t->a.n; i++) {
            int arm = arms[i];
            if (arm < 0) continue;
            double yt = first_t[i] >= 0, yb = first_b[i] >= 0;
            y[arm] += yt;
            n[arm]++;
            if (arm == 1) truth += yt - yb;
        }
        double p1 = y[1] / n[1], p0 = y[0] / n[0], itt = p1 - p0;
        double se = sqrt(p1 * (1 - p1) / n[1] + p0 * (1 - p0) / n[0]);
        truth /= n[1];
        int ok = fabs(itt - truth) <= 1.96 * se;
        covered += ok;
        printf("trial seed %d: ITT %+.4f (95%% CI %+.4f to %+.4f), true effect %+.4f%s\n", 100 + s,
               itt, itt - 1.96 * se, itt + 1.96 * se, truth, ok ? "" : "  (not covered)");
        rg_run_free(t);
        rg_run_free(b);
    }
    printf("the interval covered the true effect in %d of %d seeds\n", covered, seeds);
    CHECK(covered >= 8, "covered in only %d of %d seeds", covered, seeds);
}

/* The risk tool: useful discrimination, calibrated by decile, and targeting by it
 * gives places to people of higher predicted risk than first come, first served. */
static void test_risk_tool(void)
{
    rg_params pr = scenario("cbt_by_risk", 20000, 24, 21),
              pf = scenario("cbt_by_risk", 20000, 24, 21);
    CHECK_SET(&pf, "cbt.targeting=first_come");
    CHECK_SET(&pf, "risk_tool.enabled=true");
    rg_run *r = run_all(&pr), *f = run_all(&pf);
    if (!r || !f) return;
    const double *aucs = table(r, "risk_tool", "auc", NULL);
    double auc = aucs ? aucs[0] : NAN;
    printf("risk tool: AUC %.3f\n", auc);
    CHECK(auc > 0.55 && auc < 0.9, "AUC %.3f", auc);
    double sr = 0, sf = 0;
    long nr = 0, nf = 0;
    const uint8_t *months_r = rg_run_field(r, "cbt_months"),
                  *months_f = rg_run_field(f, "cbt_months");
    const float *risk_r = rg_run_field(r, "predicted_risk"),
                *risk_f = rg_run_field(f, "predicted_risk");
    for (size_t i = 0; i < r->a.n; i++) {
        if (months_r[i] > 0) {
            sr += risk_r[i];
            nr++;
        }
        if (months_f[i] > 0) {
            sf += risk_f[i];
            nf++;
        }
    }
    printf("mean predicted risk of CBT participants: by risk %.3f, first come %.3f\n", sr / nr,
           sf / nf);
    CHECK(nr > 0 && nf > 0 && sr / nr > sf / nf + 0.02,
          "targeting by risk did not select higher risk");
    rg_run_free(r);
    rg_run_free(f);
}

int main(void)
{
    scenario_init();
    test_programme_rules();
    test_directions();
    test_trial();
    test_risk_tool();
    return check_done();
}
