/*
 * Race gaps by channel: how much of the black-white (and Hispanic-white) gap in
 * rearrest and employment comes through each mechanism of the model.
 *
 * Method: counterfactual runs under common random numbers. The scenario is run as
 * it is, then again with one channel after another equalised between groups
 * (cumulatively, in the order of the table below): the channel's contribution is
 * the gap before minus the gap after it is equalised. The contributions and the
 * gap left when every channel is equalised (the residual) add up to the total gap
 * exactly; because nothing in the model acts on race directly, the residual is
 * sampling noise, which the test checks. Contributions depend on the order when
 * channels interact (as in any sequential decomposition). Taste-based discrimination
 * comes first, so the gap after it (step 1) is the scenario's gap with taste at zero;
 * then the institutions that act on people (employers' beliefs, policing), then
 * the places themselves.
 */
#ifndef REINTEGRA_DECOMPOSE_H
#define REINTEGRA_DECOMPOSE_H

#include <stdio.h>

#include "error.h"
#include "params.h"
#include "workflow.h"

/* The outcomes of a decomposition: X(key, unit, description). */
#define RG_DECOMPOSE_OUTCOMES(X)                                                                   \
    X(rearrest_3y, "percent", "share rearrested within 3 years of the first release")              \
    X(employment, "percent", "share of months free spent in work")

enum {
#define RG_DECOMPOSE_OUTCOME_ENUM_(key, unit, desc) RG_DO_##key,
    RG_DECOMPOSE_OUTCOMES(RG_DECOMPOSE_OUTCOME_ENUM_)
#undef RG_DECOMPOSE_OUTCOME_ENUM_
        RG_DECOMPOSE_OUTCOME_COUNT
};

/* Groups compared with white people. */
enum { RG_DG_BLACK, RG_DG_HISPANIC, RG_DECOMPOSE_GROUP_COUNT };

/* The channels, in the order they are equalised: X(key, what is equalised). */
#define RG_DECOMPOSE_CHANNELS(X)                                                                   \
    X(taste, "taste-based discrimination by employers (employment.race_penalty_* = 0)")            \
    X(statistical, "statistical discrimination: employers' beliefs about records by group "        \
                   "(belief_black_men = belief_other_men, black_record_multiplier = 1)")           \
    X(policing, "policing and supervision intensity by place (justice.policing_*, "                \
                "justice.supervision_intensity = 0)")                                              \
    X(jobs, "jobs by place (employment.jobs_disadvantage = 0)")                                    \
    X(housing, "the affordable stock by place (housing.stock_disadvantage = 0)")                   \
    X(neighbourhood, "the rest of segregation: peers, public stigma, local competition "           \
                     "(population.dissimilarity_* = 0)")

enum {
#define RG_DECOMPOSE_CHANNEL_ENUM_(key, desc) RG_DC_##key,
    RG_DECOMPOSE_CHANNELS(RG_DECOMPOSE_CHANNEL_ENUM_)
#undef RG_DECOMPOSE_CHANNEL_ENUM_
        RG_DECOMPOSE_CHANNEL_COUNT
};

/* Channel names and descriptions, outcome keys. */
const char *rg_decompose_channel(int c);
const char *rg_decompose_channel_description(int c);
const char *rg_decompose_outcome(int o);

typedef struct rg_decomposition {
    /* Levels of the scenario as it is: [group: 0 white, 1 black, 2 Hispanic][outcome]. */
    double level[3][RG_DECOMPOSE_OUTCOME_COUNT];
    /* Gap (group minus white, percentage points) after k channels are equalised,
     * k = 0 (the scenario) .. RG_DECOMPOSE_CHANNEL_COUNT (all: the residual). */
    double gap[RG_DECOMPOSE_CHANNEL_COUNT + 1][RG_DECOMPOSE_GROUP_COUNT]
              [RG_DECOMPOSE_OUTCOME_COUNT];
} rg_decomposition;

/* Contribution of channel c to the gap: gap[c] - gap[c + 1]. */
double rg_decomposition_contribution(const rg_decomposition *d, int c, int group, int outcome);

/* Run p and its counterfactuals (in memory) and fill *d. With `output`, the
 * scenario's own run is written there as a run file, with the table as the group
 * /race_decomposition (docs/output-format.md). p must run at least 36 months. */
rg_status rg_decompose(const rg_params *p, const char *output, int threads, const rg_hooks *hooks,
                       rg_decomposition *d, rg_error *err);

/* The documentation of /race_decomposition (docs/output-format.md). */
void rg_decompose_write_markdown(FILE *f);

#endif
