/*
 * Ban the Box (policies.h). From the start month, covered employers (a keyed share
 * `coverage`) no longer ask about records on the application: the record check
 * moves after a conditional offer, where the offer may be withdrawn; and, unable to
 * see records, they discount black (and, half as much, Hispanic) applicants:
 * statistical discrimination (Agan & Starr 2018).
 */
#include "reintegra/employment.h"
#include "reintegra/module.h"
#include "reintegra/rng.h"

static int covered(const rg_run *run, int32_t e)
{
    return rg_draw_u01(run->seed, RG_STREAM_POLICY_INIT, (uint64_t)e, 1) <
           run->p.ban_the_box.coverage;
}

/* Market phase, before the labour market: this month's practice of each employer. */
static rg_status ban_the_box_market(rg_run *run, rg_instance *self, rg_error *err)
{
    (void)self;
    (void)err;
    const struct rg_params_ban_the_box *b = &run->p.ban_the_box;
    if (!b->enabled || run->month < b->start_month) return RG_OK;
    rg_employers *emp = rg_employment_employers_mut(run);
    for (int32_t e = 0; e < emp->count; e++) {
        if (!covered(run, e)) continue;
        emp->asks_now[e] = 0;
        emp->checks_now[e] = 1;
        emp->discrimination[e] = (float)b->statistical_discrimination;
    }
    return RG_OK;
}

const rg_module rg_ban_the_box_module = {
    .name = "ban_the_box",
    .global = {[RG_PHASE_MARKET] = ban_the_box_market},
};
