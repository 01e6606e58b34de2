/* Calibration files: their keys (one table), and reading them. */
#include <libconfig.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/files.h"
#include "reintegra/calibrate.h"
#include "reintegra/config.h"
#include "reintegra/groups.h"
#include "reintegra/keys.h"

/* --- the keys of a calibration file --------------------------------------------- */

static const char *const method_choices[] = {"nelder-mead", "abc-rejection", NULL};

static const rg_key_desc param_keys[] = {
    {"name", RG_KEY_TEXT, .required = 1, .example = "\"offending.base_rate\"",
     .meaning = "a real parameter of the registry (`reintegra params`)"},
    {"min", RG_KEY_REAL, -HUGE_VAL, HUGE_VAL, .required = 1, .example = "0.01",
     .meaning = "the lower bound, inside the registry's range"},
    {"max", RG_KEY_REAL, -HUGE_VAL, HUGE_VAL, .required = 1, .example = "0.5",
     .meaning = "the upper bound, above `min` and inside the registry's range"},
    {"start", RG_KEY_REAL, -HUGE_VAL, HUGE_VAL, .def = "the base's value", .example = "0.1",
     .meaning = "Nelder-Mead's starting value, strictly inside the bounds"},
};
static const rg_key_table param_table = {"key of a parameter entry", param_keys,
                                         sizeof param_keys / sizeof param_keys[0]};

static const rg_key_desc target_keys[] = {
    {"file", RG_KEY_TEXT, .required = 1, .example = "\"../../data/targets/bjs_2012_cohort.csv\"",
     .meaning = "target curves (CSV), relative to the calibration file: cumulative percent by "
                "year (`measure,group,year1,...`), by month (`month,MEASURE,...`, fitted as "
                "the within-year shape) or the cohort's composition (`dimension,group,released`: "
                "the prior-arrest groups' shares)"},
    {"rows", RG_KEY_TEXTS, 1, RG_CAL_MAX_ROWS, .def = "every row", .example = "[\"arrest:all\"]",
     .meaning = "the rows to fit, as `measure:group`"},
    {"weight", RG_KEY_REAL, 0, HUGE_VAL, 1, .def = "1", .example = "3.0",
     .meaning = "weight of these rows in the objective"},
};
static const rg_key_table target_table = {"key of a target entry", target_keys,
                                          sizeof target_keys / sizeof target_keys[0]};

static const rg_key_desc calibration_keys[] = {
    {"base", RG_KEY_TEXT, .required = 1, .example = "\"../baseline.cfg\"",
     .meaning = "the base scenario, relative to the calibration file"},
    {"method", RG_KEY_CHOICE, .choices = method_choices, .def = "`nelder-mead`",
     .example = "\"abc-rejection\"",
     .meaning = "Nelder-Mead simplex on logit-bounded parameters (`nelder-mead`), or ABC "
                "rejection from uniform priors on the bounds (`abc-rejection`)"},
    {"agents", RG_KEY_INT, 1, 2e9, .def = "the base's `run.agents`", .example = "50000",
     .meaning = "people per run"},
    {"replicates", RG_KEY_INT, 1, 1000, .def = "1", .example = "2",
     .meaning = "runs per evaluation, with seeds `seed` .. `seed` + R - 1; the model's value is "
                "their mean"},
    {"seed", RG_KEY_INT, 0, 9007199254740991.0, .def = "the base's `run.seed`", .example = "20120",
     .meaning = "seed of the runs (the same for every evaluation: common random numbers) and "
                "of ABC's prior draws"},
    {"months", RG_KEY_INT, 1, 1200, .def = "the base's `run.months`", .example = "60",
     .meaning = "months simulated; raised to cover the targets' last point"},
    {"max_evaluations", RG_KEY_INT, 1, 1e9, .def = "500", .example = "1200",
     .meaning = "Nelder-Mead: the most model evaluations"},
    {"restarts", RG_KEY_INT, 0, 100, .def = "0", .example = "2",
     .meaning = "Nelder-Mead: fresh simplices from the best point"},
    {"tolerance", RG_KEY_REAL, 0, HUGE_VAL, 1, .def = "0.001", .example = "1e-3",
     .meaning = "Nelder-Mead: stop when the simplex (on the logit scale) is smaller"},
    {"abc_draws", RG_KEY_INT, 2, 1e8, .def = "1000", .example = "1000",
     .meaning = "ABC: draws from the prior"},
    {"abc_accept", RG_KEY_REAL, 0, 1, 1, .def = "0.05", .example = "0.05",
     .meaning = "ABC: the share of draws accepted, the closest to the targets"},
    {"output", RG_KEY_TEXT, .def = "the file's name", .example = "\"fit\"",
     .meaning = "prefix of the output files (`-o` on the command line wins)"},
    {"parameters", RG_KEY_ENTRIES, 1, RG_CAL_MAX_PARAMS, .required = 1, .entries = &param_table,
     .example = "( { name = \"offending.base_rate\"; min = 0.01; max = 0.5; } )",
     .meaning = "the parameters to fit, one group each"},
    {"targets", RG_KEY_ENTRIES, 1, 64, .required = 1, .entries = &target_table,
     .example = "( { file = \"targets.csv\"; rows = [\"arrest:all\"]; } )",
     .meaning = "the target curves, one group per file"},
};
static const rg_key_table calibration_table = {
    "calibration key", calibration_keys, sizeof calibration_keys / sizeof calibration_keys[0]};

