/* Common random numbers: a scenario with every policy switched on, each from month
 * 6, is identical bit for bit to the baseline with the same seed until month 6 (every
 * agent column and every summary value), and differs after. The policies come from
 * the module list, so a new policy with a start month is covered too. Small enough
 * to run in the sanitizer suite. */
#include <stdio.h>
#include <string.h>

#include "../check.h"
#include "reintegra/config.h"
#include "reintegra/module.h"
#include "reintegra/run.h"

enum { START = 6, MONTHS = 12 };

static rg_params baseline(void)
{
    rg_params p;
    rg_params_defaults(&p);
    p.run.agents = 3000;
    p.run.months = MONTHS;
    p.run.seed = 17;
    CHECK_SET(&p, "population.neighbourhoods=8");
    return p;
}

/* Every policy that has a start month, on from START; and a trial of CBT. */
static int all_policies(rg_params *p)
{
    size_t n, on = 0;
    const rg_module *const *mods = rg_modules(&n);
    for (size_t m = 0; m < n; m++) {
        const rg_module *mod = mods[m];
        if (mod->kind != RG_POLICY || !mod->n_params || mod->params[0].type != RG_PT_BOOL) continue;
        int has_start = 0;
        for (size_t k = 0; k < mod->n_params; k++)
            has_start |= strcmp(mod->params[k].key, "start_month") == 0;
        if (!has_start) continue;
        char set[128];
        snprintf(set, sizeof set, "%s.%s=true", mod->name, mod->params[0].key);
        CHECK_SET(p, set);
        snprintf(set, sizeof set, "%s.start_month=%d", mod->name, START);
        CHECK_SET(p, set);
        on++;
    }
    CHECK_SET(p, "trial.programme=cbt");
    return (int)on;
}

static int same_columns(const rg_run *a, const rg_run *b, int say)
{
    size_t nf;
    const rg_field_desc *f = rg_field_table(&nf);
    for (size_t k = 0; k < nf; k++)
        if (memcmp(rg_field_column(&a->a, &f[k]), rg_field_column(&b->a, &f[k]),
                   f[k].size * a->a.n)) {
            if (say) fprintf(stderr, "month %d: field %s differs\n", a->month - 1, f[k].name);
            return 0;
        }
    return 1;
}

static int same_summary(const rg_run *a, const rg_run *b, int month, int say)
{
    size_t ns;
    const rg_summary_desc *sc = rg_summary_table(&ns);
    for (size_t c = 0; c < ns; c++) {
        unsigned char x[8] = {0}, y[8] = {0};
        rg_summary_get(a, &sc[c], month, x);
        rg_summary_get(b, &sc[c], month, y);
        if (memcmp(x, y, sizeof x)) {
            if (say) fprintf(stderr, "month %d: summary %s differs\n", month, sc[c].name);
            return 0;
        }
    }
    return 1;
}

int main(void)
{
    rg_params base = baseline(), pol = baseline();
    int policies = all_policies(&pol);
    CHECK(policies >= 9, "only %d policies with a start month", policies);
    rg_error err = {0};
    rg_run *a = NULL, *b = NULL;
    CHECK(rg_run_create(&a, &base, 1, &err) == RG_OK, "create baseline: %s", err.msg);
    CHECK(rg_run_create(&b, &pol, 2, &err) == RG_OK, "create policies: %s", err.msg);
    if (!a || !b) {
        rg_run_free(a);
        rg_run_free(b);
        return check_done();
    }
    CHECK(same_columns(a, b, 1), "the policies changed the initial state");
    int same_before = 1, differs_after = 0;
    for (int m = 0; m < MONTHS; m++) {
        CHECK(rg_run_step(a, &err) == RG_OK, "step baseline: %s", err.msg);
        CHECK(rg_run_step(b, &err) == RG_OK, "step policies: %s", err.msg);
        int same = same_columns(a, b, m < START) && same_summary(a, b, m, m < START);
        if (m < START)
            same_before &= same;
        else
            differs_after |= !same;
    }
    CHECK(same_before, "baseline and policies differ before month %d", START);
    CHECK(differs_after, "the policies changed nothing after month %d", START);
    rg_run_free(a);
    rg_run_free(b);
    return check_done();
}
