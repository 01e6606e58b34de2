/* Justice rules: each realised rate matches its parameter within 4 standard
 * errors (fixed seeds), zero rates give zero events, and the records are
 * consistent (no conviction without an arrest, and so on). */
#include <math.h>
#include <string.h>

#include "../check.h"
#include "reintegra/family.h"
#include "reintegra/justice.h"
#include "reintegra/offending.h"
#include "reintegra/module.h"
#include "reintegra/run.h"

static void rate_ok(const char *what, double count, double n, double p)
{
    double se = sqrt(p * (1 - p) / n), got = count / n;
    CHECK(n > 0 && fabs(got - p) <= 4 * se, "%s: %.4f over %.0f, expected %.4f (SE %.4f)", what,
          got, n, p, se);
}

static rg_run *run_months(const rg_params *p, int months)
{
    rg_error err = {0};
    rg_run *run = NULL;
    CHECK(rg_run_create(&run, p, 0, &err) == RG_OK, "create: %s", err.msg);
    if (!run) return NULL;
    for (int m = 0; m < months; m++) CHECK(rg_run_step(run, &err) == RG_OK, "step: %s", err.msg);
    return run;
}

/* Runs `months` more months; returns the person-months with at least one arrest
 * (a person's arrests of a month are consecutive events). */
static double months_with_arrests(rg_run *run, int months)
{
    double n = 0;
    for (int m = 0; run && m < months; m++) {
        rg_error err = {0};
        CHECK(rg_run_step(run, &err) == RG_OK, "step: %s", err.msg);
        long last = -1;
        for (size_t k = 0; k < run->events.len; k++)
            if (run->events.ev[k].type == RG_EV_ARREST && (long)run->events.ev[k].agent != last) {
                n++;
                last = (long)run->events.ev[k].agent;
            }
    }
    return n;
}

/* Totals of event types and details over the months simulated. */
typedef struct totals {
    double offenses, arrests, convictions, to_prison, admissions, technical, revoked_arrest;
} totals;

static totals count(const rg_run *run)
{
    totals t;
    memset(&t, 0, sizeof t);
    for (int m = 0; m < run->month; m++) {
        t.offenses += (double)rg_run_summary_value(run, m, "offenses");
        t.arrests += (double)rg_run_summary_value(run, m, "arrests");
        t.convictions += (double)rg_run_summary_value(run, m, "convictions");
        t.admissions += (double)rg_run_summary_value(run, m, "admissions");
    }
    return t;
}

