/* The registries made from the modules' tables are consistent: unique names,
 * defaults inside their ranges, every entry documented and sourced; the module
 * list, event codes, summary columns, world outputs, effect points, schedules and
 * programmes hold together. */
#include <string.h>

#include "../check.h"
#include "reintegra/agents.h"
#include "reintegra/config.h"
#include "reintegra/module.h"
#include "reintegra/params.h"
#include "reintegra/programme.h"

/* Each module once, names unique, parameters within their slots, every policy
 * switched off by its first parameter. */
static void test_modules(void)
{
    size_t nm, np;
    const rg_module *const *mods = rg_modules(&nm);
    rg_param_table(&np);
    CHECK(nm <= RG_MAX_MODULES, "%zu modules; raise RG_MAX_MODULES", nm);
    size_t params = 0;
    rg_params def;
    rg_params_defaults(&def);
    for (size_t i = 0; i < nm; i++) {
        params += mods[i]->n_params;
        CHECK(mods[i]->summary && mods[i]->summary[0], "module %s: no summary", mods[i]->name);
        for (size_t j = i + 1; j < nm; j++)
            CHECK(mods[i] != mods[j] && strcmp(mods[i]->name, mods[j]->name),
                  "module %s listed twice", mods[i]->name);
        /* A policy says in plain words how the model produces its effect (the
         * report prints it): "Plain name: sentences." */
        const char *m = mods[i]->mechanism, *colon = m ? strstr(m, ": ") : NULL;
        CHECK((mods[i]->kind == RG_POLICY) == (m != NULL), "module %s: a mechanism %s",
              mods[i]->name, m ? "but not a policy" : "missing");
        CHECK(!m || (colon && colon - m <= 40 && m[strlen(m) - 1] == '.'),
              "policy %s: the mechanism is not \"Plain name: sentences.\"", mods[i]->name);
        if (mods[i]->kind != RG_POLICY) continue;
        const rg_param_spec *first = mods[i]->n_params ? &mods[i]->params[0] : NULL;
        CHECK(first && (first->type == RG_PT_BOOL || first->type == RG_PT_CHOICE),
              "policy %s: its first parameter must switch it", mods[i]->name);
        CHECK(first && !rg_module_on(mods[i], rg_params_of(&def, mods[i])),
              "policy %s is on by default", mods[i]->name);
    }
    /* The registry: run, every module's group, output. */
    CHECK(np == params + 9, "registry holds %zu parameters, the modules declare %zu + 9", np,
          params);
    rg_params_policies_off(&def);
    for (size_t i = 0; i < nm; i++)
        if (mods[i]->kind == RG_POLICY)
            CHECK(!rg_module_on(mods[i], rg_params_of(&def, mods[i])), "%s not switched off",
                  mods[i]->name);
}

/* Event codes unique and in 1-255; summary columns and world outputs unique. */
static void test_outputs(void)
{
    size_t ne, ns, nm;
    const rg_event_desc *ev = rg_event_table(&ne);
    CHECK(ne >= 16, "only %zu event types", ne);
    for (size_t i = 0; i < ne; i++) {
        CHECK(ev[i].code >= 1 && ev[i].code <= 255, "event %s: code %d", ev[i].name, ev[i].code);
        if (i) CHECK(ev[i].code != ev[i - 1].code, "event code %d used twice", ev[i].code);
    }
    const rg_summary_desc *sc = rg_summary_table(&ns);
    CHECK(ns > 30 && !strcmp(sc[0].name, "month"), "summary table");
    for (size_t i = 0; i < ns; i++)
        for (size_t j = i + 1; j < ns; j++)
            CHECK(strcmp(sc[i].name, sc[j].name), "summary column %s twice", sc[i].name);
    const rg_module *const *mods = rg_modules(&nm);
    for (size_t a = 0; a < nm; a++)
        for (size_t i = 0; i < mods[a]->n_outputs; i++)
            for (size_t b = a; b < nm; b++)
                for (size_t j = b == a ? i + 1 : 0; j < mods[b]->n_outputs; j++)
                    CHECK(strcmp(mods[a]->outputs[i].group, mods[b]->outputs[j].group) ||
                              strcmp(mods[a]->outputs[i].name, mods[b]->outputs[j].name),
                          "world output /%s/%s twice", mods[a]->outputs[i].group,
                          mods[a]->outputs[i].name);
}

