/*
 * The layout of a sweep's index file, DIR/index.h5 (format "reintegra-sweep",
 * index_version 1), declared once: the sweep workflow writes it from these
 * tables, the sensitivity analysis and outside tools read it, and the table in
 * docs/guides/sweeps.md is generated from them (`reintegra sweep --layout`).
 * Part of the output contract: it depends on nothing else.
 */
#ifndef REINTEGRA_SWEEP_INDEX_H
#define REINTEGRA_SWEEP_INDEX_H

enum {
    RG_INDEX_VERSION = 1,
    RG_SWEEP_MAX_PARAMS = 40,  /* the Sobol sequence's dimension limit (GSL) */
    RG_SWEEP_MAX_METRICS = 24, /* headline metrics per task */
    RG_SWEEP_METRIC_YEARS = 5, /* cumulative measures for years 1..5 at most */
    RG_SWEEP_MIN_SALTELLI = 8  /* base samples a Saltelli design needs at least */
};

/* Designs: X(ID, name). Their codes are stored in the index (attribute design_code). */
#define RG_DESIGNS(X)                                                                              \
    X(GRID, "grid")                                                                                \
    X(LHS, "lhs")                                                                                  \
    X(SOBOL, "sobol")                                                                              \
    X(SALTELLI, "saltelli")

#define RG_DESIGN_ENUM_(id, name) RG_DESIGN_##id,
#define RG_DESIGN_ONE_(id, name) +1
typedef enum rg_design { RG_DESIGNS(RG_DESIGN_ENUM_) } rg_design;
enum { RG_DESIGN_COUNT = 0 RG_DESIGNS(RG_DESIGN_ONE_) };
#undef RG_DESIGN_ENUM_
#undef RG_DESIGN_ONE_

/* "grid", "lhs", ...; NULL for a code that is not a design. */
static inline const char *rg_design_name(rg_design d)
{
#define RG_DESIGN_CASE_(id, name)                                                                  \
    case RG_DESIGN_##id: return name;
    switch (d) {
        RG_DESIGNS(RG_DESIGN_CASE_)
    default: return 0;
    }
#undef RG_DESIGN_CASE_
}

/* Task states, as written to the manifest and the index (dataset tasks/state). */
typedef enum rg_task_state {
    RG_TASK_MISSING = 0, /* not run yet, or interrupted */
    RG_TASK_DONE = 1,
    RG_TASK_FAILED = 2
} rg_task_state;

/* Kinds of the index's objects and attributes. */
typedef enum rg_index_kind {
    RG_IDX_GROUP,   /* a group (its description is an attribute) */
    RG_IDX_TEXT,    /* a scalar string */
    RG_IDX_STRINGS, /* strings */
    RG_IDX_INT,     /* int64 */
    RG_IDX_CODE,    /* int8 */
    RG_IDX_REAL,    /* float64 */
    RG_IDX_LINK     /* an external link */
} rg_index_kind;

/* Root attributes: X(ID, name, kind, meaning). */
#define RG_INDEX_ATTRIBUTES(X)                                                                     \
    X(FORMAT, "format", TEXT, "`reintegra-sweep`")                                                 \
    X(INDEX_VERSION, "index_version", INT, "1, the version of this layout")                        \
    X(REINTEGRA_VERSION, "reintegra_version", TEXT, "version of the program that wrote it")        \
    X(GIT_REVISION, "git_revision", TEXT, "its git revision")                                      \
    X(FINGERPRINT, "fingerprint", TEXT, "hash of the resolved design, as in DIR/fingerprint")      \
    X(DESIGN, "design", TEXT, "`grid`, `lhs`, `sobol` or `saltelli`")                              \
    X(DESIGN_CODE, "design_code", INT, "0 grid, 1 lhs, 2 sobol, 3 saltelli")                       \
    X(REQUESTED, "requested", INT, "`points` of the sweep file (saltelli: base samples N)")        \
    X(POINTS, "points", INT, "design points")                                                      \
    X(REPLICATES, "replicates", INT, "runs per point")                                             \
    X(SEED, "seed", INT, "seed of replicate 0 and of the design's draws")                          \
    X(TASKS, "tasks", INT, "points x replicates")                                                  \
    X(TASKS_DONE, "tasks_done", INT, "tasks done")                                                 \
    X(TASKS_FAILED, "tasks_failed", INT, "tasks that failed")                                      \
    X(TASKS_MISSING, "tasks_missing", INT, "tasks not run, or interrupted")                        \
    X(CREATED_UTC, "created_utc", TEXT, "when the index was written")                              \
    X(SWEEP_FILE, "sweep_file", TEXT, "the sweep file, as named on the command line")              \
    X(SET, "set", TEXT,                                                                            \
      "the command line's `--set` assignments over the base, one per line (empty: none)")

/* Objects: X(ID, path, kind, shape, units, description). The description is
 * written as the object's `description` attribute; datasets also get `units`.
 * NAME stands for each varied parameter or metric, NNNNNN for a task number. */
