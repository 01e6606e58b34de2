/* The plan of an uncertainty analysis: the scenarios, the varied parameters and
 * their draws (include/reintegra/uncertainty.h). */
#include "reintegra/uncertainty.h"

#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/h5io.h"
#include "reintegra/config.h"

/* --- the scenarios ---------------------------------------------------------- */

/* Every scenario has the base's replicate seeds, consecutive (as `run --replicates`
 * writes them), and its parameters are read back from its first file. */
static rg_status load_scenarios(rg_psa *a, const rg_psa_options *o, rg_error *err)
{
    rg_study *s = &a->study;
    RG_TRY(rg_study_load(s, o->files, o->nfiles, err));
    if (s->n_scenarios < 2)
        return rg_error_set(err, RG_EINPUT,
                            "compare --uncertainty: all the files are replicates of one scenario "
                            "(%s); give the files of at least two scenarios",
                            o->files[0]);
    const rg_scenario *base = &s->scenarios[0];
    a->replicates = (int)base->n;
    a->first_seed = base->runs[0]->seed;
    for (size_t r = 0; r < base->n; r++)
        if (base->runs[r]->seed != a->first_seed + (long long)r)
            return rg_error_set(err, RG_EINPUT,
                                "compare --uncertainty: the replicates of %s have the seeds %lld "
                                "and %lld; expected consecutive seeds, as `run --replicates` "
                                "writes them",
                                base->label, a->first_seed, base->runs[r]->seed);
    a->scenario = calloc(s->n_scenarios, sizeof *a->scenario);
    if (!a->scenario) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    for (size_t i = 0; i < s->n_scenarios; i++) {
        const rg_scenario *sc = &s->scenarios[i];
        if (i > 0 && !rg_scenarios_paired(base, sc))
            return rg_error_set(err, RG_EINPUT,
                                "compare --uncertainty: %s and %s do not share their seeds and "
                                "population size; run every scenario with the same seeds",
                                base->label, sc->label);
        rg_params_defaults(&a->scenario[i]);
        RG_TRY(rg_config_load_string(&a->scenario[i], sc->runs[0]->config, sc->runs[0]->path, err));
    }
    return RG_OK;
}

/* --- the posterior of a calibration ------------------------------------------ */

static rg_status load_posterior(rg_psa *a, const char *path, rg_error *err)
{
    FILE *probe = fopen(path, "rb");
    if (!probe) return rg_error_set(err, RG_EINPUT, "--posterior %s: cannot open the file", path);
    fclose(probe);
    hid_t f = H5Fis_hdf5(path) > 0 ? H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT) : -1;
    char format[64] = "";
    if (f < 0 || rg_h5_read_attr_string(f, "format", format, sizeof format) < 0 ||
        strcmp(format, "reintegra-calibration") != 0) {
        if (f >= 0) H5Fclose(f);
        return rg_error_set(err, RG_EINPUT,
                            "%s: not a calibration's output (PREFIX.h5 of `reintegra calibrate`)",
                            path);
    }
    rg_status st = rg_h5_read_strings(f, path, "parameter_names", &a->post_names, &a->post_np, err);
    if (st == RG_OK && (a->post_np == 0 || !rg_h5_exists(f, "posterior")))
        st = rg_error_set(err, RG_EINPUT,
                          "%s: holds no posterior; expected the output of a calibration with "
                          "method = \"abc-rejection\"",
                          path);
    hsize_t dims[2] = {0, 0};
    if (st == RG_OK) {
        hid_t d = H5Dopen2(f, "posterior", H5P_DEFAULT);
        hid_t sp = d >= 0 ? H5Dget_space(d) : -1;
        if (sp < 0 || H5Sget_simple_extent_ndims(sp) != 2 ||
            H5Sget_simple_extent_dims(sp, dims, NULL) < 0 || dims[1] != a->post_np || dims[0] < 1)
            st = rg_error_set(err, RG_EINPUT, "%s: /posterior: expected [draws, %zu] values", path,
                              a->post_np);
        if (sp >= 0) H5Sclose(sp);
        if (d >= 0) H5Dclose(d);
    }
    a->post_n = (size_t)dims[0];
    if (st == RG_OK)
        st = rg_h5_read_array(f, path, "posterior", H5T_NATIVE_DOUBLE, a->post_n * a->post_np,
                              (void **)&a->post, err);
    H5Fclose(f);
    for (size_t c = 0; st == RG_OK && c < a->post_np; c++)
        if (!rg_param_find(a->post_names[c]))
            st = rg_error_set(err, RG_EINPUT,
                              "%s: the posterior's parameter %s is not in the "
                              "registry",
                              path, a->post_names[c]);
    return st;
}

