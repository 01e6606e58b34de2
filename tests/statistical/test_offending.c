/* Offence counts: the Poisson count by inversion from one uniform
 * (rg_offending_count) agrees draw by draw with a slow reference that accumulates
 * the distribution function, gives 0 exactly when u >= 1 - exp(-h), and its
 * frequencies match the Poisson distribution (chi-square at the 0.1% level, fixed
 * seed) for means from rare to several offences a month. */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "../check.h"
#include "reintegra/offending.h"
#include "reintegra/rng.h"

/* Smallest n with P(N >= n + 1) <= u, from the distribution function: the count
 * whose upper tail holds u (the same orientation as the fast path). */
static int reference(double u, double h, int cap)
{
    double cdf = 0;
    for (int n = 0; n < cap; n++) {
        cdf += gsl_ran_poisson_pdf((unsigned)n, h);
        if (u >= 1.0 - cdf) return n;
    }
    return cap;
}

int main(void)
{
    const double means[] = {0.01, 0.2, 1.0, 3.5, 12.0};
    const int draws = 200000, cap = 60;
    for (size_t k = 0; k < sizeof means / sizeof means[0]; k++) {
        const double h = means[k];
        long freq[61] = {0};
        int mismatches = 0, zero_ok = 1;
        for (int d = 0; d < draws; d++) {
            const double u = rg_draw_u01(2026, 99, (uint64_t)d, (uint32_t)k);
            const int n = rg_offending_count(u, h, cap);
            const int ref = reference(u, h, cap);
            /* Near a boundary the two sums differ in the last bits: allow one. */
            mismatches += n != ref && abs(n - ref) > 1;
            zero_ok &= (n == 0) == (u >= -expm1(-h));
            freq[n]++;
        }
        CHECK(mismatches == 0, "h = %g: %d counts differ from the reference", h, mismatches);
        CHECK(zero_ok, "h = %g: zero must be exactly u >= 1 - exp(-h)", h);
        /* Chi-square over the cells with an expectation of at least 5 (the rest pooled). */
        double chi2 = 0, pooled_o = 0, pooled_e = 0;
        int df = -1;
        for (int n = 0; n <= cap; n++) {
            const double e = draws * gsl_ran_poisson_pdf((unsigned)n, h);
            if (e >= 5) {
                chi2 += (freq[n] - e) * (freq[n] - e) / e;
                df++;
            } else {
                pooled_o += (double)freq[n];
                pooled_e += e;
            }
        }
        if (pooled_e >= 5) {
            chi2 += (pooled_o - pooled_e) * (pooled_o - pooled_e) / pooled_e;
            df++;
        }
        if (df > 0)
            CHECK(gsl_cdf_chisq_Q(chi2, df) > 0.001, "h = %g: chi-square %.1f on %d df", h, chi2,
                  df);
    }
    CHECK(rg_offending_count(1e-300, 50.0, 60) <= 60, "the cap holds");
    return check_done();
}
