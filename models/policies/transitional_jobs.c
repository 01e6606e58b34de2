/*
 * Transitional jobs . Eligible: free people out of work, within
 * `enrol_window_months` of release (the CEO trial's effect was for those who
 * enrolled within three months: Redcross et al. 2012). A participant is paid
 * `wage` in a programme job at once; offending's hazard is multiplied by
 * hazard_ratio while in it; at the end the job stops and skill has grown.
 */
#include "reintegra/employment.h"
#include "reintegra/justice.h"
#include "reintegra/offending.h"
#include "reintegra/programme.h"

/* Transitional jobs: a paid job at once, for a few months, then job search with
 * more skill; effective when started within three months of release (CEO RCT,
 * Redcross et al. 2012). */
#define TRANSITIONAL_JOBS_PARAMS(X, g)                                                             \
    RG_PROGRAMME_COMMON_PARAMS(X, g, 50, 4, 0.05, 1200, "measured: Redcross et al. 2012 (CEO)")    \
    X(g, REAL, wage, 1200, 0, 100000, "dollars/month", "wage of the transitional job", "assumed")  \
    X(g, REAL, hazard_ratio, 1, 0.05, 1, "1",                                                      \
      "offending hazard ratio while in the transitional job beyond work's own effect "             \
      "(structure, supervision)",                                                                  \
      "assumed: none beyond work's (offending.rr_employed_*); job programmes alone do not "        \
      "reduce recidivism on average (Visher et al. 2005)")                                         \
    X(g, REAL, skill_gain, 0.1, 0, 1, "index 0-1", "skill gained by completing", "assumed")

RG_PARAM_STRUCT(rg_params_transitional_jobs, TRANSITIONAL_JOBS_PARAMS);
RG_PARAM_SPECS(rg_params_transitional_jobs, TRANSITIONAL_JOBS_PARAMS);

#define TRANSITIONAL_JOBS_FIELDS(X, m) RG_PROGRAMME_FIELDS(X, m, tj)

RG_COLUMN_STRUCT(rg_cols_transitional_jobs, TRANSITIONAL_JOBS_FIELDS);
RG_FIELD_SPECS(rg_cols_transitional_jobs, TRANSITIONAL_JOBS_FIELDS);
RG_PROGRAMME_DRAWS(draws, "transitional_jobs", 46);

static double tj_hazard(const rg_run *run, const rg_instance *self, size_t i)
{
    (void)run;
    const struct rg_cols_transitional_jobs *transitional_jobs = self->cols;
    const struct rg_params_transitional_jobs *q = self->params;
    return transitional_jobs->tj_state[i] == RG_PROG_ACTIVE ? q->hazard_ratio : 1.0;
}

static void tj_ended(rg_run *run, rg_instance *self, rg_block *blk, size_t i, int completed)
{
    const struct rg_params_transitional_jobs *q = self->params;
    rg_employment_end_programme_job(run, blk, i);
    if (completed) rg_employment_add_skill(run, i, (float)q->skill_gain);
}

/* Admission gives the programme job at once. */
static rg_status tj_market(rg_run *run, rg_instance *self, rg_error *err)
{
    const struct rg_cols_employment *employment = RG_COLS(run, employment);
    const struct rg_cols_transitional_jobs *transitional_jobs = self->cols;
    RG_TRY(rg_programme_admit(run, self, err));
    /* Nobody takes part before the programme starts (rg_programme_admit). */
    const rg_programme *prog = rg_programme_of(self);
    if (!prog->enabled || run->month < prog->start_month) return RG_OK;
    const struct rg_params_transitional_jobs *q = self->params;
    /* By blocks in parallel: a job start touches only its person and the events of
     * the person's block, appended in id order as one pass would. */
    const long long nb = (long long)run->n_blocks;
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run))
    for (long long b = 0; b < nb; b++)
        for (size_t i = run->blocks[b].begin; i < run->blocks[b].end; i++)
            if (transitional_jobs->tj_state[i] == RG_PROG_ACTIVE &&
                transitional_jobs->tj_months[i] == 0 && !employment->employed[i])
                rg_employment_start_programme_job(run, i, q->wage);
    return RG_OK;
}

const rg_module rg_transitional_jobs_module = {
    .name = "transitional_jobs",
    .mechanism = "Transitional jobs: people out of work, the highest current risk first, get a "
                 "paid job at once and offend less while in it; on completing it their work skills "
                 "rise. The job and its lower risk last only for the programme's months, as the "
                 "employment gains of the CEO trial faded after a year (Redcross et al. 2012).",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_transitional_jobs),
    RG_MODULE_FIELDS(rg_cols_transitional_jobs),
    .summary = "transitional jobs. Eligible: free, out of work. Need: current risk. "
               "Effect: a paid job (`wage`) at once; hazard x `hazard_ratio` while in "
               "it; skill + `skill_gain` on completion. Lasts: the job and its hazard "
               "ratio for `duration_months` (CEO: employment gains faded after year 1, "
               "Redcross et al. 2012); the skill is kept",
    .kind = RG_POLICY,
    .on =
        {
            [RG_PHASE_INIT] = {.global = rg_programme_init, .what = "the programme's settings"},
            [RG_PHASE_AGENT] = {.agents = rg_programme_agents,
                                .after = "employment, offending",
                                .what = "dropout, completion (the job ends, skill grows); offers"},
            [RG_PHASE_MARKET] = {.global = tj_market,
                                 .after = "housing, employment",
                                 .what = "free places by the targeting rule; new participants "
                                         "get the programme job"},
        },
    .free = rg_free_state,
    .effects = (const rg_effect[]){{&rg_offending_hazard, tj_hazard}, {NULL, NULL}},
    .programme = &(const rg_programme_spec){.eligible = rg_eligible_out_of_work,
                                            .need = rg_need_risk,
                                            .ended = tj_ended},
};
