/* The explorer's JSON: errors, the levers, and a request turned into parameters. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "workflows/explore/explore_internal.h"
#include "reintegra/config.h"

void rg_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x7f)
            fprintf(f, "\\u%04x", c);
        else if (c > 0x7f)
            fputc('?', f);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

void ex_json_number(FILE *f, double v, int decimals)
{
    if (!isfinite(v)) {
        fputs("null", f);
        return;
    }
    if (decimals >= 0) {
        fprintf(f, "%.*f", decimals, v);
        return;
    }
    char buf[40];
    snprintf(buf, sizeof buf, "%.15g", v);
    if (strtod(buf, NULL) != v) snprintf(buf, sizeof buf, "%.17g", v);
    fputs(buf, f);
}

void ex_finish(rg_explore_response *r, FILE *f, char **buf, size_t *size)
{
    if (fclose(f) != 0 || !*buf) {
        free(*buf);
        r->status = 500;
        r->content_type = "application/json";
        r->body = "{\"error\": \"out of memory writing the answer\"}";
        r->len = strlen(r->body);
        return;
    }
    r->content_type = "application/json";
    r->owned = *buf;
    r->body = *buf;
    r->len = *size;
}

void ex_error(rg_explore_response *r, int status, const char *fmt, ...)
{
    char msg[RG_ERROR_MSG_MAX + 256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    r->status = status;
    if (!f) {
        r->content_type = "application/json";
        r->body = "{\"error\": \"out of memory\"}";
        r->len = strlen(r->body);
        return;
    }
    fputs("{\"error\": ", f);
    rg_json_string(f, msg);
    fputs("}\n", f);
    ex_finish(r, f, &buf, &size);
}

/* ---- Levers ---- */

static double param_number(const rg_params *p, const rg_param_desc *d)
{
    const char *slot = (const char *)p + d->offset;
    switch (d->type) {
    case RG_PT_INT: return (double)*(const long long *)slot;
    case RG_PT_REAL: return *(const double *)slot;
    case RG_PT_BOOL:
    case RG_PT_CHOICE: return *(const int *)slot;
    default: return NAN;
    }
}

typedef struct lever_range {
    double min, max, step;
} lever_range;

/* A slider's range: the table's, else the registry's; widened to hold the
 * scenario's own value. */
static lever_range range_of(const rg_lever *l, const rg_param_desc *d, const rg_params *base)
{
    lever_range r = {l->min, l->max, l->step};
    if (l->min == 0 && l->max == 0) {
        r.min = d->min;
        r.max = d->max;
        r.step = d->type == RG_PT_INT ? 1 : (d->max - d->min) / 100;
    }
    double v = param_number(base, d);
    if (v < r.min) r.min = v;
    if (v > r.max) r.max = v;
    return r;
}

static const char *kind_of(const rg_param_desc *d)
{
    return d->type == RG_PT_BOOL ? "switch" : d->type == RG_PT_CHOICE ? "choice" : "slider";
}

static void write_value(FILE *f, const rg_params *p, const rg_param_desc *d)
{
    if (d->type == RG_PT_BOOL) {
        fputs(param_number(p, d) != 0 ? "true" : "false", f);
    } else if (d->type == RG_PT_CHOICE) {
        char text[RG_STR_MAX];
        rg_param_choice_name(d, (int)param_number(p, d), text, sizeof text);
        rg_json_string(f, text);
    } else {
        ex_json_number(f, param_number(p, d), -1);
    }
}

void ex_write_lever_values(FILE *f, const rg_params *p)
{
    size_t n;
    const rg_lever *l = rg_explore_levers(&n);
    fputc('{', f);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%s\"%s\": ", i ? ", " : "", l[i].name);
        write_value(f, p, rg_param_find(l[i].param));
    }
    fputc('}', f);
}

