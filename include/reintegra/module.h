/*
 * The module interface. Every sub-model and policy has the same shape: its
 * parameters and fields (declared in its header's tables), an init, the phase
 * hooks it takes part in, and a free. The schedule calls the hooks in module
 * order; modules never call each other.
 */
#ifndef REINTEGRA_MODULE_H
#define REINTEGRA_MODULE_H

#include "error.h"
#include "run.h"

/* The phases of one month, in order (DESIGN.md, "The data flow"). */
typedef enum rg_phase {
    RG_PHASE_AGENT,   /* parallel over agents: needs, health, family, offending -> intents */
    RG_PHASE_MARKET,  /* jobs, mentors, programme places, housing */
    RG_PHASE_JUSTICE, /* arrests, courts, prison, releases */
    RG_PHASE_WORLD,   /* neighbourhood stigma, employer attitudes */
    RG_PHASE_COUNT
} rg_phase;

typedef struct rg_module rg_module;

/* A module in a run: the module, its place in the module list, and the state its
 * init allocated (released by its free). Hooks receive their own instance. */
typedef struct rg_instance {
    const rg_module *module;
    size_t index;
    void *state;
} rg_instance;

/* A hook over a block of agents: runs in parallel, writes only its agents' slots
 * and its block's event buffer. */
typedef void (*rg_agent_hook)(rg_run *run, rg_instance *self, rg_block *blk);
/* A hook over the whole run: runs once, in the calling thread (it may open its own
 * deterministic parallel loops). */
typedef rg_status (*rg_global_hook)(rg_run *run, rg_instance *self, rg_error *err);

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

struct rg_module {
    const char *name;
    /* Check relations between the module's parameters that no single range
     * expresses, and say how to fix them; NULL when there are none. */
    rg_status (*validate)(const rg_params *p, rg_error *err);
    /* Check the module's parameters and give agents their initial state; runs in
     * module order after the population exists. */
    rg_status (*init)(rg_run *run, rg_instance *self, rg_error *err);
    rg_agent_hook agents[RG_PHASE_COUNT];
    rg_global_hook global[RG_PHASE_COUNT];
    /* Fill the module's columns of the month's summary row (after the phases). */
    void (*record)(const rg_run *run, rg_instance *self, rg_summary *row);
    /* Release self->state. */
    void (*free)(rg_run *run, rg_instance *self);
    /* Contributions to other modules' effect points; ends with {NULL, NULL}. */
    const rg_effect *effects;
};

/* The instance of `module` in a run (NULL if the module is not in the list). */
rg_instance *rg_run_instance(const rg_run *run, const rg_module *module);
/* The state of `module` in a run (NULL if it has none). */
void *rg_run_state(const rg_run *run, const rg_module *module);

/* The modules of the model, in schedule order. */
const rg_module *const *rg_modules(size_t *count);

extern const rg_module rg_population_module;
extern const rg_module rg_justice_module;
extern const rg_module rg_offending_module;
extern const rg_module rg_employment_module;
extern const rg_module rg_family_module;
extern const rg_module rg_housing_module;
extern const rg_module rg_health_module;
extern const rg_module rg_stigma_module;
extern const rg_module rg_mentors_module;
extern const rg_module rg_peers_module;
extern const rg_module rg_risk_tool_module;
extern const rg_module rg_programmes_module;
extern const rg_module rg_ban_the_box_module;
extern const rg_module rg_fresh_start_module;
extern const rg_module rg_cbt_module;
extern const rg_module rg_training_module;
extern const rg_module rg_transitional_jobs_module;
extern const rg_module rg_supported_housing_module;
extern const rg_module rg_health_programme_module;
extern const rg_module rg_family_support_module;
extern const rg_module rg_mentoring_module;
extern const rg_module rg_stigma_campaign_module;

#endif
