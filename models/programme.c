/*
 * The machinery every programme shares (include/reintegra/programme.h): offers,
 * uptake and the waiting list in the agent phase; admission by the targeting rule
 * in the market phase; dropout and completion. The emulated trial randomises the
 * offer of one programme. The `programmes` module keeps the programme table: one
 * row per module with a programme spec, in module-list order.
 */
#include "reintegra/programme.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/allocate.h"
#include "reintegra/employment.h"
#include "reintegra/justice.h"
#include "reintegra/offending.h"
#include "reintegra/rng.h"

/* A setting of a module's parameter group in p. */
static double setting(const rg_params *p, const rg_module *m, const char *key)
{
    return rg_module_param(m, rg_params_of(p, m), key);
}

/* --- the emulated trial ------------------------------------------------------ */

static int enrols(const rg_module *m)
{
    return m->programme && m->programme->eligible;
}

/* The choices of trial.programme: none, then every enrolment programme. */
static void trial_choices(char *buf, size_t size)
{
    size_t n, used = (size_t)snprintf(buf, size, "none");
    const rg_module *const *mods = rg_modules(&n);
    for (size_t k = 0; k < n && used < size; k++)
        if (enrols(mods[k]))
            used += (size_t)snprintf(buf + used, size - used, "|%s", mods[k]->name);
}

/* Emulated randomised trial: eligible people are randomised to be offered the
 * programme or not (control). */
#define TRIAL_PARAMS(X, g)                                                                         \
    X(g, CHOICE_FN, programme, "none", trial_choices, 0, "-",                                      \
      "programme whose offer is randomised", "setting")                                            \
    X(g, REAL, share_offered, 0.5, 0, 1, "share",                                                  \
      "share of eligible people randomised to the offer", "setting")

RG_PARAM_STRUCT(rg_params_trial, TRIAL_PARAMS);
RG_PARAM_SPECS(rg_params_trial, TRIAL_PARAMS);

#define TRIAL_FIELDS(X, m)                                                                         \
    X(m, int8_t, trial_arm, I8, RG_F_AGENTS, "code",                                               \
      "emulated trial: -1 not in the trial, 0 control, 1 offered")

RG_COLUMN_STRUCT(rg_cols_trial, TRIAL_FIELDS);
RG_FIELD_SPECS(rg_cols_trial, TRIAL_FIELDS);

extern const rg_module rg_trial_module;

/* Random purposes of the trial (rng.h). */
static const rg_purpose trial_draws[] = {
    RG_DRAW("trial.arm", 41, 0, ONCE, AGENT, 0, 2, "offered or control"),
};

/* The module whose offer the trial randomises (NULL: no trial). */
static const rg_module *trial_programme(const rg_params *p)
{
    const struct rg_params_trial *t = RG_PARAMS(p, trial);
    size_t n;
    const rg_module *const *mods = rg_modules(&n);
    int choice = 0;
    for (size_t k = 0; t && k < n; k++)
        if (enrols(mods[k]) && ++choice == t->programme) return mods[k];
    return NULL;
}

static rg_status trial_validate(const rg_params *p, const void *params, rg_error *err)
{
    (void)params;
    const rg_module *m = trial_programme(p);
    if (m && !rg_module_on(m, rg_params_of(p, m)))
        return rg_error_set(err, RG_EINPUT,
                            "trial.programme is \"%s\" but %s.enabled is false; enable the "
                            "programme whose offer the trial randomises",
                            m->name, m->name);
    return RG_OK;
}

static rg_status trial_init(rg_run *run, rg_instance *self, rg_error *err)
{
    (void)err;
    const struct rg_cols_trial *trial = self->cols;
    for (size_t i = 0; i < run->a.n; i++) trial->trial_arm[i] = -1;
    return RG_OK;
}

const rg_module rg_trial_module = {
    .name = "trial",
    .mechanism = "Emulated trial: people eligible for one programme are randomly offered it "
                 "or kept as controls; the programme works as it always does, and comparing "
                 "the two arms estimates its effect as a randomised trial would (intention to "
                 "treat), beside the true effect known from the same people without it.",
    RG_MODULE_PURPOSES(trial_draws),
    .summary = "emulated randomised trial of one programme's offer",
    .kind = RG_POLICY,
    RG_MODULE_PARAMS(rg_params_trial),
    RG_MODULE_FIELDS(rg_cols_trial),
    .validate = trial_validate,
    .on = {[RG_PHASE_INIT] = {.global = trial_init, .what = "nobody is in the trial yet"}},
};

