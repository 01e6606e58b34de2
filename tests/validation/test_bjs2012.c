/* Validation: the baseline scenario (100,000 agents, a seed the calibration did
 * not use) reproduces the BJS recidivism figures:
 * - BJS 2012 cohort, cumulative rearrest, reconviction and return to prison:
 *   every row within 3 percentage points at years 1, 3 and 5; the rows for all
 *   people, by sex and by age group within 2 points at every year 1-5;
 * - BJS 2005 cohort, within-year shape of the first year (percent of the 12-month
 *   value at months 1, 3, 6 and 9) within 3 points;
 * - BJS 2012 cohort, shares of the prior-arrest groups (fitted: the record of the
 *   propensity before release) within 2 points.
 * Prints the table that docs/validation.md shows.
 * Usage: test_bjs2012 2012.csv 2005.csv composition.csv */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "reintegra/calibrate.h"
#include "reintegra/config.h"
#include "reintegra/run.h"

static int strict_group(const char *g)
{
    return !strcmp(g, "all") || !strcmp(g, "male") || !strcmp(g, "female") ||
           !strncmp(g, "age_", 4);
}

int main(int argc, char **argv)
{
    if (argc < 4) return 2;
    const char *src = getenv("RG_SOURCE_DIR");
    char scenario[4096];
    snprintf(scenario, sizeof scenario, "%s/scenarios/baseline.cfg", src ? src : ".");
    rg_target_row rows[64];
    size_t nrows = 0, nshape = 0;
    rg_error err = {0};
    CHECK(rg_targets_read(argv[1], rows, 64, &nrows, &err) == RG_OK, "targets: %s", err.msg);
    CHECK(rg_targets_read(argv[2], rows + nrows, 64 - nrows, &nshape, &err) == RG_OK, "targets: %s",
          err.msg);
    nrows += nshape;
    rg_target_row composition[32];
    size_t ncomp = 0;
    CHECK(rg_targets_read(argv[3], composition, 32, &ncomp, &err) == RG_OK, "targets: %s", err.msg);
    for (size_t k = 0; k < ncomp && nrows < 64; k++)
        if (rg_target_composition_valid(&composition[k])) rows[nrows++] = composition[k];
    rg_params p;
    rg_params_defaults(&p);
    CHECK(rg_config_load(&p, scenario, &err) == RG_OK, "baseline: %s", err.msg);
    CHECK(p.run.agents == 100000, "the baseline should have 100,000 agents");
    rg_run *run = NULL;
    CHECK(rg_run_create(&run, &p, 0, &err) == RG_OK, "create: %s", err.msg);
    if (!run) return check_done();
    CHECK(rg_run_complete(run, &err) == RG_OK, "run: %s", err.msg);
    rg_outcome_columns cols = rg_run_outcomes(run);
    printf("| measure | group | at | target | model | difference | tolerance |\n"
           "| --- | --- | --- | ---: | ---: | ---: | ---: |\n");
    double worst = 0;
    for (size_t r = 0; r < nrows; r++)
        for (int k = 0; k < rows[r].years; k++) {
            double tol = 0; /* 0: reported, not asserted */
            if (rows[r].shape)
                tol = 3.0;
            else if (rows[r].composition)
                tol = 2.0;
            else if (strict_group(rows[r].group))
                tol = 2.0;
            else if (k == 0 || k == 2 || k == 4)
                tol = 3.0;
            double m = rg_target_model_value(&rows[r], k, &cols), d = m - rows[r].value[k];
            char at[64], tols[16] = "-";
            rg_target_point_label(&rows[r], k, at, sizeof at);
            if (tol > 0) snprintf(tols, sizeof tols, "%.0f", tol);
            printf("| %s | %s | %s | %.1f | %.1f | %+.1f | %s |\n", rows[r].measure_name,
                   rows[r].group, at, rows[r].value[k], m, d, tols);
            if (tol > 0) {
                CHECK(fabs(d) <= tol, "%s %s %s: model %.2f, target %.1f (tolerance %.0f points)",
                      rows[r].measure_name, rows[r].group, at, m, rows[r].value[k], tol);
                if (fabs(d) > worst) worst = fabs(d);
            }
        }
    printf("\nlargest difference among the asserted points: %.2f points\n", worst);
    rg_run_free(run);
    return check_done();
}
