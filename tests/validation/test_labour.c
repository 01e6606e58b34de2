/* The open labour market: job seekers without records of this cohort compete for
 * the same vacancies. Their composition follows the parameters (statistical
 * check), bad shares are refused, and Ban the Box and discrimination act on them
 * through the employers' mechanisms only (common random numbers, fixed seeds):
 * directions are asserted, sizes printed. */
#include <math.h>
#include <stdio.h>

#include "../check.h"
#include "reintegra/config.h"
#include "reintegra/employment.h"
#include "reintegra/module.h"
#include "reintegra/run.h"

enum { AGENTS = 20000, MONTHS = 24 };

static rg_run *run_with(const char *const *sets, size_t n)
{
    rg_params p;
    rg_params_defaults(&p);
    p.run.agents = AGENTS;
    p.run.months = MONTHS;
    p.run.seed = 11;
    rg_error err = {0};
    for (size_t k = 0; k < n; k++)
        CHECK(rg_config_set(&p, sets[k], &err) == RG_OK, "%s: %s", sets[k], err.msg);
    CHECK(rg_params_validate(&p, &err) == RG_OK, "validate: %s", err.msg);
    rg_run *run = NULL;
    CHECK(rg_run_create(&run, &p, 0, &err) == RG_OK, "create: %s", err.msg);
    if (run) CHECK(rg_run_complete(run, &err) == RG_OK, "run: %s", err.msg);
    return run;
}

/* A summary column summed over the months. */
static double total(const rg_run *run, const char *name)
{
    double sum = 0;
    for (int m = 0; m < run->month; m++) sum += (double)rg_run_summary_value(run, m, name);
    return sum;
}

static double ratio(const rg_run *run, const char *num, const char *den)
{
    return total(run, num) / total(run, den);
}

/* Composition: among 10,000 seekers, shares within 4 standard errors. */
static void composition(const rg_run *run)
{
    const double n = (double)rg_run_summary_value(run, 0, "seekers_all");
    const double with = (double)rg_run_summary_value(run, 0, "seekers_with_record_employed");
    printf("job seekers without a record: %.0f (of %d), in work at the start with a record %.0f\n",
           n, AGENTS / 2, with);
    CHECK(n > 0.85 * AGENTS / 2 && n < AGENTS / 2, "seekers without a record: %.0f", n);
    static const char *cols[] = {"seekers_black", "seekers_hispanic", "seekers_age_24",
                                 "seekers_age_25_39"};
    static const double share[] = {0.20, 0.19, 0.30, 0.38};
    for (int k = 0; k < 4; k++) {
        double s = (double)rg_run_summary_value(run, 0, cols[k]) / n;
        /* Records are more common among black men: their share among seekers
         * without one is lower than among all seekers. */
        double expect = k == 0 ? 0.20 * (1 - 0.55 * 0.33 - 0.45 * 0.025) /
                                     (1 - 0.20 * (0.55 * 0.33 + 0.45 * 0.025) -
                                      0.80 * (0.55 * 0.11 + 0.45 * 0.025))
                               : share[k];
        double se = sqrt(expect * (1 - expect) / n);
        printf("  %-18s %.3f (expected about %.3f)\n", cols[k], s, expect);
        CHECK(fabs(s - expect) < 4 * se, "%s share %.3f", cols[k], s);
    }
}

int main(void)
{
    /* Bad input: shares that leave no room for white job seekers. */
    rg_params bad;
    rg_params_defaults(&bad);
    rg_error err = {0};
    CHECK(rg_config_set(&bad, "employment.seeker_share_black=0.7", &err) == RG_OK, "%s", err.msg);
    CHECK(rg_config_set(&bad, "employment.seeker_share_hispanic=0.5", &err) == RG_OK, "%s",
          err.msg);
    CHECK(rg_params_validate(&bad, &err) == RG_EINPUT, "shares over 1 should be refused");
    printf("refused: %s\n", err.msg);

    static const char *btb[] = {"ban_the_box.enabled=true"};
    /* The same positions without the job seekers: 0.8 per seeker, 50 seekers and
     * 4 employers per 100 people, on top of 10 per employer. */
    static const char *none[] = {"employment.seekers_per_100=0",
                                 "employment.positions_per_employer=20"};
    static const char *taste0[] = {"employment.race_penalty_black=0",
                                   "employment.race_penalty_hispanic=0"};
    rg_run *base = run_with(NULL, 0), *policy = run_with(btb, 1), *alone = run_with(none, 2),
           *no_taste = run_with(taste0, 2);
    if (!base || !policy || !alone || !no_taste) return check_done();
    composition(base);

    /* Without job seekers, nobody is counted; with as many positions but no
     * competition the cohort works more. */
    CHECK(total(alone, "seekers_all") == 0, "no job seekers were asked for");
    double emp_alone = total(alone, "employed"), emp_base = total(base, "employed");
    printf("cohort in work (person-months): %.0f with job seekers, %.0f without (same "
           "positions)\n",
           emp_base, emp_alone);
    CHECK(emp_base < emp_alone, "competition should lower the cohort's employment");

    /* Ban the Box: black job seekers without a record lose callbacks (employers that
     * asked now judge them by their group); the cohort (all with records) gains. */
    const char *groups[] = {"white", "black", "hispanic"};
    for (int g = 0; g < 3; g++) {
        char a[64], c[64];
        snprintf(a, sizeof a, "seeker_applications_%s", groups[g]);
        snprintf(c, sizeof c, "seeker_callbacks_%s", groups[g]);
        printf("callbacks per application, %-8s seekers without a record: %.4f baseline, "
               "%.4f Ban the Box\n",
               groups[g], ratio(base, c, a), ratio(policy, c, a));
    }
    CHECK(ratio(policy, "seeker_callbacks_black", "seeker_applications_black") <
              ratio(base, "seeker_callbacks_black", "seeker_applications_black"),
          "Ban the Box should lower black non-record seekers' callbacks");
    CHECK(total(policy, "employed") > total(base, "employed"),
          "Ban the Box should raise the cohort's employment");

    /* No taste-based discrimination: a race gap in callbacks remains for seekers
     * without a record (employers that cannot see records judge by group). */
    double w = ratio(no_taste, "seeker_callbacks_white", "seeker_applications_white"),
           b = ratio(no_taste, "seeker_callbacks_black", "seeker_applications_black");
    printf("no taste-based discrimination: callbacks per application white %.4f, black %.4f\n", w,
           b);
    CHECK(b < w, "statistical discrimination should leave a race gap");
    rg_run_free(base);
    rg_run_free(policy);
    rg_run_free(alone);
    rg_run_free(no_taste);
    return check_done();
}
