/* Sweep files and their designs: grid, Latin hypercube, Sobol, Saltelli. */
#include "reintegra/sweep.h"

#include <libconfig.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_qrng.h>

#include "common/cfgfile.h"
#include "common/files.h"
#include "common/text.h"
#include "reintegra/keys.h"
#include "reintegra/config.h"
#include "reintegra/rng.h"

/* Stream RG_STREAM_SWEEP, month field: what the draws are for. */
enum { SWEEP_DRAW_LHS = 0 };

/* --- designs on the unit cube ---------------------------------------------- */

void rg_design_lhs(long long n, size_t d, uint64_t seed, double *u)
{
    /* McKay, Beckman & Conover (1979): each parameter's range is cut into n equal
     * strata; a random permutation gives each point one stratum per parameter and a
     * uniform draw places it inside. The draws of parameter j are keyed by j alone,
     * so adding a parameter does not move the others. */
    long long *perm = malloc(sizeof *perm * (size_t)(n > 0 ? n : 1));
    if (!perm) {
        for (long long i = 0; i < n * (long long)d; i++) u[i] = 0.5;
        return;
    }
    for (size_t j = 0; j < d; j++) {
        rg_rng r;
        rg_rng_init(&r, seed, RG_STREAM_SWEEP, j, SWEEP_DRAW_LHS);
        for (long long i = 0; i < n; i++) perm[i] = i;
        for (long long i = n - 1; i > 0; i--) { /* Fisher-Yates */
            long long k = (long long)(rg_rng_u01(&r) * (double)(i + 1));
            if (k > i) k = i;
            long long t = perm[i];
            perm[i] = perm[k];
            perm[k] = t;
        }
        for (long long i = 0; i < n; i++)
            u[(size_t)i * d + j] = ((double)perm[i] + rg_rng_u01(&r)) / (double)n;
    }
    free(perm);
}

static rg_status sobol_points(long long n, size_t dim, double *u, rg_error *err)
{
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)dim);
    if (!q) return rg_error_set(err, RG_EINTERNAL, "cannot create a Sobol sequence of %zu", dim);
    /* GSL's sequence starts after the origin, at (0.5, ..., 0.5). */
    for (long long i = 0; i < n; i++) gsl_qrng_get(q, u + (size_t)i * dim);
    gsl_qrng_free(q);
    return RG_OK;
}

rg_status rg_design_sobol(long long n, size_t d, double *u, rg_error *err)
{
    return sobol_points(n, d, u, err);
}

rg_status rg_design_saltelli(long long N, size_t d, double *u, rg_error *err)
{
    /* Saltelli et al. (2010), Comput. Phys. Commun. 181:259: matrices A and B are
     * the two halves of a 2d-dimensional Sobol sequence. */
    double *q = malloc(sizeof *q * (size_t)N * 2 * d);
    if (!q) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    rg_status st = sobol_points(N, 2 * d, q, err);
    if (st != RG_OK) {
        free(q);
        return st;
    }
    for (long long i = 0; i < N; i++) {
        const double *a = q + (size_t)i * 2 * d, *b = a + d;
        double *blk = u + (size_t)i * (d + 2) * d;
        memcpy(blk, a, d * sizeof *a);
        for (size_t j = 0; j < d; j++) {
            double *row = blk + (j + 1) * d;
            memcpy(row, a, d * sizeof *a);
            row[j] = b[j];
        }
        memcpy(blk + (d + 1) * d, b, d * sizeof *b);
    }
    free(q);
    return RG_OK;
}

/* --- the keys of a sweep file ------------------------------------------------- */

static const char *const design_choices[] = {"grid", "lhs", "sobol", "saltelli", NULL};

