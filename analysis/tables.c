/* Text and CSV tables of metrics and contrasts. */
#include "reintegra/tables.h"

#include <math.h>
#include <string.h>

#include "common/text.h"
#include "reintegra/compare.h"

int rg_unit_decimals(const char *unit)
{
    if (!strcmp(unit, "%") || !strcmp(unit, "0-100") || !strcmp(unit, "percentage points"))
        return 1;
    if (!strcmp(unit, "arrests")) return 2; /* per person: a few, where tenths matter */
    return 0;
}

void rg_format_estimate(char *buf, size_t size, rg_estimate e, const char *unit, int signed_)
{
    int d = rg_unit_decimals(unit);
    if (isnan(e.est)) {
        snprintf(buf, size, "-");
        return;
    }
    /* No "-0.0": values that round to zero print as zero. */
    double half = 0.5 * pow(10.0, -d), v = fabs(e.est) < half ? 0.0 : e.est;
    double lo = fabs(e.lo) < half ? 0.0 : e.lo, hi = fabs(e.hi) < half ? 0.0 : e.hi;
    const char *fmt = signed_ ? "%+.*f" : "%.*f";
    int len = snprintf(buf, size, fmt, d, v);
    if (len < 0 || (size_t)len >= size) return;
    if (!isnan(e.lo) && !isnan(e.hi))
        snprintf(buf + len, size - (size_t)len, " [%.*f, %.*f]", d, lo, d, hi);
}

static void csv_number(FILE *f, double v)
{
    if (!isnan(v)) fprintf(f, "%.10g", v);
}

static int metric_available(const rg_study *s, rg_metric m, int g)
{
    for (size_t k = 0; k < s->n_scenarios; k++)
        for (size_t i = 0; i < s->scenarios[k].n; i++)
            if (!isnan(s->scenarios[k].metrics[i]->value[m][g])) return 1;
    return 0;
}

static void scenario_line(FILE *f, const rg_study *s)
{
    fprintf(f, "%d months; scenarios:\n", s->months);
    for (size_t k = 0; k < s->n_scenarios; k++) {
        const rg_scenario *sc = &s->scenarios[k];
        fprintf(f, "  %-28s %zu replicate%s of %lld people (seed%s %lld", sc->label, sc->n,
                sc->n == 1 ? "" : "s", sc->runs[0]->agents, sc->n == 1 ? "" : "s",
                sc->runs[0]->seed);
        for (size_t i = 1; i < sc->n; i++) fprintf(f, ", %lld", sc->runs[i]->seed);
        fputs(")\n", f);
    }
}

static void metric_name(char *buf, size_t size, rg_metric m)
{
    snprintf(buf, size, "%s (%s)", rg_metric_label(m), rg_metric_unit(m));
}

/* Race gaps by channel of the runs that carry them (`reintegra decompose`). */
static void decomposition_text(FILE *f, const rg_result *r)
{
    static const char *const head[] = {"black rearrest", "black employed", "Hispanic rearrest",
                                       "Hispanic employed"};
    const size_t nc = r->decomposition_channels;
    fprintf(f, "\nrace gaps by channel (percentage points; %s)\n%-16s", r->path, "");
    for (int k = 0; k < 4; k++) fprintf(f, "  %18s", head[k]);
    fprintf(f, "\n  %-14s", "gap");
    for (int k = 0; k < 4; k++) fprintf(f, "  %18.2f", r->decomposition_gap[k]);
    for (size_t c = 0; c < nc; c++) {
        fprintf(f, "\n  %-14.14s", r->decomposition_channel[c]);
        for (int k = 0; k < 4; k++)
            fprintf(f, "  %18.2f", r->decomposition_contribution[c * 4 + (size_t)k]);
    }
    fprintf(f, "\n  %-14s", "residual");
    for (int k = 0; k < 4; k++) fprintf(f, "  %18.2f", r->decomposition_gap[nc * 4 + (size_t)k]);
    fputc('\n', f);
}

