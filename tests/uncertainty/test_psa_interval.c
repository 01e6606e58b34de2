/* The noise-plus-parameters interval of an uncertainty analysis: the quantiles of
 * the mixture over the parameter sets of each set's contrast plus the base noise. */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "../check.h"
#include "reintegra/stats.h"
#include "reintegra/uncertainty.h"

/* Every set alike (no parameter uncertainty): exactly the noise-alone interval,
 * d ± t(0.975, df) se, up to the bisection's tolerance (1e-13 of the bracket, far
 * below the 1e-9 of the interval's width asked here). */
static void test_no_uncertainty(void)
{
    double d[7], se[7], df[7], lo, hi;
    for (int k = 0; k < 7; k++) {
        d[k] = -1.25;
        se[k] = 0.4;
        df[k] = 4;
    }
    rg_psa_mixture_interval(d, se, df, 7, 0.95, &lo, &hi);
    double t = rg_t_quantile(0.95, 4);
    CHECK(fabs(lo - (-1.25 - t * 0.4)) < 1e-9 * t * 0.8, "lo %.17g", lo);
    CHECK(fabs(hi - (-1.25 + t * 0.4)) < 1e-9 * t * 0.8, "hi %.17g", hi);
    double a[3] = {0.1, 0.1, 0.1}, z[3] = {0.2, 0.2, 0.2}, n0[3] = {0, 0, 0};
    rg_psa_mixture_interval(a, z, n0, 3, 0.95, &lo, &hi);
    CHECK(fabs(hi - (0.1 + 1.959963984540054 * 0.2)) < 1e-9, "normal noise: hi %.17g", hi);
}

/* Without noise: the sets' own quantiles, exactly. */
static void test_no_noise(void)
{
    double d[40], se[40] = {0}, df[40] = {0}, lo, hi;
    for (int k = 0; k < 40; k++) d[k] = 39 - k;
    rg_psa_mixture_interval(d, se, df, 40, 0.95, &lo, &hi);
    /* The inverse of the empirical distribution function: F(38) = 39/40 = 0.975. */
    CHECK(lo == 0 && hi == 38, "[%g, %g], expected the 1st and 39th of 40 values", lo, hi);
}

/* Parameters spread the contrast: the mixture's CDF at the ends is 2.5% and 97.5%,
 * and the interval is wider than the noise alone (±1.96) and than the sets alone
 * (±3): about ±(3 + 1.645), each end lying in one set's noise. */
static void test_spread(void)
{
    double d[2] = {-3, 3}, se[2] = {1, 1}, df[2] = {0, 0}, lo, hi;
    rg_psa_mixture_interval(d, se, df, 2, 0.95, &lo, &hi);
    double p = (gsl_cdf_ugaussian_P(lo + 3) + gsl_cdf_ugaussian_P(lo - 3)) / 2;
    CHECK(fabs(p - 0.025) < 1e-9 && fabs(hi + lo) < 1e-9, "lo %g hi %g cdf %g", lo, hi, p);
    CHECK(lo < -3 - 1.6 && lo > -3 - 1.7, "lo %g, expected about -4.645", lo);
}

int main(void)
{
    test_no_uncertainty();
    test_no_noise();
    test_spread();
    return check_done();
}
