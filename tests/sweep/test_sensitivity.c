/* Designs and sensitivity estimators against known answers: Sobol indices of the
 * Ishigami function, PRCC of monotone functions, the Latin hypercube's strata, and
 * the sweep file's checks. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "reintegra/rng.h"
#include "reintegra/sensitivity.h"
#include "reintegra/sweep.h"

/* Ishigami & Homma (1990) with a = 7, b = 0.1 on [-pi, pi]^3. Analytic indices
 * (Saltelli et al. 2008, Global Sensitivity Analysis: The Primer, 4.8). */
static double ishigami(const double *x)
{
    return sin(x[0]) + 7.0 * sin(x[1]) * sin(x[1]) + 0.1 * pow(x[2], 4) * sin(x[0]);
}

static void test_ishigami(void)
{
    const size_t d = 3, N = 4096;
    double *u = malloc(sizeof *u * N * (d + 2) * d), *f = malloc(sizeof *f * N * (d + 2));
    rg_error err = {0};
    CHECK(rg_design_saltelli((long long)N, d, u, &err) == RG_OK, "%s", err.msg);
    for (size_t r = 0; r < N * (d + 2); r++) {
        double x[3];
        for (size_t j = 0; j < d; j++) x[j] = -M_PI + 2 * M_PI * u[r * d + j];
        f[r] = ishigami(x);
    }
    const double a = 7, b = 0.1, pi4 = pow(M_PI, 4);
    const double v1 = 0.5 * pow(1 + b * pi4 / 5, 2), v2 = a * a / 8;
    const double v13 = b * b * pow(M_PI, 8) * (1.0 / 18 - 1.0 / 50);
    const double v = v1 + v2 + v13;
    const double s1[3] = {v1 / v, v2 / v, 0}, st[3] = {(v1 + v13) / v, v2 / v, v13 / v};
    CHECK(fabs(s1[0] - 0.3139) < 1e-3 && fabs(st[2] - 0.2437) < 1e-3, "analytic values");
    rg_sensitivity res;
    const char *names[3] = {"x1", "x2", "x3"};
    CHECK(rg_sensitivity_sobol(f, N, d, names, 200, 0.95, 1, &res, &err) == RG_OK, "%s", err.msg);
    /* Tolerance 0.02 absolute at N = 4096 (the estimators' error is below 0.01 here;
     * the bootstrap intervals must cover the true values). */
    for (size_t j = 0; j < d; j++) {
        const rg_sens_row *r = &res.row[j];
        CHECK(fabs(r->s1 - s1[j]) < 0.02, "S1 of x%zu: %.4f, expected %.4f", j + 1, r->s1, s1[j]);
        CHECK(fabs(r->st - st[j]) < 0.02, "ST of x%zu: %.4f, expected %.4f", j + 1, r->st, st[j]);
        CHECK(r->s1_lo <= s1[j] + 0.01 && s1[j] - 0.01 <= r->s1_hi,
              "S1 interval of x%zu [%.4f, %.4f] misses %.4f", j + 1, r->s1_lo, r->s1_hi, s1[j]);
        CHECK(r->st_lo <= st[j] + 0.01 && st[j] - 0.01 <= r->st_hi,
              "ST interval of x%zu [%.4f, %.4f] misses %.4f", j + 1, r->st_lo, r->st_hi, st[j]);
        CHECK(r->s1_lo < r->s1_hi && r->st_lo < r->st_hi, "intervals of x%zu are empty", j + 1);
    }
    /* Bootstrap draws are keyed: the same seed gives the same intervals. */
    rg_sensitivity again;
    rg_sensitivity_sobol(f, N, d, names, 200, 0.95, 1, &again, &err);
    CHECK(again.row[0].s1_lo == res.row[0].s1_lo && again.row[2].st_hi == res.row[2].st_hi,
          "bootstrap not reproducible");
    free(u);
    free(f);
}