const rg_key_table *rg_calibration_keys(void)
{
    return &calibration_table;
}

/* --- parameters ------------------------------------------------------------------ */

static void where_of(const config_setting_t *s, const char *path, char *buf, size_t size)
{
    snprintf(buf, size, "%s:%u", path, config_setting_source_line(s));
}

/* The registry's parameter named by an entry: real, listed once. */
static rg_status entry_param(const rg_calibration *c, const config_setting_t *g, const char *where,
                             const rg_param_desc **out, rg_error *err)
{
    const char *name = NULL;
    if (!config_setting_is_group(g) || !config_setting_lookup_string(g, "name", &name))
        return rg_error_set(err, RG_EINPUT, "%s: parameters: each entry needs name = \"group.key\"",
                            where);
    const rg_param_desc *d = rg_param_find(name);
    if (!d) {
        const char *hint = rg_param_suggest(name);
        return rg_error_set(err, RG_EINPUT, "%s: parameters: %s: unknown parameter%s%s%s", where,
                            name, hint ? "; did you mean " : "", hint ? hint : "", hint ? "?" : "");
    }
    if (d->type != RG_PT_REAL)
        return rg_error_set(err, RG_EINPUT,
                            "%s: parameters: %s is %s; only real-valued parameters can be fitted",
                            where, name, rg_param_type_name(d->type));
    for (size_t k = 0; k < c->np; k++)
        if (c->par[k].desc == d)
            return rg_error_set(err, RG_EINPUT, "%s: parameters: %s is listed twice", where, name);
    char context[300];
    snprintf(context, sizeof context, "parameters: %s", name);
    RG_TRY(rg_keys_check(&param_table, g, c->path, context, err));
    *out = d;
    return RG_OK;
}

/* The base scenario's value of a parameter. */
static double base_value(const rg_calibration *c, const rg_param_desc *d)
{
    char text[64];
    rg_param_format(d, &c->params, text, sizeof text);
    return strtod(text, NULL);
}

static rg_status load_param(rg_calibration *c, const config_setting_t *g, rg_error *err)
{
    char where[PATH_MAX + 16];
    where_of(g, c->path, where, sizeof where);
    const rg_param_desc *d = NULL;
    RG_TRY(entry_param(c, g, where, &d, err));
    double lo, hi;
    rg_key_number(g, "min", &lo);
    rg_key_number(g, "max", &hi);
    if (!(lo < hi) || lo < d->min || hi > d->max)
        return rg_error_set(err, RG_EINPUT,
                            "%s: parameters: %s: bounds [%g, %g] must be increasing and inside "
                            "the registry's range [%g, %g]",
                            where, d->name, lo, hi, d->min, d->max);
    rg_cal_param *p = &c->par[c->np++];
    p->desc = d;
    p->lo = lo;
    p->hi = hi;
    if (!rg_key_number(g, "start", &p->start)) p->start = base_value(c, d);
    if (!(p->start > lo && p->start < hi))
        return rg_error_set(err, RG_EINPUT,
                            "%s: parameters: %s: start %g must lie strictly inside [%g, %g]", where,
                            d->name, p->start, lo, hi);
    return RG_OK;
}

