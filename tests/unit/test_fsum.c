/* Sums of floats in double that do not depend on the order of the terms
 * (rg_fsum): whenever rg_fsum_exact says a sum is exact, adding the terms in id
 * order, in blocks added in block order, backwards or shuffled gives the same
 * bits; sums that round are told apart; and the month's event counts by type
 * (rg_run_event_counts) are those of one pass at every thread count. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "reintegra/run.h"

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* n terms: wages of a few thousand dollars with float's granules (kind 0), values
 * over many binary orders (1), or a huge and tiny mix whose sum rounds (2). */
static void terms(float *x, size_t n, int kind, uint64_t *s)
{
    for (size_t i = 0; i < n; i++) {
        const double u = (double)(next(s) >> 11) / 9007199254740992.0;
        x[i] = kind == 0   ? (float)(500.0 + 4000.0 * u)
               : kind == 1 ? (float)ldexp(u, (int)(next(s) % 40) - 20)
                           : (float)(i % 2 ? 1e30 * u : 1e-30 * u);
        if (next(s) % 4 == 0) x[i] = -x[i];
    }
}

static void check_orders(const float *x, size_t n, int kind)
{
    rg_fsum one = {0.0, 0.0, UINT32_MAX}, blocks = one, back = one;
    double plain = 0.0;
    for (size_t i = 0; i < n; i++) {
        rg_fsum_add(&one, x[i]);
        plain += x[i];
    }
    CHECK(memcmp(&one.sum, &plain, sizeof plain) == 0, "kind %d: rg_fsum's sum is not the sum",
          kind);
    for (size_t b = 0; b < n; b += 1000) {
        rg_fsum part = {0.0, 0.0, UINT32_MAX};
        for (size_t i = b; i < n && i < b + 1000; i++) rg_fsum_add(&part, x[i]);
        rg_fsum_merge(&blocks, &part);
    }
    for (size_t i = n; i-- > 0;) rg_fsum_add(&back, x[i]);
    CHECK(blocks.least == one.least && back.least == one.least, "kind %d: smallest term", kind);
    const int exact = rg_fsum_exact(one.abs, one.least);
    if (kind == 0) CHECK(exact, "wages of a few thousand dollars add exactly (n = %zu)", n);
    if (kind == 2) CHECK(!exact || n < 2, "terms of 1e30 and 1e-30 do not add exactly");
    if (!exact) return;
    CHECK(memcmp(&blocks.sum, &one.sum, sizeof one.sum) == 0, "kind %d, n %zu: blocks differ", kind,
          n);
    CHECK(memcmp(&back.sum, &one.sum, sizeof one.sum) == 0, "kind %d, n %zu: backwards differs",
          kind, n);
}

static void check_special(void)
{
    rg_fsum s = {0.0, 0.0, UINT32_MAX};
    CHECK(rg_fsum_exact(s.abs, s.least), "an empty sum is exact");
    rg_fsum_add(&s, 0.0f);
    CHECK(rg_fsum_exact(s.abs, s.least) && s.least == UINT32_MAX, "zeros are exact");
    rg_fsum_add(&s, 1e-45f); /* the smallest subnormal: granule 2^-149 */
    CHECK(rg_fsum_exact(s.abs, s.least), "one subnormal is exact");
    rg_fsum_add(&s, 1.0f);
    CHECK(!rg_fsum_exact(s.abs, s.least), "1 + 2^-149 rounds in double");
    rg_fsum t = {0.0, 0.0, UINT32_MAX};
    rg_fsum_add(&t, INFINITY);
    CHECK(!rg_fsum_exact(t.abs, t.least), "an infinity is never exact");
    rg_fsum u = {0.0, 0.0, UINT32_MAX};
    rg_fsum_add(&u, NAN);
    CHECK(!rg_fsum_exact(u.abs, u.least), "a NaN is never exact");
    /* smallest term 1.0f: its granule g is float's 2^-23, so the bound is 2^52 g = 2^29 */
    CHECK(rg_fsum_exact(ldexp(1.0, 29) - 1.0, 127u << 23), "just below 2^52 g");
    CHECK(!rg_fsum_exact(ldexp(1.0, 29), 127u << 23), "2^52 g is not below it");
}

static void check_event_counts(void)
{
    enum { N = 3 * 4096 + 123 };
    rg_event *ev = malloc(N * sizeof *ev);
    CHECK(ev != NULL, "out of memory");
    if (!ev) return;
    int64_t want[256] = {0};
    uint64_t s = 99;
    for (size_t k = 0; k < N; k++) {
        ev[k] = (rg_event){0, (uint32_t)k, (uint8_t)(next(&s) % 7 == 0 ? 255 : next(&s) % 9), 0};
        want[ev[k].type]++;
    }
    const int threads[] = {1, 2, 3, 8};
    for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
        rg_run run;
        memset(&run, 0, sizeof run);
        run.threads = threads[t];
        run.events = (rg_event_buf){ev, N, N};
        int64_t got[256];
        for (int k = 0; k < 256; k++) got[k] = k; /* adds to these */
        rg_run_event_counts(&run, got);
        int bad = 0;
        for (int k = 0; k < 256; k++) bad += got[k] != want[k] + k;
        CHECK(bad == 0, "%d threads: %d event counts differ", threads[t], bad);
    }
    free(ev);
}

int main(void)
{
    uint64_t s = 0x9e3779b97f4a7c15u;
    const size_t sizes[] = {0, 1, 2, 999, 1000, 1001, 100000};
    static float x[100000];
    for (int kind = 0; kind < 3; kind++)
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            terms(x, sizes[k], kind, &s);
            check_orders(x, sizes[k], kind);
        }
    check_special();
    check_event_counts();
    return check_done();
}
