/* Reading libconfig files safely (cfgfile.h). */
#include "common/cfgfile.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/files.h"

rg_status rg_cfg_read_text(const char *path, char **text, rg_error *err)
{
    size_t len = 0;
    RG_TRY(rg_file_read_regular(path, RG_CFG_MAX_BYTES, text, &len, err));
    if (strlen(*text) != len) {
        free(*text);
        *text = NULL;
        return rg_error_set(err, RG_EINPUT, "%s: holds a NUL byte; expected a text file", path);
    }
    return RG_OK;
}

/* The scan of a libconfig text: where the integer literals are. */
typedef struct scan {
    const char *text, *file;
    int line;
    size_t *insert; /* offsets after which an `L` goes */
    size_t ninsert, cap;
    rg_error *err;
} scan;

static int name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '*' || c == '.';
}

static rg_status fail(const scan *S, const char *what, const char *tok, size_t len)
{
    char shown[48];
    snprintf(shown, sizeof shown, "%.*s%s", (int)(len < 40 ? len : 40), tok, len > 40 ? "..." : "");
    return rg_error_set(S->err, RG_EINPUT, "%s:%d: %s%s", S->file, S->line, shown, what);
}

static rg_status add_insert(scan *S, size_t at)
{
    if (S->ninsert == S->cap) {
        size_t cap = S->cap ? 2 * S->cap : 16;
        size_t *more = realloc(S->insert, cap * sizeof *more);
        if (!more) return rg_error_set(S->err, RG_EINTERNAL, "out of memory");
        S->insert = more;
        S->cap = cap;
    }
    S->insert[S->ninsert++] = at;
    return RG_OK;
}

/* An integer literal at p (optional sign, decimal or 0x hex, optional L or LL).
 * Floats are skipped. *next is where scanning resumes. */
static rg_status number(scan *S, const char *p, const char **next)
{
    const char *start = p, *digits;
    if (*p == '+' || *p == '-') p++;
    int hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit((unsigned char)p[2]);
    digits = hex ? p + 2 : p;
    p = digits;
    while (hex ? isxdigit((unsigned char)*p) : isdigit((unsigned char)*p)) p++;
    if (!hex && (*p == '.' || *p == 'e' || *p == 'E')) { /* a float: not ours */
        while (isalnum((unsigned char)*p) || *p == '.' || *p == '+' || *p == '-') p++;
        *next = p;
        return RG_OK;
    }
    const char *end = p;
    int suffix = *p == 'L' ? (p[1] == 'L' ? 2 : 1) : 0;
    *next = p + suffix;
    errno = 0;
    if (hex) {
        unsigned long long u = strtoull(digits, NULL, 16);
        if (errno || u > (unsigned long long)INT64_MAX)
            return fail(S, ": does not fit a 64-bit integer", start, (size_t)(*next - start));
        if (!suffix && u > 0x7fffffffULL) return add_insert(S, (size_t)(end - S->text));
        return RG_OK;
    }
    long long v = strtoll(start, NULL, 10);
    if (errno == ERANGE)
        return fail(S, ": does not fit a 64-bit integer", start, (size_t)(*next - start));
    if (!suffix && (v > INT32_MAX || v < INT32_MIN)) return add_insert(S, (size_t)(end - S->text));
    return RG_OK;
}

/* Past a string literal starting at p (the opening quote). */
static rg_status string(scan *S, const char *p, const char **next)
{
    const char *q = p + 1;
    while (*q && *q != '"') {
        if (*q == '\\' && q[1]) q++;
        if (*q == '\n') S->line++;
        q++;
    }
    if ((size_t)(q - p) > RG_CFG_MAX_STRING)
        return rg_error_set(S->err, RG_EINPUT,
                            "%s:%d: a string of more than %d characters; expected shorter text",
                            S->file, S->line, RG_CFG_MAX_STRING);
    *next = *q ? q + 1 : q;
    return RG_OK;
}

/* Past a comment at p, if there is one (0 when p starts none). */
static int comment(scan *S, const char *p, const char **next)
{
    if (*p == '#' || (p[0] == '/' && p[1] == '/')) {
        while (*p && *p != '\n') p++;
    } else if (p[0] == '/' && p[1] == '*') {
        p += 2;
        while (*p && !(p[0] == '*' && p[1] == '/')) S->line += *p++ == '\n';
        if (*p) p += 2;
    } else {
        return 0;
    }
    *next = p;
    return 1;
}

static rg_status scan_text(scan *S)
{
    const char *p = S->text;
    int line_start = 1;
    while (*p) {
        const char *next = p + 1;
        if (*p == '\n') {
            S->line++;
            line_start = 1;
            p++;
            continue;
        }
        if (comment(S, p, &next)) {
        } else if (*p == '"') {
            RG_TRY(string(S, p, &next));
        } else if (*p == '@' && line_start) {
            return rg_error_set(S->err, RG_EINPUT,
                                "%s:%d: @include: not supported; a scenario builds on another "
                                "with inherit = \"FILE\";",
                                S->file, S->line);
        } else if ((isdigit((unsigned char)*p) ||
                    ((*p == '-' || *p == '+') && isdigit((unsigned char)p[1]))) &&
                   (p == S->text || !name_char(p[-1]))) {
            RG_TRY(number(S, p, &next));
        } else if (name_char(*p)) {
            while (name_char(*next)) next++;
        }
        if (*p != ' ' && *p != '\t' && *p != '\r') line_start = 0;
        p = next;
    }
    return RG_OK;
}

/* The text with an L after each literal that needs 64 bits (malloc'd). */
static char *with_suffixes(const scan *S)
{
    size_t len = strlen(S->text);
    char *out = malloc(len + S->ninsert + 1), *w = out;
    if (!out) return NULL;
    size_t from = 0;
    for (size_t k = 0; k < S->ninsert; k++) {
        memcpy(w, S->text + from, S->insert[k] - from);
        w += S->insert[k] - from;
        *w++ = 'L';
        from = S->insert[k];
    }
    memcpy(w, S->text + from, len - from + 1);
    return out;
}

rg_status rg_cfg_parse(config_t *cfg, const char *text, const char *file, rg_error *err)
{
    scan S = {text, file, 1, NULL, 0, 0, err};
    rg_status st = scan_text(&S);
    char *fixed = NULL;
    if (st == RG_OK && S.ninsert && !(fixed = with_suffixes(&S)))
        st = rg_error_set(err, RG_EINTERNAL, "out of memory");
    free(S.insert);
    if (st != RG_OK) return st;
    if (config_read_string(cfg, fixed ? fixed : text) != CONFIG_TRUE)
        st = rg_error_set(err, RG_EINPUT,
                          "%s:%d: syntax error: %s; expected libconfig syntax such as "
                          "`group: { key = value; };`",
                          file, config_error_line(cfg), config_error_text(cfg));
    free(fixed);
    return st;
}

rg_status rg_cfg_read(config_t *cfg, const char *path, rg_error *err)
{
    char *text = NULL;
    RG_TRY(rg_cfg_read_text(path, &text, err));
    rg_status st = rg_cfg_parse(cfg, text, path, err);
    free(text);
    return st;
}

void rg_cfg_format_int(long long v, char *buf, size_t size)
{
    snprintf(buf, size, "%lld%s", v, v > INT32_MAX || v < INT32_MIN ? "L" : "");
}
