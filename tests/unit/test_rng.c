/* Keyed Philox streams: known answers, purity, independence of streams, and the
 * distribution of draws (statistical checks with fixed seeds). */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "../check.h"
#include "reintegra/rng.h"

int main(void)
{
    /* Known-answer test of Philox4x32-10 (Random123 kat_vectors: zero counter
     * and key). */
    philox4x32_ctr_t c = {{0, 0, 0, 0}};
    philox4x32_key_t k = {{0, 0}};
    philox4x32_ctr_t out = philox4x32(c, k);
    CHECK(out.v[0] == 0x6627e8d5u && out.v[1] == 0xe169c58du && out.v[2] == 0xbc57ac4cu &&
              out.v[3] == 0x9b00dbd8u,
          "philox4x32 KAT mismatch: %08x %08x %08x %08x", out.v[0], out.v[1], out.v[2], out.v[3]);

    /* A draw is a pure function of its key. */
    rg_rng a, b;
    rg_rng_init(&a, 42, RG_STREAM_OFFENDING, 7, 3);
    rg_rng_init(&b, 42, RG_STREAM_OFFENDING, 7, 3);
    int same = 1;
    for (int i = 0; i < 100; i++) same &= rg_rng_u32(&a) == rg_rng_u32(&b);
    CHECK(same, "same key gave different numbers");
    CHECK(rg_draw_u01(42, RG_STREAM_OFFENDING, 7, 3) == rg_draw_u01(42, RG_STREAM_OFFENDING, 7, 3),
          "rg_draw_u01 is not pure");

    /* Changing any part of the key changes the numbers. */
    double base = rg_draw_u01(42, RG_STREAM_OFFENDING, 7, 3);
    CHECK(base != rg_draw_u01(43, RG_STREAM_OFFENDING, 7, 3), "seed ignored");
    CHECK(base != rg_draw_u01(42, RG_STREAM_ARREST, 7, 3), "stream ignored");
    CHECK(base != rg_draw_u01(42, RG_STREAM_OFFENDING, 8, 3), "entity ignored");
    CHECK(base != rg_draw_u01(42, RG_STREAM_OFFENDING, 7, 4), "month ignored");
    CHECK(base != rg_draw_u01(42, RG_STREAM_OFFENDING, 7ull << 32, 3), "entity high bits ignored");

    /* Uniforms: in (0,1), mean 1/2 within 5 standard errors, and a chi-square test
     * of 20 equal bins at the 0.1% level, over 10^6 draws across entities. */
    enum { N = 1000000, BINS = 20 };
    double sum = 0;
    long bins[BINS] = {0};
    int inside = 1;
    for (int i = 0; i < N; i++) {
        double u = rg_draw_u01(1, RG_STREAM_POPULATION, (uint64_t)i, 0);
        inside &= u > 0.0 && u < 1.0;
        sum += u;
        bins[(int)(u * BINS)]++;
    }
    CHECK(inside, "a uniform fell outside (0, 1)");
    double se = sqrt(1.0 / 12.0 / N);
    CHECK(fabs(sum / N - 0.5) < 5 * se, "mean %.6f is more than 5 SE (%.2g) from 0.5", sum / N, se);
    double chi2 = 0, expect = (double)N / BINS;
    for (int i = 0; i < BINS; i++) chi2 += (bins[i] - expect) * (bins[i] - expect) / expect;
    CHECK(gsl_cdf_chisq_Q(chi2, BINS - 1) > 0.001, "chi-square %.1f on %d df", chi2, BINS - 1);

    /* Consecutive draws of one stream are uncorrelated (|r| < 5/sqrt(N)). */
    rg_rng s;
    rg_rng_init(&s, 9, RG_STREAM_COURT, 0, 0);
    double prev = rg_rng_u01(&s), sxy = 0, sx = 0, sxx = 0;
    for (int i = 0; i < N; i++) {
        double u = rg_rng_u01(&s);
        sxy += prev * u;
        sx += u;
        sxx += u * u;
        prev = u;
    }
    double mean = sx / N, var = sxx / N - mean * mean, r = (sxy / N - mean * mean) / var;
    CHECK(fabs(r) < 5.0 / sqrt(N), "lag-1 correlation %.4f", r);

    /* The gsl_rng adapter: GSL distributions over keyed streams, reproducible and
     * with the right moments. Gamma(k=2, theta=3): mean 6, variance 18. */
    gsl_rng *g = rg_gsl_rng_alloc();
    CHECK(g != NULL, "adapter allocation failed");
    double gs = 0, gss = 0;
    enum { NG = 200000 };
    for (int i = 0; i < NG; i++) {
        rg_gsl_rng_set(g, 5, RG_STREAM_SENTENCE, (uint64_t)i, 1);
        double x = gsl_ran_gamma(g, 2.0, 3.0);
        gs += x;
        gss += x * x;
    }
    double gm = gs / NG, gv = gss / NG - gm * gm;
    CHECK(fabs(gm - 6.0) < 5 * sqrt(18.0 / NG), "gamma mean %.4f, expected 6", gm);
    CHECK(fabs(gv - 18.0) < 0.05 * 18.0, "gamma variance %.3f, expected 18", gv);
    rg_gsl_rng_set(g, 5, RG_STREAM_SENTENCE, 77, 1);
    double x1 = gsl_ran_gamma(g, 2.0, 3.0);
    rg_gsl_rng_set(g, 5, RG_STREAM_SENTENCE, 77, 1);
    CHECK(x1 == gsl_ran_gamma(g, 2.0, 3.0), "adapter draws are not reproducible");
    CHECK(gsl_rng_max(g) == 0xffffffffUL && gsl_rng_min(g) == 0, "adapter range");
    gsl_rng_free(g);
    return check_done();
}
