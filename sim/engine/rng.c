/* Keyed Philox streams, the gsl_rng adapter over them, and the engine's purposes. */
#include "reintegra/rng.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

double rg_draw_u01(uint64_t seed, uint32_t stream, uint64_t entity, uint32_t slot)
{
    rg_rng r;
    rg_rng_init(&r, seed, stream, entity, slot);
    return rg_rng_u01(&r);
}

/* --- many entities at once ------------------------------------------------ */

#if defined(__x86_64__) && defined(__GNUC__)
#define RG_HAVE_X86_PATHS 1
#endif

int rg_simd_supported(rg_simd path)
{
#ifdef RG_HAVE_X86_PATHS
    __builtin_cpu_init();
    if (path == RG_SIMD_AVX512)
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512vl");
    if (path == RG_SIMD_AVX2) return __builtin_cpu_supports("avx2");
#endif
    return path == RG_SIMD_SCALAR;
}

/* The widest path rg_simd_best may choose: -1 until read from RG_SIMD or set by
 * rg_simd_limit. */
static _Atomic int simd_limit = -1;

static const char *const simd_names[] = {"scalar", "avx2", "avx512"};

const char *rg_simd_name(rg_simd path)
{
    return (unsigned)path < 3u ? simd_names[path] : "unknown";
}

int rg_simd_parse(const char *name, rg_simd *out)
{
    for (int k = 0; k < 3; k++)
        if (name && !strcmp(name, simd_names[k])) {
            *out = (rg_simd)k;
            return 0;
        }
    return -1;
}

void rg_simd_limit(rg_simd widest)
{
    atomic_store_explicit(&simd_limit, (int)widest, memory_order_relaxed);
}

rg_simd rg_simd_best(void)
{
    int limit = atomic_load_explicit(&simd_limit, memory_order_relaxed);
    if (limit < 0) {
        rg_simd from_env = RG_SIMD_AVX512;
        (void)rg_simd_parse(getenv("RG_SIMD"), &from_env); /* unset or unknown: no limit */
        limit = (int)from_env;
        atomic_store_explicit(&simd_limit, limit, memory_order_relaxed);
    }
    if (limit >= RG_SIMD_AVX512 && rg_simd_supported(RG_SIMD_AVX512)) return RG_SIMD_AVX512;
    if (limit >= RG_SIMD_AVX2 && rg_simd_supported(RG_SIMD_AVX2)) return RG_SIMD_AVX2;
    return RG_SIMD_SCALAR;
}

/* --- whole blocks, 32-bit lanes --------------------------------------------- */

/* The counter word of the slot and stream, as rg_rng_init (stream 0 when out of
 * range). */
static uint32_t counter_word(const rg_purpose *p, int month)
{
    uint32_t slot = p->slot + (p->monthly ? (uint32_t)month : 0u), stream = p->stream;
    if (stream > 0xffffu || slot > 0xffffu) stream = slot = 0;
    return slot | (stream << 16);
}

static void block_fill_scalar(philox4x32_key_t key, philox4x32_ctr_t c, uint64_t entity0, size_t n,
                              philox4x32_ctr_t *out)
{
    for (size_t i = 0; i < n; i++) {
        const uint64_t e = entity0 + i;
        c.v[2] = (uint32_t)e;
        c.v[3] = (uint32_t)(e >> 32);
        out[i] = philox4x32(c, key);
    }
}

#ifdef RG_HAVE_X86_PATHS
#include <immintrin.h>

/* hi and lo 32 bits of m * x in each 32-bit lane: the high words of the even
 * lanes' products from one _mm256_mul_epu32, of the odd lanes' from another on the
 * lanes shifted down; the low words from one _mm256_mullo_epi32 (one instruction
 * instead of a shift and a blend: 8% fewer in the rounds). */
__attribute__((target("avx2"))) static inline void mulhilo8(__m256i m, __m256i x, __m256i *hi,
                                                            __m256i *lo)
{
    const __m256i even = _mm256_mul_epu32(x, m);
    const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(x, 32), m);
    *hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xaa);
    *lo = _mm256_mullo_epi32(x, m);
}

/* Entities e .. e + 7: their low words (32-bit sums) and high words (plus the
 * carry where the low word wrapped). */
