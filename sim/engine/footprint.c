/* The memory a run needs, estimated before it allocates anything. */
#include <stdio.h>

#include "common/memory.h"
#include "reintegra/run.h"

/* Per person besides the state columns: the id of a sampled trajectory (4 bytes)
 * and room for a month of events (about 3 events of 12 bytes per person at the
 * busiest month, the month of a cohort's release). A fixed base holds the
 * program, HDF5's caches and the world tables. `rg_bench` measures the peak. */
enum { OUTPUT_BYTES_PER_AGENT = 4 + 3 * (int)sizeof(rg_event), BASE_BYTES = 64 << 20 };

double rg_run_memory_estimate(const rg_params *p)
{
    const double n = (double)p->run.agents;
    size_t columns;
    rg_summary_table(&columns); /* a month's summary row: at most 8 bytes a column */
    return n * (double)(rg_agents_bytes_per_agent() + OUTPUT_BYTES_PER_AGENT) +
           (double)p->run.months * 8.0 * (double)columns + BASE_BYTES;
}

rg_status rg_run_check_memory(const rg_params *p, rg_error *err)
{
    char what[160];
    snprintf(what, sizeof what,
             "a run of %lld people (%zu bytes of state each, plus output buffers)", p->run.agents,
             rg_agents_bytes_per_agent());
    return rg_memory_check(rg_run_memory_estimate(p), what, err);
}
