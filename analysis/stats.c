/* Confidence intervals across replicates and for contrasts (GSL's t and normal). */
#include "reintegra/stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

const char *rg_ci_method_name(rg_ci_method m)
{
    switch (m) {
    case RG_CI_NONE: return "unavailable";
    case RG_CI_REPLICATES: return "t across replicates";
    case RG_CI_WITHIN_RUN: return "normal within one run";
    case RG_CI_PAIRED: return "paired by seed (common random numbers)";
    case RG_CI_WELCH: return "unpaired (Welch)";
    case RG_CI_WITHIN_CONTRAST: return "unpaired, one replicate (normal)";
    }
    return "?";
}

rg_estimate rg_estimate_none(void)
{
    return (rg_estimate){NAN, NAN, NAN, NAN, 0, RG_CI_NONE};
}

double rg_t_quantile(double level, double df)
{
    return gsl_cdf_tdist_Pinv(0.5 + level / 2.0, df);
}

static int any_nan(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (isnan(x[i])) return 1;
    return 0;
}

rg_estimate rg_estimate_replicates(const double *x, size_t n, double level)
{
    if (n == 0 || any_nan(x, n)) return rg_estimate_none();
    rg_estimate e = {gsl_stats_mean(x, 1, n), NAN, NAN, NAN, (int)n, RG_CI_REPLICATES};
    if (n < 2) return e;
    double sd = gsl_stats_sd_m(x, 1, n, e.est);
    e.se = sd / sqrt((double)n);
    double h = rg_t_quantile(level, (double)(n - 1)) * e.se;
    e.lo = e.est - h;
    e.hi = e.est + h;
    return e;
}

rg_estimate rg_estimate_normal(double est, double se, double level)
{
    if (isnan(est)) return rg_estimate_none();
    rg_estimate e = {est, NAN, NAN, se, 1, RG_CI_WITHIN_RUN};
    if (isnan(se)) return e;
    double h = gsl_cdf_ugaussian_Pinv(0.5 + level / 2.0) * se;
    e.lo = est - h;
    e.hi = est + h;
    return e;
}

rg_estimate rg_contrast_paired(const double *a, const double *b, size_t n, double level)
{
    if (n == 0 || any_nan(a, n) || any_nan(b, n)) return rg_estimate_none();
    double *d = malloc(n * sizeof *d);
    if (!d) return rg_estimate_none();
    for (size_t i = 0; i < n; i++) d[i] = b[i] - a[i];
    rg_estimate e = rg_estimate_replicates(d, n, level);
    free(d);
    e.method = RG_CI_PAIRED;
    return e;
}

rg_estimate rg_contrast_welch(const double *a, size_t na, const double *b, size_t nb, double level)
{
    if (na < 2 || nb < 2 || any_nan(a, na) || any_nan(b, nb)) return rg_estimate_none();
    double ma = gsl_stats_mean(a, 1, na), mb = gsl_stats_mean(b, 1, nb);
    double va = gsl_stats_variance_m(a, 1, na, ma) / (double)na;
    double vb = gsl_stats_variance_m(b, 1, nb, mb) / (double)nb;
    rg_estimate e = {mb - ma,    mb - ma, mb - ma, sqrt(va + vb), (int)(na < nb ? na : nb),
                     RG_CI_WELCH};
    if (va + vb > 0) {
        double df =
            (va + vb) * (va + vb) / (va * va / (double)(na - 1) + vb * vb / (double)(nb - 1));
        double h = rg_t_quantile(level, df) * e.se;
        e.lo = e.est - h;
        e.hi = e.est + h;
    }
    return e;
}

rg_estimate rg_contrast_normal(double a, double se_a, double b, double se_b, double level)
{
    if (isnan(a) || isnan(b)) return rg_estimate_none();
    double se = isnan(se_a) || isnan(se_b) ? NAN : sqrt(se_a * se_a + se_b * se_b);
    rg_estimate e = rg_estimate_normal(b - a, se, level);
    e.method = RG_CI_WITHIN_CONTRAST;
    return e;
}

rg_estimate rg_ratio_paired(const double *c, const double *e, size_t n, double level)
{
    if (n == 0 || any_nan(c, n) || any_nan(e, n)) return rg_estimate_none();
    double sc = 0, se_ = 0;
    for (size_t i = 0; i < n; i++) {
        sc += c[i];
        se_ += e[i];
    }
    if (se_ == 0) return rg_estimate_none();
    double ratio = sc / se_, mean_e = se_ / (double)n;
    rg_estimate r = {ratio, NAN, NAN, NAN, (int)n, RG_CI_PAIRED};
    if (n < 2) return r;
    double ss = 0;
    for (size_t i = 0; i < n; i++) {
        double res = c[i] - ratio * e[i];
        ss += res * res;
    }
    r.se = sqrt(ss / (double)(n - 1)) / (sqrt((double)n) * fabs(mean_e));
    double h = rg_t_quantile(level, (double)(n - 1)) * r.se;
    r.lo = ratio - h;
    r.hi = ratio + h;
    return r;
}
