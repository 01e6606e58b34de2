/* The parameter registry: the modules' tables, concatenated over the module list. */
#include "reintegra/params.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/module.h"
#include "reintegra/param_uncertainty.h"
#include "common/text.h"

RG_PARAM_SPEC_TABLE(rg_params_run, RG_RUN_PARAMS);
RG_PARAM_SPEC_TABLE(rg_params_output, RG_OUTPUT_PARAMS);

enum { MAX_PARAMS = 1024, TEXT_BYTES = 64 * 1024 };

/* Built once, on first use (pthread_once), from the module list; constant after. */
static struct {
    rg_param_desc desc[MAX_PARAMS];
    size_t n;
    char text[TEXT_BYTES]; /* "group.key" names and choices made at run time */
    size_t used;
} reg;
static pthread_once_t reg_once = PTHREAD_ONCE_INIT;

static const char *keep(const char *a, const char *sep, const char *b)
{
    size_t len = strlen(a) + strlen(sep) + strlen(b) + 1;
    if (reg.used + len > TEXT_BYTES) return "?";
    char *out = reg.text + reg.used;
    snprintf(out, len, "%s%s%s", a, sep, b);
    reg.used += len;
    return out;
}

static void add_group(const char *group, const rg_param_spec *specs, size_t n, size_t base)
{
    for (size_t k = 0; k < n && reg.n < MAX_PARAMS; k++) {
        const rg_param_spec *s = &specs[k];
        const char *choices = s->choices;
        if (s->choices_fn) {
            char buf[1024];
            s->choices_fn(buf, sizeof buf);
            choices = keep(buf, "", "");
        }
        reg.desc[reg.n++] = (rg_param_desc){keep(group, ".", s->key),
                                            s->type,
                                            base + s->offset,
                                            s->def,
                                            s->def_str,
                                            s->min,
                                            s->max,
                                            choices,
                                            s->unit,
                                            s->meaning,
                                            s->source};
    }
}

static void build(void)
{
    add_group("run", rg_params_run_specs, sizeof rg_params_run_specs / sizeof *rg_params_run_specs,
              offsetof(rg_params, run));
    size_t nm;
    const rg_module *const *mods = rg_modules(&nm);
    for (size_t m = 0; m < nm && m < RG_MAX_MODULES; m++)
        add_group(mods[m]->name, mods[m]->params, mods[m]->n_params,
                  offsetof(rg_params, modules) + m * RG_PARAM_SLOT);
    add_group("output", rg_params_output_specs,
              sizeof rg_params_output_specs / sizeof *rg_params_output_specs,
              offsetof(rg_params, output));
}

const rg_param_desc *rg_param_table(size_t *count)
{
    pthread_once(&reg_once, build);
    *count = reg.n;
    return reg.desc;
}

const rg_param_desc *rg_param_find(const char *name)
{
    size_t n;
    const rg_param_desc *t = rg_param_table(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].name, name) == 0) return &t[i];
    return NULL;
}

static size_t module_index(const rg_module *module)
{
    size_t nm;
    const rg_module *const *mods = rg_modules(&nm);
    for (size_t m = 0; m < nm && m < RG_MAX_MODULES; m++)
        if (mods[m] == module) return m;
    return RG_MAX_MODULES;
}

const void *rg_params_of(const rg_params *p, const rg_module *module)
{
    size_t m = module_index(module);
    return m < RG_MAX_MODULES ? p->modules.slot[m] : NULL;
}

void *rg_params_of_mut(rg_params *p, const rg_module *module)
{
    return (void *)rg_params_of(p, module);
}

double rg_module_param(const rg_module *module, const void *params, const char *key)
{
    for (size_t k = 0; k < module->n_params; k++) {
        const rg_param_spec *s = &module->params[k];
        if (strcmp(s->key, key) != 0) continue;
        const char *slot = (const char *)params + s->offset;
        switch (s->type) {
        case RG_PT_INT: return (double)*(const long long *)slot;
        case RG_PT_REAL: return *(const double *)slot;
        case RG_PT_BOOL:
        case RG_PT_CHOICE: return *(const int *)slot;
        case RG_PT_STR: return NAN;
        }
    }
    return NAN;
}

