/*
 * The machinery every programme shares (include/reintegra/programme.h): offers,
 * uptake and the waiting list in the agent phase; admission by the targeting rule
 * in the market phase; dropout and completion. The emulated trial randomises the
 * offer of one programme. The `programmes` module keeps the programme table: one
 * row per module with a programme spec, in module-list order.
 */
#include "reintegra/programme.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/allocate.h"
#include "reintegra/employment.h"
#include "reintegra/justice.h"
#include "reintegra/offending.h"
#include "reintegra/population.h"
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

/* A text parameter of a module's struct (NULL if it has none by that key). */
static const char *text_setting(const rg_module *m, const void *params, const char *key)
{
    for (size_t k = 0; k < m->n_params; k++)
        if (m->params[k].type == RG_PT_STR && strcmp(m->params[k].key, key) == 0)
            return (const char *)params + m->params[k].offset;
    return NULL;
}

int rg_programme_parse_places(const char *text, int neighbourhoods, uint8_t *in_place, char *err,
                              size_t err_size)
{
    const char *c = text ? text : "";
    while (*c) {
        while (isspace((unsigned char)*c)) c++;
        if (!*c) break;
        char *end;
        long id = strtol(c, &end, 10);
        const char *item_end = end;
        while (isspace((unsigned char)*item_end)) item_end++;
        if (end == c || (*item_end && *item_end != ',') || id < 0 || id >= neighbourhoods) {
            size_t len = strcspn(c, ",");
            snprintf(err, err_size, "\"%.*s\", which is not a neighbourhood id from 0 to %d",
                     (int)(len > 40 ? 40 : len), c, neighbourhoods - 1);
            return -1;
        }
        if (in_place) in_place[id] = 1;
        c = *item_end ? item_end + 1 : item_end;
    }
    return 0;
}

/* The levers (RG_PROGRAMME_LEVERS): who may take part, phase-in, end, budget. */
static rg_status read_levers(const rg_run *run, rg_programme *prog, const rg_module *m,
                             const void *q, rg_error *err)
{
    prog->age_min = rg_module_param(m, q, "age_min");
    prog->age_max = rg_module_param(m, q, "age_max");
    prog->sex = (int)rg_module_param(m, q, "sex");
    prog->ramp_months = (long long)rg_module_param(m, q, "ramp_months");
    prog->end_month = (long long)rg_module_param(m, q, "end_month");
    prog->budget = rg_module_param(m, q, "budget_per_month");
    const char *places = text_setting(m, q, "neighbourhoods");
    if (isnan(prog->age_min) || isnan(prog->budget) || !places)
        return rg_error_set(err, RG_EINTERNAL,
                            "%s: a programme's parameters start with RG_PROGRAMME_COMMON_PARAMS",
                            m->name);
    char why[160];
    if (places[0]) {
        prog->in_place = (uint8_t *)(prog + 1);
        if (rg_programme_parse_places(places, rg_population_neighbourhoods(run), prog->in_place,
                                      why, sizeof why) != 0)
            return rg_error_set(err, RG_EINPUT, "%s.neighbourhoods lists %s", m->name, why);
    }
    prog->filtered = prog->age_min > 0 || prog->age_max < 120 ||
                     prog->sex != RG_PROGRAMME_SEX_ANY || prog->in_place;
    prog->population = RG_COLS(run, population);
    return RG_OK;
}

