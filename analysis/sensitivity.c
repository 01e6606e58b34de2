/* Sensitivity analysis of sweeps: PRCC and Sobol indices with bootstrap intervals. */
#include "reintegra/sensitivity.h"

#include <hdf5.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "common/h5io.h"
#include "reintegra/rng.h"

/* Stream RG_STREAM_SWEEP, month field: bootstrap resamples (0 is the LHS design). */
enum { SENS_DRAW_BOOTSTRAP = 1 };

/* --- ranks and PRCC ---------------------------------------------------------- */

typedef struct ranked {
    double v;
    size_t i;
} ranked;

static int by_v(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->v != y->v) return x->v < y->v ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Ranks 1..n of v[k * stride], ties given their average rank. */
static void rank_column(const double *v, size_t stride, size_t n, ranked *tmp, double *out,
                        size_t out_stride)
{
    for (size_t k = 0; k < n; k++) tmp[k] = (ranked){v[k * stride], k};
    qsort(tmp, n, sizeof *tmp, by_v);
    for (size_t a = 0; a < n;) {
        size_t b = a;
        while (b + 1 < n && tmp[b + 1].v == tmp[a].v) b++;
        double r = 0.5 * (double)(a + b) + 1.0;
        for (size_t k = a; k <= b; k++) out[tmp[k].i * out_stride] = r;
        a = b + 1;
    }
}

/* PRCC of rows idx[0..n) of (x, y); idx NULL: every row in order. */
static void prcc_rows(const double *x, const double *y, const size_t *idx, size_t n, size_t d,
                      double *prcc)
{
    for (size_t j = 0; j < d; j++) prcc[j] = NAN;
    const size_t m = d + 1;
    double *sel = malloc(sizeof *sel * n * m), *rk = malloc(sizeof *rk * n * m);
    ranked *tmp = malloc(sizeof *tmp * n);
    gsl_matrix *c = gsl_matrix_alloc(m, m), *inv = gsl_matrix_alloc(m, m);
    gsl_permutation *perm = gsl_permutation_alloc(m);
    if (!sel || !rk || !tmp || !c || !inv || !perm || n < 3) goto done;
    for (size_t k = 0; k < n; k++) {
        size_t row = idx ? idx[k] : k;
        memcpy(sel + k * m, x + row * d, d * sizeof *x);
        sel[k * m + d] = y[row];
    }
    for (size_t j = 0; j < m; j++) rank_column(sel + j, m, n, tmp, rk + j, m);
    /* Correlation matrix of the ranks. */
    for (size_t a = 0; a < m; a++) {
        for (size_t b = a; b < m; b++) {
            double r = gsl_stats_correlation(rk + a, m, rk + b, m, n);
            if (a == b) r = 1.0;
            if (!isfinite(r)) goto done; /* a constant column */
            gsl_matrix_set(c, a, b, r);
            gsl_matrix_set(c, b, a, r);
        }
    }
    int sign;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int bad = gsl_linalg_LU_decomp(c, perm, &sign) || fabs(gsl_linalg_LU_det(c, sign)) < 1e-12 ||
              gsl_linalg_LU_invert(c, perm, inv);
    gsl_set_error_handler(old);
    if (bad) goto done;
    const double pyy = gsl_matrix_get(inv, d, d);
    for (size_t j = 0; j < d; j++) {
        double r = -gsl_matrix_get(inv, j, d) / sqrt(gsl_matrix_get(inv, j, j) * pyy);
        prcc[j] = r > 1 ? 1 : r < -1 ? -1 : r;
    }
done:
    free(sel);
    free(rk);
    free(tmp);
    if (c) gsl_matrix_free(c);
    if (inv) gsl_matrix_free(inv);
    if (perm) gsl_permutation_free(perm);
}

void rg_prcc(const double *x, const double *y, size_t n, size_t d, double *prcc)
{
    prcc_rows(x, y, NULL, n, d, prcc);
}

/* --- Sobol indices --------------------------------------------------------- */

