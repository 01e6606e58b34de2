/*
 * Fresh Start / record clearance: the life of a record under a clearance law.
 *
 * Eligibility follows the law: a waiting period since the sentence was completed
 * (prison and supervision) and since the latest conviction, no case pending, at
 * most `max_convictions` convictions on record, an offence type that is not
 * excluded, fines paid. Automatic relief (clean slate) clears every eligible record
 * at once. By petition, only people who know they are eligible petition, and their
 * monthly chance depends on their circumstances: work and a stable address raise
 * it, fees deter people without earnings unless legal aid pays, so petitioners
 * are a selected group. A new conviction ends eligibility (the waiting period
 * starts again) and, where the law says so, reinstates a cleared record.
 *
 * Per person the module keeps the group of the record's life (never eligible,
 * eligible and never cleared, cleared) and outcomes counted from the month of
 * first eligibility, so recipients can be compared with eligible non-recipients.
 */
#include <math.h>

#include <gsl/gsl_randist.h>

#include "reintegra/employment.h"
#include "reintegra/housing.h"
#include "reintegra/justice.h"
#include "reintegra/module.h"
#include "reintegra/population.h"
#include "reintegra/rng.h"

#define MODES(C) C(MODE, PETITION, petition) C(MODE, AUTOMATIC, automatic)
RG_CHOICE_ENUM(fresh_start_mode, MODES);

/* Fresh Start / record clearance: eligibility by law; relief by petition (low,
 * selected uptake) or automatic (clean slate); a cleared record is invisible to
 * employers and landlords until a new conviction reinstates it. */
#define FRESH_START_PARAMS(X, g)                                                                   \
    X(g, BOOL, enabled, 0, 0, 0, "-", "apply record clearance", "setting")                         \
    X(g, INT, start_month, 0, 0, 1200, "month", "model month the policy starts", "setting")        \
    X(g, CHOICE, mode, "petition", MODES, 0, "-",                                                  \
      "petition: people must apply; automatic: clean slate", "setting")                            \
    X(g, REAL, offence_free_years, 5, 0, 50, "years",                                              \
      "waiting period: years since the sentence (prison and supervision) was completed and "       \
      "since the latest conviction",                                                               \
      "setting: law: Michigan set-aside 5 years (MCL 780.621; Prescott & Starr 2020); "            \
      "Pennsylvania "                                                                              \
      "Clean Slate 7-10 conviction-free years (data/targets/record_clearance.csv)")                \
    X(g, INT, max_convictions, 3, 1, 100, "convictions",                                           \
      "most convictions on record (the commitment offence, earlier ones, new ones) that can "      \
      "be cleared",                                                                                \
      "setting: law: Michigan 2021 up to 3 felonies; before 2021 one felony (and two "             \
      "misdemeanours)")                                                                            \
    X(g, BOOL, exclude_violent, 1, 0, 0, "-", "violent records cannot be cleared",                 \
      "setting: law: most statutes exclude violent and assaultive offences")                       \
    X(g, BOOL, exclude_drug, 0, 0, 0, "-", "drug records cannot be cleared", "setting")            \
    X(g, REAL, share_fines_paid, 0.8, 0, 1, "share", "share who have paid their fines", "assumed") \
    X(g, BOOL, reinstate_on_conviction, 1, 0, 0, "-",                                              \
      "a new conviction reinstates a cleared record",                                              \
      "setting (laws differ; sealed records stay available to courts and can be unsealed)")        \
    X(g, REAL, awareness, 0.4, 0, 1, "share",                                                      \
      "share of eligible people who know they can petition",                                       \
      "assumed: Prescott & Starr 2020 name lack of information first [0.2, 0.6]")                  \
    X(g, REAL, legal_aid_share, 0.1, 0, 1, "share",                                                \
      "share of people with free legal help: they know, and fees do not deter them",               \
      "assumed: Prescott & Starr 2020 name lack of counsel [0.05, 0.3]")                           \
    X(g, REAL, fee_barrier, 0.5, 0, 1, "share",                                                    \
      "share by which fees and costs lower the petition rate of people without earnings "          \
      "and without legal aid",                                                                     \
      "assumed: Prescott & Starr 2020 name fees and hassle [0.2, 0.8]")                            \
    X(g, REAL, rr_petition_employed, 2, 0, 20, "1",                                                \
      "petition rate ratio of people in work (a job to keep or improve)",                          \
      "assumed: recipients are selected on work, Prescott & Starr 2020 [1, 4]")                    \
    X(g, REAL, rr_petition_unstable, 0.5, 0, 20, "1",                                              \
      "petition rate ratio of people without stable housing (no fixed address for the court)",     \
      "assumed [0.25, 1]")                                                                         \
    X(g, REAL, petition_rate, 0.0024, 0, 1, "1/month",                                             \
      "monthly chance that an aware eligible person out of work, stably housed and without "       \
      "legal aid petitions (before the fee barrier)",                                              \
      "fitted: 6.5% of eligible people petition within 5 years (Prescott & Starr 2020; "           \
      "docs/validation.md)")

