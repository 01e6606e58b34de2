/* The machine's memory (memory.h). */
#include "common/memory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

double rg_memory_available(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    if (f) {
        char line[256];
        double kb = -1;
        while (fgets(line, sizeof line, f))
            if (sscanf(line, "MemAvailable: %lf kB", &kb) == 1) break;
        fclose(f);
        if (kb >= 0) return kb * 1024.0;
    }
    long pages = sysconf(_SC_AVPHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? (double)pages * (double)size : 0;
}

static void human(double bytes, char *buf, size_t size)
{
    if (bytes >= 1e9)
        snprintf(buf, size, "%.1f GB", bytes / 1e9);
    else
        snprintf(buf, size, "%.0f MB", bytes / 1e6);
}

rg_status rg_memory_check(double bytes, const char *what, rg_error *err)
{
    const char *off = getenv("RG_MEMORY_CHECK");
    if (off && !strcmp(off, "0")) return RG_OK;
    double avail = rg_memory_available();
    if (avail <= 0 || bytes <= avail) return RG_OK;
    char need[32], have[32];
    human(bytes, need, sizeof need);
    human(avail, have, sizeof have);
    return rg_error_set(err, RG_EINPUT,
                        "%s needs about %s of memory; this machine has %s available", what, need,
                        have);
}
