/*
 * Fresh Start / record clearance . From the start month, a free person
 * is eligible when their record is not violent (if excluded), their fines are paid,
 * and `offence_free_years` have passed since release and since the latest arrest.
 * Automatic (clean slate) clears every eligible record at once; by petition, the
 * monthly chance h gives `petition_uptake_5y` within five years:
 * 1 - (1 - h)^60 = uptake (Prescott & Starr 2020: 6.5%).
 */
#include <math.h>

#include "reintegra/justice.h"
#include "reintegra/module.h"
#include "reintegra/population.h"
#include "reintegra/rng.h"

#define MODES(C) C(MODE, PETITION, petition) C(MODE, AUTOMATIC, automatic)
RG_CHOICE_ENUM(fresh_start_mode, MODES);

/* Fresh Start / record clearance: after offence-free years, eligible records are
 * cleared by petition (low uptake) or automatically (clean slate); a cleared
 * record is invisible to employers and landlords. */
#define FRESH_START_PARAMS(X, g)                                                                   \
    X(g, BOOL, enabled, 0, 0, 0, "-", "apply record clearance", "setting")                         \
    X(g, INT, start_month, 0, 0, 1200, "month", "model month the policy starts", "setting")        \
    X(g, CHOICE, mode, "petition", MODES, 0, "-",                                                  \
      "petition: people must apply; automatic: clean slate", "setting")                            \
    X(g, REAL, offence_free_years, 3, 0, 50, "years",                                              \
      "years since release and since the latest arrest before a record can be cleared",            \
      "assumed (laws range from 3 to 10 years; data/targets/record_clearance.csv)")                \
    X(g, BOOL, exclude_violent, 1, 0, 0, "-", "violent records cannot be cleared", "setting")      \
    X(g, REAL, share_fines_paid, 0.8, 0, 1, "share", "share who have paid their fines", "assumed") \
    X(g, REAL, petition_uptake_5y, 0.065, 0, 1, "share",                                           \
      "share of eligible people who petition within five years",                                   \
      "measured: Prescott & Starr 2020 (6.5%)")

RG_PARAM_STRUCT(rg_params_fresh_start, FRESH_START_PARAMS);
RG_PARAM_SPECS(rg_params_fresh_start, FRESH_START_PARAMS);

/* Random purposes (rng.h). */
enum { DRAW_FINES, DRAW_PETITION };
static const rg_purpose draws[] = {
    [DRAW_FINES] = RG_DRAW("fresh_start.fines", 43, 0, ONCE, AGENT, 0, 2,
                           "whether a person has paid their fines"),
    [DRAW_PETITION] = RG_DRAW("fresh_start.petition", 43, 1, MONTHLY, AGENT, 0, 2,
                              "whether an eligible person petitions this month"),
};

static void fresh_start_agents(rg_run *run, rg_instance *self, rg_block *blk)
{
    const struct rg_cols_population *population = RG_COLS(run, population);
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_params_fresh_start *f = self->params;
    if (!f->enabled || blk->month < f->start_month) return;
    const int month = blk->month, wait = (int)llround(12.0 * f->offence_free_years);
    const int automatic = f->mode == MODE_AUTOMATIC;
    const double h = 1.0 - pow(1.0 - f->petition_uptake_5y, 1.0 / 60.0);
    for (size_t i = blk->begin; i < blk->end; i++) {
        if (justice->record_cleared[i] || justice->status[i] != RG_FREE ||
            justice->months_free[i] < wait)
            continue;
        if (justice->last_arrest[i] >= 0 && month - justice->last_arrest[i] < wait) continue;
        if (f->exclude_violent && population->offense[i] == RG_VIOLENT) continue;
        if (rg_draw(run->seed, &draws[DRAW_FINES], i, 0) >= f->share_fines_paid) continue;
        if (!automatic && rg_draw(run->seed, &draws[DRAW_PETITION], i, month) >= h) continue;
        rg_justice_clear_record(run, blk, i, automatic);
    }
}

const rg_module rg_fresh_start_module = {
    .name = "fresh_start",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_fresh_start),
    .summary = "Fresh Start: eligible records are cleared by petition or automatically",
    .kind = RG_POLICY,
    .on = {[RG_PHASE_JUSTICE] = {.agents = fresh_start_agents,
                                 .after = "justice",
                                 .what = "eligible records are cleared"}},
};