RG_PARAM_STRUCT(rg_params_fresh_start, FRESH_START_PARAMS);
RG_PARAM_SPECS(rg_params_fresh_start, FRESH_START_PARAMS);

#define FRESH_START_FIELDS(X, m)                                                                   \
    X(m, int8_t, record_relief, I8, RG_F_AGENTS, "code",                                           \
      "record relief: -1 not in force, 0 never eligible, 1 eligible never cleared, "               \
      "2 cleared (a recipient; reinstated or not)")                                                \
    X(m, uint8_t, prior_convictions, U8, RG_F_AGENTS, "convictions",                               \
      "convictions before the commitment offence (prior arrests that were convicted)")             \
    X(m, uint8_t, relief_aware, U8, RG_F_AGENTS, "flag",                                           \
      "1 if the person would know they can petition (legal aid included)")                         \
    X(m, uint8_t, legal_aid, U8, RG_F_AGENTS, "flag", "1 with free legal help to petition")        \
    X(m, int16_t, eligible_month, I16, RG_F_AGENTS, "month",                                       \
      "model month the record first became eligible for clearance (-1: never)")                    \
    X(m, int16_t, cleared_month, I16, RG_F_AGENTS, "month",                                        \
      "model month the record was first cleared (-1: never)")                                      \
    X(m, int16_t, reinstated_month, I16, RG_F_AGENTS, "month",                                     \
      "model month a new conviction last reinstated the cleared record (-1: never)")               \
    X(m, uint16_t, months_free_eligible, U16, RG_F_AGENTS, "months",                               \
      "months free from first eligibility on")                                                     \
    X(m, uint16_t, months_employed_eligible, U16, RG_F_AGENTS, "months",                           \
      "months employed from first eligibility on")                                                 \
    X(m, float, income_eligible, F32, RG_F_AGENTS, "dollars",                                      \
      "earnings from first eligibility on")                                                        \
    X(m, uint8_t, arrested_eligible, U8, RG_F_AGENTS, "flag",                                      \
      "1 if arrested after the month of first eligibility")                                        \
    X(m, int16_t, sentence_done, I16, 0, "month",                                                  \
      "latest month in prison or on supervision (-1: none since release)")                         \
    X(m, int16_t, last_conviction, I16, 0, "month", "month of the latest new conviction (-1)")     \
    X(m, uint16_t, convictions_seen, U16, 0, "convictions", "new convictions already counted")

RG_COLUMN_STRUCT(rg_cols_fresh_start, FRESH_START_FIELDS);
RG_FIELD_SPECS(rg_cols_fresh_start, FRESH_START_FIELDS);

/* Random purposes (rng.h). */
enum { DRAW_FINES, DRAW_PETITION, DRAW_AWARE, DRAW_AID, DRAW_PRIORS };
static const rg_purpose draws[] = {
    [DRAW_FINES] = RG_DRAW("fresh_start.fines", 43, 0, ONCE, AGENT, 0, 2,
                           "whether a person has paid their fines"),
    [DRAW_PETITION] = RG_DRAW("fresh_start.petition", 43, 1, MONTHLY, AGENT, 0, 2,
                              "whether an eligible person petitions this month"),
    [DRAW_AWARE] = RG_DRAW("fresh_start.aware", 43, 0, ONCE, AGENT, 2, 2,
                           "whether a person knows they can petition"),
    [DRAW_AID] = RG_DRAW("fresh_start.legal_aid", 43, 0, ONCE, AGENT, 4, 2,
                         "whether a person has legal aid"),
    [DRAW_PRIORS] = RG_DRAW("fresh_start.prior_convictions", 43, 0, ONCE, AGENT, 6, 0,
                            "how many prior arrests were convicted (binomial)"),
};

/* Prior convictions: each arrest before the commitment arrest was convicted with
 * justice's conviction probability (assumed: no conviction history is published
 * for the cohort beside its arrests). Drawn whether or not the policy is on, and
 * the record followed from the first month, so that a policy starting later knows
 * the record's past and scenarios share everything until it starts. */