static const rg_key_desc param_keys[] = {
    {"name", RG_KEY_TEXT, .required = 1, .example = "\"offending.base_rate\"",
     .meaning = "a real or integer parameter of the registry (`reintegra params`); not "
                "`run.seed`"},
    {"min", RG_KEY_REAL, -HUGE_VAL, HUGE_VAL, .def = "none", .example = "0.01",
     .meaning = "the lowest value, inside the registry's range (every design but a grid "
                "with `values`)"},
    {"max", RG_KEY_REAL, -HUGE_VAL, HUGE_VAL, .def = "none", .example = "0.05",
     .meaning = "the highest value, above `min`"},
    {"steps", RG_KEY_INT, 2, 1e6, .def = "none", .example = "5",
     .meaning = "grid with `min` and `max`: this many evenly spaced values, ends included"},
    {"values", RG_KEY_NUMBERS, 1, 1e6, .def = "none", .example = "[0.1, 0.2]",
     .meaning = "grid: the values, in order (instead of `min`, `max` and `steps`)"},
};
static const rg_key_table param_table = {"key of a parameter entry", param_keys,
                                         sizeof param_keys / sizeof param_keys[0]};

static const rg_key_desc sweep_keys[] = {
    {"base", RG_KEY_TEXT, .required = 1, .example = "\"../baseline.cfg\"",
     .meaning = "the base scenario, relative to the sweep file; every task starts from it"},
    {"set", RG_KEY_TEXTS, 0, 10000, .def = "none", .example = "[\"run.agents=2000\"]",
     .meaning = "fixed changes to the base for every task, as `--set group.key=value`"},
    {"design", RG_KEY_CHOICE, .choices = design_choices, .def = "`grid`", .example = "\"lhs\"",
     .meaning = "every combination of the values (`grid`), a Latin hypercube (`lhs`), a Sobol "
                "sequence (`sobol`), or Saltelli's design for Sobol indices (`saltelli`)"},
    {"points", RG_KEY_INT, 1, 1e8, .def = "none", .example = "20",
     .meaning = "`lhs`, `sobol`: the number of points; `saltelli`: N base samples, which give N "
                "× (parameters + 2) points; a grid's points are its values"},
    {"replicates", RG_KEY_INT, 1, 100000, .def = "1", .example = "2",
     .meaning = "runs per point; replicate r runs with `run.seed` = `seed` + r"},
    {"seed", RG_KEY_INT, 0, 9007199254740991.0, .def = "the base's `run.seed`", .example = "1",
     .meaning = "seed of replicate 0 and of the Latin hypercube's draws"},
    {"output", RG_KEY_TEXT, .def = "the sweep file's name", .example = "\"example-out\"",
     .meaning = "the output folder, relative to the sweep file (`-o` on the command line "
                "wins)"},
    {"parameters", RG_KEY_ENTRIES, 1, RG_SWEEP_MAX_PARAMS, .required = 1, .entries = &param_table,
     .example = "( { name = \"offending.base_rate\"; min = 0.01; max = 0.05; } )",
     .meaning = "the parameters to vary, one group each"},
};
static const rg_key_table sweep_table = {"sweep key", sweep_keys,
                                         sizeof sweep_keys / sizeof sweep_keys[0]};

const rg_key_table *rg_sweep_keys(void)
{
    return &sweep_table;
}

/* --- reading the sweep file -------------------------------------------------- */

typedef struct loader {
    rg_sweep *s;
    const char *path;
    rg_error *err;
    char *const *sets; /* the command line's --set */
    int nsets;
    unsigned params_line, points_line;
    int has_points;
} loader;

static rg_status fail_at(const loader *L, unsigned line, const char *key, const char *what)
{
    return rg_error_set(L->err, RG_EINPUT, "%s:%u: %s: %s", L->path, line, key, what);
}

/* Check a value against the parameter's type and registry range. */
static rg_status check_value(const loader *L, const rg_sweep_param *sp, double v, unsigned line,
                             const char *what)
{
    const rg_param_desc *d = sp->desc;
    char msg[512];
    if (d->type == RG_PT_INT && v != floor(v)) {
        snprintf(msg, sizeof msg, "%s %g is not a whole number; %s is an integer parameter", what,
                 v, d->name);
        return fail_at(L, line, d->name, msg);
    }
    if (!isfinite(v) || v < d->min || v > d->max) {
        snprintf(msg, sizeof msg, "%s %g is outside the parameter's range; expected %g to %g (%s)",
                 what, v, d->min, d->max, d->unit);
        return fail_at(L, line, d->name, msg);
    }
    return RG_OK;
}

