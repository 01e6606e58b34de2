/* Parameters' kinds and uncertainties, read from their declared source texts. */
#include "reintegra/param_uncertainty.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RG_PARAM_KIND_NAME_(id, name) name,
static const char *const kind_names[] = {RG_PARAM_KINDS(RG_PARAM_KIND_NAME_)};
#undef RG_PARAM_KIND_NAME_

const char *rg_param_kind_name(rg_param_kind k)
{
    return k >= 0 && k < RG_KIND_COUNT ? kind_names[k] : "?";
}

int rg_param_kind_of(const char *source)
{
    if (!source) return -1;
    for (int k = 0; k < RG_KIND_COUNT; k++) {
        size_t n = strlen(kind_names[k]);
        if (strncasecmp(source, kind_names[k], n) != 0) continue;
        char next = source[n];
        if (!next || next == ' ' || next == ':' || next == ',' || next == ';' || next == '(')
            return k;
    }
    return -1;
}

double rg_param_number(const rg_param_desc *d, const rg_params *p)
{
    const char *at = (const char *)p + d->offset;
    if (d->type == RG_PT_REAL) return *(const double *)(const void *)at;
    if (d->type == RG_PT_INT) return (double)*(const long long *)(const void *)at;
    return NAN;
}

/* The declared "[LO, HI]" or "[none]" at the end of a source: 1 found, 0 none
 * declared, -1 malformed. */
static int declared_range(const char *source, int *none, double *lo, double *hi)
{
    size_t n = strlen(source);
    while (n && isspace((unsigned char)source[n - 1])) n--;
    if (!n || source[n - 1] != ']') return 0;
    const char *open = NULL;
    for (const char *c = source; c < source + n; c++)
        if (*c == '[') open = c;
    if (!open) return -1;
    *none = !strncmp(open, "[none]", 6);
    if (*none) return 1;
    char *end;
    *lo = strtod(open + 1, &end);
    if (end == open + 1 || *end != ',') return -1;
    const char *b = end + 1;
    *hi = strtod(b, &end);
    if (end == b) return -1;
    while (isspace((unsigned char)*end)) end++;
    return *end == ']' ? 1 : -1;
}

static rg_status declared(const rg_param_desc *d, double value, rg_uncertainty *u, rg_error *err)
{
    int none = 0;
    double lo = NAN, hi = NAN;
    int found = declared_range(d->source, &none, &lo, &hi);
    if (found < 0)
        return rg_error_set(err, RG_EINPUT,
                            "%s: source \"%s\": a declared uncertainty is \"[LO, HI]\" or "
                            "\"[none]\" at the end of the source",
                            d->name, d->source);
    if (!found) return RG_OK;
    u->declared = 1;
    if (none) return RG_OK;
    if (!(lo < hi) || lo < d->min || hi > d->max)
        return rg_error_set(err, RG_EINPUT,
                            "%s: declared uncertainty [%g, %g]: expected LO < HI inside the "
                            "registry's range %g to %g",
                            d->name, lo, hi, d->min, d->max);
    (void)value;
    u->dist = RG_UNC_UNIFORM;
    u->lo = lo;
    u->hi = hi;
    return RG_OK;
}

rg_status rg_param_uncertainty(const rg_param_desc *d, double value, int posterior,
                               rg_uncertainty *u, rg_error *err)
{
    *u = (rg_uncertainty){RG_UNC_NONE, value, value, 0, RG_KIND_SETTING};
    int kind = rg_param_kind_of(d->source);
    if (kind < 0)
        return rg_error_set(err, RG_EINPUT,
                            "%s: source \"%s\" names no kind; expected it to start with "
                            "setting, fitted, measured or assumed",
                            d->name, d->source);
    u->kind = (rg_param_kind)kind;
    if (d->type != RG_PT_REAL && d->type != RG_PT_INT) return RG_OK;
    RG_TRY(declared(d, value, u, err));
    if (u->declared) return RG_OK;
    if (kind == RG_KIND_FITTED && posterior) {
        u->dist = RG_UNC_POSTERIOR;
    } else if (kind == RG_KIND_ASSUMED && value != 0 && isfinite(value)) {
        double a = value / RG_ASSUMED_FACTOR, b = value * RG_ASSUMED_FACTOR;
        u->lo = fmax(fmin(a, b), d->min);
        u->hi = fmin(fmax(a, b), d->max);
        /* A range clipped to a bound of a different sign (or to zero) is uniform. */
        u->dist = u->lo * u->hi > 0 ? RG_UNC_LOG : RG_UNC_UNIFORM;
        if (!(u->lo < u->hi)) u->dist = RG_UNC_NONE;
    }
    return RG_OK;
}

double rg_uncertainty_value(const rg_uncertainty *u, const rg_param_desc *d, double value, double p,
                            double spread)
{
    double x = value;
    if (u->dist == RG_UNC_UNIFORM)
        x = u->lo + p * (u->hi - u->lo);
    else if (u->dist == RG_UNC_LOG)
        x = copysign(exp(log(fabs(u->lo)) + p * (log(fabs(u->hi)) - log(fabs(u->lo)))), u->lo);
    if (x < u->lo) x = u->lo; /* rounding at p = 0 or 1 */
    if (x > u->hi) x = u->hi;
    x = value + spread * (x - value);
    if (d->type == RG_PT_INT) x = round(x);
    return x;
}

void rg_uncertainty_describe(const rg_uncertainty *u, char *buf, size_t size)
{
    switch (u->dist) {
    case RG_UNC_UNIFORM: snprintf(buf, size, "uniform %.4g to %.4g", u->lo, u->hi); break;
    case RG_UNC_LOG: snprintf(buf, size, "log-uniform %.4g to %.4g", u->lo, u->hi); break;
    case RG_UNC_POSTERIOR: snprintf(buf, size, "posterior"); break;
    default: snprintf(buf, size, "none"); break;
    }
}
