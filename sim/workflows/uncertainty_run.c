/* Running an uncertainty analysis (a sweep per scenario) and reading its sets
 * back into contrasts with two intervals and their drivers. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>

#include "reintegra/sensitivity.h"
#include "reintegra/uncertainty.h"
#include "workflows/internal.h"

/* --- the mixture interval ---------------------------------------------------- */

static double mixture_cdf(const double *d, const double *se, const double *df, size_t n, double x)
{
    double sum = 0;
    for (size_t k = 0; k < n; k++) {
        double z = se[k] > 0 ? (x - d[k]) / se[k] : (x >= d[k] ? INFINITY : -INFINITY);
        if (isinf(z))
            sum += z > 0;
        else
            sum += df[k] > 0 ? gsl_cdf_tdist_P(z, df[k]) : gsl_cdf_ugaussian_P(z);
    }
    return sum / (double)n;
}

/* The p-quantile of the mixture by bisection: the CDF is continuous and increasing
 * where any se > 0, and a step function otherwise (then the quantile is a d[k]). */
static double mixture_quantile(const double *d, const double *se, const double *df, size_t n,
                               double p)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < n; k++) {
        /* Beyond 1e4 standard errors every t with df >= 1 has less than 1e-4 mass. */
        lo = fmin(lo, d[k] - 1e4 * se[k]);
        hi = fmax(hi, d[k] + 1e4 * se[k]);
    }
    for (int it = 0; it < 200 && hi - lo > 1e-13 * fmax(1.0, fabs(lo) + fabs(hi)); it++) {
        double mid = lo + (hi - lo) / 2;
        if (mid <= lo || mid >= hi) break;
        if (mixture_cdf(d, se, df, n, mid) < p)
            lo = mid;
        else
            hi = mid;
    }
    return lo + (hi - lo) / 2;
}

/* Without noise the mixture is the sets' empirical distribution: its quantile is
 * the smallest d[k] whose share of values at or below it reaches p. */
static double empirical_quantile(const double *d, size_t n, double p)
{
    double *s = malloc(sizeof *s * n);
    if (!s) return NAN;
    memcpy(s, d, sizeof *s * n);
    gsl_sort(s, 1, n);
    /* The smallest k with (k + 1) / n >= p, with p n rounded (0.025 x 40 = 1). */
    double at = ceil(p * (double)n - 1e-9);
    size_t k = at >= 1 ? (size_t)at - 1 : 0;
    if (k >= n) k = n - 1;
    double q = s[k];
    free(s);
    return q;
}

void rg_psa_mixture_interval(const double *d, const double *se, const double *df, size_t n,
                             double level, double *lo, double *hi)
{
    *lo = *hi = NAN;
    if (!n) return;
    int noise = 0;
    /* A standard error at the rounding level of its contrast (the same difference in
     * every replicate) is no noise. */
    for (size_t k = 0; k < n; k++) noise |= se[k] > 1e-12 * fmax(1, fabs(d[k]));
    if (!noise) {
        *lo = empirical_quantile(d, n, (1 - level) / 2);
        *hi = empirical_quantile(d, n, (1 + level) / 2);
        return;
    }
    *lo = mixture_quantile(d, se, df, n, (1 - level) / 2);
    *hi = mixture_quantile(d, se, df, n, (1 + level) / 2);
}

/* --- running ------------------------------------------------------------------- */

static void scenario_dir(const char *dir, size_t i, char *buf, size_t size)
{
    snprintf(buf, size, "%s/scenario-%zu", dir, i + 1);
}