/* The registry's parameter named by an entry: real or integer, not the seed, once. */
static rg_status entry_param(const loader *L, const config_setting_t *g, rg_sweep_param *sp)
{
    const unsigned line = config_setting_source_line(g);
    const char *name = NULL;
    if (!config_setting_is_group(g) || !config_setting_lookup_string(g, "name", &name))
        return fail_at(L, line, "parameters",
                       "each entry needs name = \"group.key\", e.g. { name = "
                       "\"offending.base_rate\"; min = 0.01; max = 0.05; }");
    const rg_param_desc *d = rg_param_find(name);
    if (!d) {
        const char *hint = rg_param_suggest(name);
        char msg[512];
        snprintf(msg, sizeof msg, "unknown parameter%s%s%s", hint ? "; did you mean " : "",
                 hint ? hint : "; `reintegra params` lists them", hint ? "?" : "");
        return fail_at(L, line, name, msg);
    }
    if (d->type != RG_PT_REAL && d->type != RG_PT_INT)
        return rg_error_set(L->err, RG_EINPUT,
                            "%s:%u: %s: a %s parameter cannot be swept; expected a real or "
                            "integer parameter (set it in the base scenario or with set = [...])",
                            L->path, line, name, rg_param_type_name(d->type));
    if (!strcmp(name, "run.seed"))
        return fail_at(L, line, name,
                       "the seed cannot be swept; use replicates = R (seeds seed .. seed+R-1)");
    for (size_t k = 0; k < L->s->np; k++)
        if (L->s->par[k].desc == d) return fail_at(L, line, name, "listed twice");
    sp->desc = d;
    sp->line = line;
    return rg_keys_check(&param_table, g, L->path, name, L->err);
}

/* A grid's list of values. */
static rg_status entry_values(const loader *L, const config_setting_t *g, rg_sweep_param *sp)
{
    const char *name = sp->desc->name;
    const unsigned line = rg_key_line(g, "values");
    if (L->s->design != RG_DESIGN_GRID)
        return fail_at(L, line, name,
                       "values = [...] is for design = \"grid\"; this design needs min and max");
    if (config_setting_get_member(g, "min") || config_setting_get_member(g, "max") ||
        config_setting_get_member(g, "steps"))
        return fail_at(L, line, name, "give either values = [...] or min, max and steps, not both");
    const config_setting_t *vals = config_setting_get_member(g, "values");
    int n = config_setting_length(vals);
    sp->values = malloc(sizeof *sp->values * (size_t)n);
    if (!sp->values) return rg_error_set(L->err, RG_EINTERNAL, "out of memory");
    for (int k = 0; k < n; k++) {
        double v = NAN;
        rg_key_number_elem(vals, k, &v);
        RG_TRY(check_value(L, sp, v, line, "value"));
        for (size_t m = 0; m < sp->nvalues; m++)
            if (sp->values[m] == v)
                return fail_at(L, line, name,
                               "values: a value is listed twice; expected distinct values");
        sp->values[sp->nvalues++] = v;
    }
    sp->lo = sp->hi = sp->values[0];
    for (size_t m = 0; m < sp->nvalues; m++) {
        if (sp->values[m] < sp->lo) sp->lo = sp->values[m];
        if (sp->values[m] > sp->hi) sp->hi = sp->values[m];
    }
    return RG_OK;
}

/* A grid range's evenly spaced values, ends included. */
static rg_status grid_steps(const loader *L, const config_setting_t *g, rg_sweep_param *sp)
{
    double steps;
    if (!rg_key_number(g, "steps", &steps))
        return fail_at(L, sp->line, sp->desc->name,
                       "a grid range needs steps = N, a whole number of at least 2 (values "
                       "min, ..., max, evenly spaced)");
    sp->nvalues = (size_t)steps;
    sp->values = malloc(sizeof *sp->values * sp->nvalues);
    if (!sp->values) return rg_error_set(L->err, RG_EINTERNAL, "out of memory");
    for (size_t k = 0; k < sp->nvalues; k++) {
        double v = k + 1 == sp->nvalues
                       ? sp->hi
                       : sp->lo + (sp->hi - sp->lo) * (double)k / (double)(sp->nvalues - 1);
        if (sp->desc->type == RG_PT_INT) v = round(v);
        if (k > 0 && v == sp->values[k - 1])
            return fail_at(L, rg_key_line(g, "steps"), sp->desc->name,
                           "more steps than whole numbers in [min, max]; expected fewer steps");
        sp->values[k] = v;
    }
    return RG_OK;
}

