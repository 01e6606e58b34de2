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
