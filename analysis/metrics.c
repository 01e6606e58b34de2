/* Evaluation metrics of a run, and of a scenario across its replicates. */
#include "reintegra/metrics.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/text.h"
#include "reintegra/schema.h"
#include "reintegra/survival.h"

#define RG_METRIC_ROW_(id, key, unit, label, desc) {key, unit, label, desc},
static const struct {
    const char *key, *unit, *label, *desc;
} metric_info[RG_METRIC_COUNT] = {RG_METRICS(RG_METRIC_ROW_)};
#undef RG_METRIC_ROW_

#define RG_SERIES_ROW_(id, key, unit, label) {key, unit, label},
static const struct {
    const char *key, *unit, *label;
} series_info[RG_SERIES_COUNT] = {RG_SERIES(RG_SERIES_ROW_)};
#undef RG_SERIES_ROW_

#define RG_TRIAL_ROW_(id, key, unit, label) {key, label},
static const struct {
    const char *key, *label;
} trial_info[RG_TRIAL_COUNT] = {RG_TRIAL_OUTCOMES(RG_TRIAL_ROW_)};
#undef RG_TRIAL_ROW_

static const char *const km_labels[RG_KM_MEASURES] = {"rearrest", "reconviction",
                                                      "reincarceration"};
static const char *const qol_names[RG_QOL_COMPONENTS] = {
    "freedom", "work", "housing", "family support", "freedom from internalised stigma", "health"};

const char *rg_metric_key(rg_metric m)
{
    return metric_info[m].key;
}
const char *rg_metric_unit(rg_metric m)
{
    return metric_info[m].unit;
}
const char *rg_metric_label(rg_metric m)
{
    return metric_info[m].label;
}
const char *rg_metric_description(rg_metric m)
{
    return metric_info[m].desc;
}
const char *rg_series_key(rg_series s)
{
    return series_info[s].key;
}
const char *rg_series_unit(rg_series s)
{
    return series_info[s].unit;
}
const char *rg_series_label(rg_series s)
{
    return series_info[s].label;
}
const char *rg_trial_key(rg_trial_outcome t)
{
    return trial_info[t].key;
}
const char *rg_trial_label(rg_trial_outcome t)
{
    return trial_info[t].label;
}
const char *rg_km_measure_label(int measure)
{
    return km_labels[measure];
}
const char *rg_qol_component(int i)
{
    return qol_names[i];
}

static int in_group(const rg_result *r, rg_group g, size_t i)
{
    return rg_group_has(g, r->sex[i], r->age_at_release[i], r->race ? r->race[i] : -1,
                        r->offense[i], r->record_relief ? r->record_relief[i] : -1);
}

/* Months a person has been followed since first release (0: not released). */
static int follow(const rg_result *r, size_t i)
{
    int f = (int)r->months - r->release_month[i];
    return r->release_month[i] < 0 || f < 0 ? 0 : f;
}

/* Ratio estimator sum(y)/sum(x) over the group, with its linearised standard error. */
static void ratio(const double *y, const double *x, const uint8_t *mask, size_t n, double scale,
                  double *value, double *se)
{
    double sy = 0, sx = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (mask[i] && !isnan(y[i]) && !isnan(x[i])) {
            sy += y[i];
            sx += x[i];
            k++;
        }
    if (k == 0 || sx <= 0) {
        *value = *se = NAN;
        return;
    }
    double R = sy / sx, ss = 0, mx = sx / (double)k;
    for (size_t i = 0; i < n; i++)
        if (mask[i] && !isnan(y[i]) && !isnan(x[i])) {
            double d = y[i] - R * x[i];
            ss += d * d;
        }
    *value = scale * R;
    *se = k > 1 ? scale * sqrt(ss / ((double)k * (double)(k - 1))) / mx : NAN;
}

/* Mean of y over the group with its standard error. */
static void mean_se(const double *y, const uint8_t *mask, size_t n, double *value, double *se)
{
    double s = 0, ss = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (mask[i] && !isnan(y[i])) {
            s += y[i];
            k++;
        }
    if (!k) {
        *value = *se = NAN;
        return;
    }
    double m = s / (double)k;
    for (size_t i = 0; i < n; i++)
        if (mask[i] && !isnan(y[i])) ss += (y[i] - m) * (y[i] - m);
    *value = m;
    *se = k > 1 ? sqrt(ss / (double)(k - 1) / (double)k) : NAN;
}

