/* The parameter registry, expanded from the modules' tables. */
#include "reintegra/params.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/cfgfile.h"
#include "common/text.h"

#define RG_DESC_INT(g, name, def, min, max)                                                        \
    {                                                                                              \
#g "." #name, RG_PT_INT, offsetof(rg_params, g.name), (double)(def), NULL, (double)(min),  \
            (double)(max), NULL,
#define RG_DESC_REAL(g, name, def, min, max)                                                       \
    {                                                                                              \
#g "." #name, RG_PT_REAL, offsetof(rg_params, g.name), (double)(def), NULL, (double)(min), \
            (double)(max), NULL,
#define RG_DESC_BOOL(g, name, def, min, max)                                                       \
    {                                                                                              \
#g "." #name, RG_PT_BOOL, offsetof(rg_params, g.name), (double)(def), NULL, 0, 1, NULL,
#define RG_DESC_STR(g, name, def, min, max)                                                        \
    {                                                                                              \
#g "." #name, RG_PT_STR, offsetof(rg_params, g.name), 0, def, 0, 0, NULL,
#define RG_DESC_CHOICE(g, name, def, min, max)                                                     \
    {                                                                                              \
#g "." #name, RG_PT_CHOICE, offsetof(rg_params, g.name), 0, def, 0, 0, min,
#define RG_DESC_(g, T, name, def, min, max, unit, meaning, source)                                 \
    RG_DESC_##T(g, name, def, min, max) unit, meaning, source                                      \
    }                                                                                              \
    ,
#define RG_DESC_GROUP_(group, LIST) LIST(RG_DESC_, group)

static const rg_param_desc registry[] = {RG_PARAM_GROUPS(RG_DESC_GROUP_)};

const rg_param_desc *rg_param_table(size_t *count)
{
    *count = sizeof registry / sizeof registry[0];
    return registry;
}

const rg_param_desc *rg_param_find(const char *name)
{
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++)
        if (strcmp(registry[i].name, name) == 0) return &registry[i];
    return NULL;
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
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    const char *dot = strchr(name, '.');
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++) {
        size_t d = rg_edit_distance(name, registry[i].name);
        /* The same key in another group is a likely slip too. */
        const char *rdot = strchr(registry[i].name, '.');
        if (dot && rdot && strcmp(dot, rdot) == 0 && d > 1) d = 2;
        if (d < best_d) {
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
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++) {
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
    case RG_PT_INT: rg_cfg_format_int(*(const long long *)slot, buf, size); break;
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

void rg_params_write_markdown(FILE *f)
{
    rg_params def;
    rg_params_defaults(&def);
    fputs("# Parameters\n\n"
          "<!-- Generated by `reintegra params --markdown` from the parameter registry; "
          "do not edit. -->\n\n"
          "Every parameter of the model, as declared in its module's table. A scenario file "
          "sets them by group, for example `offending: { base_rate = 0.09; };`, and "
          "`--set offending.base_rate=0.09` overrides one on the command line. Unknown "
          "keys, wrong types and values outside the range are errors.\n",
          f);
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++) {
        const rg_param_desc *d = &registry[i];
        if (rg_param_new_group(i ? registry[i - 1].name : NULL, d->name)) {
            fprintf(f, "\n## %.*s\n\n", (int)rg_param_group_len(d->name), d->name);
            fputs("| parameter | type | default | range | unit | meaning | source |\n"
                  "| --- | --- | --- | --- | --- | --- | --- |\n",
                  f);
        }
        char value[RG_STR_MAX + 8], range[256];
        rg_param_format(d, &def, value, sizeof value);
        format_range(d, range, sizeof range);
        fprintf(f, "| `%s` | %s | `%s` | %s | %s | %s | %s |\n", d->name,
                rg_param_type_name(d->type), value, range, d->unit, d->meaning, d->source);
    }
}

void rg_params_write_text(FILE *f)
{
    rg_params def;
    rg_params_defaults(&def);
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++) {
        const rg_param_desc *d = &registry[i];
        char value[RG_STR_MAX + 8], range[256];
        rg_param_format(d, &def, value, sizeof value);
        format_range(d, range, sizeof range);
        fprintf(f, "%-40s %-8s %-12s [%s] %s\n    %s (source: %s)\n", d->name,
                rg_param_type_name(d->type), value, range, d->unit, d->meaning, d->source);
    }
}

void rg_params_write_config(FILE *f)
{
    rg_params def;
    rg_params_defaults(&def);
    fputs("# Every parameter of reintegra with its default value: a scenario that runs as\n"
          "# it is. Generated by `reintegra params --config` (`make docs` refreshes it).\n"
          "# A scenario usually sets only what differs from its base:\n"
          "#   inherit = \"baseline.cfg\";\n"
          "#   offending: { base_rate = 0.1; };\n",
          f);
    const size_t n = sizeof registry / sizeof registry[0];
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
