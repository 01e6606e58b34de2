/* The outputs of a calibration: the fitted scenario, the report and the HDF5 file. */
#include <errno.h>
#include <hdf5.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "common/files.h"
#include "common/h5io.h"
#include "reintegra/build_info.h"
#include "reintegra/calibrate.h"
#include "reintegra/config.h"

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
            "(common random numbers)\n- evaluations: %d; %s\n- objective: %.4f points^2; largest "
            "difference %.2f points\n\n## Parameters\n\n",
            c->path, date, RG_VERSION, RG_GIT_REVISION, c->base_text,
            c->method == RG_CAL_ABC ? "ABC rejection" : "Nelder-Mead simplex (GSL nmsimplex2)",
            c->agents, c->replicates, c->seed, res->evaluations, rg_cal_stop_text(res->stop),
            res->objective, max_abs_difference(c, res));
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

static int h5_provenance(const rg_calibration *c, hid_t file, const char *date)
{
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
    return r;
}

static int h5_parameters(const rg_calibration *c, hid_t file)
{
    const size_t np = c->np;
    const char *names[RG_CAL_MAX_PARAMS];
    double bounds[RG_CAL_MAX_PARAMS * 3];
    for (size_t k = 0; k < np; k++) {
        names[k] = c->par[k].desc->name;
        bounds[3 * k] = c->par[k].lo;
        bounds[3 * k + 1] = c->par[k].hi;
        bounds[3 * k + 2] = c->par[k].fitted;
    }
    hsize_t d2[2] = {np, 3};
    int r = rg_h5_write_strings(file, "parameter_names", names, np, "fitted parameters");
    if (r >= 0)
        r = rg_h5_write_doubles(file, "parameters", 2, d2, bounds,
                                "parameter units (docs/parameters.md)",
                                "per fitted parameter: lower bound, upper bound, fitted value");
    return r;
}

/* Every target row and point: the target and the model's value. */
static int h5_fit(const rg_calibration *c, const rg_cal_result *res, hid_t file)
{
    const size_t nr = c->nrows;
    const char **rowname = calloc(nr ? nr : 1, sizeof *rowname);
    char(*labels)[160] = calloc(nr ? nr : 1, sizeof *labels);
    double *table = calloc((nr ? nr : 1) * RG_CAL_MAX_YEARS * 2, sizeof *table);
    int r = rowname && labels && table ? 0 : -1;
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
    return r;
}

/* The trace (Nelder-Mead) or the accepted draws (ABC), and the objective. */
static int h5_search(const rg_calibration *c, const rg_cal_result *res, hid_t file)
{
    int r = 0;
    if (res->ntrace) {
        hsize_t d1[1] = {(hsize_t)res->ntrace};
        r = rg_h5_write_doubles(file, "trace", 1, d1, res->trace, "points^2",
                                "objective of the best point after each Nelder-Mead iteration");
    }
    if (r >= 0 && res->naccepted) {
        hsize_t dp[2] = {(hsize_t)res->naccepted, c->np}, dd[1] = {(hsize_t)res->naccepted};
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
    return r;
}

static rg_status write_h5(const rg_calibration *c, const rg_cal_result *res, const char *path,
                          const char *date, rg_error *err)
{
    rg_h5_partial w;
    RG_TRY(rg_h5_partial_create(&w, path, err));
    hid_t file = w.file;
    int r = h5_provenance(c, file, date);
    if (r >= 0) r = h5_parameters(c, file);
    if (r >= 0) r = h5_fit(c, res, file);
    if (r >= 0) r = h5_search(c, res, file);
    if (r < 0) {
        rg_h5_partial_abort(&w);
        char hint[64];
        return rg_error_set(err, RG_EINTERNAL, "%s: HDF5 error writing the calibration%s",
                            w.partial, rg_disk_full_hint(w.partial, hint, sizeof hint));
    }
    return rg_h5_partial_commit(&w, err);
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
