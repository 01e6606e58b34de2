/* Helpers of the validation tests that run scenarios: a scenario file of the
 * source tree at a given size, horizon and seed, and a run to its end. */
#ifndef REINTEGRA_TEST_SCENARIO_H
#define REINTEGRA_TEST_SCENARIO_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "reintegra/config.h"
#include "reintegra/run.h"

static char scenario_src_[4096];

/* The source tree (RG_SOURCE_DIR, else the working directory). */
static inline void scenario_init(void)
{
    const char *s = getenv("RG_SOURCE_DIR");
    snprintf(scenario_src_, sizeof scenario_src_, "%s", s ? s : ".");
}

static inline rg_params scenario(const char *name, long long agents, long long months,
                                 long long seed)
{
    rg_params p;
    rg_params_defaults(&p);
    char path[4200];
    snprintf(path, sizeof path, "%s/scenarios/%s.cfg", scenario_src_, name);
    rg_error err = {0};
    CHECK(rg_config_load(&p, path, &err) == RG_OK, "%s: %s", name, err.msg);
    p.run.agents = agents;
    p.run.months = months;
    p.run.seed = seed;
    return p;
}

/* Row of a programme in /programmes (-1 if absent). */
static inline int programme_row(const rg_run *r, const char *programme)
{
    size_t n = 0;
    const char *const *names = rg_run_world(r, "programmes", "name", &n);
    for (size_t k = 0; names && k < n; k++)
        if (!strcmp(names[k], programme)) return (int)k;
    return -1;
}

/* A run created and completed (NULL, with the failure recorded, if it failed). */
static inline rg_run *run_all(const rg_params *p)
{
    rg_error err = {0};
    rg_run *run = NULL;
    int ok = rg_run_create(&run, p, 0, &err) == RG_OK && rg_run_complete(run, &err) == RG_OK;
    CHECK(ok, "run %s: %s", p->run.name, err.msg);
    if (!ok) {
        rg_run_free(run);
        return NULL;
    }
    return run;
}

#endif
