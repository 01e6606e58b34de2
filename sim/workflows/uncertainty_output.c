/* Writing an uncertainty analysis: its plan, and its contrasts as a table, CSV and
 * JSON. */
#include <math.h>
#include <string.h>

#include "reintegra/uncertainty.h"
#include "common/text.h"

void rg_psa_write_plan(const rg_psa *a, FILE *f)
{
    const size_t S = a->study.n_scenarios;
    fprintf(f,
            "Uncertainty analysis: %d parameter sets (%s, seed %lld) x %zu scenarios x %d "
            "replicates = %lld runs of %lld people over %d months.\n",
            a->sets, rg_design_name(a->design), a->seed, S, a->replicates,
            (long long)a->sets * (long long)S * a->replicates, (long long)a->scenario[0].run.agents,
            a->study.months);
    fprintf(f, "Scenarios:");
    for (size_t i = 0; i < S; i++) fprintf(f, "%s %s", i ? "," : "", a->study.scenarios[i].label);
    fprintf(f, " (the first is the base); seeds %lld to %lld in every set.\n", a->first_seed,
            a->first_seed + a->replicates - 1);
    if (a->refused)
        fprintf(f,
                "%d of the %d sets drawn are refused by the model's checks and left out (the "
                "distribution is truncated to the sets the model accepts); the first: %s\n",
                a->refused, a->requested, a->refusal);
    if (a->spread != 1) fprintf(f, "Spread: %g of each declared uncertainty.\n", a->spread);
    fprintf(f, "%zu parameters varied", a->np);
    if (a->ndiffer)
        fprintf(f, " (%zu more are set differently by the scenarios and kept as they are)",
                a->ndiffer);
    fprintf(f, ":\n");
    for (size_t j = 0; j < a->np; j++) {
        char how[128];
        rg_uncertainty_describe(&a->par[j].u, how, sizeof how);
        fprintf(f, "  %-44s %-9s %-12.6g %s%s\n", a->par[j].desc->name,
                rg_param_kind_name(a->par[j].u.kind), a->par[j].value, how,
                a->par[j].given_range ? " (--range)" : "");
    }
}

static void write_drivers(const rg_psa *a, const rg_psa_contrast *c, FILE *f)
{
    fprintf(f, "      drivers (%s):", a->driver_method);
    if (!c->ndrivers)
        fprintf(f,
                c->sets < RG_PSA_DRIVER_SETS
                    ? " none named (fewer than %d parameter sets)"
                    : " none (the contrast does not vary with the parameters)",
                RG_PSA_DRIVER_SETS);
    for (int t = 0; t < c->ndrivers; t++)
        fprintf(f, "%s %s %+.2f%s", t ? "," : "", a->par[c->driver[t].param].desc->name,
                c->driver[t].rcc, c->driver[t].p < 0.05 ? "*" : "");
    fputc('\n', f);
}

void rg_psa_write_text(const rg_psa *a, FILE *f)
{
    size_t shown = 0;
    for (size_t j = 1; j < a->study.n_scenarios; j++) {
        fprintf(f,
                "\n%s minus %s (everyone; 95%% intervals; %d parameter sets of %zu "
                "parameters)\n",
                a->study.scenarios[j].label, a->study.scenarios[0].label, a->sets, a->np);
        fprintf(f, "  %-22s %-9s %10s  %-24s %-24s\n", "metric", "unit", "difference",
                "noise alone", "noise + parameters");
        for (size_t k = 0; k < a->ncontrasts; k++) {
            const rg_psa_contrast *c = &a->contrast[k];
            if (c->scenario != j) continue;
            char n[64], t[64];
            snprintf(n, sizeof n, "[%.4g, %.4g]", c->noise.lo, c->noise.hi);
            snprintf(t, sizeof t, "[%.4g, %.4g]", c->lo, c->hi);
            fprintf(f, "  %-22s %-9s %10.4g  %-24s %-24s\n", rg_metric_key(c->metric),
                    rg_metric_unit(c->metric), c->noise.est, n, c->sets ? t : "-");
            write_drivers(a, c, f);
            shown++;
        }
    }
    if (!shown) fprintf(f, "\nNo metric is available in both scenarios.\n");
    if (shown)
        fprintf(f,
                "\n* the rank correlation is unlikely to be chance (p < 0.05 after Bonferroni's "
                "correction for %zu parameters); without *, a driver may be noise.\n",
                a->np);
    if (a->runs_failed)
        fprintf(f, "\n%lld runs failed; their sets are left out (see the manifests).\n",
                a->runs_failed);
}

