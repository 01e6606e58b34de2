/* State the policy modules share: the programme table written to /programmes. */
#ifndef REINTEGRA_POLICY_STATE_H
#define REINTEGRA_POLICY_STATE_H

#include <stdint.h>

#include "policies.h"
#include "programme.h"

struct rg_run;

typedef struct rg_policy_state {
    const char *names[RG_PROGRAMME_COUNT];
    int64_t enrolled[RG_PROGRAMME_COUNT]; /* starts */
    int64_t completed[RG_PROGRAMME_COUNT];
    int64_t dropped[RG_PROGRAMME_COUNT];            /* dropped out or imprisoned */
    int64_t participant_months[RG_PROGRAMME_COUNT]; /* neighbourhood-months for the campaign */
    double cost_per_month[RG_PROGRAMME_COUNT];      /* dollars per participant-month */
} rg_policy_state;

/* The enrolment programme `id` (RG_PROGRAMME_CBT .. RG_PROGRAMME_FAMILY_SUPPORT) of
 * a run, with its settings, columns and rules. */
void rg_programme_of(const struct rg_run *run, int id, rg_programme *out);

/* Eligibility and need rules, one pair per programme (models/policies/). */
int rg_cbt_eligible(const struct rg_run *run, size_t i);
double rg_cbt_need(const struct rg_run *run, size_t i);
int rg_training_eligible(const struct rg_run *run, size_t i);
double rg_training_need(const struct rg_run *run, size_t i);
int rg_transitional_jobs_eligible(const struct rg_run *run, size_t i);
double rg_transitional_jobs_need(const struct rg_run *run, size_t i);
int rg_supported_housing_eligible(const struct rg_run *run, size_t i);
double rg_supported_housing_need(const struct rg_run *run, size_t i);
int rg_health_programme_eligible(const struct rg_run *run, size_t i);
double rg_health_programme_need(const struct rg_run *run, size_t i);
int rg_family_support_eligible(const struct rg_run *run, size_t i);
double rg_family_support_need(const struct rg_run *run, size_t i);

struct rg_module;
extern const struct rg_module rg_programmes_module;
extern const struct rg_module rg_stigma_campaign_module;

#endif