/* The per-person columns that ratios and means use (NAN: not defined). */
typedef struct person_columns {
    double *followed, *free_months, *employed, *income, *housed, *homeless, *qol;
    /* From the month the record became eligible for clearance (Fresh Start). */
    double *eligible, *arrested_e, *free_e, *employed_e, *income_e;
} person_columns;

static double frac(double num, double den)
{
    return den > 0 ? num / den : 0.0;
}

/* Outcomes from the month of first eligibility for record clearance, of people
 * whose record became eligible (NAN for the others, or without the columns). */
static void eligibility_columns(person_columns *pc, const rg_result *r)
{
    const int known = r->eligible_month && r->months_free_eligible && r->months_employed_eligible &&
                      r->income_eligible && r->arrested_eligible;
    for (size_t i = 0; i < (size_t)r->agents; i++) {
        const int e = known && r->eligible_month[i] >= 0;
        pc->eligible[i] = e ? 1.0 : NAN;
        pc->arrested_e[i] = e ? (double)r->arrested_eligible[i] : NAN;
        pc->free_e[i] = e ? (double)r->months_free_eligible[i] : NAN;
        pc->employed_e[i] = e ? (double)r->months_employed_eligible[i] : NAN;
        pc->income_e[i] = e ? (double)r->income_eligible[i] : NAN;
    }
}

static int person_columns_make(person_columns *pc, const rg_result *r, int *qol_bits)
{
    size_t n = (size_t)r->agents, cnt = n ? n : 1;
    double **cols[] = {&pc->followed,   &pc->free_months, &pc->employed,   &pc->income,
                       &pc->housed,     &pc->homeless,    &pc->qol,        &pc->eligible,
                       &pc->arrested_e, &pc->free_e,      &pc->employed_e, &pc->income_e};
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
        if (!(*cols[c] = malloc(cnt * sizeof(double)))) return -1;
    int bits = 0;
    if (r->months_free_total) {
        bits |= 1;
        if (r->months_employed) bits |= 2;
        if (r->months_stable_housing) bits |= 4;
        if (r->family_support) bits |= 8;
        if (r->stigma) bits |= 16;
        if (r->mental_illness || r->substance_use) bits |= 32;
    }
    *qol_bits = bits;
    eligibility_columns(pc, r);
    for (size_t i = 0; i < n; i++) {
        int f = follow(r, i);
        double fm = r->months_free_total ? r->months_free_total[i] : NAN;
        if (fm > f) fm = f; /* a damaged value cannot exceed the follow-up */
        pc->followed[i] = f > 0 ? f : NAN;
        pc->free_months[i] = f > 0 ? fm : NAN;
        pc->employed[i] = f > 0 && r->months_employed ? r->months_employed[i] : NAN;
        pc->income[i] = f > 0 && r->income_total ? r->income_total[i] : NAN;
        pc->housed[i] = f > 0 && r->months_stable_housing ? r->months_stable_housing[i] : NAN;
        pc->homeless[i] = f > 0 && r->months_homeless ? r->months_homeless[i] : NAN;
        pc->qol[i] = NAN;
        if (f > 0 && bits) {
            double sum = frac(fm, f);
            int k = 1;
            if (bits & 2) sum += fmin(1.0, frac(r->months_employed[i], fm)), k++;
            if (bits & 4) sum += fmin(1.0, frac(r->months_stable_housing[i], fm)), k++;
            if (bits & 8) sum += fmin(1.0, fmax(0.0, r->family_support[i])), k++;
            if (bits & 16) sum += 1.0 - fmin(1.0, fmax(0.0, r->stigma[i])), k++;
            if (bits & 32) {
                double h = 1.0;
                if (r->mental_illness && r->mental_illness[i] == 1) h -= 0.5;
                if (r->substance_use && r->substance_use[i] == 1) h -= 0.5;
                sum += h;
                k++;
            }
            pc->qol[i] = 100.0 * sum / k;
        }
    }
    return 0;
}

static void person_columns_free(person_columns *pc)
{
    free(pc->followed);
    free(pc->free_months);
    free(pc->employed);
    free(pc->income);
    free(pc->housed);
    free(pc->homeless);
    free(pc->qol);
    free(pc->eligible);
    free(pc->arrested_e);
    free(pc->free_e);
    free(pc->employed_e);
    free(pc->income_e);
}