int main(void)
{
    rg_params base;
    rg_params_defaults(&base);
    base.run.agents = 100000;
    base.run.months = 24;
    base.run.seed = 11;

    /* Zero rates give zero events. */
    rg_params p = base;
    RG_PARAMS_MUT(&p, offending)->base_rate = 0;
    RG_PARAMS_MUT(&p, justice)->technical_revocation_rate = 0;
    rg_run *run = run_months(&p, 24);
    CHECK(run != NULL, "run");
    if (run) {
        totals t = count(run);
        CHECK(t.offenses == 0 && t.arrests == 0 && t.convictions == 0 && t.admissions == 0,
              "zero rates: %g offences, %g arrests, %g convictions, %g admissions", t.offenses,
              t.arrests, t.convictions, t.admissions);
        CHECK(rg_run_summary_value(run, 23, "free") == 100000, "everyone should stay free");
        rg_run_free(run);
    }

    /* Offence -> arrest (each offence), a month's arrests -> one case, a conviction
     * decided at once, conviction -> prison: binomial rates (every arrest
     * prosecuted). */
    p = base;
    RG_PARAMS_MUT(&p, justice)->court_delay_months = 0;
    RG_PARAMS_MUT(&p, justice)->arrest_probability = 0.4;
    RG_PARAMS_MUT(&p, justice)->conviction_probability = 0.6;
    RG_PARAMS_MUT(&p, justice)->prison_probability = 0.3;
    RG_PARAMS_MUT(&p, justice)->violation_share = 0;
    run = run_months(&p, 0);
    CHECK(run != NULL, "run");
    const double arrest_months = months_with_arrests(run, 12);
    if (run) {
        totals t = count(run);
        rate_ok("arrests per offence", t.arrests, t.offenses, 0.4);
        rate_ok("convictions per month with arrests", t.convictions, arrest_months, 0.6);
        double conv = 0;
        long more_convictions = 0, early_conviction = 0, return_without_admission = 0;
        for (size_t i = 0; i < run->a.n; i++) {
            conv += RG_COLS(run, justice)->convictions[i];
            more_convictions +=
                RG_COLS(run, justice)->convictions[i] > RG_COLS(run, justice)->arrests[i];
            early_conviction += RG_COLS(run, justice)->first_conviction[i] >= 0 &&
                                (RG_COLS(run, justice)->first_arrest[i] < 0 ||
                                 RG_COLS(run, justice)->first_arrest[i] >
                                     RG_COLS(run, justice)->first_conviction[i]);
            return_without_admission += RG_COLS(run, justice)->first_return[i] >= 0 &&
                                        RG_COLS(run, justice)->admissions[i] == 0;
        }
        CHECK(more_convictions == 0, "%ld people with more convictions than arrests",
              more_convictions);
        CHECK(early_conviction == 0, "%ld convictions dated before the first arrest",
              early_conviction);
        CHECK(return_without_admission == 0, "%ld returns without admission",
              return_without_admission);
        CHECK(conv == t.convictions, "convictions: agents %g, summary %g", conv, t.convictions);
        rg_run_free(run);
    }

    /* Arrests of supervised people dealt with as violations: with everyone
     * supervised for the whole year and never revoked, a month with arrests is
     * convicted with probability (1 - violation_share) * conviction_probability. */
    p = base;
    RG_PARAMS_MUT(&p, justice)->court_delay_months = 0;
    RG_PARAMS_MUT(&p, justice)->conviction_probability = 0.6;
    RG_PARAMS_MUT(&p, justice)->violation_share = 0.5;
    RG_PARAMS_MUT(&p, justice)->supervision_share = 1;
    RG_PARAMS_MUT(&p, justice)->supervision_months = 600;
    RG_PARAMS_MUT(&p, justice)->revocation_probability = 0;
    RG_PARAMS_MUT(&p, justice)->technical_revocation_rate = 0;
    run = run_months(&p, 0);
    CHECK(run != NULL, "run");
    const double supervised_arrest_months = months_with_arrests(run, 12);
    if (run) {
        rate_ok("convictions per supervised month with arrests", count(run).convictions,
                supervised_arrest_months, 0.3);
        rg_run_free(run);
    }

    /* Supervision at release and technical revocations: with frailty almost
     * constant and no other hazard ratios, risk is 1 on average. */
    p = base;
    RG_PARAMS_MUT(&p, offending)->base_rate = 0;
    RG_PARAMS_MUT(&p, offending)->frailty_shape = 100;
    RG_PARAMS_MUT(&p, offending)->age_effect = 0;
    RG_PARAMS_MUT(&p, offending)->age_effect_quadratic = 0;
    RG_PARAMS_MUT(&p, offending)->rr_female = 1;
    RG_PARAMS_MUT(&p, offending)->rr_violent = 1;
    RG_PARAMS_MUT(&p, offending)->rr_drug = 1;
    RG_PARAMS_MUT(&p, offending)->rr_public_order = 1;
    RG_PARAMS_MUT(&p, justice)->supervision_share = 0.6;
    RG_PARAMS_MUT(&p, justice)->technical_revocation_rate = 0.05;
    RG_PARAMS_MUT(&p, family)->share_visited =
        0; /* visits lower technical revocations (rr_technical_visited) */
    run = run_months(&p, 1);
    CHECK(run != NULL, "run");
    if (run) {
        double supervised = 0;
        for (size_t i = 0; i < run->a.n; i++)
            supervised += RG_COLS(run, justice)->supervision_left[i] > 0 ||
                          RG_COLS(run, justice)->status[i] == RG_PRISON;
        rate_ok("supervised at release", supervised, 100000, 0.6);
        rate_ok("technical revocations per supervised month",
                (double)rg_run_summary_value(run, 0, "admissions"), supervised, 0.05);
        CHECK(rg_run_summary_value(run, 0, "revocations") ==
                  rg_run_summary_value(run, 0, "admissions"),
              "every admission here is a revocation");
        rg_run_free(run);
    }

    /* Revocation terms: mean within 3% of revocation_months. */
    p = base;
    RG_PARAMS_MUT(&p, offending)->base_rate = 0;
    RG_PARAMS_MUT(&p, justice)->supervision_share = 1;
    RG_PARAMS_MUT(&p, justice)->technical_revocation_rate = 0.5;
    RG_PARAMS_MUT(&p, justice)->revocation_months = 8;
    run = run_months(&p, 1);
    if (run) {
        double sum = 0, k = 0;
        for (size_t i = 0; i < run->a.n; i++)
            if (RG_COLS(run, justice)->status[i] == RG_PRISON) {
                sum += RG_COLS(run, justice)->prison_left[i] + 1; /* one month already served */
                k++;
            }
        CHECK(k > 1000 && fabs(sum / k - 8) < 0.24, "mean revocation term %.3f, expected 8",
              sum / k);
        rg_run_free(run);
    }
    return check_done();
}
