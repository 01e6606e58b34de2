/*
 * The risk-assessment instrument . A logistic model of rearrest
 * within 12 months of release, fitted by iteratively reweighted least squares
 * (GSL) on a simulated historical cohort: the same model without any policy, with
 * another seed. Predictors are what an agency observes at release: age, sex,
 * prior arrests, commitment offence, active substance use and mental illness, and
 * prison visits (race is deliberately not used). Every person's predicted risk at
 * release drives targeting by risk; the instrument's discrimination (AUC) and
 * calibration on the run itself are written to /risk_tool.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_multifit.h>

#include "reintegra/family.h"
#include "reintegra/health.h"
#include "reintegra/justice.h"
#include "reintegra/module.h"
#include "reintegra/population.h"
#include "reintegra/programme.h"
#include "reintegra/rng.h"

/* The risk-assessment instrument: a logistic model of rearrest within 12 months
 * fitted on a simulated historical cohort (same model, another seed). */
#define RISK_TOOL_PARAMS(X, g)                                                                     \
    X(g, BOOL, enabled, 0, 0, 0, "-",                                                              \
      "fit the instrument (on automatically when a programme targets by risk)", "setting")         \
    X(g, INT, training_agents, 20000, 100, 10000000, "people",                                     \
      "size of the simulated historical cohort it is fitted on", "setting")

RG_PARAM_STRUCT(rg_params_risk_tool, RISK_TOOL_PARAMS);
RG_PARAM_SPECS(rg_params_risk_tool, RISK_TOOL_PARAMS);

#define RISK_TOOL_FIELDS(X, m)                                                                     \
    X(m, float, predicted_risk, F32, RG_F_AGENTS, "probability",                                   \
      "rearrest within 12 months predicted by the risk tool at release (-1: no tool)")

RG_COLUMN_STRUCT(rg_cols_risk_tool, RISK_TOOL_FIELDS);
RG_FIELD_SPECS(rg_cols_risk_tool, RISK_TOOL_FIELDS);

/* Random purposes (rng.h): the historical cohort's seed is derived from the run's
 * seed and this stream number, which no draw uses. */
static const rg_purpose draws[] = {
    RG_DRAW("risk_tool.cohort_seed", 44, 0, ONCE, INDEX, 0, 0,
            "reserved: the historical cohort's seed is derived from it"),
};

enum { K = 11, DECILES = 10 };

static const char *const predictor_names[K] = {"intercept",
                                               "age_at_release_per_10_years",
                                               "female",
                                               "priors_5_to_9",
                                               "priors_10_or_more",
                                               "violent",
                                               "drug",
                                               "public_order",
                                               "substance_use_active",
                                               "mental_illness_active",
                                               "visited"};

/* Written only when the instrument is fitted. */
static const rg_output_spec outputs[] = {
    {"risk_tool", "predictor", RG_OUTPUT_TABLE, RG_H5_STR, "predictors", "-",
     "predictors of the logistic model"},
    {"risk_tool", "coefficient", RG_OUTPUT_TABLE, RG_H5_F64, "predictors", "log odds",
     "fitted coefficients (per predictor)"},
    {"risk_tool", "auc", RG_OUTPUT_TABLE, RG_H5_F64, "1", "probability",
     "area under the ROC curve for rearrest within 12 months, on this run"},
    {"risk_tool", "calibration_predicted", RG_OUTPUT_TABLE, RG_H5_F64, "deciles", "probability",
     "mean predicted risk by decile of predicted risk"},
    {"risk_tool", "calibration_observed", RG_OUTPUT_TABLE, RG_H5_F64, "deciles", "probability",
     "observed share rearrested within 12 months by decile of predicted risk"},
};

typedef struct risk_state {
    const char *names[K];
    double beta[K];
    double auc[1];
    double predicted[DECILES], observed[DECILES]; /* calibration by decile of risk */
    int fitted;
} risk_state;

/* The columns the predictors come from, in a run. */
typedef struct predictors {
    const struct rg_cols_population *population;
    const struct rg_cols_family *family;
    const struct rg_cols_health *health;
} predictors;

static predictors predictors_of(const rg_run *run)
{
    return (predictors){RG_COLS(run, population), RG_COLS(run, family), RG_COLS(run, health)};
}