static void write_choices(FILE *f, const rg_param_desc *d)
{
    fputs(", \"choices\": [", f);
    const char *c = d->choices;
    for (int k = 0; *c; k++) {
        size_t len = strcspn(c, "|");
        char text[RG_STR_MAX];
        snprintf(text, sizeof text, "%.*s", (int)len, c);
        fputs(k ? ", " : "", f);
        rg_json_string(f, text);
        c += len + (c[len] == '|');
    }
    fputc(']', f);
}

static void write_lever(FILE *f, const rg_lever *l, const rg_params *base)
{
    const rg_param_desc *d = rg_param_find(l->param);
    fputs("{\"name\": ", f);
    rg_json_string(f, l->name);
    fputs(", \"param\": ", f);
    rg_json_string(f, l->param);
    fprintf(f, ", \"kind\": \"%s\", \"section\": ", kind_of(d));
    rg_json_string(f, l->section);
    fputs(", \"label\": ", f);
    rg_json_string(f, l->label);
    fputs(", \"needs\": ", f);
    if (l->needs)
        rg_json_string(f, l->needs);
    else
        fputs("null", f);
    fputs(", \"value\": ", f);
    write_value(f, base, d);
    if (d->type == RG_PT_INT || d->type == RG_PT_REAL) {
        lever_range r = range_of(l, d, base);
        fputs(", \"min\": ", f);
        ex_json_number(f, r.min, -1);
        fputs(", \"max\": ", f);
        ex_json_number(f, r.max, -1);
        fputs(", \"step\": ", f);
        ex_json_number(f, r.step, -1);
    }
    if (d->type == RG_PT_CHOICE) write_choices(f, d);
    fputs(", \"unit\": ", f);
    rg_json_string(f, d->unit);
    fputs(", \"meaning\": ", f);
    rg_json_string(f, d->meaning);
    fputs(", \"source\": ", f);
    rg_json_string(f, d->source);
    fputc('}', f);
}

void ex_answer_levers(rg_explore *ex, rg_explore_response *r)
{
    const rg_params *base = ex_base(ex);
    const rg_explore_limits *l = rg_explore_get_limits(ex);
    char *buf = NULL;
    size_t size = 0, n;
    FILE *f = open_memstream(&buf, &size);
    if (!f) {
        ex_error(r, 500, "out of memory");
        return;
    }
    fputs("{\"scenario\": ", f);
    rg_json_string(f, base->run.name);
    fprintf(f,
            ",\n \"size\": {\"agents\": {\"min\": %lld, \"max\": %lld, \"value\": %lld}, "
            "\"months\": {\"min\": %lld, \"max\": %lld, \"value\": %lld}, \"seed\": %lld},\n"
            " \"limits\": {\"max_runs\": %d, \"max_body\": %zu},\n \"levers\": [",
            l->min_agents, l->max_agents, l->default_agents, l->min_months, l->max_months,
            l->default_months, base->run.seed, l->max_runs, l->max_body);
    const rg_lever *lv = rg_explore_levers(&n);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",\n  " : "\n  ", f);
        write_lever(f, &lv[i], base);
    }
    fputs("]}\n", f);
    r->status = 200;
    ex_finish(r, f, &buf, &size);
}

/* ---- A request turned into parameters ---- */

/* Set one parameter with the command line's own parsing and checks. */
static rg_status set_param(rg_params *p, const char *name, const char *value, const char *who,
                           char *args, size_t size, rg_error *err)
{
    char assign[RG_STR_MAX + 128];
    snprintf(assign, sizeof assign, "%s=%s", name, value);
    rg_error e = {0};
    if (rg_config_set(p, assign, &e) != RG_OK) {
        const char *msg = strncmp(e.msg, "--set: ", 7) == 0 ? e.msg + 7 : e.msg;
        return rg_error_set(err, RG_EINPUT, "%s: %s", who, msg);
    }
    size_t len = strlen(args);
    snprintf(args + len, size - len, "%s--set %s", len ? " " : "", assign);
    return RG_OK;
}

