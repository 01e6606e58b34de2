/* The HTML report with inline SVG charts. */
#include "reintegra/report.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/files.h"
#include "reintegra/compare.h"
#include "reintegra/life.h"
#include "reintegra/story.h"
#include "reintegra/tables.h"
#include "common/text.h"

/* The study as the sections see it: every report is written through a view, the
 * caller's study (copied: the first member) and the options, so that a section,
 * called with &view.s, reaches the options through options_of(s). */
typedef struct report_view {
    rg_study s;
    const rg_report_options *o;
    size_t base;
} report_view;

static const rg_report_options *options_of(const rg_study *s)
{
    return ((const report_view *)(const void *)s)->o;
}

static size_t base_of(const rg_study *s)
{
    return ((const report_view *)(const void *)s)->base;
}

/* --- the policies of each scenario (given by the caller) ---------------------------- */

static const rg_report_scenario *policies_of(const rg_study *s, size_t k)
{
    const rg_report_options *o = options_of(s);
    return o->scenarios ? &o->scenarios[k] : NULL;
}

/* Is policy p on, from the same month, in scenario sc? */
static int policy_in(const rg_report_scenario *sc, const rg_report_policy *p)
{
    for (size_t i = 0; sc && i < sc->n; i++)
        if (!strcmp(sc->policy[i].name, p->name) && sc->policy[i].start_month == p->start_month)
            return 1;
    return 0;
}

/* The policies scenario k switches on that the base does not (or from another
 * month); the base's own against no policy. */
static size_t changed_policies(const rg_study *s, size_t k, const rg_report_policy **out)
{
    const rg_report_scenario *sc = policies_of(s, k), *b = policies_of(s, base_of(s));
    size_t n = 0;
    for (size_t i = 0; sc && i < sc->n && n < RG_REPORT_POLICIES; i++)
        if (k == base_of(s) || !policy_in(b, &sc->policy[i])) out[n++] = &sc->policy[i];
    return n;
}

/* "Ban the Box" from "Ban the Box: covered employers ..." (the module's name
 * without a mechanism). */
static void policy_name(const rg_report_policy *p, char *buf, size_t size)
{
    const char *m = p->mechanism ? p->mechanism : "", *colon = strstr(m, ": ");
    if (colon)
        snprintf(buf, size, "%.*s", (int)(colon - m), m);
    else
        snprintf(buf, size, "%s", p->name);
}

/* A scenario in plain words: the policies it adds to the base, else its name. */
static void plain_name(const rg_study *s, size_t k, char *buf, size_t size)
{
    const rg_report_policy *p[RG_REPORT_POLICIES];
    size_t n = changed_policies(s, k, p);
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        char name[128];
        policy_name(p[i], name, sizeof name);
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s", i == 0 ? "" : (i + 1 == n ? " and " : ", "), name);
    }
    if (!n && policies_of(s, k) && policies_of(s, k)->n == 0)
        snprintf(buf, size, "current policy (no policy or programme on)");
    else if (!n)
        snprintf(buf, size, "%s", s->scenarios[k].label);
}

/* Okabe & Ito (2008) colour-blind-safe palette, in an order that keeps the first
 * colours distinct on white; dashes give every line a second cue. */
static const char *const palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#000000"};
static const char *const dashes[] = {"", "8 4", "2 3", "10 3 2 3", "4 4", "12 4", "1 2"};
enum { PALETTE = sizeof palette / sizeof palette[0] };

/* Chart geometry (SVG user units). */
enum { W = 880, H = 360, ML = 70, MR = 180, MT = 40, MB = 56 };

/* A number with `d` decimals and thousands separators (12,345.6), signed if asked;
 * values that round to zero print as zero. */
static void number(char *buf, size_t size, double v, int d, int signed_)
{
    const double half = 0.5 * pow(10.0, -d);
    if (fabs(v) < half) v = 0.0;
    char digits[64];
    snprintf(digits, sizeof digits, "%.*f", d, fabs(v));
    size_t whole = strcspn(digits, "."), used = 0;
    const char *sign = v < 0 ? "-" : (signed_ ? "+" : "");
    used += (size_t)snprintf(buf, size, "%s", sign);
    for (size_t i = 0; digits[i] && used + 2 < size; i++) {
        if (i > 0 && i < whole && (whole - i) % 3 == 0) buf[used++] = ',';
        buf[used++] = digits[i];
    }
    buf[used < size ? used : size - 1] = '\0';
}

/* An estimate as "12,345 [12,000, 12,700]" (report_estimate's numbers). */
static void report_estimate(char *buf, size_t size, rg_estimate e, const char *unit, int signed_)
{
    if (isnan(e.est)) {
        snprintf(buf, size, "-");
        return;
    }
    const int d = rg_unit_decimals(unit);
    char v[48], lo[48], hi[48];
    number(v, sizeof v, e.est, d, signed_);
    if (isnan(e.lo) || isnan(e.hi)) {
        snprintf(buf, size, "%s", v);
        return;
    }
    number(lo, sizeof lo, e.lo, d, 0);
    number(hi, sizeof hi, e.hi, d, 0);
    snprintf(buf, size, "%s [%s, %s]", v, lo, hi);
}

static void cell(FILE *f, rg_estimate e, const char *unit, int signed_)
{
    char buf[192];
    report_estimate(buf, sizeof buf, e, unit, signed_);
    fputs("<td>", f);
    rg_html_text(f, buf);
    fputs("</td>", f);
}

/* A cell of a count of people with its rate per 1,000 people in the run beneath
 * (other units: cell). */
static void count_cell(FILE *f, rg_estimate e, const char *unit, int signed_, long long agents)
{
    if (strcmp(unit, "people") || agents <= 0 || isnan(e.est)) {
        cell(f, e, unit, signed_);
        return;
    }
    char buf[192], per[48];
    report_estimate(buf, sizeof buf, e, unit, signed_);
    number(per, sizeof per, 1000.0 * e.est / (double)agents, 1, signed_);
    fputs("<td>", f);
    rg_html_text(f, buf);
    fprintf(f, "<span class=\"per\">%s per 1,000</span></td>", per);
}

/* An estimate with its interval on a line of its own (narrow tables). */
static void stacked_cell(FILE *f, rg_estimate e, const char *unit, int signed_)
{
    if (isnan(e.lo) || isnan(e.hi) || isnan(e.est)) {
        cell(f, e, unit, signed_);
        return;
    }
    const int d = rg_unit_decimals(unit);
    char v[48], lo[48], hi[48];
    number(v, sizeof v, e.est, d, signed_);
    number(lo, sizeof lo, e.lo, d, 0);
    number(hi, sizeof hi, e.hi, d, 0);
    fprintf(f, "<td>%s<span class=\"ci\">[%s, %s]</span></td>", v, lo, hi);
}

/* A "nice" tick step for a range (1, 2 or 5 times a power of ten). */
static double nice_step(double range, int ticks)
{
    double raw = range / ticks, p = pow(10.0, floor(log10(raw))), r = raw / p;
    return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * p;
}

typedef struct axis {
    double lo, hi;
} axis;

static double sx(axis x, double v)
{
    return ML + (v - x.lo) / (x.hi - x.lo) * (W - ML - MR);
}

static double sy(axis y, double v)
{
    return H - MB - (v - y.lo) / (y.hi - y.lo) * (H - MT - MB);
}

/* A y axis over [lo, hi] with round ends; percentages stop at 100. */
static axis y_range(double lo, double hi, int zero, int percent)
{
    if (!(hi > lo)) hi = lo + 1;
    int capped = percent && hi <= 100.0;
    if (zero && lo > 0) lo = 0;
    double pad = 0.05 * (hi - lo);
    lo = zero && lo >= 0 ? lo : lo - pad;
    hi += pad;
    double st = nice_step(hi - lo, 5);
    axis a = {floor(lo / st) * st, ceil(hi / st) * st};
    if (capped && a.hi > 100.0) a.hi = 100.0;
    return a;
}

static void chart_open(FILE *f, const char *id, const char *title, const char *desc, int height)
{
    fprintf(f,
            "<figure class=\"chart\" id=\"%s\">\n<svg class=\"chart\" viewBox=\"0 0 %d %d\" "
            "role=\"img\" aria-labelledby=\"%s-t %s-d\" xmlns=\"http://www.w3.org/2000/svg\">\n"
            "<title id=\"%s-t\">",
            id, W, height, id, id, id);
    rg_html_text(f, title);
    fprintf(f, "</title>\n<desc id=\"%s-d\">", id);
    rg_html_text(f, desc);
    fputs("</desc>\n", f);
    fprintf(f, "<text x=\"%d\" y=\"24\" class=\"ctitle\">", ML);
    rg_html_text(f, title);
    fputs("</text>\n", f);
}

static void axes(FILE *f, axis x, axis y, const char *xlabel, const char *ylabel, double xstep)
{
    double st = nice_step(y.hi - y.lo, 5);
    for (double v = y.lo; v <= y.hi + 1e-9 * st; v += st) {
        double yy = sy(y, v);
        fprintf(f,
                "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
                "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%g</text>\n",
                ML, W - MR, yy, yy, ML - 6, yy + 4, fabs(v) < 1e-9 * st ? 0.0 : v);
    }
    for (double v = x.lo; v <= x.hi + 1e-9; v += xstep) {
        double xx = sx(x, v);
        fprintf(f,
                "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" class=\"axis\"/>"
                "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%g</text>\n",
                xx, xx, H - MB, H - MB + 5, xx, H - MB + 19, v);
    }
    fprintf(f,
            "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" class=\"axis\"/>"
            "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" class=\"axis\"/>\n",
            ML, W - MR, H - MB, H - MB, ML, ML, MT, H - MB);
    fprintf(f, "<text x=\"%d\" y=\"%d\" class=\"label\" text-anchor=\"middle\">", (ML + W - MR) / 2,
            H - 12);
    rg_html_text(f, xlabel);
    fprintf(f,
            "</text>\n<text transform=\"translate(16 %d) rotate(-90)\" class=\"label\" "
            "text-anchor=\"middle\">",
            (MT + H - MB) / 2);
    rg_html_text(f, ylabel);
    fputs("</text>\n", f);
}

static void legend_entry(FILE *f, int k, int row, const char *name, int bar)
{
    int y = MT + 10 + 22 * row;
    if (bar)
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"28\" height=\"12\" fill=\"%s\"/>", W - MR + 12,
                y - 6, palette[k % PALETTE]);
    else
        fprintf(f,
                "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" "
                "stroke-width=\"3\" stroke-dasharray=\"%s\"/>",
                W - MR + 12, W - MR + 40, y, y, palette[k % PALETTE], dashes[k % PALETTE]);
    fprintf(f, "<text x=\"%d\" y=\"%d\" class=\"legend\">", W - MR + 46, y + 4);
    rg_html_text(f, name);
    fputs("</text>\n", f);
}

