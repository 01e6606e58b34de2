/* Calibration recovers known parameters: synthetic target curves are generated
 * by the model at known values; Nelder-Mead, started elsewhere, must find them
 * again within 5% (common random numbers make the objective exactly zero at the
 * truth); with bounds that exclude the truth, the fit stays inside its bounds; ABC
 * rejection's 95% posterior interval must cover the truth. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../check.h"
#include "reintegra/justice.h"
#include "reintegra/offending.h"
#include "reintegra/module.h"
#include "reintegra/calibrate.h"
#include "reintegra/config.h"
#include "reintegra/run.h"

static const double TRUE_BASE_RATE = 0.15, TRUE_CONVICTION = 0.45;

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* Targets from the model itself at the true values (same seed as the fit). */
static void write_targets(const char *path)
{
    rg_params p;
    rg_params_defaults(&p);
    rg_error err = {0};
    CHECK(rg_config_load(&p, "base.cfg", &err) == RG_OK, "base: %s", err.msg);
    p.run.seed = 7;
    RG_PARAMS_MUT(&p, offending)->base_rate = TRUE_BASE_RATE;
    RG_PARAMS_MUT(&p, justice)->conviction_probability = TRUE_CONVICTION;
    rg_run *run = NULL;
    CHECK(rg_run_create(&run, &p, 0, &err) == RG_OK && rg_run_complete(run, &err) == RG_OK,
          "truth run: %s", err.msg);
    if (!run) return;
    rg_outcome_columns cols = rg_run_outcomes(run);
    FILE *f = fopen(path, "w");
    fprintf(f, "# synthetic targets at base_rate %g, conviction_probability %g\n", TRUE_BASE_RATE,
            TRUE_CONVICTION);
    fprintf(f, "measure,group,year1,year2,year3\n");
    const char *groups[] = {"all", "age_24_or_younger", "age_40_or_older"};
    for (int m = 0; m < 2; m++)
        for (int g = 0; g < 3; g++) {
            fprintf(f, "%s,%s", rg_measure_name((rg_measure)m), groups[g]);
            for (int y = 1; y <= 3; y++)
                fprintf(f, ",%.6f",
                        rg_cumulative_percent(&cols, (rg_measure)m, groups[g], y, NULL));
            fputc('\n', f);
        }
    fclose(f);
    rg_run_free(run);
}

static void fit(const char *cal, rg_calibration *c, rg_cal_result *res)
{
    rg_error err = {0};
    CHECK(rg_calibration_load(c, cal, &err) == RG_OK, "%s: %s", cal, err.msg);
    /* One thread per run: small runs gain nothing from more. */
    CHECK(rg_calibration_run(c, res, &(rg_calibration_options){.threads = 1}, &err) == RG_OK,
          "%s: %s", cal, err.msg);
}

