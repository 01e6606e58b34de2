/*
 * Education and training . Eligible: free people out of work. Need:
 * lack of skill. Each month of the programme adds skill_gain / duration to skill
 * (callbacks and wages rise with skill: employment.h).
 */
#include "reintegra/employment.h"
#include "reintegra/justice.h"
#include "reintegra/programme.h"

/* Education and training: skills rise over the programme (callbacks and wages). */
#define TRAINING_PARAMS(X, g)                                                                      \
    RG_PROGRAMME_COMMON_PARAMS(X, g, 100, 6, 0.04, 500, "assumed")                                 \
    X(g, REAL, skill_gain, 0.25, 0, 1, "index 0-1", "skill gained by completing the programme",    \
      "assumed")

RG_PARAM_STRUCT(rg_params_training, TRAINING_PARAMS);
RG_PARAM_SPECS(rg_params_training, TRAINING_PARAMS);

#define TRAINING_FIELDS(X, m) RG_PROGRAMME_FIELDS(X, m, training)

RG_COLUMN_STRUCT(rg_cols_training, TRAINING_FIELDS);
RG_FIELD_SPECS(rg_cols_training, TRAINING_FIELDS);
RG_PROGRAMME_DRAWS(draws, "training", 45);

static void training_need(const rg_run *run, const rg_instance *self, size_t begin, size_t end,
                          double *need)
{
    (void)self;
    const struct rg_cols_employment *employment = RG_COLS(run, employment);
    for (size_t i = begin; i < end; i++) need[i - begin] = 1.0 - employment->skill[i];
}

static void training_month(rg_run *run, rg_instance *self, rg_block *blk, size_t i)
{
    (void)blk;
    const struct rg_params_training *q = self->params;
    rg_employment_add_skill(run, i, (float)(q->skill_gain / q->duration_months));
}

const rg_module rg_training_module = {
    .name = "training",
    .mechanism =
        "Job training: people out of work, the least skilled first, gain work skills month "
        "by month; employers call back more skilled applicants, so they find work more "
        "easily, and the skills are kept. Work then lowers offending and helps keep "
        "housing.",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_training),
    RG_MODULE_FIELDS(rg_cols_training),
    .summary = "education and training. Eligible: free, out of work. Need: 1 - skill. "
               "Effect: skill + `skill_gain`/duration a month. Lasts: skill is kept "
               "(human capital; assumed)",
    .kind = RG_POLICY,
    .on =
        {
            [RG_PHASE_INIT] = {.global = rg_programme_init, .what = "the programme's settings"},
            [RG_PHASE_AGENT] = {.agents = rg_programme_agents,
                                .after = "employment",
                                .what = "participants' month (skill), dropout, completion; "
                                        "offers"},
            [RG_PHASE_MARKET] = {.global = rg_programme_admit,
                                 .after = "housing, employment",
                                 .what = "free places by the targeting rule"},
        },
    .free = rg_free_state,
    .programme = &(const rg_programme_spec){.eligible = rg_eligible_out_of_work,
                                            .need = training_need,
                                            .active = training_month},
};