/* A time series per scenario, value(k, t) with interval, over months 0..n-1. */
/* `base`: the scenario a difference chart subtracts (NULL for levels). */
typedef rg_estimate (*series_at)(const rg_scenario *sc, const rg_scenario *base, int which, int t);

static rg_estimate survival_at(const rg_scenario *sc, const rg_scenario *base, int measure, int t)
{
    (void)base;
    return rg_scenario_survival(sc, measure, t);
}

static rg_estimate series_value_at(const rg_scenario *sc, const rg_scenario *base, int s, int t)
{
    (void)base;
    return rg_scenario_series(sc, (rg_series)s, t);
}

/* Differences from the base scenario (none drawn for the base itself). */
static rg_estimate survival_diff_at(const rg_scenario *sc, const rg_scenario *base, int measure,
                                    int t)
{
    return sc == base ? rg_estimate_none() : rg_contrast_survival(base, sc, measure, t);
}

static rg_estimate series_diff_at(const rg_scenario *sc, const rg_scenario *base, int s, int t)
{
    return sc == base ? rg_estimate_none() : rg_contrast_series(base, sc, (rg_series)s, t);
}

static int scenario_present(const rg_scenario *sc, const rg_scenario *base, series_at at, int which,
                            int t0, int t1)
{
    for (int t = t0; t < t1; t++)
        if (!isnan(at(sc, base, which, t).est)) return 1;
    return 0;
}

static int series_present(const rg_study *s, series_at at, int which, int t0, int t1)
{
    for (size_t k = 0; k < s->n_scenarios; k++)
        if (scenario_present(&s->scenarios[k], NULL, at, which, t0, t1)) return 1;
    return 0;
}

/* A percentage's interval cannot leave [0, 100]: draw it clipped. */
static rg_estimate clip_percent(rg_estimate e, int percent)
{
    if (percent) {
        if (!isnan(e.lo)) e.lo = fmax(0.0, fmin(100.0, e.lo));
        if (!isnan(e.hi)) e.hi = fmax(0.0, fmin(100.0, e.hi));
    }
    return e;
}

/* What a line chart shows: at(scenario, base, which, t) over months t0..t1-1;
 * with a base, each scenario's difference from it (the base itself not drawn). */
typedef struct chart_spec {
    series_at at;
    const rg_scenario *base;
    int which, t0, t1;
    const char *id, *title, *desc, *xlabel, *ylabel, *unit;
    int zero; /* the y axis includes zero */
} chart_spec;

/* A level's interval cannot leave [0, 100] when it is a percentage. */
static rg_estimate chart_value(const chart_spec *c, const rg_scenario *sc, int t)
{
    rg_estimate e = c->at(sc, c->base, c->which, t);
    return c->base ? e : clip_percent(e, !strcmp(c->unit, "%"));
}

/* One scenario's band (the interval) and line. */
static void chart_line(FILE *f, const chart_spec *c, const rg_scenario *sc, axis x, axis y,
                       size_t k)
{
    fprintf(f, "<path class=\"band\" fill=\"%s\" d=\"", palette[k % PALETTE]);
    int started = 0;
    for (int t = c->t0; t < c->t1; t++) {
        rg_estimate e = chart_value(c, sc, t);
        if (isnan(e.hi)) continue;
        fprintf(f, "%c%.1f %.1f ", started ? 'L' : 'M', sx(x, t), sy(y, e.hi));
        started = 1;
    }
    for (int t = c->t1 - 1; started && t >= c->t0; t--) {
        rg_estimate e = chart_value(c, sc, t);
        if (!isnan(e.lo)) fprintf(f, "L%.1f %.1f ", sx(x, t), sy(y, e.lo));
    }
    fprintf(f, "%s\"/>\n<path class=\"line\" stroke=\"%s\" stroke-dasharray=\"%s\" d=\"",
            started ? "Z" : "", palette[k % PALETTE], dashes[k % PALETTE]);
    started = 0;
    for (int t = c->t0; t < c->t1; t++) {
        rg_estimate e = chart_value(c, sc, t);
        if (isnan(e.est)) {
            started = 0;
            continue;
        }
        fprintf(f, "%c%.1f %.1f ", started ? 'L' : 'M', sx(x, t), sy(y, e.est));
        started = 1;
    }
    fputs("\"/>\n", f);
}

/* Table fallback of a chart: every sixth month and the last. */
static void chart_table(FILE *f, const rg_study *s, const chart_spec *c)
{
    fputs("<details><summary>Data table</summary><table><thead><tr><th scope=\"col\">", f);
    rg_html_text(f, c->xlabel);
    fputs("</th>", f);
    for (size_t k = 0; k < s->n_scenarios; k++) {
        if (&s->scenarios[k] == c->base) continue;
        fputs("<th scope=\"col\">", f);
        rg_html_text(f, s->scenarios[k].label);
        fputs("</th>", f);
    }
    fputs("</tr></thead><tbody>\n", f);
    for (int t = c->t0; t < c->t1; t++) {
        if ((t - c->t0) % 6 && t != c->t1 - 1) continue;
        fprintf(f, "<tr><th scope=\"row\">%d</th>", t);
        for (size_t k = 0; k < s->n_scenarios; k++)
            if (&s->scenarios[k] != c->base)
                cell(f, c->at(&s->scenarios[k], c->base, c->which, t), c->unit, c->base != NULL);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table></details></figure>\n", f);
}

enum { START_MARKS = 16 };

/* The months at which the policies that scenarios add to the base start, each with
 * the policies' names; *n of them. */
typedef struct start_mark {
    int month;
    char names[512];
} start_mark;

static size_t start_marks(const rg_study *s, start_mark *marks)
{
    size_t n = 0;
    for (size_t k = 0; k < s->n_scenarios; k++) {
        const rg_report_policy *p[RG_REPORT_POLICIES];
        size_t np = k == base_of(s) ? 0 : changed_policies(s, k, p);
        for (size_t i = 0; i < np; i++) {
            char name[128];
            policy_name(p[i], name, sizeof name);
            size_t j = 0;
            while (j < n && marks[j].month != p[i]->start_month) j++;
            if (j == n && n == START_MARKS) continue;
            if (j == n) marks[n++] = (start_mark){p[i]->start_month, ""};
            if (strstr(marks[j].names, name)) continue;
            size_t len = strlen(marks[j].names);
            snprintf(marks[j].names + len, sizeof marks[j].names - len, "%s%s", len ? ", " : "",
                     name);
        }
    }
    return n;
}

/* A dashed line where each policy starts, labelled with what starts. */
static void start_markers(FILE *f, const rg_study *s, axis x)
{
    start_mark marks[START_MARKS];
    size_t n = start_marks(s, marks);
    for (size_t j = 0; j < n; j++) {
        if (marks[j].month < x.lo || marks[j].month > x.hi) continue;
        double xx = sx(x, marks[j].month);
        int right = xx > (ML + W - MR) / 2.0;
        fprintf(f,
                "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" class=\"start\"/>"
                "<text x=\"%.1f\" y=\"%d\" class=\"startlabel\" text-anchor=\"%s\">",
                xx, xx, MT, H - MB, right ? xx - 5 : xx + 5, MT + 12 + 14 * (int)j,
                right ? "end" : "start");
        rg_html_text(f, marks[j].names);
        fprintf(f, " start%s (month %d)</text>\n", strchr(marks[j].names, ',') ? "" : "s",
                marks[j].month);
    }
}

static void line_chart(FILE *f, const rg_study *s, const chart_spec *c)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < s->n_scenarios; k++)
        for (int t = c->t0; t < c->t1; t++) {
            rg_estimate e = chart_value(c, &s->scenarios[k], t);
            if (isnan(e.est)) continue;
            lo = fmin(lo, isnan(e.lo) ? e.est : e.lo);
            hi = fmax(hi, isnan(e.hi) ? e.est : e.hi);
        }
    if (!isfinite(lo)) return;
    axis x = {c->t0, c->t1 - 1},
         y = y_range(lo, hi, c->zero || c->base, !c->base && !strcmp(c->unit, "%"));
    chart_open(f, c->id, c->title, c->desc, H);
    axes(f, x, y, c->xlabel, c->ylabel, (c->t1 - 1 - c->t0) > 36 ? 12 : 6);
    if (c->base && y.lo < 0 && y.hi > 0)
        fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"zero\"/>\n", ML,
                W - MR, sy(y, 0), sy(y, 0));
    start_markers(f, s, x);
    int row = 0;
    for (size_t k = 0; k < s->n_scenarios; k++) {
        const rg_scenario *sc = &s->scenarios[k];
        if (sc == c->base) continue;
        chart_line(f, c, sc, x, y, k);
        legend_entry(f, (int)k, row++, sc->label, 0);
    }
    fputs("</svg>\n", f);
    chart_table(f, s, c);
}

static int available(const rg_study *s, rg_metric m, rg_group g)
{
    for (size_t k = 0; k < s->n_scenarios; k++)
        if (!isnan(rg_scenario_metric(&s->scenarios[k], m, g).est)) return 1;
    return 0;
}

static void metric_th(FILE *f, rg_metric m, const char *suffix)
{
    fputs("<th scope=\"row\" title=\"", f);
    rg_html_text(f, rg_metric_description(m));
    fputs("\">", f);
    rg_html_text(f, rg_metric_label(m));
    fprintf(f, " <span class=\"unit\">(%s)</span>", rg_metric_unit(m));
    if (suffix) {
        fputs(", ", f);
        rg_html_text(f, suffix);
    }
    fputs("</th>", f);
}

