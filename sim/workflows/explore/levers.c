/* The explorer's levers: one table, each entry a registry parameter. */
#include <math.h>
#include <string.h>

#include "reintegra/explore.h"

#define PROGRAMME(key, title, places_max)                                                          \
    {#key, #key ".enabled", "Programmes", title, NULL, 0, 0, 0},                                   \
    {                                                                                              \
#key "_places", #key ".places_per_1000", "Programmes", "places per 1,000 people", #key, 0, \
            places_max, 5                                                                          \
    }

static const rg_lever levers[] = {
    {"ban_the_box", "ban_the_box.enabled", "Policies", "Ban the Box", NULL, 0, 0, 0},
    {"ban_the_box_coverage", "ban_the_box.coverage", "Policies", "share of employers covered",
     "ban_the_box", 0, 1, 0.05},
    {"fresh_start", "fresh_start.enabled", "Policies", "Fresh Start (record clearance)", NULL, 0, 0,
     0},
    {"fresh_start_mode", "fresh_start.mode", "Policies", "clearance by petition or automatic",
     "fresh_start", 0, 0, 0},
    {"fresh_start_years", "fresh_start.offence_free_years", "Policies",
     "offence-free years before clearance", "fresh_start", 0, 10, 0.5},
    PROGRAMME(cbt, "Counselling (CBT)", 300),
    PROGRAMME(training, "Job training", 300),
    PROGRAMME(transitional_jobs, "Transitional jobs", 300),
    PROGRAMME(supported_housing, "Supported housing", 300),
    PROGRAMME(health_programme, "Health treatment", 300),
    PROGRAMME(family_support, "Family support", 300),
    {"mentoring", "mentoring.enabled", "Programmes", "More mentors", NULL, 0, 0, 0},
    {"mentoring_places", "mentoring.extra_per_1000", "Programmes", "extra mentors per 1,000 people",
     "mentoring", 0, 100, 1},
    {"stigma_campaign", "stigma_campaign.enabled", "Programmes", "Stigma campaign", NULL, 0, 0, 0},
    {"stigma_campaign_coverage", "stigma_campaign.coverage", "Programmes",
     "share of neighbourhoods reached", "stigma_campaign", 0, 1, 0.05},
    {"stigma_campaign_strength", "stigma_campaign.strength", "Programmes",
     "reduction of public stigma where it reaches", "stigma_campaign", 0, 1, 0.05},
    {"record_weight", "employment.record_weight_mean", "The world",
     "how much a record counts against an applicant", NULL, 0, 1, 0.02},
    {"race_penalty", "employment.race_penalty_black", "The world",
     "callbacks lost by black applicants for their group (taste-based discrimination)", NULL, 0, 1,
     0.01},
    {"record_belief_black", "employment.belief_black_men", "The world",
     "employers' belief that a black man has a record, when they cannot see records", NULL, 0, 1,
     0.01},
    {"jobs_open", "employment.positions_per_employer", "The world",
     "jobs open to people with records, per employer (labour-market slack)", NULL, 1, 40, 1},
    {"public_stigma", "stigma.public_mean", "The world", "public stigma in neighbourhoods", NULL,
     0.1, 0.9, 0.05},
};

const rg_lever *rg_explore_levers(size_t *count)
{
    *count = sizeof levers / sizeof levers[0];
    return levers;
}

const rg_lever *rg_explore_lever_find(const char *name)
{
    for (size_t i = 0; i < sizeof levers / sizeof levers[0]; i++)
        if (strcmp(levers[i].name, name) == 0) return &levers[i];
    return NULL;
}

static rg_status check_lever(const rg_lever *l, rg_error *err)
{
    const rg_param_desc *d = rg_param_find(l->param);
    if (!d)
        return rg_error_set(err, RG_EINTERNAL, "lever %s: %s is not a parameter", l->name,
                            l->param);
    if (d->type == RG_PT_STR)
        return rg_error_set(err, RG_EINTERNAL, "lever %s: %s is text, not a lever", l->name,
                            l->param);
    if (l->needs) {
        const rg_lever *s = rg_explore_lever_find(l->needs);
        const rg_param_desc *sd = s ? rg_param_find(s->param) : NULL;
        if (!sd || sd->type != RG_PT_BOOL)
            return rg_error_set(err, RG_EINTERNAL, "lever %s: needs %s, which is not a switch",
                                l->name, l->needs);
    }
    int numeric = d->type == RG_PT_INT || d->type == RG_PT_REAL;
    if (!numeric) return RG_OK;
    if (!(l->min == 0 && l->max == 0) &&
        (l->min < d->min || l->max > d->max || l->min >= l->max || !(l->step > 0)))
        return rg_error_set(err, RG_EINTERNAL,
                            "lever %s: range %g to %g (step %g) is not inside %s's range %g to %g",
                            l->name, l->min, l->max, l->step, l->param, d->min, d->max);
    if (d->type == RG_PT_INT && (l->step != floor(l->step) || l->min != floor(l->min)))
        return rg_error_set(err, RG_EINTERNAL, "lever %s: %s takes whole numbers", l->name,
                            l->param);
    return RG_OK;
}

rg_status rg_explore_levers_check(rg_error *err)
{
    for (size_t i = 0; i < sizeof levers / sizeof levers[0]; i++) {
        RG_TRY(check_lever(&levers[i], err));
        for (size_t j = 0; j < i; j++)
            if (!strcmp(levers[i].name, levers[j].name) ||
                !strcmp(levers[i].param, levers[j].param))
                return rg_error_set(err, RG_EINTERNAL, "lever %s: listed twice", levers[i].name);
    }
    return RG_OK;
}
