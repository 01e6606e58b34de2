/*
 * Macros shared by the per-module declaration tables.
 *
 * Parameters: each module declares  #define <MODULE>_PARAMS(X, g)  as a list of
 *     X(g, TYPE, name, default, min, max, unit, meaning, source)
 * with TYPE one of INT, REAL, BOOL, STR, CHOICE, CHOICE_FN. For CHOICE, `min` is
 * a choice list (below) and the field is the index of the chosen
 * value; for CHOICE_FN, `min` is a function that writes the choices as "a|b|c"
 * (for choices that come from the module list). For STR and BOOL, min and max are
 * unused (write 0). RG_PARAM_STRUCT makes the module's struct of values and
 * RG_PARAM_SPECS its table of descriptors, which the module gives the registry
 * with RG_MODULE_PARAMS.
 *
 * Agent fields: each module declares  #define RG_<MODULE>_FIELDS(X, m)  as a list of
 *     X(m, ctype, name, H5TYPE, flags, units, description)
 * with H5TYPE one of U8, U16, I16, I32, U32, F32 and flags a combination of
 * RG_F_AGENTS (written per agent at the end of a run) and RG_F_TRAJ (written
 * monthly for the sampled agents).
 *
 * From these tables come the structs, the defaults, the configuration reader, the
 * range checks, the HDF5 writer and the generated documentation.
 */
#ifndef REINTEGRA_REGISTRY_H
#define REINTEGRA_REGISTRY_H

#include <stddef.h>

enum { RG_STR_MAX = 256 };

/* Every module keeps its parameters in a slot of rg_params (params.h): at most
 * RG_MAX_MODULES modules of at most RG_PARAM_SLOT bytes each. */
enum { RG_MAX_MODULES = 40, RG_PARAM_SLOT = 512 };

#define RG_CTYPE_INT long long
#define RG_CTYPE_REAL double
#define RG_CTYPE_BOOL int
#define RG_CTYPE_STR char
#define RG_CTYPE_CHOICE int
#define RG_CTYPE_CHOICE_FN int
#define RG_CDIM_INT
#define RG_CDIM_REAL
#define RG_CDIM_BOOL
#define RG_CDIM_STR [RG_STR_MAX]
#define RG_CDIM_CHOICE
#define RG_CDIM_CHOICE_FN

typedef enum rg_param_type {
    RG_PT_INT,
    RG_PT_REAL,
    RG_PT_BOOL,
    RG_PT_STR,
    RG_PT_CHOICE
} rg_param_type;

/* A parameter as its module declares it: the key within the module's group. */
typedef struct rg_param_spec {
    const char *key;
    rg_param_type type;
    size_t offset;                              /* of the value in the module's struct */
    double def;                                 /* INT, REAL, BOOL */
    const char *def_str;                        /* STR, CHOICE */
    double min, max;                            /* INT, REAL */
    const char *choices;                        /* CHOICE: "a|b|c" */
    void (*choices_fn)(char *buf, size_t size); /* CHOICE whose choices are made at run time */
    const char *unit;
    const char *meaning;
    const char *source;
} rg_param_spec;

#define RG_PARAM_MEMBER_(g, T, name, def, min, max, unit, meaning, source)                         \
    RG_CTYPE_##T name RG_CDIM_##T;
#define RG_PARAM_STRUCT(tag, LIST)                                                                 \
    struct tag {                                                                                   \
        LIST(RG_PARAM_MEMBER_, tag)                                                                \
    }

#define RG_SPEC_INT(g, name, def, min, max)                                                        \
#name, RG_PT_INT, offsetof(struct g, name), (double)(def), NULL, (double)(min), (double)(max), \
        NULL, NULL
#define RG_SPEC_REAL(g, name, def, min, max)                                                       \
#name, RG_PT_REAL, offsetof(struct g, name), (double)(def), NULL, (double)(min),               \
        (double)(max), NULL, NULL
