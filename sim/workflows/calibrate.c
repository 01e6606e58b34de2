/* Calibration: Nelder-Mead (GSL) and ABC rejection over the model. */
#include "reintegra/calibrate.h"

#include <errno.h>
#include <hdf5.h>
#include <libconfig.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "common/files.h"
#include "common/h5io.h"
#include "workflows/internal.h"
#include "reintegra/build_info.h"
#include "reintegra/config.h"
#include "reintegra/rng.h"
#include "reintegra/run.h"
#include "reintegra/workflow.h"

/* --- targets --------------------------------------------------------------- */

/* Split a CSV line in place; returns the number of fields (at most max). */
static int split_csv(char *line, char **fields, int max)
{
    int n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(line, ",", &save); tok && n < max; tok = strtok_r(NULL, ",", &save))
        fields[n++] = tok;
    return n;
}

static int parse_number(const char *s, double *v)
{
    char *end;
    *v = strtod(s, &end);
    return *s && !*end;
}

rg_status rg_targets_read(const char *path, rg_target_row *rows, size_t max, size_t *count,
                          rg_error *err)
{
    *count = 0;
    FILE *f = fopen(path, "r");
    if (!f) return rg_error_set(err, RG_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    char line[4096];
    int lineno = 0, monthly = -1, ncols = 0;
    char header[8][64];
    /* Monthly files: the cumulative percent by month, per measure column. */
    double cum[8][RG_CAL_MAX_YEARS + 1];
    int month_at[RG_CAL_MAX_YEARS + 1], nmonths = 0;
    rg_status st = RG_OK;
    while (st == RG_OK && fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#') continue;
        char *field[RG_CAL_MAX_YEARS + 3];
        int n = split_csv(line, field, RG_CAL_MAX_YEARS + 3);
        if (monthly < 0) {
            if (n >= 3 && !strcmp(field[0], "measure") && !strcmp(field[1], "group") &&
                !strcmp(field[2], "year1")) {
                monthly = 0;
            } else if (n >= 2 && n <= 8 && !strcmp(field[0], "month")) {
                monthly = 1;
                ncols = n;
                for (int k = 0; k < n; k++) snprintf(header[k], sizeof header[k], "%s", field[k]);
            } else {
                st = rg_error_set(err, RG_EINPUT,
                                  "%s:%d: expected the header measure,group,year1,year2,... "
                                  "or month,MEASURE,...",
                                  path, lineno);
            }
            continue;
        }
        if (monthly) {
            double m;
            if (n != ncols || !parse_number(field[0], &m) || m < 1 || m > 1200 ||
                nmonths == RG_CAL_MAX_YEARS + 1) {
                st =
                    rg_error_set(err, RG_EINPUT, "%s:%d: expected %d numbers", path, lineno, ncols);
                break;
            }
            month_at[nmonths] = (int)m;
            for (int k = 1; k < n && st == RG_OK; k++)
                if (!parse_number(field[k], &cum[k][nmonths]))
                    st = rg_error_set(err, RG_EINPUT, "%s:%d: '%s' is not a number", path, lineno,
                                      field[k]);
            nmonths++;
            continue;
        }
        if (*count == max) {
            st = rg_error_set(err, RG_EINPUT, "%s:%d: more than %zu rows", path, lineno, max);
            break;
        }
        rg_target_row *r = &rows[*count];
        memset(r, 0, sizeof *r);
        if (n < 3) {
            st = rg_error_set(err, RG_EINPUT, "%s:%d: expected measure,group and yearly values",
                              path, lineno);
            break;
        }
        snprintf(r->measure_name, sizeof r->measure_name, "%s", field[0]);
        snprintf(r->group, sizeof r->group, "%s", field[1]);
        for (int k = 2; k < n && k - 2 < RG_CAL_MAX_YEARS && st == RG_OK; k++) {
            if (!parse_number(field[k], &r->value[k - 2]))
                st = rg_error_set(err, RG_EINPUT, "%s:%d: '%s' is not a number", path, lineno,
                                  field[k]);
            r->months[k - 2] = 12 * (k - 1);
            r->years = k - 1;
        }
        r->measure = rg_measure_parse(r->measure_name);
        r->weight = 1.0;
        snprintf(r->source, sizeof r->source, "%s", path);
        if (st == RG_OK) (*count)++;
    }
    fclose(f);
    if (st == RG_OK && monthly < 0) st = rg_error_set(err, RG_EINPUT, "%s: no header line", path);
    if (st == RG_OK && monthly == 1) {
        /* Shape: percent of the 12-month value, at the months before 12. */
        int at12 = -1;
        for (int k = 0; k < nmonths; k++)
            if (month_at[k] == 12) at12 = k;
        if (at12 < 0) st = rg_error_set(err, RG_EINPUT, "%s: a monthly file needs month 12", path);
        for (int c = 1; st == RG_OK && c < ncols; c++) {
            if (*count == max) {
                st = rg_error_set(err, RG_EINPUT, "%s: too many rows", path);
                break;
            }
            rg_target_row *r = &rows[*count];
            memset(r, 0, sizeof *r);
            snprintf(r->measure_name, sizeof r->measure_name, "%s", header[c]);
            snprintf(r->group, sizeof r->group, "all");
            r->measure = rg_measure_parse(r->measure_name);
            r->shape = 1;
            r->weight = 1.0;
            snprintf(r->source, sizeof r->source, "%s", path);
            for (int k = 0; k < nmonths; k++) {
                if (month_at[k] >= 12 || !(cum[c][at12] > 0)) continue;
                r->months[r->years] = month_at[k];
                r->value[r->years] = 100.0 * cum[c][k] / cum[c][at12];
                r->years++;
            }
            (*count)++;
        }
    }
    return st;
}

double rg_target_model_value(const rg_target_row *row, int k, const rg_outcome_columns *cols)
{
    /* BJS 2005 Figure 1 dates convictions by the court's decision: its monthly
     * shape is compared with convictions so dated. */
    rg_outcome_columns by_date;
    if (row->shape && row->measure == RG_MEASURE_CONVICTION && cols->first_conviction_date) {
        by_date = *cols;
        by_date.first[RG_MEASURE_CONVICTION] = cols->first_conviction_date;
        cols = &by_date;
    }
    double v = rg_cumulative_percent_months(cols, (rg_measure)row->measure, row->group,
                                            row->months[k], NULL);
    if (!row->shape) return v;
    double at12 =
        rg_cumulative_percent_months(cols, (rg_measure)row->measure, row->group, 12, NULL);
    return at12 > 0 ? 100.0 * v / at12 : NAN;
}

void rg_target_point_label(const rg_target_row *row, int k, char *buf, size_t size)
{
    if (row->shape)
        snprintf(buf, size, "month %d (%% of 12)", row->months[k]);
    else
        snprintf(buf, size, "year %d", row->months[k] / 12);
}

/* --- the calibration file --------------------------------------------------- */

static void where_of(const config_setting_t *s, const char *path, char *buf, size_t size)
{
    snprintf(buf, size, "%s:%u", path, config_setting_source_line(s));
}

static const char *const top_keys[] = {
    "base",      "method",     "agents", "replicates", "seed",    "max_evaluations", "tolerance",
    "abc_draws", "abc_accept", "output", "parameters", "targets", "months",          "restarts"};

static rg_status load_parameters(rg_calibration *c, const config_setting_t *list, rg_error *err)
{
    char where[PATH_MAX + 16];
    int n = config_setting_length(list);
    where_of(list, c->path, where, sizeof where);
    if (!config_setting_is_list(list) || n == 0)
        return rg_error_set(err, RG_EINPUT,
                            "%s: parameters: expected a list of groups such as "
                            "( { name = \"offending.base_rate\"; min = 0.01; max = 0.5; } )",
                            where);
    if (n > RG_CAL_MAX_PARAMS)
        return rg_error_set(err, RG_EINPUT, "%s: parameters: at most %d", where, RG_CAL_MAX_PARAMS);
    for (int i = 0; i < n; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        where_of(g, c->path, where, sizeof where);
        const char *name = NULL;
        double lo, hi;
        if (!config_setting_is_group(g) || !config_setting_lookup_string(g, "name", &name))
            return rg_error_set(err, RG_EINPUT,
                                "%s: parameters: each entry needs name = \"group.key\"", where);
        const rg_param_desc *d = rg_param_find(name);
        if (!d) {
            const char *hint = rg_param_suggest(name);
            return rg_error_set(err, RG_EINPUT, "%s: parameters: %s: unknown parameter%s%s%s",
                                where, name, hint ? "; did you mean " : "", hint ? hint : "",
                                hint ? "?" : "");
        }
        if (d->type != RG_PT_REAL)
            return rg_error_set(
                err, RG_EINPUT,
                "%s: parameters: %s is %s; only real-valued parameters can be fitted", where, name,
                rg_param_type_name(d->type));
        for (size_t k = 0; k < (size_t)i; k++)
            if (c->par[k].desc == d)
                return rg_error_set(err, RG_EINPUT, "%s: parameters: %s is listed twice", where,
                                    name);
        if (!config_setting_lookup_float(g, "min", &lo) ||
            !config_setting_lookup_float(g, "max", &hi))
            return rg_error_set(err, RG_EINPUT,
                                "%s: parameters: %s: expected real bounds min = ...; max = ...; "
                                "(write 1.0, not 1)",
                                where, name);
        if (!(lo < hi) || lo < d->min || hi > d->max)
            return rg_error_set(err, RG_EINPUT,
                                "%s: parameters: %s: bounds [%g, %g] must be increasing and inside "
                                "the registry's range [%g, %g]",
                                where, name, lo, hi, d->min, d->max);
        rg_cal_param *p = &c->par[c->np++];
        p->desc = d;
        p->lo = lo;
        p->hi = hi;
        p->start = *(const double *)((const char *)&c->params + d->offset);
        double start;
        if (config_setting_lookup_float(g, "start", &start)) p->start = start;
        if (!(p->start > lo && p->start < hi))
            return rg_error_set(err, RG_EINPUT,
                                "%s: parameters: %s: start %g must lie strictly inside [%g, %g]",
                                where, name, p->start, lo, hi);
        for (int k = 0; k < config_setting_length(g); k++) {
            const char *key = config_setting_name(config_setting_get_elem(g, (unsigned)k));
            if (strcmp(key, "name") && strcmp(key, "min") && strcmp(key, "max") &&
                strcmp(key, "start"))
                return rg_error_set(
                    err, RG_EINPUT,
                    "%s: parameters: %s: unknown key '%s'; expected name, min, max, start", where,
                    name, key);
        }
    }
    return RG_OK;
}

static rg_status load_targets(rg_calibration *c, const config_setting_t *list, rg_error *err)
{
    char where[PATH_MAX + 16];
    where_of(list, c->path, where, sizeof where);
    int n = config_setting_length(list);
    if (!config_setting_is_list(list) || n == 0)
        return rg_error_set(err, RG_EINPUT,
                            "%s: targets: expected a list of groups such as "
                            "( { file = \"targets.csv\"; rows = [\"arrest:all\"]; } )",
                            where);
    for (int i = 0; i < n; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        where_of(g, c->path, where, sizeof where);
        const char *file = NULL;
        if (!config_setting_is_group(g) || !config_setting_lookup_string(g, "file", &file))
            return rg_error_set(err, RG_EINPUT, "%s: targets: each entry needs file = \"...\"",
                                where);
        char path[PATH_MAX];
        rg_path_relative_to(c->path, file, path, sizeof path);
        rg_target_row *all = calloc(RG_CAL_MAX_ROWS, sizeof *all);
        if (!all) return rg_error_set(err, RG_EINTERNAL, "out of memory");
        size_t count = 0;
        rg_error inner = {0};
        if (rg_targets_read(path, all, RG_CAL_MAX_ROWS, &count, &inner) != RG_OK) {
            free(all);
            return rg_error_set(err, RG_EINPUT, "%s: targets: %s", where, inner.msg);
        }
        double weight = 1.0;
        config_setting_lookup_float(g, "weight", &weight);
        if (!(weight > 0)) {
            free(all);
            return rg_error_set(err, RG_EINPUT, "%s: targets: weight must be positive", where);
        }
        const config_setting_t *rows = config_setting_get_member(g, "rows");
        int nsel = rows ? config_setting_length(rows) : (int)count;
        for (int k = 0; k < nsel; k++) {
            const rg_target_row *src = NULL;
            char label[160] = "";
            if (rows) {
                const char *sel = config_setting_get_string_elem(rows, (unsigned)k);
                if (!sel) {
                    free(all);
                    return rg_error_set(err, RG_EINPUT,
                                        "%s: targets: rows: expected strings \"measure:group\"",
                                        where);
                }
                snprintf(label, sizeof label, "%s", sel);
                for (size_t r = 0; r < count; r++) {
                    char name[160];
                    snprintf(name, sizeof name, "%s:%s", all[r].measure_name, all[r].group);
                    if (!strcmp(name, sel)) src = &all[r];
                }
                if (!src) {
                    free(all);
                    return rg_error_set(err, RG_EINPUT, "%s: targets: row '%s' is not in %s", where,
                                        label, path);
                }
            } else {
                src = &all[k];
                snprintf(label, sizeof label, "%s:%s", src->measure_name, src->group);
            }
            if (src->measure < 0 || !rg_group_valid(src->group)) {
                free(all);
                return rg_error_set(err, RG_EINPUT,
                                    "%s: targets: row '%s' cannot be produced by the model "
                                    "(measures: arrest, conviction, return_to_prison; groups: all, "
                                    "male, female, age_24_or_younger, age_25_39, age_40_or_older, "
                                    "offense_violent, offense_property, offense_drug, "
                                    "offense_public_order)",
                                    where, label);
            }
            if (c->nrows == RG_CAL_MAX_ROWS) {
                free(all);
                return rg_error_set(err, RG_EINPUT, "%s: targets: at most %d rows", where,
                                    RG_CAL_MAX_ROWS);
            }
            c->rows[c->nrows] = *src;
            c->rows[c->nrows].weight = weight;
            c->nrows++;
        }
        free(all);
    }
    return RG_OK;
}

rg_status rg_calibration_load(rg_calibration *c, const char *path, rg_error *err)
{
    memset(c, 0, sizeof *c);
    snprintf(c->path, sizeof c->path, "%s", path);
    config_t cfg;
    config_init(&cfg);
    if (config_read_file(&cfg, path) != CONFIG_TRUE) {
        rg_status st = config_error_type(&cfg) == CONFIG_ERR_FILE_IO
                           ? rg_error_set(err, RG_EINPUT, "%s: cannot read the file", path)
                           : rg_error_set(err, RG_EINPUT, "%s:%d: syntax error: %s", path,
                                          config_error_line(&cfg), config_error_text(&cfg));
        config_destroy(&cfg);
        return st;
    }
    rg_status st = RG_OK;
    const config_setting_t *root = config_root_setting(&cfg);
    char where[PATH_MAX + 16];
    for (int i = 0; st == RG_OK && i < config_setting_length(root); i++) {
        const config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
        const char *key = config_setting_name(s);
        int known = 0;
        for (size_t k = 0; k < sizeof top_keys / sizeof top_keys[0]; k++)
            known |= !strcmp(key, top_keys[k]);
        if (!known) {
            where_of(s, path, where, sizeof where);
            st = rg_error_set(err, RG_EINPUT,
                              "%s: %s: unknown calibration key; expected base, method, agents, "
                              "replicates, seed, months, max_evaluations, tolerance, abc_draws, "
                              "abc_accept, output, parameters, targets, restarts",
                              where, key);
        }
    }
    const char *base = NULL, *method = "nelder-mead", *output = NULL;
    if (st == RG_OK && !config_lookup_string(&cfg, "base", &base))
        st = rg_error_set(err, RG_EINPUT,
                          "%s: base: missing; name the base scenario, "
                          "e.g. base = \"../baseline.cfg\";",
                          path);
    if (st == RG_OK) {
        snprintf(c->base_text, sizeof c->base_text, "%s", base);
        rg_path_relative_to(path, base, c->base, sizeof c->base);
        rg_params_defaults(&c->params);
        st = rg_config_load(&c->params, c->base, err);
    }
    if (st == RG_OK) {
        config_lookup_string(&cfg, "method", &method);
        if (!strcmp(method, "nelder-mead"))
            c->method = RG_CAL_NELDER_MEAD;
        else if (!strcmp(method, "abc-rejection"))
            c->method = RG_CAL_ABC;
        else {
            where_of(config_lookup(&cfg, "method"), path, where, sizeof where);
            st = rg_error_set(err, RG_EINPUT,
                              "%s: method: \"%s\"; expected \"nelder-mead\" or \"abc-rejection\"",
                              where, method);
        }
    }
    long long ll;
    int iv;
    double dv;
    c->agents = c->params.run.agents;
    c->seed = c->params.run.seed;
    c->replicates = 1;
    c->max_evaluations = 500;
    c->tolerance = 1e-3;
    c->abc_draws = 1000;
    c->abc_accept = 0.05;
    if (st == RG_OK) {
        if (config_lookup_int64(&cfg, "agents", &ll)) c->agents = ll;
        if (config_lookup_int64(&cfg, "seed", &ll)) c->seed = ll;
        if (config_lookup_int(&cfg, "replicates", &iv)) c->replicates = iv;
        if (config_lookup_int(&cfg, "max_evaluations", &iv)) c->max_evaluations = iv;
        if (config_lookup_int(&cfg, "restarts", &iv)) c->restarts = iv;
        if (config_lookup_float(&cfg, "tolerance", &dv)) c->tolerance = dv;
        if (config_lookup_int(&cfg, "abc_draws", &iv)) c->abc_draws = iv;
        if (config_lookup_float(&cfg, "abc_accept", &dv)) c->abc_accept = dv;
        if (c->agents < 1 || c->agents > 2000000000LL || c->replicates < 1 ||
            c->replicates > 1000 || c->max_evaluations < 1 || c->restarts < 0 ||
            c->restarts > 100 || !(c->tolerance > 0) || c->abc_draws < 2 ||
            !(c->abc_accept > 0 && c->abc_accept <= 1) || c->seed < 0)
            st = rg_error_set(err, RG_EINPUT,
                              "%s: agents, replicates, max_evaluations and abc_draws must be "
                              "positive integers, restarts 0 to 100, tolerance positive, "
                              "abc_accept in (0, 1], seed >= 0",
                              path);
    }
    if (st == RG_OK && config_lookup_string(&cfg, "output", &output))
        snprintf(c->output, sizeof c->output, "%s", output);
    const config_setting_t *list;
    if (st == RG_OK) {
        list = config_lookup(&cfg, "parameters");
        st = list ? load_parameters(c, list, err)
                  : rg_error_set(err, RG_EINPUT, "%s: parameters: missing", path);
    }
    if (st == RG_OK) {
        list = config_lookup(&cfg, "targets");
        st = list ? load_targets(c, list, err)
                  : rg_error_set(err, RG_EINPUT, "%s: targets: missing", path);
    }
    if (st == RG_OK) {
        int years = 0;
        for (size_t r = 0; r < c->nrows; r++)
            for (int k = 0; k < c->rows[r].years; k++)
                if ((c->rows[r].months[k] + 11) / 12 > years)
                    years = (c->rows[r].months[k] + 11) / 12;
        c->params.run.agents = c->agents;
        if (config_lookup_int(&cfg, "months", &iv)) c->params.run.months = iv;
        if (c->params.run.months < 12LL * years) c->params.run.months = 12LL * years;
        st = rg_params_validate(&c->params, err);
    }
    config_destroy(&cfg);
    return st;
}

/* --- evaluation ------------------------------------------------------------ */

static void set_value(rg_params *p, const rg_cal_param *cp, double v)
{
    *(double *)((char *)p + cp->desc->offset) = v;
}

rg_status rg_calibration_evaluate(const rg_calibration *c, const double *x, double *model,
                                  double *objective, int threads, rg_error *err)
{
    double sum[RG_CAL_MAX_ROWS * RG_CAL_MAX_YEARS] = {0};
    for (int rep = 0; rep < c->replicates; rep++) {
        rg_params p = c->params;
        p.run.seed = c->seed + rep;
        for (size_t k = 0; k < c->np; k++) set_value(&p, &c->par[k], x[k]);
        rg_run *run = NULL;
        RG_TRY(rg_run_create(&run, &p, threads, err));
        rg_status st = rg_run_complete(run, err);
        if (st != RG_OK) {
            rg_run_free(run);
            return st;
        }
        rg_outcome_columns cols = rg_run_outcomes(run);
        for (size_t r = 0; r < c->nrows; r++)
            for (int y = 0; y < c->rows[r].years; y++)
                sum[r * RG_CAL_MAX_YEARS + (size_t)y] +=
                    rg_target_model_value(&c->rows[r], y, &cols);
        rg_run_free(run);
    }
    double obj = 0.0;
    for (size_t r = 0; r < c->nrows; r++)
        for (int y = 0; y < c->rows[r].years; y++) {
            size_t k = r * RG_CAL_MAX_YEARS + (size_t)y;
            double m = sum[k] / c->replicates, d = m - c->rows[r].value[y];
            if (model) model[k] = m;
            obj += c->rows[r].weight * (isnan(d) ? 1e4 : d * d);
        }
    *objective = obj;
    return RG_OK;
}

/* Bounded parameters are fitted on the logit scale, so the optimiser cannot leave
 * their bounds. */
static double to_unbounded(const rg_cal_param *p, double x)
{
    double u = (x - p->lo) / (p->hi - p->lo);
    return log(u / (1.0 - u));
}

static double to_bounded(const rg_cal_param *p, double y)
{
    return p->lo + (p->hi - p->lo) / (1.0 + exp(-y));
}

typedef struct nm_ctx {
    const rg_calibration *c;
    int threads, evaluations;
    rg_error *err;
    rg_status status;
} nm_ctx;

static double nm_objective(const gsl_vector *y, void *data)
{
    nm_ctx *ctx = data;
    if (ctx->status != RG_OK) return GSL_POSINF;
    double x[RG_CAL_MAX_PARAMS], obj;
    for (size_t k = 0; k < ctx->c->np; k++)
        x[k] = to_bounded(&ctx->c->par[k], gsl_vector_get(y, k));
    ctx->status = rg_calibration_evaluate(ctx->c, x, NULL, &obj, ctx->threads, ctx->err);
    ctx->evaluations++;
    return ctx->status == RG_OK ? obj : GSL_POSINF;
}

static rg_status push_trace(rg_cal_result *res, double v, rg_error *err)
{
    double *t = realloc(res->trace, sizeof *t * (size_t)(res->ntrace + 1));
    if (!t) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    res->trace = t;
    res->trace[res->ntrace++] = v;
    return RG_OK;
}

static rg_status fit_nelder_mead(rg_calibration *c, rg_cal_result *res,
                                 const rg_calibration_options *o, rg_error *err)
{
    const size_t n = c->np;
    const int threads = o->threads;
    nm_ctx ctx = {c, threads, 0, err, RG_OK};
    gsl_multimin_function fn = {nm_objective, n, &ctx};
    gsl_vector *y = gsl_vector_alloc(n), *step = gsl_vector_alloc(n);
    gsl_multimin_fminimizer *m =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, n);
    if (!y || !step || !m) {
        if (y) gsl_vector_free(y);
        if (step) gsl_vector_free(step);
        if (m) gsl_multimin_fminimizer_free(m);
        return rg_error_set(err, RG_EINTERNAL, "out of memory");
    }
    for (size_t k = 0; k < n; k++) gsl_vector_set(y, k, to_unbounded(&c->par[k], c->par[k].start));
    rg_status st = RG_OK;
    int iter = 0;
    /* A Nelder-Mead simplex can stall on a ridge; restarting from the best point
     * with a fresh simplex is the usual remedy (restarts = 0 disables it). */
    for (int round = 0; round <= c->restarts && st == RG_OK; round++) {
        gsl_vector_set_all(step, round == 0 ? 0.5 : 0.25);
        if (round > 0) gsl_vector_memcpy(y, m->x);
        gsl_multimin_fminimizer_set(m, &fn, y, step);
        st = ctx.status;
        while (st == RG_OK && ctx.evaluations < c->max_evaluations) {
            iter++;
            int status = gsl_multimin_fminimizer_iterate(m);
            st = ctx.status;
            if (st != RG_OK) break;
            st = push_trace(res, m->fval, err);
            double size = gsl_multimin_fminimizer_size(m);
            rg_progress p = {"evaluations", ctx.evaluations, 0, 0, round, iter, m->fval, size};
            rg_hooks_progress(&o->hooks, &p);
            if (status || gsl_multimin_test_size(size, c->tolerance) == GSL_SUCCESS) break;
        }
    }
    if (st == RG_OK) {
        double x[RG_CAL_MAX_PARAMS];
        for (size_t k = 0; k < n; k++) {
            c->par[k].fitted = to_bounded(&c->par[k], gsl_vector_get(m->x, k));
            x[k] = c->par[k].fitted;
        }
        res->evaluations = ctx.evaluations;
        st = rg_calibration_evaluate(c, x, res->model, &res->objective, threads, err);
    }
    gsl_multimin_fminimizer_free(m);
    gsl_vector_free(y);
    gsl_vector_free(step);
    return st;
}

