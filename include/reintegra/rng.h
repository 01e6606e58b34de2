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

/* Named streams. Values are part of the reproducibility contract: never renumber,
 * only append, so a new draw in one module never shifts another module's numbers. */
typedef enum rg_stream_id {
    RG_STREAM_POPULATION = 1,       /* attributes at creation */
    RG_STREAM_FRAILTY = 2,          /* individual offending propensity */
    RG_STREAM_OFFENDING = 3,        /* monthly offence */
    RG_STREAM_ARREST = 4,           /* offence -> arrest */
    RG_STREAM_COURT = 5,            /* conviction and court delay */
    RG_STREAM_SENTENCE = 6,         /* prison sentence and its length */
    RG_STREAM_SUPERVISION = 7,      /* supervision at release, technical violations */
    RG_STREAM_REVOCATION = 8,       /* revocation after an arrest */
    RG_STREAM_SAMPLE = 9,           /* trajectory sample selection */
    RG_STREAM_RELEASE = 10,         /* month of release in a flow */
    RG_STREAM_REVOCATION_TERM = 11, /* prison term after a revocation */
    RG_STREAM_CALIBRATION = 12,     /* prior draws of a calibration (entity: draw index) */
    RG_STREAM_SWEEP = 13,           /* sweep designs and bootstraps (month: purpose) */
    /* The social world (entities are agents unless said otherwise). */
    RG_STREAM_WORLD_INIT = 20,    /* neighbourhoods (entity: neighbourhood) */
    RG_STREAM_EMPLOYER_INIT = 21, /* employer attributes (entity: employer) */
    RG_STREAM_PERSON_INIT = 22,   /* skills, family, stigma, health at creation */
    RG_STREAM_JOB_SEARCH = 23,    /* applications and callbacks */
    RG_STREAM_JOB_OFFER = 24,     /* record check after an offer (entity: agent) */
    RG_STREAM_JOB_END = 25,       /* separations */
    RG_STREAM_FAMILY = 26,        /* conflicts, repair */
    RG_STREAM_HOUSING = 27,       /* loss of housing, landlord decisions */
    RG_STREAM_HEALTH = 28,        /* treatment, relapse */
    RG_STREAM_MENTOR = 29,        /* asking for a mentor, relationship course */
    RG_STREAM_MENTOR_POOL = 30,   /* burnout (entity: mentor) */
    RG_STREAM_PEERS_INIT = 31,    /* network ties */
    RG_STREAM_HOUSING_STOCK = 32, /* homes coming free (entity: neighbourhood) */
    RG_STREAM_AUDIT = 33,         /* audit emulation (entity: employer) */
    /* Policies and programmes. */
    RG_STREAM_PROGRAMME = 40,   /* offers, uptake, dropout (month slot + 1024 x programme id) */
    RG_STREAM_TRIAL = 41,       /* randomisation of the emulated trial */
    RG_STREAM_POLICY_INIT = 42, /* coverage of employers and neighbourhoods (entity: them) */
    RG_STREAM_FRESH_START = 43, /* fines paid, petitions */
    RG_STREAM_RISK_TOOL = 44    /* the risk tool's historical cohort (its seed) */
} rg_stream_id;

typedef struct rg_rng {
    philox4x32_key_t key;
    philox4x32_ctr_t ctr;
    philox4x32_ctr_t out;
    unsigned used; /* outputs of `out` consumed, 0..4 */
} rg_rng;

/* Position a stream at draw 0 of (seed, stream, entity, month). */
static inline void rg_rng_init(rg_rng *r, uint64_t seed, rg_stream_id stream, uint64_t entity,
                               uint32_t month)
{
    r->key.v[0] = (uint32_t)seed;
    r->key.v[1] = (uint32_t)(seed >> 32);
    r->ctr.v[0] = 0; /* block counter within the stream */
    r->ctr.v[1] = (month & 0xffffu) | ((uint32_t)stream << 16);
    r->ctr.v[2] = (uint32_t)entity;
    r->ctr.v[3] = (uint32_t)(entity >> 32);
    r->used = 4;
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

/* Uniform on (0, 1) with 53 random bits; never returns 0 or 1. */
static inline double rg_rng_u01(rg_rng *r)
{
    uint64_t hi = rg_rng_u32(r) >> 5, lo = rg_rng_u32(r) >> 6; /* 27 + 26 bits */
    return ((double)((hi << 26) | lo) + 0.5) * (1.0 / 9007199254740992.0);
}

static inline int rg_rng_bernoulli(rg_rng *r, double p)
{
    return rg_rng_u01(r) < p;
}

/* One uniform draw for a decision that needs only one number. */
double rg_draw_u01(uint64_t seed, rg_stream_id stream, uint64_t entity, uint32_t month);

/* A gsl_rng whose numbers come from an rg_rng, so GSL's distributions can be used
 * with keyed streams. Allocate one per thread (a workspace, not a generator), then
 * position it with rg_gsl_rng_set before each decision. */
gsl_rng *rg_gsl_rng_alloc(void);
void rg_gsl_rng_set(gsl_rng *g, uint64_t seed, rg_stream_id stream, uint64_t entity,
                    uint32_t month);
rg_rng *rg_gsl_rng_stream(gsl_rng *g);

#endif