void rg_write_metrics_text(FILE *f, const rg_study *s, int g)
{
    scenario_line(f, s);
    int one = s->n_scenarios && s->scenarios[0].n == 1;
    fprintf(f, "%d%% intervals: %s\n", RG_CI_LEVEL_PERCENT,
            one ? "t across replicates, or normal within the run for one replicate"
                : "t across replicates");
    for (int gg = g < 0 ? 0 : g; gg < (g < 0 ? RG_GROUP_COUNT : g + 1); gg++) {
        fprintf(f, "\n%-44s", rg_group_label((rg_group)gg));
        for (size_t k = 0; k < s->n_scenarios; k++) fprintf(f, "  %-24.24s", s->scenarios[k].label);
        fputc('\n', f);
        for (int m = 0; m < RG_METRIC_COUNT; m++) {
            if (!metric_available(s, (rg_metric)m, gg)) continue;
            char name[128], cell[96];
            metric_name(name, sizeof name, (rg_metric)m);
            fprintf(f, "  %-42.42s", name);
            for (size_t k = 0; k < s->n_scenarios; k++) {
                rg_estimate e = rg_scenario_metric(&s->scenarios[k], (rg_metric)m, (rg_group)gg);
                rg_format_estimate(cell, sizeof cell, e, rg_metric_unit((rg_metric)m),
                                   gg >= RG_G_FIRST_GAP);
                fprintf(f, "  %-24s", cell);
            }
            fputc('\n', f);
        }
    }
    for (size_t k = 0; k < s->n_runs; k++)
        if (s->runs[k].decomposition_channels) decomposition_text(f, &s->runs[k]);
}

void rg_write_metrics_csv(FILE *f, const rg_study *s)
{
    fputs("scenario,replicates,group,metric,unit,estimate,lower,upper,method\n", f);
    for (size_t k = 0; k < s->n_scenarios; k++) {
        const rg_scenario *sc = &s->scenarios[k];
        for (int g = 0; g < RG_GROUP_COUNT; g++)
            for (int m = 0; m < RG_METRIC_COUNT; m++) {
                rg_estimate e = rg_scenario_metric(sc, (rg_metric)m, (rg_group)g);
                if (isnan(e.est)) continue;
                rg_csv_text(f, sc->label);
                fprintf(f, ",%zu,", sc->n);
                rg_csv_text(f, rg_group_key((rg_group)g));
                fputc(',', f);
                rg_csv_text(f, rg_metric_key((rg_metric)m));
                fputc(',', f);
                rg_csv_text(f, rg_metric_unit((rg_metric)m));
                fputc(',', f);
                csv_number(f, e.est);
                fputc(',', f);
                csv_number(f, e.lo);
                fputc(',', f);
                csv_number(f, e.hi);
                fputc(',', f);
                rg_csv_text(f, rg_ci_method_name(e.method));
                fputc('\n', f);
            }
    }
}

static const char *pairing_text(const rg_scenario *b, const rg_scenario *o)
{
    if (rg_scenarios_paired(b, o))
        return b->n >= 2 ? "paired by seed: the runs share their random numbers (common random "
                           "numbers), so differences are policy, not noise"
                         : "same seed, but one replicate: unpaired normal interval from each "
                           "run's own error (conservative; use --replicates 2 or more)";
    if (b->n >= 2 && o->n >= 2 && b->n == o->n && b->runs[0]->seed == o->runs[0]->seed &&
        b->runs[0]->streams_version != o->runs[0]->streams_version)
        return "unpaired (same seeds, but files of different versions of the random streams "
               "draw different numbers): Welch's interval";
    return b->n >= 2 && o->n >= 2 ? "unpaired (different seeds): Welch's interval"
                                  : "unpaired, one replicate on a side: normal interval";
}

static void contrast_row(FILE *f, const char *name, const char *unit, rg_estimate eb,
                         rg_estimate eo, rg_estimate d)
{
    char cb[64], co[64], cd[96];
    rg_estimate pb = eb, po = eo;
    pb.lo = pb.hi = po.lo = po.hi = NAN;
    rg_format_estimate(cb, sizeof cb, pb, unit, 0);
    rg_format_estimate(co, sizeof co, po, unit, 0);
    rg_format_estimate(cd, sizeof cd, d, unit, 1);
    fprintf(f, "  %-58.58s %12s %12s   %s\n", name, cb, co, cd);
}