double rg_trial_outcome_value(const rg_result *r, rg_trial_outcome t, size_t i)
{
    int f = follow(r, i);
    switch (t) {
    case RG_T_REARREST_1Y:
        return f >= 12 ? 100.0 * (r->first_arrest[i] >= 0 && r->first_arrest[i] < 12) : NAN;
    case RG_T_REARREST_3Y:
        return f >= 36 ? 100.0 * (r->first_arrest[i] >= 0 && r->first_arrest[i] < 36) : NAN;
    case RG_T_REINCARCERATION_1Y:
        return f >= 12 ? 100.0 * (r->first_return[i] >= 0 && r->first_return[i] < 12) : NAN;
    case RG_T_EMPLOYMENT:
        if (!r->months_employed || !r->months_free_total || r->months_free_total[i] <= 0)
            return NAN;
        return 100.0 * fmin(1.0, (double)r->months_employed[i] / r->months_free_total[i]);
    default: return NAN;
    }
}

static void trial(rg_run_metrics *m, const rg_result *r)
{
    for (int t = 0; t < RG_TRIAL_COUNT; t++) m->itt[t] = m->itt_se[t] = NAN;
    if (!r->trial_arm) return;
    size_t n = (size_t)r->agents;
    for (size_t i = 0; i < n; i++) {
        m->n_offered += r->trial_arm[i] == 1;
        m->n_control += r->trial_arm[i] == 0;
    }
    if (!m->n_offered || !m->n_control) return;
    for (int t = 0; t < RG_TRIAL_COUNT; t++) {
        double s[2] = {0, 0}, ss[2] = {0, 0};
        long k[2] = {0, 0};
        for (size_t i = 0; i < n; i++) {
            int arm = r->trial_arm[i];
            if (arm != 0 && arm != 1) continue;
            double y = rg_trial_outcome_value(r, (rg_trial_outcome)t, i);
            if (isnan(y)) continue;
            s[arm] += y;
            ss[arm] += y * y;
            k[arm]++;
        }
        if (k[0] < 2 || k[1] < 2) continue;
        double mean[2], var[2];
        for (int a = 0; a < 2; a++) {
            mean[a] = s[a] / (double)k[a];
            var[a] = fmax(0.0, (ss[a] - (double)k[a] * mean[a] * mean[a]) / (double)(k[a] - 1));
        }
        m->itt[t] = mean[1] - mean[0];
        m->itt_se[t] = sqrt(var[1] / (double)k[1] + var[0] / (double)k[0]);
    }
}

static void series(rg_run_metrics *m, const rg_result *r)
{
    const rg_result_summary *s = &r->summary;
    for (int t = 0; t < m->months; t++) {
        double fr = s->free[t], ag = (double)r->agents;
        m->series[RG_S_PRISON][t] = ag > 0 ? 100.0 * s->prison[t] / ag : NAN;
        m->series[RG_S_EMPLOYED][t] = s->employed && fr > 0 ? 100.0 * s->employed[t] / fr : NAN;
        m->series[RG_S_HOUSED][t] =
            s->housing_stable && fr > 0 ? 100.0 * s->housing_stable[t] / fr : NAN;
        m->series[RG_S_HOMELESS][t] = s->homeless && fr > 0 ? 100.0 * s->homeless[t] / fr : NAN;
        m->series[RG_S_INCOME][t] = s->income_mean ? s->income_mean[t] : NAN;
    }
}

static void programmes(rg_run_metrics *m, const rg_result *r)
{
    size_t np = r->n_programmes;
    double done = 0, ended = 0, cost = 0;
    int cost_known = r->participant_months && r->cost_per_month;
    for (size_t p = 0; p < np; p++) {
        double c = r->completed[p], e = r->completed[p] + r->dropped[p];
        double q = e > 0 ? c / e : NAN;
        m->completion[p] = 100.0 * q;
        m->completion_se[p] = e > 0 ? 100.0 * sqrt(q * (1 - q) / e) : NAN;
        m->cost[p] = cost_known ? r->participant_months[p] * r->cost_per_month[p] : NAN;
        done += c;
        ended += e;
        if (cost_known) cost += m->cost[p];
    }
    double q = ended > 0 ? done / ended : NAN;
    m->value[RG_M_COMPLETION][RG_G_ALL] = 100.0 * q;
    m->se[RG_M_COMPLETION][RG_G_ALL] = ended > 0 ? 100.0 * sqrt(q * (1 - q) / ended) : NAN;
    m->value[RG_M_COST][RG_G_ALL] = np && cost_known ? cost : NAN;
    m->se[RG_M_COST][RG_G_ALL] = np && cost_known ? 0.0 : NAN;
}

/* The scratch space of one run's metrics: a group's mask, and the Kaplan-Meier
 * times and events of each measure (n each). */
typedef struct scratch {
    size_t n, cnt;
    uint8_t *mask, *event;
    int32_t *time;
    person_columns pc;
} scratch;

