/* The hooks of a workflow, and whether an MPI launcher started this process. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "workflows/internal.h"

void rg_hooks_progress(const rg_hooks *h, const rg_progress *p)
{
    if (h && h->progress) h->progress(h->ctx, p);
}

void rg_hooks_log(const rg_hooks *h, const char *fmt, ...)
{
    if (!h || !h->log) return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    h->log(h->ctx, line);
}

long rg_launcher_size(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) return atol(v) > 0 ? atol(v) : 1;
    }
    return getenv("PMIX_RANK") ? 1 : 0;
}
