/*
 * libFuzzer target: the scenario reader. Each input is written to a file and read
 * as a scenario (inherit, @include, literals, types, ranges), then validated, as
 * `reintegra check` does. Any crash, sanitizer report or hang is a finding.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "reintegra/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0]) snprintf(path, sizeof path, "fuzz-config-%ld.cfg", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    rg_params p;
    rg_params_defaults(&p);
    rg_error err = {0};
    if (rg_config_load(&p, path, &err) == RG_OK) {
        rg_error_clear(&err);
        if (rg_config_validate(&p, path, NULL, 0, &err) == RG_OK) {
            char *text = rg_config_resolved(&p);
            /* What the file resolved to reads back to the same parameters. */
            rg_params q;
            rg_params_defaults(&q);
            rg_error again = {0};
            if (text && rg_config_load_string(&q, text, "resolved", &again) != RG_OK) abort();
            free(text);
        }
    }
    return 0;
}
