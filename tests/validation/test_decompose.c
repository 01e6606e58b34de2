/* Race gaps by channel (decompose.h) on a small baseline run: the contributions and
 * the residual add up to the gap; with every channel equalised nothing acts on race,
 * so the residual is sampling noise (within 4 standard errors); with taste-based
 * discrimination at zero the mechanisms still produce gaps (beyond 3 standard
 * errors); the table read back from the run file is the one computed. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../check.h"
#include "reintegra/decompose.h"
#include "reintegra/result.h"
#include "scenario.h"

enum { AGENTS = 20000, MONTHS = 36 };

/* Standard error (points) of a difference of two shares of about 1/2 between the
 * black (36%) and white (44%) people of AGENTS: the largest a share's can be. */
static double se_points(void)
{
    return 100.0 * sqrt(0.25 / (0.36 * AGENTS) + 0.25 / (0.44 * AGENTS));
}

static void adds_up(const rg_decomposition *d)
{
    for (int g = 0; g < RG_DECOMPOSE_GROUP_COUNT; g++)
        for (int o = 0; o < RG_DECOMPOSE_OUTCOME_COUNT; o++) {
            double sum = d->gap[RG_DECOMPOSE_CHANNEL_COUNT][g][o];
            for (int c = 0; c < RG_DECOMPOSE_CHANNEL_COUNT; c++)
                sum += rg_decomposition_contribution(d, c, g, o);
            CHECK(fabs(sum - d->gap[0][g][o]) < 1e-9, "group %d %s: %.6f vs %.6f", g,
                  rg_decompose_outcome(o), sum, d->gap[0][g][o]);
        }
}

static void read_back(const char *path, const rg_decomposition *d)
{
    rg_result r;
    rg_error err = {0};
    CHECK(rg_result_read(&r, path, &err) == RG_OK, "%s", err.msg);
    CHECK(r.decomposition_channels == RG_DECOMPOSE_CHANNEL_COUNT, "%zu channels",
          r.decomposition_channels);
    if (r.decomposition_channels != RG_DECOMPOSE_CHANNEL_COUNT) return;
    for (int c = 0; c < RG_DECOMPOSE_CHANNEL_COUNT; c++) {
        CHECK(!strcmp(r.decomposition_channel[c], rg_decompose_channel(c)), "%s",
              r.decomposition_channel[c]);
        CHECK(r.decomposition_contribution[c * 4] ==
                  rg_decomposition_contribution(d, c, RG_DG_BLACK, RG_DO_rearrest_3y),
              "channel %d", c);
    }
    CHECK(r.decomposition_gap[1] == d->gap[0][RG_DG_BLACK][RG_DO_employment], "gap");
    rg_result_free(&r);
}

int main(void)
{
    scenario_init();
    rg_params p = scenario("baseline", AGENTS, MONTHS, 2031);
    rg_decomposition d;
    rg_error err = {0};
    const char *path = "decompose.h5";
    remove(path);
    CHECK(rg_decompose(&p, path, 0, NULL, &d, &err) == RG_OK, "%s", err.msg);
    const double se = se_points();
    printf("black-white gap (points): rearrest %.2f, employment %.2f (se <= %.2f)\n",
           d.gap[0][RG_DG_BLACK][RG_DO_rearrest_3y], d.gap[0][RG_DG_BLACK][RG_DO_employment], se);
    for (int c = 0; c < RG_DECOMPOSE_CHANNEL_COUNT; c++)
        printf("  %-14s %7.2f %7.2f\n", rg_decompose_channel(c),
               rg_decomposition_contribution(&d, c, RG_DG_BLACK, RG_DO_rearrest_3y),
               rg_decomposition_contribution(&d, c, RG_DG_BLACK, RG_DO_employment));
    const int last = RG_DECOMPOSE_CHANNEL_COUNT;
    printf("  %-14s %7.2f %7.2f\n", "residual", d.gap[last][RG_DG_BLACK][RG_DO_rearrest_3y],
           d.gap[last][RG_DG_BLACK][RG_DO_employment]);
    adds_up(&d);
    for (int g = 0; g < RG_DECOMPOSE_GROUP_COUNT; g++)
        for (int o = 0; o < RG_DECOMPOSE_OUTCOME_COUNT; o++)
            CHECK(fabs(d.gap[last][g][o]) < 4 * se, "residual group %d %s: %.2f points", g,
                  rg_decompose_outcome(o), d.gap[last][g][o]);
    /* Step 1: taste-based discrimination at zero, every mechanism in place. */
    CHECK(d.gap[1][RG_DG_BLACK][RG_DO_rearrest_3y] > 3 * se, "rearrest gap without taste: %.2f",
          d.gap[1][RG_DG_BLACK][RG_DO_rearrest_3y]);
    CHECK(d.gap[1][RG_DG_BLACK][RG_DO_employment] < -3 * se, "employment gap without taste: %.2f",
          d.gap[1][RG_DG_BLACK][RG_DO_employment]);
    read_back(path, &d);
    /* Too short a run to follow people for three years: refused. */
    p.run.months = 24;
    rg_error short_err = {0};
    CHECK(rg_decompose(&p, NULL, 0, NULL, &d, &short_err) == RG_EINPUT, "short run accepted");
    remove(path);
    return check_done();
}