/* --- targets ----------------------------------------------------------------------- */

/* "measures: arrest, ...; groups: all, ..." (what the model can produce). */
static void producible(char *buf, size_t size)
{
    size_t used = (size_t)snprintf(buf, size, "measures:");
    for (int m = 0; m < RG_MEASURE_COUNT && used < size; m++)
        used += (size_t)snprintf(buf + used, size - used, "%s %s", m ? "," : "",
                                 rg_measure_name((rg_measure)m));
    used += used < size ? (size_t)snprintf(buf + used, size - used, "; groups:") : 0;
    for (int g = 0, first = 1; g < RG_GROUP_COUNT && used < size; g++) {
        if (!rg_group_valid(rg_group_key((rg_group)g))) continue;
        used += (size_t)snprintf(buf + used, size - used, "%s %s", first ? "" : ",",
                                 rg_group_key((rg_group)g));
        first = 0;
    }
}

/* Add target row `src` (selected as `label`) with its weight. */
static rg_status add_row(rg_calibration *c, const rg_target_row *src, const char *label,
                         double weight, const char *where, rg_error *err)
{
    if (src->composition ? !rg_target_composition_valid(src)
                         : (src->measure < 0 || !rg_group_valid(src->group))) {
        char can[512];
        producible(can, sizeof can);
        return rg_error_set(err, RG_EINPUT,
                            "%s: targets: row '%s' cannot be produced by the model (%s)", where,
                            label, can);
    }
    if (c->nrows == RG_CAL_MAX_ROWS)
        return rg_error_set(err, RG_EINPUT, "%s: targets: at most %d rows", where, RG_CAL_MAX_ROWS);
    c->rows[c->nrows] = *src;
    c->rows[c->nrows].weight = weight;
    c->nrows++;
    return RG_OK;
}

/* The rows of a target file that an entry selects (every row without `rows`). */
static rg_status select_rows(rg_calibration *c, const config_setting_t *g, const rg_target_row *all,
                             size_t count, const char *file, const char *where, rg_error *err)
{
    double weight = 1.0;
    rg_key_number(g, "weight", &weight);
    const config_setting_t *rows = config_setting_get_member(g, "rows");
    if (!rows) {
        for (size_t r = 0; r < count; r++) {
            char label[160];
            snprintf(label, sizeof label, "%s:%s", all[r].measure_name, all[r].group);
            RG_TRY(add_row(c, &all[r], label, weight, where, err));
        }
        return RG_OK;
    }
    for (int k = 0; k < config_setting_length(rows); k++) {
        const char *sel = config_setting_get_string_elem(rows, (unsigned)k);
        const rg_target_row *src = NULL;
        for (size_t r = 0; r < count; r++) {
            char name[160];
            snprintf(name, sizeof name, "%s:%s", all[r].measure_name, all[r].group);
            if (!strcmp(name, sel)) src = &all[r];
        }
        if (!src)
            return rg_error_set(err, RG_EINPUT, "%s: targets: row '%s' is not in %s", where, sel,
                                file);
        RG_TRY(add_row(c, src, sel, weight, where, err));
    }
    return RG_OK;
}

static rg_status load_target(rg_calibration *c, const config_setting_t *g, rg_error *err)
{
    char where[PATH_MAX + 16];
    where_of(g, c->path, where, sizeof where);
    const char *file = NULL;
    if (!config_setting_is_group(g) || !config_setting_lookup_string(g, "file", &file))
        return rg_error_set(err, RG_EINPUT, "%s: targets: each entry needs file = \"...\"", where);
    RG_TRY(rg_keys_check(&target_table, g, c->path, "targets", err));
    char path[PATH_MAX];
    rg_path_relative_to(c->path, file, path, sizeof path);
    rg_target_row *all = calloc(RG_CAL_MAX_ROWS, sizeof *all);
    if (!all) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    size_t count = 0;
    rg_error inner = {0};
    rg_status st = rg_targets_read(path, all, RG_CAL_MAX_ROWS, &count, &inner);
    if (st != RG_OK)
        st = rg_error_set(err, RG_EINPUT, "%s: targets: %s", where, inner.msg);
    else
        st = select_rows(c, g, all, count, path, where, err);
    free(all);
    return st;
}

