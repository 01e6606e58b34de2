/* Calibration: the objective, and its fit by Nelder-Mead (GSL) or ABC rejection. */
#include "reintegra/calibrate.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_multimin.h>
#include <gsl/gsl_statistics_double.h>

#include "reintegra/config.h"
#include "reintegra/rng.h"
#include "reintegra/run.h"
#include "reintegra/workflow.h"
#include "workflows/internal.h"

/* --- evaluation ------------------------------------------------------------ */

/* Set a fitted parameter through the registry (the text reads back to v exactly). */
static rg_status set_value(rg_params *p, const rg_cal_param *cp, double v, rg_error *err)
{
    char assign[600];
    snprintf(assign, sizeof assign, "%s=%.17g", cp->desc->name, v);
    return rg_config_set(p, assign, err);
}

rg_status rg_calibration_evaluate(const rg_calibration *c, const double *x, double *model,
                                  double *objective, int threads, rg_error *err)
{
    double sum[RG_CAL_MAX_ROWS * RG_CAL_MAX_YEARS] = {0};
    for (int rep = 0; rep < c->replicates; rep++) {
        rg_params p = c->params;
        p.run.seed = c->seed + rep;
        for (size_t k = 0; k < c->np; k++) RG_TRY(set_value(&p, &c->par[k], x[k], err));
        rg_run *run = NULL;
        RG_TRY(rg_run_create(&run, &p, threads, err));
        rg_status st = rg_run_complete(run, err);
        if (st != RG_OK) {
            rg_run_free(run);
            return st;
        }
        rg_outcome_columns cols = rg_run_outcomes(run);
        for (size_t r = 0; r < c->nrows; r++)
            for (int y = 0; y < c->rows[r].years; y++)
                sum[r * RG_CAL_MAX_YEARS + (size_t)y] +=
                    rg_target_model_value(&c->rows[r], y, &cols);
        rg_run_free(run);
    }
    double obj = 0.0;
    for (size_t r = 0; r < c->nrows; r++)
        for (int y = 0; y < c->rows[r].years; y++) {
            size_t k = r * RG_CAL_MAX_YEARS + (size_t)y;
            double m = sum[k] / c->replicates, d = m - c->rows[r].value[y];
            if (model) model[k] = m;
            obj += c->rows[r].weight * (isnan(d) ? 1e4 : d * d);
        }
    *objective = obj;
    return RG_OK;
}

/* Bounded parameters are fitted on the logit scale, so the optimiser cannot leave
 * their bounds. */
static double to_unbounded(const rg_cal_param *p, double x)
{
    double u = (x - p->lo) / (p->hi - p->lo);
    return log(u / (1.0 - u));
}

static double to_bounded(const rg_cal_param *p, double y)
{
    return p->lo + (p->hi - p->lo) / (1.0 + exp(-y));
}

typedef struct nm_ctx {
    const rg_calibration *c;
    int threads, evaluations;
    rg_error *err;
    rg_status status;
} nm_ctx;

static double nm_objective(const gsl_vector *y, void *data)
{
    nm_ctx *ctx = data;
    if (ctx->status != RG_OK) return GSL_POSINF;
    double x[RG_CAL_MAX_PARAMS], obj;
    for (size_t k = 0; k < ctx->c->np; k++)
        x[k] = to_bounded(&ctx->c->par[k], gsl_vector_get(y, k));
    ctx->status = rg_calibration_evaluate(ctx->c, x, NULL, &obj, ctx->threads, ctx->err);
    ctx->evaluations++;
    return ctx->status == RG_OK ? obj : GSL_POSINF;
}

static rg_status push_trace(rg_cal_result *res, double v, rg_error *err)
{
    double *t = realloc(res->trace, sizeof *t * (size_t)(res->ntrace + 1));
    if (!t) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    res->trace = t;
    res->trace[res->ntrace++] = v;
    return RG_OK;
}

_Static_assert(RG_CAL_STALL_ITERATIONS == 10, "rg_cal_stop_text names the number");

const char *rg_cal_stop_text(rg_cal_stop stop)
{
    switch (stop) {
    case RG_CAL_DONE: return "every draw evaluated";
    case RG_CAL_CONVERGED: return "converged (the simplex is smaller than the tolerance)";
    case RG_CAL_STALLED:
        return "stalled (neither a lower objective nor a smaller simplex in 10 iterations per "
               "parameter and one: the objective is flat around the best point)";
    case RG_CAL_BUDGET: return "max_evaluations reached (not converged)";
    }
    return "unknown";
}