static void scratch_free(scratch *w)
{
    free(w->mask);
    free(w->event);
    free(w->time);
    person_columns_free(&w->pc);
}

/* m's arrays, every value NaN; and the scratch space. 0, or -1 when out of memory. */
static int allocate(rg_run_metrics *m, const rg_result *r, scratch *w)
{
    memset(m, 0, sizeof *m);
    for (int k = 0; k < RG_METRIC_COUNT; k++)
        for (int g = 0; g < RG_GROUP_COUNT; g++) m->value[k][g] = m->se[k][g] = NAN;
    m->months = (int)r->months;
    size_t len = (size_t)m->months + 1;
    int ok = 1;
    for (int k = 0; k < RG_KM_MEASURES; k++) {
        ok &= (m->km[k] = malloc(len * sizeof(double))) != NULL;
        ok &= (m->km_se[k] = malloc(len * sizeof(double))) != NULL;
    }
    for (int s = 0; s < RG_SERIES_COUNT; s++)
        ok &= (m->series[s] = malloc(len * sizeof(double))) != NULL;
    m->n_programmes = r->n_programmes;
    size_t np = r->n_programmes ? r->n_programmes : 1;
    ok &= (m->completion = calloc(np, sizeof(double))) != NULL;
    ok &= (m->completion_se = calloc(np, sizeof(double))) != NULL;
    ok &= (m->cost = calloc(np, sizeof(double))) != NULL;
    *w = (scratch){.n = (size_t)r->agents, .cnt = r->agents ? (size_t)r->agents : 1};
    w->mask = malloc(w->cnt);
    w->event = malloc(w->cnt * RG_KM_MEASURES);
    w->time = malloc(w->cnt * RG_KM_MEASURES * sizeof *w->time);
    ok &= w->mask && w->event && w->time && person_columns_make(&w->pc, r, &m->qol_components) == 0;
    return ok ? 0 : -1;
}

/* Rearrest, reconviction and reincarceration at 1, 3 and 5 years for the group in
 * w->mask (and the whole curves for everyone). */
static rg_status survival(rg_run_metrics *m, const scratch *w, rg_group g, rg_error *err)
{
    for (int k = 0; k < RG_KM_MEASURES; k++) {
        rg_km km;
        RG_TRY(rg_km_fit(&km, w->time + (size_t)k * w->cnt, w->event + (size_t)k * w->cnt, w->mask,
                         w->n, m->months, err));
        for (int y = 0; y < 3; y++) {
            int t = 12 * (y == 0 ? 1 : (y == 1 ? 3 : 5));
            if (t > m->months || km.at_risk[t] == 0) continue;
            m->value[RG_M_REARREST_1Y + 3 * k + y][g] = 100.0 * (1.0 - rg_km_surv(&km, t));
            m->se[RG_M_REARREST_1Y + 3 * k + y][g] = 100.0 * rg_km_se(&km, t);
        }
        if (g == RG_G_ALL)
            for (int t = 0; t <= m->months; t++) {
                m->km[k][t] = rg_km_surv(&km, t);
                m->km_se[k][t] = rg_km_se(&km, t);
            }
        rg_km_free(&km);
    }
    return RG_OK;
}

/* The per-person measures of the group in w->mask. */
static void person_measures(rg_run_metrics *m, const rg_result *r, const scratch *w, rg_group g)
{
    const person_columns *pc = &w->pc;
    const uint8_t *mask = w->mask;
    const size_t n = w->n;
    ratio(pc->free_months, pc->followed, mask, n, 100.0, &m->value[RG_M_TIME_FREE][g],
          &m->se[RG_M_TIME_FREE][g]);
    ratio(pc->employed, pc->free_months, mask, n, 100.0, &m->value[RG_M_EMPLOYMENT][g],
          &m->se[RG_M_EMPLOYMENT][g]);
    ratio(pc->income, pc->free_months, mask, n, 1.0, &m->value[RG_M_INCOME][g],
          &m->se[RG_M_INCOME][g]);
    ratio(pc->housed, pc->free_months, mask, n, 100.0, &m->value[RG_M_HOUSING_STABLE][g],
          &m->se[RG_M_HOUSING_STABLE][g]);
    ratio(pc->homeless, pc->free_months, mask, n, 100.0, &m->value[RG_M_HOMELESS][g],
          &m->se[RG_M_HOMELESS][g]);
    mean_se(pc->qol, mask, n, &m->value[RG_M_QOL][g], &m->se[RG_M_QOL][g]);
    ratio(pc->arrested_e, pc->eligible, mask, n, 100.0, &m->value[RG_M_REARREST_ELIGIBLE][g],
          &m->se[RG_M_REARREST_ELIGIBLE][g]);
    ratio(pc->employed_e, pc->free_e, mask, n, 100.0, &m->value[RG_M_EMPLOYMENT_ELIGIBLE][g],
          &m->se[RG_M_EMPLOYMENT_ELIGIBLE][g]);
    ratio(pc->income_e, pc->free_e, mask, n, 1.0, &m->value[RG_M_INCOME_ELIGIBLE][g],
          &m->se[RG_M_INCOME_ELIGIBLE][g]);
    ratio(pc->income_e, pc->employed_e, mask, n, 1.0, &m->value[RG_M_WAGE_ELIGIBLE][g],
          &m->se[RG_M_WAGE_ELIGIBLE][g]);
    size_t released = 0, arrested = 0;
    for (size_t i = 0; i < n; i++)
        if (mask[i] && follow(r, i) > 0) {
            released++;
            arrested += r->first_arrest[i] >= 0;
        }
    if (released) {
        double p = (double)arrested / (double)released;
        m->value[RG_M_PEOPLE_REARRESTED][g] = (double)arrested;
        m->se[RG_M_PEOPLE_REARRESTED][g] = sqrt((double)released * p * (1 - p));
    }
}