/* A range min..max (and a grid's steps). */
static rg_status entry_range(const loader *L, const config_setting_t *g, rg_sweep_param *sp)
{
    const char *name = sp->desc->name;
    const int grid = L->s->design == RG_DESIGN_GRID;
    if (!rg_key_number(g, "min", &sp->lo) || !rg_key_number(g, "max", &sp->hi))
        return fail_at(L, sp->line, name,
                       grid ? "expected values = [...], or min = ...; max = ...; steps = ...;"
                            : "expected a range min = ...; max = ...;");
    RG_TRY(check_value(L, sp, sp->lo, rg_key_line(g, "min"), "min"));
    RG_TRY(check_value(L, sp, sp->hi, rg_key_line(g, "max"), "max"));
    if (!(sp->lo < sp->hi)) {
        char msg[256];
        snprintf(msg, sizeof msg, "the range [%g, %g] is %s; expected min < max", sp->lo, sp->hi,
                 sp->lo == sp->hi ? "empty" : "inverted");
        return fail_at(L, rg_key_line(g, "min"), name, msg);
    }
    if (grid) return grid_steps(L, g, sp);
    if (config_setting_get_member(g, "steps"))
        return fail_at(L, rg_key_line(g, "steps"), name,
                       "steps is for design = \"grid\"; this design draws values in [min, max]");
    return RG_OK;
}

static rg_status load_param(const loader *L, const config_setting_t *g, rg_sweep_param *sp)
{
    RG_TRY(entry_param(L, g, sp));
    return config_setting_get_member(g, "values") ? entry_values(L, g, sp) : entry_range(L, g, sp);
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
    return rg_fnv64(h, s, strlen(s) + 1);
}

static void choose_metrics(rg_sweep *s)
{
    /* Cumulative measures for every year that the longest run covers. */
    double months = (double)s->params.run.months;
    for (size_t j = 0; j < s->np; j++)
        if (!strcmp(s->par[j].desc->name, "run.months") && s->par[j].hi > months)
            months = s->par[j].hi;
    int years = (int)(months / 12);
    if (years > RG_SWEEP_METRIC_YEARS) years = RG_SWEEP_METRIC_YEARS;
    static const char *const measures[] = {"arrest", "conviction", "return_to_prison"};
    s->nmetrics = 0;
    for (int m = 0; m < 3; m++)
        for (int y = 1; y <= years; y++)
            snprintf(s->metric[s->nmetrics++], sizeof s->metric[0], "%s_y%d", measures[m], y);
    snprintf(s->metric[s->nmetrics++], sizeof s->metric[0], "free_end");
    snprintf(s->metric[s->nmetrics++], sizeof s->metric[0], "prison_end");
}

static uint64_t fingerprint(const rg_sweep *s)
{
    uint64_t h = RG_FNV_START;
    char buf[128];
    h = fnv_str(h, "reintegra-sweep-1");
    char *cfg = rg_config_resolved(&s->params);
    h = fnv_str(h, cfg ? cfg : "");
    free(cfg);
    snprintf(buf, sizeof buf, "%s %lld %d %lld %lld", rg_design_name(s->design), s->requested,
             s->replicates, s->seed, s->npoints);
    h = fnv_str(h, buf);
    for (size_t j = 0; j < s->np; j++) h = fnv_str(h, s->par[j].desc->name);
    for (long long i = 0; i < s->npoints * (long long)s->np; i++) {
        snprintf(buf, sizeof buf, "%.17g", s->x[i]);
        h = fnv_str(h, buf);
    }
    return h;
}

