/* Cumulative recidivism by year and group, as BJS reports it. */
#include "reintegra/recidivism.h"

#include <math.h>
#include <string.h>

#include "reintegra/population.h"
#include "reintegra/run.h"

static const char *const measure_names[RG_MEASURE_COUNT] = {"arrest", "conviction",
                                                            "return_to_prison"};

const char *rg_measure_name(rg_measure m)
{
    return measure_names[m];
}

int rg_measure_parse(const char *name)
{
    for (int m = 0; m < RG_MEASURE_COUNT; m++)
        if (strcmp(name, measure_names[m]) == 0) return m;
    return -1;
}

typedef enum group_kind { G_ALL, G_SEX, G_AGE, G_OFFENSE } group_kind;

typedef struct group_def {
    const char *name;
    group_kind kind;
    int code;
} group_def;

static const group_def groups[] = {
    {"all", G_ALL, 0},
    {"male", G_SEX, RG_MALE},
    {"female", G_SEX, RG_FEMALE},
    {"age_24_or_younger", G_AGE, RG_AGE_24_OR_YOUNGER},
    {"age_25_39", G_AGE, RG_AGE_25_39},
    {"age_40_or_older", G_AGE, RG_AGE_40_OR_OLDER},
    {"offense_violent", G_OFFENSE, RG_VIOLENT},
    {"offense_property", G_OFFENSE, RG_PROPERTY},
    {"offense_drug", G_OFFENSE, RG_DRUG},
    {"offense_public_order", G_OFFENSE, RG_PUBLIC_ORDER},
};

static const group_def *find_group(const char *name)
{
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
        if (strcmp(groups[i].name, name) == 0) return &groups[i];
    return NULL;
}

int rg_group_valid(const char *group)
{
    return find_group(group) != NULL;
}

static int in_group(const rg_outcome_columns *c, const group_def *g, size_t i)
{
    switch (g->kind) {
    case G_ALL: return 1;
    case G_SEX: return c->sex[i] == g->code;
    case G_AGE: return rg_age_group_of(c->age_at_release[i]) == g->code;
    case G_OFFENSE: return c->offense[i] == g->code;
    }
    return 0;
}

double rg_cumulative_percent(const rg_outcome_columns *c, rg_measure m, const char *group,
                             int years, size_t *denominator)
{
    return rg_cumulative_percent_months(c, m, group, 12 * years, denominator);
}

double rg_cumulative_percent_months(const rg_outcome_columns *c, rg_measure m, const char *group,
                                    int window, size_t *denominator)
{
    const group_def *g = find_group(group);
    size_t den = 0, num = 0;
    if (g)
        for (size_t i = 0; i < c->n; i++) {
            /* Followed for the whole window? */
            if (c->months - c->release_month[i] < window || !in_group(c, g, i)) continue;
            den++;
            int16_t t = c->first[m][i];
            num += t >= 0 && t < window;
        }
    if (denominator) *denominator = den;
    return den ? 100.0 * (double)num / (double)den : NAN;
}

rg_outcome_columns rg_run_outcomes(const rg_run *run)
{
    return (rg_outcome_columns){
        .n = run->a.n,
        .months = run->month,
        .sex = rg_run_field(run, "sex"),
        .offense = rg_run_field(run, "offense"),
        .age_at_release = rg_run_field(run, "age_at_release"),
        .release_month = rg_run_field(run, "release_month"),
        .first = {rg_run_field(run, "first_arrest"), rg_run_field(run, "first_conviction"),
                  rg_run_field(run, "first_return")},
        .first_conviction_date = rg_run_field(run, "first_conviction_date"),
    };
}