static void headline_table(FILE *f, const rg_study *s)
{
    fputs("<table class=\"num\"><caption>Every scenario, everyone (95% confidence intervals)"
          "</caption><thead><tr><th scope=\"col\">metric</th>",
          f);
    for (size_t k = 0; k < s->n_scenarios; k++) {
        fprintf(f, "<th scope=\"col\"><span class=\"swatch\" style=\"background:%s\"></span>",
                palette[k % PALETTE]);
        rg_html_text(f, s->scenarios[k].label);
        fputs("</th>", f);
    }
    fputs("</tr></thead><tbody>\n", f);
    for (int m = 0; m < RG_METRIC_COUNT; m++) {
        if (!available(s, (rg_metric)m, RG_G_ALL)) continue;
        fputs("<tr>", f);
        metric_th(f, (rg_metric)m, NULL);
        for (size_t k = 0; k < s->n_scenarios; k++)
            count_cell(f, rg_scenario_metric(&s->scenarios[k], (rg_metric)m, RG_G_ALL),
                       rg_metric_unit((rg_metric)m), 0, s->scenarios[k].runs[0]->agents);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

/* Dot-and-whisker chart of the differences of percentage metrics. */
static void forest(FILE *f, const rg_study *s, size_t base)
{
    static const rg_metric ms[] = {RG_M_REARREST_1Y,     RG_M_REARREST_3Y,        RG_M_REARREST_5Y,
                                   RG_M_RECONVICTION_3Y, RG_M_REINCARCERATION_3Y, RG_M_TIME_FREE,
                                   RG_M_EMPLOYMENT,      RG_M_HOUSING_STABLE,     RG_M_HOMELESS};
    const rg_scenario *b = &s->scenarios[base];
    int rows = 0;
    double lo = 0, hi = 0;
    size_t longest = 0; /* characters of the longest row label */
    for (size_t j = 0; j < sizeof ms / sizeof ms[0]; j++)
        for (size_t k = 0; k < s->n_scenarios; k++) {
            if (k == base) continue;
            rg_estimate e = rg_contrast_metric(b, &s->scenarios[k], ms[j], RG_G_ALL);
            if (isnan(e.est)) continue;
            size_t len = strlen(rg_metric_label(ms[j])) + 2 + strlen(s->scenarios[k].label);
            if (len > longest) longest = len;
            lo = fmin(lo, isnan(e.lo) ? e.est : e.lo);
            hi = fmax(hi, isnan(e.hi) ? e.est : e.hi);
            rows++;
        }
    if (!rows) return;
    /* The labels' column is as wide as the longest label (12 px text: about 6.6 px a
     * character), within a third and two thirds of the chart. */
    int left = 30 + (int)(6.6 * (double)longest);
    left = left < W / 3 ? W / 3 : (left > 2 * W / 3 ? 2 * W / 3 : left);
    int rowh = 18, h = MT + 30 + rows * rowh + 60, right = W - 40;
    double st = nice_step(hi - lo > 0 ? hi - lo : 1, 6);
    lo = floor(lo / st) * st - (lo == 0 ? st : 0);
    hi = ceil(hi / st) * st + (hi == 0 ? st : 0);
    fprintf(f,
            "<figure class=\"chart\" id=\"forest\">\n<svg class=\"chart\" viewBox=\"0 0 %d %d\" "
            "role=\"img\" aria-labelledby=\"forest-t forest-d\" "
            "xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"forest-t\">Differences from ",
            W, h);
    rg_html_text(f, b->label);
    fputs(" (percentage points, 95% intervals)</title>\n<desc id=\"forest-d\">For each metric "
          "and scenario, a dot at the difference from the base scenario and a bar for its "
          "confidence interval; left of zero is lower than the base.</desc>\n",
          f);
    fprintf(f, "<text x=\"20\" y=\"24\" class=\"ctitle\">Differences from ");
    rg_html_text(f, b->label);
    fputs(" (percentage points, 95% intervals)</text>\n", f);
#define FX(v) (left + ((v)-lo) / (hi - lo) * (right - left))
    int bottom = MT + 10 + rows * rowh;
    for (double v = lo; v <= hi + 1e-9 * st; v += st)
        fprintf(f,
                "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" class=\"grid\"/><text "
                "x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%g</text>\n",
                FX(v), FX(v), MT, bottom, FX(v), bottom + 16, fabs(v) < 1e-9 * st ? 0.0 : v);
    fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" class=\"zero\"/>\n", FX(0.0),
            FX(0.0), MT, bottom);
    fprintf(f,
            "<text x=\"%.1f\" y=\"%d\" class=\"label\" text-anchor=\"middle\">difference from "
            "the base scenario (percentage points)</text>\n",
            (left + right) / 2.0, bottom + 40);
    int row = 0;
    for (size_t j = 0; j < sizeof ms / sizeof ms[0]; j++)
        for (size_t k = 0; k < s->n_scenarios; k++) {
            if (k == base) continue;
            rg_estimate e = rg_contrast_metric(b, &s->scenarios[k], ms[j], RG_G_ALL);
            if (isnan(e.est)) continue;
            double y = MT + 10 + row * rowh + rowh / 2.0;
            fprintf(f, "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">", left - 10,
                    y + 4);
            rg_html_text(f, rg_metric_label(ms[j]));
            fputs(": ", f);
            rg_html_text(f, s->scenarios[k].label);
            fputs("</text>\n", f);
            if (!isnan(e.lo))
                fprintf(f,
                        "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                        "stroke-width=\"3\"/>\n",
                        FX(e.lo), FX(e.hi), y, y, palette[k % PALETTE]);
            fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"/>\n", FX(e.est), y,
                    palette[k % PALETTE]);
            row++;
        }
#undef FX
    fputs("</svg></figure>\n", f);
}

static void contrast_tables(FILE *f, const rg_study *s, size_t base)
{
    const rg_scenario *b = &s->scenarios[base];
    for (size_t k = 0; k < s->n_scenarios; k++) {
        if (k == base) continue;
        const rg_scenario *o = &s->scenarios[k];
        fputs("<table class=\"num\"><caption>", f);
        rg_html_text(f, o->label);
        fputs(" minus ", f);
        rg_html_text(f, b->label);
        fputs(", everyone: ", f);
        fputs(rg_scenarios_paired(b, o)
                  ? (b->n >= 2 ? "paired by seed (the runs share their random numbers, so the "
                                 "difference measures the policy, not chance)"
                               : "one replicate each: unpaired normal interval (conservative)")
                  : "unpaired (Welch)",
              f);
        fputs("</caption><thead><tr><th scope=\"col\">metric</th><th scope=\"col\">", f);
        rg_html_text(f, b->label);
        fputs("</th><th scope=\"col\">", f);
        rg_html_text(f, o->label);
        fputs("</th><th scope=\"col\">difference [95% CI]</th></tr></thead><tbody>\n", f);
        for (int m = 0; m < RG_METRIC_COUNT; m++) {
            if (!available(s, (rg_metric)m, RG_G_ALL)) continue;
            const char *u = rg_metric_unit((rg_metric)m);
            rg_estimate eb = rg_scenario_metric(b, (rg_metric)m, RG_G_ALL);
            rg_estimate eo = rg_scenario_metric(o, (rg_metric)m, RG_G_ALL);
            rg_estimate d = rg_contrast_metric(b, o, (rg_metric)m, RG_G_ALL);
            eb.lo = eb.hi = eo.lo = eo.hi = NAN;
            fputs("<tr>", f);
            metric_th(f, (rg_metric)m, NULL);
            count_cell(f, eb, u, 0, b->runs[0]->agents);
            count_cell(f, eo, u, 0, o->runs[0]->agents);
            count_cell(f, d, u, 1, b->runs[0]->agents);
            fputs("</tr>\n", f);
        }
        for (int c = 0; c < RG_COST_OUTCOMES; c++) {
            rg_estimate e = rg_cost_per_outcome(b, o, (rg_cost_outcome)c);
            if (isnan(e.est)) continue;
            fputs("<tr><th scope=\"row\">", f);
            rg_html_text(f, rg_cost_outcome_label((rg_cost_outcome)c));
            fputs(" <span class=\"unit\">($)</span></th><td></td><td></td>", f);
            /* A ratio whose interval reaches below zero has no usable bound. */
            if (!isnan(e.lo) && e.lo <= 0)
                fputs("<td>not estimable: the gain may be none</td>", f);
            else
                cell(f, e, "$", 0);
            fputs("</tr>\n", f);
        }
        fputs("</tbody></table>\n", f);
    }
}

static rg_metric disparity_metric(const rg_study *s)
{
    static const rg_metric pref[] = {RG_M_REARREST_3Y, RG_M_REARREST_1Y, RG_M_EMPLOYMENT};
    for (size_t j = 0; j < sizeof pref / sizeof pref[0]; j++)
        if (available(s, pref[j], RG_G_ALL)) return pref[j];
    return RG_METRIC_COUNT;
}

/* Bars by group for one metric, a bar per scenario with its interval. */
static void disparity_chart(FILE *f, const rg_study *s, rg_metric m)
{
    int groups[RG_G_FIRST_GAP], ng = 0;
    double hi = 0;
    for (int g = 1; g < RG_G_FIRST_GAP; g++) {
        /* Race and sex crossed are in the tables and CSV files, not the bars. */
        if (!available(s, m, (rg_group)g) || rg_group_kind_of((rg_group)g) == RG_GK_RACE_SEX)
            continue;
        groups[ng++] = g;
        for (size_t k = 0; k < s->n_scenarios; k++) {
            rg_estimate e = rg_scenario_metric(&s->scenarios[k], m, (rg_group)g);
            hi = fmax(hi, isnan(e.hi) ? (isnan(e.est) ? 0 : e.est) : e.hi);
        }
    }
    if (!ng) return;
    char title[256], ylabel[128];
    snprintf(title, sizeof title, "%s, by group", rg_metric_label(m));
    snprintf(ylabel, sizeof ylabel, "%s (%s)", rg_metric_label(m), rg_metric_unit(m));
    chart_open(f, "disparities", title,
               "Bars: each scenario's value for each group of people; whiskers: 95% "
               "confidence intervals.",
               H + 80);
    axis y = y_range(0, hi, 1, !strcmp(rg_metric_unit(m), "%")), x = {0, ng};
    double st = nice_step(y.hi - y.lo, 5);
    for (double v = y.lo; v <= y.hi + 1e-9 * st; v += st)
        fprintf(f,
                "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/><text x=\"%d\" "
                "y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%g</text>\n",
                ML, W - MR, sy(y, v), sy(y, v), ML - 6, sy(y, v) + 4, v);
    double slot = (double)(W - ML - MR) / ng, bw = 0.8 * slot / (double)s->n_scenarios;
    for (int j = 0; j < ng; j++) {
        for (size_t k = 0; k < s->n_scenarios; k++) {
            rg_estimate e = rg_scenario_metric(&s->scenarios[k], m, (rg_group)groups[j]);
            if (isnan(e.est)) continue;
            double x0 = sx(x, j) + 0.1 * slot + (double)k * bw;
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n",
                    x0, sy(y, e.est), bw * 0.92, sy(y, 0) - sy(y, e.est), palette[k % PALETTE]);
            if (!isnan(e.lo))
                fprintf(
                    f,
                    "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" class=\"whisker\"/>\n",
                    x0 + bw * 0.46, x0 + bw * 0.46, sy(y, e.lo), sy(y, e.hi));
        }
        fprintf(f,
                "<text transform=\"translate(%.1f %d) rotate(-35)\" class=\"tick\" "
                "text-anchor=\"end\">",
                sx(x, j) + slot / 2, H - MB + 14);
        rg_html_text(f, rg_group_label((rg_group)groups[j]));
        fputs("</text>\n", f);
    }
    fprintf(f,
            "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" class=\"axis\"/><text "
            "transform=\"translate(16 %d) rotate(-90)\" class=\"label\" "
            "text-anchor=\"middle\">",
            ML, W - MR, H - MB, H - MB, (MT + H - MB) / 2);
    rg_html_text(f, ylabel);
    fputs("</text>\n", f);
    for (size_t k = 0; k < s->n_scenarios; k++)
        legend_entry(f, (int)k, (int)k, s->scenarios[k].label, 1);
    fputs("</svg>\n<details><summary>Data table</summary><table class=\"num\"><thead><tr>"
          "<th scope=\"col\">group</th>",
          f);
    for (size_t k = 0; k < s->n_scenarios; k++) {
        fputs("<th scope=\"col\">", f);
        rg_html_text(f, s->scenarios[k].label);
        fputs("</th>", f);
    }
    fputs("</tr></thead><tbody>\n", f);
    for (int j = 0; j < ng; j++) {
        fputs("<tr><th scope=\"row\">", f);
        rg_html_text(f, rg_group_label((rg_group)groups[j]));
        fputs("</th>", f);
        for (size_t k = 0; k < s->n_scenarios; k++)
            cell(f, rg_scenario_metric(&s->scenarios[k], m, (rg_group)groups[j]), rg_metric_unit(m),
                 0);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table></details></figure>\n", f);
}