static rg_status fit_nelder_mead(rg_calibration *c, rg_cal_result *res,
                                 const rg_calibration_options *o, rg_error *err)
{
    const size_t n = c->np;
    const int threads = o->threads;
    nm_ctx ctx = {c, threads, 0, err, RG_OK};
    gsl_multimin_function fn = {nm_objective, n, &ctx};
    gsl_vector *y = gsl_vector_alloc(n), *step = gsl_vector_alloc(n);
    gsl_multimin_fminimizer *m =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, n);
    if (!y || !step || !m) {
        if (y) gsl_vector_free(y);
        if (step) gsl_vector_free(step);
        if (m) gsl_multimin_fminimizer_free(m);
        return rg_error_set(err, RG_EINTERNAL, "out of memory");
    }
    for (size_t k = 0; k < n; k++) gsl_vector_set(y, k, to_unbounded(&c->par[k], c->par[k].start));
    rg_status st = RG_OK;
    int iter = 0;
    /* A Nelder-Mead simplex can stall on a ridge; restarting from the best point
     * with a fresh simplex is the usual remedy (restarts = 0 disables it). */
    for (int round = 0; round <= c->restarts && st == RG_OK; round++) {
        gsl_vector_set_all(step, round == 0 ? 0.5 : 0.25);
        if (round > 0) gsl_vector_memcpy(y, m->x);
        gsl_multimin_fminimizer_set(m, &fn, y, step);
        st = ctx.status;
        res->stop = RG_CAL_BUDGET;
        double best = HUGE_VAL, smallest = HUGE_VAL;
        int idle = 0; /* iterations since the objective or the simplex last fell */
        while (st == RG_OK && ctx.evaluations < c->max_evaluations) {
            iter++;
            int status = gsl_multimin_fminimizer_iterate(m);
            st = ctx.status;
            if (st != RG_OK) break;
            st = push_trace(res, m->fval, err);
            double size = gsl_multimin_fminimizer_size(m);
            rg_progress p = {"evaluations", ctx.evaluations, 0, 0, round, iter, m->fval, size};
            rg_hooks_progress(&o->hooks, &p);
            /* Falls at the level of rounding do not count: a reflecting simplex's size
             * drifts in its last digits. */
            const int lower = m->fval < best - 1e-9 * (1.0 + fabs(best));
            const int smaller = size < smallest * (1.0 - 1e-6);
            idle = lower || smaller ? 0 : idle + 1;
            best = m->fval < best ? m->fval : best;
            smallest = size < smallest ? size : smallest;
            if (status || gsl_multimin_test_size(size, c->tolerance) == GSL_SUCCESS) {
                res->stop = RG_CAL_CONVERGED;
                break;
            }
            /* On a flat objective the simplex reflects back and forth for ever. */
            if (idle >= RG_CAL_STALL_ITERATIONS * (int)(n + 1)) {
                res->stop = RG_CAL_STALLED;
                break;
            }
        }
    }
    if (st == RG_OK) {
        double x[RG_CAL_MAX_PARAMS];
        for (size_t k = 0; k < n; k++) {
            c->par[k].fitted = to_bounded(&c->par[k], gsl_vector_get(m->x, k));
            x[k] = c->par[k].fitted;
        }
        res->evaluations = ctx.evaluations;
        st = rg_calibration_evaluate(c, x, res->model, &res->objective, threads, err);
    }
    gsl_multimin_fminimizer_free(m);
    gsl_vector_free(y);
    gsl_vector_free(step);
    return st;
}

typedef struct abc_draw {
    double distance;
    int index;
} abc_draw;

static int by_distance(const void *a, const void *b)
{
    const abc_draw *x = a, *y = b;
    if (x->distance != y->distance) return x->distance < y->distance ? -1 : 1;
    return x->index - y->index;
}

rg_status rg_calibration_abc_draw(const rg_calibration *c, int i, double *theta, double *distance,
                                  rg_error *err)
{
    rg_rng rng;
    rg_rng_init(&rng, (uint64_t)c->seed, RG_STREAM_CALIBRATION, (uint64_t)i, 0);
    for (size_t k = 0; k < c->np; k++)
        theta[k] = c->par[k].lo + rg_rng_u01(&rng) * (c->par[k].hi - c->par[k].lo);
    double values = 0, obj = NAN;
    for (size_t r = 0; r < c->nrows; r++) values += c->rows[r].weight * c->rows[r].years;
    rg_status st = rg_calibration_evaluate(c, theta, NULL, &obj, 1, err);
    *distance = sqrt(obj / values);
    return st;
}

