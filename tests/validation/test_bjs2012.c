/* Validation: the baseline scenario (100,000 agents) reproduces the BJS 2012
 * cohort: cumulative rearrest, reconviction and return to prison at years 1-5,
 * overall, by sex and by age group, within 2 percentage points; by commitment
 * offence within 3 points. Prints the table that docs/validation.md shows. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "reintegra/calibrate.h"
#include "reintegra/config.h"
#include "reintegra/run.h"

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    const char *src = getenv("RG_SOURCE_DIR");
    char scenario[4096];
    snprintf(scenario, sizeof scenario, "%s/scenarios/baseline.cfg", src ? src : ".");
    rg_target_row rows[64];
    size_t nrows = 0;
    rg_error err = {0};
    CHECK(rg_targets_read(argv[1], rows, 64, &nrows, &err) == RG_OK, "targets: %s", err.msg);
    rg_params p;
    rg_params_defaults(&p);
    CHECK(rg_config_load(&p, scenario, &err) == RG_OK, "baseline: %s", err.msg);
    CHECK(p.run.agents == 100000, "the baseline should have 100,000 agents");
    rg_run *run = NULL;
    CHECK(rg_run_create(&run, &p, 0, &err) == RG_OK, "create: %s", err.msg);
    if (!run) return check_done();
    CHECK(rg_run_complete(run, &err) == RG_OK, "run: %s", err.msg);
    rg_outcome_columns cols = rg_run_outcomes(run);
    printf("| measure | group | year | target | model | difference |\n"
           "| --- | --- | ---: | ---: | ---: | ---: |\n");
    double worst = 0;
    for (size_t r = 0; r < nrows; r++) {
        int offence = !strncmp(rows[r].group, "offense_", 8);
        double tol = offence ? 3.0 : 2.0;
        for (int y = 1; y <= rows[r].years; y++) {
            double m =
                rg_cumulative_percent(&cols, (rg_measure)rows[r].measure, rows[r].group, y, NULL);
            double d = m - rows[r].value[y - 1];
            printf("| %s | %s | %d | %.1f | %.1f | %+.1f |\n", rows[r].measure_name, rows[r].group,
                   y, rows[r].value[y - 1], m, d);
            CHECK(fabs(d) <= tol, "%s %s year %d: model %.2f, target %.1f (tolerance %.0f points)",
                  rows[r].measure_name, rows[r].group, y, m, rows[r].value[y - 1], tol);
            if (fabs(d) > worst) worst = fabs(d);
        }
    }
    printf("\nlargest difference: %.2f points\n", worst);
    rg_run_free(run);
    return check_done();
}