typedef struct abc_draw {
    double distance;
    int index;
} abc_draw;

static int by_distance(const void *a, const void *b)
{
    const abc_draw *x = a, *y = b;
    if (x->distance != y->distance) return x->distance < y->distance ? -1 : 1;
    return x->index - y->index;
}

rg_status rg_calibration_abc_draw(const rg_calibration *c, int i, double *theta, double *distance,
                                  rg_error *err)
{
    rg_rng rng;
    rg_rng_init(&rng, (uint64_t)c->seed, RG_STREAM_CALIBRATION, (uint64_t)i, 0);
    for (size_t k = 0; k < c->np; k++)
        theta[k] = c->par[k].lo + rg_rng_u01(&rng) * (c->par[k].hi - c->par[k].lo);
    double values = 0, obj = NAN;
    for (size_t r = 0; r < c->nrows; r++) values += c->rows[r].weight * c->rows[r].years;
    rg_status st = rg_calibration_evaluate(c, theta, NULL, &obj, 1, err);
    *distance = sqrt(obj / values);
    return st;
}

rg_status rg_calibration_abc_finish(rg_calibration *c, rg_cal_result *res, const double *theta,
                                    const double *distance, int threads, rg_error *err)
{
    const size_t n = c->np;
    const int draws = c->abc_draws;
    abc_draw *d = malloc(sizeof *d * (size_t)draws);
    if (!d) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    for (int i = 0; i < draws; i++) d[i] = (abc_draw){distance[i], i};
    qsort(d, (size_t)draws, sizeof *d, by_distance);
    int keep = (int)ceil(c->abc_accept * draws);
    res->naccepted = keep;
    res->posterior = malloc(sizeof *res->posterior * n * (size_t)keep);
    res->distance = malloc(sizeof *res->distance * (size_t)keep);
    rg_status st = RG_OK;
    if (!res->posterior || !res->distance) st = rg_error_set(err, RG_EINTERNAL, "out of memory");
    for (int a = 0; st == RG_OK && a < keep; a++) {
        memcpy(&res->posterior[(size_t)a * n], &theta[(size_t)d[a].index * n], sizeof(double) * n);
        res->distance[a] = d[a].distance;
    }
    /* The point estimate is the posterior mean. */
    double x[RG_CAL_MAX_PARAMS];
    for (size_t k = 0; st == RG_OK && k < n; k++) {
        c->par[k].fitted = gsl_stats_mean(&res->posterior[k], n, (size_t)keep);
        x[k] = c->par[k].fitted;
    }
    res->evaluations = draws;
    if (st == RG_OK) st = rg_calibration_evaluate(c, x, res->model, &res->objective, threads, err);
    free(d);
    return st;
}