static void sobol_rows(const double *f, const size_t *idx, size_t N, size_t d, double *s1,
                       double *st)
{
    const size_t w = d + 2;
    double mean = 0, var = 0;
    for (size_t k = 0; k < N; k++) {
        size_t i = idx ? idx[k] : k;
        mean += f[i * w] + f[i * w + d + 1];
    }
    mean /= (double)(2 * N);
    for (size_t k = 0; k < N; k++) {
        size_t i = idx ? idx[k] : k;
        double a = f[i * w] - mean, b = f[i * w + d + 1] - mean;
        var += a * a + b * b;
    }
    var /= (double)(2 * N);
    for (size_t j = 0; j < d; j++) {
        double num1 = 0, numt = 0;
        for (size_t k = 0; k < N; k++) {
            size_t i = idx ? idx[k] : k;
            double fa = f[i * w], fb = f[i * w + d + 1], fab = f[i * w + 1 + j];
            num1 += fb * (fab - fa);         /* Saltelli et al. 2010, table 2 (b) */
            numt += (fa - fab) * (fa - fab); /* Jansen 1999, table 2 (f) */
        }
        s1[j] = var > 0 ? num1 / (double)N / var : NAN;
        st[j] = var > 0 ? 0.5 * numt / (double)N / var : NAN;
    }
}

void rg_sobol_indices(const double *f, size_t N, size_t d, double *s1, double *st)
{
    sobol_rows(f, NULL, N, d, s1, st);
}

/* --- bootstrap --------------------------------------------------------------- */

static void resample(uint64_t seed, int b, size_t n, size_t *idx)
{
    rg_rng r;
    rg_rng_init(&r, seed, RG_STREAM_SWEEP, (uint64_t)b, SENS_DRAW_BOOTSTRAP);
    for (size_t k = 0; k < n; k++) {
        size_t i = (size_t)(rg_rng_u01(&r) * (double)n);
        idx[k] = i < n ? i : n - 1;
    }
}

/* Percentile interval of the finite values of v[0..B). */
static void interval(double *v, int B, double conf, double *lo, double *hi)
{
    size_t m = 0;
    for (int b = 0; b < B; b++)
        if (isfinite(v[b])) v[m++] = v[b];
    if (m < 2) {
        *lo = *hi = NAN;
        return;
    }
    gsl_sort(v, 1, m);
    *lo = gsl_stats_quantile_from_sorted_data(v, 1, m, 0.5 * (1 - conf));
    *hi = gsl_stats_quantile_from_sorted_data(v, 1, m, 0.5 * (1 + conf));
}

static void init_out(rg_sensitivity *out, rg_sens_method method, size_t d, const char *const *names,
                     int B, double conf)
{
    memset(out, 0, sizeof *out);
    out->method = method;
    out->np = d;
    out->bootstrap = B;
    out->confidence = conf;
    for (size_t j = 0; j < d; j++) {
        rg_sens_row *r = &out->row[j];
        if (names)
            snprintf(r->name, sizeof r->name, "%s", names[j]);
        else
            snprintf(r->name, sizeof r->name, "x%zu", j + 1);
        r->prcc = r->prcc_lo = r->prcc_hi = r->prcc_p = NAN;
        r->s1 = r->s1_lo = r->s1_hi = r->st = r->st_lo = r->st_hi = NAN;
    }
}

static rg_status check_args(size_t d, int B, double conf, rg_error *err)
{
    if (d < 1 || d > RG_SWEEP_MAX_PARAMS)
        return rg_error_set(err, RG_EINPUT, "sensitivity: %zu parameters; expected 1 to %d", d,
                            RG_SWEEP_MAX_PARAMS);
    if (B < 0 || B > 1000000)
        return rg_error_set(err, RG_EINPUT, "--bootstrap %d: expected 0 to 1000000", B);
    if (!(conf > 0 && conf < 1))
        return rg_error_set(err, RG_EINPUT, "--confidence %g: expected a level in (0, 1)", conf);
    return RG_OK;
}