static void gaps_table(FILE *f, const rg_study *s, size_t base)
{
    static const rg_metric ms[] = {RG_M_REARREST_3Y, RG_M_REINCARCERATION_3Y, RG_M_EMPLOYMENT,
                                   RG_M_INCOME,      RG_M_HOUSING_STABLE,     RG_M_QOL};
    const rg_scenario *b = &s->scenarios[base];
    fputs("<div class=\"scroll\"><table class=\"num\"><caption>Gaps between groups (first group "
          "minus second) and how "
          "each scenario changes them (95% intervals)</caption><thead><tr><th scope=\"col\">"
          "gap</th>",
          f);
    for (size_t k = 0; k < s->n_scenarios; k++) {
        fputs("<th scope=\"col\">", f);
        rg_html_text(f, s->scenarios[k].label);
        fputs("</th>", f);
        if (k != base) {
            fputs("<th scope=\"col\">change vs ", f);
            rg_html_text(f, b->label);
            fputs("</th>", f);
        }
    }
    fputs("</tr></thead><tbody>\n", f);
    for (size_t j = 0; j < sizeof ms / sizeof ms[0]; j++)
        for (int g = RG_G_FIRST_GAP; g < RG_GROUP_COUNT; g++) {
            if (!available(s, ms[j], (rg_group)g)) continue;
            const char *u = rg_metric_unit(ms[j]);
            fputs("<tr>", f);
            metric_th(f, ms[j], rg_group_label((rg_group)g));
            for (size_t k = 0; k < s->n_scenarios; k++) {
                stacked_cell(f, rg_scenario_metric(&s->scenarios[k], ms[j], (rg_group)g), u, 1);
                if (k != base)
                    stacked_cell(f, rg_contrast_metric(b, &s->scenarios[k], ms[j], (rg_group)g), u,
                                 1);
            }
            fputs("</tr>\n", f);
        }
    fputs("</tbody></table></div>\n", f);
}

/* Each scenario's programmes: enrolment, completion and cost. */
static void programme_tables(FILE *f, const rg_study *s)
{
    for (size_t k = 0; k < s->n_scenarios; k++) {
        const rg_scenario *sc = &s->scenarios[k];
        const rg_result *r = sc->runs[0];
        if (!rg_scenario_programmes_run(sc)) continue;
        fputs("<table class=\"num\"><caption>Programmes in ", f);
        rg_html_text(f, sc->label);
        fputs("</caption><thead><tr><th scope=\"col\">programme</th><th scope=\"col\">enrolled"
              "</th><th scope=\"col\">completion (%)</th><th scope=\"col\">cost ($)</th></tr>"
              "</thead><tbody>\n",
              f);
        for (size_t p = 0; p < r->n_programmes; p++) {
            if (!rg_scenario_runs_programme(sc, p)) continue;
            double v[64], se[64], c[64], en[64];
            size_t n = sc->n < 64 ? sc->n : 64, used = 0;
            for (size_t i = 0; i < n; i++) {
                if (sc->metrics[i]->n_programmes != r->n_programmes) continue;
                v[used] = sc->metrics[i]->completion[p];
                se[used] = sc->metrics[i]->completion_se[p];
                c[used] = sc->metrics[i]->cost[p];
                en[used++] = sc->runs[i]->enrolled[p];
            }
            const double level = RG_CI_LEVEL_PERCENT / 100.0;
            rg_estimate ec = used >= 2 ? rg_estimate_replicates(v, used, level)
                                       : rg_estimate_normal(v[0], se[0], level);
            fputs("<tr><th scope=\"row\">", f);
            rg_html_text(f, r->programme_name[p]);
            fputs("</th>", f);
            cell(f, rg_estimate_replicates(en, used, level), "people", 0);
            cell(f, ec, "%", 0);
            cell(f, rg_estimate_replicates(c, used, level), "$", 0);
            fputs("</tr>\n", f);
        }
        fputs("</tbody></table>\n", f);
    }
    rg_report_programme_note(f, s);
}

/* Each emulated trial: its intention-to-treat estimates beside the true effect. */
static void trial_tables(FILE *f, const rg_study *s, size_t base)
{
    const rg_scenario *b = &s->scenarios[base];
    for (size_t k = 0; k < s->n_scenarios; k++) {
        const rg_scenario *o = &s->scenarios[k];
        if (!rg_scenario_has_trial(o)) continue;
        const char *prog = o->runs[0]->trial_programme;
        fputs("<table class=\"num\"><caption>Emulated randomised trial of ", f);
        rg_html_text(f, prog[0] ? prog : "the programme");
        fputs(" in ", f);
        rg_html_text(f, o->label);
        fprintf(f,
                ": intention to treat (offered minus control, %ld offered, %ld controls in the "
                "first replicate) beside the true effect (the offered people here minus the same "
                "people in ",
                o->metrics[0]->n_offered, o->metrics[0]->n_control);
        rg_html_text(f, b->label);
        fputs(", same seed)</caption><thead><tr><th scope=\"col\">outcome (percentage points)"
              "</th><th scope=\"col\">ITT estimate [95% CI]</th><th scope=\"col\">true effect "
              "[95% CI]</th></tr></thead><tbody>\n",
              f);
        for (int t = 0; t < RG_TRIAL_COUNT; t++) {
            rg_estimate itt = rg_scenario_itt(o, (rg_trial_outcome)t);
            rg_estimate te =
                k == base ? rg_estimate_none() : rg_trial_true_effect(b, o, (rg_trial_outcome)t);
            if (isnan(itt.est) && isnan(te.est)) continue;
            fputs("<tr><th scope=\"row\">", f);
            rg_html_text(f, rg_trial_label((rg_trial_outcome)t));
            fputs("</th>", f);
            cell(f, itt, "percentage points", 1);
            cell(f, te, "percentage points", 1);
            fputs("</tr>\n", f);
        }
        fputs("</tbody></table>\n", f);
    }
}

static void programmes_section(FILE *f, const rg_study *s, size_t base)
{
    int any = 0, trial = 0;
    for (size_t k = 0; k < s->n_scenarios; k++) {
        any |= s->scenarios[k].metrics[0]->n_programmes > 0;
        trial |= rg_scenario_has_trial(&s->scenarios[k]);
    }
    fputs("<section id=\"programmes\"><h2>Programmes, costs and the emulated trial</h2>\n", f);
    if (!any)
        fputs("<p class=\"note\">These runs hold no programmes (no <code>/programmes</code> "
              "group), so completion rates and costs are not available.</p>\n",
              f);
    else
        programme_tables(f, s);
    if (!trial)
        fputs("<p class=\"note\">No emulated trial in these runs (no <code>agents/trial_arm"
              "</code>).</p>\n",
              f);
    else
        trial_tables(f, s, base);
    fputs("</section>\n", f);
}

static void provenance(FILE *f, const rg_study *s)
{
    fputs("<section id=\"provenance\"><h2>Provenance</h2>\n<p>Every number here comes from "
          "these files; each holds its full configuration and re-runs bit for bit with "
          "<code>reintegra run</code>.</p>\n<table><thead><tr><th scope=\"col\">scenario</th>"
          "<th scope=\"col\">file</th><th scope=\"col\">seed</th><th scope=\"col\">people</th>"
          "<th scope=\"col\">months</th><th scope=\"col\">version</th><th scope=\"col\">"
          "revision</th><th scope=\"col\">created (UTC)</th><th scope=\"col\">run time (s)</th>"
          "</tr></thead><tbody>\n",
          f);
    for (size_t k = 0; k < s->n_scenarios; k++)
        for (size_t i = 0; i < s->scenarios[k].n; i++) {
            const rg_result *r = s->scenarios[k].runs[i];
            const char *base = strrchr(r->path, '/');
            fputs("<tr><td>", f);
            rg_html_text(f, s->scenarios[k].label);
            fputs("</td><td>", f);
            rg_html_text(f, base ? base + 1 : r->path);
            fprintf(f, "</td><td>%lld</td><td>%lld</td><td>%lld</td><td>", r->seed, r->agents,
                    r->months);
            rg_html_text(f, r->version);
            fputs("</td><td>", f);
            rg_html_text(f, r->git_revision);
            fputs("</td><td>", f);
            rg_html_text(f, r->created_utc);
            fprintf(f, "</td><td>%.2f</td></tr>\n", r->wall_seconds);
        }
    fputs("</tbody></table>\n", f);
    if (s->n_runs) {
        const rg_result *r = &s->runs[0];
        fputs("<p class=\"note\">Built with ", f);
        rg_html_text(f, r->compiler);
        fputs(" (", f);
        rg_html_text(f, r->build_type);
        fputs("); ", f);
        rg_html_text(f, r->libraries);
        fputs(".</p>\n", f);
    }
    fputs("</section>\n", f);
}