static int posterior_column(const rg_psa *a, const char *name)
{
    for (size_t c = 0; c < a->post_np; c++)
        if (!strcmp(a->post_names[c], name)) return (int)c;
    return -1;
}

/* --- choosing the parameters ------------------------------------------------- */

/* Is d set to different values by the scenarios (a policy's own choice)? */
static int scenarios_differ(const rg_psa *a, const rg_param_desc *d)
{
    double v = rg_param_number(d, &a->scenario[0]);
    for (size_t i = 1; i < a->study.n_scenarios; i++)
        if (rg_param_number(d, &a->scenario[i]) != v) return 1;
    return 0;
}

static const rg_psa_range *given_range(const rg_psa_options *o, const char *name)
{
    for (size_t k = 0; k < o->nranges; k++)
        if (!strcmp(o->ranges[k].name, name)) return &o->ranges[k];
    return NULL;
}

/* Does the comma-separated list name `name`? */
static int listed(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && !strncmp(p, name, n)) return 1;
        p = end ? end + 1 : NULL;
    }
    return 0;
}

/* The parameter's uncertainty in these scenarios: a given range, the posterior, or
 * its declaration. */
static rg_status describe_param(const rg_psa *a, const rg_psa_options *o, const rg_param_desc *d,
                                rg_psa_param *p, rg_error *err)
{
    p->desc = d;
    p->value = rg_param_number(d, &a->scenario[0]);
    p->post_col = posterior_column(a, d->name);
    RG_TRY(rg_param_uncertainty(d, p->value, p->post_col >= 0, &p->u, err));
    const rg_psa_range *r = given_range(o, d->name);
    p->given_range = r != NULL;
    if (r) {
        p->u.dist = RG_UNC_UNIFORM;
        p->u.lo = r->lo;
        p->u.hi = r->hi;
    }
    return RG_OK;
}

static int numeric(const rg_param_desc *d)
{
    return (d->type == RG_PT_REAL || d->type == RG_PT_INT) && strncmp(d->name, "run.", 4) != 0 &&
           strncmp(d->name, "output.", 7) != 0;
}

/* Each name of a list (--vary, --fix) or of a range is a numeric parameter. */
static rg_status check_name(const rg_psa *a, const char *option, const char *name, int varied,
                            rg_error *err)
{
    const rg_param_desc *d = rg_param_find(name);
    if (!d) {
        const char *hint = rg_param_suggest(name);
        return rg_error_set(err, RG_EINPUT, "%s: unknown parameter %s%s%s%s", option, name,
                            hint ? "; did you mean " : "; `reintegra params` lists them",
                            hint ? hint : "", hint ? "?" : "");
    }
    if (!numeric(d))
        return rg_error_set(err, RG_EINPUT,
                            "%s: %s is not a real or integer model parameter; only those are "
                            "uncertain",
                            option, name);
    if (varied && scenarios_differ(a, d))
        return rg_error_set(err, RG_EINPUT,
                            "%s: %s differs between the scenarios (a policy's choice); it cannot "
                            "be varied",
                            option, name);
    return RG_OK;
}

static rg_status check_list(const rg_psa *a, const char *option, const char *list, int varied,
                            rg_error *err)
{
    char name[128];
    for (const char *p = list; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        snprintf(name, sizeof name, "%.*s", (int)(len < sizeof name ? len : sizeof name - 1), p);
        RG_TRY(check_name(a, option, name, varied, err));
        p = end ? end + 1 : NULL;
    }
    return RG_OK;
}