__attribute__((target("avx2"))) static inline void entities8(uint64_t e, __m256i *lo, __m256i *hi)
{
    const __m256i base = _mm256_set1_epi32((int)(uint32_t)e);
    const __m256i sign = _mm256_set1_epi32(INT32_MIN);
    *lo = _mm256_add_epi32(base, _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    const __m256i wrapped =
        _mm256_cmpgt_epi32(_mm256_xor_si256(base, sign), _mm256_xor_si256(*lo, sign));
    *hi = _mm256_sub_epi32(_mm256_set1_epi32((int)(uint32_t)(e >> 32)), wrapped);
}

/* Ten Philox rounds on eight counters in 32-bit lanes (x[j]: word j of each). */
__attribute__((target("avx2"))) static inline void rounds8(philox4x32_key_t key, __m256i x[4])
{
    const __m256i m0 = _mm256_set1_epi32((int)PHILOX_M4x32_0);
    const __m256i m1 = _mm256_set1_epi32((int)PHILOX_M4x32_1);
    uint32_t k0 = key.v[0], k1 = key.v[1];
    for (int r = 0; r < 10; r++) {
        __m256i hi0, lo0, hi1, lo1;
        mulhilo8(m0, x[0], &hi0, &lo0);
        mulhilo8(m1, x[2], &hi1, &lo1);
        x[0] = _mm256_xor_si256(_mm256_xor_si256(hi1, x[1]), _mm256_set1_epi32((int)k0));
        x[1] = lo1;
        x[2] = _mm256_xor_si256(_mm256_xor_si256(hi0, x[3]), _mm256_set1_epi32((int)k1));
        x[3] = lo0;
        k0 += PHILOX_W32_0;
        k1 += PHILOX_W32_1;
    }
}

/* Columns to blocks: a 4 x 4 transpose in each 128-bit half gives entities (0, 4),
 * (1, 5), (2, 6), (3, 7); then the halves are paired. out[0 .. 7]. */
__attribute__((target("avx2"))) static inline void store8(const __m256i x[4], philox4x32_ctr_t *out)
{
    const __m256i a = _mm256_unpacklo_epi32(x[0], x[1]), b = _mm256_unpackhi_epi32(x[0], x[1]);
    const __m256i cc = _mm256_unpacklo_epi32(x[2], x[3]), d = _mm256_unpackhi_epi32(x[2], x[3]);
    const __m256i e04 = _mm256_unpacklo_epi64(a, cc), e15 = _mm256_unpackhi_epi64(a, cc);
    const __m256i e26 = _mm256_unpacklo_epi64(b, d), e37 = _mm256_unpackhi_epi64(b, d);
    __m256i *o = (__m256i *)(void *)out;
    _mm256_storeu_si256(o, _mm256_permute2x128_si256(e04, e15, 0x20));
    _mm256_storeu_si256(o + 1, _mm256_permute2x128_si256(e26, e37, 0x20));
    _mm256_storeu_si256(o + 2, _mm256_permute2x128_si256(e04, e15, 0x31));
    _mm256_storeu_si256(o + 3, _mm256_permute2x128_si256(e26, e37, 0x31));
}

__attribute__((target("avx2"))) static void block_fill_avx2(philox4x32_key_t key,
                                                            philox4x32_ctr_t c, uint64_t entity0,
                                                            size_t n, philox4x32_ctr_t *out)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256i x[4] = {_mm256_set1_epi32((int)c.v[0]), _mm256_set1_epi32((int)c.v[1])};
        entities8(entity0 + i, &x[2], &x[3]);
        rounds8(key, x);
        store8(x, out + i);
    }
    block_fill_scalar(key, c, entity0 + i, n - i, out + i);
}

/* Eight (entity, block) positions: the blocks' counters, word 1 the purpose's. */
__attribute__((target("avx2"))) static inline void positions8(uint32_t word, const uint64_t *entity,
                                                              const uint32_t *block, __m256i x[4])
{
    const __m256i odd_even = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
    /* Each half: the low words of four entities, then their high words. */
    const __m256i a = _mm256_permutevar8x32_epi32(
        _mm256_loadu_si256((const __m256i *)(const void *)entity), odd_even);
    const __m256i b = _mm256_permutevar8x32_epi32(
        _mm256_loadu_si256((const __m256i *)(const void *)(entity + 4)), odd_even);
    x[0] = _mm256_loadu_si256((const __m256i *)(const void *)block);
    x[1] = _mm256_set1_epi32((int)word);
    x[2] = _mm256_permute2x128_si256(a, b, 0x20);
    x[3] = _mm256_permute2x128_si256(a, b, 0x31);
}

