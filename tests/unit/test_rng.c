/* Keyed Philox streams: known answers, purity, independence of streams, and the
 * distribution of draws (statistical checks with fixed seeds). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "../check.h"
#include "reintegra/module.h"
#include "reintegra/rng.h"

/* Streams for the checks below (any two different numbers). */
enum { STREAM_A = 3, STREAM_B = 4 };

/* Every purpose of the model and the engine has its own draws: names are unique,
 * no two purposes share a (stream, slot, output), and monthly purposes fit
 * RG_MONTHS_MAX months in their 16-bit slots. A new purpose that reuses another's
 * numbers fails here. */
static void test_purposes(void)
{
    const rg_purpose *all[512];
    const char *owner[512];
    size_t n = 0, ne, nm;
    const rg_purpose *engine = rg_engine_purposes(&ne);
    for (size_t k = 0; k < ne && n < 512; k++, n++) {
        all[n] = &engine[k];
        owner[n] = "engine";
    }
    const rg_module *const *mods = rg_modules(&nm);
    for (size_t m = 0; m < nm; m++)
        for (size_t k = 0; k < mods[m]->n_purposes && n < 512; k++, n++) {
            all[n] = &mods[m]->purposes[k];
            owner[n] = mods[m]->name;
        }
    CHECK(n > 20, "only %zu purposes", n);
    for (size_t i = 0; i < n; i++) {
        const rg_purpose *p = all[i];
        CHECK(p->stream != 0, "%s (%s): stream 0 is reserved", p->name, owner[i]);
        CHECK(!p->monthly || p->slot + RG_MONTHS_MAX - 1 <= 0xffff,
              "%s: %d months from slot %u do not fit in 16 bits", p->name, RG_MONTHS_MAX, p->slot);
        CHECK(p->meaning && p->meaning[0], "%s: no meaning", p->name);
        for (size_t j = i + 1; j < n; j++) {
            CHECK(strcmp(p->name, all[j]->name) != 0, "purpose %s declared twice", p->name);
            CHECK(!rg_purposes_overlap(p, all[j]), "%s (%s) and %s (%s) share draws", p->name,
                  owner[i], all[j]->name, owner[j]);
        }
    }
    /* The overlap test itself: a negative control. */
    rg_purpose a = RG_DRAW("a", 7, 0, MONTHLY, AGENT, 0, 2, "a"),
               b = RG_DRAW("b", 7, 5, ONCE, AGENT, 1, 2, "b"),
               c = RG_DRAW("c", 7, 5, ONCE, AGENT, 2, 0, "c");
    CHECK(rg_purposes_overlap(&a, &b), "slot 5 of a monthly purpose overlaps a single draw");
    CHECK(!rg_purposes_overlap(&a, &c), "outputs 0-1 and 2.. do not overlap");
    c.stream = 8;
    CHECK(!rg_purposes_overlap(&b, &c), "different streams never overlap");

    /* Positions outside the 16-bit fields are reported, not wrapped into another
     * purpose's draws. */
    rg_rng r, z;
    CHECK(rg_rng_init(&r, 1, STREAM_A, 5, 0x10000u) != 0, "slot 65536 accepted");
    rg_rng_init(&z, 1, STREAM_A, 5, 0);
    CHECK(rg_rng_u32(&r) != rg_rng_u32(&z), "slot 65536 wrapped onto slot 0");
    CHECK(rg_rng_init(&r, 1, 0x10000u, 5, 0) != 0, "stream 65536 accepted");
    CHECK(rg_rng_init(&r, 1, STREAM_A, 5, 0xffffu) == 0, "slot 65535 refused");
}

int main(void)
{
    test_purposes();
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
    rg_rng_init(&a, 42, STREAM_A, 7, 3);
    rg_rng_init(&b, 42, STREAM_A, 7, 3);
    int same = 1;
    for (int i = 0; i < 100; i++) same &= rg_rng_u32(&a) == rg_rng_u32(&b);
    CHECK(same, "same key gave different numbers");
    CHECK(rg_draw_u01(42, STREAM_A, 7, 3) == rg_draw_u01(42, STREAM_A, 7, 3),
          "rg_draw_u01 is not pure");

    /* Changing any part of the key changes the numbers. */
    double base = rg_draw_u01(42, STREAM_A, 7, 3);
    CHECK(base != rg_draw_u01(43, STREAM_A, 7, 3), "seed ignored");
    CHECK(base != rg_draw_u01(42, STREAM_B, 7, 3), "stream ignored");
    CHECK(base != rg_draw_u01(42, STREAM_A, 8, 3), "entity ignored");
    CHECK(base != rg_draw_u01(42, STREAM_A, 7, 4), "month ignored");
    CHECK(base != rg_draw_u01(42, STREAM_A, 7ull << 32, 3), "entity high bits ignored");

    /* Uniforms: in (0,1), mean 1/2 within 5 standard errors, and a chi-square test
     * of 20 equal bins at the 0.1% level, over 10^6 draws across entities. */
    enum { N = 1000000, BINS = 20 };
    double sum = 0;
    long bins[BINS] = {0};
    int inside = 1;
    for (int i = 0; i < N; i++) {
        double u = rg_draw_u01(1, STREAM_A, (uint64_t)i, 0);
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
    rg_rng_init(&s, 9, STREAM_B, 0, 0);
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
        rg_gsl_rng_set(g, 5, STREAM_A, (uint64_t)i, 1);
        double x = gsl_ran_gamma(g, 2.0, 3.0);
        gs += x;
        gss += x * x;
    }
    double gm = gs / NG, gv = gss / NG - gm * gm;
    CHECK(fabs(gm - 6.0) < 5 * sqrt(18.0 / NG), "gamma mean %.4f, expected 6", gm);
    CHECK(fabs(gv - 18.0) < 0.05 * 18.0, "gamma variance %.3f, expected 18", gv);
    rg_gsl_rng_set(g, 5, STREAM_A, 77, 1);
    double x1 = gsl_ran_gamma(g, 2.0, 3.0);
    rg_gsl_rng_set(g, 5, STREAM_A, 77, 1);
    CHECK(x1 == gsl_ran_gamma(g, 2.0, 3.0), "adapter draws are not reproducible");
    CHECK(gsl_rng_max(g) == 0xffffffffUL && gsl_rng_min(g) == 0, "adapter range");
    gsl_rng_free(g);
    return check_done();
}