typedef struct ranked {
    uint16_t arrests;
    uint32_t id;
} ranked;

static int by_arrests_desc(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->arrests != y->arrests) return x->arrests < y->arrests ? 1 : -1;
    return (x->id > y->id) - (x->id < y->id);
}

/* Criminal careers of the group in w->mask (people released): arrests per person,
 * the share of arrests by the group's most arrested tenth (a ratio with its
 * linearised standard error, the cut-off taken as known), and months to the first
 * arrest among those arrested. Needs /agents/arrests. */
static void careers(rg_run_metrics *m, const rg_result *r, const scratch *w, rg_group g)
{
    const size_t n = w->n;
    double *x = r->arrests ? malloc(w->cnt * sizeof *x) : NULL;
    double *y = x ? malloc(w->cnt * sizeof *y) : NULL, *t = y ? malloc(w->cnt * sizeof *t) : NULL;
    ranked *rk = t ? malloc(w->cnt * sizeof *rk) : NULL;
    size_t k = 0;
    uint8_t *mask = rk ? calloc(w->cnt, 1) : NULL;
    for (size_t i = 0; mask && i < n; i++) {
        mask[i] = w->mask[i] && follow(r, i) > 0;
        x[i] = r->arrests[i];
        y[i] = 0;
        t[i] = r->first_arrest[i] >= 0 ? r->first_arrest[i] : NAN;
        if (mask[i]) rk[k++] = (ranked){r->arrests[i], (uint32_t)i};
    }
    if (mask && k) {
        mean_se(x, mask, n, &m->value[RG_M_ARRESTS_PER_PERSON][g],
                &m->se[RG_M_ARRESTS_PER_PERSON][g]);
        mean_se(t, mask, n, &m->value[RG_M_MONTHS_TO_ARREST][g], &m->se[RG_M_MONTHS_TO_ARREST][g]);
        qsort(rk, k, sizeof *rk, by_arrests_desc);
        const size_t top = (k + 9) / 10;
        for (size_t j = 0; j < top; j++) y[rk[j].id] = rk[j].arrests;
        ratio(y, x, mask, n, 100.0, &m->value[RG_M_ARRESTS_TOP_DECILE][g],
              &m->se[RG_M_ARRESTS_TOP_DECILE][g]);
    }
    free(mask);
    free(rk);
    free(t);
    free(y);
    free(x);
}

/* Every group's measures (the gaps apart). */
static rg_status groups(rg_run_metrics *m, const rg_result *r, scratch *w, rg_error *err)
{
    const int16_t *first[RG_KM_MEASURES] = {r->first_arrest, r->first_conviction, r->first_return};
    for (int k = 0; k < RG_KM_MEASURES; k++)
        rg_km_times_from_first(first[k], r->release_month, w->n, m->months,
                               w->time + (size_t)k * w->cnt, w->event + (size_t)k * w->cnt);
    for (int g = 0; g < RG_G_FIRST_GAP; g++) {
        size_t members = 0;
        for (size_t i = 0; i < w->n; i++)
            members += w->mask[i] = (uint8_t)in_group(r, (rg_group)g, i);
        if (!members) continue;
        RG_TRY(survival(m, w, (rg_group)g, err));
        person_measures(m, r, w, (rg_group)g);
        careers(m, r, w, (rg_group)g);
    }
    return RG_OK;
}

