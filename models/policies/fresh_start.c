/*
 * Fresh Start / record clearance (policies.h). From the start month, a free person
 * is eligible when their record is not violent (if excluded), their fines are paid,
 * and `offence_free_years` have passed since release and since the latest arrest.
 * Automatic (clean slate) clears every eligible record at once; by petition, the
 * monthly chance h gives `petition_uptake_5y` within five years:
 * 1 - (1 - h)^60 = uptake (Prescott & Starr 2020: 6.5%).
 */
#include <math.h>

#include "reintegra/justice.h"
#include "reintegra/module.h"
#include "reintegra/rng.h"

static void fresh_start_agents(rg_run *run, rg_instance *self, rg_block *blk)
{
    (void)self;
    const struct rg_params_fresh_start *f = &run->p.fresh_start;
    if (!f->enabled || blk->month < f->start_month) return;
    rg_agents *a = &run->a;
    const int month = blk->month, wait = (int)llround(12.0 * f->offence_free_years);
    const int automatic = f->mode == 1;
    const double h = 1.0 - pow(1.0 - f->petition_uptake_5y, 1.0 / 60.0);
    for (size_t i = blk->begin; i < blk->end; i++) {
        if (a->record_cleared[i] || a->status[i] != RG_FREE || a->months_free[i] < wait) continue;
        if (a->last_arrest[i] >= 0 && month - a->last_arrest[i] < wait) continue;
        if (f->exclude_violent && a->offense[i] == RG_VIOLENT) continue;
        if (rg_draw_u01(run->seed, RG_STREAM_FRESH_START, i, 0) >= f->share_fines_paid) continue;
        if (!automatic &&
            rg_draw_u01(run->seed, RG_STREAM_FRESH_START, i, (uint32_t)month + 1) >= h)
            continue;
        rg_justice_clear_record(run, blk, i, automatic);
    }
}

const rg_module rg_fresh_start_module = {
    .name = "fresh_start",
    .summary = "Fresh Start: record clearance by petition or automatically",
    .kind = RG_POLICY,
    .on = {[RG_PHASE_JUSTICE] = {.agents = fresh_start_agents,
                                 .after = "justice",
                                 .what = "eligible records are cleared"}},
};