static const char css[] =
    "body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;"
    "max-width:1000px;margin:0 auto;padding:1rem 1.5rem;background:#fff}"
    "h1{font-size:1.7rem;margin:.2rem 0}h2{font-size:1.3rem;border-bottom:2px solid #ddd;"
    "padding-bottom:.2rem;margin-top:2.2rem}"
    ".lede{font-size:1.05rem;color:#333}.note{color:#555;font-size:.92rem}"
    "nav ul{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;padding:0;list-style:none}"
    "a{color:#0a5a9c}"
    "table{border-collapse:collapse;margin:.8rem 0;font-size:.9rem;width:100%}"
    "caption{text-align:left;font-weight:600;padding:.3rem 0}"
    "th,td{border-bottom:1px solid #e3e3e3;padding:.25rem .5rem;text-align:left;"
    "vertical-align:top}"
    "table.num td{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "thead th{background:#f4f4f4}.unit{color:#666;font-weight:normal}"
    ".swatch{display:inline-block;width:.8em;height:.8em;margin-right:.3em;border-radius:2px}"
    "figure{margin:1rem 0}svg.chart{width:100%;height:auto;background:#fff}"
    ".ctitle{font-size:16px;font-weight:600}.tick{font-size:12px;fill:#333}"
    ".label{font-size:13px;fill:#1a1a1a}.legend{font-size:13px}"
    ".grid{stroke:#e6e6e6}.axis{stroke:#555}.zero{stroke:#000;stroke-width:1.5}"
    ".line{fill:none;stroke-width:2.5}.band{opacity:.18;stroke:none}"
    ".whisker{stroke:#000;stroke-width:1.2}"
    "details{margin:.3rem 0 1rem}summary{cursor:pointer;color:#0a5a9c}"
    "dl dt{font-weight:600;margin-top:.5rem}dl dd{margin-left:1rem}"
    ".answer{font-size:1.1rem}.changes li{margin:.15rem 0}.change h3{margin-bottom:.2rem}"
    ".start{stroke:#444;stroke-width:1.2;stroke-dasharray:3 3}.startlabel{font-size:12px;"
    "fill:#333}.mechanism{background:#f6f6f0;border-left:4px solid #999;padding:.4rem .7rem;"
    "margin:.5rem 0}.scroll{overflow-x:auto;max-width:100%}.ci{display:block;color:#555;"
    "font-size:.85em}.per{display:block;color:#555;font-size:.85em}"
    ".lives td{font-size:.85rem;white-space:normal;min-width:8rem}"
    "table.num td.words{text-align:left;white-space:normal;min-width:12rem}";

static void page_header(FILE *f, const rg_study *s)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; img-src data:\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"reintegra\">\n<title>reintegra report: ",
          f);
    for (size_t k = 0; k < s->n_scenarios; k++) {
        if (k) fputs(", ", f);
        rg_html_text(f, s->scenarios[k].label);
    }
    fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n", css);
    fputs("<h1>What happens to people leaving prison if we change the policy?</h1>\n"
          "<p class=\"lede\">",
          f);
    fprintf(f,
            "%zu scenario%s, simulated for %d months (%.0f years) after release: ", s->n_scenarios,
            s->n_scenarios == 1 ? "" : "s", s->months, s->months / 12.0);
    for (size_t k = 0; k < s->n_scenarios; k++) {
        const rg_scenario *sc = &s->scenarios[k];
        char plain[512], people[48];
        plain_name(s, k, plain, sizeof plain);
        number(people, sizeof people, (double)sc->runs[0]->agents, 0, 0);
        fprintf(f, "%s<strong>", k ? (k + 1 == s->n_scenarios ? " and " : ", ") : "");
        rg_html_text(f, plain);
        fputs("</strong> (", f);
        if (strcmp(plain, sc->label)) {
            rg_html_text(f, sc->label);
            fputs(", ", f);
        }
        fprintf(f, "%zu replicate%s of %s people)", sc->n, sc->n == 1 ? "" : "s", people);
    }
    fputs(". Ranges in brackets and shaded bands are 95% confidence intervals across "
          "replicates: the spread that chance alone would give.</p>\n</header>\n",
          f);
}

/* --- what changes: the answers first ---------------------------------------------- */

/* The headline measures of what a scenario changes, in the order they are told. */
static const rg_metric change_metrics[] = {
    RG_M_REARREST_3Y,    RG_M_REINCARCERATION_3Y, RG_M_EMPLOYMENT, RG_M_INCOME,
    RG_M_HOUSING_STABLE, RG_M_HOMELESS,           RG_M_QOL,        RG_M_COST};
enum { CHANGE_METRICS = sizeof change_metrics / sizeof change_metrics[0] };

/* The unit of a difference, in words. */
static const char *difference_unit(rg_metric m)
{
    const char *u = rg_metric_unit(m);
    if (!strcmp(u, "%")) return " percentage points";
    if (!strcmp(u, "$/month")) return " dollars a month";
    if (!strcmp(u, "$")) return " dollars";
    if (!strcmp(u, "0-100")) return " points";
    return "";
}

/* 1 up, -1 down: the interval excludes zero; 0: it does not (or there is none). */
static int clear_change(rg_estimate e)
{
    if (isnan(e.lo) || isnan(e.hi)) return 0;
    return e.lo > 0 ? 1 : e.hi < 0 ? -1 : 0;
}

/* "rearrested within 3 years +0.6 percentage points [0.5, 0.7]" */
static void change_phrase(FILE *f, rg_metric m, rg_estimate e)
{
    const int d = rg_unit_decimals(rg_metric_unit(m));
    char v[48], lo[48], hi[48];
    number(v, sizeof v, e.est, d, 1);
    rg_html_text(f, rg_metric_label(m));
    fputs(" <strong>", f);
    rg_html_text(f, v);
    rg_html_text(f, difference_unit(m));
    fputs("</strong>", f);
    if (!isnan(e.lo) && !isnan(e.hi)) {
        number(lo, sizeof lo, e.lo, d, 0);
        number(hi, sizeof hi, e.hi, d, 0);
        fprintf(f, " [%s, %s]", lo, hi);
    }
}

/* A level in words: "37.3%", "$856 a month", "64.2 of 100". */
static void level_phrase(char *buf, size_t size, rg_metric m, double v)
{
    const char *u = rg_metric_unit(m);
    char n[48];
    number(n, sizeof n, v, rg_unit_decimals(u), 0);
    if (!strcmp(u, "%"))
        snprintf(buf, size, "%s%%", n);
    else if (!strcmp(u, "$/month"))
        snprintf(buf, size, "$%s a month", n);
    else if (!strcmp(u, "$"))
        snprintf(buf, size, "$%s", n);
    else if (!strcmp(u, "0-100"))
        snprintf(buf, size, "%s of 100", n);
    else
        snprintf(buf, size, "%s %s", n, u);
}

/* Nothing to say: both scenarios at zero (a cost where neither has programmes). */
static int both_zero(const rg_scenario *b, const rg_scenario *o, rg_metric m)
{
    return rg_scenario_metric(b, m, RG_G_ALL).est == 0 &&
           rg_scenario_metric(o, m, RG_G_ALL).est == 0;
}

/* How the model produces the effect of each policy the scenario adds to the base
 * (the module's mechanism), and when each starts. */
static void mechanism_notes(FILE *f, const rg_study *s, size_t k)
{
    const rg_report_policy *p[RG_REPORT_POLICIES];
    size_t n = changed_policies(s, k, p);
    for (size_t i = 0; i < n; i++) {
        const char *m = p[i]->mechanism, *colon = m ? strstr(m, ": ") : NULL;
        if (!m) continue;
        char name[128];
        policy_name(p[i], name, sizeof name);
        fputs("<p class=\"mechanism\"><strong>How the model produces this", f);
        if (n > 1) {
            fputs(" (", f);
            rg_html_text(f, name);
            fputs(")", f);
        }
        fputs(".</strong> ", f);
        const char *text = colon ? colon + 2 : m;
        if (*text >= 'a' && *text <= 'z') fputc(*text++ - 'a' + 'A', f);
        rg_html_text(f, text);
        fprintf(f, " <span class=\"unit\">(Starts in model month %d.)</span></p>\n",
                p[i]->start_month);
    }
}

/* The scenario's heading: its plain name, its key and its description. */
static void change_heading(FILE *f, const rg_study *s, size_t k)
{
    const rg_scenario *o = &s->scenarios[k];
    char plain[512];
    plain_name(s, k, plain, sizeof plain);
    fprintf(f, "<div class=\"change\"><h3><span class=\"swatch\" style=\"background:%s\"></span>",
            palette[k % PALETTE]);
    rg_html_text(f, plain);
    if (strcmp(plain, o->label)) {
        fputs(" <span class=\"unit\">(scenario ", f);
        rg_html_text(f, o->label);
        fputs(")</span>", f);
    }
    fputs("</h3>\n", f);
    if (o->runs[0]->description[0]) {
        fputs("<p class=\"note\">", f);
        rg_html_text(f, o->runs[0]->description);
        fputs("</p>\n", f);
    }
}

/* The gaps between groups that a scenario clearly changes, in one sentence: "the gap
 * between black and white people in employed (share of free months) widens: -0.8
 * percentage points [-1.3, -0.3]". */
static void gap_changes(FILE *f, const rg_scenario *b, const rg_scenario *o)
{
    static const rg_metric ms[] = {RG_M_REARREST_3Y, RG_M_REINCARCERATION_3Y, RG_M_EMPLOYMENT,
                                   RG_M_INCOME, RG_M_HOUSING_STABLE};
    static const rg_group gs[] = {RG_G_GAP_BLACK_WHITE, RG_G_GAP_HISPANIC_WHITE,
                                  RG_G_GAP_FEMALE_MALE};
    int told = 0;
    for (size_t g = 0; g < sizeof gs / sizeof gs[0]; g++)
        for (size_t j = 0; j < sizeof ms / sizeof ms[0]; j++) {
            rg_estimate e = rg_contrast_metric(b, o, ms[j], gs[g]);
            double level = rg_scenario_metric(b, ms[j], gs[g]).est;
            if (!clear_change(e) || isnan(level)) continue;
            fputs(told++ ? "; " : "<p class=\"answer\">Between groups: ", f);
            const char *label = rg_group_label(gs[g]);
            rg_html_text(f, strncmp(label, "gap: ", 5) ? label : label + 5);
            fputs(", ", f);
            change_phrase(f, ms[j], e);
            fputs(level * e.est > 0 ? " (the gap widens)" : " (the gap narrows)", f);
        }
    if (told) fputs(".</p>\n", f);
}

/* One scenario against the base: the sentence to quote (its clear changes), then
 * how the model produces it, then every headline measure with its judgement. */
static void change_block(FILE *f, const rg_study *s, size_t k)
{
    const rg_scenario *b = &s->scenarios[base_of(s)], *o = &s->scenarios[k];
    change_heading(f, s, k);
    char plain[512];
    plain_name(s, k, plain, sizeof plain);
    fputs("<p class=\"answer\"><strong>", f);
    rg_html_text(f, plain);
    fputs("</strong>: ", f);
    int told = 0;
    for (int j = 0; j < CHANGE_METRICS; j++) {
        rg_estimate e = rg_contrast_metric(b, o, change_metrics[j], RG_G_ALL);
        if (!clear_change(e)) continue;
        fputs(told++ ? "; " : "", f);
        change_phrase(f, change_metrics[j], e);
    }
    if (!told) fputs("no clear change in any headline measure", f);
    fputs(".</p>\n", f);
    gap_changes(f, b, o);
    mechanism_notes(f, s, k);
    fputs("<ul class=\"changes\">\n", f);
    for (int j = 0; j < CHANGE_METRICS; j++) {
        const rg_metric m = change_metrics[j];
        rg_estimate e = rg_contrast_metric(b, o, m, RG_G_ALL);
        if (isnan(e.est) || both_zero(b, o, m)) continue;
        char level[96];
        level_phrase(level, sizeof level, m, rg_scenario_metric(b, m, RG_G_ALL).est);
        fputs("<li>", f);
        change_phrase(f, m, e);
        const int dir = clear_change(e);
        if (dir)
            fprintf(f, ": %s than in ", dir > 0 ? "higher" : "lower");
        else
            fputs(": no clear change from ", f);
        rg_html_text(f, b->label);
        fprintf(f, " (%s)%s</li>\n", level,
                dir || isnan(e.lo) ? "" : "; the interval includes zero");
    }
    fputs("</ul></div>\n", f);
}