/* ABC rejection: draw from the uniform prior on the bounds, keep the closest
 * share. The distance is the weighted root mean squared difference (points). The
 * draws are independent: they are evaluated side by side, one thread per run (each
 * a pure function of its index, so the result does not depend on the schedule). */
static rg_status fit_abc(rg_calibration *c, rg_cal_result *res, const rg_calibration_options *o,
                         rg_error *err)
{
    const size_t n = c->np;
    const int draws = c->abc_draws;
    double *theta = malloc(sizeof *theta * n * (size_t)draws);
    double *dist = malloc(sizeof *dist * (size_t)draws);
    if (!theta || !dist) {
        free(theta);
        free(dist);
        return rg_error_set(err, RG_EINTERNAL, "out of memory");
    }
    rg_status st = RG_OK;
    int done = 0;
    const int workers = o->threads > 0 ? o->threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 1) num_threads(workers)
    for (int i = 0; i < draws; i++) {
        rg_status mine;
#pragma omp atomic read
        mine = st;
        if (mine != RG_OK) continue;
        rg_error local = {0};
        mine = rg_calibration_abc_draw(c, i, &theta[(size_t)i * n], &dist[i], &local);
#pragma omp critical(rg_abc)
        {
            if (mine != RG_OK && st == RG_OK) {
                *err = local;
#pragma omp atomic write
                st = mine;
            }
            done++;
            rg_progress p = {"draws", done, 0, draws, 0, 0, NAN, NAN};
            rg_hooks_progress(&o->hooks, &p);
        }
    }
    if (st == RG_OK) st = rg_calibration_abc_finish(c, res, theta, dist, o->threads, err);
    free(theta);
    free(dist);
    return st;
}

