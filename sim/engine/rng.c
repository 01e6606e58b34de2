/* Keyed Philox streams, the gsl_rng adapter over them, and the engine's purposes. */
#include "reintegra/rng.h"

#include <stdlib.h>
#include <string.h>

double rg_draw_u01(uint64_t seed, uint32_t stream, uint64_t entity, uint32_t slot)
{
    rg_rng r;
    rg_rng_init(&r, seed, stream, entity, slot);
    return rg_rng_u01(&r);
}

/* --- many entities at once ------------------------------------------------ */

/* Philox4x32-10 (Random123's philox4x32 with its constants) for counters that
 * differ only in the entity, one lane per entity, as plain loops over columns so
 * that each target below gets its own vectorised copy. `block` is the block
 * counter, `c1` the slot and stream word; `j` (0..2) picks the first of the two
 * 32-bit outputs that make one uniform. */
enum { PHILOX_LANES = 16 }; /* entities per tile: two AVX-512 or four AVX2 vectors */

static inline __attribute__((always_inline)) void philox_fill_body(uint64_t seed, uint32_t block,
                                                                   uint32_t c1, uint64_t entity0,
                                                                   unsigned j, size_t n,
                                                                   double *out)
{
    const uint32_t k0 = (uint32_t)seed, k1 = (uint32_t)(seed >> 32);
    for (size_t base = 0; base < n; base += PHILOX_LANES) {
        uint64_t x0[PHILOX_LANES], x1[PHILOX_LANES], x2[PHILOX_LANES], x3[PHILOX_LANES];
        double u[PHILOX_LANES];
        for (int l = 0; l < PHILOX_LANES; l++) {
            const uint64_t e = entity0 + base + (uint64_t)l;
            x0[l] = block;
            x1[l] = c1;
            x2[l] = (uint32_t)e;
            x3[l] = (uint32_t)(e >> 32);
        }
        uint64_t ka = k0, kb = k1;
        for (int r = 0; r < 10; r++) {
            for (int l = 0; l < PHILOX_LANES; l++) {
                const uint64_t p0 = (uint64_t)PHILOX_M4x32_0 * x0[l];
                const uint64_t p1 = (uint64_t)PHILOX_M4x32_1 * x2[l];
                x0[l] = (p1 >> 32) ^ x1[l] ^ ka;
                x1[l] = p1 & 0xffffffffu;
                x2[l] = (p0 >> 32) ^ x3[l] ^ kb;
                x3[l] = p0 & 0xffffffffu;
            }
            ka = (ka + PHILOX_W32_0) & 0xffffffffu;
            kb = (kb + PHILOX_W32_1) & 0xffffffffu;
        }
        const uint64_t *a = j == 0 ? x0 : j == 1 ? x1 : x2, *b = j == 0 ? x1 : j == 1 ? x2 : x3;
        /* As rg_rng_u01: 27 + 26 bits; both halves convert exactly, so the sum is
         * the same double as the 53-bit integer's. */
        for (int l = 0; l < PHILOX_LANES; l++) {
            const double v =
                (double)(int32_t)(a[l] >> 5) * 67108864.0 + (double)(int32_t)(b[l] >> 6);
            u[l] = (v + 0.5) * (1.0 / 9007199254740992.0);
        }
        const size_t len = n - base < PHILOX_LANES ? n - base : PHILOX_LANES;
        memcpy(out + base, u, len * sizeof *u);
    }
}

#if defined(__x86_64__) && defined(__GNUC__)
#define RG_HAVE_X86_PATHS 1
__attribute__((target("avx512f,avx512dq,avx512vl"))) static void
philox_fill_avx512(uint64_t seed, uint32_t block, uint32_t c1, uint64_t entity0, unsigned j,
                   size_t n, double *out)
{
    philox_fill_body(seed, block, c1, entity0, j, n, out);
}

__attribute__((target("avx2"))) static void philox_fill_avx2(uint64_t seed, uint32_t block,
                                                             uint32_t c1, uint64_t entity0,
                                                             unsigned j, size_t n, double *out)
{
    philox_fill_body(seed, block, c1, entity0, j, n, out);
}
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

rg_simd rg_simd_best(void)
{
    if (rg_simd_supported(RG_SIMD_AVX512)) return RG_SIMD_AVX512;
    return rg_simd_supported(RG_SIMD_AVX2) ? RG_SIMD_AVX2 : RG_SIMD_SCALAR;
}

void rg_draw_fill_with(rg_simd path, uint64_t seed, const rg_purpose *p, uint64_t entity0,
                       int month, size_t n, double *out)
{
    uint32_t slot = p->slot + (p->monthly ? (uint32_t)month : 0u), stream = p->stream;
    if (stream > 0xffffu || slot > 0xffffu) stream = slot = 0; /* as rg_rng_init */
    const uint32_t block = p->first / 4u, c1 = slot | (stream << 16);
    const unsigned j = p->first % 4u;
#ifdef RG_HAVE_X86_PATHS
    if (j == 3) path = RG_SIMD_SCALAR; /* the two outputs straddle two blocks */
    if (path == RG_SIMD_AVX512) {
        philox_fill_avx512(seed, block, c1, entity0, j, n, out);
        return;
    }
    if (path == RG_SIMD_AVX2) {
        philox_fill_avx2(seed, block, c1, entity0, j, n, out);
        return;
    }
#endif
    /* Without vector units the lanes cost more than the scalar rounds (64-bit
     * multiplies of one entity at a time): one entity at a time. */
    (void)path, (void)block, (void)c1, (void)j;
    for (size_t i = 0; i < n; i++) out[i] = rg_draw(seed, p, entity0 + i, month);
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