int rg_programme_row(const rg_module *module)
{
    size_t n;
    const rg_module *const *mods = rg_modules(&n);
    int row = 0;
    for (size_t k = 0; k < n; k++) {
        if (mods[k] == module) return module->programme ? row : -1;
        row += mods[k]->programme != NULL;
    }
    return -1;
}

int rg_programmes_target_risk(const rg_params *p)
{
    size_t n;
    const rg_module *const *mods = rg_modules(&n);
    for (size_t k = 0; k < n; k++)
        if (enrols(mods[k]) && rg_module_on(mods[k], rg_params_of(p, mods[k])) &&
            setting(p, mods[k], "targeting") == RG_TARGETING_RISK)
            return 1;
    return 0;
}

/* --- an enrolment programme --------------------------------------------- */

rg_status rg_programme_init(rg_run *run, rg_instance *self, rg_error *err)
{
    const rg_module *m = self->module;
    rg_programme *prog = calloc(1, sizeof *prog);
    self->state = prog;
    if (!prog) return rg_error_set(err, RG_EINTERNAL, "%s: out of memory", m->name);
    const void *q = self->params;
    prog->spec = m->programme;
    prog->name = m->name;
    prog->row = rg_programme_row(m);
    prog->enabled = rg_module_param(m, q, "enabled") != 0;
    prog->targeting = (int)rg_module_param(m, q, "targeting");
    prog->start_month = (long long)rg_module_param(m, q, "start_month");
    prog->enrol_window = (long long)rg_module_param(m, q, "enrol_window_months");
    prog->places_per_1000 = rg_module_param(m, q, "places_per_1000");
    prog->uptake = rg_module_param(m, q, "uptake");
    prog->duration = rg_module_param(m, q, "duration_months");
    prog->dropout = rg_module_param(m, q, "dropout_rate");
    prog->cost = rg_module_param(m, q, "cost_per_month");
    /* Its first three fields (RG_PROGRAMME_FIELDS). */
    size_t count;
    rg_field_first(self->index, &count);
    if (count < 3 || m->fields[0].type != RG_H5_U8 || m->fields[1].type != RG_H5_U8 ||
        m->fields[2].type != RG_H5_I16)
        return rg_error_set(err, RG_EINTERNAL,
                            "%s: a programme's fields start with RG_PROGRAMME_FIELDS", m->name);
    prog->state = rg_instance_column(run, self, 0);
    prog->months = rg_instance_column(run, self, 1);
    prog->since = rg_instance_column(run, self, 2);
    /* Its random purposes (RG_PROGRAMME_DRAWS). */
    if (m->n_purposes < 2 || !strstr(m->purposes[0].name, ".dropout") ||
        !strstr(m->purposes[1].name, ".uptake"))
        return rg_error_set(err, RG_EINTERNAL,
                            "%s: a programme's purposes start with RG_PROGRAMME_DRAWS", m->name);
    prog->dropout_draw = &m->purposes[0];
    prog->uptake_draw = &m->purposes[1];
    prog->justice = RG_COLS(run, justice);
    prog->trial = trial_programme(&run->p) == m;
    prog->share_offered = RG_PARAMS(&run->p, trial)->share_offered;
    prog->trial_arm = RG_COLS(run, trial)->trial_arm;
    prog->predicted_risk = rg_run_field(run, "predicted_risk");
    if (prog->targeting == RG_TARGETING_RISK && !prog->predicted_risk)
        return rg_error_set(err, RG_EINPUT,
                            "%s.targeting is \"risk\" but the model has no risk tool", m->name);
    return RG_OK;
}

/* Common rules: free people; free people out of work; need as current risk. */
void rg_eligible_free(const rg_run *run, const rg_instance *self, size_t begin, size_t end,
                      uint8_t *ok)
{
    (void)self;
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    for (size_t i = begin; i < end; i++) ok[i - begin] = justice->status[i] == RG_FREE;
}

void rg_eligible_out_of_work(const rg_run *run, const rg_instance *self, size_t begin, size_t end,
                             uint8_t *ok)
{
    (void)self;
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_cols_employment *employment = RG_COLS(run, employment);
    for (size_t i = begin; i < end; i++)
        ok[i - begin] = justice->status[i] == RG_FREE && !employment->employed[i];
}

void rg_need_risk(const rg_run *run, const rg_instance *self, size_t begin, size_t end,
                  double *need)
{
    (void)self;
    const struct rg_cols_offending *offending = RG_COLS(run, offending);
    for (size_t i = begin; i < end; i++) need[i - begin] = offending->risk[i];
}