/* The fiscal effect of OTHER against BASE, discounted and undiscounted. */
static void fiscal_text(FILE *f, const rg_scenario *b, const rg_scenario *o)
{
    if (isnan(rg_fiscal_effect(b, o, RG_FISCAL_NET_COST, 0).est)) return;
    fprintf(f,
            "  fiscal effect over the horizon, in %s's population (dollars; net fiscal cost = "
            "extra programme cost - prison savings - supervision savings):\n",
            o->label);
    for (int k = 0; k < RG_FISCAL_COUNT; k++) {
        char cd[96], cu[96];
        rg_format_estimate(cd, sizeof cd, rg_fiscal_effect(b, o, (rg_fiscal_part)k, 1), "$", 1);
        rg_format_estimate(cu, sizeof cu, rg_fiscal_effect(b, o, (rg_fiscal_part)k, 0), "$", 1);
        fprintf(f, "    %-24s discounted %-36s undiscounted %s\n",
                rg_fiscal_label((rg_fiscal_part)k), cd, cu);
    }
}

void rg_write_contrasts_text(FILE *f, const rg_study *s, size_t base, int g)
{
    scenario_line(f, s);
    const rg_scenario *b = &s->scenarios[base];
    for (size_t k = 0; k < s->n_scenarios; k++) {
        if (k == base) continue;
        const rg_scenario *o = &s->scenarios[k];
        fprintf(f, "\n%s minus %s (%s; %d%% intervals)\n", o->label, b->label,
                rg_group_label((rg_group)g), RG_CI_LEVEL_PERCENT);
        fprintf(f, "  pairing: %s\n", pairing_text(b, o));
        fprintf(f, "  %-58s %12.12s %12.12s   %s\n", "metric", b->label, o->label, "difference");
        for (int m = 0; m < RG_METRIC_COUNT; m++) {
            if (!metric_available(s, (rg_metric)m, g)) continue;
            char name[128];
            metric_name(name, sizeof name, (rg_metric)m);
            contrast_row(f, name, rg_metric_unit((rg_metric)m),
                         rg_scenario_metric(b, (rg_metric)m, (rg_group)g),
                         rg_scenario_metric(o, (rg_metric)m, (rg_group)g),
                         rg_contrast_metric(b, o, (rg_metric)m, (rg_group)g));
        }
        fputs("  disparities between groups, and how the policy changes them:\n", f);
        static const rg_metric gap_metrics[] = {RG_M_REARREST_3Y, RG_M_REINCARCERATION_3Y,
                                                RG_M_EMPLOYMENT,  RG_M_HOUSING_STABLE,
                                                RG_M_QOL,         RG_M_SEEKER_EMPLOYMENT};
        for (size_t j = 0; j < sizeof gap_metrics / sizeof gap_metrics[0]; j++)
            for (int gg = RG_G_FIRST_GAP; gg < RG_GROUP_COUNT; gg++) {
                rg_metric m = gap_metrics[j];
                if (!metric_available(s, m, gg)) continue;
                char name[160];
                snprintf(name, sizeof name, "%s, %s", rg_metric_label(m),
                         rg_group_label((rg_group)gg));
                rg_estimate eb = rg_scenario_metric(b, m, (rg_group)gg),
                            eo = rg_scenario_metric(o, m, (rg_group)gg);
                char cb[64], co[64], cd[96];
                eb.lo = eb.hi = eo.lo = eo.hi = NAN;
                rg_format_estimate(cb, sizeof cb, eb, rg_metric_unit(m), 1);
                rg_format_estimate(co, sizeof co, eo, rg_metric_unit(m), 1);
                rg_format_estimate(cd, sizeof cd, rg_contrast_metric(b, o, m, (rg_group)gg),
                                   rg_metric_unit(m), 1);
                fprintf(f, "  %-58.58s %12s %12s   %s\n", name, cb, co, cd);
            }
        for (int c = 0; c < RG_COST_OUTCOMES; c++) {
            rg_estimate e = rg_cost_per_outcome(b, o, (rg_cost_outcome)c);
            if (isnan(e.est)) continue;
            char cell[96];
            rg_format_estimate(cell, sizeof cell, e, "$", 0);
            if (!isnan(e.lo) && e.lo <= 0) /* a ratio whose interval reaches zero */
                snprintf(cell, sizeof cell, "not estimable (the gain may be none)");
            fprintf(f, "  %s: %s%s\n", rg_cost_outcome_label((rg_cost_outcome)c),
                    isnan(e.lo) || e.lo > 0 ? "$" : "", cell);
        }
        fiscal_text(f, b, o);
        if (rg_scenario_has_trial(o)) {
            const char *prog = o->runs[0]->trial_programme;
            fprintf(f,
                    "  emulated trial of %s (offered minus control; true effect: offered "
                    "people here minus the same people in %s):\n",
                    prog[0] ? prog : "the programme", b->label);
            for (int t = 0; t < RG_TRIAL_COUNT; t++) {
                rg_estimate itt = rg_scenario_itt(o, (rg_trial_outcome)t);
                rg_estimate te = rg_trial_true_effect(b, o, (rg_trial_outcome)t);
                if (isnan(itt.est) && isnan(te.est)) continue;
                char ci[96], ct[96];
                rg_format_estimate(ci, sizeof ci, itt, "percentage points", 1);
                rg_format_estimate(ct, sizeof ct, te, "percentage points", 1);
                fprintf(f, "    %-32s ITT %-24s true effect %s\n",
                        rg_trial_label((rg_trial_outcome)t), ci, ct);
            }
        }
    }
}