rg_status rg_calibration_run(rg_calibration *c, rg_cal_result *res, const rg_calibration_options *o,
                             rg_error *err)
{
    memset(res, 0, sizeof *res);
    const rg_comm *comm = o->comm;
    if (comm && comm->size > 1) {
        if (c->method == RG_CAL_ABC) return rg_calibration_abc_ranks(c, res, o, err);
        if (comm->rank != 0) return RG_OK;
        rg_hooks_log(&o->hooks, "Nelder-Mead is sequential: it runs on rank 0 only");
    }
    return c->method == RG_CAL_ABC ? fit_abc(c, res, o, err) : fit_nelder_mead(c, res, o, err);
}

void rg_cal_result_free(rg_cal_result *res)
{
    free(res->trace);
    free(res->posterior);
    free(res->distance);
    memset(res, 0, sizeof *res);
}

/* --- outputs --------------------------------------------------------------- */

/* Path of `target` relative to the folder of `from` (both as given, made absolute). */
static void relative_path(const char *from, const char *target, char *out, size_t size)
{
    char a[PATH_MAX], b[PATH_MAX], dir[PATH_MAX + 16];
    snprintf(dir, sizeof dir, "%.*s", PATH_MAX - 1, from);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    if (!realpath(dir, a) || !realpath(target, b)) {
        snprintf(out, size, "%s", target);
        return;
    }
    size_t common = 0, i = 0;
    for (; a[i] && a[i] == b[i]; i++)
        if (a[i] == '/') common = i;
    if (!a[i] && (b[i] == '/' || !b[i])) common = i;
    out[0] = '\0';
    for (const char *p = a + common; *p; p++)
        if (*p == '/') strncat(out, "../", size - strlen(out) - 1);
    strncat(out, b + common + (b[common] == '/'), size - strlen(out) - 1);
}