__attribute__((target("avx2"))) static void list_fill_avx2(philox4x32_key_t key, uint32_t word,
                                                           const uint64_t *entity,
                                                           const uint32_t *block, size_t n,
                                                           philox4x32_ctr_t *out)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256i x[4];
        positions8(word, entity + i, block + i, x);
        rounds8(key, x);
        store8(x, out + i);
    }
    if (i == n) return;
    /* The last 1 .. 7 in one vector, padded, then copied. */
    uint64_t e[8] = {0};
    uint32_t b[8] = {0};
    philox4x32_ctr_t o[8];
    memcpy(e, entity + i, (n - i) * sizeof *e);
    memcpy(b, block + i, (n - i) * sizeof *b);
    __m256i x[4];
    positions8(word, e, b, x);
    rounds8(key, x);
    store8(x, o);
    memcpy(out + i, o, (n - i) * sizeof *o);
}

/* The same with 16 lanes. hi is the odd lanes' products, whose high words are
 * in place, with the even lanes' high words (the odd words of `even`) moved in by
 * a word shuffle under a mask; lo the even lanes' products with the odd lanes'
 * low words moved in likewise (a shift and a blend each before: 5 instructions a
 * multiply instead of 7). */
__attribute__((target("avx512f"))) static inline void mulhilo16(__m512i m, __m512i x, __m512i *hi,
                                                                __m512i *lo)
{
    const __m512i even = _mm512_mul_epu32(x, m);
    const __m512i odd = _mm512_mul_epu32(_mm512_srli_epi64(x, 32), m);
    /* words (1, 1, 3, 3) of each 128 bits into the even lanes; (0, 0, 2, 2) into the odd */
    *hi = _mm512_mask_shuffle_epi32(odd, 0x5555, even, _MM_PERM_DDBB);
    *lo = _mm512_mask_shuffle_epi32(even, 0xaaaa, odd, _MM_PERM_CCAA);
}

/* Ten Philox rounds on sixteen counters in 32-bit lanes. */
__attribute__((target("avx512f"))) static inline void rounds16(philox4x32_key_t key, __m512i x[4])
{
    const __m512i m0 = _mm512_set1_epi32((int)PHILOX_M4x32_0);
    const __m512i m1 = _mm512_set1_epi32((int)PHILOX_M4x32_1);
    uint32_t k0 = key.v[0], k1 = key.v[1];
    for (int r = 0; r < 10; r++) {
        __m512i hi0, lo0, hi1, lo1;
        mulhilo16(m0, x[0], &hi0, &lo0);
        mulhilo16(m1, x[2], &hi1, &lo1);
        x[0] = _mm512_xor_si512(_mm512_xor_si512(hi1, x[1]), _mm512_set1_epi32((int)k0));
        x[1] = lo1;
        x[2] = _mm512_xor_si512(_mm512_xor_si512(hi0, x[3]), _mm512_set1_epi32((int)k1));
        x[3] = lo0;
        k0 += PHILOX_W32_0;
        k1 += PHILOX_W32_1;
    }
}

/* As the AVX2 path, in each 128-bit quarter: quarter j of q[k] holds the block of
 * entity 4 j + k. out[0 .. 15]. */
