/*
 * The parameter registry: every parameter of every module, declared once in its
 * module's table (registry.h). The run's own settings (`run`, `output`) are
 * members of rg_params; every module's parameters live in its slot of
 * rg_params.modules, in module-list order. The registry is the concatenation:
 * run, the modules' groups in module-list order, output.
 */
#ifndef REINTEGRA_PARAMS_H
#define REINTEGRA_PARAMS_H

#include <stddef.h>
#include <stdio.h>

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
    X(g, INT, compression, 1, 0, 9, "-",                                                           \
      "deflate level of chunked datasets (0: none; 1: ISA-L, fastest; 2-9: libdeflate)",           \
      "setting")

RG_PARAM_STRUCT(rg_params_run, RG_RUN_PARAMS);
RG_PARAM_STRUCT(rg_params_output, RG_OUTPUT_PARAMS);

/* All parameters of a run, resolved (defaults, files, overrides). A plain value
 * without pointers: sweeps and calibrations copy it by assignment. */
typedef struct rg_params {
    struct rg_params_run run;
    struct rg_params_output output;
    /* The parameters of the module at place k of the module list, in its own struct
     * (rg_params_of, module.h). */
    union {
        long long align_int;
        double align_real;
        unsigned char slot[RG_MAX_MODULES][RG_PARAM_SLOT];
    } modules;
} rg_params;

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
/* The parameters of one group (NULL: all) as text; -1 if the group has none. */
int rg_params_write_group_text(FILE *f, const char *group);
/* Write every parameter as a commented scenario file (scenarios/explanatory.cfg). */
void rg_params_write_config(FILE *f);

#endif
