/* Structure-of-arrays storage for agent state. */
#include "reintegra/agents.h"

#include <stdlib.h>
#include <string.h>

#define RG_FIELD_DESC_(m, ctype, name, h5, flags, units, desc)                                     \
    {#name, #m, RG_H5_##h5, sizeof(ctype), offsetof(rg_agents, name), flags, units, desc},
#define RG_FIELD_GROUP_(module, LIST) LIST(RG_FIELD_DESC_, module)

static const rg_field_desc fields[] = {RG_AGENT_FIELD_GROUPS(RG_FIELD_GROUP_)};

const rg_field_desc *rg_field_table(size_t *count)
{
    *count = sizeof fields / sizeof fields[0];
    return fields;
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
        *(void **)((char *)a + t[i].offset) = col;
    }
    return RG_OK;
}

void rg_agents_free(rg_agents *a)
{
    size_t count;
    const rg_field_desc *t = rg_field_table(&count);
    for (size_t i = 0; i < count; i++) {
        void **slot = (void **)((char *)a + t[i].offset);
        free(*slot);
        *slot = NULL;
    }
    a->n = 0;
}
