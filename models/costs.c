/*
 * The public costs of the justice system that programmes may save: a month in
 * prison and a month on supervision, with the rate at which future costs are
 * discounted. The module records them month by month in /summary (the cost of
 * the people in prison and on supervision, and the month's discount factor), so
 * that the analysis can set a scenario's programme cost against what it saves
 * (`reintegra compare`, the report's fiscal section). It changes nothing in the
 * simulation.
 */
#include <math.h>

#include "reintegra/justice.h"
#include "reintegra/module.h"

/* Unit costs: full taxpayer costs per person-month, and the discount rate. */
#define COSTS_PARAMS(X, g)                                                                         \
    X(g, REAL, prison_per_month, 2597, 0, 1e6, "dollars",                                          \
      "taxpayer cost of one person-month in state prison",                                         \
      "measured: Vera Institute of Justice, The Price of Prisons (Henrichson & Delaney 2012): "    \
      "$31,166 per person-year in fiscal 2010, 40 states, with the costs outside corrections "     \
      "budgets (benefits, pensions, capital, health care); divided by 12")                         \
    X(g, REAL, supervision_per_month, 229, 0, 1e6, "dollars",                                      \
      "cost of one person-month of supervision (parole or probation) in the community",            \
      "measured: Pew Center on the States 2009, One in 31: The Long Reach of American "            \
      "Corrections: $2,750 per parolee-year on average (probation $1,250), fiscal 2008; "          \
      "divided by 12")                                                                             \
    X(g, REAL, discount_rate, 0.03, 0, 0.2, "1/year",                                              \
      "annual rate at which costs are discounted to the start of the run",                         \
      "setting: 3% a year, as the Second Panel on Cost-Effectiveness in Health and Medicine "      \
      "recommends (Sanders et al. 2016, JAMA 316:1093)")

RG_PARAM_STRUCT(rg_params_costs, COSTS_PARAMS);
RG_PARAM_SPECS(rg_params_costs, COSTS_PARAMS);

#define COSTS_SUMMARY(X, s)                                                                        \
    X(s, F64, prison_cost, "dollars",                                                              \
      "cost of the people in prison at the end of the month: prison x costs.prison_per_month "     \
      "(undiscounted)")                                                                            \
    X(s, F64, supervision_cost, "dollars",                                                         \
      "cost of the free people on supervision: supervised x costs.supervision_per_month "          \
      "(undiscounted)")                                                                            \
    X(s, F64, discount_factor, "1",                                                                \
      "present value of a dollar of this month at the start of the run: "                          \
      "(1 + costs.discount_rate)^(-month / 12)")

RG_SUMMARY_STRUCT(rg_summary_costs, COSTS_SUMMARY);
RG_SUMMARY_SPECS(rg_summary_costs, COSTS_SUMMARY);

extern const rg_module rg_costs_module;

static void costs_record(const rg_run *run, rg_instance *self, void *out)
{
    struct rg_summary_costs *row = out;
    const struct rg_params_costs *q = self->params;
    const struct rg_summary_justice *justice = RG_SUMMARY(run, justice, run->month);
    row->prison_cost = (double)justice->prison * q->prison_per_month;
    row->supervision_cost = (double)justice->supervised * q->supervision_per_month;
    row->discount_factor = pow(1.0 + q->discount_rate, -(double)run->month / 12.0);
}

const rg_module rg_costs_module = {
    .name = "costs",
    RG_MODULE_PARAMS(rg_params_costs),
    RG_MODULE_SUMMARY(rg_summary_costs),
    .summary = "unit costs of prison and supervision and the discount rate, recorded monthly "
               "for the fiscal effect of a scenario; changes nothing in the simulation",
    .on = {[RG_PHASE_RECORD] = {.record = costs_record, .after = "justice"}},
};
