/* The population follows its composition parameters: realised shares within 4
 * standard errors of their parameters (fixed seed), frailty with mean 1 and
 * variance 1/k, prior arrests Poisson given the propensity (their sum within 4
 * standard errors of a slow reference's expectation), and releases of a flow
 * spread evenly; people return to neighbourhoods segregated by race, with each
 * group's dissimilarity index with white people within 0.02 of its parameter and the
 * neighbourhoods' disadvantage standardised. */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "../check.h"
#include "reintegra/justice.h"
#include "reintegra/offending.h"
#include "reintegra/population.h"
#include "reintegra/module.h"
#include "reintegra/run.h"

static void share_ok(const char *what, long count, long n, double p)
{
    double se = sqrt(p * (1 - p) / (double)n), got = (double)count / (double)n;
    CHECK(fabs(got - p) <= 4 * se + 1e-12, "%s: %.4f, expected %.4f (SE %.4f)", what, got, p, se);
}

/* Slow reference: the expected prior arrests beyond the first of agent i
 * (population.h), E(age) summed month by month. */
static double expected_priors(const rg_run *run, size_t i)
{
    const struct rg_params_population *q = RG_PARAMS(&run->p, population);
    const struct rg_params_offending *o = RG_PARAMS(&run->p, offending);
    const int months = (int)(RG_COLS(run, population)->age_at_release[i] * 12.0f);
    double e = 0;
    for (int m = 0; m < months; m++) {
        const double age = (m + 0.5) / 12.0;
        if (age > q->career_start_age) e += rg_offending_age_factor(o, age) / 12.0;
    }
    return q->prior_arrest_rate * RG_COLS(run, offending)->frailty[i] * e;
}

/* Dissimilarity index between race r and white people over the neighbourhoods. */
static double dissimilarity(const rg_run *run, int r)
{
    const int N = rg_population_neighbourhoods(run);
    double count[2][65536 / 64] = {{0}}, total[2] = {0};
    const struct rg_cols_population *pop = RG_COLS(run, population);
    for (size_t i = 0; i < run->a.n; i++) {
        const int k = pop->race[i] == r ? 1 : pop->race[i] == RG_WHITE ? 0 : -1;
        if (k < 0 || pop->neighbourhood[i] >= 65536 / 64) continue;
        count[k][pop->neighbourhood[i]]++;
        total[k]++;
    }
    double D = 0;
    for (int n = 0; n < N; n++) D += fabs(count[1][n] / total[1] - count[0][n] / total[0]);
    return D / 2;
}

static void place(const rg_run *run)
{
    const struct rg_params_population *q = RG_PARAMS(&run->p, population);
    const double target[] = {0, q->dissimilarity_black, q->dissimilarity_hispanic,
                             q->dissimilarity_other};
    for (int r = RG_BLACK; r <= RG_OTHER_RACE; r++) {
        const double D = dissimilarity(run, r);
        CHECK(fabs(D - target[r]) < 0.02, "dissimilarity of race %d: %.3f, expected %.3f", r, D,
              target[r]);
    }
    const double *d = rg_population_disadvantage(run);
    const int N = rg_population_neighbourhoods(run);
    double s = 0, ss = 0;
    for (int n = 0; n < N; n++) s += d[n], ss += d[n] * d[n];
    CHECK(fabs(s / N) < 1e-9 && fabs(ss / N - 1) < 0.05, "disadvantage mean %.3g, variance %.3f",
          s / N, ss / N);
    for (int n = 1; n < N; n++) CHECK(d[n] > d[n - 1], "disadvantage rises with the id");
}

