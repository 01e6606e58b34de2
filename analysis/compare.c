/* Contrasts between scenarios, cost per outcome, and the trial's true effect. */
#include "reintegra/compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const double level = RG_CI_LEVEL_PERCENT / 100.0;

int rg_scenarios_paired(const rg_scenario *a, const rg_scenario *b)
{
    if (a->n != b->n) return 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->runs[i]->seed != b->runs[i]->seed || a->runs[i]->agents != b->runs[i]->agents ||
            a->runs[i]->streams_version != b->runs[i]->streams_version)
            return 0;
    return 1;
}

/* The contrast of per-replicate values a[] and b[], with each side's single-run
 * standard error for scenarios of one replicate. */
static rg_estimate contrast(const rg_scenario *base, const rg_scenario *other, const double *a,
                            const double *b, double se_a, double se_b)
{
    int paired = rg_scenarios_paired(base, other);
    if (paired && base->n >= 2) return rg_contrast_paired(a, b, base->n, level);
    if (base->n >= 2 && other->n >= 2) return rg_contrast_welch(a, base->n, b, other->n, level);
    rg_estimate ea = base->n >= 2 ? rg_estimate_replicates(a, base->n, level)
                                  : rg_estimate_normal(a[0], se_a, level);
    rg_estimate eb = other->n >= 2 ? rg_estimate_replicates(b, other->n, level)
                                   : rg_estimate_normal(b[0], se_b, level);
    return rg_contrast_normal(ea.est, ea.se, eb.est, eb.se, level);
}

typedef double (*value_fn)(const rg_run_metrics *m, const rg_result *r, const void *arg);

static rg_estimate contrast_of(const rg_scenario *base, const rg_scenario *other, value_fn f,
                               value_fn se, const void *arg)
{
    double *a = malloc(base->n * sizeof *a), *b = malloc(other->n * sizeof *b);
    rg_estimate e = rg_estimate_none();
    if (a && b) {
        for (size_t i = 0; i < base->n; i++) a[i] = f(base->metrics[i], base->runs[i], arg);
        for (size_t i = 0; i < other->n; i++) b[i] = f(other->metrics[i], other->runs[i], arg);
        e = contrast(base, other, a, b, se(base->metrics[0], base->runs[0], arg),
                     se(other->metrics[0], other->runs[0], arg));
    }
    free(a);
    free(b);
    return e;
}

typedef struct metric_arg {
    rg_metric m;
    rg_group g;
    rg_series s;
    int month;
} metric_arg;

static double metric_value(const rg_run_metrics *m, const rg_result *r, const void *arg)
{
    (void)r;
    const metric_arg *x = arg;
    return m->value[x->m][x->g];
}

static double metric_se(const rg_run_metrics *m, const rg_result *r, const void *arg)
{
    (void)r;
    const metric_arg *x = arg;
    return m->se[x->m][x->g];
}

static double series_value(const rg_run_metrics *m, const rg_result *r, const void *arg)
{
    (void)r;
    const metric_arg *x = arg;
    return x->month >= 0 && x->month < m->months ? m->series[x->s][x->month] : NAN;
}

static double no_se(const rg_run_metrics *m, const rg_result *r, const void *arg)
{
    (void)m, (void)r, (void)arg;
    return NAN;
}

rg_estimate rg_contrast_metric(const rg_scenario *base, const rg_scenario *other, rg_metric m,
                               rg_group g)
{
    metric_arg x = {m, g, 0, 0};
    return contrast_of(base, other, metric_value, metric_se, &x);
}

rg_estimate rg_contrast_series(const rg_scenario *base, const rg_scenario *other, rg_series s,
                               int month)
{
    metric_arg x = {0, 0, s, month};
    return contrast_of(base, other, series_value, no_se, &x);
}

static double survival_value(const rg_run_metrics *m, const rg_result *r, const void *arg)
{
    (void)r;
    const metric_arg *x = arg;
    return x->month >= 0 && x->month <= m->months ? 100.0 * m->km[x->m][x->month] : NAN;
}

