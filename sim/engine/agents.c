/* Structure-of-arrays storage for agent state: the modules' field tables,
 * concatenated over the module list. */
#include "reintegra/agents.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/module.h"

/* Built once, on first use (pthread_once), from the module list; constant after. */
static struct {
    rg_field_desc desc[RG_MAX_FIELDS];
    size_t n;
    size_t first[RG_MAX_MODULES + 1]; /* field index of each module's first field */
} fields;
static pthread_once_t fields_once = PTHREAD_ONCE_INIT;

static void build(void)
{
    size_t nm;
    const rg_module *const *mods = rg_modules(&nm);
    for (size_t m = 0; m < nm && m < RG_MAX_MODULES; m++) {
        fields.first[m] = fields.n;
        for (size_t k = 0; k < mods[m]->n_fields && fields.n < RG_MAX_FIELDS; k++) {
            const rg_field_spec *s = &mods[m]->fields[k];
            fields.desc[fields.n] =
                (rg_field_desc){s->name,  mods[m]->name, s->type,  s->size,
                                fields.n, s->flags,      s->units, s->description};
            fields.n++;
        }
    }
    for (size_t m = nm; m <= RG_MAX_MODULES; m++) fields.first[m] = fields.n;
}

const rg_field_desc *rg_field_table(size_t *count)
{
    pthread_once(&fields_once, build);
    *count = fields.n;
    return fields.desc;
}

size_t rg_field_first(size_t module_index, size_t *count)
{
    pthread_once(&fields_once, build);
    if (module_index >= RG_MAX_MODULES) {
        *count = 0;
        return fields.n;
    }
    *count = fields.first[module_index + 1] - fields.first[module_index];
    return fields.first[module_index];
}

const rg_field_desc *rg_field_find(const char *name)
{
    size_t n;
    const rg_field_desc *t = rg_field_table(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].name, name) == 0) return &t[i];
    return NULL;
}

size_t rg_agents_bytes_per_agent(void)
{
    size_t n, bytes = 0;
    const rg_field_desc *t = rg_field_table(&n);
    for (size_t i = 0; i < n; i++) bytes += t[i].size;
    return bytes;
}

rg_status rg_agents_alloc(rg_agents *a, size_t n, rg_error *err)
{
    memset(a, 0, sizeof *a);
    a->n = n;
    size_t count;
    const rg_field_desc *t = rg_field_table(&count);
    for (size_t i = 0; i < count; i++) {
        /* 64-byte alignment: columns start on cache lines. */
        size_t bytes = (t[i].size * (n ? n : 1) + 63) / 64 * 64;
        void *col = aligned_alloc(64, bytes);
        if (!col) {
            rg_agents_free(a);
            return rg_error_set(err, RG_EINTERNAL, "out of memory allocating %zu agents (%s)", n,
                                t[i].name);
        }
        memset(col, 0, bytes);
        a->col[t[i].index] = col;
    }
    return RG_OK;
}

void rg_agents_free(rg_agents *a)
{
    for (size_t i = 0; i < RG_MAX_FIELDS; i++) {
        free(a->col[i]);
        a->col[i] = NULL;
    }
    a->n = 0;
}
