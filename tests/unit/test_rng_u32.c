/* The 32-bit decisions of version 2 of the random streams: rg_u01_32 is a uniform
 * strictly inside (0, 1) at both ends of its range, rg_below an index strictly below
 * its bound for every output (the largest included), and both are uniform: over
 * 400,000 keyed outputs, the 20 bins of rg_u01_32 and of rg_below(x, 7) pass a
 * chi-square test at the 0.001 level (fixed seed), and rg_block_at gives the block
 * that rg_rng_block gives at the purpose's position. */
#include <string.h>

#include "../check.h"
#include "reintegra/rng.h"

static double chi_square(const long *count, int bins, long n)
{
    const double e = (double)n / bins;
    double x = 0;
    for (int b = 0; b < bins; b++) x += (count[b] - e) * (count[b] - e) / e;
    return x;
}

int main(void)
{
    CHECK(rg_u01_32(0) > 0.0 && rg_u01_32(0) == 0.5 / 4294967296.0, "smallest uniform");
    CHECK(rg_u01_32(UINT32_MAX) < 1.0, "largest uniform is below 1");
    const uint32_t bounds[] = {1, 2, 3, 7, 1000, 65537, 0x7fffffffu, UINT32_MAX};
    const uint32_t xs[] = {0, 1, 0x80000000u, UINT32_MAX - 1, UINT32_MAX};
    for (size_t b = 0; b < sizeof bounds / sizeof bounds[0]; b++)
        for (size_t k = 0; k < sizeof xs / sizeof xs[0]; k++)
            CHECK(rg_below(xs[k], bounds[b]) < bounds[b], "rg_below(%u, %u) = %u", xs[k], bounds[b],
                  rg_below(xs[k], bounds[b]));
    CHECK(rg_below(UINT32_MAX, 7) == 6 && rg_below(0, 7) == 0, "the ends of the range");

    enum { BINS = 20, BELOW = 7 };
    long u_bins[BINS] = {0}, i_bins[BELOW] = {0}, n = 0;
    rg_rng r;
    rg_rng_init(&r, 20261130, 77, 5, 0);
    for (int k = 0; k < 400000; k++) {
        const uint32_t x = rg_rng_u32(&r);
        u_bins[(int)(rg_u01_32(x) * BINS)]++;
        i_bins[rg_below(x, BELOW)]++;
        n++;
    }
    /* chi-square quantiles at 0.999: 19 degrees of freedom 43.82, 6: 22.46 */
    const double xu = chi_square(u_bins, BINS, n), xi = chi_square(i_bins, BELOW, n);
    CHECK(xu < 43.82, "rg_u01_32 not uniform: chi-square %.2f on 19 df", xu);
    CHECK(xi < 22.46, "rg_below not uniform: chi-square %.2f on 6 df", xi);

    const rg_purpose p = RG_DRAW("test.block", 77, 100, MONTHLY, AGENT, 1, 3, "test");
    rg_rng at;
    rg_rng_init(&at, 9, 77, 123456789012ULL, 100 + 41);
    const philox4x32_ctr_t a = rg_block_at(9, &p, 123456789012ULL, 41, 2), b = rg_rng_block(&at, 2);
    CHECK(!memcmp(&a, &b, sizeof a), "rg_block_at differs from rg_rng_block at the position");
    return check_done();
}