static void test_prcc(void)
{
    /* y = exp(3 x1) - 2 x2^3 + noise; x3 has no effect. */
    const size_t n = 200, d = 3;
    double *x = malloc(sizeof *x * n * d), y[200];
    rg_design_lhs((long long)n, d, 7, x);
    for (size_t i = 0; i < n; i++) {
        double noise = rg_draw_u01(99, RG_STREAM_SWEEP, i, 5) - 0.5;
        y[i] = exp(3 * x[i * d]) - 2 * pow(x[i * d + 1], 3) + noise;
    }
    rg_sensitivity res;
    rg_error err = {0};
    CHECK(rg_sensitivity_prcc(x, y, n, d, NULL, 500, 0.95, 1, &res, &err) == RG_OK, "%s", err.msg);
    CHECK(res.row[0].prcc > 0.8, "PRCC x1 %.3f, expected strongly positive", res.row[0].prcc);
    CHECK(res.row[1].prcc < -0.5, "PRCC x2 %.3f, expected negative", res.row[1].prcc);
    CHECK(fabs(res.row[2].prcc) < 0.2, "PRCC x3 %.3f, expected near 0", res.row[2].prcc);
    CHECK(res.row[2].prcc_lo < 0 && res.row[2].prcc_hi > 0, "interval of x3 [%.3f, %.3f] misses 0",
          res.row[2].prcc_lo, res.row[2].prcc_hi);
    CHECK(res.row[0].prcc_p < 1e-6 && res.row[2].prcc_p > 0.001, "p-values %.3g %.3g",
          res.row[0].prcc_p, res.row[2].prcc_p);
    CHECK(res.row[0].prcc_lo < res.row[0].prcc && res.row[0].prcc < res.row[0].prcc_hi,
          "estimate outside its interval");
    /* A monotone transformation of y does not change rank correlations. */
    double y3[200];
    for (size_t i = 0; i < n; i++) y3[i] = pow(y[i] + 10, 3);
    double p1[3], p3[3];
    rg_prcc(x, y, n, d, p1);
    rg_prcc(x, y3, n, d, p3);
    for (size_t j = 0; j < d; j++) CHECK(fabs(p1[j] - p3[j]) < 1e-12, "PRCC not rank-invariant");
    /* Too few points. */
    CHECK(rg_sensitivity_prcc(x, y, 4, d, NULL, 10, 0.95, 1, &res, &err) == RG_EINPUT,
          "4 points accepted for 3 parameters");
    free(x);
}

static void test_lhs(void)
{
    /* Every stratum of every parameter holds exactly one point. */
    const long long n = 50;
    const size_t d = 4;
    double u[50 * 4];
    rg_design_lhs(n, d, 3, u);
    for (size_t j = 0; j < d; j++) {
        int seen[50] = {0};
        for (long long i = 0; i < n; i++) {
            double v = u[i * (long long)d + (long long)j];
            CHECK(v > 0 && v < 1, "LHS value %g outside (0, 1)", v);
            seen[(int)(v * n)]++;
        }
        for (long long k = 0; k < n; k++) CHECK(seen[k] == 1, "stratum %lld has %d", k, seen[k]);
    }
    double w[50 * 4];
    rg_design_lhs(n, d, 3, w);
    CHECK(!memcmp(u, w, sizeof u), "LHS not reproducible");
    rg_design_lhs(n, d, 4, w);
    CHECK(memcmp(u, w, sizeof u) != 0, "LHS ignores its seed");
}

static void test_sobol_design(void)
{
    double u[16 * 2];
    rg_error err = {0};
    CHECK(rg_design_sobol(16, 2, u, &err) == RG_OK, "%s", err.msg);
    /* The first point after the origin of a Sobol sequence is (0.5, 0.5). */
    CHECK(u[0] == 0.5 && u[1] == 0.5, "first point (%g, %g)", u[0], u[1]);
    double mean = 0;
    for (int i = 0; i < 32; i++) mean += u[i] / 32;
    CHECK(fabs(mean - 0.5) < 0.05, "Sobol points mean %g", mean);
}

/* The degenerate cases: y a monotone function of one parameter (its PRCC is +1
 * or -1 with a note, the others' not defined), and a constant y (none defined). */
static void test_prcc_degenerate(void)
{
    const size_t n = 30, d = 2;
    double x[60], y[30];
    rg_design_lhs((long long)n, d, 3, x);
    for (size_t i = 0; i < n; i++) y[i] = -exp(x[i * d + 1]);
    rg_sensitivity res;
    rg_error err = {0};
    CHECK(rg_sensitivity_prcc(x, y, n, d, NULL, 200, 0.95, 1, &res, &err) == RG_OK, "%s", err.msg);
    CHECK(res.row[1].prcc == -1.0, "PRCC of the only cause %.3f, expected -1", res.row[1].prcc);
    CHECK(isnan(res.row[0].prcc), "PRCC of the other %.3f, expected NaN", res.row[0].prcc);
    CHECK(strstr(res.note, "reversed") != NULL, "note: '%s'", res.note);
    for (size_t i = 0; i < n; i++) y[i] = 5;
    CHECK(rg_sensitivity_prcc(x, y, n, d, NULL, 200, 0.95, 1, &res, &err) == RG_OK, "%s", err.msg);
    CHECK(isnan(res.row[0].prcc) && isnan(res.row[1].prcc), "PRCC of a constant output");
    CHECK(strstr(res.note, "not defined") != NULL, "note: '%s'", res.note);
}

int main(void)
{
    test_ishigami();
    test_prcc();
    test_prcc_degenerate();
    test_lhs();
    test_sobol_design();
    return check_done();
}