/* The number of points of a drawn design (lhs, sobol, saltelli), checked. */
static rg_status drawn_points(const loader *L)
{
    rg_sweep *s = L->s;
    const size_t d = s->np;
    char msg[512];
    if (!L->has_points) {
        snprintf(msg, sizeof msg, "missing; design \"%s\" needs points = N;%s",
                 rg_design_name(s->design),
                 s->design == RG_DESIGN_SALTELLI ? " (N base samples: N*(d+2) runs)" : "");
        return rg_error_set(L->err, RG_EINPUT, "%s: points: %s", L->path, msg);
    }
    long long need = s->design == RG_DESIGN_LHS        ? (long long)d + 2
                     : s->design == RG_DESIGN_SALTELLI ? RG_SWEEP_MIN_SALTELLI
                                                       : 2;
    if (s->requested < need) {
        if (s->design == RG_DESIGN_LHS)
            snprintf(msg, sizeof msg,
                     "%lld is too few for partial rank correlations of %zu parameters; "
                     "expected at least %lld (parameters + 2), better 10 per parameter",
                     s->requested, d, need);
        else if (s->design == RG_DESIGN_SALTELLI)
            snprintf(msg, sizeof msg,
                     "%lld base samples are too few for Sobol indices with bootstrap "
                     "intervals; expected at least %d (a power of 2 such as 512 is usual)",
                     s->requested, RG_SWEEP_MIN_SALTELLI);
        else
            snprintf(msg, sizeof msg, "%lld; expected at least %lld", s->requested, need);
        return fail_at(L, L->points_line, "points", msg);
    }
    if (s->design == RG_DESIGN_SALTELLI && 2 * d > RG_SWEEP_MAX_PARAMS) {
        snprintf(msg, sizeof msg,
                 "a Saltelli design of %zu parameters needs a Sobol sequence of dimension "
                 "%zu; expected at most %d parameters",
                 d, 2 * d, RG_SWEEP_MAX_PARAMS / 2);
        return fail_at(L, L->points_line, "parameters", msg);
    }
    s->npoints = s->design == RG_DESIGN_SALTELLI ? s->requested * (long long)(d + 2) : s->requested;
    return RG_OK;
}

/* The design's points and tasks, checked against the limit. */
static rg_status count_points(const loader *L)
{
    rg_sweep *s = L->s;
    const double limit = 1e8; /* tasks */
    if (s->design != RG_DESIGN_GRID) {
        RG_TRY(drawn_points(L));
        if ((double)s->npoints * s->replicates > limit)
            return fail_at(L, L->points_line, "points",
                           "the design has more than 100,000,000 tasks");
        return RG_OK;
    }
    double n = 1;
    for (size_t j = 0; j < s->np; j++) n *= (double)s->par[j].nvalues;
    if (n * s->replicates > limit)
        return fail_at(L, L->params_line, "parameters",
                       "the grid has more than 100,000,000 tasks; expected fewer values");
    s->npoints = (long long)n;
    return RG_OK;
}

/* Every combination of the values; the first parameter varies slowest. */
static void grid_design(rg_sweep *s)
{
    const size_t d = s->np;
    for (long long i = 0; i < s->npoints; i++) {
        long long rest = i;
        for (size_t j = d; j-- > 0;) {
            long long nv = (long long)s->par[j].nvalues;
            s->x[(size_t)i * d + j] = s->par[j].values[rest % nv];
            rest /= nv;
        }
    }
}

/* A design drawn on the unit cube, scaled to the parameters' ranges. */
static rg_status drawn_design(rg_sweep *s, rg_error *err)
{
    const size_t d = s->np;
    if (s->design == RG_DESIGN_LHS)
        rg_design_lhs(s->npoints, d, (uint64_t)s->seed, s->x);
    else if (s->design == RG_DESIGN_SOBOL)
        RG_TRY(rg_design_sobol(s->npoints, d, s->x, err));
    else
        RG_TRY(rg_design_saltelli(s->requested, d, s->x, err));
    for (long long i = 0; i < s->npoints; i++)
        for (size_t j = 0; j < d; j++) {
            const rg_sweep_param *sp = &s->par[j];
            double u = s->x[(size_t)i * d + j], v;
            if (sp->desc->type == RG_PT_INT) {
                /* Every whole number of [lo, hi] equally likely. */
                v = sp->lo + floor(u * (sp->hi - sp->lo + 1));
                if (v > sp->hi) v = sp->hi;
            } else {
                v = sp->lo + u * (sp->hi - sp->lo);
            }
            s->x[(size_t)i * d + j] = v;
        }
    return RG_OK;
}

