/* The life of a record under Fresh Start: records are cleared only when the law
 * allows it; a new conviction reinstates a cleared record (and does not where the
 * law says otherwise); petition uptake within five years of eligibility is the
 * fitted 6.5% (Prescott & Starr 2020); petitioners are selected by the uptake
 * drivers (only people who know petition; people in work petition more); and the
 * analysis reports recipients, eligible non-recipients and ineligible people as
 * groups, from the run file, as the model computed them. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "scenario.h"
#include "reintegra/employment.h"
#include "reintegra/justice.h"
#include "reintegra/metrics.h"
#include "reintegra/module.h"
#include "reintegra/population.h"
#include "reintegra/result.h"

/* The record's columns, by name (Fresh Start's are its own). */
typedef struct record_cols {
    const int8_t *relief;
    const uint8_t *priors, *aware, *arrested_e;
    const int16_t *eligible, *cleared, *reinstated;
    const uint16_t *free_e, *employed_e;
    const float *income_e;
} record_cols;

static record_cols record_columns(const rg_run *r)
{
    record_cols c = {rg_run_field(r, "record_relief"),
                     rg_run_field(r, "prior_convictions"),
                     rg_run_field(r, "relief_aware"),
                     rg_run_field(r, "arrested_eligible"),
                     rg_run_field(r, "eligible_month"),
                     rg_run_field(r, "cleared_month"),
                     rg_run_field(r, "reinstated_month"),
                     rg_run_field(r, "months_free_eligible"),
                     rg_run_field(r, "months_employed_eligible"),
                     rg_run_field(r, "income_eligible")};
    CHECK(c.relief && c.priors && c.aware && c.arrested_e && c.eligible && c.cleared &&
              c.reinstated && c.free_e && c.employed_e && c.income_e,
          "Fresh Start's columns are missing");
    return c;
}

typedef struct record_tally {
    long cleared, unlawful, convicted_cleared, reinstated, wrong;
} record_tally;

/* One month of checks: every record cleared this month was eligible by law, and a
 * cleared record that meets a new conviction is reinstated (or kept). */
static void check_month(const rg_run *r, const record_cols *c, uint16_t *conv, uint8_t *clear,
                        int reinstate, record_tally *t)
{
    const struct rg_cols_justice *justice = RG_COLS(r, justice);
    const struct rg_cols_population *population = RG_COLS(r, population);
    const int month = r->month - 1, wait = 24, most = 2;
    for (size_t i = 0; i < r->a.n; i++) {
        const int now = justice->record_cleared[i], convicted = justice->convictions[i] > conv[i];
        if (!clear[i] && now) {
            t->cleared++;
            t->unlawful += justice->status[i] != RG_FREE || population->offense[i] == RG_VIOLENT ||
                           1 + c->priors[i] + justice->convictions[i] > most ||
                           justice->months_free[i] < wait || justice->supervision_left[i] > 0;
        }
        if (clear[i] && convicted) {
            t->convicted_cleared++;
            t->reinstated += !now;
            t->wrong += reinstate ? (now || c->reinstated[i] != month) : !now;
        } else if (clear[i] && !now) {
            t->wrong++; /* un-cleared without a conviction */
        }
        conv[i] = justice->convictions[i];
        clear[i] = (uint8_t)now;
    }
}

static void law_and_reinstatement(int reinstate)
{
    rg_params p = scenario("fresh_start", 20000, 96, 31);
    CHECK_SET(&p, "fresh_start.max_convictions=2");
    CHECK_SET(&p, "fresh_start.offence_free_years=2");
    if (!reinstate) CHECK_SET(&p, "fresh_start.reinstate_on_conviction=false");
    rg_error err = {0};
    rg_run *r = NULL;
    CHECK(rg_run_create(&r, &p, 0, &err) == RG_OK, "create: %s", err.msg);
    if (!r) return;
    const record_cols c = record_columns(r);
    uint16_t *conv = calloc(r->a.n, sizeof *conv);
    uint8_t *clear = calloc(r->a.n, 1);
    record_tally t = {0};
    for (int m = 0; m < 96 && conv && clear && c.relief; m++) {
        CHECK(rg_run_step(r, &err) == RG_OK, "step: %s", err.msg);
        check_month(r, &c, conv, clear, reinstate, &t);
    }
    printf("automatic clearance (reinstate %s): %ld clearances, %ld unlawful; %ld cleared "
           "records met a new conviction, %ld reinstated, %ld handled wrongly\n",
           reinstate ? "on" : "off", t.cleared, t.unlawful, t.convicted_cleared, t.reinstated,
           t.wrong);
    CHECK(t.cleared > 1000, "only %ld records cleared", t.cleared);
    CHECK(t.unlawful == 0, "%ld records cleared against the law", t.unlawful);
    CHECK(t.convicted_cleared > 10, "only %ld cleared records met a conviction",
          t.convicted_cleared);
    CHECK(t.wrong == 0, "%ld cleared records handled wrongly", t.wrong);
    CHECK(reinstate ? t.reinstated == t.convicted_cleared : t.reinstated == 0,
          "%ld of %ld reinstated", t.reinstated, t.convicted_cleared);
    free(conv);
    free(clear);
    rg_run_free(r);
}

/* Uptake within five years of eligibility among people eligible five years
 * before the horizon (Prescott & Starr 2020 measure it so). */