/* Job seekers without a record, by their group: shares over the whole horizon of
 * the monthly counts. The run's own error treats each seeker (employment,
 * earnings) or application (callbacks) as independent: months of one person are
 * correlated, so across replicates is the interval to trust. */
typedef struct seeker_columns {
    rg_group group;
    const double *n, *employed, *apps, *calls, *earnings;
} seeker_columns;

static void seeker_group(rg_run_metrics *m, const seeker_columns *c)
{
    if (!c->n || !c->employed || !c->apps || !c->calls || !c->earnings) return;
    double n = 0, e = 0, a = 0, k = 0, y = 0, people = 0;
    for (int t = 0; t < m->months; t++) {
        n += c->n[t];
        e += c->employed[t];
        a += c->apps[t];
        k += c->calls[t];
        y += c->earnings[t];
        if (c->n[t] > people) people = c->n[t];
    }
    if (n <= 0) return;
    const rg_group g = c->group;
    double p = e / n;
    m->value[RG_M_SEEKER_EMPLOYMENT][g] = 100.0 * p;
    m->se[RG_M_SEEKER_EMPLOYMENT][g] = 100.0 * sqrt(p * (1 - p) / people);
    m->value[RG_M_SEEKER_EARNINGS][g] = y / n;
    m->se[RG_M_SEEKER_EARNINGS][g] = p > 0 ? y / n * sqrt((1 - p) / (p * people)) : NAN;
    if (a > 0) {
        double q = k / a;
        m->value[RG_M_SEEKER_CALLBACKS][g] = 100.0 * q;
        m->se[RG_M_SEEKER_CALLBACKS][g] = 100.0 * sqrt(q * (1 - q) / a);
    }
}

static void seekers(rg_run_metrics *m, const rg_result *r)
{
    const rg_result_summary *s = &r->summary;
    /* The analysis groups of RG_SEEKER_GROUPS, in its order. */
    static const rg_group group_of[] = {RG_G_ALL,    RG_G_WHITE,     RG_G_BLACK, RG_G_HISPANIC,
                                        RG_G_AGE_24, RG_G_AGE_25_39, RG_G_AGE_40};
#define SEEKER_GROUP_(X, s_, g, desc)                                                              \
    {0,                                                                                            \
     s->seekers_##g,                                                                               \
     s->seekers_employed_##g,                                                                      \
     s->seeker_applications_##g,                                                                   \
     s->seeker_callbacks_##g,                                                                      \
     s->seeker_earnings_##g},
    seeker_columns cols[] = {RG_SEEKER_GROUPS(SEEKER_GROUP_, _, _)};
#undef SEEKER_GROUP_
    _Static_assert(sizeof cols / sizeof cols[0] == sizeof group_of / sizeof group_of[0],
                   "one analysis group per seeker group");
    for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
        cols[k].group = group_of[k];
        seeker_group(m, &cols[k]);
    }
}

/* People free and employed in the last month; and the gaps between groups, as
 * differences of independent groups' estimates. */
static void employed_and_gaps(rg_run_metrics *m, const rg_result *r)
{
    const double *emp = r->summary.employed, *fr = r->summary.free;
    if (emp && m->months > 0) {
        double e = emp[m->months - 1], f = fr[m->months - 1];
        double p = f > 0 ? e / f : 0;
        m->value[RG_M_PEOPLE_EMPLOYED][RG_G_ALL] = e;
        m->se[RG_M_PEOPLE_EMPLOYED][RG_G_ALL] = sqrt(f * p * (1 - p));
    }
    static const rg_group gap_of[][2] = {{RG_G_BLACK, RG_G_WHITE},
                                         {RG_G_HISPANIC, RG_G_WHITE},
                                         {RG_G_FEMALE, RG_G_MALE},
                                         {RG_G_RECORD_CLEARED, RG_G_RECORD_ELIGIBLE}};
    _Static_assert(sizeof gap_of / sizeof gap_of[0] == RG_GROUP_COUNT - RG_G_FIRST_GAP,
                   "one pair of groups per gap");
    for (int k = 0; k < RG_METRIC_COUNT; k++) {
        if (k == RG_M_PEOPLE_REARRESTED || k == RG_M_PEOPLE_EMPLOYED) continue;
        for (int j = 0; j < RG_GROUP_COUNT - RG_G_FIRST_GAP; j++) {
            rg_group a = gap_of[j][0], b = gap_of[j][1];
            m->value[k][RG_G_FIRST_GAP + j] = m->value[k][a] - m->value[k][b];
            m->se[k][RG_G_FIRST_GAP + j] = hypot(m->se[k][a], m->se[k][b]);
        }
    }
}

