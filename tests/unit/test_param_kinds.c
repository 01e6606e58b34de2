/* Every parameter says what its value rests on (the first word of its source:
 * setting, fitted, measured or assumed) and has a well-formed uncertainty; the
 * declared ranges and the kinds' defaults are read as documented. */
#include <math.h>
#include <string.h>

#include "../check.h"
#include "reintegra/param_uncertainty.h"
#include "reintegra/params.h"

/* Exactly one kind per parameter, and its uncertainty at the default is valid. */
static void test_registry(void)
{
    size_t n;
    const rg_param_desc *reg = rg_param_table(&n);
    rg_params def;
    rg_params_defaults(&def);
    int count[RG_KIND_COUNT] = {0};
    for (size_t i = 0; i < n; i++) {
        const rg_param_desc *d = &reg[i];
        int kind = rg_param_kind_of(d->source);
        CHECK(kind >= 0,
              "%s: source \"%s\" does not start with setting, fitted, measured or "
              "assumed",
              d->name, d->source);
        if (kind < 0) continue;
        count[kind]++;
        int others = 0;
        for (int k = 0; k < RG_KIND_COUNT; k++)
            others +=
                k != kind && strstr(d->source, rg_param_kind_name((rg_param_kind)k)) == d->source;
        CHECK(!others, "%s: more than one kind", d->name);
        if (d->type != RG_PT_REAL && d->type != RG_PT_INT) continue;
        rg_uncertainty u;
        rg_error err = {0};
        double v = rg_param_number(d, &def);
        CHECK(rg_param_uncertainty(d, v, 1, &u, &err) == RG_OK, "%s", err.msg);
        if (u.dist == RG_UNC_UNIFORM || u.dist == RG_UNC_LOG)
            CHECK(u.lo >= d->min && u.hi <= d->max && u.lo < u.hi && u.lo <= v && v <= u.hi,
                  "%s: uncertainty [%g, %g] must hold the default %g inside [%g, %g]", d->name,
                  u.lo, u.hi, v, d->min, d->max);
        if (kind == RG_KIND_SETTING)
            CHECK(u.dist == RG_UNC_NONE, "%s: a setting has no uncertainty", d->name);
    }
    CHECK(count[RG_KIND_SETTING] > 0 && count[RG_KIND_FITTED] > 0 && count[RG_KIND_ASSUMED] > 0 &&
              count[RG_KIND_MEASURED] > 0,
          "every kind is used (%d %d %d %d)", count[0], count[1], count[2], count[3]);
}

static rg_param_desc desc(const char *source, rg_param_type type)
{
    return (rg_param_desc){"g.k", type, 0, 1, NULL, -10, 10, NULL, "1", "test", source};
}

/* The prefixes, declared ranges and the kinds' defaults. */
static void test_rules(void)
{
    CHECK(rg_param_kind_of("assumed") == RG_KIND_ASSUMED, "bare word");
    CHECK(rg_param_kind_of("Measured: Pager 2003") == RG_KIND_MEASURED, "any case, colon");
    CHECK(rg_param_kind_of("fitted to BJS") == RG_KIND_FITTED, "space");
    CHECK(rg_param_kind_of("assumedly") == -1, "a longer word is no kind");
    CHECK(rg_param_kind_of("Pager 2003 (measured)") == -1, "the kind comes first");
    rg_uncertainty u;
    rg_error err = {0};
    rg_param_desc d = desc("measured: a study (95% CI 0.8 to 1.2) [0.8, 1.2]", RG_PT_REAL);
    CHECK(rg_param_uncertainty(&d, 1, 0, &u, &err) == RG_OK && u.dist == RG_UNC_UNIFORM &&
              u.lo == 0.8 && u.hi == 1.2 && u.declared,
          "declared range: %s", err.msg);
    CHECK(rg_uncertainty_value(&u, &d, 1, 0.5, 1) == 1.0, "uniform midpoint");
    CHECK(rg_uncertainty_value(&u, &d, 1, 0.25, 0) == 1.0, "spread 0 gives the value exactly");
    d = desc("measured: a study", RG_PT_REAL);
    CHECK(rg_param_uncertainty(&d, 1, 0, &u, &err) == RG_OK && u.dist == RG_UNC_NONE,
          "measured without an interval: none");
    d = desc("assumed", RG_PT_REAL);
    CHECK(rg_param_uncertainty(&d, 2, 0, &u, &err) == RG_OK && u.dist == RG_UNC_LOG && u.lo == 1 &&
              u.hi == 4,
          "assumed: a factor of two either way");
    CHECK(fabs(rg_uncertainty_value(&u, &d, 2, 0.5, 1) - 2) < 1e-12, "log-uniform median");
    CHECK(rg_param_uncertainty(&d, -2, 0, &u, &err) == RG_OK && u.lo == -4 && u.hi == -1,
          "a negative assumption keeps its sign");
    d = desc("assumed [none]", RG_PT_REAL);
    CHECK(rg_param_uncertainty(&d, 2, 0, &u, &err) == RG_OK && u.dist == RG_UNC_NONE,
          "[none] declared");
    d = desc("fitted", RG_PT_REAL);
    CHECK(rg_param_uncertainty(&d, 2, 0, &u, &err) == RG_OK && u.dist == RG_UNC_NONE,
          "fitted without a posterior: none");
    CHECK(rg_param_uncertainty(&d, 2, 1, &u, &err) == RG_OK && u.dist == RG_UNC_POSTERIOR,
          "fitted with a posterior");
    d = desc("assumed [0.5, 20]", RG_PT_REAL);
    CHECK(rg_param_uncertainty(&d, 2, 0, &u, &err) == RG_EINPUT && strstr(err.msg, "g.k"),
          "a declared range outside the registry's is refused: %s", err.msg);
    d = desc("assumed [0.5; 2]", RG_PT_REAL);
    CHECK(rg_param_uncertainty(&d, 2, 0, &u, &err) == RG_EINPUT, "malformed declaration");
    d = desc("an author 2003", RG_PT_REAL);
    CHECK(rg_param_uncertainty(&d, 2, 0, &u, &err) == RG_EINPUT, "no kind");
}

int main(void)
{
    test_registry();
    test_rules();
    return check_done();
}