static rg_status build_design(const loader *L)
{
    rg_sweep *s = L->s;
    RG_TRY(count_points(L));
    s->ntasks = s->npoints * s->replicates;
    s->x = malloc(sizeof *s->x * (size_t)s->npoints * (s->np ? s->np : 1));
    if (!s->x) return rg_error_set(L->err, RG_EINTERNAL, "out of memory");
    if (s->design != RG_DESIGN_GRID) return drawn_design(s, L->err);
    grid_design(s);
    return RG_OK;
}

/* The command line's --set over the base, last, as `run --set` applies and checks
 * them; kept, one per line, for the folder and the index. */
static rg_status command_sets(const loader *L)
{
    rg_sweep *s = L->s;
    size_t len = 1;
    for (int k = 0; k < L->nsets; k++) len += strlen(L->sets[k]) + 1;
    s->cli_set = malloc(len);
    if (!s->cli_set) return rg_error_set(L->err, RG_EINTERNAL, "out of memory");
    s->cli_set[0] = '\0';
    for (int k = 0; k < L->nsets; k++) {
        if (strchr(L->sets[k], '\n'))
            return rg_error_set(L->err, RG_EINPUT,
                                "--set: a line break in an assignment; expected group.key=value");
        RG_TRY(rg_config_set(&s->params, L->sets[k], L->err));
        strcat(strcat(s->cli_set, L->sets[k]), "\n");
    }
    if (L->nsets == 0) return RG_OK;
    return rg_config_validate(&s->params, s->base, L->sets, L->nsets, L->err);
}

/* The base scenario and the sweep's fixed settings over it. */
static rg_status load_base(const loader *L, const config_setting_t *root)
{
    rg_sweep *s = L->s;
    const char *base = NULL;
    rg_key_text(root, "base", &base);
    if (rg_path_relative_to(L->path, base, s->base, sizeof s->base) != 0)
        return fail_at(L, rg_key_line(root, "base"), "base",
                       "the path is longer than the system allows (PATH_MAX)");
    rg_params_defaults(&s->params);
    rg_error inner = {0};
    if (rg_config_load(&s->params, s->base, &inner) != RG_OK)
        return rg_error_set(L->err, inner.status, "%s:%u: base: %s", L->path,
                            rg_key_line(root, "base"), inner.msg);
    const config_setting_t *sets = config_setting_get_member(root, "set");
    for (int k = 0; sets && k < config_setting_length(sets); k++) {
        rg_error e2 = {0};
        if (rg_config_set(&s->params, config_setting_get_string_elem(sets, (unsigned)k), &e2) !=
            RG_OK)
            return rg_error_set(L->err, RG_EINPUT, "%s:%u: set: %s", L->path,
                                rg_key_line(root, "set"), e2.msg);
    }
    return command_sets(L);
}

/* design, points, replicates, seed, output. */
static rg_status load_settings(loader *L, const config_setting_t *root)
{
    rg_sweep *s = L->s;
    double v;
    int design = rg_key_choice(&sweep_table, root, "design");
    s->design = design < 0 ? RG_DESIGN_GRID : (rg_design)design;
    L->points_line = rg_key_line(root, "points");
    L->has_points = rg_key_number(root, "points", &v);
    if (L->has_points && s->design == RG_DESIGN_GRID)
        return fail_at(L, L->points_line, "points",
                       "a grid's points are its values; remove points or choose design = "
                       "\"lhs\", \"sobol\" or \"saltelli\"");
    if (L->has_points) s->requested = (long long)v;
    s->replicates = rg_key_number(root, "replicates", &v) ? (int)v : 1;
    s->seed = rg_key_number(root, "seed", &v) ? (long long)v : s->params.run.seed;
    if ((double)s->seed + s->replicates - 1 > 9007199254740991.0)
        return fail_at(L, rg_key_line(root, "seed"), "seed",
                       "seed + replicates - 1 exceeds 2^53 - 1");
    const char *output = NULL;
    if (rg_key_text(root, "output", &output) &&
        rg_path_relative_to(L->path, output, s->output, sizeof s->output) != 0)
        return fail_at(L, rg_key_line(root, "output"), "output",
                       "the path is longer than the system allows (PATH_MAX)");
    return RG_OK;
}

