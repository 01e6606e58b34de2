/*
 * The parameter registry: every parameter of every module, declared once in its
 * module's table (see registry.h), gathered here into one struct and one list of
 * descriptors.
 */
#ifndef REINTEGRA_PARAMS_H
#define REINTEGRA_PARAMS_H

#include <stddef.h>
#include <stdio.h>

#include "employment.h"
#include "family.h"
#include "health.h"
#include "housing.h"
#include "justice.h"
#include "mentors.h"
#include "offending.h"
#include "peers.h"
#include "policies.h"
#include "population.h"
#include "stigma.h"
#include "registry.h"

#define RG_RUN_PARAMS(X, g)                                                                        \
    X(g, STR, name, "baseline", 0, 0, "-", "scenario name, shown in outputs and reports",          \
      "setting")                                                                                   \
    X(g, STR, description, "", 0, 0, "-", "one-line description of the scenario", "setting")       \
    X(g, INT, agents, 100000, 1, 2000000000, "people", "number of people simulated", "setting")    \
    X(g, INT, months, 60, 1, 1200, "months", "months simulated after the first release",           \
      "setting")                                                                                   \
    X(g, INT, seed, 1, 0, 9007199254740991LL, "-", "seed of the counter-based random streams",     \
      "setting")

#define RG_OUTPUT_PARAMS(X, g)                                                                     \
    X(g, REAL, trajectory_fraction, 0.01, 0, 1, "share",                                           \
      "share of agents whose monthly trajectories are written (0: none)", "setting")               \
    X(g, BOOL, events, 1, 0, 0, "-", "write the event log", "setting")                             \
    X(g, BOOL, agents, 1, 0, 0, "-", "write per-agent attributes and outcomes", "setting")         \
    X(g, INT, compression, 4, 0, 9, "-", "deflate level of chunked datasets (0: none)", "setting")

/* The module groups, in the order they appear in files and documentation. */
#define RG_PARAM_GROUPS(G)                                                                         \
    G(run, RG_RUN_PARAMS)                                                                          \
    G(population, RG_POPULATION_PARAMS)                                                            \
    G(offending, RG_OFFENDING_PARAMS)                                                              \
    G(justice, RG_JUSTICE_PARAMS)                                                                  \
    G(employment, RG_EMPLOYMENT_PARAMS)                                                            \
    G(family, RG_FAMILY_PARAMS)                                                                    \
    G(housing, RG_HOUSING_PARAMS)                                                                  \
    G(health, RG_HEALTH_PARAMS)                                                                    \
    G(stigma, RG_STIGMA_PARAMS)                                                                    \
    G(mentors, RG_MENTORS_PARAMS)                                                                  \
    G(peers, RG_PEERS_PARAMS)                                                                      \
    G(ban_the_box, RG_BAN_THE_BOX_PARAMS)                                                          \
    G(fresh_start, RG_FRESH_START_PARAMS)                                                          \
    G(cbt, RG_CBT_PARAMS)                                                                          \
    G(training, RG_TRAINING_PARAMS)                                                                \
    G(transitional_jobs, RG_TRANSITIONAL_JOBS_PARAMS)                                              \
    G(supported_housing, RG_SUPPORTED_HOUSING_PARAMS)                                              \
    G(health_programme, RG_HEALTH_PROGRAMME_PARAMS)                                                \
    G(family_support, RG_FAMILY_SUPPORT_PARAMS)                                                    \
    G(mentoring, RG_MENTORING_PARAMS)                                                              \
    G(stigma_campaign, RG_STIGMA_CAMPAIGN_PARAMS)                                                  \
    G(risk_tool, RG_RISK_TOOL_PARAMS)                                                              \
    G(trial, RG_TRIAL_PARAMS)                                                                      \
    G(output, RG_OUTPUT_PARAMS)

#define RG_PARAM_FIELD_(g, T, name, def, min, max, unit, meaning, source)                          \
    RG_CTYPE_##T name RG_CDIM_##T;
#define RG_PARAM_STRUCT_(group, LIST)                                                              \
    struct rg_params_##group {                                                                     \
        LIST(RG_PARAM_FIELD_, group)                                                               \
    } group;

/* All parameters of a run, resolved (defaults, files, overrides). */
typedef struct rg_params {
    RG_PARAM_GROUPS(RG_PARAM_STRUCT_)
} rg_params;

typedef enum rg_param_type {
    RG_PT_INT,
    RG_PT_REAL,
    RG_PT_BOOL,
    RG_PT_STR,
    RG_PT_CHOICE
} rg_param_type;

typedef struct rg_param_desc {
    const char *name; /* "group.key" */
    rg_param_type type;
    size_t offset;       /* of the value in rg_params */
    double def;          /* INT, REAL, BOOL */
    const char *def_str; /* STR, CHOICE */
    double min, max;     /* INT, REAL */
    const char *choices; /* CHOICE: "a|b|c" */
    const char *unit;
    const char *meaning;
    const char *source;
} rg_param_desc;

/* The registry, in declaration order. */
const rg_param_desc *rg_param_table(size_t *count);
const rg_param_desc *rg_param_find(const char *name);
/* Length of the group part of "group.key". */
size_t rg_param_group_len(const char *name);
/* Does `name` start a new group after `previous` (NULL: nothing before)? */
int rg_param_new_group(const char *previous, const char *name);
/* The registered name closest to `name` (for "did you mean"), or NULL. */
const char *rg_param_suggest(const char *name);

void rg_params_defaults(rg_params *p);
const char *rg_param_type_name(rg_param_type t);
/* Format a parameter's current value as a libconfig literal into buf. */
void rg_param_format(const rg_param_desc *d, const rg_params *p, char *buf, size_t size);
/* CHOICE parameters: the text of choice `index`, and the index of a text (-1 if
 * it is not one of the choices). */
void rg_param_choice_name(const rg_param_desc *d, int index, char *buf, size_t size);
int rg_param_choice_parse(const rg_param_desc *d, const char *value);

/* Write the registry as a Markdown document (docs/parameters.md) or as text. */
void rg_params_write_markdown(FILE *f);
void rg_params_write_text(FILE *f);
/* Write every parameter as a commented scenario file (scenarios/explanatory.cfg). */
void rg_params_write_config(FILE *f);

#endif