static double survival_se(const rg_run_metrics *m, const rg_result *r, const void *arg)
{
    (void)r;
    const metric_arg *x = arg;
    return x->month >= 0 && x->month <= m->months ? 100.0 * m->km_se[x->m][x->month] : NAN;
}

rg_estimate rg_contrast_survival(const rg_scenario *base, const rg_scenario *other, int measure,
                                 int month)
{
    metric_arg x = {(rg_metric)measure, 0, 0, month};
    return contrast_of(base, other, survival_value, survival_se, &x);
}

const char *rg_cost_outcome_key(rg_cost_outcome c)
{
    return c == RG_COST_PER_REARREST_AVERTED ? "cost_per_rearrest_averted"
                                             : "cost_per_extra_person_employed";
}

const char *rg_cost_outcome_label(rg_cost_outcome c)
{
    return c == RG_COST_PER_REARREST_AVERTED ? "cost per rearrest averted"
                                             : "cost per extra person employed";
}

static double zero_if_nan(double v)
{
    return isnan(v) ? 0.0 : v;
}

rg_estimate rg_cost_per_outcome(const rg_scenario *base, const rg_scenario *other,
                                rg_cost_outcome c)
{
    rg_metric om =
        c == RG_COST_PER_REARREST_AVERTED ? RG_M_PEOPLE_REARRESTED : RG_M_PEOPLE_EMPLOYED;
    int paired = rg_scenarios_paired(base, other);
    size_t n = paired ? base->n : 1;
    double *dc = malloc(n * sizeof *dc), *de = malloc(n * sizeof *de);
    rg_estimate e = rg_estimate_none();
    if (!dc || !de) goto done;
    /* Each side per person, in OTHER's population (agents of OTHER's first run). */
    double scale_to = (double)other->runs[0]->agents;
    for (size_t i = 0; i < n; i++) {
        double cb = 0, co = 0, ob = 0, oo = 0;
        size_t lo_b = paired ? i : 0, hi_b = paired ? i + 1 : base->n;
        size_t lo_o = paired ? i : 0, hi_o = paired ? i + 1 : other->n;
        for (size_t j = lo_b; j < hi_b; j++) {
            double per = scale_to / (double)base->runs[j]->agents / (double)(hi_b - lo_b);
            cb += zero_if_nan(base->metrics[j]->value[RG_M_COST][RG_G_ALL]) * per;
            ob += base->metrics[j]->value[om][RG_G_ALL] * per;
        }
        for (size_t j = lo_o; j < hi_o; j++) {
            double per = scale_to / (double)other->runs[j]->agents / (double)(hi_o - lo_o);
            co += zero_if_nan(other->metrics[j]->value[RG_M_COST][RG_G_ALL]) * per;
            oo += other->metrics[j]->value[om][RG_G_ALL] * per;
        }
        dc[i] = co - cb;
        de[i] = c == RG_COST_PER_REARREST_AVERTED ? ob - oo : oo - ob;
    }
    double sc = 0, se_ = 0;
    for (size_t i = 0; i < n; i++) sc += dc[i], se_ += de[i];
    if (isnan(sc) || isnan(se_) || sc <= 0 || se_ <= 0) goto done;
    e = rg_ratio_paired(dc, de, n, level);
    if (!paired) {
        e.lo = e.hi = e.se = NAN;
        e.method = RG_CI_WELCH;
    }
done:
    free(dc);
    free(de);
    return e;
}

/* --- the fiscal effect ------------------------------------------------------- */

#define RG_FISCAL_KEY_(id, key, label) key,
#define RG_FISCAL_LABEL_(id, key, label) label,
static const char *const fiscal_keys[] = {RG_FISCAL_PARTS(RG_FISCAL_KEY_)};
static const char *const fiscal_labels[] = {RG_FISCAL_PARTS(RG_FISCAL_LABEL_)};
#undef RG_FISCAL_KEY_
#undef RG_FISCAL_LABEL_

const char *rg_fiscal_key(rg_fiscal_part f)
{
    return f < RG_FISCAL_COUNT ? fiscal_keys[f] : "";
}

