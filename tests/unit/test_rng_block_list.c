/* Whole blocks for a list of (entity, block) positions (rg_block_list_fill) are
 * Random123's philox4x32 of each position's counter, bit for bit, on every path this
 * processor runs: random lists of every length 0 .. 1000 (so every remainder of a
 * vector's width, and lists shorter than one vector), entities whose high word is
 * not 0 or that sit on either side of 2^32, any block number, positions that
 * repeat, a slot out of range; nothing is written past the last position; and the
 * numbers are those of rg_rng_at and rg_rng_block. */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "reintegra/rng.h"

enum { MAX_LEN = 1000 };

/* Random123's philox4x32 for the counter rg_rng_init documents, written out here
 * rather than through rg_rng_init. */
static philox4x32_ctr_t reference(uint64_t seed, uint32_t stream, uint32_t slot, uint32_t block,
                                  uint64_t entity)
{
    philox4x32_key_t k = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    philox4x32_ctr_t c = {{block, slot | stream << 16, (uint32_t)entity, (uint32_t)(entity >> 32)}};
    return philox4x32(c, k);
}

/* A small generator for the lists (splitmix64). */
static uint64_t next(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* An entity of one of several kinds: small, near 2^32 on either side, far above,
 * any 64 bits. */
static uint64_t entity_of(uint64_t *x)
{
    const uint64_t r = next(x);
    switch (r % 5) {
    case 0: return r >> 44;
    case 1: return 0xffffffffULL - (r >> 60);
    case 2: return 0x100000000ULL + (r >> 60);
    case 3: return r >> 16;
    default: return next(x);
    }
}

/* A block: mostly small (an application's number), sometimes any 32 bits. */
static uint32_t block_of(uint64_t *x)
{
    const uint64_t r = next(x);
    return (r & 7) ? (uint32_t)(r >> 59) : (uint32_t)(r >> 32);
}

typedef struct list {
    uint64_t entity[MAX_LEN];
    uint32_t block[MAX_LEN];
    philox4x32_ctr_t out[MAX_LEN + 1];
} list;

/* One list on one path: every block against the reference, the entry after the
 * last untouched. Returns the blocks that differ. */
static size_t check_list(rg_simd path, const rg_purpose *p, uint64_t seed, int month, size_t n,
                         list *l)
{
    memset(l->out, 0xa5, (n + 1) * sizeof *l->out);
    rg_block_list_fill_with(path, seed, p, month, n, l->entity, l->block, l->out);
    const uint32_t slot = p->slot + (p->monthly ? (uint32_t)month : 0u);
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        const philox4x32_ctr_t want =
            slot > 0xffffu ? reference(seed, 0, 0, l->block[i], l->entity[i])
                           : reference(seed, p->stream, slot, l->block[i], l->entity[i]);
        if (memcmp(&want, &l->out[i], sizeof want) != 0 && bad++ == 0)
            CHECK(0,
                  "path %d, %s, seed %llx, month %d: position %zu of %zu (entity %llx, block "
                  "%u) differs",
                  (int)path, p->name, (unsigned long long)seed, month, i, n,
                  (unsigned long long)l->entity[i], l->block[i]);
    }
    const unsigned char *past = (const unsigned char *)&l->out[n];
    for (size_t k = 0; k < sizeof *l->out; k++)
        CHECK(past[k] == 0xa5, "path %d wrote past position %zu", (int)path, n);
    return bad;
}

/* Every length 0 .. MAX_LEN of random lists, a purpose and seed per length. */
static void check_path(rg_simd path, const rg_purpose *purposes, size_t n_purposes, list *l)
{
    static const uint64_t seeds[] = {0, 1, 20240917, 0xfedcba9876543210ULL, ~0ULL};
    static const int months[] = {0, 1, 40, 1199};
    uint64_t x = 42 + (uint64_t)path;
    size_t bad = 0, cases = 0, blocks = 0;
    for (size_t n = 0; n <= MAX_LEN; n++, cases++) {
        for (size_t i = 0; i < n; i++) {
            l->entity[i] = entity_of(&x);
            l->block[i] = block_of(&x);
        }
        /* Repeats: the same position twice, the same entity at another block. */
        if (n >= 4) {
            l->entity[n - 1] = l->entity[0];
            l->block[n - 1] = l->block[0];
            l->entity[n / 2] = l->entity[1];
        }
        bad += check_list(path, &purposes[n % n_purposes], seeds[n % 5], months[(n / 5) % 4], n,
                          l) != 0;
        blocks += n;
    }
    CHECK(bad == 0, "path %d: %zu of %zu lists differ", (int)path, bad, cases);
    printf("path %d: %zu lists, %zu blocks checked\n", (int)path, cases, blocks);
}

/* The blocks an applicant's stream gives (rg_rng_at, rg_rng_block), in a list
 * that interleaves applicants as the labour market does. */
static void check_streams(const rg_purpose *p, list *l)
{
    size_t n = 0;
    for (uint64_t e = 4090; e < 4100; e++)
        for (uint32_t t = 0; t < 7; t++, n++) {
            l->entity[n] = e;
            l->block[n] = t;
        }
    rg_block_list_fill(20240917, p, 13, n, l->entity, l->block, l->out);
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        rg_rng r;
        rg_rng_at(&r, 20240917, p, l->entity[i], 13);
        const philox4x32_ctr_t want = rg_rng_block(&r, l->block[i]);
        bad += memcmp(&want, &l->out[i], sizeof want) != 0;
    }
    CHECK(bad == 0, "%zu of %zu blocks differ from rg_rng_block", bad, n);
}

int main(void)
{
    static const rg_purpose purposes[] = {
        RG_DRAW("test.once", 20, 0, ONCE, AGENT, 0, 0, "blocks once"),
        RG_DRAW("test.monthly", 23, 0, MONTHLY, AGENT, 0, 0, "blocks a month"),
        RG_DRAW("test.high_stream", 0xfffe, 9, MONTHLY, AGENT, 0, 0, "a high stream"),
        RG_DRAW("test.late", 24, 0xfff0, MONTHLY, AGENT, 0, 4, "slots past 16 bits"),
    };
    const size_t n_purposes = sizeof purposes / sizeof purposes[0];
    list *l = malloc(sizeof *l);
    CHECK(l != NULL, "out of memory");
    if (!l) return check_done();
    int paths = 0;
    for (int path = RG_SIMD_SCALAR; path <= RG_SIMD_AVX512; path++) {
        if (!rg_simd_supported((rg_simd)path)) {
            printf("path %d: not run by this processor\n", path);
            continue;
        }
        paths++;
        check_path((rg_simd)path, purposes, n_purposes, l);
    }
    CHECK(paths >= 1 && rg_simd_supported(RG_SIMD_SCALAR), "the scalar path must always run");
    check_streams(&purposes[1], l);
    check_streams(&purposes[3], l);
    free(l);
    return check_done();
}
