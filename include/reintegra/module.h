/*
 * The module interface. Every sub-model and policy has the same shape: its
 * parameters and fields (declared in its tables), an init, the phase hooks it
 * takes part in, its contributions to other modules' effect points, and a free.
 * Each hook declares which modules' hooks of the same phase must run before or
 * after it; the schedule of a phase is the module list ordered by those
 * constraints (`reintegra schedule` prints it). Modules never call each other's
 * hooks.
 */
#ifndef REINTEGRA_MODULE_H
#define REINTEGRA_MODULE_H

#include "error.h"
#include "run.h"

/* Initialisation, the phases of one month in order (DESIGN.md, "The data flow"),
 * and the month's record. */
typedef enum rg_phase {
    RG_PHASE_INIT,    /* once, after the population's storage exists */
    RG_PHASE_AGENT,   /* parallel over agents: needs, health, family, offending -> intents */
    RG_PHASE_MARKET,  /* jobs, mentors, programme places, housing */
    RG_PHASE_JUSTICE, /* arrests, courts, prison, releases */
    RG_PHASE_WORLD,   /* neighbourhood stigma, peers */
    RG_PHASE_RECORD,  /* the month's summary row */
    RG_PHASE_COUNT
} rg_phase;

/* The name of a phase ("init", "agent", ...). */
const char *rg_phase_name(rg_phase phase);

typedef struct rg_module rg_module;

/* A module in a run: the module, its place in the module list, its parameters
 * (its struct in run->p), its columns (its struct of column pointers) and the
 * state its init allocated (released by its free). Hooks receive their own
 * instance. */
typedef struct rg_instance {
    const rg_module *module;
    size_t index;
    const void *params;
    void *cols;
    void *summary; /* its rows, one per month */
    void *state;
} rg_instance;

/* A hook over a block of agents: runs in parallel, writes only its agents' slots
 * and its block's event buffer. */
typedef void (*rg_agent_hook)(rg_run *run, rg_instance *self, rg_block *blk);
/* A hook over the whole run: runs once, in the calling thread (it may open its own
 * deterministic parallel loops). An init is a global hook of RG_PHASE_INIT. */
typedef rg_status (*rg_global_hook)(rg_run *run, rg_instance *self, rg_error *err);
/* Fill the module's summary row of the month (its struct: RG_SUMMARY_STRUCT);
 * RG_PHASE_RECORD. The row starts at zero. */
typedef void (*rg_record_hook)(const rg_run *run, rg_instance *self, void *row);

/* A module's part in one phase. In each phase every block hook runs (in schedule
 * order, per block of agents), then every global hook (in schedule order). */
typedef struct rg_hook {
    rg_agent_hook agents;
    rg_global_hook global;
    rg_record_hook record;
    /* Order constraints within the phase: comma-separated module names, or "*" for
     * every other module with a hook in the phase. Name what the hook reads that
     * another hook of the phase writes (after), or what it writes that another
     * reads first (before). Modules without a hook in the phase are ignored;
     * unconstrained hooks keep module-list order. */
    const char *after, *before;
    const char *what; /* one line for the schedule table */
} rg_hook;

/*
 * Effect points. A sub-model declares where other modules may act on it (a factor
 * on the offending hazard, a term on the mentor pool, a value that replaces the
 * treatment rate) and gathers the contributions of every module, in module-list
 * order, where it computes the value. A policy's effect is then a function in the
 * policy's own file; the sub-model never names the policy.
 */
typedef enum rg_combine {
    RG_COMBINE_FACTOR, /* the value is multiplied by every contribution */
    RG_COMBINE_TERM,   /* every contribution is added to the value */
    RG_COMBINE_SET     /* the first contribution that is not NaN replaces the value */
} rg_combine;

typedef struct rg_effect_point {
    const char *name; /* "module.what" */
    rg_combine combine;
    const char *entity; /* what a contribution is for: agent, employer, neighbourhood, month */
    const char *meaning;
} rg_effect_point;

/* A module's contribution to a point for entity `i`. Pure: it may run in parallel. */
typedef double (*rg_effect_fn)(const rg_run *run, const rg_instance *self, size_t i);

typedef struct rg_effect {
    const rg_effect_point *point;
    rg_effect_fn fn;
} rg_effect;

enum { RG_MAX_CONTRIBUTIONS = 16 };

/* The contributions to one point in a run, in module-list order. */
typedef struct rg_effect_list {
    const rg_effect_point *point;
    size_t n;
    rg_effect_fn fn[RG_MAX_CONTRIBUTIONS];
    const rg_instance *self[RG_MAX_CONTRIBUTIONS];
} rg_effect_list;

/* The contributions to `point` in a run (an empty list when there are none). Fetch
 * it once per block or loop, not per agent. */
const rg_effect_list *rg_run_effects(const rg_run *run, const rg_effect_point *point);

/* `value` with every contribution for entity `i` applied. */
static inline double rg_effects_apply(const rg_run *run, const rg_effect_list *list, size_t i,
                                      double value)
{
    for (size_t k = 0; k < list->n; k++) {
        double v = list->fn[k](run, list->self[k], i);
        switch (list->point->combine) {
        case RG_COMBINE_FACTOR: value *= v; break;
        case RG_COMBINE_TERM: value += v; break;
        case RG_COMBINE_SET:
            if (v == v) return v; /* not NaN */
            break;
        }
    }
    return value;
}