static void features(const predictors *c, size_t i, double *x)
{
    const struct rg_cols_population *population = c->population;
    const struct rg_cols_family *family = c->family;
    const struct rg_cols_health *health = c->health;
    x[0] = 1.0;
    x[1] = population->age_at_release[i] / 10.0;
    x[2] = population->sex[i] == RG_FEMALE;
    x[3] = population->prior_group[i] == RG_PRIORS_5_TO_9;
    x[4] = population->prior_group[i] == RG_PRIORS_10_OR_MORE;
    x[5] = population->offense[i] == RG_VIOLENT;
    x[6] = population->offense[i] == RG_DRUG;
    x[7] = population->offense[i] == RG_PUBLIC_ORDER;
    x[8] = health->substance_use[i] == RG_CONDITION_ACTIVE;
    x[9] = health->mental_illness[i] == RG_CONDITION_ACTIVE;
    x[10] = family->visited[i];
}

static double predict(const double *beta, const double *x)
{
    double eta = 0;
    for (int k = 0; k < K; k++) eta += beta[k] * x[k];
    return 1.0 / (1.0 + exp(-eta));
}

/* IRLS for logistic regression: each step a weighted least-squares solve. */
static rg_status fit_logistic(const rg_run *hist, const uint8_t *y, double *beta, rg_error *err)
{
    const predictors c = predictors_of(hist);
    const size_t n = hist->a.n;
    gsl_matrix *X = gsl_matrix_alloc(n, K), *cov = gsl_matrix_alloc(K, K);
    gsl_vector *z = gsl_vector_alloc(n), *w = gsl_vector_alloc(n), *b = gsl_vector_alloc(K);
    gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(n, K);
    rg_status st = RG_OK;
    if (!X || !cov || !z || !w || !b || !ws)
        st = rg_error_set(err, RG_EINTERNAL, "risk tool: out of memory");
    for (size_t i = 0; st == RG_OK && i < n; i++) {
        double x[K];
        features(&c, i, x);
        for (int k = 0; k < K; k++) gsl_matrix_set(X, i, (size_t)k, x[k]);
    }
    memset(beta, 0, sizeof(double) * K);
    for (int iter = 0; st == RG_OK && iter < 25; iter++) {
        for (size_t i = 0; i < n; i++) {
            double x[K];
            for (int k = 0; k < K; k++) x[k] = gsl_matrix_get(X, i, (size_t)k);
            double eta = 0;
            for (int k = 0; k < K; k++) eta += beta[k] * x[k];
            double p = 1.0 / (1.0 + exp(-eta)), v = p * (1 - p);
            if (v < 1e-10) v = 1e-10;
            gsl_vector_set(w, i, v);
            gsl_vector_set(z, i, eta + (y[i] - p) / v);
        }
        double chisq;
        if (gsl_multifit_wlinear(X, w, z, b, cov, &chisq, ws) != GSL_SUCCESS) {
            st = rg_error_set(err, RG_EINTERNAL, "risk tool: the logistic fit failed");
            break;
        }
        double change = 0;
        for (int k = 0; k < K; k++) {
            change += fabs(gsl_vector_get(b, (size_t)k) - beta[k]);
            beta[k] = gsl_vector_get(b, (size_t)k);
        }
        if (change < 1e-8) break;
    }
    if (ws) gsl_multifit_linear_free(ws);
    if (X) gsl_matrix_free(X);
    if (cov) gsl_matrix_free(cov);
    if (z) gsl_vector_free(z);
    if (w) gsl_vector_free(w);
    if (b) gsl_vector_free(b);
    return st;
}

