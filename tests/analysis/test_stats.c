/* Confidence intervals against known values and known distributions: t quantiles,
 * a hand-computed interval, the coverage of t and Welch intervals for normal
 * samples, zero-width paired intervals for identical runs, the ratio estimator. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>

#include "../check.h"
#include "reintegra/stats.h"

static void known_values(void)
{
    /* Tables of Student's t, 0.975 quantile. */
    CHECK(fabs(rg_t_quantile(0.95, 1) - 12.7062047) < 1e-6, "t(1)");
    CHECK(fabs(rg_t_quantile(0.95, 2) - 4.30265273) < 1e-6, "t(2)");
    CHECK(fabs(rg_t_quantile(0.95, 9) - 2.26215716) < 1e-6, "t(9)");
    double x[] = {1, 2, 3};
    rg_estimate e = rg_estimate_replicates(x, 3, 0.95);
    /* mean 2, sd 1, se 1/sqrt(3), half-width 4.30265273/sqrt(3). */
    CHECK(e.est == 2 && fabs(e.hi - 2 - 4.30265273 / sqrt(3.0)) < 1e-6, "t interval %g", e.hi);
    CHECK(e.method == RG_CI_REPLICATES && e.n == 3, "method");
    e = rg_estimate_normal(10, 2, 0.95);
    CHECK(fabs(e.lo - (10 - 1.959963985 * 2)) < 1e-6, "normal %g", e.lo);
    e = rg_estimate_replicates(x, 1, 0.95);
    CHECK(e.est == 1 && isnan(e.lo), "one replicate: no t interval");
    double y[] = {1, NAN};
    CHECK(isnan(rg_estimate_replicates(y, 2, 0.95).est), "NAN: unavailable");
}

static void paired_identical(void)
{
    double a[] = {36.1, 37.4, 35.9, 36.6};
    rg_estimate d = rg_contrast_paired(a, a, 4, 0.95);
    CHECK(d.est == 0 && d.lo == 0 && d.hi == 0 && d.method == RG_CI_PAIRED,
          "identical runs: zero difference, zero width (%g [%g, %g])", d.est, d.lo, d.hi);
    double b[] = {35.1, 36.4, 34.9, 35.6}; /* a - 1 exactly */
    d = rg_contrast_paired(a, b, 4, 0.95);
    CHECK(fabs(d.est + 1) < 1e-12 && fabs(d.hi - d.lo) < 1e-9, "a constant shift: zero width");
    d = rg_contrast_welch(a, 4, b, 4, 0.95);
    CHECK(fabs(d.est + 1) < 1e-12 && d.hi - d.lo > 0.5, "unpaired: wide (%g)", d.hi - d.lo);
}

static void coverage(void)
{
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 20240601);
    const int trials = 4000;
    int cover_t = 0, cover_w = 0;
    for (int k = 0; k < trials; k++) {
        double a[3], b[5];
        for (int i = 0; i < 3; i++) a[i] = 10 + gsl_ran_gaussian(g, 1.0);
        for (int i = 0; i < 5; i++) b[i] = 12 + gsl_ran_gaussian(g, 3.0);
        rg_estimate e = rg_estimate_replicates(a, 3, 0.95);
        cover_t += e.lo <= 10 && 10 <= e.hi;
        rg_estimate w = rg_contrast_welch(a, 3, b, 5, 0.95);
        cover_w += w.lo <= 2 && 2 <= w.hi;
    }
    double se = sqrt(0.95 * 0.05 / trials);
    double ct = (double)cover_t / trials, cw = (double)cover_w / trials;
    printf("coverage: t %.4f, Welch %.4f (nominal 0.95, se %.4f)\n", ct, cw, se);
    CHECK(fabs(ct - 0.95) < 3.5 * se, "t coverage %.4f", ct);
    /* Welch's interval is approximate: a little more room. */
    CHECK(fabs(cw - 0.95) < 5 * se, "Welch coverage %.4f", cw);
    gsl_rng_free(g);
}

static void ratio(void)
{
    double c[] = {100, 200, 300}, e[] = {1, 2, 3};
    rg_estimate r = rg_ratio_paired(c, e, 3, 0.95);
    CHECK(fabs(r.est - 100) < 1e-12 && fabs(r.hi - r.lo) < 1e-9, "exact ratio %g", r.est);
    double e2[] = {1, 3, 2};
    r = rg_ratio_paired(c, e2, 3, 0.95);
    CHECK(fabs(r.est - 100) < 1e-12 && r.hi > r.lo, "ratio with noise");
    double z[] = {0, 0, 0};
    CHECK(isnan(rg_ratio_paired(c, z, 3, 0.95).est), "no effect: no ratio");
}

int main(void)
{
    known_values();
    paired_identical();
    coverage();
    ratio();
    return check_done();
}
