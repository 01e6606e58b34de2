/* Sweep files and their designs: grid, Latin hypercube, Sobol, Saltelli. */
#include "reintegra/sweep.h"

#include <libconfig.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_qrng.h>

#include "common/files.h"
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

/* --- reading the sweep file -------------------------------------------------- */

static unsigned line_of(const config_setting_t *s)
{
    return s ? config_setting_source_line(s) : 0;
}

/* A number written as an integer or a real. */
static int get_number(const config_setting_t *s, double *v)
{
    if (!s) return 0;
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64: *v = (double)config_setting_get_int64(s); return 1;
    case CONFIG_TYPE_FLOAT: *v = config_setting_get_float(s); return 1;
    }
    return 0;
}

static const char *const top_keys[] = {"base", "design", "points",     "replicates",
                                       "seed", "output", "parameters", "set"};
static const char top_keys_text[] =
    "base, design, points, replicates, seed, output, set, parameters";

typedef struct loader {
    rg_sweep *s;
    const char *path;
    rg_error *err;
    unsigned params_line;
} loader;

static rg_status fail_at(const loader *L, unsigned line, const char *fmt, const char *key,
                         const char *what)
{
    return rg_error_set(L->err, RG_EINPUT, "%s:%u: %s: %s%s", L->path, line, key, what,
                        fmt ? fmt : "");
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
        return fail_at(L, line, NULL, d->name, msg);
    }
    if (!isfinite(v) || v < d->min || v > d->max) {
        snprintf(msg, sizeof msg, "%s %g is outside the parameter's range; expected %g to %g (%s)",
                 what, v, d->min, d->max, d->unit);
        return fail_at(L, line, NULL, d->name, msg);
    }
    return RG_OK;
}