static double uptake_5y(const rg_run *r, const record_cols *c, long *observed)
{
    long n = 0, k = 0;
    for (size_t i = 0; i < r->a.n; i++) {
        if (c->eligible[i] < 0 || c->eligible[i] > r->month - 60) continue;
        n++;
        k += c->cleared[i] >= 0 && c->cleared[i] - c->eligible[i] < 60;
    }
    *observed = n;
    return n ? (double)k / (double)n : NAN;
}

/* Outcomes from first eligibility of one group (relief code): employment, income
 * per free month, wage when employed, rearrest. */
static void group_outcomes(const rg_run *r, const record_cols *c, int code, double out[4],
                           long *people)
{
    double fm = 0, em = 0, inc = 0, arrested = 0;
    long n = 0;
    for (size_t i = 0; i < r->a.n; i++) {
        if (c->relief[i] != code || c->eligible[i] < 0) continue;
        n++;
        fm += c->free_e[i];
        em += c->employed_e[i];
        inc += c->income_e[i];
        arrested += c->arrested_e[i];
    }
    out[0] = 100.0 * em / fm;
    out[1] = inc / fm;
    out[2] = inc / em;
    out[3] = 100.0 * arrested / (double)n;
    *people = n;
}

/* The analysis reads the groups back from the file and finds the model's values. */
static void check_metrics(const char *path, const double rec[4], const double non[4])
{
    rg_result res;
    rg_run_metrics m;
    rg_error err = {0};
    CHECK(rg_result_read(&res, path, &err) == RG_OK, "read: %s", err.msg);
    if (err.msg[0]) return;
    CHECK(rg_run_metrics_compute(&m, &res, &err) == RG_OK, "metrics: %s", err.msg);
    const rg_metric ms[4] = {RG_M_EMPLOYMENT_ELIGIBLE, RG_M_INCOME_ELIGIBLE, RG_M_WAGE_ELIGIBLE,
                             RG_M_REARREST_ELIGIBLE};
    for (int k = 0; k < 4; k++) {
        const double a = m.value[ms[k]][RG_G_RECORD_CLEARED],
                     b = m.value[ms[k]][RG_G_RECORD_ELIGIBLE],
                     gap = m.value[ms[k]][RG_G_GAP_CLEARED_ELIGIBLE];
        CHECK(fabs(a - rec[k]) < 1e-3 * fabs(rec[k]) + 1e-6 &&
                  fabs(b - non[k]) < 1e-3 * fabs(non[k]) + 1e-6 && fabs(gap - (a - b)) < 1e-9,
              "%s: analysis %.4f / %.4f, model %.4f / %.4f", rg_metric_key(ms[k]), a, b, rec[k],
              non[k]);
    }
    CHECK(!isnan(m.value[RG_M_EMPLOYMENT][RG_G_RECORD_INELIGIBLE]),
          "no measure for people never eligible");
    rg_run_metrics_free(&m);
    rg_result_free(&res);
}

static void uptake_and_selection(void)
{
    rg_params p = scenario("fresh_start_petition", 60000, 120, 41);
    CHECK_SET(&p, "fresh_start.offence_free_years=5"); /* the law of the fit */
    const char *path = "record_petition.h5";
    rg_error err = {0};
    rg_run *r = NULL;
    CHECK(rg_run_create(&r, &p, 0, &err) == RG_OK, "create: %s", err.msg);
    if (!r) return;
    CHECK(rg_run_open_output(r, path, &err) == RG_OK, "open: %s", err.msg);
    CHECK(rg_run_complete(r, &err) == RG_OK, "run: %s", err.msg);
    const record_cols c = record_columns(r);
    long observed = 0, unaware = 0, nr = 0, nn = 0;
    const double up = uptake_5y(r, &c, &observed);
    for (size_t i = 0; i < r->a.n; i++) unaware += c.relief[i] == RG_RELIEF_CLEARED && !c.aware[i];
    double rec[4], non[4];
    group_outcomes(r, &c, RG_RELIEF_CLEARED, rec, &nr);
    group_outcomes(r, &c, RG_RELIEF_ELIGIBLE, non, &nn);
    printf("petition uptake within 5 years of eligibility: %.1f%% of %ld (fitted to 6.5%%, "
           "Prescott & Starr 2020)\n",
           100.0 * up, observed);
    printf("from eligibility: recipients (%ld) vs eligible non-recipients (%ld): employed "
           "%.1f%% vs %.1f%%, income $%.0f vs $%.0f per free month, wage $%.0f vs $%.0f, "
           "rearrested %.1f%% vs %.1f%%\n",
           nr, nn, rec[0], non[0], rec[1], non[1], rec[2], non[2], rec[3], non[3]);
    CHECK(observed > 1000, "only %ld people observed five years after eligibility", observed);
    CHECK(up > 0.045 && up < 0.085, "uptake %.3f, fitted to 0.065", up);
    CHECK(unaware == 0, "%ld recipients did not know they could petition", unaware);
    CHECK(nr > 100 && rec[0] > non[0], "petitioners should be selected on work (%.1f vs %.1f)",
          rec[0], non[0]);
    rg_run_free(r);
    check_metrics(path, rec, non);
    remove(path);
}

int main(void)
{
    scenario_init();
    law_and_reinstatement(1);
    law_and_reinstatement(0);
    uptake_and_selection();
    return check_done();
}
