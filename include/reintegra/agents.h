/*
 * Agent state as a structure of arrays: one column per field, sized to the
 * population. Every module declares its fields in its own table (registry.h);
 * the field table is their concatenation over the module list, and the struct of
 * each module's column pointers (module.h: RG_COLS) is bound from these columns.
 * The HDF5 writer and docs/output-format.md come from the same table.
 */
#ifndef REINTEGRA_AGENTS_H
#define REINTEGRA_AGENTS_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "registry.h"

enum { RG_MAX_FIELDS = 192 };

typedef struct rg_agents {
    size_t n;
    void *col[RG_MAX_FIELDS]; /* indexed by rg_field_desc.index */
} rg_agents;

typedef struct rg_field_desc {
    const char *name;
    const char *module;
    rg_h5type type;
    size_t size;  /* bytes per element */
    size_t index; /* of the column in rg_agents.col */
    unsigned flags;
    const char *units;
    const char *description;
} rg_field_desc;

/* Every field of every module, in module-list order (built once, thread-safe). */
const rg_field_desc *rg_field_table(size_t *count);
const rg_field_desc *rg_field_find(const char *name);
/* The fields of the module at place `module_index` of the module list: *count of
 * them from the returned index of the field table. */
size_t rg_field_first(size_t module_index, size_t *count);
/* The column of a field in `a`. */
static inline void *rg_field_column(const rg_agents *a, const rg_field_desc *f)
{
    return a->col[f->index];
}

rg_status rg_agents_alloc(rg_agents *a, size_t n, rg_error *err);
void rg_agents_free(rg_agents *a);
/* Bytes of state per agent, over all columns. */
size_t rg_agents_bytes_per_agent(void);

#endif
