/* Keyed Philox streams, the gsl_rng adapter over them, and the engine's purposes. */
#include "reintegra/rng.h"

#include <stdlib.h>

double rg_draw_u01(uint64_t seed, uint32_t stream, uint64_t entity, uint32_t slot)
{
    rg_rng r;
    rg_rng_init(&r, seed, stream, entity, slot);
    return rg_rng_u01(&r);
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
