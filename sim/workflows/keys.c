/* Checking the keys of sweep and calibration files against their tables. */
#include "reintegra/keys.h"

#include <libconfig.h>
#include <math.h>
#include <string.h>

#include "common/text.h"

static const rg_key_desc *find(const rg_key_table *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->keys[i].name, name)) return &t->keys[i];
    return NULL;
}

/* The key closest to `name`, if close enough to be a slip (as the parameter
 * registry's suggestions). */
static const char *suggest(const rg_key_table *t, const char *name)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < t->n; i++) {
        size_t d = rg_edit_distance(name, t->keys[i].name);
        if (d < best_d) {
            best_d = d;
            best = t->keys[i].name;
        }
    }
    size_t limit = strlen(name) / 3 + 1;
    return best_d <= (limit < 4 ? limit : 4) ? best : NULL;
}

static void list_keys(const rg_key_table *t, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < t->n && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "", t->keys[i].name);
}

static void list_choices(const rg_key_desc *d, const char *quote, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; d->choices[i] && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s%s%s",
                                 i == 0              ? ""
                                 : d->choices[i + 1] ? ", "
                                                     : " or ",
                                 quote, d->choices[i], quote);
}

/* What a valid value of d looks like, after "expected ". */
static void expectation(const rg_key_desc *d, char *buf, size_t size)
{
    char choices[256];
    switch (d->type) {
    case RG_KEY_TEXT: snprintf(buf, size, "a string in quotes, e.g. %s", d->example); break;
    case RG_KEY_INT: snprintf(buf, size, "a whole number from %.0f to %.0f", d->min, d->max); break;
    case RG_KEY_REAL:
        if (d->above_min && isfinite(d->max))
            snprintf(buf, size, "a number above %g and at most %g", d->min, d->max);
        else if (d->above_min)
            snprintf(buf, size, "a number above %g", d->min);
        else if (isfinite(d->min))
            snprintf(buf, size, "a number from %g to %g", d->min, d->max);
        else
            snprintf(buf, size, "a number");
        break;
    case RG_KEY_CHOICE:
        list_choices(d, "\"", choices, sizeof choices);
        snprintf(buf, size, "%s", choices);
        break;
    case RG_KEY_TEXTS: snprintf(buf, size, "a list of strings such as %s", d->example); break;
    case RG_KEY_NUMBERS: snprintf(buf, size, "a list of numbers such as %s", d->example); break;
    case RG_KEY_ENTRIES: snprintf(buf, size, "a list of groups such as %s", d->example); break;
    }
}

/* A number written as an integer or a real. */
static int number_of(const config_setting_t *s, double *v)
{
    if (!s) return 0;
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64: *v = (double)config_setting_get_int64(s); return 1;
    case CONFIG_TYPE_FLOAT: *v = config_setting_get_float(s); return 1;
    }
    return 0;
}

static int number_ok(const rg_key_desc *d, const config_setting_t *s)
{
    double v;
    if (!number_of(s, &v) || !(v == v)) return 0;
    if (d->type == RG_KEY_INT && v != floor(v)) return 0;
    if (d->above_min ? !(v > d->min) : v < d->min) return 0;
    return v <= d->max;
}

static int element_ok(const rg_key_desc *d, const config_setting_t *e)
{
    double v;
    switch (d->type) {
    case RG_KEY_TEXTS: return config_setting_type(e) == CONFIG_TYPE_STRING;
    case RG_KEY_NUMBERS: return number_of(e, &v);
    case RG_KEY_ENTRIES: return config_setting_is_group(e);
    default: return 0;
    }
}

/* "FILE:LINE: " (or "FILE: " without a line), then "CONTEXT: " when given. */
static void where(const char *file, unsigned line, const char *context, char *buf, size_t size)
{
    if (line)
        snprintf(buf, size, "%s:%u: %s%s", file, line, context, context[0] ? ": " : "");
    else
        snprintf(buf, size, "%s: %s%s", file, context, context[0] ? ": " : "");
}

/* A list: its kind, its length and its elements' kind. */
static rg_status check_list(const rg_key_desc *d, const config_setting_t *s, const char *at,
                            rg_error *err)
{
    char expected[512];
    expectation(d, expected, sizeof expected);
    int n = config_setting_is_list(s) || (d->type != RG_KEY_ENTRIES && config_setting_is_array(s))
                ? config_setting_length(s)
                : -1;
    if (n == 0 && d->min >= 1)
        return rg_error_set(err, RG_EINPUT, "%s%s is empty; expected %s", at, d->name, expected);
    if (n < 0) return rg_error_set(err, RG_EINPUT, "%s%s: expected %s", at, d->name, expected);
    if (n > d->max)
        return rg_error_set(err, RG_EINPUT, "%s%s: %d entries; expected at most %.0f", at, d->name,
                            n, d->max);
    for (int i = 0; i < n; i++)
        if (!element_ok(d, config_setting_get_elem(s, (unsigned)i)))
            return rg_error_set(err, RG_EINPUT, "%s%s: expected %s", at, d->name, expected);
    return RG_OK;
}