static rg_status load_param(const loader *L, const config_setting_t *g, rg_sweep_param *sp)
{
    rg_sweep *s = L->s;
    const unsigned line = line_of(g);
    const char *name = NULL;
    if (!config_setting_is_group(g) || !config_setting_lookup_string(g, "name", &name))
        return fail_at(L, line, NULL, "parameters",
                       "each entry needs name = \"group.key\", e.g. { name = "
                       "\"offending.base_rate\"; min = 0.01; max = 0.05; }");
    const rg_param_desc *d = rg_param_find(name);
    if (!d) {
        const char *hint = rg_param_suggest(name);
        char msg[512];
        snprintf(msg, sizeof msg, "unknown parameter%s%s%s", hint ? "; did you mean " : "",
                 hint ? hint : "; `reintegra params` lists them", hint ? "?" : "");
        return fail_at(L, line, NULL, name, msg);
    }
    if (d->type != RG_PT_REAL && d->type != RG_PT_INT)
        return rg_error_set(L->err, RG_EINPUT,
                            "%s:%u: %s: a %s parameter cannot be swept; expected a real or "
                            "integer parameter (set it in the base scenario or with set = [...])",
                            L->path, line, name, rg_param_type_name(d->type));
    if (!strcmp(name, "run.seed"))
        return fail_at(L, line, NULL, name,
                       "the seed cannot be swept; use replicates = R (seeds seed .. seed+R-1)");
    for (size_t k = 0; k < s->np; k++)
        if (s->par[k].desc == d) return fail_at(L, line, NULL, name, "listed twice");
    sp->desc = d;
    sp->line = line;
    for (int k = 0; k < config_setting_length(g); k++) {
        const config_setting_t *e = config_setting_get_elem(g, (unsigned)k);
        const char *key = config_setting_name(e);
        if (strcmp(key, "name") && strcmp(key, "min") && strcmp(key, "max") &&
            strcmp(key, "values") && strcmp(key, "steps")) {
            char msg[256];
            snprintf(msg, sizeof msg, "unknown key '%s'; expected name, min, max, steps, values",
                     key);
            return fail_at(L, line_of(e), NULL, name, msg);
        }
    }
    const config_setting_t *vals = config_setting_get_member(g, "values");
    const config_setting_t *smin = config_setting_get_member(g, "min");
    const config_setting_t *smax = config_setting_get_member(g, "max");
    const config_setting_t *ssteps = config_setting_get_member(g, "steps");
    if (vals) {
        if (s->design != RG_DESIGN_GRID)
            return fail_at(L, line_of(vals), NULL, name,
                           "values = [...] is for design = \"grid\"; this design needs min and "
                           "max");
        if (smin || smax || ssteps)
            return fail_at(L, line_of(vals), NULL, name,
                           "give either values = [...] or min, max and steps, not both");
        int n = config_setting_length(vals);
        if (!(config_setting_is_array(vals) || config_setting_is_list(vals)) || n == 0)
            return fail_at(L, line_of(vals), NULL, name,
                           "values is empty; expected a list of numbers such as [0.1, 0.2]");
        sp->values = malloc(sizeof *sp->values * (size_t)n);
        if (!sp->values) return rg_error_set(L->err, RG_EINTERNAL, "out of memory");
        for (int k = 0; k < n; k++) {
            double v;
            if (!get_number(config_setting_get_elem(vals, (unsigned)k), &v))
                return fail_at(L, line_of(vals), NULL, name,
                               "values: expected numbers such as [0.1, 0.2]");
            RG_TRY(check_value(L, sp, v, line_of(vals), "value"));
            for (size_t m = 0; m < sp->nvalues; m++)
                if (sp->values[m] == v)
                    return fail_at(L, line_of(vals), NULL, name,
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
    if (!get_number(smin, &sp->lo) || !get_number(smax, &sp->hi))
        return fail_at(L, line, NULL, name,
                       s->design == RG_DESIGN_GRID
                           ? "expected values = [...], or min = ...; max = ...; steps = ...;"
                           : "expected a range min = ...; max = ...;");
    RG_TRY(check_value(L, sp, sp->lo, line_of(smin), "min"));
    RG_TRY(check_value(L, sp, sp->hi, line_of(smax), "max"));
    if (!(sp->lo < sp->hi)) {
        char msg[256];
        snprintf(msg, sizeof msg, "the range [%g, %g] is %s; expected min < max", sp->lo, sp->hi,
                 sp->lo == sp->hi ? "empty" : "inverted");
        return fail_at(L, line_of(smin), NULL, name, msg);
    }
    if (s->design != RG_DESIGN_GRID) {
        if (ssteps)
            return fail_at(L, line_of(ssteps), NULL, name,
                           "steps is for design = \"grid\"; this design draws values in [min, "
                           "max]");
        return RG_OK;
    }
    double steps;
    if (!get_number(ssteps, &steps) || steps != floor(steps) || steps < 2 || steps > 1e6)
        return fail_at(L, ssteps ? line_of(ssteps) : line, NULL, name,
                       "a grid range needs steps = N, a whole number of at least 2 (values "
                       "min, ..., max, evenly spaced)");
    sp->nvalues = (size_t)steps;
    sp->values = malloc(sizeof *sp->values * sp->nvalues);
    if (!sp->values) return rg_error_set(L->err, RG_EINTERNAL, "out of memory");
    for (size_t k = 0; k < sp->nvalues; k++) {
        double v = k + 1 == sp->nvalues
                       ? sp->hi
                       : sp->lo + (sp->hi - sp->lo) * (double)k / (double)(sp->nvalues - 1);
        if (d->type == RG_PT_INT) v = round(v);
        if (k > 0 && v == sp->values[k - 1])
            return fail_at(L, line_of(ssteps), NULL, name,
                           "more steps than whole numbers in [min, max]; expected fewer steps");
        sp->values[k] = v;
    }
    return RG_OK;
}

/* FNV-1a, 64 bits. */
static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
    return fnv(h, s, strlen(s) + 1);
}

static rg_status build_design(const loader *L, const config_setting_t *points_s)
{
    rg_sweep *s = L->s;
    const size_t d = s->np;
    const double limit = 1e8; /* tasks */
    char msg[512];
    switch (s->design) {
    case RG_DESIGN_GRID: {
        double n = 1;
        for (size_t j = 0; j < d; j++) n *= (double)s->par[j].nvalues;
        if (n * s->replicates > limit)
            return fail_at(L, L->params_line, NULL, "parameters",
                           "the grid has more than 100,000,000 tasks; expected fewer values");
        s->npoints = (long long)n;
        break;
    }
    case RG_DESIGN_LHS:
    case RG_DESIGN_SOBOL:
    case RG_DESIGN_SALTELLI: {
        if (!points_s) {
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
            return fail_at(L, line_of(points_s), NULL, "points", msg);
        }
        if (s->design == RG_DESIGN_SALTELLI && 2 * d > RG_SWEEP_MAX_PARAMS) {
            snprintf(msg, sizeof msg,
                     "a Saltelli design of %zu parameters needs a Sobol sequence of dimension "
                     "%zu; expected at most %d parameters",
                     d, 2 * d, RG_SWEEP_MAX_PARAMS / 2);
            return fail_at(L, line_of(points_s), NULL, "parameters", msg);
        }
        s->npoints =
            s->design == RG_DESIGN_SALTELLI ? s->requested * (long long)(d + 2) : s->requested;
        if ((double)s->npoints * s->replicates > limit)
            return fail_at(L, line_of(points_s), NULL, "points",
                           "the design has more than 100,000,000 tasks");
        break;
    }
    }
    s->ntasks = s->npoints * s->replicates;
    s->x = malloc(sizeof *s->x * (size_t)s->npoints * (d ? d : 1));
    if (!s->x) return rg_error_set(L->err, RG_EINTERNAL, "out of memory");
    if (s->design == RG_DESIGN_GRID) {
        /* The first parameter varies slowest. */
        for (long long i = 0; i < s->npoints; i++) {
            long long rest = i;
            for (size_t j = d; j-- > 0;) {
                long long nv = (long long)s->par[j].nvalues;
                s->x[(size_t)i * d + j] = s->par[j].values[rest % nv];
                rest /= nv;
            }
        }
        return RG_OK;
    }
    if (s->design == RG_DESIGN_LHS)
        rg_design_lhs(s->npoints, d, (uint64_t)s->seed, s->x);
    else if (s->design == RG_DESIGN_SOBOL)
        RG_TRY(rg_design_sobol(s->npoints, d, s->x, L->err));
    else
        RG_TRY(rg_design_saltelli(s->requested, d, s->x, L->err));
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
    uint64_t h = 14695981039346656037ULL;
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

static rg_status load(loader *L, config_t *cfg)
{
    rg_sweep *s = L->s;
    const char *path = L->path;
    const config_setting_t *root = config_root_setting(cfg);
    for (int i = 0; i < config_setting_length(root); i++) {
        const config_setting_t *e = config_setting_get_elem(root, (unsigned)i);
        int known = 0;
        for (size_t k = 0; k < sizeof top_keys / sizeof top_keys[0]; k++)
            known |= !strcmp(config_setting_name(e), top_keys[k]);
        if (!known)
            return rg_error_set(L->err, RG_EINPUT, "%s:%u: %s: unknown sweep key; expected %s",
                                path, line_of(e), config_setting_name(e), top_keys_text);
    }
    const char *base = NULL;
    if (!config_lookup_string(cfg, "base", &base))
        return rg_error_set(L->err, RG_EINPUT,
                            "%s: base: missing; name the base scenario, e.g. base = "
                            "\"../baseline.cfg\";",
                            path);
    rg_path_relative_to(path, base, s->base, sizeof s->base);
    rg_params_defaults(&s->params);
    rg_error inner = {0};
    if (rg_config_load(&s->params, s->base, &inner) != RG_OK)
        return rg_error_set(L->err, inner.status, "%s:%u: base: %s", path,
                            line_of(config_lookup(cfg, "base")), inner.msg);
    const config_setting_t *sets = config_lookup(cfg, "set");
    if (sets) {
        int n = config_setting_length(sets);
        if (!config_setting_is_array(sets) && !config_setting_is_list(sets))
            return fail_at(L, line_of(sets), NULL, "set",
                           "expected a list of strings such as [\"run.agents=2000\"]");
        for (int k = 0; k < n; k++) {
            const char *a = config_setting_get_string_elem(sets, (unsigned)k);
            rg_error e2 = {0};
            if (!a)
                return fail_at(L, line_of(sets), NULL, "set",
                               "expected strings \"group.key=value\"");
            if (rg_config_set(&s->params, a, &e2) != RG_OK)
                return rg_error_set(L->err, RG_EINPUT, "%s:%u: set: %s", path, line_of(sets),
                                    e2.msg);
        }
    }
    const char *design = "grid";
    const config_setting_t *ds = config_lookup(cfg, "design");
    if (ds && !config_lookup_string(cfg, "design", &design))
        return fail_at(L, line_of(ds), NULL, "design",
                       "expected a string: \"grid\", \"lhs\", \"sobol\" or \"saltelli\"");
    int found = -1;
    for (int k = 0; k < RG_DESIGN_COUNT; k++)
        if (!strcmp(design, rg_design_name((rg_design)k))) found = k;
    if (found < 0) {
        char msg[256];
        snprintf(msg, sizeof msg,
                 "\"%.64s\" is not a design; expected \"grid\", \"lhs\", \"sobol\" or "
                 "\"saltelli\"",
                 design);
        return fail_at(L, line_of(ds), NULL, "design", msg);
    }
    s->design = (rg_design)found;

    const config_setting_t *pts = config_lookup(cfg, "points");
    double v;
    if (pts) {
        if (s->design == RG_DESIGN_GRID)
            return fail_at(L, line_of(pts), NULL, "points",
                           "a grid's points are its values; remove points or choose design = "
                           "\"lhs\", \"sobol\" or \"saltelli\"");
        if (!get_number(pts, &v) || v != floor(v) || v < 1 || v > 1e8)
            return fail_at(L, line_of(pts), NULL, "points",
                           "expected a whole number from 1 to 100000000");
        s->requested = (long long)v;
    }
    s->replicates = 1;
    const config_setting_t *reps = config_lookup(cfg, "replicates");
    if (reps) {
        if (!get_number(reps, &v) || v != floor(v) || v < 1 || v > 100000)
            return fail_at(L, line_of(reps), NULL, "replicates",
                           "expected a whole number from 1 to 100000");
        s->replicates = (int)v;
    }
    s->seed = s->params.run.seed;
    const config_setting_t *seed = config_lookup(cfg, "seed");
    if (seed) {
        if (!get_number(seed, &v) || v != floor(v) || v < 0 || v > 9007199254740991.0)
            return fail_at(L, line_of(seed), NULL, "seed",
                           "expected a whole number from 0 to 2^53 - 1");
        s->seed = (long long)v;
    }
    if ((double)s->seed + s->replicates - 1 > 9007199254740991.0)
        return fail_at(L, line_of(seed), NULL, "seed", "seed + replicates - 1 exceeds 2^53 - 1");
    const char *output = NULL;
    const config_setting_t *os = config_lookup(cfg, "output");
    if (os) {
        if (!config_lookup_string(cfg, "output", &output) || !output[0])
            return fail_at(L, line_of(os), NULL, "output", "expected a folder name");
        rg_path_relative_to(path, output, s->output, sizeof s->output);
    }

    const config_setting_t *list = config_lookup(cfg, "parameters");
    if (!list)
        return rg_error_set(L->err, RG_EINPUT,
                            "%s: parameters: missing; expected a list such as ( { name = "
                            "\"offending.base_rate\"; min = 0.01; max = 0.05; } )",
                            path);
    int n = config_setting_length(list);
    L->params_line = line_of(list);
    if (!config_setting_is_list(list) || n == 0)
        return fail_at(L, line_of(list), NULL, "parameters",
                       "expected a non-empty list of groups such as ( { name = "
                       "\"offending.base_rate\"; min = 0.01; max = 0.05; } )");
    if (n > RG_SWEEP_MAX_PARAMS) {
        char msg[128];
        snprintf(msg, sizeof msg, "%d parameters; expected at most %d", n, RG_SWEEP_MAX_PARAMS);
        return fail_at(L, line_of(list), NULL, "parameters", msg);
    }
    for (int k = 0; k < n; k++) {
        RG_TRY(load_param(L, config_setting_get_elem(list, (unsigned)k), &s->par[s->np]));
        s->np++;
    }
    RG_TRY(build_design(L, pts));
    choose_metrics(s);
    s->fingerprint = fingerprint(s);
    return RG_OK;
}

rg_status rg_sweep_load(rg_sweep *s, const char *path, rg_error *err)
{
    memset(s, 0, sizeof *s);
    snprintf(s->path, sizeof s->path, "%s", path);
    s->text = rg_file_read(path);
    if (!s->text) return rg_error_set(err, RG_EINPUT, "cannot open '%s'", path);
    config_t cfg;
    config_init(&cfg);
    if (config_read_string(&cfg, s->text) != CONFIG_TRUE) {
        rg_status st = rg_error_set(err, RG_EINPUT, "%s:%d: syntax error: %s", path,
                                    config_error_line(&cfg), config_error_text(&cfg));
        config_destroy(&cfg);
        return st;
    }
    loader L = {s, path, err, 0};
    rg_status st = load(&L, &cfg);
    config_destroy(&cfg);
    return st;
}

void rg_sweep_free(rg_sweep *s)
{
    if (!s) return;
    for (size_t j = 0; j < RG_SWEEP_MAX_PARAMS; j++) free(s->par[j].values);
    free(s->x);
    free(s->text);
    memset(s, 0, sizeof *s);
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
