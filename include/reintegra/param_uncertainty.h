/*
 * What each parameter's value rests on, and how uncertain it is: read from the
 * `source` text of its declaration (registry.h), so that the declaration format
 * does not change.
 *
 * Kind. The first word of the source says where the value comes from, one of
 *     setting    the analyst's choice (size, horizon, output, a policy's switch)
 *     fitted     fitted to target data by `reintegra calibrate`
 *     measured   taken from a study (the citation follows)
 *     assumed    a modelling assumption
 * (any case, followed by the end of the text, a space, ':', ',', ';' or '(').
 *
 * Uncertainty. A source may end with a declared range, "[LO, HI]" (a uniform
 * distribution on it: a measured value's confidence interval, or a range an
 * assumption is known to lie in), or "[none]". Without one, the kind decides:
 *     setting   none (a choice, not an estimate)
 *     fitted    the posterior of a calibration when one is loaded (ABC draws,
 *               `--posterior FILE`); none otherwise
 *     measured  none (a measured value without a cited interval)
 *     assumed   log-uniform from value / 2 to value x 2 (a deliberately wide
 *               range: a factor of two either way), clipped to the registry range
 * Only real and integer parameters are uncertain; an integer's draws are rounded.
 */
#ifndef REINTEGRA_PARAM_UNCERTAINTY_H
#define REINTEGRA_PARAM_UNCERTAINTY_H

#include <stddef.h>

#include "error.h"
#include "params.h"

#define RG_PARAM_KINDS(X)                                                                          \
    X(SETTING, "setting")                                                                          \
    X(FITTED, "fitted")                                                                            \
    X(MEASURED, "measured")                                                                        \
    X(ASSUMED, "assumed")

#define RG_PARAM_KIND_ENUM_(id, name) RG_KIND_##id,
typedef enum rg_param_kind { RG_PARAM_KINDS(RG_PARAM_KIND_ENUM_) RG_KIND_COUNT } rg_param_kind;
#undef RG_PARAM_KIND_ENUM_

/* The factor of an assumed parameter's default range: value / F to value x F. */
#define RG_ASSUMED_FACTOR 2.0

/* The kind named by a source text, or -1 when its first word names none. */
int rg_param_kind_of(const char *source);
const char *rg_param_kind_name(rg_param_kind k);

typedef enum rg_unc_dist {
    RG_UNC_NONE,     /* not uncertain: the value is used as it is */
    RG_UNC_UNIFORM,  /* uniform on [lo, hi] */
    RG_UNC_LOG,      /* log-uniform on [lo, hi] (same sign, non-zero) */
    RG_UNC_POSTERIOR /* the draws of a calibration's posterior (fitted) */
} rg_unc_dist;

typedef struct rg_uncertainty {
    rg_unc_dist dist;
    double lo, hi; /* UNIFORM, LOG: the support */
    int declared;  /* 1: from the source's [LO, HI] or [none]; 0: the kind's default */
    rg_param_kind kind;
} rg_uncertainty;

/* The uncertainty of parameter d whose value is `value` (its default, or a
 * scenario's value). A malformed declaration, or a declared range outside the
 * registry's, is RG_EINPUT naming the parameter. A fitted parameter gets
 * RG_UNC_POSTERIOR only when `posterior` is non-zero. */
rg_status rg_param_uncertainty(const rg_param_desc *d, double value, int posterior,
                               rg_uncertainty *u, rg_error *err);

/* The value at probability p in [0, 1] of the distribution (UNIFORM, LOG), shrunk
 * towards `value` by `spread` (0: `value` itself, exactly; 1: as declared);
 * rounded for integers. */
double rg_uncertainty_value(const rg_uncertainty *u, const rg_param_desc *d, double value, double p,
                            double spread);

/* "uniform 0.8 to 0.95", "log-uniform 0.35 to 1.4", "posterior", "none": for tables. */
void rg_uncertainty_describe(const rg_uncertainty *u, char *buf, size_t size);

/* A real or integer parameter's value in p. */
double rg_param_number(const rg_param_desc *d, const rg_params *p);

#endif