int rg_module_on(const rg_module *module, const void *params)
{
    if (!module->n_params) return 1;
    const rg_param_spec *first = &module->params[0];
    if (first->type != RG_PT_BOOL && first->type != RG_PT_CHOICE) return 1;
    return *(const int *)((const char *)params + first->offset) != 0;
}

void rg_params_policies_off(rg_params *p)
{
    size_t nm;
    const rg_module *const *mods = rg_modules(&nm);
    for (size_t m = 0; m < nm && m < RG_MAX_MODULES; m++) {
        const rg_module *mod = mods[m];
        if (mod->kind != RG_POLICY || !mod->n_params) continue;
        const rg_param_spec *first = &mod->params[0];
        if (first->type == RG_PT_BOOL || first->type == RG_PT_CHOICE)
            *(int *)(p->modules.slot[m] + first->offset) = 0;
    }
}

size_t rg_param_group_len(const char *name)
{
    const char *dot = strchr(name, '.');
    return dot ? (size_t)(dot - name) : strlen(name);
}

int rg_param_new_group(const char *previous, const char *name)
{
    size_t len = rg_param_group_len(name);
    return !previous || rg_param_group_len(previous) != len || strncmp(previous, name, len) != 0;
}

const char *rg_param_suggest(const char *name)
{
    size_t n;
    const rg_param_desc *registry = rg_param_table(&n);
    const char *best = NULL;
    size_t best_d = (size_t)-1, best_rank = (size_t)-1;
    const char *dot = strchr(name, '.');
    for (size_t i = 0; i < n; i++) {
        size_t d = rg_edit_distance(name, registry[i].name);
        /* The same key in another group is a likely slip too. */
        const char *rdot = strchr(registry[i].name, '.');
        if (dot && rdot && strcmp(dot, rdot) == 0 && d > 1) d = 2;
        /* At equal distance, a parameter of the group named is preferred. */
        size_t rank = 2 * d + (size_t)rg_param_new_group(name, registry[i].name);
        if (rank < best_rank) {
            best_rank = rank;
            best_d = d;
            best = registry[i].name;
        }
    }
    size_t limit = strlen(name) / 3 + 1;
    return best_d <= (limit < 4 ? limit : 4) ? best : NULL;
}

const char *rg_param_type_name(rg_param_type t)
{
    switch (t) {
    case RG_PT_INT: return "integer";
    case RG_PT_REAL: return "number";
    case RG_PT_BOOL: return "boolean";
    case RG_PT_STR: return "string";
    case RG_PT_CHOICE: return "choice";
    }
    return "?";
}

static int choice_index(const char *choices, const char *value)
{
    size_t len = strlen(value);
    int index = 0;
    for (const char *c = choices;; index++) {
        const char *bar = strchr(c, '|');
        size_t clen = bar ? (size_t)(bar - c) : strlen(c);
        if (clen == len && strncmp(c, value, len) == 0) return index;
        if (!bar) return -1;
        c = bar + 1;
    }
}

void rg_param_choice_name(const rg_param_desc *d, int index, char *buf, size_t size)
{
    const char *c = d->choices;
    for (int i = 0; i < index && c; i++) {
        c = strchr(c, '|');
        if (c) c++;
    }
    if (!c || index < 0) {
        snprintf(buf, size, "?");
        return;
    }
    const char *bar = strchr(c, '|');
    int len = (int)(bar ? (size_t)(bar - c) : strlen(c));
    snprintf(buf, size, "%.*s", len, c);
}

int rg_param_choice_parse(const rg_param_desc *d, const char *value)
{
    return choice_index(d->choices, value);
}

void rg_params_defaults(rg_params *p)
{
    memset(p, 0, sizeof *p);
    size_t n;
    const rg_param_desc *registry = rg_param_table(&n);
    for (size_t i = 0; i < n; i++) {
        const rg_param_desc *d = &registry[i];
        char *slot = (char *)p + d->offset;
        switch (d->type) {
        case RG_PT_INT: *(long long *)slot = (long long)d->def; break;
        case RG_PT_REAL: *(double *)slot = d->def; break;
        case RG_PT_BOOL: *(int *)slot = d->def != 0; break;
        case RG_PT_STR: snprintf(slot, RG_STR_MAX, "%s", d->def_str); break;
        case RG_PT_CHOICE: *(int *)slot = choice_index(d->choices, d->def_str); break;
        }
    }
}

