/*
 * Counselling / cognitive behavioural therapy. Eligible: free people in their
 * first `enrol_window_months` after release who have not taken part. Need: current
 * relative risk. Each month of the programme builds cognitive skills (1 on
 * completion); offending's hazard is multiplied by hazard_ratio ^ skills. After
 * the programme ends (completed or not) the skills fade with a half-life, so the
 * effect has a shelf life.
 */
#include <math.h>

#include "reintegra/justice.h"
#include "reintegra/offending.h"
#include "reintegra/programme.h"

/* Counselling / cognitive behavioural therapy: cognitive skills build up over the
 * programme and lower the offending hazard; they fade afterwards. The hazard ratio
 * is the meta-analysis's odds ratio turned into a hazard ratio (Landenberger &
 * Lipsey 2005: odds ratio of non-recidivism 1.53 at about 40% recidivism in the
 * control groups, so 30.4% vs 40% over the follow-up; constant hazards give
 * ln(1 - 0.304) / ln(1 - 0.40) = 0.71). */
#define CBT_PARAMS(X, g)                                                                           \
    RG_PROGRAMME_COMMON_PARAMS(X, g, 100, 4, 0.05, 300, "assumed (12-16 week programmes)")         \
    X(g, REAL, hazard_ratio, 0.71, 0.05, 1, "1",                                                   \
      "offending hazard ratio with full cognitive skills (on completing CBT)",                     \
      "measured: Landenberger & Lipsey 2005 (odds ratio 1.53 at 40% control recidivism, as a "     \
      "hazard ratio; data/targets/interventions.csv)")                                             \
    X(g, REAL, skills_half_life_months, 24, 1, 1200, "months",                                     \
      "half-life of cognitive skills after leaving the programme (persistence of the effect)",     \
      "assumed: the meta-analysis's studies mostly follow people for about a year, so "            \
      "persistence beyond it is not measured [12, 60]")

RG_PARAM_STRUCT(rg_params_cbt, CBT_PARAMS);
RG_PARAM_SPECS(rg_params_cbt, CBT_PARAMS);

#define CBT_FIELDS(X, m)                                                                           \
    RG_PROGRAMME_FIELDS(X, m, cbt)                                                                 \
    X(m, float, cognitive_skills, F32, RG_F_AGENTS, "index 0-1",                                   \
      "skills from counselling/CBT when leaving it (1: completed), before fading")                 \
    X(m, int16_t, cbt_left, I16, 0, "month", "model month the person left CBT, plus 1 (0: not)")

RG_COLUMN_STRUCT(rg_cols_cbt, CBT_FIELDS);
RG_FIELD_SPECS(rg_cols_cbt, CBT_FIELDS);
RG_PROGRAMME_DRAWS(draws, "cbt", 40);

static void cbt_month(rg_run *run, rg_instance *self, rg_block *blk, size_t i)
{
    (void)run;
    const struct rg_cols_cbt *cbt = self->cols;
    (void)blk;
    const struct rg_params_cbt *q = self->params;
    float s = cbt->cognitive_skills[i] + (float)(1.0 / q->duration_months);
    cbt->cognitive_skills[i] = s > 1.0f ? 1.0f : s;
}

/* Skills stop growing when the person leaves the programme and fade from then. */
static void cbt_ended(rg_run *run, rg_instance *self, rg_block *blk, size_t i, int completed)
{
    (void)run;
    (void)completed;
    const struct rg_cols_cbt *cbt = self->cols;
    cbt->cbt_left[i] = (int16_t)(blk->month + 1);
}

/* hazard x hazard_ratio ^ (c 2^(-months since leaving / half-life)). */
static double cbt_hazard(const rg_run *run, const rg_instance *self, size_t i)
{
    const struct rg_cols_cbt *cbt = self->cols;
    const struct rg_params_cbt *q = self->params;
    double c = cbt->cognitive_skills[i];
    if (c <= 0) return 1.0;
    if (cbt->cbt_left[i] > 0)
        c *= exp2(-(double)(run->month - (cbt->cbt_left[i] - 1)) / q->skills_half_life_months);
    return pow(q->hazard_ratio, c);
}

const rg_module rg_cbt_module = {
    .name = "cbt",
    .mechanism = "Counselling (CBT): people given a place, the highest current risk first, build "
                 "cognitive skills month by month, and their offending risk falls with those "
                 "skills; after they leave, the skills fade by half every few months, so the "
                 "effect is largest during and soon after the programme.",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_cbt),
    RG_MODULE_FIELDS(rg_cols_cbt),
    .summary = "counselling / cognitive behavioural therapy. Eligible: free. Need: "
               "current risk. Effect: cognitive skills c rise by 1/duration a month; "
               "hazard x `hazard_ratio`^c; after leaving, c halves every "
               "`skills_half_life_months`",
    .kind = RG_POLICY,
    .on =
        {
            [RG_PHASE_INIT] = {.global = rg_programme_init, .what = "the programme's settings"},
            [RG_PHASE_AGENT] = {.agents = rg_programme_agents,
                                .after = "offending",
                                .what = "participants' month (skills), dropout, completion; "
                                        "offers"},
            [RG_PHASE_MARKET] = {.global = rg_programme_admit,
                                 .after = "housing, employment",
                                 .what = "free places by the targeting rule"},
        },
    .free = rg_free_state,
    .effects = (const rg_effect[]){{&rg_offending_hazard, cbt_hazard}, {NULL, NULL}},
    .programme = &(const rg_programme_spec){.eligible = rg_eligible_free,
                                            .need = rg_need_risk,
                                            .active = cbt_month,
                                            .ended = cbt_ended},
};
