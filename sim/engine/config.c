/* Scenario files: layered libconfig reading with strict checking. */
#include "reintegra/config.h"

#include <errno.h>
#include <libconfig.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/files.h"
#include "reintegra/install_dirs.h"
#include "reintegra/module.h"

enum { MAX_INHERIT_DEPTH = 32 };

/* The chain of files being read, for cycle detection. */
typedef struct chain {
    char paths[MAX_INHERIT_DEPTH][PATH_MAX];
    int depth;
} chain;

static void range_text(const rg_param_desc *d, char *buf, size_t size)
{
    switch (d->type) {
    case RG_PT_INT: snprintf(buf, size, "an integer from %.0f to %.0f", d->min, d->max); break;
    case RG_PT_REAL:
        snprintf(buf, size, "a number (%s) from %g to %g", d->unit, d->min, d->max);
        break;
    case RG_PT_BOOL: snprintf(buf, size, "true or false"); break;
    case RG_PT_STR: snprintf(buf, size, "a string in double quotes"); break;
    case RG_PT_CHOICE: {
        char list[192];
        size_t o = 0;
        for (const char *c = d->choices; *c && o + 5 < sizeof list; c++) {
            if (*c == '|') {
                memcpy(list + o, "\", \"", 4);
                o += 4;
            } else {
                list[o++] = *c;
            }
        }
        list[o] = '\0';
        snprintf(buf, size, "one of \"%s\"", list);
        break;
    }
    }
}

static const char *setting_type_name(int t)
{
    switch (t) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64: return "an integer";
    case CONFIG_TYPE_FLOAT: return "a number";
    case CONFIG_TYPE_STRING: return "a string";
    case CONFIG_TYPE_BOOL: return "a boolean";
    case CONFIG_TYPE_ARRAY: return "an array";
    case CONFIG_TYPE_LIST: return "a list";
    case CONFIG_TYPE_GROUP: return "a group";
    }
    return "something else";
}

static rg_status unknown_key(const char *where, const char *name, rg_error *err)
{
    const char *hint = rg_param_suggest(name);
    if (hint)
        return rg_error_set(err, RG_EINPUT,
                            "%s: %s: unknown parameter; did you mean %s? "
                            "(`reintegra params` lists them all)",
                            where, name, hint);
    return rg_error_set(err, RG_EINPUT,
                        "%s: %s: unknown parameter; `reintegra params` lists the parameters", where,
                        name);
}

static rg_status out_of_range(const char *where, const rg_param_desc *d, const char *value,
                              rg_error *err)
{
    char expect[256];
    range_text(d, expect, sizeof expect);
    return rg_error_set(err, RG_EINPUT, "%s: %s: %s is out of range; expected %s", where, d->name,
                        value, expect);
}

static rg_status wrong_type(const char *where, const rg_param_desc *d, const char *got,
                            rg_error *err)
{
    char expect[256];
    range_text(d, expect, sizeof expect);
    return rg_error_set(err, RG_EINPUT, "%s: %s: got %s; expected %s", where, d->name, got, expect);
}

/* Store a numeric value after its range check. */
static rg_status store_number(rg_params *p, const rg_param_desc *d, double v, long long iv,
                              const char *where, rg_error *err)
{
    char *slot = (char *)p + d->offset;
    char text[64];
    if (d->type == RG_PT_INT) {
        snprintf(text, sizeof text, "%lld", iv);
        if ((double)iv < d->min || (double)iv > d->max) return out_of_range(where, d, text, err);
        *(long long *)slot = iv;
    } else {
        snprintf(text, sizeof text, "%g", v);
        if (!isfinite(v) || v < d->min || v > d->max) return out_of_range(where, d, text, err);
        *(double *)slot = v;
    }
    return RG_OK;
}