void rg_calibration_write_table(const rg_calibration *c, const rg_cal_result *res, FILE *f)
{
    fputs("| measure | group | at | target | model | difference |\n"
          "| --- | --- | --- | ---: | ---: | ---: |\n",
          f);
    for (size_t r = 0; r < c->nrows; r++)
        for (int y = 0; y < c->rows[r].years; y++) {
            double m = res->model[r * RG_CAL_MAX_YEARS + (size_t)y];
            char at[64];
            rg_target_point_label(&c->rows[r], y, at, sizeof at);
            fprintf(f, "| %s | %s | %s | %.1f | %.1f | %+.1f |\n", c->rows[r].measure_name,
                    c->rows[r].group, at, c->rows[r].value[y], m, m - c->rows[r].value[y]);
        }
}

static double max_abs_difference(const rg_calibration *c, const rg_cal_result *res)
{
    double worst = 0;
    for (size_t r = 0; r < c->nrows; r++)
        for (int y = 0; y < c->rows[r].years; y++) {
            double d = fabs(res->model[r * RG_CAL_MAX_YEARS + (size_t)y] - c->rows[r].value[y]);
            if (d > worst) worst = d;
        }
    return worst;
}

static rg_status write_scenario(const rg_calibration *c, const rg_cal_result *res, const char *path,
                                const char *date, rg_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f) return rg_error_set(err, RG_EINPUT, "%s: cannot write: %s", path, strerror(errno));
    char base[PATH_MAX];
    relative_path(path, c->base, base, sizeof base);
    fprintf(f,
            "# Fitted by `reintegra calibrate %s` on %s with reintegra %s (%s).\n"
            "# Method %s, %lld agents x %d replicates, seed %lld, %d evaluations;\n"
            "# objective %.4f (weighted sum of squared differences, points^2), largest\n"
            "# difference %.2f points over %zu target rows.\n"
            "inherit = \"%s\";\n",
            c->path, date, RG_VERSION, RG_GIT_REVISION,
            c->method == RG_CAL_ABC ? "abc-rejection" : "nelder-mead", c->agents, c->replicates,
            c->seed, res->evaluations, res->objective, max_abs_difference(c, res), c->nrows, base);
    /* One group block per module, in registry order. */
    size_t nreg;
    const rg_param_desc *reg = rg_param_table(&nreg);
    const char *open_group = NULL;
    for (size_t i = 0; i < nreg; i++)
        for (size_t k = 0; k < c->np; k++) {
            if (c->par[k].desc != &reg[i]) continue;
            const char *dot = reg[i].name + rg_param_group_len(reg[i].name);
            if (rg_param_new_group(open_group, reg[i].name)) {
                if (open_group) fputs("};\n", f);
                fprintf(f, "%.*s:\n{\n", (int)rg_param_group_len(reg[i].name), reg[i].name);
            }
            open_group = reg[i].name;
            fprintf(f, "  %s = %.6g;\n", dot + 1, c->par[k].fitted);
        }
    if (open_group) fputs("};\n", f);
    return fclose(f) == 0 ? RG_OK : rg_error_set(err, RG_EINTERNAL, "%s: write failed", path);
}