rg_status rg_sensitivity_prcc(const double *x, const double *y, size_t n, size_t d,
                              const char *const *names, int B, double conf, uint64_t seed,
                              rg_sensitivity *out, rg_error *err)
{
    RG_TRY(check_args(d, B, conf, err));
    init_out(out, RG_SENS_PRCC, d, names, B, conf);
    if (n < d + 2)
        return rg_error_set(err, RG_EINPUT,
                            "sensitivity: %zu points are too few for partial rank correlations "
                            "of %zu parameters; expected at least %zu",
                            n, d, d + 2);
    out->n = (long long)n;
    out->mean = gsl_stats_mean(y, 1, n);
    out->variance = n > 1 ? gsl_stats_variance(y, 1, n) : 0;
    double est[RG_SWEEP_MAX_PARAMS];
    prcc_rows(x, y, NULL, n, d, est);
    size_t *idx = malloc(sizeof *idx * n);
    double *boot = malloc(sizeof *boot * (size_t)(B ? B : 1) * d);
    if (!idx || !boot) {
        free(idx);
        free(boot);
        return rg_error_set(err, RG_EINTERNAL, "out of memory");
    }
    for (int b = 0; b < B; b++) {
        resample(seed, b, n, idx);
        double e[RG_SWEEP_MAX_PARAMS];
        prcc_rows(x, y, idx, n, d, e);
        for (size_t j = 0; j < d; j++) boot[j * (size_t)B + (size_t)b] = e[j];
    }
    for (size_t j = 0; j < d; j++) {
        rg_sens_row *r = &out->row[j];
        r->prcc = est[j];
        if (B > 0) interval(boot + j * (size_t)B, B, conf, &r->prcc_lo, &r->prcc_hi);
        /* Test of zero partial correlation: t with n - 2 - (d - 1) degrees of freedom. */
        double df = (double)n - 2.0 - (double)(d - 1);
        if (isfinite(est[j]) && df > 0) {
            double t = fabs(est[j]) * sqrt(df / fmax(1e-300, 1 - est[j] * est[j]));
            r->prcc_p = 2 * gsl_cdf_tdist_Q(t, df);
        }
    }
    free(idx);
    free(boot);
    return RG_OK;
}

rg_status rg_sensitivity_sobol(const double *f, size_t N, size_t d, const char *const *names, int B,
                               double conf, uint64_t seed, rg_sensitivity *out, rg_error *err)
{
    RG_TRY(check_args(d, B, conf, err));
    init_out(out, RG_SENS_SOBOL, d, names, B, conf);
    if (N < 2)
        return rg_error_set(err, RG_EINPUT,
                            "sensitivity: %zu base samples are too few for Sobol indices; "
                            "expected at least %d",
                            N, RG_SWEEP_MIN_SALTELLI);
    out->n = (long long)N;
    double mean = 0, m2 = 0;
    for (size_t i = 0; i < N; i++) {
        double a = f[i * (d + 2)], b = f[i * (d + 2) + d + 1];
        mean += a + b;
        m2 += a * a + b * b;
    }
    mean /= (double)(2 * N);
    out->mean = mean;
    out->variance = m2 / (double)(2 * N) - mean * mean;
    double s1[RG_SWEEP_MAX_PARAMS], st[RG_SWEEP_MAX_PARAMS];
    sobol_rows(f, NULL, N, d, s1, st);
    size_t *idx = malloc(sizeof *idx * N);
    double *b1 = malloc(sizeof *b1 * (size_t)(B ? B : 1) * d);
    double *bt = malloc(sizeof *bt * (size_t)(B ? B : 1) * d);
    if (!idx || !b1 || !bt) {
        free(idx);
        free(b1);
        free(bt);
        return rg_error_set(err, RG_EINTERNAL, "out of memory");
    }
    for (int b = 0; b < B; b++) {
        resample(seed, b, N, idx);
        double e1[RG_SWEEP_MAX_PARAMS], et[RG_SWEEP_MAX_PARAMS];
        sobol_rows(f, idx, N, d, e1, et);
        for (size_t j = 0; j < d; j++) {
            b1[j * (size_t)B + (size_t)b] = e1[j];
            bt[j * (size_t)B + (size_t)b] = et[j];
        }
    }
    for (size_t j = 0; j < d; j++) {
        rg_sens_row *r = &out->row[j];
        r->s1 = s1[j];
        r->st = st[j];
        if (B > 0) {
            interval(b1 + j * (size_t)B, B, conf, &r->s1_lo, &r->s1_hi);
            interval(bt + j * (size_t)B, B, conf, &r->st_lo, &r->st_hi);
        }
    }
    free(idx);
    free(b1);
    free(bt);
    return RG_OK;
}

