/*
 * Counter-based random streams (Random123 Philox4x32-10).
 *
 * A draw is a pure function of (seed, stream, entity, month, k): there is no
 * generator state shared between agents or threads, so results do not depend on
 * the thread count, and two scenarios with the same seed see the same numbers for
 * the same decision (common random numbers).
 */
#ifndef REINTEGRA_RNG_H
#define REINTEGRA_RNG_H

#include <stdint.h>

#include <Random123/philox.h>
#include <gsl/gsl_rng.h>

/* Streams of the engine and the workflows. Every other stream number belongs to a
 * module and is declared, with the purpose of its draws, in the module's table
 * (rg_purpose below); a unit test checks that no two purposes share draws. Values
 * are part of the reproducibility contract: never renumber. Stream 0 is never a
 * purpose's: it is where an out-of-range position lands. */
typedef enum rg_stream_id {
    RG_STREAM_SAMPLE = 9,       /* trajectory sample selection (entity: agent) */
    RG_STREAM_CALIBRATION = 12, /* prior draws of a calibration (entity: draw index) */
    RG_STREAM_SWEEP = 13        /* sweep designs and bootstraps (slot: what they are for) */
} rg_stream_id;

/* Months a run may have (run.months); monthly purposes reserve this many slots. */
enum { RG_MONTHS_MAX = 1200 };

typedef struct rg_rng {
    philox4x32_key_t key;
    philox4x32_ctr_t ctr;
    philox4x32_ctr_t out;
    unsigned used; /* outputs of `out` consumed, 0..4 */
} rg_rng;

/* Position a stream at draw 0 of (seed, stream, entity, slot). The slot is the
 * month for monthly draws. Returns 0, or -1 when the stream or slot does not fit
 * in 16 bits: then the stream is positioned in stream 0, which no purpose uses,
 * rather than wrapping into another purpose's draws. */
static inline int rg_rng_init(rg_rng *r, uint64_t seed, uint32_t stream, uint64_t entity,
                              uint32_t slot)
{
    const int ok = stream <= 0xffffu && slot <= 0xffffu;
    if (!ok) stream = slot = 0;
    r->key.v[0] = (uint32_t)seed;
    r->key.v[1] = (uint32_t)(seed >> 32);
    r->ctr.v[0] = 0; /* block counter within the stream */
    r->ctr.v[1] = slot | (stream << 16);
    r->ctr.v[2] = (uint32_t)entity;
    r->ctr.v[3] = (uint32_t)(entity >> 32);
    r->used = 4;
    return ok ? 0 : -1;
}

static inline uint32_t rg_rng_u32(rg_rng *r)
{
    if (r->used == 4) {
        r->out = philox4x32(r->ctr, r->key);
        r->ctr.v[0]++;
        r->used = 0;
    }
    return r->out.v[r->used++];
}

/* The uniform that two consecutive 32-bit outputs make: 27 bits of the first and
 * 26 of the second (53 in all), as rg_rng_u01. The integer is below 2^53, so its
 * signed conversion is exact (and one instruction). */
static inline double rg_u01_of(uint32_t first, uint32_t second)
{
    const uint64_t hi = first >> 5, lo = second >> 6;
    return ((double)(int64_t)((hi << 26) | lo) + 0.5) * (1.0 / 9007199254740992.0);
}

/* The uniform that one 32-bit output makes, on (0, 1) with 32 random bits: the
 * midpoint of its 2^-32 interval, so never 0 and never 1 (the largest is
 * 1 - 2^-33, exactly representable). For yes/no decisions `rg_u01_32(x) < p`
 * decides as a 53-bit uniform would for every p, up to a resolution of 2^-32,
 * and leaves three outputs of a block to other decisions. */
static inline double rg_u01_32(uint32_t x)
{
    return ((double)x + 0.5) * (1.0 / 4294967296.0);
}

/* The integer threshold of rg_u01_32 against p: for every 32-bit x,
 * rg_u01_32(x) < p exactly when x < rg_u01_32_bound(p) (0 .. 2^32; 0 for a NaN).
 * (x + 0.5) 2^-32 and p 2^32 are exact, so the comparison is x + 0.5 < p 2^32,
 * which holds for x up to the floor of p 2^32, and for the floor itself only when
 * the fraction is above one half. For a decision compared with the same p many
 * times: one integer comparison instead of a conversion, an addition and a
 * multiplication. */