static void contrast_csv_row(FILE *f, const rg_scenario *b, const rg_scenario *o, const char *group,
                             const char *metric, const char *unit, rg_estimate eb, rg_estimate eo,
                             rg_estimate d)
{
    if (isnan(d.est) && isnan(eb.est) && isnan(eo.est)) return;
    rg_csv_text(f, b->label);
    fputc(',', f);
    rg_csv_text(f, o->label);
    fputc(',', f);
    rg_csv_text(f, group);
    fputc(',', f);
    rg_csv_text(f, metric);
    fputc(',', f);
    rg_csv_text(f, unit);
    double v[] = {eb.est, eo.est, d.est, d.lo, d.hi};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        fputc(',', f);
        csv_number(f, v[i]);
    }
    fputc(',', f);
    rg_csv_text(f, rg_ci_method_name(d.method)); /* "unpaired, one replicate (normal)" */
    fprintf(f, ",%d\n", d.n);
}

/* The fiscal rows of the contrasts CSV (group "fiscal"; keys with "_undiscounted"
 * for the plain sums). */
static void fiscal_csv_rows(FILE *f, const rg_scenario *b, const rg_scenario *o)
{
    for (int u = 0; u < 2; u++)
        for (int k = 0; k < RG_FISCAL_COUNT; k++) {
            char key[96];
            snprintf(key, sizeof key, "%s%s", rg_fiscal_key((rg_fiscal_part)k),
                     u ? "_undiscounted" : "");
            contrast_csv_row(f, b, o, "fiscal", key, "$", rg_estimate_none(), rg_estimate_none(),
                             rg_fiscal_effect(b, o, (rg_fiscal_part)k, !u));
        }
}