int main(void)
{
    rg_params p;
    rg_params_defaults(&p);
    p.run.agents = 200000;
    p.run.months = 24;
    RG_PARAMS_MUT(&p, population)->release = RG_RELEASE_FLOW;
    RG_PARAMS_MUT(&p, population)->flow_months = 12;
    RG_PARAMS_MUT(&p, offending)->frailty_shape = 2.0;
    rg_error err = {0};
    rg_run *run = NULL;
    CHECK(rg_run_create(&run, &p, 0, &err) == RG_OK, "create: %s", err.msg);
    if (!run) return check_done();
    const rg_agents *a = &run->a;
    const long n = (long)a->n;
    const struct rg_params_population *q = RG_PARAMS(&p, population);
    long female = 0, offense[4] = {0}, priors[3] = {0}, race[4] = {0}, age[3] = {0};
    long month[12] = {0};
    double fs = 0, fss = 0;
    int ages_ok = 1, priors_ok = 1;
    for (long i = 0; i < n; i++) {
        female += RG_COLS(run, population)->sex[i] == RG_FEMALE;
        offense[RG_COLS(run, population)->offense[i]]++;
        priors[RG_COLS(run, population)->prior_group[i]]++;
        race[RG_COLS(run, population)->race[i]]++;
        age[rg_age_group_of(RG_COLS(run, population)->age_at_release[i])]++;
        month[RG_COLS(run, population)->release_month[i]]++;
        ages_ok &= RG_COLS(run, population)->age_at_release[i] >= q->age_min &&
                   RG_COLS(run, population)->age_at_release[i] <= q->age_max;
        int pg = RG_COLS(run, population)->prior_group[i],
            pa = RG_COLS(run, population)->prior_arrests[i];
        priors_ok &= pg == 0 ? (pa >= 1 && pa <= 4) : pg == 1 ? (pa >= 5 && pa <= 9) : pa >= 10;
        fs += RG_COLS(run, offending)->frailty[i];
        fss += (double)RG_COLS(run, offending)->frailty[i] * RG_COLS(run, offending)->frailty[i];
    }
    share_ok("female", female, n, q->share_female);
    share_ok("violent", offense[RG_VIOLENT], n, q->share_violent);
    share_ok("property", offense[RG_PROPERTY], n, q->share_property);
    share_ok("drug", offense[RG_DRUG], n, q->share_drug);
    share_ok("public order", offense[RG_PUBLIC_ORDER], n, q->share_public_order);
    double observed = 0, expected = 0;
    for (long i = 0; i < 50000; i++) {
        observed += RG_COLS(run, population)->prior_arrests[i] - 1.0;
        expected += expected_priors(run, (size_t)i);
    }
    CHECK(fabs(observed - expected) <= 4 * sqrt(expected) + 1.0,
          "prior arrests beyond the first: %.0f, expected %.0f (SE %.0f)", observed, expected,
          sqrt(expected));
    CHECK(priors[0] > 0 && priors[1] > 0 && priors[2] > 0, "every prior-arrest group occurs");
    share_ok("white", race[RG_WHITE], n, q->share_white);
    share_ok("black", race[RG_BLACK], n, q->share_black);
    share_ok("hispanic", race[RG_HISPANIC], n, q->share_hispanic);
    place(run);
    share_ok("age 24-", age[0], n, q->share_age_24_or_younger);
    share_ok("age 40+", age[2], n, q->share_age_40_or_older);
    CHECK(ages_ok, "an age outside [age_min, age_max]");
    CHECK(priors_ok, "prior arrests outside their group's range");
    double fm = fs / n, fv = fss / n - fm * fm;
    CHECK(fabs(fm - 1.0) < 4 * sqrt(0.5 / n), "frailty mean %.4f, expected 1", fm);
    CHECK(fabs(fv - 0.5) < 0.02, "frailty variance %.4f, expected 1/k = 0.5", fv);

    /* Flow: release months uniform over 0..11 (chi-square at the 0.1% level). */
    double chi2 = 0, e = n / 12.0;
    for (int m = 0; m < 12; m++) chi2 += (month[m] - e) * (month[m] - e) / e;
    CHECK(gsl_cdf_chisq_Q(chi2, 11) > 0.001, "release months: chi-square %.1f on 11 df", chi2);

    /* Nobody is free before their release month; everyone is out by month 12. */
    int early = 0;
    for (int m = 0; m < 13; m++) {
        CHECK(rg_run_step(run, &err) == RG_OK, "step: %s", err.msg);
        for (long i = 0; i < n; i++)
            early += RG_COLS(run, justice)->status[i] != RG_PENDING &&
                     RG_COLS(run, population)->release_month[i] > m;
    }
    CHECK(early == 0, "%d agent-months free before release", early);
    CHECK(rg_run_summary_value(run, 12, "pending") == 0, "%lld still pending after the flow",
          (long long)rg_run_summary_value(run, 12, "pending"));
    CHECK(rg_run_summary_value(run, 0, "releases") == month[0],
          "month-0 releases %lld, expected %ld",
          (long long)rg_run_summary_value(run, 0, "releases"), month[0]);
    rg_run_free(run);
    return check_done();
}