static long long places(const rg_run *run, const rg_programme *prog)
{
    return llround(prog->places_per_1000 * (double)run->a.n / 1000.0);
}

static void leave(rg_run *run, rg_instance *self, rg_block *blk, size_t i, int state, int reason)
{
    const rg_programme *prog = self->state;
    prog->state[i] = (uint8_t)state;
    rg_block_event(blk, i, RG_EV_PROGRAMME_END, prog->row + 16 * reason);
    if (prog->spec->ended) prog->spec->ended(run, self, blk, i, state == RG_PROG_COMPLETED);
}

/* A participant's month: prison or dropout end it, else it counts, and the last
 * month completes the programme. */
static void participate(rg_run *run, rg_instance *self, rg_block *blk, size_t i)
{
    const rg_programme *prog = self->state;
    if (prog->justice->status[i] != RG_FREE) {
        leave(run, self, blk, i, RG_PROG_DROPPED, 2);
        return;
    }
    if (rg_draw(run->seed, prog->dropout_draw, i, blk->month) < prog->dropout) {
        leave(run, self, blk, i, RG_PROG_DROPPED, 1);
        return;
    }
    prog->months[i]++;
    if (prog->spec->active) prog->spec->active(run, self, blk, i);
    if (prog->months[i] >= prog->duration) leave(run, self, blk, i, RG_PROG_COMPLETED, 0);
}

/* An eligible person is offered a place: first the trial's randomisation, then
 * the person's choice. */
static void offer(const rg_run *run, const rg_programme *prog, int month, size_t i)
{
    if (prog->trial) {
        int offered = rg_draw(run->seed, &trial_draws[0], i, 0) < prog->share_offered;
        prog->trial_arm[i] = (int8_t)offered;
        if (!offered) {
            prog->state[i] = RG_PROG_DECLINED;
            return;
        }
    }
    if (rg_draw(run->seed, prog->uptake_draw, i, month) < prog->uptake) {
        prog->state[i] = RG_PROG_WAITING;
        prog->since[i] = (int16_t)month;
    } else {
        prog->state[i] = RG_PROG_DECLINED;
    }
}

void rg_programme_agents(rg_run *run, rg_instance *self, rg_block *blk)
{
    const rg_programme *prog = self->state;
    if (!prog->enabled || blk->month < prog->start_month) return;
    const struct rg_cols_justice *justice = prog->justice;
    /* Eligibility of the block's people as they enter this hook. */
    uint8_t ok[RG_BLOCK_SIZE];
    prog->spec->eligible(run, self, blk->begin, blk->end, ok);
    for (size_t i = blk->begin; i < blk->end; i++) {
        uint8_t st = prog->state[i];
        if (st == RG_PROG_ACTIVE) {
            participate(run, self, blk, i);
            continue;
        }
        const int eligible = ok[i - blk->begin];
        if (st == RG_PROG_WAITING && !eligible) {
            prog->state[i] = RG_PROG_NONE; /* no longer eligible: off the list */
            continue;
        }
        if (st != RG_PROG_NONE || justice->status[i] != RG_FREE ||
            justice->months_free[i] > prog->enrol_window || !eligible)
            continue;
        offer(run, prog, blk->month, i);
    }
}

/* Eligible people of the waiting list, scored by the targeting rule: higher
 * first (longest waiting, greatest need, or highest risk). */
static void waiting_list(const rg_run *run, const rg_instance *self, rg_candidate_buf *list)
{
    const rg_programme *prog = self->state;
    uint8_t ok[RG_BLOCK_SIZE];
    double need[RG_BLOCK_SIZE];
    for (size_t b = 0; b < run->n_blocks; b++) {
        const size_t begin = run->blocks[b].begin, end = run->blocks[b].end;
        prog->spec->eligible(run, self, begin, end, ok);
        if (prog->targeting == RG_TARGETING_NEED) prog->spec->need(run, self, begin, end, need);
        for (size_t i = begin; i < end; i++) {
            if (prog->state[i] != RG_PROG_WAITING || !ok[i - begin]) continue;
            double score = prog->targeting == RG_TARGETING_NEED   ? need[i - begin]
                           : prog->targeting == RG_TARGETING_RISK ? prog->predicted_risk[i]
                                                                  : -(double)prog->since[i];
            rg_candidate_push(list, 0, (uint32_t)i, (float)score);
        }
    }
}