/* --- from a sweep's index ------------------------------------------------------ */

typedef struct index_data {
    long long design, requested, points, replicates, tasks;
    size_t np;
    char names[RG_SWEEP_MAX_PARAMS][128];
    double *x;        /* points x np */
    long long *point; /* tasks */
    int8_t *state;    /* tasks */
    double *metric;   /* tasks */
} index_data;

static void index_free(index_data *d)
{
    free(d->x);
    free(d->point);
    free(d->state);
    free(d->metric);
}

static herr_t add_name(hid_t g, const char *name, const H5L_info_t *info, void *data)
{
    (void)g;
    (void)info;
    char *list = data;
    size_t len = strlen(list);
    snprintf(list + len, 512 - len, "%s%s", len ? ", " : "", name);
    return 0;
}

static rg_status list_metrics(hid_t f, const char *path, const char *metric, rg_error *err)
{
    char list[512] = "";
    hid_t g = H5Gopen2(f, rg_index_object_path(RG_INDEX_OBJ_METRICS), H5P_DEFAULT);
    if (g >= 0) {
        H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, NULL, add_name, list);
        H5Gclose(g);
    }
    return rg_error_set(err, RG_EINPUT, "%s: no metric '%s'; expected one of %s", path, metric,
                        list);
}

/* The names of the design's columns. */
static rg_status read_names(hid_t f, const char *path, index_data *d, rg_error *err)
{
    char **names = NULL;
    size_t np = 0;
    rg_status st = rg_h5_read_strings(f, path, rg_index_object_path(RG_INDEX_OBJ_DESIGN_PARAMETERS),
                                      &names, &np, err);
    if (st == RG_OK && (np < 1 || np > RG_SWEEP_MAX_PARAMS))
        st = rg_error_set(err, RG_EINPUT, "%s: /design/parameters is missing or bad", path);
    for (size_t j = 0; st == RG_OK && j < np; j++)
        snprintf(d->names[j], sizeof d->names[j], "%s", names[j]);
    if (st == RG_OK) d->np = np;
    rg_h5_free_strings(names, np);
    return st;
}

/* Read a dataset of n elements, or NULL. */
static void *read_ds(hid_t f, const char *path, const char *name, hid_t mtype, size_t n)
{
    void *buf = NULL;
    rg_error ignored = {0};
    rg_h5_read_array(f, path, name, mtype, n, &buf, &ignored);
    return buf;
}