static inline uint64_t rg_u01_32_bound(double p)
{
    if (!(p > 0)) return 0;
    if (p >= 1) return (uint64_t)1 << 32;
    const double P = p * 4294967296.0;
    const uint64_t t = (uint64_t)P;
    return (double)t + 0.5 < P ? t + 1 : t;
}

/* An index uniform on 0 .. n - 1 from one 32-bit output (the high word of
 * x * n: never n, so no bounds check; bias below n / 2^32). */
static inline uint32_t rg_below(uint32_t x, uint32_t n)
{
    return (uint32_t)(((uint64_t)x * n) >> 32);
}

/* The version of the random streams: which outputs each decision takes. Runs of
 * the same seed and version draw the same numbers for the same decision; a new
 * version changes them (and needs the baseline refitted). Written to the run
 * file's provenance (`streams`). 2: one Philox block per job application and per
 * landlord decision, 32-bit uniforms for their yes/no decisions and indices from
 * rg_below; 1: two blocks each, 53-bit uniforms. */
enum { RG_STREAMS_VERSION = 2 };

/* Uniform on (0, 1] with 53 random bits; never returns 0. (The largest of the
 * 2^53 integers, 2^53 - 1, gives 2^53 - 0.5, which rounds to 2^53: exactly 1,
 * once in 2^53 draws.) */
static inline double rg_rng_u01(rg_rng *r)
{
    const uint32_t first = rg_rng_u32(r);
    return rg_u01_of(first, rg_rng_u32(r));
}

/* Block b of the stream r was positioned at (rg_rng_init, rg_rng_at): its 32-bit
 * outputs 4b .. 4b + 3, without moving r. For code that knows which outputs a
 * decision takes and skips the blocks it does not need. */
static inline philox4x32_ctr_t rg_rng_block(const rg_rng *r, uint32_t b)
{
    philox4x32_ctr_t c = r->ctr;
    c.v[0] = b;
    return philox4x32(c, r->key);
}

static inline int rg_rng_bernoulli(rg_rng *r, double p)
{
    return rg_rng_u01(r) < p;
}

/* One uniform draw for a decision that needs only one number. */
double rg_draw_u01(uint64_t seed, uint32_t stream, uint64_t entity, uint32_t slot);

/* What a purpose's draws are for. */
typedef enum rg_entity {
    RG_ENTITY_AGENT,
    RG_ENTITY_EMPLOYER,
    RG_ENTITY_NEIGHBOURHOOD,
    RG_ENTITY_MENTOR,
    RG_ENTITY_EMPLOYER_AGENT, /* employer << 32 | agent: both below 2^32 */
    RG_ENTITY_INDEX           /* a draw index of a workflow */
} rg_entity;

/* A purpose of random draws and its own part of the counter space: stream
 * `stream`, slot `slot` (plus the month for monthly draws: slots slot ..
 * slot + RG_MONTHS_MAX - 1), and 32-bit outputs first .. first + count - 1 of each
 * position (count 0: as many as needed, from `first` on). Modules declare theirs
 * in a table (module.h: purposes); the names are "module.purpose". */
typedef struct rg_purpose {
    const char *name;
    uint16_t stream, slot;
    uint8_t monthly;
    uint8_t entity; /* rg_entity */
    uint16_t first, count;
    const char *meaning;
} rg_purpose;

/* One line of a purpose table. */
#define RG_ONCE 0
#define RG_MONTHLY 1
#define RG_DRAW(name, stream, slot, when, entity, first, count, meaning)                           \
    {                                                                                              \
        name, stream, slot, RG_##when, RG_ENTITY_##entity, first, count, meaning                   \
    }

/* Position r at the purpose's first draw for (seed, entity, month). */
static inline void rg_rng_at(rg_rng *r, uint64_t seed, const rg_purpose *p, uint64_t entity,
                             int month)
{
    rg_rng_init(r, seed, p->stream, entity, p->slot + (p->monthly ? (uint32_t)month : 0u));
    for (unsigned k = 0; k < p->first; k++) (void)rg_rng_u32(r);
}

/* Block b of the purpose's position for (seed, entity, month): its 32-bit outputs
 * 4b .. 4b + 3 (the purpose's own are first .. first + count - 1). */