static rg_status check_options(const rg_psa *a, const rg_psa_options *o, rg_error *err)
{
    if (o->sets < RG_PSA_MIN_SETS || o->sets > RG_PSA_MAX_SETS)
        return rg_error_set(err, RG_EINPUT, "--uncertainty %d: expected %d to %d parameter sets",
                            o->sets, RG_PSA_MIN_SETS, RG_PSA_MAX_SETS);
    if (!(o->spread >= 0 && o->spread <= 1))
        return rg_error_set(err, RG_EINPUT, "--spread %g: expected 0 to 1", o->spread);
    if (o->design != RG_DESIGN_LHS && o->design != RG_DESIGN_SOBOL)
        return rg_error_set(err, RG_EINPUT, "--design: expected lhs or sobol");
    RG_TRY(check_list(a, "--vary", o->vary, 1, err));
    RG_TRY(check_list(a, "--fix", o->fix, 0, err));
    for (size_t k = 0; k < o->nranges; k++) {
        const rg_psa_range *r = &o->ranges[k];
        RG_TRY(check_name(a, "--range", r->name, 1, err));
        const rg_param_desc *d = rg_param_find(r->name);
        if (!(r->lo < r->hi) || r->lo < d->min || r->hi > d->max)
            return rg_error_set(err, RG_EINPUT,
                                "--range %s=%g:%g: expected LO < HI inside the parameter's range "
                                "%g to %g",
                                r->name, r->lo, r->hi, d->min, d->max);
        if (listed(o->fix, r->name))
            return rg_error_set(err, RG_EINPUT, "--range %s: the parameter is also in --fix",
                                r->name);
    }
    return RG_OK;
}

static rg_status choose_params(rg_psa *a, const rg_psa_options *o, rg_error *err)
{
    size_t n;
    const rg_param_desc *reg = rg_param_table(&n);
    for (size_t i = 0; i < n; i++) {
        const rg_param_desc *d = &reg[i];
        if (!numeric(d) || listed(o->fix, d->name)) continue;
        rg_psa_param p;
        RG_TRY(describe_param(a, o, d, &p, err));
        int wanted =
            o->vary ? listed(o->vary, d->name) || p.given_range
                    : p.given_range || (p.u.kind != RG_KIND_SETTING && p.u.dist != RG_UNC_NONE);
        if (!wanted) continue;
        if (p.u.dist == RG_UNC_NONE)
            return rg_error_set(err, RG_EINPUT,
                                "--vary: %s has no uncertainty (%s, none declared); give it one "
                                "with --range %s=LO:HI",
                                d->name, rg_param_kind_name(p.u.kind), d->name);
        if (scenarios_differ(a, d)) {
            a->ndiffer++;
            continue;
        }
        if (a->np == RG_SWEEP_MAX_GIVEN)
            return rg_error_set(err, RG_EINPUT,
                                "more than %d parameters to vary; choose some with --vary or "
                                "--fix",
                                RG_SWEEP_MAX_GIVEN);
        a->par[a->np++] = p;
    }
    if (!a->np)
        return rg_error_set(err, RG_EINPUT,
                            "compare --uncertainty: no parameter to vary (every one is fixed, a "
                            "setting, or without uncertainty); name some with --vary or --range");
    return RG_OK;
}

/* --- the draws -------------------------------------------------------------- */

static double posterior_value(const rg_psa *a, const rg_psa_param *p, double u)
{
    size_t row = (size_t)(u * (double)a->post_n);
    if (row >= a->post_n) row = a->post_n - 1;
    double x = a->post[row * a->post_np + (size_t)p->post_col];
    x = p->value + a->spread * (x - p->value);
    if (p->desc->type == RG_PT_INT) x = round(x);
    return fmin(fmax(x, p->desc->min), p->desc->max);
}

/* GSL's Sobol sequence has at most RG_SWEEP_MAX_PARAMS (40) dimensions. */
static rg_status check_dimensions(const rg_psa *a, size_t dims, rg_error *err)
{
    if (a->design != RG_DESIGN_SOBOL || dims <= RG_SWEEP_MAX_PARAMS) return RG_OK;
    return rg_error_set(err, RG_EINPUT,
                        "--design sobol: %zu parameters (the posterior's counting as one) need "
                        "a Sobol sequence of %zu dimensions; it has at most %d: use --design lhs "
                        "or choose parameters with --vary",
                        dims, dims, RG_SWEEP_MAX_PARAMS);
}

/* Set k's values: one design column per parameter drawn from its distribution,
 * and one shared by the posterior's parameters (a row of the posterior, so that
 * fitted parameters keep their joint distribution). */