static rg_status apply_lever(const rg_params *base, const ex_setting *s, ex_worlds *w,
                             rg_error *err)
{
    const rg_lever *l = rg_explore_lever_find(s->name);
    if (!l)
        return rg_error_set(err, RG_EINPUT,
                            "unknown lever \"%.60s\"; GET /api/levers lists the levers", s->name);
    const rg_param_desc *d = rg_param_find(l->param);
    char who[128], value[RG_STR_MAX];
    snprintf(who, sizeof who, "lever %s", l->name);
    if (d->type == RG_PT_BOOL) {
        if (s->v.kind != 'b')
            return rg_error_set(err, RG_EINPUT, "%s: expected true or false", who);
        snprintf(value, sizeof value, "%s", s->v.num != 0 ? "true" : "false");
    } else if (d->type == RG_PT_CHOICE) {
        if (s->v.kind != 's')
            return rg_error_set(err, RG_EINPUT, "%s: expected one of \"%s\" as text", who,
                                d->choices);
        snprintf(value, sizeof value, "%s", s->v.text);
    } else {
        if (s->v.kind != 'n') return rg_error_set(err, RG_EINPUT, "%s: expected a number", who);
        lever_range r = range_of(l, d, base);
        if (s->v.num < r.min || s->v.num > r.max)
            return rg_error_set(err, RG_EINPUT,
                                "%s: %g is out of range; the explorer takes %g to %g (%s: %g to "
                                "%g with reintegra run)",
                                who, s->v.num, r.min, r.max, d->name, d->min, d->max);
        char num[40];
        snprintf(num, sizeof num, "%.15g", s->v.num);
        if (strtod(num, NULL) != s->v.num) snprintf(num, sizeof num, "%.17g", s->v.num);
        snprintf(value, sizeof value, "%s", num);
    }
    return set_param(&w->changed, l->param, value, who, w->changed_args, sizeof w->changed_args,
                     err);
}

static rg_status check_size(const char *what, long long v, long long lo, long long hi,
                            rg_error *err)
{
    if (v >= lo && v <= hi) return RG_OK;
    return rg_error_set(err, RG_EINPUT,
                        "%s: %lld is out of range; the explorer runs %lld to %lld (use reintegra "
                        "run for other sizes)",
                        what, v, lo, hi);
}

rg_status ex_apply(const rg_explore *ex, const ex_query *q, ex_worlds *w, rg_error *err)
{
    const rg_explore_limits *l = rg_explore_get_limits(ex);
    const rg_params *base = ex_base(ex);
    long long agents = q->agents < 0 ? l->default_agents : q->agents;
    long long months = q->months < 0 ? l->default_months : q->months;
    long long seed = q->seed < 0 ? base->run.seed : q->seed;
    RG_TRY(check_size("agents", agents, l->min_agents, l->max_agents, err));
    RG_TRY(check_size("months", months, l->min_months, l->max_months, err));
    w->base = *base;
    char v[3][32];
    snprintf(v[0], sizeof v[0], "%lld", seed);
    snprintf(v[1], sizeof v[1], "%lld", agents);
    snprintf(v[2], sizeof v[2], "%lld", months);
    w->base_args[0] = '\0';
    RG_TRY(set_param(&w->base, "run.seed", v[0], "seed", w->base_args, sizeof w->base_args, err));
    RG_TRY(
        set_param(&w->base, "run.agents", v[1], "agents", w->base_args, sizeof w->base_args, err));
    RG_TRY(
        set_param(&w->base, "run.months", v[2], "months", w->base_args, sizeof w->base_args, err));
    w->changed = w->base;
    snprintf(w->changed_args, sizeof w->changed_args, "%s", w->base_args);
    for (int i = 0; i < q->n; i++) RG_TRY(apply_lever(base, &q->levers[i], w, err));
    RG_TRY(rg_params_validate(&w->base, err));
    return rg_params_validate(&w->changed, err);
}
