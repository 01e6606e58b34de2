/* The model's modules in schedule order. Adding a sub-model or policy means adding
 * its module here, its parameters and fields to the tables, and its slot. */
#include "reintegra/module.h"

static const rg_module *const modules[] = {
    &rg_population_module,      /* attributes at release, neighbourhoods */
    &rg_justice_module,         /* releases first; arrests, courts, prison in the justice phase */
    &rg_programmes_module,      /* the programme table (policies' shared state) */
    &rg_health_module,          /* treatment, relapse */
    &rg_family_module,          /* strain, support, breakdown and repair */
    &rg_housing_module,         /* housing at release, loss; the housing market */
    &rg_stigma_campaign_module, /* campaign level, before public stigma (world phase) */
    &rg_stigma_module,          /* internalised stigma; public stigma in the world phase */
    &rg_employment_module,      /* separations, job search; the labour market */
    &rg_ban_the_box_module,     /* employers' practice (after the employers exist) */
    &rg_mentors_module,         /* relationships, asking; matching */
    &rg_offending_module,       /* offences of free people, given all of the above */
    &rg_peers_module,           /* exposure to peers, for next month (world phase) */
    &rg_fresh_start_module,     /* record clearance (justice phase, after arrests) */
    &rg_cbt_module,             /* programmes: offers, admission, participation */
    &rg_training_module,
    &rg_transitional_jobs_module,
    &rg_supported_housing_module,
    &rg_health_programme_module,
    &rg_family_support_module,
    &rg_mentoring_module,
    &rg_risk_tool_module, /* fitted last, on a cohort of this very model */
};

const rg_module *const *rg_modules(size_t *count)
{
    *count = sizeof modules / sizeof modules[0];
    return modules;
}