__attribute__((target("avx512f"))) static inline void store16(const __m512i x[4],
                                                              philox4x32_ctr_t *out)
{
    const __m512i a = _mm512_unpacklo_epi32(x[0], x[1]), b = _mm512_unpackhi_epi32(x[0], x[1]);
    const __m512i cc = _mm512_unpacklo_epi32(x[2], x[3]), d = _mm512_unpackhi_epi32(x[2], x[3]);
    const __m512i q[4] = {_mm512_unpacklo_epi64(a, cc), _mm512_unpackhi_epi64(a, cc),
                          _mm512_unpacklo_epi64(b, d), _mm512_unpackhi_epi64(b, d)};
    /* Quarters (0, 1) and (2, 3) of q[0], q[1] and of q[2], q[3]; then from each
     * pair the even and the odd quarters: entities 0-3, 4-7 (8-11, 12-15). Eight
     * shuffles and four stores instead of twelve extractions and sixteen stores. */
    const __m512i lo01 = _mm512_shuffle_i32x4(q[0], q[1], _MM_SHUFFLE(1, 0, 1, 0));
    const __m512i lo23 = _mm512_shuffle_i32x4(q[2], q[3], _MM_SHUFFLE(1, 0, 1, 0));
    const __m512i hi01 = _mm512_shuffle_i32x4(q[0], q[1], _MM_SHUFFLE(3, 2, 3, 2));
    const __m512i hi23 = _mm512_shuffle_i32x4(q[2], q[3], _MM_SHUFFLE(3, 2, 3, 2));
    __m512i *o = (__m512i *)(void *)out;
    _mm512_storeu_si512(o, _mm512_shuffle_i32x4(lo01, lo23, _MM_SHUFFLE(2, 0, 2, 0)));
    _mm512_storeu_si512(o + 1, _mm512_shuffle_i32x4(lo01, lo23, _MM_SHUFFLE(3, 1, 3, 1)));
    _mm512_storeu_si512(o + 2, _mm512_shuffle_i32x4(hi01, hi23, _MM_SHUFFLE(2, 0, 2, 0)));
    _mm512_storeu_si512(o + 3, _mm512_shuffle_i32x4(hi01, hi23, _MM_SHUFFLE(3, 1, 3, 1)));
}

__attribute__((target("avx512f"))) static void block_fill_avx512(philox4x32_key_t key,
                                                                 philox4x32_ctr_t c,
                                                                 uint64_t entity0, size_t n,
                                                                 philox4x32_ctr_t *out)
{
    const __m512i iota = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const uint64_t e = entity0 + i;
        const __m512i base = _mm512_set1_epi32((int)(uint32_t)e);
        __m512i x[4] = {_mm512_set1_epi32((int)c.v[0]), _mm512_set1_epi32((int)c.v[1]),
                        _mm512_add_epi32(base, iota), _mm512_set1_epi32((int)(uint32_t)(e >> 32))};
        const __mmask16 wrapped = _mm512_cmplt_epu32_mask(x[2], base);
        x[3] = _mm512_mask_add_epi32(x[3], wrapped, x[3], _mm512_set1_epi32(1));
        rounds16(key, x);
        store16(x, out + i);
    }
    block_fill_scalar(key, c, entity0 + i, n - i, out + i);
}

/* Sixteen (entity, block) positions: the low words of the entities from the even
 * 32-bit words of two vectors, the high words from the odd. */
__attribute__((target("avx512f"))) static inline void
positions16(uint32_t word, const uint64_t *entity, const uint32_t *block, __m512i x[4])
{
    const __m512i even =
        _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
    const __m512i a = _mm512_loadu_si512((const void *)entity);
    const __m512i b = _mm512_loadu_si512((const void *)(entity + 8));
    x[0] = _mm512_loadu_si512((const void *)block);
    x[1] = _mm512_set1_epi32((int)word);
    x[2] = _mm512_permutex2var_epi32(a, even, b);
    x[3] = _mm512_permutex2var_epi32(a, odd, b);
}

__attribute__((target("avx512f"))) static void list_fill_avx512(philox4x32_key_t key, uint32_t word,
                                                                const uint64_t *entity,
                                                                const uint32_t *block, size_t n,
                                                                philox4x32_ctr_t *out)
{
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512i x[4];
        positions16(word, entity + i, block + i, x);
        rounds16(key, x);
        store16(x, out + i);
    }
    if (i == n) return;
    /* The last 1 .. 15 in one vector, padded, then copied. */
    uint64_t e[16] = {0};
    uint32_t b[16] = {0};
    philox4x32_ctr_t o[16];
    memcpy(e, entity + i, (n - i) * sizeof *e);
    memcpy(b, block + i, (n - i) * sizeof *b);
    __m512i x[4];
    positions16(word, e, b, x);
    rounds16(key, x);
    store16(x, o);
    memcpy(out + i, o, (n - i) * sizeof *o);
}
#endif