rg_status rg_calibration_abc_finish(rg_calibration *c, rg_cal_result *res, const double *theta,
                                    const double *distance, int threads, rg_error *err)
{
    const size_t n = c->np;
    const int draws = c->abc_draws;
    abc_draw *d = malloc(sizeof *d * (size_t)draws);
    if (!d) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    for (int i = 0; i < draws; i++) d[i] = (abc_draw){distance[i], i};
    qsort(d, (size_t)draws, sizeof *d, by_distance);
    int keep = (int)ceil(c->abc_accept * draws);
    res->naccepted = keep;
    res->posterior = malloc(sizeof *res->posterior * n * (size_t)keep);
    res->distance = malloc(sizeof *res->distance * (size_t)keep);
    rg_status st = RG_OK;
    if (!res->posterior || !res->distance) st = rg_error_set(err, RG_EINTERNAL, "out of memory");
    for (int a = 0; st == RG_OK && a < keep; a++) {
        memcpy(&res->posterior[(size_t)a * n], &theta[(size_t)d[a].index * n], sizeof(double) * n);
        res->distance[a] = d[a].distance;
    }
    /* The point estimate is the posterior mean. */
    double x[RG_CAL_MAX_PARAMS];
    for (size_t k = 0; st == RG_OK && k < n; k++) {
        c->par[k].fitted = gsl_stats_mean(&res->posterior[k], n, (size_t)keep);
        x[k] = c->par[k].fitted;
    }
    res->evaluations = draws;
    if (st == RG_OK) st = rg_calibration_evaluate(c, x, res->model, &res->objective, threads, err);
    free(d);
    return st;
}

/* ABC rejection: draw from the uniform prior on the bounds, keep the closest
 * share. The distance is the weighted root mean squared difference (points). The
 * draws are independent: they are evaluated side by side, one thread per run (each
 * a pure function of its index, so the result does not depend on the schedule). */
static rg_status fit_abc(rg_calibration *c, rg_cal_result *res, const rg_calibration_options *o,
                         rg_error *err)
{
    const size_t n = c->np;
    const int draws = c->abc_draws;
    double *theta = malloc(sizeof *theta * n * (size_t)draws);
    double *dist = malloc(sizeof *dist * (size_t)draws);
    if (!theta || !dist) {
        free(theta);
        free(dist);
        return rg_error_set(err, RG_EINTERNAL, "out of memory");
    }
    rg_status st = RG_OK;
    int done = 0;
    const int workers = o->threads > 0 ? o->threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 1) num_threads(workers)
    for (int i = 0; i < draws; i++) {
        rg_status mine;
#pragma omp atomic read
        mine = st;
        if (mine != RG_OK) continue;
        rg_error local = {0};
        mine = rg_calibration_abc_draw(c, i, &theta[(size_t)i * n], &dist[i], &local);
#pragma omp critical(rg_abc)
        {
            if (mine != RG_OK && st == RG_OK) {
                *err = local;
#pragma omp atomic write
                st = mine;
            }
            done++;
            rg_progress p = {"draws", done, 0, draws, 0, 0, NAN, NAN};
            rg_hooks_progress(&o->hooks, &p);
        }
    }
    if (st == RG_OK) st = rg_calibration_abc_finish(c, res, theta, dist, o->threads, err);
    free(theta);
    free(dist);
    return st;
}

rg_status rg_calibration_run(rg_calibration *c, rg_cal_result *res, const rg_calibration_options *o,
                             rg_error *err)
{
    memset(res, 0, sizeof *res);
    const rg_comm *comm = o->comm;
    if (comm && comm->size > 1) {
        if (c->method == RG_CAL_ABC) return rg_calibration_abc_ranks(c, res, o, err);
        if (comm->rank != 0) return RG_OK;
        rg_hooks_log(&o->hooks, "Nelder-Mead is sequential: it runs on rank 0 only");
    }
    return c->method == RG_CAL_ABC ? fit_abc(c, res, o, err) : fit_nelder_mead(c, res, o, err);
}

void rg_cal_result_free(rg_cal_result *res)
{
    free(res->trace);
    free(res->posterior);
    free(res->distance);
    memset(res, 0, sizeof *res);
}