void rg_psa_write_csv(const rg_psa *a, FILE *f)
{
    fputs("base,scenario,group,metric,unit,difference,noise_lower,noise_upper,noise_method,"
          "replicates,total_lower,total_upper,sets,median_over_sets,driver_method",
          f);
    for (int t = 1; t <= RG_PSA_DRIVERS; t++) fprintf(f, ",driver%d,rcc%d,p%d", t, t, t);
    fputc('\n', f);
    for (size_t k = 0; k < a->ncontrasts; k++) {
        const rg_psa_contrast *c = &a->contrast[k];
        /* Text through rg_csv_text: labels are the user's, and a method name may
         * hold a comma ("unpaired, one replicate (normal)"). */
        rg_csv_text(f, a->study.scenarios[0].label);
        fputc(',', f);
        rg_csv_text(f, a->study.scenarios[c->scenario].label);
        fputs(",all,", f);
        rg_csv_text(f, rg_metric_key(c->metric));
        fputc(',', f);
        rg_csv_text(f, rg_metric_unit(c->metric));
        fprintf(f, ",%.10g,%.10g,%.10g,", c->noise.est, c->noise.lo, c->noise.hi);
        rg_csv_text(f, rg_ci_method_name(c->noise.method));
        fprintf(f, ",%d,%.10g,%.10g,%d,%.10g,", c->noise.n, c->lo, c->hi, c->sets, c->median);
        rg_csv_text(f, a->driver_method);
        for (int t = 0; t < RG_PSA_DRIVERS; t++)
            if (t < c->ndrivers) {
                fputc(',', f);
                rg_csv_text(f, a->par[c->driver[t].param].desc->name);
                fprintf(f, ",%.6f,%.4g", c->driver[t].rcc, c->driver[t].p);
            } else
                fputs(",,,", f);
        fputc('\n', f);
    }
}

/* A number for JSON: null when not finite. */
static void json_number(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, "%.10g", x);
    else
        fputs("null", f);
}

static void json_contrast(const rg_psa *a, const rg_psa_contrast *c, FILE *f)
{
    fprintf(f, "    {\"base\": ");
    rg_json_text(f, a->study.scenarios[0].label);
    fprintf(f, ", \"scenario\": ");
    rg_json_text(f, a->study.scenarios[c->scenario].label);
    fprintf(f, ", \"group\": \"all\", \"metric\": \"%s\", \"unit\": \"%s\", \"difference\": ",
            rg_metric_key(c->metric), rg_metric_unit(c->metric));
    json_number(f, c->noise.est);
    fprintf(f, ",\n     \"noise\": {\"lower\": ");
    json_number(f, c->noise.lo);
    fprintf(f, ", \"upper\": ");
    json_number(f, c->noise.hi);
    fprintf(f, ", \"method\": \"%s\", \"replicates\": %d},\n     \"total\": {\"lower\": ",
            rg_ci_method_name(c->noise.method), c->noise.n);
    json_number(f, c->lo);
    fprintf(f, ", \"upper\": ");
    json_number(f, c->hi);
    fprintf(f, ", \"sets\": %d, \"median\": ", c->sets);
    json_number(f, c->median);
    fprintf(f, "},\n     \"drivers\": [");
    for (int t = 0; t < c->ndrivers; t++) {
        fprintf(f, "%s{\"parameter\": \"%s\", \"rcc\": %.6f, \"p\": ", t ? ", " : "",
                a->par[c->driver[t].param].desc->name, c->driver[t].rcc);
        json_number(f, c->driver[t].p);
        fputc('}', f);
    }
    fprintf(f, "]}");
}

void rg_psa_write_json(const rg_psa *a, FILE *f)
{
    fprintf(f,
            "{\n  \"format\": \"reintegra-uncertainty\",\n  \"sets\": %d,\n  \"replicates\": "
            "%d,\n  \"design\": \"%s\",\n  \"seed\": %lld,\n  \"spread\": %.10g,\n  "
            "\"driver_method\": \"%s\",\n  \"runs_failed\": %lld,\n  \"parameters\": [\n",
            a->sets, a->replicates, rg_design_name(a->design), a->seed, a->spread,
            a->driver_method ? a->driver_method : "", a->runs_failed);
    for (size_t j = 0; j < a->np; j++) {
        char how[128];
        rg_uncertainty_describe(&a->par[j].u, how, sizeof how);
        fprintf(f,
                "    {\"name\": \"%s\", \"kind\": \"%s\", \"value\": %.10g, \"uncertainty\": "
                "\"%s\"}%s\n",
                a->par[j].desc->name, rg_param_kind_name(a->par[j].u.kind), a->par[j].value, how,
                j + 1 < a->np ? "," : "");
    }
    fprintf(f, "  ],\n  \"contrasts\": [\n");
    for (size_t k = 0; k < a->ncontrasts; k++) {
        json_contrast(a, &a->contrast[k], f);
        fprintf(f, "%s\n", k + 1 < a->ncontrasts ? "," : "");
    }
    fprintf(f, "  ]\n}\n");
}
