/*
 * Agent state as a structure of arrays: one column per field, sized to the
 * population. Fields are declared once, in their module's table (registry.h); the
 * struct, the allocation, the HDF5 writer and docs/output-format.md come from there.
 */
#ifndef REINTEGRA_AGENTS_H
#define REINTEGRA_AGENTS_H

#include <stddef.h>
#include <stdint.h>

#include "employment.h"
#include "error.h"
#include "family.h"
#include "health.h"
#include "housing.h"
#include "justice.h"
#include "mentors.h"
#include "offending.h"
#include "params.h"
#include "peers.h"
#include "policies.h"
#include "population.h"
#include "stigma.h"

#define RG_AGENT_FIELD_GROUPS(G)                                                                   \
    G(population, RG_POPULATION_FIELDS)                                                            \
    G(justice, RG_JUSTICE_FIELDS)                                                                  \
    G(offending, RG_OFFENDING_FIELDS)                                                              \
    G(employment, RG_EMPLOYMENT_FIELDS)                                                            \
    G(family, RG_FAMILY_FIELDS)                                                                    \
    G(housing, RG_HOUSING_FIELDS)                                                                  \
    G(health, RG_HEALTH_FIELDS)                                                                    \
    G(stigma, RG_STIGMA_FIELDS)                                                                    \
    G(mentors, RG_MENTORS_FIELDS)                                                                  \
    G(peers, RG_PEERS_FIELDS)                                                                      \
    G(policies, RG_POLICY_FIELDS)

#define RG_AGENT_MEMBER_(m, ctype, name, h5, flags, units, desc) ctype *name;
#define RG_AGENT_GROUP_MEMBERS_(module, LIST) LIST(RG_AGENT_MEMBER_, module)

typedef struct rg_agents {
    size_t n;
    RG_AGENT_FIELD_GROUPS(RG_AGENT_GROUP_MEMBERS_)
} rg_agents;

typedef enum rg_h5type {
    RG_H5_U8,
    RG_H5_U16,
    RG_H5_I16,
    RG_H5_I32,
    RG_H5_F32,
    RG_H5_U32,
    RG_H5_F64,
    RG_H5_I8,
    RG_H5_I64,
    RG_H5_STR /* world tables only: an array of C strings */
} rg_h5type;

typedef struct rg_field_desc {
    const char *name;
    const char *module;
    rg_h5type type;
    size_t size;   /* bytes per element */
    size_t offset; /* of the column pointer in rg_agents */
    unsigned flags;
    const char *units;
    const char *description;
} rg_field_desc;

const rg_field_desc *rg_field_table(size_t *count);
const rg_field_desc *rg_field_find(const char *name);
/* The column of a field in `a`. */
static inline void *rg_field_column(const rg_agents *a, const rg_field_desc *f)
{
    return *(void *const *)((const char *)a + f->offset);
}

rg_status rg_agents_alloc(rg_agents *a, size_t n, rg_error *err);
void rg_agents_free(rg_agents *a);
/* Bytes of state per agent, over all columns. */
size_t rg_agents_bytes_per_agent(void);

#endif