static rg_status draw_sets(rg_psa *a, rg_error *err)
{
    size_t dims = 0, post = 0;
    for (size_t j = 0; j < a->np; j++)
        if (a->par[j].u.dist == RG_UNC_POSTERIOR)
            post = 1;
        else
            dims++;
    const size_t total = dims + post, N = (size_t)a->sets;
    RG_TRY(check_dimensions(a, total, err));
    double *u = malloc(sizeof *u * N * total);
    a->draws = malloc(sizeof *a->draws * N * a->np);
    if (!u || !a->draws) {
        free(u);
        return rg_error_set(err, RG_EINTERNAL, "out of memory");
    }
    rg_status st = RG_OK;
    if (a->design == RG_DESIGN_SOBOL)
        st = rg_design_sobol(a->sets, total, u, err);
    else
        rg_design_lhs(a->sets, total, (uint64_t)a->seed, u);
    for (size_t k = 0; st == RG_OK && k < N; k++) {
        size_t col = 0;
        for (size_t j = 0; j < a->np; j++) {
            const rg_psa_param *p = &a->par[j];
            a->draws[k * a->np + j] = p->u.dist == RG_UNC_POSTERIOR
                                          ? posterior_value(a, p, u[k * total + dims])
                                          : rg_uncertainty_value(&p->u, p->desc, p->value,
                                                                 u[k * total + col++], a->spread);
        }
    }
    free(u);
    return st;
}

/* Scenario i's parameters with set k's values, as its runs will have them. */
static rg_status set_params(const rg_psa *a, size_t i, int k, rg_params *p, rg_error *err)
{
    *p = a->scenario[i];
    char assign[600];
    for (size_t j = 0; j < a->np; j++) {
        double v = a->draws[(size_t)k * a->np + j];
        if (a->par[j].desc->type == RG_PT_INT)
            snprintf(assign, sizeof assign, "%s=%lld", a->par[j].desc->name, (long long)v);
        else
            snprintf(assign, sizeof assign, "%s=%.17g", a->par[j].desc->name, v);
        RG_TRY(rg_config_set(p, assign, err));
    }
    return RG_OK;
}

/* The sets that every scenario's modules accept (independent draws can break a
 * rule between parameters): the others are left out, so that the distribution is
 * truncated to the parameter sets the model accepts, and counted. */
static rg_status check_sets(rg_psa *a, rg_error *err)
{
    rg_params *p = malloc(sizeof *p);
    if (!p) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    int kept = 0;
    for (int k = 0; k < a->sets; k++) {
        int ok = 1;
        for (size_t i = 0; ok && i < a->study.n_scenarios; i++) {
            rg_error inner = {0};
            ok = set_params(a, i, k, p, &inner) == RG_OK && rg_params_validate(p, &inner) == RG_OK;
            if (!ok && !a->refused)
                snprintf(a->refusal, sizeof a->refusal, "set %d of %.200s: %.700s", k + 1,
                         a->study.scenarios[i].label, inner.msg);
        }
        if (!ok) {
            a->refused++;
            continue;
        }
        memmove(a->draws + (size_t)kept * a->np, a->draws + (size_t)k * a->np,
                sizeof *a->draws * a->np);
        kept++;
    }
    free(p);
    a->sets = kept;
    if (kept < RG_PSA_MIN_SETS)
        return rg_error_set(err, RG_EINPUT,
                            "%d of %d parameter sets are refused by the model's checks (%s); "
                            "narrow the ranges (--range) or fix parameters (--fix)",
                            a->refused, a->refused + kept, a->refusal);
    return RG_OK;
}

rg_status rg_psa_plan(rg_psa *a, const rg_psa_options *o, rg_error *err)
{
    memset(a, 0, sizeof *a);
    a->sets = a->requested = o->sets;
    a->spread = o->spread;
    a->design = o->design;
    RG_TRY(load_scenarios(a, o, err));
    a->seed = o->seed >= 0 ? o->seed : a->first_seed;
    RG_TRY(check_options(a, o, err));
    if (o->posterior) RG_TRY(load_posterior(a, o->posterior, err));
    RG_TRY(choose_params(a, o, err));
    RG_TRY(draw_sets(a, err));
    return check_sets(a, err);
}

void rg_psa_free(rg_psa *a)
{
    if (!a) return;
    rg_study_free(&a->study);
    free(a->scenario);
    free(a->draws);
    free(a->post);
    rg_h5_free_strings(a->post_names, a->post_np);
    free(a->contrast);
    memset(a, 0, sizeof *a);
}