static void format_real(double v, char *buf, size_t size)
{
    snprintf(buf, size, "%.17g", v);
    /* Shortest text that reads back to the same double. */
    for (int prec = 1; prec <= 17; prec++) {
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        if (strtod(tmp, NULL) == v) {
            snprintf(buf, size, "%s", tmp);
            break;
        }
    }
    /* libconfig reads "1" as an integer: keep reals recognisable. */
    if (!strpbrk(buf, ".eEn")) strncat(buf, ".0", size - strlen(buf) - 1);
}

static void format_string(const char *s, char *buf, size_t size)
{
    size_t o = 0;
    if (size < 3) return;
    buf[o++] = '"';
    for (; *s && o + 3 < size; s++) {
        if (*s == '"' || *s == '\\') buf[o++] = '\\';
        buf[o++] = *s;
    }
    buf[o++] = '"';
    buf[o] = '\0';
}

void rg_param_format(const rg_param_desc *d, const rg_params *p, char *buf, size_t size)
{
    const char *slot = (const char *)p + d->offset;
    switch (d->type) {
    case RG_PT_INT: snprintf(buf, size, "%lld", *(const long long *)slot); break;
    case RG_PT_REAL: format_real(*(const double *)slot, buf, size); break;
    case RG_PT_BOOL: snprintf(buf, size, "%s", *(const int *)slot ? "true" : "false"); break;
    case RG_PT_STR: format_string(slot, buf, size); break;
    case RG_PT_CHOICE: {
        char name[64];
        rg_param_choice_name(d, *(const int *)slot, name, sizeof name);
        format_string(name, buf, size);
        break;
    }
    }
}

static void format_range(const rg_param_desc *d, char *buf, size_t size)
{
    char lo[64], hi[64];
    switch (d->type) {
    case RG_PT_INT: snprintf(buf, size, "%.0f to %.0f", d->min, d->max); break;
    case RG_PT_REAL:
        format_real(d->min, lo, sizeof lo);
        format_real(d->max, hi, sizeof hi);
        snprintf(buf, size, "%s to %s", lo, hi);
        break;
    case RG_PT_BOOL: snprintf(buf, size, "true, false"); break;
    case RG_PT_STR: snprintf(buf, size, "text"); break;
    case RG_PT_CHOICE: {
        size_t o = 0;
        for (const char *c = d->choices; *c && o + 3 < size; c++)
            if (*c == '|') {
                buf[o++] = ',';
                buf[o++] = ' ';
            } else {
                buf[o++] = *c;
            }
        buf[o] = '\0';
        break;
    }
    }
}

/* The uncertainty of a parameter at its default (param_uncertainty.h), for tables. */
static void describe_uncertainty(const rg_param_desc *d, const rg_params *def, char *buf,
                                 size_t size)
{
    rg_uncertainty u;
    rg_error err = {0};
    if (d->type != RG_PT_REAL && d->type != RG_PT_INT) {
        snprintf(buf, size, "-");
    } else if (rg_param_uncertainty(d, rg_param_number(d, def), 1, &u, &err) != RG_OK) {
        snprintf(buf, size, "? (%.100s)", err.msg);
    } else {
        rg_uncertainty_describe(&u, buf, size);
        if (u.dist == RG_UNC_POSTERIOR) snprintf(buf, size, "posterior of a calibration, if given");
        if (!u.declared && u.dist != RG_UNC_POSTERIOR && u.dist != RG_UNC_NONE) {
            size_t n = strlen(buf);
            snprintf(buf + n, size - n, " (%s default)", rg_param_kind_name(u.kind));
        }
    }
}