rg_status rg_programme_admit(rg_run *run, rg_instance *self, rg_error *err)
{
    const rg_programme *prog = self->state;
    if (!prog->enabled || run->month < prog->start_month) return RG_OK;
    long long active = 0;
    for (size_t i = 0; i < run->a.n; i++) active += prog->state[i] == RG_PROG_ACTIVE;
    long long free_places = places(run, prog) - active;
    if (free_places <= 0) return RG_OK;
    rg_candidate_buf list = {0};
    waiting_list(run, self, &list);
    if (list.failed) {
        rg_candidate_buf_free(&list);
        return rg_error_set(err, RG_EINTERNAL, "out of memory (programme %s)", prog->name);
    }
    int32_t cap = free_places > INT32_MAX ? INT32_MAX : (int32_t)free_places;
    rg_status st = rg_allocate(list.c, list.len, &cap, 1, run->threads, err);
    for (size_t k = 0; st == RG_OK && k < list.len; k++) {
        if (!list.c[k].won) continue;
        uint32_t i = list.c[k].agent;
        prog->state[i] = RG_PROG_ACTIVE;
        prog->months[i] = 0;
        rg_block_event(&run->blocks[i / RG_BLOCK_SIZE], i, RG_EV_PROGRAMME_START, prog->row);
    }
    rg_candidate_buf_free(&list);
    return st;
}

/* --- the programme table ---------------------------------------------------- */

#define PROGRAMMES_SUMMARY(X, s)                                                                   \
    X(s, I64, in_programme, "people", "people taking part in a programme (any)")                   \
    X(s, F64, programme_cost, "dollars", "cost of all programmes and campaigns this month")

RG_SUMMARY_STRUCT(rg_summary_programmes, PROGRAMMES_SUMMARY);
RG_SUMMARY_SPECS(rg_summary_programmes, PROGRAMMES_SUMMARY);
RG_EVENT_SPECS(programmes, RG_PROGRAMME_EVENTS);

typedef struct table_state {
    size_t rows;
    const rg_instance **inst; /* [row] the module of each row */
    const char **names;
    int64_t *enrolled, *completed, *dropped; /* dropped: dropped out or imprisoned */
    int64_t *participant_months;             /* neighbourhood-months for the campaign */
    double *cost_per_month;                  /* dollars per participant-month */
    int64_t *month_pm;                       /* this month's participant-months */
    uint8_t *on;                             /* [row] counted this month */
} table_state;

static void table_free(rg_run *run, rg_instance *self)
{
    (void)run;
    table_state *s = self->state;
    if (!s) return;
    free(s->inst);
    free(s->names);
    free(s->enrolled);
    free(s->completed);
    free(s->dropped);
    free(s->participant_months);
    free(s->cost_per_month);
    free(s->month_pm);
    free(s->on);
    free(s);
    self->state = NULL;
}

static const rg_output_spec table_outputs[] = {
    {"programmes", "name", RG_OUTPUT_TABLE, RG_H5_STR, "P", "-",
     "programme names (rows of every dataset here)"},
    {"programmes", "enrolled", RG_OUTPUT_TABLE, RG_H5_I64, "P", "people",
     "programme starts over the run"},
    {"programmes", "completed", RG_OUTPUT_TABLE, RG_H5_I64, "P", "people",
     "completions over the run"},
    {"programmes", "dropped", RG_OUTPUT_TABLE, RG_H5_I64, "P", "people",
     "dropouts (including imprisonment) over the run"},
    {"programmes", "participant_months", RG_OUTPUT_TABLE, RG_H5_I64, "P", "months",
     "participant-months over the run (neighbourhood-months for the stigma campaign)"},
    {"programmes", "cost_per_month", RG_OUTPUT_TABLE, RG_H5_F64, "P", "dollars",
     "cost per participant-month"},
};

static rg_status register_table(rg_run *run, const rg_instance *self, const table_state *s,
                                rg_error *err)
{
    const size_t P = s->rows;
    RG_TRY(rg_run_output(run, self, "name", s->names, P, err));
    RG_TRY(rg_run_output(run, self, "enrolled", s->enrolled, P, err));
    RG_TRY(rg_run_output(run, self, "completed", s->completed, P, err));
    RG_TRY(rg_run_output(run, self, "dropped", s->dropped, P, err));
    RG_TRY(rg_run_output(run, self, "participant_months", s->participant_months, P, err));
    return rg_run_output(run, self, "cost_per_month", s->cost_per_month, P, err);
}

