/*
 * Scenario contrasts: each metric's difference OTHER - BASE with a confidence
 * interval, paired by seed when the scenarios share their seeds (common random
 * numbers: the same people meet the same chances, so the difference measures the
 * policy, not the noise), else unpaired (Welch); cost per outcome; and the emulated
 * trial's true effect, which the simulation knows by pairing a trial run with a run
 * of the same seed without the programme.
 */
#ifndef REINTEGRA_COMPARE_H
#define REINTEGRA_COMPARE_H

#include "metrics.h"
#include "stats.h"

/* Do two scenarios share their replicate seeds (and population size and version
 * of the random streams), so that replicate i of one can be paired with
 * replicate i of the other? */
int rg_scenarios_paired(const rg_scenario *base, const rg_scenario *other);

/* OTHER - BASE for a metric and group. */
rg_estimate rg_contrast_metric(const rg_scenario *base, const rg_scenario *other, rg_metric m,
                               rg_group g);
/* OTHER - BASE of a monthly series value, and of survival S(t) in % at a month
 * (measure: 0 rearrest, 1 reconviction, 2 reincarceration). */
rg_estimate rg_contrast_series(const rg_scenario *base, const rg_scenario *other, rg_series s,
                               int month);
rg_estimate rg_contrast_survival(const rg_scenario *base, const rg_scenario *other, int measure,
                                 int month);

/* Cost per outcome: extra programme cost of OTHER over BASE per rearrest averted or
 * per extra person employed at the end, in OTHER's population. Unavailable when the
 * scenario costs nothing more, or the outcome does not improve. The interval needs
 * paired replicates (ratio estimator). */
typedef enum rg_cost_outcome {
    RG_COST_PER_REARREST_AVERTED,
    RG_COST_PER_EXTRA_EMPLOYED
} rg_cost_outcome;
enum { RG_COST_OUTCOMES = 2 };
const char *rg_cost_outcome_key(rg_cost_outcome c);
const char *rg_cost_outcome_label(rg_cost_outcome c);
rg_estimate rg_cost_per_outcome(const rg_scenario *base, const rg_scenario *other,
                                rg_cost_outcome c);

/* The fiscal effect of OTHER against BASE over the horizon, in dollars in OTHER's
 * population (each run scaled to it by its number of people): the extra programme
 * cost (programmes and campaigns, /summary/programme_cost), the prison and the
 * supervision savings (BASE minus OTHER of /summary/prison_cost and
 * supervision_cost: people in prison or on supervision each month times the
 * run's costs.prison_per_month and costs.supervision_per_month), and the net
 * fiscal cost: the extra programme cost minus both savings (negative: the
 * scenario saves public money). Discounted: each month's cost times the run's
 * /summary/discount_factor (costs.discount_rate); else plain sums. Intervals are
 * paired by seed where the scenarios share their seeds, else Welch; with one
 * replicate on a side, none. Unavailable (NaN) when the files lack the columns
 * (runs written before the costs module). X(ID, key, label). */
#define RG_FISCAL_PARTS(X)                                                                         \
    X(PROGRAMME_COST, "fiscal_programme_cost", "extra programme cost")                             \
    X(PRISON_SAVINGS, "fiscal_prison_savings", "prison savings")                                   \
    X(SUPERVISION_SAVINGS, "fiscal_supervision_savings", "supervision savings")                    \
    X(NET_COST, "fiscal_net_cost", "net fiscal cost")

#define RG_FISCAL_ENUM_(id, key, label) RG_FISCAL_##id,
typedef enum rg_fiscal_part { RG_FISCAL_PARTS(RG_FISCAL_ENUM_) RG_FISCAL_COUNT } rg_fiscal_part;
#undef RG_FISCAL_ENUM_

const char *rg_fiscal_key(rg_fiscal_part f);
const char *rg_fiscal_label(rg_fiscal_part f);

/* A run's public costs over the horizon, in dollars of its own population:
 * programmes, prison, supervision; discounted or not. 0, or -1 when the file
 * lacks the columns. */
typedef struct rg_fiscal_totals {
    double programme, prison, supervision;
} rg_fiscal_totals;
int rg_run_fiscal_totals(const rg_result *r, int discounted, rg_fiscal_totals *t);

rg_estimate rg_fiscal_effect(const rg_scenario *base, const rg_scenario *other, rg_fiscal_part part,
                             int discounted);

/* Does OTHER hold an emulated trial (agents/trial_arm with both arms)? */
int rg_scenario_has_trial(const rg_scenario *sc);

/* The true effect of the trial's offer among the people offered it in OTHER: their
 * outcome in OTHER minus their outcome in BASE (the same people, same seed, without
 * the programme). Needs paired scenarios; unavailable otherwise. */
rg_estimate rg_trial_true_effect(const rg_scenario *base, const rg_scenario *other,
                                 rg_trial_outcome t);

#endif
