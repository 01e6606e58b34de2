/* Keyed Philox streams and the gsl_rng adapter over them. */
#include "reintegra/rng.h"

#include <stdlib.h>

double rg_draw_u01(uint64_t seed, rg_stream_id stream, uint64_t entity, uint32_t month)
{
    rg_rng r;
    rg_rng_init(&r, seed, stream, entity, month);
    return rg_rng_u01(&r);
}

/* The adapter's state is an rg_rng: gsl_rng_get returns its 32-bit outputs and
 * gsl_rng_uniform its 53-bit doubles. Seeding through GSL is meaningless here
 * (streams are positioned by rg_gsl_rng_set), so set() positions at a fixed key. */
static void adapter_set(void *state, unsigned long int seed)
{
    rg_rng_init((rg_rng *)state, seed, RG_STREAM_POPULATION, 0, 0);
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

void rg_gsl_rng_set(gsl_rng *g, uint64_t seed, rg_stream_id stream, uint64_t entity, uint32_t month)
{
    rg_rng_init((rg_rng *)g->state, seed, stream, entity, month);
}

rg_rng *rg_gsl_rng_stream(gsl_rng *g)
{
    return (rg_rng *)g->state;
}
