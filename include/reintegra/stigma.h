/*
 * Stigma at two levels. Public stigma S_n is a property of each neighbourhood: it
 * relaxes towards a level that rises with visible reoffending (arrests per
 * resident) and falls with positive contact (neighbours back in work or
 * mentored), and it lowers callbacks and landlord acceptance there. Internalised
 * stigma I_i is a property of each person: it grows with rejection (job
 * applications, housing refusals), eases with time, faster with a mentor, family
 * support and work, and lowers job search and help-seeking (DOMAIN.md).
 */
#ifndef REINTEGRA_STIGMA_H
#define REINTEGRA_STIGMA_H

#include <stdint.h>

#include "registry.h"

#define RG_STIGMA_PARAMS(X, g)                                                                     \
    X(g, REAL, public_mean, 0.5, 0, 1, "index 0-1",                                                \
      "mean baseline public stigma of neighbourhoods", "assumed")                                  \
    X(g, REAL, public_spread, 0.15, 0, 0.5, "index 0-1",                                           \
      "spread of baseline public stigma between neighbourhoods (uniform half-width)", "assumed")   \
    X(g, REAL, public_adjust, 0.05, 0, 1, "1/month",                                               \
      "share of the gap to its current level that public stigma closes each month", "assumed")     \
    X(g, REAL, offending_weight, 1.0, 0, 10, "index per arrest/person-year",                       \
      "rise of the public stigma level per yearly arrest per free resident", "assumed")            \
    X(g, REAL, contact_weight, 0.3, 0, 10, "index per share",                                      \
      "fall of the public stigma level per share of free residents in work or mentored",           \
      "assumed")                                                                                   \
    X(g, REAL, reference_arrest_rate, 0.4, 0, 10, "arrests/person-year",                           \
      "yearly arrests per free resident at which public stigma stays at its baseline",             \
      "assumed (about the baseline's average)")                                                    \
    X(g, REAL, reference_contact, 0.45, 0, 1, "share",                                             \
      "share of free residents in work or mentored at which public stigma stays at its baseline",  \
      "assumed (about the baseline's average)")                                                    \
    X(g, REAL, internal_mean, 0.3, 0.01, 0.99, "index 0-1",                                        \
      "mean internalised stigma at release (beta, concentration 6)", "assumed")                    \
    X(g, REAL, internal_mental_extra, 0.1, 0, 1, "index 0-1",                                      \
      "extra internalised stigma with a history of mental illness", "assumed")                     \
    X(g, REAL, internal_rejection, 0.02, 0, 1, "index 0-1", "rise per rejection", "assumed")       \
    X(g, REAL, internal_recovery, 0.04, 0, 1, "1/month",                                           \
      "share of internalised stigma that eases each month", "assumed")                             \
    X(g, REAL, recovery_support, 1.0, 0, 10, "1",                                                  \
      "extra easing per unit of support (mentor quality, family support, work)", "assumed")        \
    X(g, REAL, help_effect, 0.5, 0, 1, "share",                                                    \
      "reduction of help-seeking (mentor, treatment) at full internalised stigma", "assumed")

RG_PARAM_STRUCT(rg_params_stigma, RG_STIGMA_PARAMS);

#define RG_STIGMA_FIELDS(X, m)                                                                     \
    X(m, float, stigma, F32, RG_F_AGENTS | RG_F_TRAJ, "index 0-1", "internalised stigma")

RG_COLUMN_STRUCT(rg_cols_stigma, RG_STIGMA_FIELDS);

#define RG_STIGMA_SUMMARY(X, s)                                                                    \
    X(s, F64, stigma_internal_mean, "index 0-1", "mean internalised stigma of free people")        \
    X(s, F64, stigma_public_mean, "index 0-1", "mean public stigma over neighbourhoods")

RG_SUMMARY_STRUCT(rg_summary_stigma, RG_STIGMA_SUMMARY);

struct rg_effect_point;
struct rg_run;
/* Public stigma of each neighbourhood now, 0-1. */
const double *rg_stigma_public(const struct rg_run *run);
/* Effect point (module.h): factors on each neighbourhood's baseline public stigma. */
extern const struct rg_effect_point rg_stigma_baseline;

struct rg_module;
extern const struct rg_module rg_stigma_module;

#endif
