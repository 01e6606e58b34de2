/* A run held in memory seen through the output contract's outcome columns. */
#include "reintegra/workflow.h"

rg_outcome_columns rg_run_outcomes(const rg_run *run)
{
    return (rg_outcome_columns){
        .n = run->a.n,
        .months = run->month,
        .sex = rg_run_field(run, "sex"),
        .offense = rg_run_field(run, "offense"),
        .age_at_release = rg_run_field(run, "age_at_release"),
        .release_month = rg_run_field(run, "release_month"),
        .first = {rg_run_field(run, "first_arrest"), rg_run_field(run, "first_conviction"),
                  rg_run_field(run, "first_return")},
        .first_conviction_date = rg_run_field(run, "first_conviction_date"),
        .prior_group = rg_run_field(run, "prior_group"),
    };
}