rg_status rg_run_metrics_compute(rg_run_metrics *m, const rg_result *r, rg_error *err)
{
    scratch w;
    rg_status st = allocate(m, r, &w) == 0
                       ? groups(m, r, &w, err)
                       : rg_error_set(err, RG_EINTERNAL, "out of memory computing metrics");
    scratch_free(&w);
    if (st != RG_OK) {
        rg_run_metrics_free(m);
        return st;
    }
    seekers(m, r);
    employed_and_gaps(m, r);
    series(m, r);
    programmes(m, r);
    trial(m, r);
    return RG_OK;
}

void rg_run_metrics_free(rg_run_metrics *m)
{
    for (int k = 0; k < RG_KM_MEASURES; k++) {
        free(m->km[k]);
        free(m->km_se[k]);
    }
    for (int s = 0; s < RG_SERIES_COUNT; s++) free(m->series[s]);
    free(m->completion);
    free(m->completion_se);
    free(m->cost);
    memset(m, 0, sizeof *m);
}

static int by_seed(const void *a, const void *b)
{
    const rg_result *x = *(const rg_result *const *)a, *y = *(const rg_result *const *)b;
    return (x->seed > y->seed) - (x->seed < y->seed);
}

/* Read every file and compute its metrics (n_runs: those held). */
static rg_status read_runs(rg_study *s, const char *const *paths, size_t n, rg_error *err)
{
    rg_status st = RG_OK;
    for (size_t i = 0; i < n && st == RG_OK; i++) {
        st = rg_result_read(&s->runs[i], paths[i], err);
        if (st != RG_OK) break;
        s->n_runs = i + 1;
        if (i > 0 && s->runs[i].months != s->runs[0].months)
            st = rg_error_set(err, RG_EINPUT,
                              "cannot analyse runs with different horizons together: %s has %lld "
                              "months, %s has %lld",
                              paths[0], s->runs[0].months, paths[i], s->runs[i].months);
    }
    for (size_t i = 0; i < s->n_runs && st == RG_OK; i++) {
        st = rg_run_metrics_compute(&s->metrics[i], &s->runs[i], err);
        if (st != RG_OK) {
            s->n_runs = i; /* metrics of run i were freed by the failed compute */
            for (size_t j = i; j < n; j++) rg_result_free(&s->runs[j]);
        }
    }
    return st;
}

/* of[i]: the scenario of run i: the same scenario name and configuration apart from
 * the seed; a seed seen twice starts another copy. */
static void group_runs(rg_study *s, size_t *of)
{
    for (size_t i = 0; i < s->n_runs; i++) {
        const rg_result *r = &s->runs[i];
        size_t k = 0;
        for (; k < s->n_scenarios; k++) {
            size_t first = 0;
            while (of[first] != k) first++;
            const rg_result *q = &s->runs[first];
            if (strcmp(q->scenario, r->scenario) || strcmp(q->config_key, r->config_key)) continue;
            int dup = 0;
            for (size_t j = 0; j < i; j++) dup |= of[j] == k && s->runs[j].seed == r->seed;
            if (!dup) break;
        }
        if (k == s->n_scenarios) s->n_scenarios++;
        of[i] = k;
        s->scenarios[k].n++;
    }
}

/* Scenario k's runs sorted by seed, its metrics, and its label: the scenario name,
 * made unique. */
static rg_status fill_scenario(rg_study *s, const size_t *of, size_t k, rg_error *err)
{
    rg_scenario *sc = &s->scenarios[k];
    sc->runs = calloc(sc->n, sizeof *sc->runs);
    sc->metrics = calloc(sc->n, sizeof *sc->metrics);
    if (!sc->runs || !sc->metrics) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    size_t j = 0;
    for (size_t i = 0; i < s->n_runs; i++)
        if (of[i] == k) sc->runs[j++] = &s->runs[i];
    qsort(sc->runs, sc->n, sizeof *sc->runs, by_seed);
    for (j = 0; j < sc->n; j++) sc->metrics[j] = &s->metrics[sc->runs[j] - s->runs];
    /* Escaped: the name comes from a file and is printed in tables and messages. */
    char name[256];
    rg_text_escape(sc->runs[0]->scenario[0] ? sc->runs[0]->scenario : "unnamed", name, sizeof name);
    int copy = 1;
    for (size_t q = 0; q < k; q++)
        if (!strcmp(s->scenarios[q].runs[0]->scenario, sc->runs[0]->scenario)) copy++;
    if (copy > 1)
        snprintf(sc->label, sizeof sc->label, "%s (%d)", name, copy);
    else
        snprintf(sc->label, sizeof sc->label, "%s", name);
    return RG_OK;
}

