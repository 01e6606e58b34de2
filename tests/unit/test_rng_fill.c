/* Draws for many entities at once (rg_draw_fill) are the scalar streams' numbers,
 * bit for bit, on every path this processor runs: all four positions of the first
 * output in a block, monthly slots, entity ids that carry into the high word,
 * lengths that are no multiple of a vector, and a slot out of range. */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "reintegra/rng.h"

static void check_path(rg_simd path, const rg_purpose *p, uint64_t seed, uint64_t entity0,
                       int month, size_t n)
{
    double *fast = malloc(n * sizeof *fast);
    CHECK(fast != NULL, "out of memory");
    if (!fast) return;
    rg_draw_fill_with(path, seed, p, entity0, month, n, fast);
    size_t bad = 0, first_bad = 0;
    for (size_t i = 0; i < n; i++) {
        double slow = rg_draw(seed, p, entity0 + i, month);
        if (memcmp(&slow, &fast[i], sizeof slow) != 0 && bad++ == 0) first_bad = i;
    }
    CHECK(bad == 0, "path %d, purpose %s (first %u), entity %llu + %zu: %zu of %zu differ",
          (int)path, p->name, p->first, (unsigned long long)entity0, first_bad, bad, n);
    free(fast);
}

int main(void)
{
    static const rg_purpose purposes[] = {
        RG_DRAW("test.first0", 20, 0, ONCE, AGENT, 0, 2, "outputs 0 and 1"),
        RG_DRAW("test.first1", 20, 1, ONCE, AGENT, 1, 2, "outputs 1 and 2"),
        RG_DRAW("test.first2", 21, 7, MONTHLY, AGENT, 2, 2, "outputs 2 and 3, monthly"),
        RG_DRAW("test.first3", 22, 3, MONTHLY, AGENT, 3, 2, "outputs 3 and 4 (two blocks)"),
        RG_DRAW("test.first6", 23, 0, MONTHLY, AGENT, 6, 2, "the second block"),
        RG_DRAW("test.late", 24, 0xfff0, MONTHLY, AGENT, 0, 2, "slots past 16 bits"),
    };
    const uint64_t seeds[] = {1, 0xfedcba9876543210ULL};
    const uint64_t starts[] = {0, 4093, 0xfffffff0ULL};
    int paths = 0;
    for (int path = RG_SIMD_SCALAR; path <= RG_SIMD_AVX512; path++) {
        if (!rg_simd_supported((rg_simd)path)) {
            printf("path %d: not run by this processor\n", path);
            continue;
        }
        paths++;
        for (size_t k = 0; k < sizeof purposes / sizeof purposes[0]; k++)
            for (size_t s = 0; s < 2; s++)
                for (size_t e = 0; e < 3; e++)
                    check_path((rg_simd)path, &purposes[k], seeds[s], starts[e], 40, 4099);
        printf("path %d: checked\n", path);
    }
    CHECK(paths >= 1 && rg_simd_supported(RG_SIMD_SCALAR), "the scalar path must always run");
    /* RG_SIMD limits the path (read at the first call; set before it), and
     * rg_simd_limit after; names other than the three are no path. */
    setenv("RG_SIMD", "avx2", 1);
    const rg_simd widest = rg_simd_supported(RG_SIMD_AVX512) ? RG_SIMD_AVX512
                           : rg_simd_supported(RG_SIMD_AVX2) ? RG_SIMD_AVX2
                                                             : RG_SIMD_SCALAR;
    CHECK(rg_simd_best() == (widest < RG_SIMD_AVX2 ? widest : RG_SIMD_AVX2),
          "RG_SIMD=avx2 gave path %d", (int)rg_simd_best());
    rg_simd_limit(RG_SIMD_SCALAR);
    CHECK(rg_simd_best() == RG_SIMD_SCALAR, "the scalar limit gave path %d", (int)rg_simd_best());
    rg_simd_limit(RG_SIMD_AVX512);
    CHECK(rg_simd_best() == widest, "no limit gave path %d, not %d", (int)rg_simd_best(),
          (int)widest);
    static const char *const names[] = {"scalar", "avx2", "avx512"};
    for (int k = 0; k < 3; k++) {
        rg_simd got = RG_SIMD_SCALAR;
        CHECK(rg_simd_parse(names[k], &got) == 0 && got == (rg_simd)k, "%s not parsed", names[k]);
    }
    static const char *const bad[] = {"", "AVX2", "avx", "avx2 ", "sse2", "best"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        rg_simd got = RG_SIMD_AVX2;
        CHECK(rg_simd_parse(bad[k], &got) == -1 && got == RG_SIMD_AVX2, "'%s' taken", bad[k]);
    }
    rg_simd none = RG_SIMD_AVX2;
    CHECK(rg_simd_parse(NULL, &none) == -1 && none == RG_SIMD_AVX2, "NULL taken");
    CHECK(rg_simd_supported(rg_simd_best()), "the best path %d is not supported",
          (int)rg_simd_best());
    /* The default path is the best one. */
    double a[100], b[100];
    rg_draw_fill(9, &purposes[0], 5, 0, 100, a);
    rg_draw_fill_with(rg_simd_best(), 9, &purposes[0], 5, 0, 100, b);
    CHECK(!memcmp(a, b, sizeof a), "rg_draw_fill differs from its best path");
    return check_done();
}