/* --- the file ------------------------------------------------------------------------ */

/* The base scenario, and the settings with their defaults. */
static rg_status load_settings(rg_calibration *c, const config_setting_t *root, rg_error *err)
{
    const char *base = NULL, *output = NULL;
    rg_key_text(root, "base", &base);
    snprintf(c->base_text, sizeof c->base_text, "%s", base);
    rg_path_relative_to(c->path, base, c->base, sizeof c->base);
    rg_params_defaults(&c->params);
    RG_TRY(rg_config_load(&c->params, c->base, err));
    c->method =
        rg_key_choice(&calibration_table, root, "method") == 1 ? RG_CAL_ABC : RG_CAL_NELDER_MEAD;
    double v;
    c->agents = rg_key_number(root, "agents", &v) ? (long long)v : c->params.run.agents;
    c->seed = rg_key_number(root, "seed", &v) ? (long long)v : c->params.run.seed;
    c->replicates = rg_key_number(root, "replicates", &v) ? (int)v : 1;
    c->max_evaluations = rg_key_number(root, "max_evaluations", &v) ? (int)v : 500;
    c->restarts = rg_key_number(root, "restarts", &v) ? (int)v : 0;
    c->abc_draws = rg_key_number(root, "abc_draws", &v) ? (int)v : 1000;
    if (!rg_key_number(root, "tolerance", &c->tolerance)) c->tolerance = 1e-3;
    if (!rg_key_number(root, "abc_accept", &c->abc_accept)) c->abc_accept = 0.05;
    if (rg_key_text(root, "output", &output)) snprintf(c->output, sizeof c->output, "%s", output);
    return RG_OK;
}

/* The runs' settings: agents, and months enough for every target's last point. */
static rg_status run_settings(rg_calibration *c, const config_setting_t *root, rg_error *err)
{
    int years = 0;
    for (size_t r = 0; r < c->nrows; r++)
        for (int k = 0; k < c->rows[r].years; k++)
            if ((c->rows[r].months[k] + 11) / 12 > years) years = (c->rows[r].months[k] + 11) / 12;
    c->params.run.agents = c->agents;
    double months;
    if (rg_key_number(root, "months", &months)) c->params.run.months = (long long)months;
    if (c->params.run.months < 12LL * years) c->params.run.months = 12LL * years;
    return rg_params_validate(&c->params, err);
}

static rg_status load(rg_calibration *c, const config_setting_t *root, rg_error *err)
{
    RG_TRY(rg_keys_check(&calibration_table, root, c->path, "", err));
    RG_TRY(load_settings(c, root, err));
    const config_setting_t *list = config_setting_get_member(root, "parameters");
    for (int i = 0; i < config_setting_length(list); i++)
        RG_TRY(load_param(c, config_setting_get_elem(list, (unsigned)i), err));
    list = config_setting_get_member(root, "targets");
    for (int i = 0; i < config_setting_length(list); i++)
        RG_TRY(load_target(c, config_setting_get_elem(list, (unsigned)i), err));
    return run_settings(c, root, err);
}

rg_status rg_calibration_load(rg_calibration *c, const char *path, rg_error *err)
{
    memset(c, 0, sizeof *c);
    snprintf(c->path, sizeof c->path, "%s", path);
    config_t cfg;
    config_init(&cfg);
    rg_status st;
    if (config_read_file(&cfg, path) != CONFIG_TRUE)
        st = config_error_type(&cfg) == CONFIG_ERR_FILE_IO
                 ? rg_error_set(err, RG_EINPUT, "%s: cannot read the file", path)
                 : rg_error_set(err, RG_EINPUT, "%s:%d: syntax error: %s", path,
                                config_error_line(&cfg), config_error_text(&cfg));
    else
        st = load(c, config_root_setting(&cfg), err);
    config_destroy(&cfg);
    return st;
}