static rg_status risk_init(rg_run *run, rg_instance *self, rg_error *err)
{
    const struct rg_cols_risk_tool *risk_tool = self->cols;
    for (size_t i = 0; i < run->a.n; i++) risk_tool->predicted_risk[i] = -1.0f;
    risk_state *s = calloc(1, sizeof *s);
    self->state = s;
    if (!s) return rg_error_set(err, RG_EINTERNAL, "risk tool: out of memory");
    const struct rg_params_risk_tool *q = self->params;
    if (!q->enabled && !rg_programmes_target_risk(&run->p)) return RG_OK;
    /* The historical cohort: this scenario without policies, another seed. */
    rg_params h = run->p;
    h.run.seed = (long long)((run->seed * 0x9E3779B97F4A7C15ull + draws[0].stream) >> 11);
    h.run.agents = q->training_agents;
    h.run.months = 12;
    rg_params_policies_off(&h);
    struct rg_params_population *pop = RG_PARAMS_MUT(&h, population);
    if (pop->neighbourhoods > h.run.agents) pop->neighbourhoods = h.run.agents;
    rg_run *hist = NULL;
    RG_TRY(rg_run_create(&hist, &h, run->threads, err));
    rg_status st = rg_run_complete(hist, err);
    uint8_t *y = st == RG_OK ? malloc(hist->a.n) : NULL;
    if (st == RG_OK && !y) st = rg_error_set(err, RG_EINTERNAL, "risk tool: out of memory");
    const int16_t *first = st == RG_OK ? RG_COLS(hist, justice)->first_arrest : NULL;
    for (size_t i = 0; st == RG_OK && i < hist->a.n; i++) y[i] = first[i] >= 0 && first[i] < 12;
    if (st == RG_OK) st = fit_logistic(hist, y, s->beta, err);
    free(y);
    rg_run_free(hist);
    RG_TRY(st);
    s->fitted = 1;
    const predictors c = predictors_of(run);
    for (size_t i = 0; i < run->a.n; i++) {
        double x[K];
        features(&c, i, x);
        risk_tool->predicted_risk[i] = (float)predict(s->beta, x);
    }
    for (int k = 0; k < K; k++) s->names[k] = predictor_names[k];
    s->auc[0] = NAN;
    for (int d = 0; d < DECILES; d++) s->predicted[d] = s->observed[d] = NAN;
    RG_TRY(rg_run_output(run, self, "predictor", s->names, K, err));
    RG_TRY(rg_run_output(run, self, "coefficient", s->beta, K, err));
    RG_TRY(rg_run_output(run, self, "auc", s->auc, 1, err));
    RG_TRY(rg_run_output(run, self, "calibration_predicted", s->predicted, DECILES, err));
    return rg_run_output(run, self, "calibration_observed", s->observed, DECILES, err);
}

typedef struct scored {
    float p;
    uint8_t y;
    uint32_t id;
} scored;

static int by_score(const void *pa, const void *pb)
{
    const scored *a = pa, *b = pb;
    if (a->p != b->p) return a->p < b->p ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

/* At the last month: AUC (Mann-Whitney, ties averaged) and calibration by decile
 * among people followed for 12 months. */
static void risk_record(const rg_run *run, rg_instance *self, void *row)
{
    const struct rg_cols_population *population = RG_COLS(run, population);
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_cols_risk_tool *risk_tool = self->cols;
    (void)row;
    risk_state *s = self->state;
    if (!s || !s->fitted || run->month != run->months - 1) return;
    scored *v = malloc(sizeof *v * (run->a.n + 1));
    if (!v) return;
    size_t n = 0;
    for (size_t i = 0; i < run->a.n; i++)
        if (run->month + 1 - population->release_month[i] >= 12)
            v[n++] =
                (scored){risk_tool->predicted_risk[i],
                         (uint8_t)(justice->first_arrest[i] >= 0 && justice->first_arrest[i] < 12),
                         (uint32_t)i};
    qsort(v, n, sizeof *v, by_score);
    double rank_sum = 0, pos = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && v[j].p == v[i].p) j++;
        double mid = 0.5 * (double)(i + 1 + j); /* average rank of the tie */
        for (size_t k = i; k < j; k++)
            if (v[k].y) {
                rank_sum += mid;
                pos++;
            }
        i = j;
    }
    double neg = (double)n - pos;
    s->auc[0] = pos > 0 && neg > 0 ? (rank_sum - pos * (pos + 1) / 2) / (pos * neg) : NAN;
    for (int d = 0; d < DECILES; d++) {
        size_t lo = n * (size_t)d / DECILES, hi = n * (size_t)(d + 1) / DECILES;
        double sp = 0, sy = 0;
        for (size_t k = lo; k < hi; k++) {
            sp += v[k].p;
            sy += v[k].y;
        }
        s->predicted[d] = hi > lo ? sp / (double)(hi - lo) : NAN;
        s->observed[d] = hi > lo ? sy / (double)(hi - lo) : NAN;
    }
    free(v);
}

const rg_module rg_risk_tool_module = {
    .name = "risk_tool",
    .mechanism =
        "Risk-assessment instrument: a model fitted on a simulated earlier cohort predicts "
        "each person's risk of rearrest; it changes nothing by itself but decides who is "
        "first for programme places targeted by risk.",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_risk_tool),
    RG_MODULE_FIELDS(rg_cols_risk_tool),
    RG_MODULE_OUTPUTS(outputs),
    .summary = "a risk-assessment instrument fitted on a simulated historical cohort",
    .kind = RG_POLICY,
    .on =
        {
            [RG_PHASE_INIT] = {.global = risk_init,
                               .after = "population, health, family",
                               .what = "fit on a historical cohort; everyone's predicted risk"},
            [RG_PHASE_RECORD] = {.record = risk_record,
                                 .what = "at the last month: AUC and calibration by decile"},
        },
    .free = rg_free_state,
};