static void changes_section(FILE *f, const rg_study *s, size_t base)
{
    const rg_scenario *b = &s->scenarios[base];
    fputs("<section id=\"changes\"><h2>What changes</h2>\n", f);
    if (s->n_scenarios < 2) {
        fputs("<p class=\"note\">One scenario only: nothing to compare. Run a policy scenario "
              "beside the baseline to see what it changes.</p>\n</section>\n",
              f);
        return;
    }
    fputs("<p>Each scenario minus ", f);
    rg_html_text(f, b->label);
    fputs(", with 95% intervals. A change is called clear when its interval excludes zero. "
          "Scenarios run with the same seeds are compared person by person (paired), so "
          "differences far smaller than the spread of each scenario's own results can be "
          "clear.</p>\n",
          f);
    for (size_t k = 0; k < s->n_scenarios; k++)
        if (k != base) change_block(f, s, k);
    fputs("</section>\n", f);
}

/* Differences from the base over time: curves that differ by under a point are
 * indistinguishable on a 0-100 axis, their differences are not. */
static void differences_section(FILE *f, const rg_study *s, size_t base)
{
    if (s->n_scenarios < 2) return;
    const rg_scenario *b = &s->scenarios[base];
    fputs("<section id=\"differences\"><h2>Differences over time</h2>\n<p>Each scenario minus ", f);
    rg_html_text(f, b->label);
    fputs(", month by month, with its 95% band.</p>\n", f);
    static const int measures[] = {0, 2};
    for (size_t i = 0; i < sizeof measures / sizeof measures[0]; i++) {
        const int k = measures[i];
        char id[48], title[128], desc[256];
        snprintf(id, sizeof id, "difference-%s", rg_km_measure_label(k));
        snprintf(title, sizeof title, "Difference in people without a %s", rg_km_measure_label(k));
        snprintf(desc, sizeof desc,
                 "Difference from the base scenario in the share of people without a %s "
                 "(Kaplan-Meier), by months since release, with 95%% bands.",
                 rg_km_measure_label(k));
        const chart_spec c = {survival_diff_at,
                              b,
                              k,
                              0,
                              s->months + 1,
                              id,
                              title,
                              desc,
                              "months since release",
                              "difference (percentage points)",
                              "%",
                              1};
        line_chart(f, s, &c);
    }
    static const rg_series series[] = {RG_S_EMPLOYED, RG_S_PRISON};
    for (size_t i = 0; i < sizeof series / sizeof series[0]; i++) {
        const rg_series k = series[i];
        if (!series_present(s, series_value_at, k, 0, s->months)) continue;
        char id[48], title[128], desc[256];
        snprintf(id, sizeof id, "difference-%s", rg_series_key(k));
        snprintf(title, sizeof title, "Difference in people %s", rg_series_label(k));
        snprintf(desc, sizeof desc,
                 "Difference from the base scenario in people %s (%s), by model month.",
                 rg_series_label(k), rg_series_unit(k));
        const chart_spec c = {series_diff_at,
                              b,
                              k,
                              0,
                              s->months,
                              id,
                              title,
                              desc,
                              "model month",
                              "difference (percentage points)",
                              "%",
                              1};
        line_chart(f, s, &c);
    }
    fputs("</section>\n", f);
}

static void headline_section(FILE *f, const rg_study *s, size_t base)
{
    (void)base;
    fputs("<section id=\"headline\"><h2>Levels: every scenario's results</h2>\n", f);
    headline_table(f, s);
    fputs("</section>\n", f);
}

static void survival_section(FILE *f, const rg_study *s, size_t base)
{
    (void)base;
    fputs("<section id=\"survival\"><h2>Staying out: survival curves</h2>\n<p>The share of "
          "people who have not yet been rearrested, reconvicted or sent back to prison, month by "
          "month after release (Kaplan&ndash;Meier estimates).</p>\n",
          f);
    static const char *const surv_titles[RG_KM_MEASURES] = {
        "Not yet rearrested", "Not yet reconvicted", "Not yet back in prison"};
    for (int k = 0; k < RG_KM_MEASURES; k++) {
        char id[32], desc[256], yl[96];
        snprintf(id, sizeof id, "survival-%s", rg_km_measure_label(k));
        snprintf(desc, sizeof desc,
                 "Kaplan-Meier curve of the share of people without a %s, by months since "
                 "release, one line per scenario with its 95%% confidence band.",
                 rg_km_measure_label(k));
        snprintf(yl, sizeof yl, "people without a %s (%%)", rg_km_measure_label(k));
        const chart_spec c = {survival_at,
                              NULL,
                              k,
                              0,
                              s->months + 1,
                              id,
                              surv_titles[k],
                              desc,
                              "months since release",
                              yl,
                              "%",
                              1};
        line_chart(f, s, &c);
    }
    fputs("</section>\n", f);
}

static void over_time_section(FILE *f, const rg_study *s, size_t base)
{
    (void)base;
    fputs("<section id=\"over-time\"><h2>Over time: prison, work and housing</h2>\n", f);
    for (int k = 0; k < RG_SERIES_COUNT; k++) {
        char id[48], title[128], desc[256], yl[128];
        snprintf(id, sizeof id, "series-%s", rg_series_key((rg_series)k));
        snprintf(title, sizeof title, "%s%s", k == RG_S_INCOME ? "" : "People ",
                 rg_series_label((rg_series)k));
        snprintf(desc, sizeof desc, "%s (%s) in each model month, one line per scenario.",
                 rg_series_label((rg_series)k), rg_series_unit((rg_series)k));
        snprintf(yl, sizeof yl, "%s (%s)", rg_series_label((rg_series)k),
                 rg_series_unit((rg_series)k));
        if (!series_present(s, series_value_at, k, 0, s->months)) {
            fputs("<p class=\"note\">", f);
            rg_html_text(f, title);
            fputs(
                ": not in these runs (the files have no such <code>/summary</code> column).</p>\n",
                f);
            continue;
        }
        const chart_spec c = {series_value_at,
                              NULL,
                              k,
                              0,
                              s->months,
                              id,
                              title,
                              desc,
                              "model month",
                              yl,
                              k == RG_S_INCOME ? "$" : "%",
                              1};
        line_chart(f, s, &c);
    }
    fputs("</section>\n", f);
}

/* Employment of the cohort and of job seekers without a record, by race and age
 * group: the policy's effect on people with records and its spillover on people
 * without (differences with intervals). */