static rg_status read_index(const char *path, const char *metric, index_data *d, rg_error *err)
{
    memset(d, 0, sizeof *d);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) return rg_error_set(err, RG_EINPUT, "%s: cannot open as HDF5", path);
    rg_status st = RG_OK;
    static const rg_index_attribute want[] = {RG_INDEX_ATTR_DESIGN_CODE, RG_INDEX_ATTR_REQUESTED,
                                              RG_INDEX_ATTR_POINTS, RG_INDEX_ATTR_REPLICATES,
                                              RG_INDEX_ATTR_TASKS};
    long long *value[] = {&d->design, &d->requested, &d->points, &d->replicates, &d->tasks};
    int missing = 0;
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
        missing |=
            rg_h5_read_attr_number(f, rg_index_attribute_name(want[k]), H5T_NATIVE_LLONG, value[k]);
    if (missing || d->design < 0 || d->design >= RG_DESIGN_COUNT || d->points < 0 || d->tasks < 0)
        st = rg_error_set(err, RG_EINPUT,
                          "%s: not a sweep index (expected the index.h5 of `reintegra sweep`)",
                          path);
    char dsname[128];
    const char *metrics = rg_index_object_path(RG_INDEX_OBJ_METRICS);
    snprintf(dsname, sizeof dsname, "%s/%s", metrics, metric);
    if (st == RG_OK && H5Lexists(f, metrics, H5P_DEFAULT) > 0 &&
        H5Lexists(f, dsname, H5P_DEFAULT) <= 0)
        st = list_metrics(f, path, metric, err);
    if (st == RG_OK) st = read_names(f, path, d, err);
    if (st == RG_OK) {
        size_t n = (size_t)d->tasks;
        d->x = read_ds(f, path, rg_index_object_path(RG_INDEX_OBJ_DESIGN_VALUES), H5T_NATIVE_DOUBLE,
                       (size_t)d->points * d->np);
        d->point =
            read_ds(f, path, rg_index_object_path(RG_INDEX_OBJ_TASK_POINT), H5T_NATIVE_LLONG, n);
        d->state =
            read_ds(f, path, rg_index_object_path(RG_INDEX_OBJ_TASK_STATE), H5T_NATIVE_INT8, n);
        d->metric = read_ds(f, path, dsname, H5T_NATIVE_DOUBLE, n);
        if (!d->x || !d->point || !d->state || !d->metric)
            st = rg_error_set(err, RG_EINPUT, "%s: cannot read the design, tasks or %s", path,
                              dsname);
    }
    H5Fclose(f);
    if (st != RG_OK) index_free(d);
    return st;
}

rg_status rg_sensitivity_from_index(const char *path, const char *metric, int B, double conf,
                                    uint64_t seed, rg_sensitivity *out, rg_error *err)
{
    char file[4096];
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        snprintf(file, sizeof file, "%s/index.h5", path);
    else
        snprintf(file, sizeof file, "%s", path);
    if (stat(file, &sb) != 0)
        return rg_error_set(err, RG_EINPUT,
                            "%s: no such file; expected a sweep's folder or its index.h5 (run "
                            "`reintegra sweep SWEEP.cfg -o DIR --merge` to write it)",
                            file);
    index_data d;
    RG_TRY(read_index(file, metric, &d, err));
    /* Mean over the done replicates of each point. */
    const size_t P = (size_t)d.points, np = d.np;
    double *sum = calloc(P ? P : 1, sizeof *sum);
    long long *cnt = calloc(P ? P : 1, sizeof *cnt);
    double *x = malloc(sizeof *x * (P ? P : 1) * np), *y = malloc(sizeof *y * (P ? P : 1));
    rg_status st = RG_OK;
    if (!sum || !cnt || !x || !y) st = rg_error_set(err, RG_EINTERNAL, "out of memory");
    for (long long k = 0; st == RG_OK && k < d.tasks; k++) {
        long long p = d.point[k];
        if (p < 0 || p >= d.points || d.state[k] != RG_TASK_DONE || !isfinite(d.metric[k]))
            continue;
        sum[p] += d.metric[k];
        cnt[p]++;
    }
    const char *names[RG_SWEEP_MAX_PARAMS];
    for (size_t j = 0; j < np; j++) names[j] = d.names[j];
    if (st == RG_OK && d.design == RG_DESIGN_SALTELLI) {
        const size_t w = np + 2, N = (size_t)d.requested;
        size_t used = 0;
        for (size_t i = 0; i < N && (i + 1) * w <= P; i++) {
            int whole = 1;
            for (size_t k = 0; k < w; k++) whole &= cnt[i * w + k] > 0;
            if (!whole) continue;
            for (size_t k = 0; k < w; k++)
                y[used * w + k] = sum[i * w + k] / (double)cnt[i * w + k];
            used++;
        }
        if (used < RG_SWEEP_MIN_SALTELLI)
            st = rg_error_set(err, RG_EINPUT,
                              "%s: only %zu of %zu base samples have every run done with a value "
                              "of %s; Sobol indices need at least %d",
                              file, used, N, metric, RG_SWEEP_MIN_SALTELLI);
        else
            st = rg_sensitivity_sobol(y, used, np, names, B, conf, seed, out, err);
        out->dropped = (long long)(N - used);
    } else if (st == RG_OK) {
        size_t used = 0;
        for (size_t p = 0; p < P; p++) {
            if (!cnt[p]) continue;
            memcpy(x + used * np, d.x + p * np, np * sizeof *x);
            y[used++] = sum[p] / (double)cnt[p];
        }
        if (used < np + 2)
            st = rg_error_set(err, RG_EINPUT,
                              "%s: only %zu points have a done run with a value of %s; partial "
                              "rank correlations of %zu parameters need at least %zu",
                              file, used, metric, np, np + 2);
        else
            st = rg_sensitivity_prcc(x, y, used, np, names, B, conf, seed, out, err);
        out->dropped = (long long)(P - used);
    }
    if (st == RG_OK) {
        snprintf(out->metric, sizeof out->metric, "%s", metric);
        snprintf(out->design, sizeof out->design, "%s", rg_design_name((rg_design)d.design));
    }
    free(sum);
    free(cnt);
    free(x);
    free(y);
    index_free(&d);
    return st;
}

