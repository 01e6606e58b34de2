/* What the report learns from the model about each scenario: the policies its
 * configuration switches on, when each starts and how the model produces its
 * effect (the modules' `mechanism`). */
#include <math.h>
#include <stdlib.h>

#include "reintegra/cli.h"
#include "reintegra/config.h"
#include "reintegra/metrics.h"
#include "reintegra/module.h"
#include "reintegra/params.h"
#include "reintegra/report.h"

/* The policies switched on by one run's stored configuration. */
static rg_status scenario_policies(const rg_result *r, rg_report_scenario *out, rg_error *err)
{
    rg_params *p = malloc(sizeof *p);
    if (!p) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    rg_params_defaults(p);
    rg_status st = rg_config_load_string(p, r->config, r->path, err);
    size_t n_mods = 0;
    const rg_module *const *mods = rg_modules(&n_mods);
    out->n = 0;
    for (size_t i = 0; st == RG_OK && i < n_mods && out->n < RG_REPORT_POLICIES; i++) {
        const rg_module *m = mods[i];
        const void *q = rg_params_of(p, m);
        if (m->kind != RG_POLICY || !q || !rg_module_on(m, q)) continue;
        rg_report_policy *pol = &out->policy[out->n++];
        snprintf(pol->name, sizeof pol->name, "%s", m->name);
        pol->mechanism = m->mechanism;
        double start = rg_module_param(m, q, "start_month");
        pol->start_month = isnan(start) ? 0 : (int)start;
    }
    free(p);
    return st;
}

rg_status rg_cli_report_scenarios(const rg_study *s, rg_report_scenario **out, rg_error *err)
{
    *out = calloc(s->n_scenarios ? s->n_scenarios : 1, sizeof **out);
    if (!*out) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    for (size_t k = 0; k < s->n_scenarios; k++) {
        rg_status st = scenario_policies(s->scenarios[k].runs[0], &(*out)[k], err);
        if (st != RG_OK) {
            free(*out);
            *out = NULL;
            return st;
        }
    }
    return RG_OK;
}