static rg_status table_init(rg_run *run, rg_instance *self, rg_error *err)
{
    table_state *s = calloc(1, sizeof *s);
    self->state = s;
    if (!s) return rg_error_set(err, RG_EINTERNAL, "programmes: out of memory");
    for (size_t m = 0; m < run->n_mods; m++) s->rows += run->mods[m].module->programme != NULL;
    const size_t P = s->rows ? s->rows : 1;
    s->inst = calloc(P, sizeof *s->inst);
    s->names = calloc(P, sizeof *s->names);
    s->enrolled = calloc(P, sizeof(int64_t));
    s->completed = calloc(P, sizeof(int64_t));
    s->dropped = calloc(P, sizeof(int64_t));
    s->participant_months = calloc(P, sizeof(int64_t));
    s->cost_per_month = calloc(P, sizeof(double));
    s->month_pm = calloc(P, sizeof(int64_t));
    s->on = calloc(P, 1);
    if (!s->inst || !s->names || !s->enrolled || !s->completed || !s->dropped ||
        !s->participant_months || !s->cost_per_month || !s->month_pm || !s->on)
        return rg_error_set(err, RG_EINTERNAL, "programmes: out of memory");
    size_t row = 0;
    for (size_t m = 0; m < run->n_mods; m++) {
        const rg_module *mod = run->mods[m].module;
        if (!mod->programme) continue;
        s->inst[row] = &run->mods[m];
        s->names[row] = mod->name;
        s->cost_per_month[row] = rg_module_param(mod, run->mods[m].params, "cost_per_month");
        s->on[row] = rg_module_on(mod, run->mods[m].params);
        row++;
    }
    return register_table(run, self, s, err);
}

/* Participants among agents [begin, end) of row k this month. */
static int64_t participants(const rg_run *run, const rg_instance *inst, size_t begin, size_t end,
                            uint8_t *in)
{
    const rg_programme_spec *spec = inst->module->programme;
    if (spec->participants) return spec->participants(run, inst, begin, end, in);
    if (!spec->eligible) return 0;
    const rg_programme *prog = inst->state;
    int64_t count = 0;
    for (size_t i = begin; i < end; i++)
        if (prog->state[i] == RG_PROG_ACTIVE) {
            in[i - begin] = 1;
            count++;
        }
    return count;
}

/* Participant-months of every row this month, and the people in any. */
static int64_t count_participants(const rg_run *run, const table_state *s, int64_t *pm)
{
    const size_t P = s->rows;
    int any = 0;
    for (size_t k = 0; k < P; k++) any |= s->on[k];
    if (!any) return 0;
    const long long nb = (long long)run->n_blocks;
    int64_t anyone = 0;
    /* Integer counts: exact, whatever order the threads add them in. */
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run)) \
    reduction(+ : pm[:P], anyone)
    for (long long b = 0; b < nb; b++) {
        const size_t begin = run->blocks[b].begin, end = run->blocks[b].end;
        uint8_t in[RG_BLOCK_SIZE];
        memset(in, 0, end - begin);
        for (size_t k = 0; k < P; k++)
            if (s->on[k]) pm[k] += participants(run, s->inst[k], begin, end, in);
        for (size_t i = 0; i < end - begin; i++) anyone += in[i];
    }
    return anyone;
}

static void table_record(const rg_run *run, rg_instance *self, void *out)
{
    struct rg_summary_programmes *row = out;
    table_state *s = self->state;
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
    int64_t *pm = s->month_pm;
    memset(pm, 0, sizeof *pm * s->rows);
    row->in_programme = count_participants(run, s, pm);
    for (size_t k = 0; k < s->rows; k++) {
        const rg_programme_spec *spec = s->inst[k]->module->programme;
        if (spec->units) pm[k] += spec->units(run, s->inst[k]);
    }
    double cost = 0;
    for (size_t k = 0; k < s->rows; k++) {
        s->participant_months[k] += pm[k];
        cost += (double)pm[k] * s->cost_per_month[k];
    }
    row->programme_cost = cost;
}

const rg_module rg_programmes_module = {
    .name = "programmes",
    RG_MODULE_SUMMARY(rg_summary_programmes),
    RG_MODULE_EVENTS(programmes),
    RG_MODULE_OUTPUTS(table_outputs),
    .summary = "the programme table: starts, completions, participant-months and costs",
    .on =
        {
            [RG_PHASE_INIT] = {.global = table_init, .what = "the table's rows"},
            [RG_PHASE_RECORD] = {.record = table_record},
        },
    .free = table_free,
};