#define RG_SPEC_BOOL(g, name, def, min, max)                                                       \
#name, RG_PT_BOOL, offsetof(struct g, name), (double)(def), NULL, 0, 1, NULL, NULL
#define RG_SPEC_STR(g, name, def, min, max)                                                        \
#name, RG_PT_STR, offsetof(struct g, name), 0, def, 0, 0, NULL, NULL
#define RG_SPEC_CHOICE(g, name, def, min, max)                                                     \
#name, RG_PT_CHOICE, offsetof(struct g, name), 0, def, 0, 0, RG_CHOICE_TEXT(min), NULL
#define RG_SPEC_CHOICE_FN(g, name, def, min, max)                                                  \
#name, RG_PT_CHOICE, offsetof(struct g, name), 0, def, 0, 0, NULL, min
#define RG_PARAM_SPEC_(g, T, name, def, min, max, unit, meaning, source)                           \
    {RG_SPEC_##T(g, name, def, min, max), unit, meaning, source},
#define RG_PARAM_SPECS(tag, LIST)                                                                  \
    _Static_assert(sizeof(struct tag) <= RG_PARAM_SLOT,                                            \
                   "struct " #tag " is larger than RG_PARAM_SLOT (registry.h): raise it");         \
    RG_PARAM_SPEC_TABLE(tag, LIST)
#define RG_PARAM_SPEC_TABLE(tag, LIST)                                                             \
    static const rg_param_spec tag##_specs[] = {LIST(RG_PARAM_SPEC_, tag)}
/* In a module's definition: its parameters. */
#define RG_MODULE_PARAMS(tag)                                                                      \
    .params = tag##_specs, .n_params = sizeof tag##_specs / sizeof tag##_specs[0]

/* Choice lists:  #define NAME(C) C(PREFIX, CONSTANT, text) ...  give the text
 * "text|..." of a CHOICE parameter (RG_CHOICE_TEXT) and the enum of its values,
 * PREFIX_CONSTANT = 0, 1, ... (RG_CHOICE_ENUM). */
#define RG_CHOICE_TEXT_(P, E, text) "|" #text
#define RG_CHOICE_TEXT(LIST) (&(LIST(RG_CHOICE_TEXT_))[1])
#define RG_CHOICE_ENUM_(P, E, text) P##_##E,
#define RG_CHOICE_ENUM(tag, LIST) enum tag { LIST(RG_CHOICE_ENUM_) }

enum { RG_F_AGENTS = 1, RG_F_TRAJ = 2 };

/* Element types of output columns. */
typedef enum rg_h5type {
    RG_H5_U8,
    RG_H5_U16,
    RG_H5_I16,
    RG_H5_I32,
    RG_H5_F32,
    RG_H5_U32,
    RG_H5_F64,
    RG_H5_I8,
    RG_H5_I64,
    RG_H5_STR /* world tables only: an array of C strings */
} rg_h5type;

/* An agent field as its module declares it. */
typedef struct rg_field_spec {
    const char *name;
    rg_h5type type;
    size_t size;   /* bytes per element */
    size_t offset; /* of the column pointer in the module's column struct */
    unsigned flags;
    const char *units;
    const char *description;
} rg_field_spec;

/* RG_COLUMN_STRUCT makes the module's struct of column pointers (one per field),
 * RG_FIELD_SPECS its table of descriptors, which the module gives the engine with
 * RG_MODULE_FIELDS; the engine allocates the columns and binds them. */
#define RG_COLUMN_MEMBER_(m, ctype, name, h5, flags, units, desc) ctype *name;
#define RG_COLUMN_STRUCT(tag, LIST)                                                                \
    struct tag {                                                                                   \
        LIST(RG_COLUMN_MEMBER_, tag)                                                               \
    }
#define RG_FIELD_SPEC_(m, ctype, name, h5, flags, units, desc)                                     \
    {#name, RG_H5_##h5, sizeof(ctype), offsetof(struct m, name), flags, units, desc},
#define RG_FIELD_SPECS(tag, LIST)                                                                  \
    static const rg_field_spec tag##_specs[] = {LIST(RG_FIELD_SPEC_, tag)}
#define RG_MODULE_FIELDS(tag)                                                                      \
    .fields = tag##_specs, .n_fields = sizeof tag##_specs / sizeof tag##_specs[0],                 \
    .cols_size = sizeof(struct tag)

/* Summary columns (one row per month): each module declares
 *     #define <MODULE>_SUMMARY(X, s)  X(s, TYPE, name, units, description) ...
 * with TYPE one of I32, I64, F64; RG_SUMMARY_STRUCT makes the struct of one row
 * that the module's record hook fills, RG_SUMMARY_SPECS its descriptors. */
typedef struct rg_summary_spec {
    const char *name;
    rg_h5type type; /* RG_H5_I32, RG_H5_I64 or RG_H5_F64 */
    size_t offset;  /* in the module's row struct */
    const char *units;
    const char *description;
} rg_summary_spec;

#define RG_SUMMARY_CTYPE_I32 int32_t
#define RG_SUMMARY_CTYPE_I64 int64_t
#define RG_SUMMARY_CTYPE_F64 double
#define RG_SUMMARY_MEMBER_(s, T, name, units, desc) RG_SUMMARY_CTYPE_##T name;
#define RG_SUMMARY_STRUCT(tag, LIST)                                                               \
    struct tag {                                                                                   \
        LIST(RG_SUMMARY_MEMBER_, tag)                                                              \
    }
#define RG_SUMMARY_SPEC_(s, T, name, units, desc)                                                  \
    {#name, RG_H5_##T, offsetof(struct s, name), units, desc},
#define RG_SUMMARY_SPECS(tag, LIST)                                                                \
    static const rg_summary_spec tag##_specs[] = {LIST(RG_SUMMARY_SPEC_, tag)}
#define RG_MODULE_SUMMARY(tag)                                                                     \
    .summary_cols = tag##_specs, .n_summary = sizeof tag##_specs / sizeof tag##_specs[0],          \
    .summary_size = sizeof(struct tag)

/* World-level output that is not per agent, declared by the module that makes it
 * (in a static array given with RG_MODULE_OUTPUTS) and bound to its data in the
 * module's init (rg_run_output, run.h):
 * - a series: `width` float64 values appended every month as /GROUP/NAME;
 * - a table column: values written once at the end as /GROUP/NAME. */
typedef enum rg_output_kind { RG_OUTPUT_TABLE, RG_OUTPUT_SERIES } rg_output_kind;

typedef struct rg_output_spec {
    const char *group, *name;
    rg_output_kind kind;
    rg_h5type type;   /* of a table column; series are float64 */
    const char *size; /* its length (or a series' width), for the documentation */
    const char *units;
    const char *description;
} rg_output_spec;

#define RG_MODULE_OUTPUTS(array) .outputs = array, .n_outputs = sizeof array / sizeof array[0]
/* Its table of random purposes (rng.h). */
#define RG_MODULE_PURPOSES(array) .purposes = array, .n_purposes = sizeof array / sizeof array[0]

/* Event types: a module's list RG_<MODULE>_EVENTS(E) lives in schema.h (the codes
 * are part of the output contract, and give the RG_EV_ constants); its file turns
 * the list into descriptors with RG_EVENT_SPECS and names them with
 * RG_MODULE_EVENTS. */
typedef struct rg_event_spec {
    int code;
    const char *name;
    const char *description;
} rg_event_spec;

#define RG_EVENT_SPEC_(name, code, desc) {code, #name, desc},
#define RG_EVENT_SPECS(tag, LIST) static const rg_event_spec tag##_events[] = {LIST(RG_EVENT_SPEC_)}
#define RG_MODULE_EVENTS(tag)                                                                      \
    .events = tag##_events, .n_events = sizeof tag##_events / sizeof tag##_events[0]

#endif