static rg_status store_text(rg_params *p, const rg_param_desc *d, const char *s, const char *where,
                            rg_error *err)
{
    char *slot = (char *)p + d->offset;
    if (d->type == RG_PT_STR) {
        if (strlen(s) >= RG_STR_MAX)
            return rg_error_set(err, RG_EINPUT,
                                "%s: %s: text is too long; expected at most %d characters", where,
                                d->name, RG_STR_MAX - 1);
        snprintf(slot, RG_STR_MAX, "%s", s);
        return RG_OK;
    }
    int index = rg_param_choice_parse(d, s);
    if (index < 0) {
        char quoted[RG_STR_MAX + 2];
        snprintf(quoted, sizeof quoted, "\"%.*s\"", RG_STR_MAX - 3, s);
        return out_of_range(where, d, quoted, err);
    }
    *(int *)slot = index;
    return RG_OK;
}

static rg_status apply_setting(rg_params *p, const config_setting_t *s, const char *name,
                               const char *where, rg_error *err)
{
    const rg_param_desc *d = rg_param_find(name);
    if (!d) return unknown_key(where, name, err);
    int t = config_setting_type(s);
    switch (d->type) {
    case RG_PT_INT:
        if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64) {
            long long v = config_setting_get_int64(s);
            return store_number(p, d, (double)v, v, where, err);
        }
        return wrong_type(where, d, setting_type_name(t), err);
    case RG_PT_REAL:
        if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64)
            return store_number(p, d, (double)config_setting_get_int64(s), 0, where, err);
        if (t == CONFIG_TYPE_FLOAT)
            return store_number(p, d, config_setting_get_float(s), 0, where, err);
        return wrong_type(where, d, setting_type_name(t), err);
    case RG_PT_BOOL:
        if (t != CONFIG_TYPE_BOOL) return wrong_type(where, d, setting_type_name(t), err);
        *(int *)((char *)p + d->offset) = config_setting_get_bool(s);
        return RG_OK;
    case RG_PT_STR:
    case RG_PT_CHOICE:
        if (t != CONFIG_TYPE_STRING) return wrong_type(where, d, setting_type_name(t), err);
        return store_text(p, d, config_setting_get_string(s), where, err);
    }
    return rg_error_set(err, RG_EINTERNAL, "%s: %s: unhandled parameter type", where, name);
}

static void setting_where(const config_setting_t *s, const char *file, char *buf, size_t size)
{
    const char *f = config_setting_source_file(s);
    snprintf(buf, size, "%s:%u", f ? f : file, config_setting_source_line(s));
}

/* Apply every setting under `group` (prefix "" at the root). */
static rg_status apply_group(rg_params *p, const config_setting_t *group, const char *prefix,
                             const char *file, rg_error *err)
{
    int n = config_setting_length(group);
    for (int i = 0; i < n; i++) {
        const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
        const char *key = config_setting_name(s);
        char name[512], where[PATH_MAX + 32];
        snprintf(name, sizeof name, "%s%s%s", prefix, *prefix ? "." : "", key ? key : "?");
        setting_where(s, file, where, sizeof where);
        if (!*prefix && key && strcmp(key, "inherit") == 0) continue;
        if (config_setting_type(s) == CONFIG_TYPE_GROUP) {
            /* A group is a module's section, unless a parameter has its name. */
            if (rg_param_find(name)) {
                RG_TRY(apply_setting(p, s, name, where, err));
                continue;
            }
            if (*prefix) return unknown_key(where, name, err);
            RG_TRY(apply_group(p, s, name, file, err));
            continue;
        }
        RG_TRY(apply_setting(p, s, name, where, err));
    }
    return RG_OK;
}

static rg_status read_config(config_t *cfg, const char *path, const char *origin, rg_error *err)
{
    if (config_read_file(cfg, path) == CONFIG_TRUE) return RG_OK;
    if (config_error_type(cfg) == CONFIG_ERR_FILE_IO)
        return rg_error_set(err, RG_EINPUT, "%s: cannot read the file: %s", origin,
                            errno ? strerror(errno) : "I/O error");
    return rg_error_set(err, RG_EINPUT,
                        "%s:%d: syntax error: %s; expected libconfig syntax "
                        "such as `group: { key = value; };`",
                        config_error_file(cfg) ? config_error_file(cfg) : path,
                        config_error_line(cfg), config_error_text(cfg));
}