/* --- writing ------------------------------------------------------------------- */

void rg_sensitivity_write_table(const rg_sensitivity *s, FILE *f)
{
    int pct = (int)lround(100 * s->confidence);
    if (s->method == RG_SENS_PRCC) {
        fprintf(f,
                "partial rank correlation of %s with each parameter (%s design, %lld points, "
                "%d bootstrap resamples, %d%% intervals)\n",
                s->metric[0] ? s->metric : "the output", s->design[0] ? s->design : "-", s->n,
                s->bootstrap, pct);
        fprintf(f, "%-40s %8s %19s %10s\n", "parameter", "PRCC", "interval", "p-value");
        for (size_t j = 0; j < s->np; j++) {
            const rg_sens_row *r = &s->row[j];
            fprintf(f, "%-40s %8.3f   [%6.3f, %6.3f] %10.2g\n", r->name, r->prcc, r->prcc_lo,
                    r->prcc_hi, r->prcc_p);
        }
    } else {
        fprintf(f,
                "Sobol indices of %s (%s design, %lld base samples, %d bootstrap resamples, "
                "%d%% intervals; variance %.4g)\n",
                s->metric[0] ? s->metric : "the output", s->design[0] ? s->design : "-", s->n,
                s->bootstrap, pct, s->variance);
        fprintf(f, "%-40s %8s %19s %8s %19s\n", "parameter", "S1", "interval", "ST", "interval");
        for (size_t j = 0; j < s->np; j++) {
            const rg_sens_row *r = &s->row[j];
            fprintf(f, "%-40s %8.3f   [%6.3f, %6.3f] %8.3f   [%6.3f, %6.3f]\n", r->name, r->s1,
                    r->s1_lo, r->s1_hi, r->st, r->st_lo, r->st_hi);
        }
    }
    if (s->dropped)
        fprintf(f, "(%lld %s without a done run left out)\n", s->dropped,
                s->method == RG_SENS_PRCC ? "points" : "base samples");
}

void rg_sensitivity_write_csv(const rg_sensitivity *s, FILE *f)
{
    fputs("metric,method,parameter,index,estimate,lower,upper,p_value\n", f);
    for (size_t j = 0; j < s->np; j++) {
        const rg_sens_row *r = &s->row[j];
        if (s->method == RG_SENS_PRCC) {
            fprintf(f, "%s,prcc,%s,PRCC,%.6g,%.6g,%.6g,%.6g\n", s->metric, r->name, r->prcc,
                    r->prcc_lo, r->prcc_hi, r->prcc_p);
        } else {
            fprintf(f, "%s,sobol,%s,S1,%.6g,%.6g,%.6g,\n", s->metric, r->name, r->s1, r->s1_lo,
                    r->s1_hi);
            fprintf(f, "%s,sobol,%s,ST,%.6g,%.6g,%.6g,\n", s->metric, r->name, r->st, r->st_lo,
                    r->st_hi);
        }
    }
}
