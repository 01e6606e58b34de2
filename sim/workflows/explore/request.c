/*
 * Requests to the explorer: a strict reader of the one JSON shape it accepts,
 *   {"agents": 20000, "months": 36, "seed": 1, "person": 17,
 *    "levers": {"ban_the_box": true, "cbt_places": 120, "fresh_start_mode": "automatic"}}
 * Anything else (other keys, nesting, arrays, null, repeated keys, bad numbers,
 * non-ASCII text, trailing bytes) is refused with a message naming the place.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "workflows/explore/explore_internal.h"

typedef struct reader {
    const char *p, *start, *end;
    rg_error *err;
} reader;

static rg_status fail(reader *r, const char *what)
{
    return rg_error_set(r->err, RG_EINPUT, "request body, byte %zu: %s", (size_t)(r->p - r->start),
                        what);
}

static void skip_ws(reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static int take(reader *r, char c)
{
    skip_ws(r);
    if (r->p < r->end && *r->p == c) {
        r->p++;
        return 1;
    }
    return 0;
}

static int hex4(const char *s)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        int c = (unsigned char)s[i], d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* A string of printable ASCII (escapes allowed), at most size - 1 bytes. */
static rg_status read_string(reader *r, char *out, size_t size)
{
    if (!take(r, '"')) return fail(r, "expected a string in double quotes");
    size_t n = 0;
    while (r->p < r->end && *r->p != '"') {
        int c = (unsigned char)*r->p++;
        if (c == '\\') {
            if (r->p >= r->end) break;
            static const char esc[] = "\"\\/bfnrt", val[] = "\"\\/\b\f\n\r\t";
            const char *e = strchr(esc, *r->p);
            if (*r->p == 'u' && r->end - r->p >= 5) {
                c = hex4(r->p + 1);
                r->p += 5;
            } else if (e && *r->p) {
                c = (unsigned char)val[e - esc];
                r->p++;
            } else {
                return fail(r, "unknown escape in a string");
            }
        }
        if (c < 0x20 || c > 0x7e) return fail(r, "expected printable ASCII text in a string");
        if (n + 1 >= size) return fail(r, "a string is too long");
        out[n++] = (char)c;
    }
    if (!take(r, '"')) return fail(r, "a string does not end");
    out[n] = '\0';
    return RG_OK;
}

/* A JSON number (strict grammar), finite. */
static rg_status read_number(reader *r, double *v)
{
    skip_ws(r);
    const char *s = r->p;
    if (s < r->end && *s == '-') s++;
    if (s >= r->end || !isdigit((unsigned char)*s)) return fail(r, "expected a number");
    if (*s == '0' && s + 1 < r->end && isdigit((unsigned char)s[1]))
        return fail(r, "a number with a leading zero");
    while (s < r->end && isdigit((unsigned char)*s)) s++;
    if (s < r->end && *s == '.') {
        if (++s >= r->end || !isdigit((unsigned char)*s)) return fail(r, "expected digits after .");
        while (s < r->end && isdigit((unsigned char)*s)) s++;
    }
    if (s < r->end && (*s == 'e' || *s == 'E')) {
        s++;
        if (s < r->end && (*s == '+' || *s == '-')) s++;
        if (s >= r->end || !isdigit((unsigned char)*s)) return fail(r, "expected an exponent");
        while (s < r->end && isdigit((unsigned char)*s)) s++;
    }
    char buf[64];
    if ((size_t)(s - r->p) >= sizeof buf) return fail(r, "a number is too long");
    memcpy(buf, r->p, (size_t)(s - r->p));
    buf[s - r->p] = '\0';
    errno = 0;
    *v = strtod(buf, NULL);
    if (errno || !isfinite(*v)) return fail(r, "a number out of range");
    r->p = s;
    return RG_OK;
}

static int take_word(reader *r, const char *w)
{
    skip_ws(r);
    size_t n = strlen(w);
    if ((size_t)(r->end - r->p) >= n && memcmp(r->p, w, n) == 0) {
        r->p += n;
        return 1;
    }
    return 0;
}

static rg_status read_value(reader *r, ex_value *v)
{
    skip_ws(r);
    memset(v, 0, sizeof *v);
    int truth = take_word(r, "true");
    if (truth || take_word(r, "false")) {
        v->kind = 'b';
        v->num = truth;
        return RG_OK;
    }
    if (r->p < r->end && *r->p == '"') {
        v->kind = 's';
        return read_string(r, v->text, sizeof v->text);
    }
    v->kind = 'n';
    if (r->p < r->end && (*r->p == '-' || isdigit((unsigned char)*r->p)))
        return read_number(r, &v->num);
    return fail(r, "expected a number, true, false or a string");
}

static rg_status read_levers(reader *r, ex_query *q)
{
    if (!take(r, '{')) return fail(r, "levers: expected an object {\"name\": value, ...}");
    if (take(r, '}')) return RG_OK;
    do {
        if (q->n == EX_MAX_SETTINGS) return fail(r, "levers: too many");
        ex_setting *s = &q->levers[q->n];
        RG_TRY(read_string(r, s->name, sizeof s->name));
        for (int i = 0; i < q->n; i++)
            if (!strcmp(q->levers[i].name, s->name)) return fail(r, "levers: a lever given twice");
        if (!take(r, ':')) return fail(r, "expected ':'");
        RG_TRY(read_value(r, &s->v));
        q->n++;
    } while (take(r, ','));
    if (!take(r, '}')) return fail(r, "levers: expected ',' or '}'");
    return RG_OK;
}

/* A whole number for one of the query's own keys. */
static rg_status read_whole(reader *r, const char *key, long long *out)
{
    if (*out != -1) return fail(r, "a key given twice");
    double v = 0;
    RG_TRY(read_number(r, &v));
    if (v != floor(v) || v < 0 || v > 9007199254740991.0)
        return rg_error_set(r->err, RG_EINPUT, "%s: expected a whole number from 0, got %g", key,
                            v);
    *out = (long long)v;
    return RG_OK;
}

static rg_status read_member(reader *r, ex_query *q, int *levers_seen)
{
    char key[EX_NAME_MAX];
    RG_TRY(read_string(r, key, sizeof key));
    if (!take(r, ':')) return fail(r, "expected ':'");
    if (!strcmp(key, "levers")) {
        if ((*levers_seen)++) return fail(r, "a key given twice");
        return read_levers(r, q);
    }
    static const char *const keys[] = {"agents", "months", "seed", "person", "changed_from"};
    long long *slots[] = {&q->agents, &q->months, &q->seed, &q->person, &q->changed_from};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (!strcmp(key, keys[k])) return read_whole(r, key, slots[k]);
    return rg_error_set(r->err, RG_EINPUT,
                        "request body: unknown key \"%s\"; expected agents, months, seed, person, "
                        "changed_from or levers",
                        key);
}

rg_status ex_parse_query(const char *body, size_t len, ex_query *q, rg_error *err)
{
    memset(q, 0, sizeof *q);
    q->agents = q->months = q->seed = q->person = q->changed_from = -1;
    reader r = {body, body, body + len, err};
    if (memchr(body, '\0', len)) return fail(&r, "a NUL byte in the request");
    if (!take(&r, '{')) return fail(&r, "expected a JSON object {...}");
    int levers_seen = 0;
    if (!take(&r, '}')) {
        do RG_TRY(read_member(&r, q, &levers_seen));
        while (take(&r, ','));
        if (!take(&r, '}')) return fail(&r, "expected ',' or '}'");
    }
    skip_ws(&r);
    if (r.p != r.end) return fail(&r, "unexpected text after the object");
    return RG_OK;
}