/* Every phase has a schedule; every contribution goes to a point some module
 * declares; programmes have their fields, purposes and cost. */
static void test_wiring(void)
{
    size_t nm, order[RG_MAX_MODULES], count;
    const rg_module *const *mods = rg_modules(&nm);
    for (int ph = 0; ph < RG_PHASE_COUNT; ph++) {
        rg_error err = {0};
        CHECK(rg_schedule(mods, nm, (rg_phase)ph, order, &count, &err) == RG_OK, "%s: %s",
              rg_phase_name((rg_phase)ph), err.msg);
    }
    for (size_t m = 0; m < nm; m++)
        for (const rg_effect *e = mods[m]->effects; e && e->point; e++) {
            int declared = 0;
            for (size_t k = 0; k < nm; k++)
                for (const rg_effect_point *const *p = mods[k]->points; p && *p; p++)
                    declared |= *p == e->point;
            CHECK(declared, "%s contributes to %s, which no module declares", mods[m]->name,
                  e->point->name);
        }
    rg_params def;
    rg_params_defaults(&def);
    for (size_t m = 0; m < nm; m++) {
        const rg_module *mod = mods[m];
        if (!mod->programme) continue;
        CHECK(rg_module_param(mod, rg_params_of(&def, mod), "cost_per_month") >= 0,
              "programme %s: no cost_per_month", mod->name);
        if (!mod->programme->eligible) continue;
        CHECK(mod->n_fields >= 3 && mod->n_purposes >= 2,
              "programme %s: RG_PROGRAMME_FIELDS and RG_PROGRAMME_DRAWS first", mod->name);
        CHECK(mod->programme->need, "programme %s: no need rule", mod->name);
    }
}

int main(void)
{
    test_modules();
    test_outputs();
    test_wiring();
    size_t n;
    const rg_param_desc *t = rg_param_table(&n);
    rg_params p;
    rg_params_defaults(&p);
    CHECK(n > 40, "only %zu parameters", n);
    for (size_t i = 0; i < n; i++) {
        const rg_param_desc *d = &t[i];
        CHECK(strchr(d->name, '.') != NULL, "%s: not group.key", d->name);
        CHECK(rg_param_find(d->name) == d, "%s: lookup failed or duplicate name", d->name);
        CHECK(d->meaning && d->meaning[0], "%s: no meaning", d->name);
        CHECK(d->source && d->source[0], "%s: no source", d->name);
        CHECK(d->unit && d->unit[0], "%s: no unit", d->name);
        const char *slot = (const char *)&p + d->offset;
        if (d->type == RG_PT_REAL) {
            double v = *(const double *)slot;
            CHECK(d->min <= v && v <= d->max, "%s: default %g outside [%g, %g]", d->name, v, d->min,
                  d->max);
        } else if (d->type == RG_PT_INT) {
            long long v = *(const long long *)slot;
            CHECK(d->min <= (double)v && (double)v <= d->max, "%s: default %lld out of range",
                  d->name, v);
        } else if (d->type == RG_PT_CHOICE) {
            CHECK(*(const int *)slot >= 0, "%s: default is not one of its choices", d->name);
        }
    }
    rg_error err = {0};
    CHECK(rg_params_validate(&p, &err) == RG_OK, "defaults do not validate: %s", err.msg);
    CHECK(rg_param_suggest("offending.base_rat") &&
              !strcmp(rg_param_suggest("offending.base_rat"), "offending.base_rate"),
          "suggestion for a typo");
    CHECK(rg_param_suggest("completely.unrelated_thing") == NULL, "suggestion for nonsense");

    size_t nf;
    const rg_field_desc *f = rg_field_table(&nf);
    for (size_t i = 0; i < nf; i++) {
        CHECK(rg_field_find(f[i].name) == &f[i], "field %s: duplicate", f[i].name);
        CHECK(f[i].units[0] && f[i].description[0], "field %s: undocumented", f[i].name);
        CHECK(f[i].module && f[i].module[0], "field %s: no module", f[i].name);
    }
    return check_done();
}
