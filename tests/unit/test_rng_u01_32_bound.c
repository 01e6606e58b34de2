/* rg_u01_32_bound(p) is the integer threshold of rg_u01_32 against p: x < bound
 * exactly when rg_u01_32(x) < p, for every 32-bit x. rg_u01_32 is increasing, so
 * the check is at the bound and its neighbours, for probabilities at and beside
 * the uniform's own values and their midpoints, the ends, signed zero, subnormals,
 * values above 1 and NaN, and many random ones; and for random x against random p. */
#include <math.h>
#include <stdlib.h>

#include "../check.h"
#include "reintegra/rng.h"

static uint64_t next(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Does the bound of p decide as rg_u01_32 for x? */
static int agrees(double p, uint64_t x)
{
    return (x < rg_u01_32_bound(p)) == (rg_u01_32((uint32_t)x) < p);
}

/* The bound of p against its neighbours: x = bound - 1 is below p, x = bound is
 * not (where they are 32-bit values), and the ends agree. */
static size_t check_p(double p)
{
    const uint64_t b = rg_u01_32_bound(p);
    size_t bad = b > ((uint64_t)1 << 32);
    if (b > 0) bad += !(rg_u01_32((uint32_t)(b - 1)) < p);
    if (b < ((uint64_t)1 << 32)) bad += rg_u01_32((uint32_t)b) < p;
    bad += !agrees(p, 0) + !agrees(p, 0xffffffffULL);
    if (bad) CHECK(0, "p = %a: bound %llu disagrees with rg_u01_32", p, (unsigned long long)b);
    return bad;
}

int main(void)
{
    size_t bad = 0, cases = 0;
    const double special[] = {0.0,         -0.0,        -1.0,    1.0,      2.0,
                              INFINITY,    -INFINITY,   NAN,     4.9e-324, 2.2250738585072014e-308,
                              1e-300,      0x1p-34,     0x1p-33, 0x1p-32,  1 - 0x1p-33,
                              1 - 0x1p-34, 1 - 0x1p-53, 0.5,     0.25,     0.7};
    for (size_t k = 0; k < sizeof special / sizeof special[0]; k++, cases++)
        bad += check_p(special[k]);
    CHECK(rg_u01_32_bound(NAN) == 0 && rg_u01_32_bound(0.0) == 0, "no x is below 0 or NaN");
    CHECK(rg_u01_32_bound(1.0) == (uint64_t)1 << 32, "every x is below 1");
    /* The uniform's values (x + 0.5) 2^-32, the ends of its intervals x 2^-32, and
     * the doubles either side of each. */
    uint64_t r = 7;
    for (int k = 0; k < 100000; k++) {
        const uint32_t x = k < 64    ? (uint32_t)k
                           : k < 128 ? 0xffffffffu - (uint32_t)(k - 64)
                                     : (uint32_t)next(&r);
        const double at[2] = {((double)x + 0.5) * 0x1p-32, (double)x * 0x1p-32};
        for (int j = 0; j < 2; j++, cases += 3) {
            bad += check_p(at[j]);
            bad += check_p(nextafter(at[j], 0.0));
            bad += check_p(nextafter(at[j], 1.0));
        }
    }
    /* Random probabilities, and random x against them. */
    for (int k = 0; k < 200000; k++, cases++) {
        const double p = (double)(next(&r) >> 11) * 0x1p-53;
        bad += check_p(p);
        for (int j = 0; j < 8; j++) bad += !agrees(p, next(&r) >> 32);
    }
    CHECK(bad == 0, "%zu of %zu probabilities disagree", bad, cases);
    printf("%zu probabilities checked\n", cases);
    return check_done();
}