static rg_status check_value(const rg_key_desc *d, const config_setting_t *s, const char *at,
                             rg_error *err)
{
    char expected[512];
    expectation(d, expected, sizeof expected);
    const char *text =
        config_setting_type(s) == CONFIG_TYPE_STRING ? config_setting_get_string(s) : NULL;
    switch (d->type) {
    case RG_KEY_TEXT:
        if (text && text[0]) return RG_OK;
        break;
    case RG_KEY_INT:
    case RG_KEY_REAL: {
        double v;
        if (number_ok(d, s)) return RG_OK;
        if (number_of(s, &v))
            return rg_error_set(err, RG_EINPUT, "%s%s: got %g; expected %s", at, d->name, v,
                                expected);
        break;
    }
    case RG_KEY_CHOICE:
        if (!text) break;
        for (int i = 0; d->choices[i]; i++)
            if (!strcmp(text, d->choices[i])) return RG_OK;
        return rg_error_set(err, RG_EINPUT, "%s%s: \"%.64s\" is not a %s; expected %s", at, d->name,
                            text, d->name, expected);
    default: return check_list(d, s, at, err);
    }
    return rg_error_set(err, RG_EINPUT, "%s%s: expected %s", at, d->name, expected);
}

rg_status rg_keys_check(const rg_key_table *t, const config_setting_t *g, const char *file,
                        const char *context, rg_error *err)
{
    char at[1200], names[512];
    for (int i = 0; i < config_setting_length(g); i++) {
        const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
        const char *name = config_setting_name(s);
        const rg_key_desc *d = find(t, name);
        where(file, config_setting_source_line(s), context, at, sizeof at);
        if (d) {
            RG_TRY(check_value(d, s, at, err));
            continue;
        }
        const char *hint = suggest(t, name);
        list_keys(t, names, sizeof names);
        return hint ? rg_error_set(err, RG_EINPUT, "%s%s: unknown %s; did you mean %s?", at, name,
                                   t->what, hint)
                    : rg_error_set(err, RG_EINPUT, "%s%s: unknown %s; expected %s", at, name,
                                   t->what, names);
    }
    for (size_t k = 0; k < t->n; k++) {
        const rg_key_desc *d = &t->keys[k];
        if (!d->required || config_setting_get_member(g, d->name)) continue;
        where(file, config_setting_source_line(g), context, at, sizeof at);
        return rg_error_set(err, RG_EINPUT, "%s%s: missing; expected %s = %s; (%s)", at, d->name,
                            d->name, d->example, d->meaning);
    }
    return RG_OK;
}

int rg_key_number(const config_setting_t *g, const char *name, double *v)
{
    return number_of(config_setting_get_member(g, name), v);
}

int rg_key_number_elem(const config_setting_t *list, int k, double *v)
{
    return number_of(config_setting_get_elem(list, (unsigned)k), v);
}

int rg_key_text(const config_setting_t *g, const char *name, const char **v)
{
    const config_setting_t *s = config_setting_get_member(g, name);
    if (!s || config_setting_type(s) != CONFIG_TYPE_STRING) return 0;
    *v = config_setting_get_string(s);
    return 1;
}

int rg_key_choice(const rg_key_table *t, const config_setting_t *g, const char *name)
{
    const rg_key_desc *d = find(t, name);
    const char *text = NULL;
    if (!d || !d->choices || !rg_key_text(g, name, &text)) return -1;
    for (int i = 0; d->choices[i]; i++)
        if (!strcmp(text, d->choices[i])) return i;
    return -1;
}

unsigned rg_key_line(const config_setting_t *g, const char *name)
{
    const config_setting_t *s = config_setting_get_member(g, name);
    return config_setting_source_line(s ? s : g);
}

/* --- documentation ------------------------------------------------------------ */

static void type_text(const rg_key_desc *d, char *buf, size_t size)
{
    char choices[256];
    switch (d->type) {
    case RG_KEY_TEXT: snprintf(buf, size, "string"); break;
    case RG_KEY_INT: snprintf(buf, size, "whole number, %.0f to %.0f", d->min, d->max); break;
    case RG_KEY_REAL:
        if (d->above_min && isfinite(d->max))
            snprintf(buf, size, "number > %g, ≤ %g", d->min, d->max);
        else if (d->above_min)
            snprintf(buf, size, "number > %g", d->min);
        else if (isfinite(d->min))
            snprintf(buf, size, "number, %g to %g", d->min, d->max);
        else
            snprintf(buf, size, "number");
        break;
    case RG_KEY_CHOICE:
        list_choices(d, "`", choices, sizeof choices);
        snprintf(buf, size, "%s", choices);
        break;
    case RG_KEY_TEXTS: snprintf(buf, size, "list of strings"); break;
    case RG_KEY_NUMBERS: snprintf(buf, size, "list of numbers"); break;
    case RG_KEY_ENTRIES: snprintf(buf, size, "list of groups, at most %.0f", d->max); break;
    }
}

static void write_table(const rg_key_table *t, FILE *f)
{
    fputs("| key | type | default | example | meaning |\n| --- | --- | --- | --- | --- |\n", f);
    char type[300];
    for (size_t i = 0; i < t->n; i++) {
        const rg_key_desc *d = &t->keys[i];
        type_text(d, type, sizeof type);
        fprintf(f, "| `%s` | %s | %s | `%s` | %s |\n", d->name, type,
                d->required ? "required" : d->def, d->example, d->meaning);
    }
}

void rg_keys_write_markdown(const rg_key_table *t, FILE *f)
{
    write_table(t, f);
    for (size_t i = 0; i < t->n; i++) {
        const rg_key_desc *d = &t->keys[i];
        if (d->type != RG_KEY_ENTRIES) continue;
        fprintf(f, "\nEach entry of `%s`:\n\n", d->name);
        write_table(d->entries, f);
    }
}