static void quantiles(const double *x, size_t stride, size_t n, double *q025, double *q975)
{
    double *tmp = malloc(sizeof *tmp * n);
    if (!tmp) {
        *q025 = *q975 = NAN;
        return;
    }
    for (size_t i = 0; i < n; i++) tmp[i] = x[i * stride];
    gsl_sort(tmp, 1, n);
    *q025 = gsl_stats_quantile_from_sorted_data(tmp, 1, n, 0.025);
    *q975 = gsl_stats_quantile_from_sorted_data(tmp, 1, n, 0.975);
    free(tmp);
}

static rg_status write_report(const rg_calibration *c, const rg_cal_result *res, const char *path,
                              const char *date, rg_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f) return rg_error_set(err, RG_EINPUT, "%s: cannot write: %s", path, strerror(errno));
    fprintf(f,
            "# Calibration report\n\n"
            "- command: `reintegra calibrate %s`\n- date: %s\n- version: reintegra %s (%s)\n"
            "- base scenario: `%s`\n- method: %s; %lld agents x %d replicates, seed %lld "
            "(common random numbers)\n- evaluations: %d\n- objective: %.4f points^2; largest "
            "difference %.2f points\n\n## Parameters\n\n",
            c->path, date, RG_VERSION, RG_GIT_REVISION, c->base_text,
            c->method == RG_CAL_ABC ? "ABC rejection" : "Nelder-Mead simplex (GSL nmsimplex2)",
            c->agents, c->replicates, c->seed, res->evaluations, res->objective,
            max_abs_difference(c, res));
    if (c->method == RG_CAL_ABC) {
        fprintf(f,
                "Posterior from %d accepted of %d prior draws (largest accepted distance %.3f "
                "points RMS).\n\n| parameter | bounds | posterior mean | sd | 2.5%% | 97.5%% |\n"
                "| --- | --- | ---: | ---: | ---: | ---: |\n",
                res->naccepted, c->abc_draws,
                res->naccepted ? res->distance[res->naccepted - 1] : NAN);
        for (size_t k = 0; k < c->np; k++) {
            double lo, hi;
            quantiles(&res->posterior[k], c->np, (size_t)res->naccepted, &lo, &hi);
            fprintf(f, "| `%s` | [%g, %g] | %.6g | %.3g | %.6g | %.6g |\n", c->par[k].desc->name,
                    c->par[k].lo, c->par[k].hi, c->par[k].fitted,
                    gsl_stats_sd(&res->posterior[k], c->np, (size_t)res->naccepted), lo, hi);
        }
    } else {
        fputs("| parameter | bounds | start | fitted |\n| --- | --- | ---: | ---: |\n", f);
        for (size_t k = 0; k < c->np; k++)
            fprintf(f, "| `%s` | [%g, %g] | %.6g | %.6g |\n", c->par[k].desc->name, c->par[k].lo,
                    c->par[k].hi, c->par[k].start, c->par[k].fitted);
    }
    fputs("\n## Fit\n\n", f);
    rg_calibration_write_table(c, res, f);
    if (res->ntrace) {
        fputs("\n## Objective trace (best point after each iteration)\n\n", f);
        for (int i = 0; i < res->ntrace; i++)
            fprintf(f, "%s%.4g", i ? (i % 10 ? ", " : ",\n") : "", res->trace[i]);
        fputc('\n', f);
    }
    return fclose(f) == 0 ? RG_OK : rg_error_set(err, RG_EINTERNAL, "%s: write failed", path);
}