/* Scenario i's runs as a sweep whose points are the sets. */
static rg_status scenario_sweep(const rg_psa *a, size_t i, rg_sweep *s, rg_error *err)
{
    const rg_param_desc *desc[RG_SWEEP_MAX_GIVEN];
    double lo[RG_SWEEP_MAX_GIVEN], hi[RG_SWEEP_MAX_GIVEN];
    for (size_t j = 0; j < a->np; j++) {
        desc[j] = a->par[j].desc;
        lo[j] = hi[j] = a->draws[j];
        for (int k = 0; k < a->sets; k++) {
            lo[j] = fmin(lo[j], a->draws[(size_t)k * a->np + j]);
            hi[j] = fmax(hi[j], a->draws[(size_t)k * a->np + j]);
        }
    }
    char text[1024];
    snprintf(text, sizeof text,
             "# The runs of scenario %zu (%s) of an uncertainty analysis\n"
             "# (`reintegra compare --uncertainty %d`): one point per parameter set, drawn\n"
             "# by %s from the parameters' uncertainties (design.tsv), %d replicates each.\n",
             i + 1, a->study.scenarios[i].label, a->sets, rg_design_name(a->design), a->replicates);
    return rg_sweep_from_points(s, a->study.scenarios[i].label, text, &a->scenario[i], a->design,
                                desc, lo, hi, a->np, a->draws, a->sets, a->replicates,
                                a->first_seed, err);
}

long long rg_psa_runs(const rg_psa *a)
{
    return (long long)a->study.n_scenarios * a->sets * a->replicates;
}

/* Scenario i's share of the runs [o->first, o->last) as its own tasks [*f, *l). */
static int scenario_share(const rg_psa *a, const rg_psa_options *o, size_t i, long long *f,
                          long long *l)
{
    const long long per = (long long)a->sets * a->replicates, at = (long long)i * per;
    *f = *l = 0;
    if (o->first == 0 && o->last == 0) return 1;
    long long lo = o->first > at ? o->first : at, hi = o->last < at + per ? o->last : at + per;
    if (lo >= hi) return 0;
    *f = lo - at;
    *l = hi - at;
    return 1;
}

static rg_status run_scenarios(rg_psa *a, const rg_psa_options *o, rg_error *err)
{
    if (mkdir(o->dir, 0777) != 0 && errno != EEXIST)
        return rg_error_set(err, RG_EINPUT, "%s: cannot create the folder: %s", o->dir,
                            strerror(errno));
    rg_sweep *s = calloc(1, sizeof *s);
    if (!s) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    rg_status st = RG_OK;
    for (size_t i = 0; st == RG_OK && i < a->study.n_scenarios; i++) {
        long long first, last;
        if (!scenario_share(a, o, i, &first, &last)) continue;
        char dir[4096];
        scenario_dir(o->dir, i, dir, sizeof dir);
        st = scenario_sweep(a, i, s, err);
        if (!o->comm || o->comm->rank == 0)
            rg_hooks_log(&o->hooks, "scenario %zu of %zu (%s): %d sets x %d replicates in %s",
                         i + 1, a->study.n_scenarios, a->study.scenarios[i].label, a->sets,
                         a->replicates, dir);
        const int share = o->first != 0 || o->last != 0;
        rg_sweep_options so = {.dir = dir,
                               .first = first,
                               .last = last,
                               .share = share,
                               .threads = o->threads,
                               .comm = o->comm,
                               .hooks = o->hooks};
        rg_sweep_counts c = {0};
        if (st == RG_OK) st = rg_sweep_run(s, &so, &c, err);
        a->runs_failed += share ? c.failed_now : c.failed;
        rg_sweep_free(s);
    }
    free(s);
    return st;
}

/* --- reading the sets back ---------------------------------------------------- */

/* The sets' contrasts: for slot (scenario - 1) * RG_METRIC_COUNT + metric and set
 * k, the estimate. */
typedef struct set_values {
    size_t slots;
    double *est; /* [slots][sets] */
} set_values;

/* Set k: every scenario's replicates with that set, read as one study. NaN when a
 * run of the set is missing (failed). */
