/* A run held in memory seen through the output contract's outcome columns. */
#include "reintegra/workflow.h"

rg_outcome_columns rg_run_outcomes(const rg_run *run)
{
    const rg_agents *a = &run->a;
    return (rg_outcome_columns){
        .n = a->n,
        .months = run->month,
        .sex = a->sex,
        .offense = a->offense,
        .age_at_release = a->age_at_release,
        .release_month = a->release_month,
        .first = {a->first_arrest, a->first_conviction, a->first_return},
        .first_conviction_date = a->first_conviction_date,
    };
}