static inline philox4x32_ctr_t rg_block_at(uint64_t seed, const rg_purpose *p, uint64_t entity,
                                           int month, uint32_t b)
{
    rg_rng r;
    rg_rng_init(&r, seed, p->stream, entity, p->slot + (p->monthly ? (uint32_t)month : 0u));
    return rg_rng_block(&r, b);
}

/* The purpose's first uniform draw for (seed, entity, month). */
static inline double rg_draw(uint64_t seed, const rg_purpose *p, uint64_t entity, int month)
{
    rg_rng r;
    rg_rng_at(&r, seed, p, entity, month);
    return rg_rng_u01(&r);
}

/* Draws for many entities at once. Each entity's numbers are those of its own
 * stream (rg_draw gives the same, bit for bit), but the Philox rounds run for many
 * entities at once (rg_block_fill below): with AVX-512 or AVX2 where the processor
 * has them (chosen when called), else plain code. */
typedef enum rg_simd { RG_SIMD_SCALAR, RG_SIMD_AVX2, RG_SIMD_AVX512 } rg_simd;

/* Does this processor run that path? (The scalar path always.) */
int rg_simd_supported(rg_simd path);
/* The widest path this processor runs, at most the limit: the environment
 * variable RG_SIMD ("scalar", "avx2" or "avx512"; unset or any other value: no
 * limit) read at the first call, or rg_simd_limit's. Every path gives the same
 * numbers, so the limit changes only the speed (and lets a test compare paths). */
rg_simd rg_simd_best(void);
/* Sets the limit for later calls (any thread; not while a run is under way). */
void rg_simd_limit(rg_simd widest);
/* A path's name: "scalar", "avx2" or "avx512" ("unknown" for any other value). */
const char *rg_simd_name(rg_simd path);
/* "scalar", "avx2" or "avx512" to a path: 0, or -1 for any other name or NULL. */
int rg_simd_parse(const char *name, rg_simd *out);
/* out[i] = rg_draw(seed, p, entity0 + i, month) for i < n. */
void rg_draw_fill(uint64_t seed, const rg_purpose *p, uint64_t entity0, int month, size_t n,
                  double *out);
/* The same on a chosen path, which must be supported (for tests and benchmarks). */
void rg_draw_fill_with(rg_simd path, uint64_t seed, const rg_purpose *p, uint64_t entity0,
                       int month, size_t n, double *out);

/* Whole Philox blocks for many entities: out[i] = rg_rng_block(r_i, block) where r_i
 * is positioned by rg_rng_at(r_i, seed, p, entity0 + i, month), for i < n: all four
 * 32-bit outputs 4 block .. 4 block + 3 of each entity's stream (p->first does not
 * shift them: `block` counts from the stream's output 0). The Philox rounds run 8
 * entities per AVX2 vector, or 16 per AVX-512 vector, with hand-written 32-bit
 * lanes (chosen when called), else one entity at a time; every path gives exactly
 * the scalar numbers. */
void rg_block_fill(uint64_t seed, const rg_purpose *p, uint32_t block, uint64_t entity0, int month,
                   size_t n, philox4x32_ctr_t *out);
/* The same on a chosen path, which must be supported (for tests and benchmarks). */
void rg_block_fill_with(rg_simd path, uint64_t seed, const rg_purpose *p, uint32_t block,
                        uint64_t entity0, int month, size_t n, philox4x32_ctr_t *out);

/* Whole Philox blocks for a list of positions of one purpose and month: out[i] =
 * rg_rng_block(r_i, block[i]) where r_i is positioned by rg_rng_at(r_i, seed, p,
 * entity[i], month), for i < n (nothing is written past out[n - 1]). Entities and
 * blocks may be in any order and repeat; the rounds run in the same 32-bit lanes as
 * rg_block_fill, chosen when called, and give exactly the scalar numbers. */
void rg_block_list_fill(uint64_t seed, const rg_purpose *p, int month, size_t n,
                        const uint64_t *entity, const uint32_t *block, philox4x32_ctr_t *out);
/* The same on a chosen path, which must be supported (for tests and benchmarks). */
void rg_block_list_fill_with(rg_simd path, uint64_t seed, const rg_purpose *p, int month, size_t n,
                             const uint64_t *entity, const uint32_t *block, philox4x32_ctr_t *out);

/* Blocks of consecutive entities consumed in an agent loop: a tile of RG_TILE
 * entities is filled (rg_block_fill) when the loop first asks for one of them, so
 * the loop reads precomputed blocks from L1 instead of running the rounds per
 * agent. The numbers are those of rg_rng_block, whichever entities ask. */