rg_status rg_programme_init(rg_run *run, rg_instance *self, rg_error *err)
{
    const rg_module *m = self->module;
    /* The programme, then a flag per neighbourhood for its eligible places. */
    rg_programme *prog = calloc(1, sizeof *prog + (size_t)rg_population_neighbourhoods(run) + 1);
    self->state = prog;
    if (!prog) return rg_error_set(err, RG_EINTERNAL, "%s: out of memory", m->name);
    const void *q = self->params;
    RG_TRY(read_levers(run, prog, m, q, err));
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
    if (prog->targeting == RG_TARGETING_DISADVANTAGE && !rg_population_disadvantage(run))
        return rg_error_set(err, RG_EINTERNAL, "%s: neighbourhood disadvantage is not set",
                            m->name);
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

long long rg_programme_places(const rg_run *run, const rg_programme *prog, long long month)
{
    if (month < prog->start_month || (prog->end_month >= 0 && month > prog->end_month)) return 0;
    double full = prog->places_per_1000 * (double)run->a.n / 1000.0;
    long long since = month - prog->start_month + 1; /* months open, this one included */
    long long n = prog->ramp_months > since
                      ? llround(full * (double)since / (double)prog->ramp_months)
                      : llround(full);
    /* The budget pays for floor(budget / cost) participants a month. */
    if (prog->budget > 0 && prog->cost > 0) {
        double affordable = floor(prog->budget / prog->cost);
        if ((double)n > affordable) n = (long long)affordable;
    }
    return n;
}

/* Is person i within the programme's targeted ages, sex and places this month?
 * Race is never a criterion: targeting by place (here, and "disadvantage" in
 * waiting_list() below) reads the neighbourhood of return only. */
static int targeted(const rg_programme *prog, long long month, size_t i)
{
    if (!prog->filtered) return 1;
    const struct rg_cols_population *pop = prog->population;
    double age = pop->age_at_release[i] + (double)(month - pop->release_month[i]) / 12.0;
    if (age < prog->age_min || age > prog->age_max) return 0;
    if (prog->sex == RG_PROGRAMME_SEX_MALE && pop->sex[i] != 0) return 0;
    if (prog->sex == RG_PROGRAMME_SEX_FEMALE && pop->sex[i] != 1) return 0;
    return !prog->in_place || prog->in_place[pop->neighbourhood[i]];
}

/* Has the programme stopped taking people (after end_month)? */
static int closed(const rg_programme *prog, long long month)
{
    return prog->end_month >= 0 && month > prog->end_month;
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
    const int open = !closed(prog, blk->month);
    for (size_t i = blk->begin; i < blk->end; i++) {
        uint8_t st = prog->state[i];
        if (st == RG_PROG_ACTIVE) {
            participate(run, self, blk, i);
            continue;
        }
        const int eligible = ok[i - blk->begin] && open && targeted(prog, blk->month, i);
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

/* First come: the month joined, and among those who joined in the same month the
 * order of the draw that decided their uptake (uniform below `uptake` whoever the
 * person is), not their id: ids run through the neighbourhoods from the least
 * disadvantaged, so an order by id would admit by place, and so by race. Reading
 * the draw again consumes nothing. */
static double first_come_score(const rg_run *run, const rg_programme *prog, size_t i)
{
    const double u = prog->uptake > 0
                         ? rg_draw(run->seed, prog->uptake_draw, i, prog->since[i]) / prog->uptake
                         : 0.0;
    return -((double)prog->since[i] + fmin(u, 0.999));
}

/* Eligible people of block b's waiting list, scored by the targeting rule: higher
 * first (longest waiting, greatest need, highest risk, or the most disadvantaged
 * neighbourhood of return, d_n of rg_population_disadvantage); equal scores go
 * by id (rg_allocate). */
static void waiting_block(const rg_run *run, const rg_instance *self, size_t b,
                          rg_candidate_buf *part)
{
    /* Filled through a copy, stored back at the end: neighbouring blocks' parts
     * share cache lines (as employment's screen_block). */
    rg_candidate_buf buf = *part, *list = &buf;
    const rg_programme *prog = self->state;
    const double *disadvantage = rg_population_disadvantage(run);
    const uint16_t *place = prog->population->neighbourhood;
    uint8_t ok[RG_BLOCK_SIZE];
    double need[RG_BLOCK_SIZE];
    const size_t begin = run->blocks[b].begin, end = run->blocks[b].end;
    prog->spec->eligible(run, self, begin, end, ok);
    if (prog->targeting == RG_TARGETING_NEED) prog->spec->need(run, self, begin, end, need);
    for (size_t i = begin; i < end; i++) {
        if (prog->state[i] != RG_PROG_WAITING || !ok[i - begin] || !targeted(prog, run->month, i))
            continue;
        double score = prog->targeting == RG_TARGETING_NEED   ? need[i - begin]
                       : prog->targeting == RG_TARGETING_RISK ? prog->predicted_risk[i]
                       : prog->targeting == RG_TARGETING_DISADVANTAGE
                           ? disadvantage[place[i]]
                           : first_come_score(run, prog, i);
        rg_candidate_push(list, 0, (uint32_t)i, (float)score);
    }
    *part = buf;
}

/* The waiting list in id order: each block's part in parallel, gathered in block
 * order. */
static rg_status waiting_list(rg_run *run, const rg_instance *self, rg_candidate_buf *list,
                              rg_error *err)
{
    const long long nb = (long long)run->n_blocks;
    rg_candidate_buf *part = calloc((size_t)(nb > 0 ? nb : 1), sizeof *part);
    if (!part) return rg_error_set(err, RG_EINTERNAL, "out of memory (waiting list)");
#pragma omp parallel for schedule(dynamic, 1) num_threads(rg_run_threads(run))
    for (long long b = 0; b < nb; b++) waiting_block(run, self, (size_t)b, &part[b]);
    rg_status st = rg_candidates_gather(part, (size_t)nb, list, run->threads, err);
    for (long long b = 0; b < nb; b++) rg_candidate_buf_free(&part[b]);
    free(part);
    return st;
}

rg_status rg_programme_admit(rg_run *run, rg_instance *self, rg_error *err)
{
    const rg_programme *prog = self->state;
    if (!prog->enabled || run->month < prog->start_month) return RG_OK;
    const long long n = (long long)run->a.n;
    long long active = 0;
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run)) reduction(+ : active)
    for (long long i = 0; i < n; i++) active += prog->state[i] == RG_PROG_ACTIVE;
    long long free_places = rg_programme_places(run, prog, run->month) - active;
    if (free_places <= 0) return RG_OK;
    rg_candidate_buf list = {0};
    rg_status st = waiting_list(run, self, &list, err);
    if (st != RG_OK) {
        rg_candidate_buf_free(&list);
        return rg_error_set(err, RG_EINTERNAL, "out of memory (programme %s)", prog->name);
    }
    /* The places go to the best of the list, in rank order (rg_allocate's order
     * and winners, without ranking the whole list). */
    int32_t cap = free_places > INT32_MAX ? INT32_MAX : (int32_t)free_places;
    st = rg_allocate_top(list.c, list.len, cap, run->threads, err);
    for (size_t k = 0; st == RG_OK && k < list.len && list.c[k].won; k++) {
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
    int64_t *month_starts;                   /* this month's starts without enrolment */
    int64_t *enabled;                        /* [row] 1 when the scenario runs it */
    uint8_t *on;                             /* [row] counted this month */
    /* [row] participants last month, for programmes costed without enrolment
     * (their starts are the people who take part and did not last month); NULL
     * for the other rows. */
    uint8_t **was;
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
    free(s->month_starts);
    free(s->enabled);
    free(s->on);
    for (size_t k = 0; s->was && k < s->rows; k++) free(s->was[k]);
    free(s->was);
    free(s);
    self->state = NULL;
}

static const rg_output_spec table_outputs[] = {
    {"programmes", "name", RG_OUTPUT_TABLE, RG_H5_STR, "P", "-",
     "programme names (rows of every dataset here)"},
    {"programmes", "enabled", RG_OUTPUT_TABLE, RG_H5_I64, "P", "flag",
     "1 when the scenario runs the programme (its switch is on)"},
    {"programmes", "enrolled", RG_OUTPUT_TABLE, RG_H5_I64, "P", "people",
     "programme starts over the run; for programmes costed without enrolment (the "
     "mentoring expansion), people who began taking part (a mentee of an added mentor)"},
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
    RG_TRY(rg_run_output(run, self, "enabled", s->enabled, P, err));
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
    s->month_starts = calloc(P, sizeof(int64_t));
    s->enabled = calloc(P, sizeof(int64_t));
    s->on = calloc(P, 1);
    s->was = calloc(P, sizeof *s->was);
    if (!s->inst || !s->names || !s->enrolled || !s->completed || !s->dropped ||
        !s->participant_months || !s->cost_per_month || !s->month_pm || !s->month_starts ||
        !s->enabled || !s->on || !s->was)
        return rg_error_set(err, RG_EINTERNAL, "programmes: out of memory");
    size_t row = 0;
    for (size_t m = 0; m < run->n_mods; m++) {
        const rg_module *mod = run->mods[m].module;
        if (!mod->programme) continue;
        s->inst[row] = &run->mods[m];
        s->names[row] = mod->name;
        s->cost_per_month[row] = rg_module_param(mod, run->mods[m].params, "cost_per_month");
        s->on[row] = rg_module_on(mod, run->mods[m].params);
        s->enabled[row] = s->on[row];
        if (s->on[row] && mod->programme->participants &&
            !(s->was[row] = calloc(run->a.n ? run->a.n : 1, 1)))
            return rg_error_set(err, RG_EINTERNAL, "programmes: out of memory");
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

/* Participants of row k among agents [begin, end), flagged in `in`; for rows
 * costed without enrolment, people who take part now and did not last month are
 * added to *starts. */
static int64_t row_participants(const rg_run *run, const table_state *s, size_t k, size_t begin,
                                size_t end, uint8_t *in, int64_t *starts)
{
    if (!s->was[k]) return participants(run, s->inst[k], begin, end, in);
    uint8_t now[RG_BLOCK_SIZE];
    memset(now, 0, end - begin);
    int64_t count = participants(run, s->inst[k], begin, end, now);
    uint8_t *was = s->was[k] + begin;
    for (size_t i = 0; i < end - begin; i++) {
        *starts += now[i] && !was[i];
        was[i] = now[i];
        in[i] |= now[i];
    }
    return count;
}

/* Participant-months of every row this month (and starts of those costed without
 * enrolment), and the people in any. */
static int64_t count_participants(const rg_run *run, const table_state *s, int64_t *pm, int64_t *st)
{
    const size_t P = s->rows;
    int any = 0;
    for (size_t k = 0; k < P; k++) any |= s->on[k];
    if (!any) return 0;
    const long long nb = (long long)run->n_blocks;
    int64_t anyone = 0;
    /* Integer counts: exact, whatever order the threads add them in. */
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run)) \
    reduction(+ : pm[:P], st[:P], anyone)
    for (long long b = 0; b < nb; b++) {
        const size_t begin = run->blocks[b].begin, end = run->blocks[b].end;
        uint8_t in[RG_BLOCK_SIZE];
        memset(in, 0, end - begin);
        for (size_t k = 0; k < P; k++)
            if (s->on[k]) pm[k] += row_participants(run, s, k, begin, end, in, &st[k]);
        for (size_t i = 0; i < end - begin; i++) anyone += in[i];
    }
    return anyone;
}

/* Programme starts (counts[detail]) and ends (counts[256 + detail]) among the
 * month's events [begin, end). */
static void count_programme_events(const rg_run *run, size_t begin, size_t end, int64_t *counts,
                                   void *ctx)
{
    (void)ctx;
    const rg_event *ev = run->events.ev;
    for (size_t k = begin; k < end; k++) {
        if (ev[k].type == RG_EV_PROGRAMME_START) counts[ev[k].detail]++;
        if (ev[k].type == RG_EV_PROGRAMME_END) counts[256 + ev[k].detail]++;
    }
}

static void table_record(const rg_run *run, rg_instance *self, void *out)
{
    struct rg_summary_programmes *row = out;
    table_state *s = self->state;
    int64_t events[512] = {0};
    rg_run_count(run, run->events.len, 512, events, count_programme_events, NULL);
    for (int d = 0; d < 256;
         d++) { /* a start's detail is the row; an end's, the row + 16 x dropped */
        if (events[d]) s->enrolled[d] += events[d];
        if (events[256 + d]) (d / 16 == 0 ? s->completed : s->dropped)[d % 16] += events[256 + d];
    }
    int64_t *pm = s->month_pm, *st = s->month_starts;
    memset(pm, 0, sizeof *pm * s->rows);
    memset(st, 0, sizeof *st * s->rows);
    row->in_programme = count_participants(run, s, pm, st);
    for (size_t k = 0; k < s->rows; k++) s->enrolled[k] += st[k];
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

/* The levers of one enrolment programme, checked together. */
static rg_status levers_validate(const rg_params *p, const rg_module *m, rg_error *err)
{
    const void *q = rg_params_of(p, m);
    const char *name = m->name;
    double age_min = rg_module_param(m, q, "age_min"), age_max = rg_module_param(m, q, "age_max");
    if (age_min > age_max)
        return rg_error_set(err, RG_EINPUT,
                            "%s.age_min is %g but %s.age_max is %g: nobody is eligible; give an "
                            "age_min no greater than age_max",
                            name, age_min, name, age_max);
    long long start = (long long)rg_module_param(m, q, "start_month");
    long long end = (long long)rg_module_param(m, q, "end_month");
    if (end >= 0 && end < start)
        return rg_error_set(err, RG_EINPUT,
                            "%s.end_month is %lld, before %s.start_month %lld: the programme "
                            "would never admit anyone; give -1 (no end) or a month from %lld",
                            name, end, name, start, start);
    double budget = rg_module_param(m, q, "budget_per_month");
    double cost = rg_module_param(m, q, "cost_per_month");
    if (budget > 0 && budget < cost)
        return rg_error_set(err, RG_EINPUT,
                            "%s.budget_per_month is %g, less than one participant-month "
                            "(%s.cost_per_month %g): nobody could be admitted; raise it or give 0 "
                            "(no cap)",
                            name, budget, name, cost);
    if (budget > 0 && cost <= 0)
        return rg_error_set(
            err, RG_EINPUT,
            "%s.budget_per_month is %g but %s.cost_per_month is 0: a budget "
            "cannot limit a programme that costs nothing; give a cost or 0 (no cap)",
            name, budget, name);
    char why[160];
    const struct rg_params_population *pop = RG_PARAMS(p, population);
    int hoods = pop ? (int)pop->neighbourhoods : 0;
    if (rg_programme_parse_places(text_setting(m, q, "neighbourhoods"), hoods, NULL, why,
                                  sizeof why) != 0)
        return rg_error_set(err, RG_EINPUT,
                            "%s.neighbourhoods lists %s (population.neighbourhoods is %d); give "
                            "ids separated by commas, or \"\" for all",
                            name, why, hoods);
    return RG_OK;
}

/* Every enrolment programme's levers. */
static rg_status table_validate(const rg_params *p, const void *params, rg_error *err)
{
    (void)params;
    size_t n;
    const rg_module *const *mods = rg_modules(&n);
    for (size_t k = 0; k < n; k++)
        if (enrols(mods[k])) RG_TRY(levers_validate(p, mods[k], err));
    return RG_OK;
}

const rg_module rg_programmes_module = {
    .name = "programmes",
    .validate = table_validate,
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