void rg_block_fill_with(rg_simd path, uint64_t seed, const rg_purpose *p, uint32_t block,
                        uint64_t entity0, int month, size_t n, philox4x32_ctr_t *out)
{
    const philox4x32_key_t key = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    const philox4x32_ctr_t c = {{block, counter_word(p, month), 0, 0}};
#ifdef RG_HAVE_X86_PATHS
    if (path == RG_SIMD_AVX512) {
        block_fill_avx512(key, c, entity0, n, out);
        return;
    }
    if (path == RG_SIMD_AVX2) {
        block_fill_avx2(key, c, entity0, n, out);
        return;
    }
#endif
    (void)path;
    block_fill_scalar(key, c, entity0, n, out);
}

void rg_block_fill(uint64_t seed, const rg_purpose *p, uint32_t block, uint64_t entity0, int month,
                   size_t n, philox4x32_ctr_t *out)
{
    rg_block_fill_with(rg_simd_best(), seed, p, block, entity0, month, n, out);
}

static void list_fill_scalar(philox4x32_key_t key, uint32_t word, const uint64_t *entity,
                             const uint32_t *block, size_t n, philox4x32_ctr_t *out)
{
    for (size_t i = 0; i < n; i++) {
        const philox4x32_ctr_t c = {
            {block[i], word, (uint32_t)entity[i], (uint32_t)(entity[i] >> 32)}};
        out[i] = philox4x32(c, key);
    }
}

void rg_block_list_fill_with(rg_simd path, uint64_t seed, const rg_purpose *p, int month, size_t n,
                             const uint64_t *entity, const uint32_t *block, philox4x32_ctr_t *out)
{
    const philox4x32_key_t key = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    const uint32_t word = counter_word(p, month);
#ifdef RG_HAVE_X86_PATHS
    if (path == RG_SIMD_AVX512) {
        list_fill_avx512(key, word, entity, block, n, out);
        return;
    }
    if (path == RG_SIMD_AVX2) {
        list_fill_avx2(key, word, entity, block, n, out);
        return;
    }
#endif
    (void)path;
    list_fill_scalar(key, word, entity, block, n, out);
}

void rg_block_list_fill(uint64_t seed, const rg_purpose *p, int month, size_t n,
                        const uint64_t *entity, const uint32_t *block, philox4x32_ctr_t *out)
{
    rg_block_list_fill_with(rg_simd_best(), seed, p, month, n, entity, block, out);
}

void rg_tile_init(rg_tile *t, uint64_t seed, const rg_purpose *p, uint32_t block, int month,
                  size_t limit)
{
    t->seed = seed;
    t->p = p;
    t->month = month;
    t->block = block;
    t->begin = t->end = 0;
    t->limit = limit;
    t->path = rg_simd_best();
}

void rg_tile_fill(rg_tile *t, size_t entity)
{
    size_t n = entity < t->limit ? t->limit - entity : 1;
    if (n > RG_TILE) n = RG_TILE;
    rg_block_fill_with(t->path, t->seed, t->p, t->block, entity, t->month, n, t->b);
    t->begin = entity;
    t->end = entity + n;
}

void rg_picks_init(rg_picks *t, uint64_t seed, const rg_purpose *p, int month)
{
    t->seed = seed;
    t->p = p;
    t->month = month;
    t->n = t->at = 0;
    memset(t->block, 0, sizeof t->block);
}

void rg_picks_fill(rg_picks *t)
{
    rg_block_list_fill(t->seed, t->p, t->month, t->n, t->entity, t->block, t->b);
    t->at = 0;
}

/* One uniform per entity from whole blocks: outputs j and j + 1 of the purpose's
 * first block (j = first % 4), or output 3 and the next block's output 0. */