int main(void)
{
    char dir[] = "/tmp/rg_recovery_XXXXXX";
    if (!mkdtemp(dir) || chdir(dir) != 0) return 2;
    write_text("base.cfg", "run: { agents = 8000; months = 36; };\n");
    write_targets("targets.csv");

    rg_calibration *c = calloc(1, sizeof *c);
    rg_cal_result *res = calloc(1, sizeof *res);

    /* Recovery from a different start. */
    write_text(
        "nm.cfg",
        "base = \"base.cfg\"; seed = 7; agents = 8000; max_evaluations = 400;\n"
        "tolerance = 1e-4; restarts = 1;\n"
        "parameters = (\n"
        "  { name = \"offending.base_rate\"; min = 0.02; max = 0.5; start = 0.06; },\n"
        "  { name = \"justice.conviction_probability\"; min = 0.1; max = 0.9; start = 0.7; } );\n"
        "targets = ( { file = \"targets.csv\"; } );\n");
    fit("nm.cfg", c, res);
    printf("Nelder-Mead: base_rate %.4f (true %.2f), conviction_probability %.4f (true %.2f); "
           "%d evaluations, objective %.4g; %s\n",
           c->par[0].fitted, TRUE_BASE_RATE, c->par[1].fitted, TRUE_CONVICTION, res->evaluations,
           res->objective, rg_cal_stop_text(res->stop));
    CHECK(fabs(c->par[0].fitted / TRUE_BASE_RATE - 1) < 0.05, "base_rate %.4f", c->par[0].fitted);
    CHECK(fabs(c->par[1].fitted / TRUE_CONVICTION - 1) < 0.05, "conviction %.4f", c->par[1].fitted);
    CHECK(res->objective < 1.0, "objective %.4g at the fit", res->objective);
    /* At the truth the objective is exactly zero on a plateau: the fit must see that
     * it has stopped moving rather than reflect until max_evaluations. */
    CHECK(res->stop == RG_CAL_CONVERGED || res->stop == RG_CAL_STALLED, "stopped: %s",
          rg_cal_stop_text(res->stop));

    /* Outputs of this fit: the fitted scenario inherits the base and runs. */
    rg_error err = {0};
    snprintf(c->output, sizeof c->output, "fitted");
    CHECK(rg_calibration_write(c, res, &err) == RG_OK, "write: %s", err.msg);
    rg_params p;
    rg_params_defaults(&p);
    CHECK(rg_config_load(&p, "fitted.cfg", &err) == RG_OK, "fitted.cfg: %s", err.msg);
    CHECK(p.run.agents == 8000 &&
              fabs(RG_PARAMS_MUT(&p, offending)->base_rate / TRUE_BASE_RATE - 1) < 0.05,
          "fitted.cfg does not carry the fit");
    CHECK(access("fitted.md", F_OK) == 0 && access("fitted.h5", F_OK) == 0,
          "report or HDF5 missing");
    rg_cal_result_free(res);

    /* Bounds that exclude the truth: the fit stays inside them. */
    write_text("bounded.cfg",
               "base = \"base.cfg\"; seed = 7; max_evaluations = 150;\n"
               "parameters = (\n"
               "  { name = \"offending.base_rate\"; min = 0.02; max = 0.1; start = 0.05; } );\n"
               "targets = ( { file = \"targets.csv\"; } );\n");
    fit("bounded.cfg", c, res);
    printf("bounded: base_rate %.4f in [0.02, 0.1]\n", c->par[0].fitted);
    CHECK(c->par[0].fitted >= 0.02 && c->par[0].fitted <= 0.1, "fit %.4f left its bounds",
          c->par[0].fitted);
    CHECK(c->par[0].fitted > 0.09, "fit %.4f should press against the upper bound",
          c->par[0].fitted);
    rg_cal_result_free(res);

    /* ABC rejection: the 95% posterior interval covers the truth. */
    /* The other parameter at its true value, so that only base_rate is unknown. */
    write_text("base_abc.cfg",
               "inherit = \"base.cfg\";\njustice: { conviction_probability = 0.45; };\n");
    write_text("abc.cfg", "base = \"base_abc.cfg\"; seed = 7; method = \"abc-rejection\";\n"
                          "abc_draws = 80; abc_accept = 0.1;\n"
                          "parameters = (\n"
                          "  { name = \"offending.base_rate\"; min = 0.05; max = 0.3; } );\n"
                          "targets = ( { file = \"targets.csv\"; } );\n");
    fit("abc.cfg", c, res);
    double lo = 1e9, hi = -1e9;
    for (int k = 0; k < res->naccepted; k++) {
        double v = res->posterior[k];
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
    }
    printf("ABC: %d accepted; base_rate posterior mean %.4f, range [%.4f, %.4f]\n", res->naccepted,
           c->par[0].fitted, lo, hi);
    CHECK(res->naccepted == 8, "accepted %d of 80 at 10%%", res->naccepted);
    CHECK(lo <= TRUE_BASE_RATE && TRUE_BASE_RATE <= hi, "posterior [%.4f, %.4f] misses the truth",
          lo, hi);
    CHECK(fabs(c->par[0].fitted / TRUE_BASE_RATE - 1) < 0.15, "posterior mean %.4f",
          c->par[0].fitted);
    rg_cal_result_free(res);
    free(res);
    free(c);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return check_done();
}
