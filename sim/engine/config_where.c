/*
 * Where a parameter was set: the FILE:LINE (or --set) that a problem between
 * parameters is reported at, so that `population.neighbourhoods (40) exceeds
 * run.agents (5)` points at the line the user wrote.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/cfgfile.h"
#include "common/files.h"
#include "reintegra/config.h"

enum { MAX_DEPTH = 32 };

/* Does `name` occur in msg as a whole word? */
static int mentions(const char *msg, const char *name)
{
    size_t len = strlen(name);
    for (const char *p = strstr(msg, name); p; p = strstr(p + 1, name)) {
        char before = p == msg ? ' ' : p[-1], after = p[len];
        if (!(before == '.' || before == '_' || (before >= 'a' && before <= 'z')) &&
            !(after == '.' || after == '_' || (after >= 'a' && after <= 'z')))
            return 1;
    }
    return 0;
}

/* Is parameter d named by msg: "group.key", or "key" after a leading "group: "? */
static int named(const char *msg, const rg_param_desc *d)
{
    if (mentions(msg, d->name)) return 1;
    size_t glen = rg_param_group_len(d->name);
    return !strncmp(msg, d->name, glen) && msg[glen] == ':' && mentions(msg, d->name + glen + 1);
}

/* The line of the setting of `name` in the file chain from `path` (the scenario
 * first, then what it inherits): 0 when none sets it; *file gets the file and
 * *depth how far down the chain it is. */
static unsigned line_in_chain(const char *path, const char *name, char *file, size_t size,
                              int *depth_out)
{
    char cur[PATH_MAX];
    snprintf(cur, sizeof cur, "%s", path);
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
        config_t cfg;
        config_init(&cfg);
        rg_error ignored = {0};
        unsigned line = 0;
        const char *base = NULL;
        char next[PATH_MAX] = "";
        if (rg_cfg_read(&cfg, cur, &ignored) == RG_OK) {
            const config_setting_t *s = config_lookup(&cfg, name);
            if (s) line = config_setting_source_line(s);
            if (!line && config_lookup_string(&cfg, "inherit", &base))
                rg_path_relative_to(cur, base, next, sizeof next);
        }
        config_destroy(&cfg);
        if (line) {
            snprintf(file, size, "%s", cur);
            *depth_out = depth;
            return line;
        }
        if (!next[0]) return 0;
        snprintf(cur, sizeof cur, "%s", next);
    }
    return 0;
}

/* Where parameter d was last set, ranked: the later the higher (--set above the
 * scenario above its base files); 0 nowhere (its default). */
static int where_set(const rg_param_desc *d, const char *path, char *const *sets, int nsets,
                     char *where, size_t size)
{
    size_t len = strlen(d->name);
    for (int i = nsets; i-- > 0;)
        if (!strncmp(sets[i], d->name, len) && sets[i][len] == '=') {
            snprintf(where, size, "--set %s", d->name);
            return MAX_DEPTH + 1 + i;
        }
    char file[PATH_MAX];
    int depth = 0;
    unsigned line = path ? line_in_chain(path, d->name, file, sizeof file, &depth) : 0;
    if (!line) return 0;
    snprintf(where, size, "%s:%u", file, line);
    return MAX_DEPTH - depth;
}

rg_status rg_config_validate(const rg_params *p, const char *path, char *const *sets, int nsets,
                             rg_error *err)
{
    rg_error inner = {0};
    if (rg_params_validate(p, &inner) == RG_OK) return RG_OK;
    size_t n;
    const rg_param_desc *t = rg_param_table(&n);
    char best[PATH_MAX + 64] = "", where[PATH_MAX + 64];
    int rank = 0;
    for (size_t i = 0; i < n; i++) {
        if (!named(inner.msg, &t[i])) continue;
        int r = where_set(&t[i], path, sets, nsets, where, sizeof where);
        if (r > rank) {
            rank = r;
            snprintf(best, sizeof best, "%s", where);
        }
    }
    if (!rank && path) snprintf(best, sizeof best, "%s", path);
    if (!best[0]) return rg_error_set(err, inner.status, "%s", inner.msg);
    return rg_error_set(err, inner.status, "%s: %s", best, inner.msg);
}

rg_status rg_config_check_output(const char *path, const char *output, rg_error *err)
{
    if (rg_path_is_dir(output))
        return rg_error_set(err, RG_EINPUT, "%s: is a folder; expected the name of a file", output);
    char cur[PATH_MAX];
    snprintf(cur, sizeof cur, "%s", path);
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
        if (rg_file_same(cur, output))
            return rg_error_set(
                err, RG_EINPUT,
                "%s: is %s; refusing to overwrite an input (choose another "
                "output name)",
                output, depth ? "a scenario file that the scenario inherits" : "the scenario file");
        config_t cfg;
        config_init(&cfg);
        rg_error ignored = {0};
        const char *base = NULL;
        char next[PATH_MAX] = "";
        if (rg_cfg_read(&cfg, cur, &ignored) == RG_OK &&
            config_lookup_string(&cfg, "inherit", &base))
            rg_path_relative_to(cur, base, next, sizeof next);
        config_destroy(&cfg);
        if (!next[0]) return RG_OK;
        snprintf(cur, sizeof cur, "%s", next);
    }
    return RG_OK;
}