static rg_status fresh_start_init(rg_run *run, rg_instance *self, rg_error *err)
{
    const struct rg_params_fresh_start *f = self->params;
    const struct rg_cols_fresh_start *c = self->cols;
    const struct rg_cols_population *population = RG_COLS(run, population);
    const double pc = RG_PARAMS(&run->p, justice)->conviction_probability;
    gsl_rng *g = rg_gsl_rng_alloc();
    if (!g) return rg_error_set(err, RG_EINTERNAL, "fresh_start: out of memory");
    for (size_t i = 0; i < run->a.n; i++) {
        c->record_relief[i] = RG_RELIEF_OFF;
        c->eligible_month[i] = c->cleared_month[i] = c->reinstated_month[i] = -1;
        c->sentence_done[i] = c->last_conviction[i] = -1;
        const int priors = population->prior_arrests[i] > 1 ? population->prior_arrests[i] - 1 : 0;
        rg_gsl_rng_at(g, run->seed, &draws[DRAW_PRIORS], i, 0);
        const unsigned k = priors ? gsl_ran_binomial(g, pc, (unsigned)priors) : 0;
        c->prior_convictions[i] = (uint8_t)(k > 255 ? 255 : k);
        c->legal_aid[i] = rg_draw(run->seed, &draws[DRAW_AID], i, 0) < f->legal_aid_share;
        c->relief_aware[i] =
            c->legal_aid[i] || rg_draw(run->seed, &draws[DRAW_AWARE], i, 0) < f->awareness;
    }
    gsl_rng_free(g);
    return RG_OK;
}

/* Is agent i's record eligible for clearance this month, by law? */
static int eligible(const rg_run *run, const rg_instance *self, size_t i, int month, int wait)
{
    const struct rg_params_fresh_start *f = self->params;
    const struct rg_cols_fresh_start *c = self->cols;
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_cols_population *population = RG_COLS(run, population);
    const int offense = population->offense[i];
    if (justice->status[i] != RG_FREE || justice->record_cleared[i] || justice->case_left[i] >= 0)
        return 0;
    if (c->sentence_done[i] >= 0 && month - c->sentence_done[i] < wait) return 0;
    if (justice->months_free[i] < wait) return 0;
    if (c->last_conviction[i] >= 0 && month - c->last_conviction[i] < wait) return 0;
    if (1 + c->prior_convictions[i] + justice->convictions[i] > f->max_convictions) return 0;
    if ((f->exclude_violent && offense == RG_VIOLENT) || (f->exclude_drug && offense == RG_DRUG))
        return 0;
    return rg_draw(run->seed, &draws[DRAW_FINES], i, 0) < f->share_fines_paid;
}

/* The monthly chance that an eligible person petitions (Prescott & Starr 2020: most
 * eligible people never apply, for lack of information, money and counsel). */
static double petition_chance(const rg_run *run, const rg_instance *self, size_t i)
{
    const struct rg_params_fresh_start *f = self->params;
    const struct rg_cols_fresh_start *c = self->cols;
    if (!c->relief_aware[i]) return 0.0;
    const int employed = RG_COLS(run, employment)->employed[i];
    double h = f->petition_rate * (employed ? f->rr_petition_employed : 1.0);
    if (RG_COLS(run, housing)->housing[i] != RG_HOUSING_STABLE) h *= f->rr_petition_unstable;
    if (!employed && !c->legal_aid[i]) h *= 1.0 - f->fee_barrier;
    return h < 1.0 ? h : 1.0;
}

/* The month of a person whose record has been eligible: outcomes counted from
 * first eligibility (an arrest in the month of eligibility is not after it). */
static void count_after_eligibility(const rg_run *run, const struct rg_cols_fresh_start *c,
                                    size_t i, int month)
{
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_cols_employment *employment = RG_COLS(run, employment);
    if (c->eligible_month[i] < 0) return;
    if (justice->last_arrest[i] == month && c->eligible_month[i] < month)
        c->arrested_eligible[i] = 1;
    if (justice->status[i] != RG_FREE) return;
    if (c->months_free_eligible[i] < UINT16_MAX) c->months_free_eligible[i]++;
    if (employment->employed[i]) {
        if (c->months_employed_eligible[i] < UINT16_MAX) c->months_employed_eligible[i]++;
        c->income_eligible[i] += employment->wage[i];
    }
}

/* A new conviction this month restarts the waiting period and may reinstate a
 * cleared record. */
