/* Cumulative recidivism by year and group, as BJS reports it. */
#include "reintegra/recidivism.h"

#include <math.h>
#include <string.h>

#include "reintegra/groups.h"

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

int rg_group_valid(const char *group)
{
    int g = rg_group_parse(group);
    /* Race and record relief are not among the outcome columns; gaps hold nobody. */
    return g >= 0 && rg_group_kind_of((rg_group)g) != RG_GK_RACE &&
           rg_group_kind_of((rg_group)g) != RG_GK_RACE_SEX &&
           rg_group_kind_of((rg_group)g) != RG_GK_RECORD &&
           rg_group_kind_of((rg_group)g) != RG_GK_GAP;
}

double rg_cumulative_percent(const rg_outcome_columns *c, rg_measure m, const char *group,
                             int years, size_t *denominator)
{
    return rg_cumulative_percent_months(c, m, group, 12 * years, denominator);
}

double rg_cumulative_percent_months(const rg_outcome_columns *c, rg_measure m, const char *group,
                                    int window, size_t *denominator)
{
    const int g = rg_group_valid(group) ? rg_group_parse(group) : -1;
    size_t den = 0, num = 0;
    if (g >= 0)
        for (size_t i = 0; i < c->n; i++) {
            /* Followed for the whole window? */
            if (c->months - c->release_month[i] < window ||
                !rg_group_has((rg_group)g, c->sex[i], c->age_at_release[i], -1, c->offense[i], -1))
                continue;
            den++;
            int16_t t = c->first[m][i];
            num += t >= 0 && t < window;
        }
    if (denominator) *denominator = den;
    return den ? 100.0 * (double)num / (double)den : NAN;
}