/* Sub-models are the world; policies change it. A policy is switched off by its
 * first parameter (false, or its first choice): a historical cohort without any
 * policy sets them all to 0. */
typedef enum rg_module_kind { RG_SUBMODEL, RG_POLICY } rg_module_kind;

struct rg_programme_spec;
struct rg_purpose;

struct rg_module {
    const char *name;
    const char *summary; /* one line: what the module is */
    /* Policies: "Plain name: how the model produces the policy's effect", in plain
     * words for readers of the report (NULL for sub-models). */
    const char *mechanism;
    rg_module_kind kind;
    /* Its parameter group (registry.h: RG_MODULE_PARAMS). */
    const rg_param_spec *params;
    size_t n_params;
    /* Its agent fields (registry.h: RG_MODULE_FIELDS): only the module writes its
     * columns; other modules read them, and change them through its functions. */
    const rg_field_spec *fields;
    size_t n_fields;
    size_t cols_size;
    /* Its summary columns (RG_MODULE_SUMMARY) and event types (RG_MODULE_EVENTS). */
    const rg_summary_spec *summary_cols;
    size_t n_summary, summary_size;
    const rg_event_spec *events;
    size_t n_events;
    /* Its world-level output (RG_MODULE_OUTPUTS). */
    const rg_output_spec *outputs;
    size_t n_outputs;
    /* What its random draws are for (rng.h: rg_purpose; RG_MODULE_PURPOSES): no
     * two purposes of the model may share a draw. */
    const struct rg_purpose *purposes;
    size_t n_purposes;
    /* Check relations between the module's parameters (its struct `params` in p)
     * that no single range expresses, and say how to fix them; NULL when there
     * are none. */
    rg_status (*validate)(const rg_params *p, const void *params, rg_error *err);
    rg_hook on[RG_PHASE_COUNT];
    /* Release self->state (in reverse init order). */
    void (*free)(rg_run *run, rg_instance *self);
    /* The module's own effect points (for the schedule table); ends with NULL. */
    const rg_effect_point *const *points;
    /* Contributions to other modules' effect points; ends with {NULL, NULL}. */
    const rg_effect *effects;
    /* A row of the programme table (models/programme.c), or NULL. */
    const struct rg_programme_spec *programme;
};

/* The parameters of `module` in p: its struct (NULL if the module is not in the
 * list). RG_PARAMS(p, name) gives `const struct rg_params_<name> *`. Fetch them
 * once per hook, not per agent. */
const void *rg_params_of(const rg_params *p, const rg_module *module);
void *rg_params_of_mut(rg_params *p, const rg_module *module);
#define RG_PARAMS(p, name) ((const struct rg_params_##name *)rg_params_of((p), &rg_##name##_module))
#define RG_PARAMS_MUT(p, name)                                                                     \
    ((struct rg_params_##name *)rg_params_of_mut((p), &rg_##name##_module))
/* The value of parameter `key` of a module's struct `params` as a number (NaN if
 * it has no such numeric parameter). */
double rg_module_param(const rg_module *module, const void *params, const char *key);
/* Is the module switched on (its first parameter, when it is a switch, not 0)? */
int rg_module_on(const rg_module *module, const void *params);
/* Switch every policy off (RG_POLICY modules' first parameters to 0). */
void rg_params_policies_off(rg_params *p);

/* The columns of `module` in a run: its struct of column pointers (NULL if the
 * module is not in the list). RG_COLS(run, name) gives `const struct
 * rg_cols_<name> *`. Fetch them once per hook or block, not per agent. */
void *rg_run_cols(const rg_run *run, const rg_module *module);
#define RG_COLS(run, name) ((const struct rg_cols_##name *)rg_run_cols((run), &rg_##name##_module))
/* Column k of a module instance's fields. */
void *rg_instance_column(const rg_run *run, const rg_instance *self, size_t k);

/* A module's summary row of `month` (NULL if it has none). RG_SUMMARY(run, name,
 * month) gives `const struct rg_summary_<name> *`. */
const void *rg_run_summary_row(const rg_run *run, const rg_module *module, int month);
#define RG_SUMMARY(run, name, month)                                                               \
    ((const struct rg_summary_##name *)rg_run_summary_row((run), &rg_##name##_module, (month)))

/* A free hook for modules whose state is one block of memory. */
void rg_free_state(rg_run *run, rg_instance *self);

/* The instance of `module` in a run (NULL if the module is not in the list). */
rg_instance *rg_run_instance(const rg_run *run, const rg_module *module);
/* The state of `module` in a run (NULL if it has none). */
void *rg_run_state(const rg_run *run, const rg_module *module);

/* The modules of the model, in module-list order (models/modules.c): the order of
 * parameter groups, fields and contributions, and of hooks where no constraint
 * orders them. */
const rg_module *const *rg_modules(size_t *count);

/* The order of the hooks of phase `ph`: indexes into `mods`, *count of them.
 * Fails when a constraint names an unknown module or the constraints form a cycle. */
rg_status rg_schedule(const rg_module *const *mods, size_t n, rg_phase ph, size_t *order,
                      size_t *count, rg_error *err);

/* The schedule of the model's modules, phase by phase, with the effect points and
 * their contributions, as Markdown (docs/ODD.md) or text. */
void rg_schedule_write_markdown(FILE *f);
void rg_schedule_write_text(FILE *f);

#endif