static rg_status load(loader *L, const config_t *cfg)
{
    rg_sweep *s = L->s;
    const config_setting_t *root = config_root_setting(cfg);
    RG_TRY(rg_keys_check(&sweep_table, root, L->path, "", L->err));
    RG_TRY(load_base(L, root));
    RG_TRY(load_settings(L, root));
    const config_setting_t *list = config_setting_get_member(root, "parameters");
    L->params_line = config_setting_source_line(list);
    for (int k = 0; k < config_setting_length(list); k++) {
        RG_TRY(load_param(L, config_setting_get_elem(list, (unsigned)k), &s->par[s->np]));
        s->np++;
    }
    RG_TRY(build_design(L));
    choose_metrics(s);
    s->fingerprint = fingerprint(s);
    return RG_OK;
}

rg_status rg_sweep_load(rg_sweep *s, const char *path, rg_error *err)
{
    return rg_sweep_load_set(s, path, NULL, 0, err);
}

rg_status rg_sweep_load_set(rg_sweep *s, const char *path, char *const *sets, int nsets,
                            rg_error *err)
{
    memset(s, 0, sizeof *s);
    snprintf(s->path, sizeof s->path, "%s", path);
    RG_TRY(rg_cfg_read_text(path, &s->text, err));
    config_t cfg;
    config_init(&cfg);
    if (rg_cfg_parse(&cfg, s->text, path, err) != RG_OK) {
        config_destroy(&cfg);
        return RG_EINPUT;
    }
    loader L = {s, path, err, sets, nsets > 0 ? nsets : 0, 0, 0, 0};
    rg_status st = load(&L, &cfg);
    config_destroy(&cfg);
    return st;
}

void rg_sweep_free(rg_sweep *s)
{
    if (!s) return;
    for (size_t j = 0; j < RG_SWEEP_MAX_GIVEN; j++) free(s->par[j].values);
    free(s->x);
    free(s->text);
    free(s->cli_set);
    memset(s, 0, sizeof *s);
}

rg_status rg_sweep_from_points(rg_sweep *s, const char *path, const char *text,
                               const rg_params *base, rg_design design,
                               const rg_param_desc *const *par, const double *lo, const double *hi,
                               size_t np, const double *x, long long npoints, int replicates,
                               long long seed, rg_error *err)
{
    memset(s, 0, sizeof *s);
    if (np > RG_SWEEP_MAX_GIVEN || npoints < 1 || replicates < 1)
        return rg_error_set(err, RG_EINPUT,
                            "%s: %zu parameters, %lld points, %d replicates: "
                            "expected at most %d parameters and at least one point and replicate",
                            path, np, npoints, replicates, RG_SWEEP_MAX_GIVEN);
    snprintf(s->path, sizeof s->path, "%s", path);
    s->text = strdup(text);
    s->cli_set = strdup("");
    s->x = malloc(sizeof *s->x * (size_t)npoints * (np ? np : 1));
    if (!s->text || !s->cli_set || !s->x) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    memcpy(s->x, x, sizeof *s->x * (size_t)npoints * np);
    s->params = *base;
    s->design = design;
    s->requested = s->npoints = npoints;
    s->replicates = replicates;
    s->seed = seed;
    s->ntasks = npoints * replicates;
    s->np = np;
    for (size_t j = 0; j < np; j++) s->par[j] = (rg_sweep_param){par[j], 0, lo[j], hi[j], NULL, 0};
    choose_metrics(s);
    s->fingerprint = fingerprint(s);
    return RG_OK;
}

rg_status rg_sweep_task_params(const rg_sweep *s, long long task, rg_params *p, rg_error *err)
{
    if (task < 0 || task >= s->ntasks)
        return rg_error_set(err, RG_EINPUT, "task %lld: expected 0 to %lld", task, s->ntasks - 1);
    long long point = task / s->replicates, rep = task % s->replicates;
    *p = s->params;
    char assign[600];
    for (size_t j = 0; j < s->np; j++) {
        double v = s->x[(size_t)point * s->np + j];
        if (s->par[j].desc->type == RG_PT_INT)
            snprintf(assign, sizeof assign, "%s=%lld", s->par[j].desc->name, (long long)v);
        else
            snprintf(assign, sizeof assign, "%s=%.17g", s->par[j].desc->name, v);
        RG_TRY(rg_config_set(p, assign, err));
    }
    p->run.seed = s->seed + rep;
    return RG_OK;
}