static rg_status load_file(rg_params *p, const char *path, const char *origin, chain *ch,
                           rg_error *err);

/* Where an inherited file is: an absolute path as it is; a relative one next to
 * the inheriting `file`, else in a folder of REINTEGRA_SCENARIOS (separated by
 * colons), else among the installed scenarios, so `inherit = "baseline.cfg";`
 * works from any folder. Not found anywhere: the path next to `file` (whose error
 * the caller reports). */
static void resolve_inherited(const char *file, const char *base, char *out, size_t size)
{
    rg_path_relative_to(file, base, out, size);
    if (base[0] == '/' || access(out, F_OK) == 0) return;
    const char *env = getenv("REINTEGRA_SCENARIOS");
    char candidate[PATH_MAX];
    for (const char *d = env ? env : ""; *d;) {
        size_t len = strcspn(d, ":");
        if (len > 0) {
            snprintf(candidate, sizeof candidate, "%.*s/%s", (int)len, d, base);
            if (access(candidate, F_OK) == 0) {
                snprintf(out, size, "%s", candidate);
                return;
            }
        }
        d += len + (d[len] == ':');
    }
    snprintf(candidate, sizeof candidate, "%s/%s", RG_INSTALL_SCENARIOS_DIR, base);
    if (access(candidate, F_OK) == 0) snprintf(out, size, "%s", candidate);
}

/* Follow an `inherit = "FILE";` setting (resolve_inherited). */
static rg_status load_inherited(rg_params *p, const config_t *cfg, const char *file, chain *ch,
                                rg_error *err)
{
    const config_setting_t *inh = config_lookup(cfg, "inherit");
    if (!inh) return RG_OK;
    char where[PATH_MAX + 32];
    setting_where(inh, file, where, sizeof where);
    if (config_setting_type(inh) != CONFIG_TYPE_STRING)
        return rg_error_set(err, RG_EINPUT,
                            "%s: inherit: got %s; expected the base scenario's file name in quotes",
                            where, setting_type_name(config_setting_type(inh)));
    const char *base = config_setting_get_string(inh);
    char resolved[PATH_MAX];
    resolve_inherited(file, base, resolved, sizeof resolved);
    char origin[2 * PATH_MAX + 128];
    if (base[0] != '/' && access(resolved, F_OK) != 0)
        snprintf(origin, sizeof origin,
                 "%s: inherit: \"%s\" (looked next to the scenario, in the folders of "
                 "REINTEGRA_SCENARIOS and in %s)",
                 where, base, RG_INSTALL_SCENARIOS_DIR);
    else
        snprintf(origin, sizeof origin, "%s: inherit: \"%s\"", where, base);
    return load_file(p, resolved, origin, ch, err);
}

static rg_status load_file(rg_params *p, const char *path, const char *origin, chain *ch,
                           rg_error *err)
{
    char real[PATH_MAX];
    if (!realpath(path, real))
        return rg_error_set(err, RG_EINPUT, "%s: cannot open '%s': %s", origin, path,
                            strerror(errno));
    for (int i = 0; i < ch->depth; i++)
        if (strcmp(ch->paths[i], real) == 0)
            return rg_error_set(err, RG_EINPUT,
                                "%s: inheritance cycle: '%s' is already being read; "
                                "expected a chain of base files without loops",
                                origin, path);
    if (ch->depth == MAX_INHERIT_DEPTH)
        return rg_error_set(err, RG_EINPUT, "%s: inheritance is more than %d files deep", origin,
                            MAX_INHERIT_DEPTH);
    snprintf(ch->paths[ch->depth++], PATH_MAX, "%s", real);

    config_t cfg;
    config_init(&cfg);
    rg_status st = read_config(&cfg, path, origin, err);
    if (st == RG_OK) st = load_inherited(p, &cfg, path, ch, err);
    if (st == RG_OK) st = apply_group(p, config_root_setting(&cfg), "", path, err);
    config_destroy(&cfg);
    ch->depth--;
    return st;
}

