/* Whole blocks for many entities (rg_block_fill) are Random123's philox4x32 of each
 * entity's counter, bit for bit, on every path this processor runs: many seeds,
 * months and blocks, lengths that are no multiple of a vector, entity ids whose low
 * word carries into the high word, a slot out of range; and a tile (rg_tile) gives
 * each entity the block of its own stream (rg_rng_block) whichever entities ask, and
 * so do picks (rg_picks) whichever entities were picked and whichever ask. */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "reintegra/rng.h"

/* Random123's philox4x32 for the counter rg_rng_init documents, written out here
 * rather than through rg_rng_init. */
static philox4x32_ctr_t reference(uint64_t seed, uint32_t stream, uint32_t slot, uint32_t block,
                                  uint64_t entity)
{
    philox4x32_key_t k = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    philox4x32_ctr_t c = {{block, slot | stream << 16, (uint32_t)entity, (uint32_t)(entity >> 32)}};
    return philox4x32(c, k);
}

static size_t check_path(rg_simd path, const rg_purpose *p, uint64_t seed, uint32_t block,
                         uint64_t entity0, int month, size_t n, philox4x32_ctr_t *out)
{
    /* Poison the buffer: a path that writes nothing must not pass. */
    memset(out, 0xa5, (n + 1) * sizeof *out);
    rg_block_fill_with(path, seed, p, block, entity0, month, n, out);
    const uint32_t slot = p->slot + (p->monthly ? (uint32_t)month : 0u);
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        const philox4x32_ctr_t want = slot > 0xffffu
                                          ? reference(seed, 0, 0, block, entity0 + i)
                                          : reference(seed, p->stream, slot, block, entity0 + i);
        if (memcmp(&want, &out[i], sizeof want) != 0 && bad++ == 0)
            CHECK(0, "path %d, %s, seed %llx, block %u, entity %llu + %zu of %zu: %08x differs",
                  (int)path, p->name, (unsigned long long)seed, block, (unsigned long long)entity0,
                  i, n, out[i].v[0]);
    }
    const unsigned char *past = (const unsigned char *)&out[n];
    for (size_t k = 0; k < sizeof *out; k++)
        CHECK(past[k] == 0xa5, "path %d wrote past entity %zu", (int)path, n);
    return bad;
}

/* The tile's blocks are rg_rng_block's for entities asked in any order, and skipped. */
static void check_tile(const rg_purpose *p, uint64_t seed, int month)
{
    rg_tile *t = malloc(sizeof *t);
    CHECK(t != NULL, "out of memory");
    if (!t) return;
    const size_t begin = 4096 * 3, end = begin + 4096;
    rg_tile_init(t, seed, p, 0, month, end);
    size_t bad = 0, asked = 0;
    for (size_t i = begin; i < end; i += 1 + (i * 7919) % 5, asked++) {
        rg_rng r;
        rg_rng_at(&r, seed, p, i, month);
        const philox4x32_ctr_t want = rg_rng_block(&r, 0);
        bad += memcmp(&want, rg_tile_block(t, i), sizeof want) != 0;
        /* The same two uniforms as the stream's own draws. */
        const philox4x32_ctr_t *b = rg_tile_block(t, i);
        const double u1 = rg_rng_u01(&r), u2 = rg_rng_u01(&r);
        bad += u1 != rg_u01_of(b->v[0], b->v[1]) || u2 != rg_u01_of(b->v[2], b->v[3]);
    }
    /* Back to an entity before the tile: it is filled again. */
    rg_rng r;
    rg_rng_at(&r, seed, p, begin, month);
    const philox4x32_ctr_t want = rg_rng_block(&r, 0);
    bad += memcmp(&want, rg_tile_block(t, begin), sizeof want) != 0;
    CHECK(bad == 0 && asked > 500, "tile: %zu of %zu blocks differ", bad, asked);
    free(t);
}

/* Picks give rg_rng_block's block to every entity asked in increasing order: picked
 * and asked, asked but not picked (computed on its own), picked but not asked
 * (skipped), over several runs of entities; picks of nobody fill nothing. */