void rg_draw_fill_with(rg_simd path, uint64_t seed, const rg_purpose *p, uint64_t entity0,
                       int month, size_t n, double *out)
{
    const uint32_t block = p->first / 4u;
    const unsigned j = p->first % 4u;
    philox4x32_ctr_t b[RG_TILE], next[RG_TILE];
    for (size_t base = 0; base < n; base += RG_TILE) {
        const size_t len = n - base < RG_TILE ? n - base : RG_TILE;
        rg_block_fill_with(path, seed, p, block, entity0 + base, month, len, b);
        if (j == 3) {
            rg_block_fill_with(path, seed, p, block + 1u, entity0 + base, month, len, next);
            for (size_t i = 0; i < len; i++) out[base + i] = rg_u01_of(b[i].v[3], next[i].v[0]);
        } else {
            for (size_t i = 0; i < len; i++) out[base + i] = rg_u01_of(b[i].v[j], b[i].v[j + 1]);
        }
    }
}

void rg_draw_fill(uint64_t seed, const rg_purpose *p, uint64_t entity0, int month, size_t n,
                  double *out)
{
    rg_draw_fill_with(rg_simd_best(), seed, p, entity0, month, n, out);
}

/* Streams 12 and 13 are the workflows': they choose their slots themselves, so
 * their purposes reserve every slot. */
static const rg_purpose engine_purposes[] = {
    RG_DRAW("run.trajectory_sample", RG_STREAM_SAMPLE, 0, ONCE, AGENT, 0, 2,
            "whether an agent's trajectory is written"),
    RG_DRAW("calibration.prior", RG_STREAM_CALIBRATION, 0, MONTHLY, INDEX, 0, 0,
            "prior draws of a calibration (slot: its own use)"),
    RG_DRAW("sweep.design", RG_STREAM_SWEEP, 0, MONTHLY, INDEX, 0, 0,
            "sweep designs and bootstrap resamples (slot: what they are for)"),
};

const rg_purpose *rg_engine_purposes(size_t *count)
{
    *count = sizeof engine_purposes / sizeof engine_purposes[0];
    return engine_purposes;
}

/* [lo, hi] of a purpose's slots or outputs; an open count runs to the end. */
static int ranges_meet(unsigned lo1, unsigned hi1, unsigned lo2, unsigned hi2)
{
    return lo1 <= hi2 && lo2 <= hi1;
}

int rg_purposes_overlap(const rg_purpose *a, const rg_purpose *b)
{
    if (a->stream != b->stream) return 0;
    unsigned a_hi = a->slot + (a->monthly ? RG_MONTHS_MAX - 1u : 0u);
    unsigned b_hi = b->slot + (b->monthly ? RG_MONTHS_MAX - 1u : 0u);
    if (!ranges_meet(a->slot, a_hi, b->slot, b_hi)) return 0;
    unsigned a_end = a->count ? a->first + a->count - 1u : ~0u;
    unsigned b_end = b->count ? b->first + b->count - 1u : ~0u;
    return ranges_meet(a->first, a_end, b->first, b_end);
}

/* The adapter's state is an rg_rng: gsl_rng_get returns its 32-bit outputs and
 * gsl_rng_uniform its 53-bit doubles. Seeding through GSL is meaningless here
 * (streams are positioned by rg_gsl_rng_at), so set() positions in stream 0. */
static void adapter_set(void *state, unsigned long int seed)
{
    rg_rng_init((rg_rng *)state, seed, 0, 0, 0);
}

static unsigned long int adapter_get(void *state)
{
    return rg_rng_u32((rg_rng *)state);
}

static double adapter_get_double(void *state)
{
    return rg_rng_u01((rg_rng *)state);
}

static const gsl_rng_type rg_philox_gsl_type = {
    "reintegra-philox4x32", 0xffffffffUL, 0, sizeof(rg_rng), adapter_set, adapter_get,
    adapter_get_double,
};

gsl_rng *rg_gsl_rng_alloc(void)
{
    return gsl_rng_alloc(&rg_philox_gsl_type);
}

void rg_gsl_rng_set(gsl_rng *g, uint64_t seed, uint32_t stream, uint64_t entity, uint32_t slot)
{
    rg_rng_init((rg_rng *)g->state, seed, stream, entity, slot);
}

void rg_gsl_rng_at(gsl_rng *g, uint64_t seed, const rg_purpose *p, uint64_t entity, int month)
{
    rg_rng_at((rg_rng *)g->state, seed, p, entity, month);
}

rg_rng *rg_gsl_rng_stream(gsl_rng *g)
{
    return (rg_rng *)g->state;
}