static rg_status read_set(const rg_psa *a, const rg_psa_options *o, int k, set_values *v,
                          rg_error *err)
{
    const size_t S = a->study.n_scenarios, R = (size_t)a->replicates, N = (size_t)a->sets;
    char **paths = calloc(S * R, sizeof *paths);
    if (!paths) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    int complete = 1;
    for (size_t i = 0; i < S; i++)
        for (size_t r = 0; r < R; r++) {
            char dir[4096];
            scenario_dir(o->dir, i, dir, sizeof dir);
            paths[i * R + r] = malloc(4200);
            if (paths[i * R + r])
                rg_sweep_task_path(dir, (long long)((size_t)k * R + r), paths[i * R + r], 4200);
            struct stat sb;
            if (!paths[i * R + r] || stat(paths[i * R + r], &sb) != 0) complete = 0;
        }
    rg_study st = {0};
    rg_status status = RG_OK;
    if (complete) status = rg_study_load(&st, (const char *const *)paths, S * R, err);
    if (status == RG_OK && complete && st.n_scenarios != S)
        status =
            rg_error_set(err, RG_EINTERNAL, "parameter set %d: expected %zu scenarios", k + 1, S);
    for (size_t j = 1; status == RG_OK && j < S; j++)
        for (int m = 0; m < RG_METRIC_COUNT; m++) {
            size_t at = ((j - 1) * RG_METRIC_COUNT + (size_t)m) * N + (size_t)k;
            rg_estimate e = complete ? rg_contrast_metric(&st.scenarios[0], &st.scenarios[j],
                                                          (rg_metric)m, RG_G_ALL)
                                     : rg_estimate_none();
            v->est[at] = e.est;
        }
    if (complete) rg_study_free(&st);
    for (size_t i = 0; i < S * R; i++) free(paths[i]);
    free(paths);
    return status;
}

/* The p-value of a rank correlation r over n sets with `partial` other parameters
 * regressed out (t = r sqrt(df / (1 - r^2)), df = n - 2 - partial; Marino et al.
 * 2008), times the d parameters tried (Bonferroni), at most 1. */
static double driver_p(double r, size_t n, size_t partial, size_t d)
{
    double df = (double)n - 2 - (double)partial;
    if (df < 1 || !isfinite(r)) return NAN;
    if (fabs(r) >= 1) return 0;
    double t = fabs(r) * sqrt(df / (1 - r * r));
    return fmin(1, 2 * gsl_cdf_tdist_Q(t, df) * (double)d);
}

/* The top drivers of a contrast: the parameters of largest |rank correlation|
 * with it over the sets (n of them, rows `rows` of the draws). */
static void find_drivers(const rg_psa *a, const int *rows, const double *y, size_t n,
                         rg_psa_contrast *c)
{
    const size_t d = a->np;
    double *x = malloc(sizeof *x * n * d), *col = malloc(sizeof *col * n);
    double *rcc = malloc(sizeof *rcc * d);
    c->ndrivers = 0;
    if (!x || !col || !rcc) goto done;
    for (size_t k = 0; k < n; k++) memcpy(x + k * d, a->draws + (size_t)rows[k] * d, sizeof *x * d);
    if (!strcmp(a->driver_method, "PRCC")) {
        rg_prcc(x, y, n, d, rcc);
    } else {
        for (size_t j = 0; j < d; j++) {
            for (size_t k = 0; k < n; k++) col[k] = x[k * d + j];
            rg_prcc(col, y, n, 1, &rcc[j]); /* one parameter: Spearman's correlation */
        }
    }
    for (int t = 0; t < RG_PSA_DRIVERS; t++) {
        int best = -1;
        for (size_t j = 0; j < d; j++) {
            int taken = 0;
            for (int u = 0; u < t; u++) taken |= c->driver[u].param == (int)j;
            if (!taken && isfinite(rcc[j]) && (best < 0 || fabs(rcc[j]) > fabs(rcc[best])))
                best = (int)j;
        }
        if (best < 0) break;
        size_t partial = strcmp(a->driver_method, "PRCC") ? 0 : d - 1;
        c->driver[c->ndrivers++] =
            (rg_psa_driver){best, rcc[best], driver_p(rcc[best], n, partial, d)};
    }
done:
    free(x);
    free(col);
    free(rcc);
}