static void check_picks(const rg_purpose *p, uint64_t seed, int month)
{
    rg_picks *t = malloc(sizeof *t);
    CHECK(t != NULL, "out of memory");
    if (!t) return;
    rg_picks_init(t, seed, p, month);
    size_t bad = 0, asked = 0, picked = 0;
    for (size_t base = 0xfffffe00ULL; base < 0xfffffe00ULL + 4 * RG_TILE; base += RG_TILE) {
        rg_picks_clear(t);
        for (size_t i = base; i < base + RG_TILE; i++)
            if ((i * 2654435761u >> 7) % 3 == 0) rg_pick(t, i), picked++;
        memset(t->b, 0xa5, sizeof t->b); /* a fill that writes nothing must not pass */
        rg_picks_fill(t);
        for (size_t i = base; i < base + RG_TILE; i++) {
            if ((i * 40503u >> 5) % 4 == 0) continue; /* not asked */
            const philox4x32_ctr_t want = rg_block_at(seed, p, i, month, 0);
            const philox4x32_ctr_t got = rg_picks_block(t, i);
            bad += memcmp(&want, &got, sizeof want) != 0;
            asked++;
        }
    }
    rg_picks_clear(t);
    rg_picks_fill(t);
    const philox4x32_ctr_t want = rg_block_at(seed, p, 7, month, 0);
    const philox4x32_ctr_t got = rg_picks_block(t, 7);
    bad += memcmp(&want, &got, sizeof want) != 0;
    CHECK(bad == 0 && asked > 500 && picked > 200, "picks: %zu of %zu blocks differ", bad, asked);
    free(t);
}

int main(void)
{
    static const rg_purpose purposes[] = {
        RG_DRAW("test.once", 20, 0, ONCE, AGENT, 0, 4, "a block once"),
        RG_DRAW("test.monthly", 25, 0, MONTHLY, AGENT, 0, 4, "a block a month"),
        RG_DRAW("test.high_stream", 0xfffe, 9, MONTHLY, AGENT, 0, 0, "a high stream"),
        RG_DRAW("test.late", 24, 0xfff0, MONTHLY, AGENT, 0, 4, "slots past 16 bits"),
    };
    const uint64_t seeds[] = {0, 1, 20240917, 0xfedcba9876543210ULL, ~0ULL};
    const uint64_t starts[] = {0, 1, 4093, 0xfffffff0ULL, 0xffffffffULL - 3, 0x7fffffffffffULL};
    const size_t lengths[] = {0, 1, 7, 8, 15, 16, 17, 31, 255, 256, 1001};
    const int months[] = {0, 1, 40, 1199};
    const uint32_t blocks[] = {0, 1, 2, 0xffffffffu};
    philox4x32_ctr_t *out = malloc(1002 * sizeof *out);
    CHECK(out != NULL, "out of memory");
    if (!out) return check_done();
    int paths = 0;
    for (int path = RG_SIMD_SCALAR; path <= RG_SIMD_AVX512; path++) {
        if (!rg_simd_supported((rg_simd)path)) {
            printf("path %d: not run by this processor\n", path);
            continue;
        }
        paths++;
        size_t bad = 0, cases = 0;
        for (size_t k = 0; k < sizeof purposes / sizeof purposes[0]; k++)
            for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++)
                for (size_t e = 0; e < sizeof starts / sizeof starts[0]; e++)
                    for (size_t m = 0; m < 4; m++, cases++)
                        bad += check_path((rg_simd)path, &purposes[k], seeds[s],
                                          blocks[(s + e + m) % 4], starts[e], months[m],
                                          lengths[(k + s + e + m) % 11], out) != 0;
        /* Every length, from every start. */
        for (size_t e = 0; e < sizeof starts / sizeof starts[0]; e++)
            for (size_t len = 0; len <= 40; len++, cases++)
                bad += check_path((rg_simd)path, &purposes[1], seeds[2], 0, starts[e], 7, len,
                                  out) != 0;
        CHECK(bad == 0, "path %d: %zu of %zu cases differ", path, bad, cases);
        printf("path %d: %zu cases checked\n", path, cases);
    }
    CHECK(paths >= 1 && rg_simd_supported(RG_SIMD_SCALAR), "the scalar path must always run");
    /* The default path is the best one. */
    philox4x32_ctr_t a[40];
    rg_block_fill(3, &purposes[1], 0, 0xfffffff8ULL, 5, 40, a);
    rg_block_fill_with(rg_simd_best(), 3, &purposes[1], 0, 0xfffffff8ULL, 5, 40, out);
    CHECK(!memcmp(a, out, sizeof a), "rg_block_fill differs from its best path");
    check_tile(&purposes[1], 20240917, 12);
    check_tile(&purposes[3], 5, 1000);
    check_picks(&purposes[1], 20240917, 12);
    check_picks(&purposes[3], 5, 1000);
    free(out);
    return check_done();
}