const char *rg_fiscal_label(rg_fiscal_part f)
{
    return f < RG_FISCAL_COUNT ? fiscal_labels[f] : "";
}

int rg_run_fiscal_totals(const rg_result *r, int discounted, rg_fiscal_totals *t)
{
    const rg_result_summary *s = &r->summary;
    *t = (rg_fiscal_totals){0, 0, 0};
    if (!s->programme_cost || !s->prison_cost || !s->supervision_cost || !s->discount_factor)
        return -1;
    for (long long m = 0; m < r->months; m++) {
        double d = discounted ? s->discount_factor[m] : 1.0;
        t->programme += s->programme_cost[m] * d;
        t->prison += s->prison_cost[m] * d;
        t->supervision += s->supervision_cost[m] * d;
    }
    return 0;
}

typedef struct fiscal_arg {
    rg_fiscal_part part;
    int discounted;
    double people; /* OTHER's population */
} fiscal_arg;

/* A run's public cost that the part contrasts, in OTHER's population; savings
 * with the sign turned, so that OTHER - BASE of it is BASE - OTHER of the cost. */
static double fiscal_value(const rg_run_metrics *m, const rg_result *r, const void *arg)
{
    (void)m;
    const fiscal_arg *x = arg;
    rg_fiscal_totals t;
    if (rg_run_fiscal_totals(r, x->discounted, &t) != 0 || r->agents <= 0) return NAN;
    double v = x->part == RG_FISCAL_PROGRAMME_COST        ? t.programme
               : x->part == RG_FISCAL_PRISON_SAVINGS      ? -t.prison
               : x->part == RG_FISCAL_SUPERVISION_SAVINGS ? -t.supervision
                                                          : t.programme + t.prison + t.supervision;
    return v * x->people / (double)r->agents;
}

rg_estimate rg_fiscal_effect(const rg_scenario *base, const rg_scenario *other, rg_fiscal_part part,
                             int discounted)
{
    fiscal_arg x = {part, discounted, (double)other->runs[0]->agents};
    rg_estimate e = contrast_of(base, other, fiscal_value, no_se, &x);
    /* With one replicate on a side a total has no sampling error to give an
     * interval: the difference alone, named by its pairing. */
    if ((base->n < 2 || other->n < 2) && !isnan(e.est)) {
        e.lo = e.hi = e.se = NAN;
        e.method = rg_scenarios_paired(base, other) ? RG_CI_PAIRED : RG_CI_WELCH;
    }
    return e;
}

int rg_scenario_has_trial(const rg_scenario *sc)
{
    return sc->metrics[0]->n_offered > 0 && sc->metrics[0]->n_control > 0;
}

rg_estimate rg_trial_true_effect(const rg_scenario *base, const rg_scenario *other,
                                 rg_trial_outcome t)
{
    if (!rg_scenario_has_trial(other) || !rg_scenarios_paired(base, other))
        return rg_estimate_none();
    double *d = malloc(base->n * sizeof *d);
    if (!d) return rg_estimate_none();
    double se1 = NAN;
    for (size_t i = 0; i < base->n; i++) {
        const rg_result *rb = base->runs[i], *ro = other->runs[i];
        double s = 0, ss = 0;
        long k = 0;
        for (size_t a = 0; ro->trial_arm && a < (size_t)ro->agents; a++) {
            if (ro->trial_arm[a] != 1) continue;
            double yo = rg_trial_outcome_value(ro, t, a), yb = rg_trial_outcome_value(rb, t, a);
            if (isnan(yo) || isnan(yb)) continue;
            s += yo - yb;
            ss += (yo - yb) * (yo - yb);
            k++;
        }
        d[i] = k ? s / (double)k : NAN;
        if (i == 0 && k > 1)
            se1 = sqrt(fmax(0.0, (ss - (double)k * d[0] * d[0]) / (double)(k - 1)) / (double)k);
    }
    rg_estimate e = base->n >= 2 ? rg_estimate_replicates(d, base->n, level)
                                 : rg_estimate_normal(d[0], se1, level);
    if (base->n >= 2) e.method = RG_CI_PAIRED;
    free(d);
    return e;
}