/* Contrast slot's two intervals, median and drivers from the sets that have it. */
static void summarise(const rg_psa *a, const set_values *v, size_t slot, rg_psa_contrast *c)
{
    const size_t N = (size_t)a->sets;
    double *d = malloc(sizeof *d * N * 4), *se = d ? d + N : NULL, *df = d ? d + 2 * N : NULL;
    double *sorted = d ? d + 3 * N : NULL;
    int *rows = malloc(sizeof *rows * N);
    c->lo = c->hi = c->median = NAN;
    c->sets = 0;
    if (!d || !rows) goto done;
    size_t n = 0;
    for (size_t k = 0; k < N; k++) {
        size_t at = slot * N + k;
        if (!isfinite(v->est[at])) continue;
        /* Each set's contrast with the noise of the base parameters (the noise-alone
         * interval's): the mixture adds the parameters' spread to that noise. */
        d[n] = sorted[n] = v->est[at];
        se[n] = isfinite(c->noise.se) ? c->noise.se : 0;
        df[n] = c->noise.method == RG_CI_PAIRED ? (double)c->noise.n - 1 : 0;
        rows[n++] = (int)k;
    }
    c->sets = (int)n;
    if (!n) goto done;
    rg_psa_mixture_interval(d, se, df, n, RG_CI_LEVEL_PERCENT / 100.0, &c->lo, &c->hi);
    gsl_sort(sorted, 1, n);
    c->median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    if (n >= RG_PSA_DRIVER_SETS) find_drivers(a, rows, d, n, c);
done:
    free(d);
    free(rows);
}

static rg_status analyse(rg_psa *a, const rg_psa_options *o, rg_error *err)
{
    const size_t S = a->study.n_scenarios, N = (size_t)a->sets;
    set_values v = {(S - 1) * RG_METRIC_COUNT, NULL};
    v.est = malloc(sizeof *v.est * v.slots * N);
    a->contrast = calloc(v.slots, sizeof *a->contrast);
    if (!v.est || !a->contrast) {
        free(v.est);
        return rg_error_set(err, RG_EINTERNAL, "out of memory");
    }
    a->driver_method = N >= a->np + RG_PSA_MIN_SETS ? "PRCC" : "Spearman";
    rg_status st = RG_OK;
    for (int k = 0; st == RG_OK && k < a->sets; k++) {
        st = read_set(a, o, k, &v, err);
        rg_progress p = {"sets read", k + 1, 0, a->sets, 0, 0, NAN, NAN};
        rg_hooks_progress(&o->hooks, &p);
    }
    for (size_t slot = 0; st == RG_OK && slot < v.slots; slot++) {
        size_t j = slot / RG_METRIC_COUNT + 1;
        rg_metric m = (rg_metric)(slot % RG_METRIC_COUNT);
        rg_estimate noise =
            rg_contrast_metric(&a->study.scenarios[0], &a->study.scenarios[j], m, RG_G_ALL);
        if (!isfinite(noise.est)) continue;
        rg_psa_contrast *c = &a->contrast[a->ncontrasts++];
        c->scenario = j;
        c->metric = m;
        c->noise = noise;
        summarise(a, &v, slot, c);
    }
    free(v.est);
    return st;
}

rg_status rg_psa_run(rg_psa *a, const rg_psa_options *o, rg_error *err)
{
    if (o->first < 0 || o->last < o->first || o->last > rg_psa_runs(a))
        return rg_error_set(err, RG_EINPUT,
                            "runs %lld to %lld: expected 0 <= first <= last <= %lld", o->first,
                            o->last, rg_psa_runs(a));
    RG_TRY(run_scenarios(a, o, err));
    if ((o->comm && o->comm->rank != 0) || o->first != 0 || o->last != 0) return RG_OK;
    return analyse(a, o, err);
}
