/* A programme added as one file (tests/toy/toy.c) and one line of the module list
 * (this build's RG_EXTRA_MODULE) reaches every list of the model with no other
 * edit: the parameter registry and its documentation, the fields, the random
 * purposes, the schedule, the programme table and its costs, the trial's choices,
 * the risk tool, switching policies off, and common random numbers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "reintegra/config.h"
#include "reintegra/module.h"
#include "reintegra/offending.h"
#include "reintegra/run.h"

extern const rg_module rg_toy_module;

static rg_params small(void)
{
    rg_params p;
    rg_params_defaults(&p);
    p.run.agents = 4000;
    p.run.months = 12;
    p.run.seed = 3;
    CHECK_SET(&p, "population.neighbourhoods=8");
    return p;
}

/* Registry, documentation, fields, schedule. */
static void test_lists(void)
{
    CHECK(rg_param_find("toy.enabled") && rg_param_find("toy.hazard_ratio"),
          "toy.* not registered");
    char *doc = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&doc, &size);
    rg_params_write_markdown(f);
    fclose(f);
    CHECK(doc && strstr(doc, "`toy.hazard_ratio`"), "toy not in docs/parameters.md");
    free(doc);
    const rg_param_desc *trial = rg_param_find("trial.programme");
    CHECK(trial && rg_param_choice_parse(trial, "toy") > 0, "toy is not a choice of the trial");
    CHECK(rg_field_find("toy_state") && rg_field_find("toy_months"), "toy's fields missing");
    size_t nm, order[RG_MAX_MODULES], count;
    const rg_module *const *mods = rg_modules(&nm);
    int in_agent = 0, in_market = 0;
    rg_error err = {0};
    CHECK(rg_schedule(mods, nm, RG_PHASE_AGENT, order, &count, &err) == RG_OK, "%s", err.msg);
    for (size_t k = 0; k < count; k++) in_agent |= mods[order[k]] == &rg_toy_module;
    CHECK(rg_schedule(mods, nm, RG_PHASE_MARKET, order, &count, &err) == RG_OK, "%s", err.msg);
    for (size_t k = 0; k < count; k++) in_market |= mods[order[k]] == &rg_toy_module;
    CHECK(in_agent && in_market, "toy is not in the schedule");
    rg_params p = small();
    CHECK_SET(&p, "toy.enabled=true");
    rg_params_policies_off(&p);
    CHECK(!rg_module_on(&rg_toy_module, rg_params_of(&p, &rg_toy_module)),
          "switching policies off leaves the toy on");
}

/* A run with the toy: its row in /programmes, its participants and costs, its
 * contribution to the offending hazard, the trial and the risk tool. */
static void test_run(void)
{
    rg_params p = small();
    CHECK_SET(&p, "toy.enabled=true");
    CHECK_SET(&p, "toy.targeting=risk");
    CHECK_SET(&p, "risk_tool.training_agents=2000");
    CHECK_SET(&p, "trial.programme=toy");
    rg_error err = {0};
    rg_run *run = NULL;
    CHECK(rg_run_create(&run, &p, 0, &err) == RG_OK, "create: %s", err.msg);
    if (!run) return;
    CHECK(rg_run_effects(run, &rg_offending_hazard)->n == 1, "the toy's hazard factor is missing");
    CHECK(rg_run_complete(run, &err) == RG_OK, "run: %s", err.msg);
    size_t rows = 0;
    const char *const *names = rg_run_world(run, "programmes", "name", &rows);
    const int64_t *pm = rg_run_world(run, "programmes", "participant_months", NULL);
    const double *cost = rg_run_world(run, "programmes", "cost_per_month", NULL);
    int row = -1;
    for (size_t k = 0; names && k < rows; k++)
        if (!strcmp(names[k], "toy")) row = (int)k;
    CHECK(row >= 0 && pm && pm[row] > 0, "the toy has no participant-months in /programmes");
    double total = 0;
    for (int m = 0; m < run->month; m++) total += rg_run_summary_value(run, m, "programme_cost");
    CHECK(row >= 0 && cost && fabs(total - (double)pm[row] * cost[row]) < 1e-6 * (total + 1),
          "costs do not add up: %.2f", total);
    CHECK(rg_run_world(run, "risk_tool", "auc", NULL) != NULL,
          "targeting by risk did not fit the risk tool");
    const int8_t *arms = rg_run_field(run, "trial_arm");
    long offered = 0, control = 0;
    for (size_t i = 0; arms && i < run->a.n; i++) {
        offered += arms[i] == 1;
        control += arms[i] == 0;
    }
    CHECK(offered > 0 && control > 0, "the trial randomised nobody (%ld, %ld)", offered, control);
    rg_run_free(run);
}

int main(void)
{
    test_lists();
    test_run();
    return check_done();
}