static void spillover_table(FILE *f, const rg_study *s, size_t base, size_t k)
{
    static const rg_group gs[] = {RG_G_ALL,    RG_G_WHITE,     RG_G_BLACK, RG_G_HISPANIC,
                                  RG_G_AGE_24, RG_G_AGE_25_39, RG_G_AGE_40};
    static const rg_metric ms[] = {RG_M_EMPLOYMENT, RG_M_SEEKER_EMPLOYMENT};
    if (!available(s, RG_M_SEEKER_EMPLOYMENT, RG_G_ALL)) return;
    const rg_scenario *b = &s->scenarios[base], *o = &s->scenarios[k];
    fputs("<table class=\"num\"><caption>", f);
    rg_html_text(f, o->label);
    fputs(" minus ", f);
    rg_html_text(f, b->label);
    fputs(": employment of the cohort and of job seekers without a record, by group "
          "(percentage points, 95% CI)</caption><thead><tr><th scope=\"col\">group</th>"
          "<th scope=\"col\">cohort (share of free months)</th>"
          "<th scope=\"col\">job seekers without a record</th></tr></thead><tbody>\n",
          f);
    for (size_t j = 0; j < sizeof gs / sizeof gs[0]; j++) {
        fputs("<tr><th scope=\"row\">", f);
        rg_html_text(f, rg_group_label(gs[j]));
        fputs("</th>", f);
        for (size_t m = 0; m < sizeof ms / sizeof ms[0]; m++)
            cell(f, rg_contrast_metric(b, o, ms[m], gs[j]), rg_metric_unit(ms[m]), 1);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

static void contrasts_section(FILE *f, const rg_study *s, size_t base)
{
    fputs("<section id=\"contrasts\"><h2>Contrasts with ", f);
    rg_html_text(f, s->scenarios[base].label);
    fputs("</h2>\n", f);
    if (s->n_scenarios < 2)
        fputs("<p class=\"note\">One scenario only: nothing to contrast.</p>\n", f);
    forest(f, s, base);
    contrast_tables(f, s, base);
    for (size_t k = 0; k < s->n_scenarios; k++)
        if (k != base) spillover_table(f, s, base, k);
    fputs("</section>\n", f);
}

/* Fresh Start: recipients, eligible people whose record was not cleared, and people
 * never eligible, in each scenario that has them. The comparison is descriptive:
 * recipients are selected (who petitions), so the gap is not the policy's effect. */
static void record_tables(FILE *f, const rg_study *s)
{
    static const rg_metric ms[] = {RG_M_REARREST_ELIGIBLE, RG_M_EMPLOYMENT_ELIGIBLE,
                                   RG_M_INCOME_ELIGIBLE,   RG_M_WAGE_ELIGIBLE,
                                   RG_M_REARREST_3Y,       RG_M_EMPLOYMENT};
    static const rg_group gs[] = {RG_G_RECORD_CLEARED, RG_G_RECORD_ELIGIBLE, RG_G_RECORD_INELIGIBLE,
                                  RG_G_GAP_CLEARED_ELIGIBLE};
    const size_t ng = sizeof gs / sizeof gs[0];
    for (size_t k = 0; k < s->n_scenarios; k++) {
        const rg_scenario *sc = &s->scenarios[k];
        if (isnan(rg_scenario_metric(sc, RG_M_EMPLOYMENT, RG_G_RECORD_INELIGIBLE).est) &&
            isnan(rg_scenario_metric(sc, RG_M_EMPLOYMENT, RG_G_RECORD_ELIGIBLE).est))
            continue;
        fputs("<table class=\"num\"><caption>Record clearance in ", f);
        rg_html_text(f, sc->label);
        fputs(": recipients, eligible people whose record was not cleared, and people never "
              "eligible (95% intervals; recipients are a selected group, so the gap is not the "
              "policy's effect)</caption><thead><tr><th scope=\"col\">measure</th>",
              f);
        for (size_t j = 0; j < ng; j++) {
            fputs("<th scope=\"col\">", f);
            rg_html_text(f, rg_group_label(gs[j]));
            fputs("</th>", f);
        }
        fputs("</tr></thead><tbody>\n", f);
        for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++) {
            fputs("<tr>", f);
            metric_th(f, ms[i], NULL);
            for (size_t j = 0; j < ng; j++)
                cell(f, rg_scenario_metric(sc, ms[i], gs[j]), rg_metric_unit(ms[i]),
                     gs[j] == RG_G_GAP_CLEARED_ELIGIBLE);
            fputs("</tr>\n", f);
        }
        fputs("</tbody></table>\n", f);
    }
}

static void groups_section(FILE *f, const rg_study *s, size_t base)
{
    fputs("<section id=\"groups\"><h2>Groups and disparities</h2>\n", f);
    rg_metric dm = disparity_metric(s);
    if (dm != RG_METRIC_COUNT) disparity_chart(f, s, dm);
    gaps_table(f, s, base);
    record_tables(f, s);
    fputs("</section>\n", f);
}

static void methods_section(FILE *f, const rg_study *s, size_t base)
{
    (void)base;
    fputs("<section id=\"methods\"><h2>How to read this</h2>\n<dl>\n"
          "<dt>Recidivism</dt><dd>Rearrest, reconviction (an arrest that led to a conviction) "
          "and reincarceration (a return to prison) within 1, 3 and 5 years of first release, "
          "from Kaplan&ndash;Meier curves. People leave observation when the simulated horizon "
          "ends (censoring); time spent back in prison is not removed from the time at risk.</dd>\n"
          "<dt>Employment, income, housing</dt><dd>Shares of the months people spent free: "
          "employed, in stable housing, homeless; income is dollars earned per month free.</dd>\n"
          "<dt>Quality-of-life index (0&ndash;100)</dt><dd>For each person, the mean of the "
          "components the run records, each from 0 to 1: freedom (months free / months since "
          "release), work (months employed / months free), housing (months stably housed / "
          "months free), family support, freedom from internalised stigma (1 &minus; stigma), "
          "and health (1, less 0.5 for active mental illness and 0.5 for active substance use); "
          "then the mean over people, times 100.",
          f);
    if (s->n_runs && s->metrics[0].qol_components) {
        fputs(" Components present here: ", f);
        for (int i = 0, first = 1; i < RG_QOL_COMPONENTS; i++)
            if (s->metrics[0].qol_components & (1 << i)) {
                fprintf(f, "%s%s", first ? "" : ", ", rg_qol_component(i));
                first = 0;
            }
        fputs(".", f);
    }
    fputs("</dd>\n<dt>Confidence intervals</dt><dd>95% intervals. With several replicates "
          "(seeds) of a scenario: the mean &plusmn; t &times; standard error across replicates. "
          "With one replicate: a normal interval from the run's own sampling error. Contrasts: "
          "when two scenarios were run with the same seeds, replicate by replicate differences "
          "(paired; the runs share their random numbers, so the difference is the policy's, not "
          "chance's); otherwise Welch's unpaired interval.</dd>\n"
          "<dt>Groups</dt><dd>Sex, age at release (24 or younger, 25&ndash;39, 40 or older), "
          "race or ethnicity, and commitment offence; under Fresh Start, whether the record "
          "was cleared, became eligible but was not cleared, or never became eligible "
          "(measures marked &lsquo;after eligibility&rsquo; count from the month the record "
          "first became eligible). A gap is the first group's value minus the second's.</dd>\n"
          "</dl>\n</section>\n",
          f);
}

/* --- three lives ------------------------------------------------------------------- */

/* One person of each group, from the base's first run; LIFE_CANDIDATES of each
 * group (in the pick order of life.h) are looked at. */
static const rg_group life_groups[] = {RG_G_BLACK, RG_G_WHITE, RG_G_FEMALE};
enum { LIFE_GROUPS = 3, LIFE_CANDIDATES = 40, LIFE_IDS = LIFE_GROUPS * LIFE_CANDIDATES };

/* The runs of the base's first seed, one per scenario that has one, and the lives
 * of the candidates in each. */
typedef struct lives {
    size_t n;         /* scenarios with such a run */
    size_t *scenario; /* [n] */
    rg_life_file **file;
    rg_life (*life)[LIFE_IDS];
    uint32_t ids[LIFE_IDS];
    size_t n_ids, group_start[LIFE_GROUPS + 1];
    size_t chosen[LIFE_GROUPS]; /* indexes into ids; SIZE_MAX: none */
} lives;

static void lives_free(lives *l)
{
    for (size_t j = 0; j < l->n; j++) {
        for (size_t i = 0; l->life && i < l->n_ids; i++) rg_life_free(&l->life[j][i]);
        rg_life_close(l->file ? l->file[j] : NULL);
    }
    free(l->scenario);
    free(l->file);
    free(l->life);
}

/* The runs with the base's first seed, the candidates and their lives. */
static rg_status lives_read(const rg_study *s, lives *l, rg_error *err)
{
    const long long seed = s->scenarios[base_of(s)].runs[0]->seed;
    l->scenario = calloc(s->n_scenarios, sizeof *l->scenario);
    l->file = calloc(s->n_scenarios, sizeof *l->file);
    l->life = calloc(s->n_scenarios, sizeof *l->life);
    if (!l->scenario || !l->file || !l->life)
        return rg_error_set(err, RG_EINTERNAL, "out of memory");
    l->scenario[l->n++] = base_of(s);
    for (size_t k = 0; k < s->n_scenarios; k++)
        for (size_t r = 0; k != base_of(s) && r < s->scenarios[k].n; r++)
            if (s->scenarios[k].runs[r]->seed == seed) {
                l->scenario[l->n++] = k;
                break;
            }
    for (size_t j = 0; j < l->n; j++) {
        const rg_scenario *sc = &s->scenarios[l->scenario[j]];
        const rg_result *run = sc->runs[0];
        for (size_t r = 0; r < sc->n; r++)
            if (sc->runs[r]->seed == seed) run = sc->runs[r];
        RG_TRY(rg_life_open(&l->file[j], run->path, err));
    }
    for (int g = 0; g < LIFE_GROUPS; g++) {
        size_t found = 0;
        l->group_start[g] = l->n_ids;
        RG_TRY(rg_life_pick(l->file[0], life_groups[g], LIFE_CANDIDATES, l->ids + l->n_ids, &found,
                            err));
        l->n_ids += found;
    }
    l->group_start[LIFE_GROUPS] = l->n_ids;
    for (size_t j = 0; j < l->n; j++)
        RG_TRY(rg_life_read(l->file[j], l->ids, l->n_ids, l->life[j], err));
    return RG_OK;
}

/* Does candidate i live differently (an event) in some scenario? */
static int life_differs(const lives *l, size_t i)
{
    for (size_t j = 1; j < l->n; j++) {
        rg_story_divergence d;
        rg_error err = {0};
        if (rg_story_diverge(&l->life[0][i].life, &l->life[j][i].life, "a", "b", &d, &err) ==
                RG_OK &&
            d.model_month >= 0)
            return 1;
    }
    return 0;
}

/* Each group's first candidate whose life differs, else its first, never twice. */
static void lives_choose(lives *l)
{
    for (int g = 0; g < LIFE_GROUPS; g++) {
        l->chosen[g] = SIZE_MAX;
        for (int pass = 0; pass < 2 && l->chosen[g] == SIZE_MAX; pass++)
            for (size_t i = l->group_start[g]; i < l->group_start[g + 1]; i++) {
                int taken = 0;
                for (int h = 0; h < g; h++)
                    taken |= l->chosen[h] != SIZE_MAX && l->ids[l->chosen[h]] == l->ids[i];
                if (!taken && (pass == 1 || life_differs(l, i))) {
                    l->chosen[g] = i;
                    break;
                }
            }
    }
}

/* The text of a story's line about month `since` after its "Month N: " (NULL: none). */
static const char *story_month(const rg_story *st, int since)
{
    for (size_t k = 1; k + 1 < st->n; k++)
        if (st->lines[k].month == since) {
            const char *colon = strstr(st->lines[k].text, ": ");
            return colon ? colon + 2 : st->lines[k].text;
        }
    return NULL;
}

/* The person's path month by month, one column per scenario; a month told alike
 * in every scenario is one cell. */
static void life_table(FILE *f, const rg_study *s, const lives *l, const rg_story *st, int months)
{
    fputs("<details><summary>Month by month</summary><div class=\"scroll\"><table "
          "class=\"lives\"><thead><tr><th scope=\"col\">month</th>",
          f);
    for (size_t j = 0; j < l->n; j++) {
        fputs("<th scope=\"col\">", f);
        rg_html_text(f, s->scenarios[l->scenario[j]].label);
        fputs("</th>", f);
    }
    fputs("</tr></thead><tbody>\n", f);
    for (int m = 0; m <= months; m++) {
        int any = 0, same = 1;
        const char *first = story_month(&st[0], m);
        for (size_t j = 0; j < l->n; j++) {
            const char *t = story_month(&st[j], m);
            any |= t != NULL;
            same &= (t && first && !strcmp(t, first)) || (!t && !first);
        }
        if (!any) continue;
        fprintf(f, "<tr><th scope=\"row\">%d</th>", m);
        if (same && l->n > 1) {
            fprintf(f, "<td colspan=\"%zu\">", l->n);
            rg_html_text(f, first);
            fputs(" <span class=\"unit\">(in every scenario)</span></td>", f);
        }
        for (size_t j = 0; !(same && l->n > 1) && j < l->n; j++) {
            const char *t = story_month(&st[j], m);
            fputs("<td>", f);
            rg_html_text(f, t ? t : "\xe2\x80\x93");
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table></div></details>\n", f);
}

/* One person: who, how each scenario's life ends or parts from the base's, and
 * the path month by month. */
static void life_block(FILE *f, const rg_study *s, const lives *l, size_t i)
{
    rg_story *st = calloc(l->n, sizeof *st);
    rg_error err = {0};
    int ok = st != NULL;
    for (size_t j = 0; ok && j < l->n; j++)
        ok = rg_story_tell(&l->life[j][i].life, &st[j], &err) == RG_OK;
    if (ok) {
        fputs("<div class=\"life\"><h3>", f);
        rg_html_text(f, st[0].lines[0].text);
        fputs("</h3>\n<p><strong>", f);
        rg_html_text(f, s->scenarios[l->scenario[0]].label);
        fputs(":</strong> ", f);
        rg_html_text(f, st[0].lines[st[0].n - 1].text);
        fputs("</p>\n", f);
        for (size_t j = 1; j < l->n; j++) {
            char la[300], lb[600], plain[512];
            rg_story_divergence d;
            plain_name(s, l->scenario[j], plain, sizeof plain);
            snprintf(la, sizeof la, "in %s", s->scenarios[l->scenario[0]].label);
            snprintf(lb, sizeof lb, "with %s", plain);
            if (rg_story_diverge(&l->life[0][i].life, &l->life[j][i].life, la, lb, &d, &err)) break;
            fputs("<p><strong>", f);
            rg_html_text(f, plain);
            fputs(":</strong> ", f);
            rg_html_text(f, d.text);
            fputs("</p>\n", f);
        }
        life_table(f, s, l, st, l->life[0][i].life.horizon);
        fputs("</div>\n", f);
    }
    for (size_t j = 0; st && j < l->n; j++) rg_story_free(&st[j]);
    free(st);
}

static void lives_section(FILE *f, const rg_study *s, size_t base)
{
    if (!options_of(s)->lives) return;
    fputs("<section id=\"lives\"><h2>Three lives</h2>\n", f);
    lives l = {0};
    rg_error err = {0};
    if (lives_read(s, &l, &err) != RG_OK) {
        fputs("<p class=\"note\">No lives to tell: ", f);
        rg_html_text(f, err.msg);
        fputs("</p>\n</section>\n", f);
        lives_free(&l);
        return;
    }
    lives_choose(&l);
    fprintf(f,
            "<p>Three simulated people, one from each of the groups black, white and women, "
            "followed in every "
            "scenario run with seed %lld (the same people, with the same luck). Each is the "
            "first of their group, in an order drawn from the seed (people whose monthly state "
            "the run recorded first: <code>reintegra story --pick 40 --group G</code> lists "
            "them), whose life changes in some scenario, or the first if nobody's does: most "
            "lives do not change at all. They illustrate how the model's rules chain together; "
            "they are not evidence.</p>\n",
            s->scenarios[base].runs[0]->seed);
    for (int g = 0; g < LIFE_GROUPS; g++)
        if (l.chosen[g] != SIZE_MAX) life_block(f, s, &l, l.chosen[g]);
    fputs("</section>\n", f);
    lives_free(&l);
}

static void provenance_section(FILE *f, const rg_study *s, size_t base)
{
    (void)base;
    provenance(f, s);
}

/* --- parameter uncertainty (compare --uncertainty --csv) ------------------------ */

/* Each percentage contrast's two intervals: a thin bar for noise plus parameters, a
 * thick one for the noise alone, a dot at the difference. */
static void psa_chart(FILE *f, const rg_report_psa *u)
{
    int rows = 0;
    double lo = 0, hi = 0;
    for (size_t k = 0; k < u->n; k++) {
        const rg_report_psa_row *r = &u->row[k];
        if (strcmp(r->unit, "%") != 0 || isnan(r->difference)) continue;
        lo = fmin(lo, fmin(isnan(r->total_lo) ? r->difference : r->total_lo, r->noise_lo));
        hi = fmax(hi, fmax(isnan(r->total_hi) ? r->difference : r->total_hi, r->noise_hi));
        rows++;
    }
    if (!rows) return;
    int rowh = 18, h = MT + 30 + rows * rowh + 60, left = 300, right = W - 40;
    double st = nice_step(hi - lo > 0 ? hi - lo : 1, 6);
    lo = floor(lo / st) * st - (lo == 0 ? st : 0);
    hi = ceil(hi / st) * st + (hi == 0 ? st : 0);
    chart_open(f, "psa-forest",
               "Differences with noise alone (thick) and with parameter uncertainty (thin), "
               "percentage points, 95% intervals",
               "For each percentage metric and scenario, a dot at the difference from the base, "
               "a thick bar for the interval of the replicate noise alone and a thin bar for "
               "the interval of noise and parameter uncertainty together.",
               h);
#define FX(v) (left + ((v)-lo) / (hi - lo) * (right - left))
    int bottom = MT + 10 + rows * rowh;
    for (double v = lo; v <= hi + 1e-9 * st; v += st)
        fprintf(f,
                "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" class=\"grid\"/><text "
                "x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%g</text>\n",
                FX(v), FX(v), MT, bottom, FX(v), bottom + 16, fabs(v) < 1e-9 * st ? 0.0 : v);
    fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" class=\"zero\"/>\n", FX(0.0),
            FX(0.0), MT, bottom);
    int row = 0;
    for (size_t k = 0; k < u->n; k++) {
        const rg_report_psa_row *r = &u->row[k];
        if (strcmp(r->unit, "%") != 0 || isnan(r->difference)) continue;
        double y = MT + 10 + row++ * rowh + rowh / 2.0;
        fprintf(f, "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">", left - 10,
                y + 4);
        rg_html_text(f, r->metric);
        fputs(": ", f);
        rg_html_text(f, r->scenario);
        fputs("</text>\n", f);
        if (!isnan(r->total_lo))
            fprintf(f,
                    "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    "stroke-width=\"1.5\"/>\n",
                    FX(r->total_lo), FX(r->total_hi), y, y, palette[1]);
        if (!isnan(r->noise_lo))
            fprintf(f,
                    "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    "stroke-width=\"5\"/>\n",
                    FX(r->noise_lo), FX(r->noise_hi), y, y, palette[0]);
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#000000\"/>\n",
                FX(r->difference), y);
    }
#undef FX
    fputs("</svg></figure>\n", f);
}

static void psa_interval(FILE *f, double lo, double hi)
{
    if (isnan(lo) || isnan(hi))
        fputs("<td>-</td>", f);
    else
        fprintf(f, "<td>%.3g to %.3g</td>", lo, hi);
}

static void psa_table(FILE *f, const rg_report_psa *u)
{
    fputs("<table><caption>Each contrast with its two 95% intervals and the parameters that "
          "drive it</caption>\n<tr><th>scenario</th><th>metric</th><th>difference</th>"
          "<th>noise alone</th><th>noise and parameters</th><th>sets</th>"
          "<th>top drivers (rank correlation; * p &lt; 0.05 after Bonferroni's "
          "correction)</th></tr>\n",
          f);
    for (size_t k = 0; k < u->n; k++) {
        const rg_report_psa_row *r = &u->row[k];
        fputs("<tr><td>", f);
        rg_html_text(f, r->scenario);
        fputs("</td><td>", f);
        rg_html_text(f, r->metric);
        fputs(" (", f);
        rg_html_text(f, r->unit);
        fprintf(f, ")</td><td>%.3g</td>", r->difference);
        psa_interval(f, r->noise_lo, r->noise_hi);
        psa_interval(f, r->total_lo, r->total_hi);
        fprintf(f, "<td>%d</td><td>", r->sets);
        if (!r->ndrivers) fputs("-", f);
        for (int t = 0; t < r->ndrivers; t++) {
            fputs(t ? ", " : "", f);
            rg_html_text(f, r->driver[t]);
            fprintf(f, " %+.2f%s", r->rcc[t], r->p[t] < 0.05 ? "*" : "");
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

static void uncertainty_section(FILE *f, const rg_report_psa *u)
{
    fputs("<section id=\"uncertainty\"><h2>Parameter uncertainty</h2>\n<p>The contrasts "
          "above count only the replicate noise. Here every scenario was also run with "
          "parameter sets drawn from the parameters' uncertainties (<code>reintegra compare "
          "--uncertainty</code>): the second interval adds that uncertainty, and the drivers "
          "are the parameters whose values move the contrast most (",
          f);
    rg_html_text(f, u->n ? u->row[0].driver_method : "");
    fputs("). Where the second interval is much wider than the first, or crosses zero when "
          "the first does not, the effect depends on the assumptions named.</p>\n",
          f);
    psa_chart(f, u);
    psa_table(f, u);
    fputs("</section>\n", f);
}

/* The report's sections, in order: their anchors, their names in the navigation, and
 * their writers. */
static const struct {
    const char *id, *nav;
    void (*write)(FILE *f, const rg_study *s, size_t base);
} sections[] = {
    {"changes", "What changes", changes_section},
    {"differences", "Differences over time", differences_section},
    {"lives", "Three lives", lives_section},
    {"headline", "Levels", headline_section},
    {"survival", "Staying out", survival_section},
    {"over-time", "Over time", over_time_section},
    {"contrasts", "Contrasts", contrasts_section},
    {"groups", "Groups and disparities", groups_section},
    {"race-gaps", "Race gaps by channel", rg_report_race_section},
    {"programmes", "Programmes", programmes_section},
    {"fiscal", "Fiscal effect", rg_report_fiscal_section},
    {"methods", "How to read this", methods_section},
    {"provenance", "Provenance", provenance_section},
};

void rg_report_write(FILE *f, const rg_study *s, size_t base)
{
    rg_report_write_with(f, s, base, NULL);
}

void rg_report_write_psa(FILE *f, const rg_study *s, size_t base, const rg_report_psa *u)
{
    const rg_report_options o = {.psa = u};
    rg_report_write_with(f, s, base, &o);
}

void rg_report_write_with(FILE *f, const rg_study *study, size_t base, const rg_report_options *o)
{
    static const rg_report_options none = {0};
    const report_view view = {*study, o ? o : &none, base};
    const rg_study *s = &view.s;
    const rg_report_psa *u = view.o->psa;
    const size_t n = sizeof sections / sizeof sections[0];
    page_header(f, s);
    fputs("<nav aria-label=\"sections\"><ul>", f);
    for (size_t i = 0; i < n; i++) {
        if (sections[i].write == lives_section && !view.o->lives) continue;
        if (sections[i].write == rg_report_race_section && !rg_report_race_present(s)) continue;
        fprintf(f, "<li><a href=\"#%s\">%s</a></li>", sections[i].id, sections[i].nav);
        if (u && sections[i].write == contrasts_section)
            fputs("<li><a href=\"#uncertainty\">Parameter uncertainty</a></li>", f);
    }
    fputs("</ul></nav>\n", f);
    for (size_t i = 0; i < n; i++) {
        sections[i].write(f, s, base);
        if (u && sections[i].write == contrasts_section) uncertainty_section(f, u);
    }
    fputs("<footer><p class=\"note\">Written by reintegra. Figures are simulated: they show "
          "what the model implies under its assumptions (docs/ODD.md), not forecasts.</p>"
          "</footer>\n</body>\n</html>\n",
          f);
}

rg_status rg_report_write_file(const char *path, const rg_study *s, size_t base, rg_error *err)
{
    return rg_report_write_file_with(path, s, base, NULL, err);
}

rg_status rg_report_write_file_psa(const char *path, const rg_study *s, size_t base,
                                   const rg_report_psa *u, rg_error *err)
{
    const rg_report_options o = {.psa = u};
    return rg_report_write_file_with(path, s, base, &o, err);
}

rg_status rg_report_write_file_with(const char *path, const rg_study *s, size_t base,
                                    const rg_report_options *o, rg_error *err)
{
    rg_file_out of;
    RG_TRY(rg_file_out_open(&of, path, err));
    rg_report_write_with(of.f, s, base, o);
    return rg_file_out_commit(&of, err);
}
