/* The parameter and field registries are consistent: unique names, defaults
 * inside their ranges, every entry documented and sourced. */
#include <string.h>

#include "../check.h"
#include "reintegra/agents.h"
#include "reintegra/config.h"
#include "reintegra/module.h"
#include "reintegra/params.h"

int main(void)
{
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
    /* The module list holds each module once. */
    size_t nm;
    const rg_module *const *mods = rg_modules(&nm);
    for (size_t i = 0; i < nm; i++)
        for (size_t j = i + 1; j < nm; j++) CHECK(mods[i] != mods[j], "module listed twice");
    return check_done();
}