static rg_status write_h5(const rg_calibration *c, const rg_cal_result *res, const char *path,
                          const char *date, rg_error *err)
{
    char partial[PATH_MAX + 16];
    snprintf(partial, sizeof partial, "%s.partial", path);
    hid_t file = H5Fcreate(partial, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (file < 0) return rg_error_set(err, RG_EINPUT, "%s: cannot create", partial);
    int r = rg_h5_attr_string(file, "format", "reintegra-calibration");
    if (r >= 0) r = rg_h5_attr_string(file, "reintegra_version", RG_VERSION);
    if (r >= 0) r = rg_h5_attr_string(file, "git_revision", RG_GIT_REVISION);
    if (r >= 0) r = rg_h5_attr_string(file, "created_utc", date);
    if (r >= 0) r = rg_h5_attr_string(file, "calibration_file", c->path);
    if (r >= 0) r = rg_h5_attr_string(file, "base_scenario", c->base_text);
    if (r >= 0)
        r = rg_h5_attr_string(file, "method",
                              c->method == RG_CAL_ABC ? "abc-rejection" : "nelder-mead");
    char *base_config = rg_config_resolved(&c->params);
    if (r >= 0 && base_config) r = rg_h5_attr_string(file, "base_config", base_config);
    free(base_config);
    const size_t np = c->np, nr = c->nrows;
    const char *names[RG_CAL_MAX_PARAMS];
    double bounds[RG_CAL_MAX_PARAMS * 3];
    for (size_t k = 0; k < np; k++) {
        names[k] = c->par[k].desc->name;
        bounds[3 * k] = c->par[k].lo;
        bounds[3 * k + 1] = c->par[k].hi;
        bounds[3 * k + 2] = c->par[k].fitted;
    }
    hsize_t d2[2] = {np, 3};
    if (r >= 0) r = rg_h5_write_strings(file, "parameter_names", names, np, "fitted parameters");
    if (r >= 0)
        r = rg_h5_write_doubles(file, "parameters", 2, d2, bounds,
                                "parameter units (docs/parameters.md)",
                                "per fitted parameter: lower bound, upper bound, fitted value");
    const char **rowname = calloc(nr ? nr : 1, sizeof *rowname);
    char(*labels)[160] = calloc(nr ? nr : 1, sizeof *labels);
    double *table = calloc((nr ? nr : 1) * RG_CAL_MAX_YEARS * 2, sizeof *table);
    if (!rowname || !labels || !table) r = -1;
    for (size_t i = 0; r >= 0 && i < nr; i++) {
        snprintf(labels[i], sizeof labels[i], "%s:%s", c->rows[i].measure_name, c->rows[i].group);
        rowname[i] = labels[i];
        for (int y = 0; y < RG_CAL_MAX_YEARS; y++) {
            int has = y < c->rows[i].years;
            table[(i * RG_CAL_MAX_YEARS + (size_t)y) * 2] = has ? c->rows[i].value[y] : NAN;
            table[(i * RG_CAL_MAX_YEARS + (size_t)y) * 2 + 1] =
                has ? res->model[i * RG_CAL_MAX_YEARS + (size_t)y] : NAN;
        }
    }
    hsize_t d3[3] = {nr, RG_CAL_MAX_YEARS, 2};
    if (r >= 0)
        r = rg_h5_write_strings(file, "target_rows", (const char *const *)rowname, nr,
                                "target rows as measure:group");
    if (r >= 0)
        r = rg_h5_write_doubles(
            file, "fit", 3, d3, table, "percent",
            "[row, year-1, (target, model)] cumulative percent; NaN past a row's years");
    free(rowname);
    free(labels);
    free(table);
    if (r >= 0 && res->ntrace) {
        hsize_t d1[1] = {(hsize_t)res->ntrace};
        r = rg_h5_write_doubles(file, "trace", 1, d1, res->trace, "points^2",
                                "objective of the best point after each Nelder-Mead iteration");
    }
    if (r >= 0 && res->naccepted) {
        hsize_t dp[2] = {(hsize_t)res->naccepted, np}, dd[1] = {(hsize_t)res->naccepted};
        r = rg_h5_write_doubles(file, "posterior", 2, dp, res->posterior, "parameter units",
                                "accepted ABC draws [draw, parameter]");
        if (r >= 0)
            r = rg_h5_write_doubles(file, "distance", 1, dd, res->distance, "points",
                                    "weighted RMS distance of each accepted draw");
    }
    double obj = res->objective;
    hsize_t one[1] = {1};
    if (r >= 0)
        r = rg_h5_write_doubles(file, "objective", 1, one, &obj, "points^2",
                                "objective at the fit");
    if (H5Fclose(file) < 0 || r < 0)
        return rg_error_set(err, RG_EINTERNAL, "%s: HDF5 error writing the calibration", partial);
    if (rename(partial, path) != 0)
        return rg_error_set(err, RG_EINTERNAL, "%s: cannot rename into place", partial);
    return RG_OK;
}

rg_status rg_calibration_write(const rg_calibration *c, const rg_cal_result *res, rg_error *err)
{
    char date[64], path[PATH_MAX + 8];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", &tm);
    snprintf(path, sizeof path, "%s.cfg", c->output);
    RG_TRY(write_scenario(c, res, path, date, err));
    snprintf(path, sizeof path, "%s.md", c->output);
    RG_TRY(write_report(c, res, path, date, err));
    snprintf(path, sizeof path, "%s.h5", c->output);
    return write_h5(c, res, path, date, err);
}