void rg_params_write_markdown(FILE *f)
{
    rg_params def;
    rg_params_defaults(&def);
    size_t n;
    const rg_param_desc *registry = rg_param_table(&n);
    fputs("# Parameters\n\n"
          "<!-- Generated by `reintegra params --markdown` from the parameter registry; "
          "do not edit. -->\n\n"
          "Every parameter of the model, as declared in its module's table. A scenario file "
          "sets them by group, for example `offending: { base_rate = 0.09; };`, and "
          "`--set offending.base_rate=0.09` overrides one on the command line. Unknown "
          "keys, wrong types and values outside the range are errors.\n\n"
          "The first word of each source says what the value rests on: `setting` (the "
          "analyst's choice), `fitted` (by `reintegra calibrate`), `measured` (a study, "
          "cited) or `assumed`. The uncertainty is what `reintegra compare --uncertainty` "
          "draws from: a range declared at the end of the source as `[LO, HI]` (uniform), "
          "else the default of the kind: none for settings and for measured values without "
          "a cited interval, a calibration's posterior for fitted ones (`--posterior`), and "
          "log-uniform from a half to twice the value for assumed ones "
          "([guides/uncertainty.md](guides/uncertainty.md)).\n",
          f);
    for (size_t i = 0; i < n; i++) {
        const rg_param_desc *d = &registry[i];
        if (rg_param_new_group(i ? registry[i - 1].name : NULL, d->name)) {
            fprintf(f, "\n## %.*s\n\n", (int)rg_param_group_len(d->name), d->name);
            fputs("| parameter | type | default | range | unit | meaning | source | uncertainty "
                  "|\n| --- | --- | --- | --- | --- | --- | --- | --- |\n",
                  f);
        }
        char value[RG_STR_MAX + 8], range[256], unc[128];
        rg_param_format(d, &def, value, sizeof value);
        format_range(d, range, sizeof range);
        describe_uncertainty(d, &def, unc, sizeof unc);
        fprintf(f, "| `%s` | %s | `%s` | %s | %s | %s | %s | %s |\n", d->name,
                rg_param_type_name(d->type), value, range, d->unit, d->meaning, d->source, unc);
    }
}

void rg_params_write_text(FILE *f)
{
    rg_params_write_group_text(f, NULL);
}

int rg_params_write_group_text(FILE *f, const char *group)
{
    rg_params def;
    rg_params_defaults(&def);
    size_t n, shown = 0;
    const rg_param_desc *registry = rg_param_table(&n);
    for (size_t i = 0; i < n; i++) {
        const rg_param_desc *d = &registry[i];
        if (group && (rg_param_group_len(d->name) != strlen(group) ||
                      strncmp(d->name, group, strlen(group)) != 0))
            continue;
        shown++;
        char value[RG_STR_MAX + 8], range[256], unc[128];
        rg_param_format(d, &def, value, sizeof value);
        format_range(d, range, sizeof range);
        describe_uncertainty(d, &def, unc, sizeof unc);
        fprintf(f, "%-40s %-8s %-12s [%s] %s\n    %s (source: %s; uncertainty: %s)\n", d->name,
                rg_param_type_name(d->type), value, range, d->unit, d->meaning, d->source, unc);
    }
    return shown > 0 ? 0 : -1;
}

void rg_params_write_config(FILE *f)
{
    rg_params def;
    rg_params_defaults(&def);
    size_t n;
    const rg_param_desc *registry = rg_param_table(&n);
    fputs("# Every parameter of reintegra with its default value: a scenario that runs as\n"
          "# it is. Generated by `reintegra params --config` (`make docs` refreshes it).\n"
          "# A scenario usually sets only what differs from its base:\n"
          "#   inherit = \"baseline.cfg\";\n"
          "#   offending: { base_rate = 0.1; };\n",
          f);
    for (size_t i = 0; i < n; i++) {
        const rg_param_desc *d = &registry[i];
        const char *dot = d->name + rg_param_group_len(d->name);
        if (rg_param_new_group(i ? registry[i - 1].name : NULL, d->name)) {
            if (i) fputs("};\n", f);
            fprintf(f, "\n%.*s:\n{\n", (int)rg_param_group_len(d->name), d->name);
        }
        char value[RG_STR_MAX + 8], range[256];
        rg_param_format(d, &def, value, sizeof value);
        format_range(d, range, sizeof range);
        fprintf(f, "  # %s.\n  #   %s; %s; source: %s\n  %s = %s;\n", d->meaning, d->unit, range,
                d->source, dot + 1, value);
    }
    if (n) fputs("};\n", f);
}