rg_status rg_config_load(rg_params *p, const char *path, rg_error *err)
{
    chain *ch = calloc(1, sizeof *ch);
    if (!ch) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    rg_status st = load_file(p, path, path, ch, err);
    free(ch);
    return st;
}

rg_status rg_config_load_string(rg_params *p, const char *text, const char *origin, rg_error *err)
{
    config_t cfg;
    config_init(&cfg);
    rg_status st = RG_OK;
    if (config_read_string(&cfg, text) != CONFIG_TRUE)
        st = rg_error_set(err, RG_EINPUT, "%s:%d: syntax error: %s", origin,
                          config_error_line(&cfg), config_error_text(&cfg));
    else if (config_lookup(&cfg, "inherit"))
        st = rg_error_set(err, RG_EINPUT,
                          "%s: inherit: not allowed in a configuration given as text", origin);
    else
        st = apply_group(p, config_root_setting(&cfg), "", origin, err);
    config_destroy(&cfg);
    return st;
}

rg_status rg_config_set(rg_params *p, const char *assignment, rg_error *err)
{
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment)
        return rg_error_set(err, RG_EINPUT, "--set %s: expected group.key=value", assignment);
    char name[512];
    snprintf(name, sizeof name, "%.*s", (int)(eq - assignment), assignment);
    const char *value = eq + 1;
    const char *where = "--set";
    const rg_param_desc *d = rg_param_find(name);
    if (!d) return unknown_key(where, name, err);
    char *end = NULL;
    errno = 0;
    switch (d->type) {
    case RG_PT_INT: {
        long long v = strtoll(value, &end, 10);
        if (!*value || *end || errno)
            return wrong_type(where, d, "text that is not an integer", err);
        return store_number(p, d, (double)v, v, where, err);
    }
    case RG_PT_REAL: {
        double v = strtod(value, &end);
        if (!*value || *end || errno) return wrong_type(where, d, "text that is not a number", err);
        return store_number(p, d, v, 0, where, err);
    }
    case RG_PT_BOOL: {
        int *slot = (int *)((char *)p + d->offset);
        if (!strcmp(value, "true") || !strcmp(value, "1") || !strcmp(value, "yes"))
            *slot = 1;
        else if (!strcmp(value, "false") || !strcmp(value, "0") || !strcmp(value, "no"))
            *slot = 0;
        else
            return wrong_type(where, d, "text that is not a boolean", err);
        return RG_OK;
    }
    case RG_PT_STR:
    case RG_PT_CHOICE: {
        char buf[RG_STR_MAX + 2];
        size_t len = strlen(value);
        if (len >= 2 && value[0] == '"' && value[len - 1] == '"')
            snprintf(buf, sizeof buf, "%.*s", (int)(len - 2), value + 1);
        else
            snprintf(buf, sizeof buf, "%s", value);
        return store_text(p, d, buf, where, err);
    }
    }
    return RG_EINTERNAL;
}

rg_status rg_params_validate(const rg_params *p, rg_error *err)
{
    size_t n;
    const rg_module *const *mods = rg_modules(&n);
    for (size_t i = 0; i < n; i++)
        if (mods[i]->validate) RG_TRY(mods[i]->validate(p, rg_params_of(p, mods[i]), err));
    return RG_OK;
}

char *rg_config_resolved(const rg_params *p)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (!f) return NULL;
    size_t n;
    const rg_param_desc *t = rg_param_table(&n);
    fprintf(f, "# Resolved configuration: every parameter, defaults included. "
               "Runs as it is with `reintegra run`.\n");
    for (size_t i = 0; i < n; i++) {
        const char *dot = t[i].name + rg_param_group_len(t[i].name);
        if (rg_param_new_group(i ? t[i - 1].name : NULL, t[i].name)) {
            if (i) fputs("};\n", f);
            fprintf(f, "%.*s:\n{\n", (int)rg_param_group_len(t[i].name), t[i].name);
        }
        char value[RG_STR_MAX + 8];
        rg_param_format(&t[i], p, value, sizeof value);
        fprintf(f, "  %s = %s;\n", dot + 1, value);
    }
    if (n) fputs("};\n", f);
    fclose(f);
    return buf;
}