rg_status rg_study_load(rg_study *s, const char *const *paths, size_t n, rg_error *err)
{
    memset(s, 0, sizeof *s);
    if (n == 0) return rg_error_set(err, RG_EINPUT, "expected at least one run file");
    s->runs = calloc(n, sizeof *s->runs);
    s->metrics = calloc(n, sizeof *s->metrics);
    s->scenarios = calloc(n, sizeof *s->scenarios);
    size_t *of = calloc(n, sizeof *of);
    rg_status st = s->runs && s->metrics && s->scenarios && of
                       ? read_runs(s, paths, n, err)
                       : rg_error_set(err, RG_EINTERNAL, "out of memory");
    if (st == RG_OK) {
        s->months = (int)s->runs[0].months;
        group_runs(s, of);
    }
    for (size_t k = 0; k < s->n_scenarios && st == RG_OK; k++) st = fill_scenario(s, of, k, err);
    free(of);
    if (st != RG_OK) rg_study_free(s);
    return st;
}

void rg_study_free(rg_study *s)
{
    for (size_t i = 0; i < s->n_runs; i++) {
        rg_run_metrics_free(&s->metrics[i]);
        rg_result_free(&s->runs[i]);
    }
    for (size_t k = 0; k < s->n_scenarios; k++) {
        free(s->scenarios[k].runs);
        free(s->scenarios[k].metrics);
    }
    free(s->runs);
    free(s->metrics);
    free(s->scenarios);
    memset(s, 0, sizeof *s);
}

/* The estimate from per-replicate values and the single run's standard error. */
static rg_estimate combine(const rg_scenario *sc, const double *v, double se1)
{
    if (sc->n == 1) return rg_estimate_normal(v[0], se1, RG_CI_LEVEL_PERCENT / 100.0);
    return rg_estimate_replicates(v, sc->n, RG_CI_LEVEL_PERCENT / 100.0);
}

#define RG_GATHER_(expr, se_expr)                                                                  \
    double stackv[64], *v = sc->n <= 64 ? stackv : malloc(sc->n * sizeof *v);                      \
    if (!v) return rg_estimate_none();                                                             \
    for (size_t i = 0; i < sc->n; i++) {                                                           \
        const rg_run_metrics *m = sc->metrics[i];                                                  \
        (void)m;                                                                                   \
        v[i] = (expr);                                                                             \
    }                                                                                              \
    const rg_run_metrics *m0 = sc->metrics[0];                                                     \
    (void)m0;                                                                                      \
    rg_estimate e = combine(sc, v, (se_expr));                                                     \
    if (v != stackv) free(v);                                                                      \
    return e

rg_estimate rg_scenario_metric(const rg_scenario *sc, rg_metric k, rg_group g)
{
    RG_GATHER_(m->value[k][g], m0->se[k][g]);
}

rg_estimate rg_scenario_series(const rg_scenario *sc, rg_series s, int month)
{
    if (month < 0 || month >= sc->metrics[0]->months) return rg_estimate_none();
    RG_GATHER_(m->series[s][month], NAN);
}

rg_estimate rg_scenario_survival(const rg_scenario *sc, int measure, int month)
{
    if (month < 0 || month > sc->metrics[0]->months) return rg_estimate_none();
    RG_GATHER_(100.0 * m->km[measure][month], 100.0 * m0->km_se[measure][month]);
}

rg_estimate rg_scenario_itt(const rg_scenario *sc, rg_trial_outcome t)
{
    RG_GATHER_(m->itt[t], m0->itt_se[t]);
}

int rg_scenario_runs_programme(const rg_scenario *sc, size_t p)
{
    for (size_t i = 0; i < sc->n; i++) {
        const rg_result *r = sc->runs[i];
        if (p >= r->n_programmes) continue;
        if (r->enabled
                ? r->enabled[p] != 0
                : r->enrolled[p] > 0 || (r->participant_months && r->participant_months[p] > 0))
            return 1;
    }
    return 0;
}

size_t rg_scenario_programmes_run(const rg_scenario *sc)
{
    size_t n = 0;
    for (size_t p = 0; sc->n && p < sc->runs[0]->n_programmes; p++)
        n += rg_scenario_runs_programme(sc, p) != 0;
    return n;
}