static void new_conviction(rg_run *run, const rg_instance *self,
                           const struct rg_cols_justice *justice, rg_block *blk, size_t i)
{
    const struct rg_params_fresh_start *f = self->params;
    const struct rg_cols_fresh_start *c = self->cols;
    c->convictions_seen[i] = justice->convictions[i];
    c->last_conviction[i] = (int16_t)blk->month;
    if (justice->record_cleared[i] && f->reinstate_on_conviction) {
        rg_justice_reinstate_record(run, blk, i);
        c->reinstated_month[i] = (int16_t)blk->month;
    }
}

/* An eligible record this month: first eligibility noted, and the record cleared
 * automatically or if the person petitions. */
static void clear_if_relief(rg_run *run, rg_instance *self, rg_block *blk, size_t i, int automatic)
{
    const struct rg_cols_fresh_start *c = self->cols;
    const int month = blk->month;
    if (c->eligible_month[i] < 0) {
        c->eligible_month[i] = (int16_t)month;
        c->record_relief[i] = RG_RELIEF_ELIGIBLE;
    }
    if (!automatic &&
        rg_draw(run->seed, &draws[DRAW_PETITION], i, month) >= petition_chance(run, self, i))
        return;
    rg_justice_clear_record(run, blk, i, automatic);
    c->record_relief[i] = RG_RELIEF_CLEARED;
    if (c->cleared_month[i] < 0) c->cleared_month[i] = (int16_t)month;
}

static void fresh_start_agents(rg_run *run, rg_instance *self, rg_block *blk)
{
    const struct rg_params_fresh_start *f = self->params;
    const struct rg_cols_fresh_start *c = self->cols;
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const int month = blk->month, wait = (int)llround(12.0 * f->offence_free_years);
    const int automatic = f->mode == MODE_AUTOMATIC,
              in_force = f->enabled && month >= f->start_month;
    /* The record is followed every month, in force or not (time in prison or on
     * supervision delays completion of the sentence); columns in locals, which the
     * loop's stores cannot make stale. */
    const uint8_t *status = justice->status;
    const int16_t *supervision_left = justice->supervision_left;
    const uint16_t *convictions = justice->convictions;
    int8_t *relief = c->record_relief;
    int16_t *sentence_done = c->sentence_done;
    const uint16_t *seen = c->convictions_seen;
    /* Still serving (in prison, or released and supervised): without a branch, in
     * vector lanes (the loop below reads each person's own alone). */
    for (size_t i = blk->begin; i < blk->end; i++) {
        const int serving =
            (status[i] == RG_PRISON) | ((status[i] != RG_PENDING) & (supervision_left[i] > 0));
        sentence_done[i] = serving ? (int16_t)month : sentence_done[i];
    }
    for (size_t i = blk->begin; i < blk->end; i++) {
        if (in_force && relief[i] == RG_RELIEF_OFF) relief[i] = RG_RELIEF_INELIGIBLE;
        if (status[i] == RG_PENDING) continue;
        if (convictions[i] != seen[i]) new_conviction(run, self, justice, blk, i);
        if (!in_force) continue;
        count_after_eligibility(run, c, i, month);
        if (eligible(run, self, i, month, wait)) clear_if_relief(run, self, blk, i, automatic);
    }
}

const rg_module rg_fresh_start_module = {
    .name = "fresh_start",
    .mechanism =
        "Fresh Start record clearance: a record that meets the law's conditions (an "
        "offence-free waiting period, few convictions, the offence, fines paid) is sealed, "
        "automatically or by petition (more often for people who know about it, can pay "
        "the fees or have legal aid, and are in work and housed). Employers and landlords "
        "then no longer see it, so callbacks and housing come more easily, until a new "
        "conviction reinstates the record. Nothing happens before the waiting period has "
        "passed, so its effect comes late in a run.",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_fresh_start),
    RG_MODULE_FIELDS(rg_cols_fresh_start),
    .summary = "Fresh Start: records eligible by law (waiting period, convictions, offence, "
               "fines) are cleared by petition (uptake by awareness, fees, legal aid, work and "
               "housing) or automatically; a new conviction reinstates a cleared record",
    .kind = RG_POLICY,
    .on = {[RG_PHASE_INIT] = {.global = fresh_start_init,
                              .after = "population",
                              .what = "prior convictions, awareness and legal aid"},
           [RG_PHASE_JUSTICE] = {.agents = fresh_start_agents,
                                 .after = "justice",
                                 .what = "the record's month: convictions reinstate cleared "
                                         "records; eligible records are cleared"}},
};