void rg_write_contrasts_csv(FILE *f, const rg_study *s, size_t base)
{
    fputs("base,scenario,group,metric,unit,base_estimate,scenario_estimate,difference,lower,"
          "upper,method,replicates\n",
          f);
    const rg_scenario *b = &s->scenarios[base];
    for (size_t k = 0; k < s->n_scenarios; k++) {
        if (k == base) continue;
        const rg_scenario *o = &s->scenarios[k];
        for (int g = 0; g < RG_GROUP_COUNT; g++)
            for (int m = 0; m < RG_METRIC_COUNT; m++)
                contrast_csv_row(f, b, o, rg_group_key((rg_group)g), rg_metric_key((rg_metric)m),
                                 rg_metric_unit((rg_metric)m),
                                 rg_scenario_metric(b, (rg_metric)m, (rg_group)g),
                                 rg_scenario_metric(o, (rg_metric)m, (rg_group)g),
                                 rg_contrast_metric(b, o, (rg_metric)m, (rg_group)g));
        for (int c = 0; c < RG_COST_OUTCOMES; c++)
            contrast_csv_row(f, b, o, "all", rg_cost_outcome_key((rg_cost_outcome)c), "$",
                             rg_estimate_none(), rg_estimate_none(),
                             rg_cost_per_outcome(b, o, (rg_cost_outcome)c));
        fiscal_csv_rows(f, b, o);
        if (!rg_scenario_has_trial(o)) continue;
        for (int t = 0; t < RG_TRIAL_COUNT; t++) {
            char key[96];
            snprintf(key, sizeof key, "trial_itt_%s", rg_trial_key((rg_trial_outcome)t));
            contrast_csv_row(f, b, o, "trial", key, "percentage points", rg_estimate_none(),
                             rg_estimate_none(), rg_scenario_itt(o, (rg_trial_outcome)t));
            snprintf(key, sizeof key, "trial_true_effect_%s", rg_trial_key((rg_trial_outcome)t));
            contrast_csv_row(f, b, o, "trial", key, "percentage points", rg_estimate_none(),
                             rg_estimate_none(), rg_trial_true_effect(b, o, (rg_trial_outcome)t));
        }
    }
}

void rg_write_comparison_text(FILE *f, const rg_study *s, size_t base)
{
    static const rg_metric ms[] = {RG_M_REARREST_1Y,
                                   RG_M_REARREST_3Y,
                                   RG_M_REARREST_5Y,
                                   RG_M_RECONVICTION_3Y,
                                   RG_M_REINCARCERATION_1Y,
                                   RG_M_REINCARCERATION_3Y,
                                   RG_M_REINCARCERATION_5Y,
                                   RG_M_TIME_FREE,
                                   RG_M_EMPLOYMENT,
                                   RG_M_INCOME,
                                   RG_M_HOUSING_STABLE,
                                   RG_M_HOMELESS,
                                   RG_M_QOL,
                                   RG_M_COMPLETION,
                                   RG_M_COST};
    const rg_scenario *b = &s->scenarios[base];
    fprintf(f, "\n%-40s %-20.20s", "everyone (95% intervals)", b->label);
    for (size_t k = 0; k < s->n_scenarios; k++)
        if (k != base) fprintf(f, " %-26.26s", s->scenarios[k].label);
    fprintf(f, "\n%-40s %-20s", "", "");
    for (size_t k = 0; k < s->n_scenarios; k++)
        if (k != base) fprintf(f, " %-26s", "difference");
    fputc('\n', f);
    for (size_t j = 0; j < sizeof ms / sizeof ms[0]; j++) {
        if (!metric_available(s, ms[j], RG_G_ALL)) continue;
        char name[128], cellb[96];
        metric_name(name, sizeof name, ms[j]);
        rg_format_estimate(cellb, sizeof cellb, rg_scenario_metric(b, ms[j], RG_G_ALL),
                           rg_metric_unit(ms[j]), 0);
        fprintf(f, "%-40.40s %-20s", name, cellb);
        for (size_t k = 0; k < s->n_scenarios; k++) {
            if (k == base) continue;
            char cd[96];
            rg_format_estimate(cd, sizeof cd,
                               rg_contrast_metric(b, &s->scenarios[k], ms[j], RG_G_ALL),
                               rg_metric_unit(ms[j]), 1);
            fprintf(f, " %-26s", cd);
        }
        fputc('\n', f);
    }
    for (size_t k = 0; k < s->n_scenarios; k++)
        if (k != base) {
            fprintf(f, "%s vs %s: %s\n", s->scenarios[k].label, b->label,
                    pairing_text(b, &s->scenarios[k]));
            break;
        }
}