enum { RG_TILE = 256 };
typedef struct rg_tile {
    uint64_t seed;
    const rg_purpose *p;
    int month;
    uint32_t block;
    size_t begin, end; /* entities in b: begin .. end - 1 */
    size_t limit;      /* fills stop before this entity (the loop's end) */
    rg_simd path;
    philox4x32_ctr_t b[RG_TILE];
} rg_tile;

/* Start a tile for block `block` of purpose p's positions in `month`, for entities
 * below `limit` (one past the last the loop asks for). */
void rg_tile_init(rg_tile *t, uint64_t seed, const rg_purpose *p, uint32_t block, int month,
                  size_t limit);
/* Fill t from `entity` on (rg_tile_block does when needed). */
void rg_tile_fill(rg_tile *t, size_t entity);

/* The block of `entity`: rg_rng_block of its stream, positioned as rg_rng_at. */
static inline const philox4x32_ctr_t *rg_tile_block(rg_tile *t, size_t entity)
{
    if (entity - t->begin >= t->end - t->begin) rg_tile_fill(t, entity);
    return &t->b[entity - t->begin];
}

/* Blocks for the few entities of a run that need them (a tile fills every entity of
 * its run, which is waste when only some ask): the loop picks the entities that will
 * ask, in increasing order (rg_pick, at most RG_TILE between fills), rg_picks_fill
 * makes their blocks in the lanes of rg_block_list_fill, then the loop asks
 * (rg_picks_block) in increasing order. An entity asked but not picked gets its block
 * computed on its own: the numbers never depend on the picks, only the work does. */
typedef struct rg_picks {
    uint64_t seed;
    const rg_purpose *p;
    int month;
    size_t n, at; /* picked; the next to ask about */
    uint64_t entity[RG_TILE];
    uint32_t block[RG_TILE]; /* block 0 of each position (rg_block_list_fill's list) */
    philox4x32_ctr_t b[RG_TILE];
} rg_picks;

/* Start picks of block 0 of purpose p's positions in `month`. */
void rg_picks_init(rg_picks *t, uint64_t seed, const rg_purpose *p, int month);
/* Forget the picks (a new run of entities). */
static inline void rg_picks_clear(rg_picks *t)
{
    t->n = t->at = 0;
}
/* Pick `entity` (after every entity picked since the last clear; at most RG_TILE). */
static inline void rg_pick(rg_picks *t, size_t entity)
{
    t->entity[t->n++] = entity;
}
/* rg_pick when `picked` (0 or 1), without a branch: the entity is written after the
 * picks and kept only if picked (so the list needs room for one more: at most
 * RG_TILE - 1 picked before). */
static inline void rg_pick_if(rg_picks *t, size_t entity, int picked)
{
    t->entity[t->n] = entity;
    t->n += (size_t)picked;
}
/* Make the picked entities' blocks. */
void rg_picks_fill(rg_picks *t);
/* The block of `entity` when asked in increasing order: a picked entity's from the
 * fill, else computed now. */
static inline philox4x32_ctr_t rg_picks_block(rg_picks *t, size_t entity)
{
    size_t at = t->at;
    const size_t n = t->n;
    while (at < n && t->entity[at] < entity) at++;
    t->at = at;
    if (at < n && t->entity[at] == entity) return t->b[t->at++];
    return rg_block_at(t->seed, t->p, entity, t->month, 0);
}

/* Do two purposes share a draw? (Same stream, overlapping slots and outputs.) */
int rg_purposes_overlap(const rg_purpose *a, const rg_purpose *b);
/* The engine's own purposes (trajectory sample, workflows' streams). */
const rg_purpose *rg_engine_purposes(size_t *count);

/* A gsl_rng whose numbers come from an rg_rng, so GSL's distributions can be used
 * with keyed streams. Allocate one per thread (a workspace, not a generator), then
 * position it with rg_gsl_rng_at (or rg_gsl_rng_set) before each decision. */
gsl_rng *rg_gsl_rng_alloc(void);
void rg_gsl_rng_set(gsl_rng *g, uint64_t seed, uint32_t stream, uint64_t entity, uint32_t slot);
void rg_gsl_rng_at(gsl_rng *g, uint64_t seed, const rg_purpose *p, uint64_t entity, int month);
rg_rng *rg_gsl_rng_stream(gsl_rng *g);

#endif
