/*
 * The programme table: which programmes exist, their settings and columns, and
 * their totals (written to /programmes: starts, completions, dropouts,
 * participant-months, cost per participant-month). Also fills the summary's
 * programme columns. Runs before the individual policy modules.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/mentors.h"
#include "reintegra/module.h"
#include "reintegra/policy_state.h"

#define PROGRAMME_CASE(ID, group, col, rules)                                                      \
    case ID:                                                                                       \
        RG_PROGRAMME_SETTINGS(out, run->p.group);                                                  \
        out->name = #group;                                                                        \
        out->state = a->col##_state;                                                               \
        out->months = a->col##_months;                                                             \
        out->since = a->col##_since;                                                               \
        out->eligible = rg_##rules##_eligible;                                                     \
        out->need = rg_##rules##_need;                                                             \
        break;

void rg_programme_of(const rg_run *run, int id, rg_programme *out)
{
    const rg_agents *a = &run->a;
    memset(out, 0, sizeof *out);
    out->id = id;
    switch (id) {
        PROGRAMME_CASE(RG_PROGRAMME_CBT, cbt, cbt, cbt)
        PROGRAMME_CASE(RG_PROGRAMME_TRAINING, training, training, training)
        PROGRAMME_CASE(RG_PROGRAMME_TRANSITIONAL_JOBS, transitional_jobs, tj, transitional_jobs)
        PROGRAMME_CASE(RG_PROGRAMME_SUPPORTED_HOUSING, supported_housing, housing_prog,
                       supported_housing)
        PROGRAMME_CASE(RG_PROGRAMME_HEALTH, health_programme, health_prog, health_programme)
        PROGRAMME_CASE(RG_PROGRAMME_FAMILY_SUPPORT, family_support, family_prog, family_support)
    default: break;
    }
}

static rg_status programmes_validate(const rg_params *p, rg_error *err)
{
    static const char *const names[] = {
        "cbt",           "training", "transitional_jobs", "supported_housing", "health_programme",
        "family_support"};
    const int trial = p->trial.programme;
    if (trial > 0) {
        const int enabled[] = {p->cbt.enabled,
                               p->training.enabled,
                               p->transitional_jobs.enabled,
                               p->supported_housing.enabled,
                               p->health_programme.enabled,
                               p->family_support.enabled};
        if (!enabled[trial - 1])
            return rg_error_set(err, RG_EINPUT,
                                "trial.programme is \"%s\" but %s.enabled is false; enable the "
                                "programme whose offer the trial randomises",
                                names[trial - 1], names[trial - 1]);
    }
    return RG_OK;
}

static rg_status programmes_init(rg_run *run, rg_instance *self, rg_error *err)
{
    rg_policy_state *s = calloc(1, sizeof *s);
    self->state = s;
    if (!s) return rg_error_set(err, RG_EINTERNAL, "programmes: out of memory");
    rg_agents *a = &run->a;
    memset(a->cognitive_skills, 0, sizeof(float) * a->n);
    for (size_t i = 0; i < a->n; i++) {
        a->trial_arm[i] = -1;
        a->predicted_risk[i] = -1.0f;
    }
    for (int id = 0; id < RG_PROGRAMME_FAMILY_SUPPORT + 1; id++) {
        rg_programme prog;
        rg_programme_of(run, id, &prog);
        memset(prog.state, 0, a->n);
        memset(prog.months, 0, a->n);
        memset(prog.since, 0, sizeof(int16_t) * a->n);
        s->names[id] = prog.name;
        s->cost_per_month[id] = prog.cost;
    }
    s->names[RG_PROGRAMME_MENTORING] = "mentoring";
    s->cost_per_month[RG_PROGRAMME_MENTORING] = run->p.mentoring.cost_per_month;
    s->names[RG_PROGRAMME_STIGMA_CAMPAIGN] = "stigma_campaign";
    s->cost_per_month[RG_PROGRAMME_STIGMA_CAMPAIGN] = run->p.stigma_campaign.cost_per_month;
    const size_t P = RG_PROGRAMME_COUNT;
    const rg_world_column cols[] = {
        {"programmes", "name", "-", "programme names (rows of every dataset here)", RG_H5_STR, P,
         s->names},
        {"programmes", "enrolled", "people", "programme starts over the run", RG_H5_I64, P,
         s->enrolled},
        {"programmes", "completed", "people", "completions over the run", RG_H5_I64, P,
         s->completed},
        {"programmes", "dropped", "people", "dropouts (including imprisonment) over the run",
         RG_H5_I64, P, s->dropped},
        {"programmes", "participant_months", "months",
         "participant-months over the run (neighbourhood-months for the stigma campaign)",
         RG_H5_I64, P, s->participant_months},
        {"programmes", "cost_per_month", "dollars", "cost per participant-month", RG_H5_F64, P,
         s->cost_per_month},
    };
    for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
        RG_TRY(rg_run_add_table_column(run, cols[k], err));
    return RG_OK;
}

static void programmes_record(const rg_run *run, rg_instance *self, rg_summary *row)
{
    rg_policy_state *s = self->state;
    const rg_agents *a = &run->a;
    for (size_t k = 0; k < run->events.len; k++) {
        const rg_event *e = &run->events.ev[k];
        if (e->type == RG_EV_PROGRAMME_START) s->enrolled[e->detail]++;
        if (e->type == RG_EV_PROGRAMME_END) {
            if (e->detail / 16 == 0)
                s->completed[e->detail % 16]++;
            else
                s->dropped[e->detail % 16]++;
        }
    }
    int64_t month_pm[RG_PROGRAMME_COUNT] = {0}, anyone = 0;
    rg_programme progs[RG_PROGRAMME_FAMILY_SUPPORT + 1];
    int any_enabled = run->p.mentoring.enabled;
    for (int id = 0; id <= RG_PROGRAMME_FAMILY_SUPPORT; id++) {
        rg_programme_of(run, id, &progs[id]);
        any_enabled |= progs[id].enabled;
    }
    const long long n = (long long)a->n;
    const int32_t base_mentors = rg_mentors_base(run);
    if (any_enabled) {
        /* Integer counts: exact, whatever order the threads add them in. */
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run)) \
    reduction(+ : month_pm[:RG_PROGRAMME_COUNT], anyone)
        for (long long i = 0; i < n; i++) {
            int in = 0;
            for (int id = 0; id <= RG_PROGRAMME_FAMILY_SUPPORT; id++)
                if (progs[id].enabled && progs[id].state[i] == RG_PROG_ACTIVE) {
                    month_pm[id]++;
                    in = 1;
                }
            /* Mentees of the mentors the expansion added. */
            if (a->mentor[i] >= base_mentors && a->status[i] == RG_FREE) {
                month_pm[RG_PROGRAMME_MENTORING]++;
                in = 1;
            }
            anyone += in;
        }
    }
    const uint8_t *covered = rg_run_state(run, &rg_stigma_campaign_module);
    if (run->p.stigma_campaign.enabled && run->month >= run->p.stigma_campaign.start_month &&
        covered)
        for (int k = 0; k < run->world.neighbourhoods; k++)
            month_pm[RG_PROGRAMME_STIGMA_CAMPAIGN] += covered[k];
    double cost = 0;
    for (int id = 0; id < RG_PROGRAMME_COUNT; id++) {
        s->participant_months[id] += month_pm[id];
        cost += (double)month_pm[id] * s->cost_per_month[id];
    }
    row->in_programme = anyone;
    row->programme_cost = cost;
    int64_t cleared = 0;
    if (run->p.fresh_start.enabled) {
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run)) reduction(+ : cleared)
        for (long long i = 0; i < n; i++) cleared += a->record_cleared[i];
    }
    row->records_cleared = cleared;
}

static void programmes_free(rg_run *run, rg_instance *self)
{
    (void)run;
    rg_policy_state *s = self->state;
    if (!s) return;
    free(s);
    self->state = NULL;
}

const rg_module rg_programmes_module = {
    .name = "programmes",
    .summary = "the programme table: starts, completions, participant-months and costs",
    .validate = programmes_validate,
    .on =
        {
            [RG_PHASE_INIT] = {.global = programmes_init, .what = "programme columns; the table"},
            [RG_PHASE_RECORD] = {.record = programmes_record},
        },
    .free = programmes_free,
};