#define RG_INDEX_OBJECTS(X)                                                                        \
    X(SWEEP_CONFIG, "sweep_config", TEXT, "", "-", "the sweep file, as read")                      \
    X(BASE_CONFIG, "base_config", TEXT, "", "-",                                                   \
      "the base scenario with the sweep's fixed settings, resolved; each task sets the varied "    \
      "parameters and run.seed over it")                                                           \
    X(TASKS, "tasks", GROUP, "", "",                                                               \
      "one row per task: task k is point k / replicates, replicate k % replicates")                \
    X(TASK, "tasks/task", INT, "tasks", "id", "task index")                                        \
    X(TASK_POINT, "tasks/point", INT, "tasks", "id", "design point (row of /design/values)")       \
    X(TASK_REPLICATE, "tasks/replicate", INT, "tasks", "id", "replicate of the point")             \
    X(TASK_SEED, "tasks/seed", INT, "tasks", "-", "run.seed of the task (sweep seed + replicate)") \
    X(TASK_STATE, "tasks/state", CODE, "tasks", "code",                                            \
      "0 missing (not run or interrupted), 1 done, 2 failed")                                      \
    X(TASK_SECONDS, "tasks/seconds", REAL, "tasks", "s",                                           \
      "wall time of the task, file writing included (NaN: unknown)")                               \
    X(TASK_MESSAGE, "tasks/message", STRINGS, "tasks", "-", "error of a failed task, else empty")  \
    X(TASK_FILE, "tasks/file", STRINGS, "tasks", "-",                                              \
      "the task's run file, relative to the index (empty: none yet)")                              \
    X(PARAMETERS, "parameters", GROUP, "", "", "the varied parameters: one value per task")        \
    X(PARAMETER, "parameters/NAME", REAL, "tasks", "the parameter's",                              \
      "value of varied parameter NAME; its meaning from the registry, attributes `min`, `max` "    \
      "and `type`")                                                                                \
    X(METRICS, "metrics", GROUP, "", "",                                                           \
      "headline results of each task (NaN: not done, or not followed that long)")                  \
    X(METRIC, "metrics/NAME", REAL, "tasks", "percent",                                            \
      "headline metric NAME: `arrest_yY`, `conviction_yY`, `return_to_prison_yY` (first arrest, "  \
      "convicted arrest or return to prison within Y years of release, for each year 1..5 "        \
      "that the longest run covers), `free_end`, `prison_end` (free or in prison at the end)")     \
    X(DESIGN, "design", GROUP, "", "",                                                             \
      "the design: values [point, parameter]; Saltelli designs come in blocks of parameters + 2 "  \
      "rows (A, AB_1..AB_d, B)")                                                                   \
    X(DESIGN_VALUES, "design/values", REAL, "points, parameters", "-",                             \
      "parameter values of each point; columns as in `parameters`")                                \
    X(DESIGN_PARAMETERS, "design/parameters", STRINGS, "parameters", "-",                          \
      "names of the columns of `values`")                                                          \
    X(RUNS, "runs", GROUP, "", "",                                                                 \
      "external links to the run file of every done task (the file's root)")                       \
    X(RUN, "runs/task-NNNNNN", LINK, "", "",                                                       \
      "the root of tasks/task-NNNNNN.h5 (follow it as if the run were part of the index)")

#define RG_INDEX_ATTR_ENUM_(id, ...) RG_INDEX_ATTR_##id,
typedef enum rg_index_attribute {
    RG_INDEX_ATTRIBUTES(RG_INDEX_ATTR_ENUM_) RG_INDEX_ATTRIBUTE_COUNT
} rg_index_attribute;
#undef RG_INDEX_ATTR_ENUM_
#define RG_INDEX_OBJ_ENUM_(id, ...) RG_INDEX_OBJ_##id,
typedef enum rg_index_object {
    RG_INDEX_OBJECTS(RG_INDEX_OBJ_ENUM_) RG_INDEX_OBJECT_COUNT
} rg_index_object;
#undef RG_INDEX_OBJ_ENUM_

/* Names, for readers: an attribute's name and an object's path ("tasks/state"). */
static inline const char *rg_index_attribute_name(rg_index_attribute a)
{
#define RG_INDEX_CASE_(id, name, ...)                                                              \
    case RG_INDEX_ATTR_##id: return name;
    switch (a) {
        RG_INDEX_ATTRIBUTES(RG_INDEX_CASE_)
    default: return 0;
    }
#undef RG_INDEX_CASE_
}
static inline const char *rg_index_object_path(rg_index_object o)
{
#define RG_INDEX_CASE_(id, path, ...)                                                              \
    case RG_INDEX_OBJ_##id: return path;
    switch (o) {
        RG_INDEX_OBJECTS(RG_INDEX_CASE_)
    default: return 0;
    }
#undef RG_INDEX_CASE_
}

#endif
