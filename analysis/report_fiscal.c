/* The report's fiscal section (each scenario's programme cost against what it
 * saves in prison and supervision, discounted, with intervals) and the note under
 * its programme tables. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reintegra/compare.h"
#include "reintegra/report.h"
#include "common/text.h"

/* Whole dollars with thousands separators and a sign when asked: "-$1,234,567". */
static void dollars(char *buf, size_t size, double v, int signed_)
{
    char digits[64];
    snprintf(digits, sizeof digits, "%.0f", fabs(v));
    if (!strcmp(digits, "0")) v = 0.0;
    size_t len = strlen(digits), used = 0;
    const char *sign = v < 0 ? "-" : (signed_ && v > 0 ? "+" : "");
    used += (size_t)snprintf(buf, size, "%s$", sign);
    for (size_t i = 0; i < len && used + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0) buf[used++] = ',';
        buf[used++] = digits[i];
    }
    buf[used < size ? used : size - 1] = '\0';
}

static void money_cell(FILE *f, rg_estimate e)
{
    char v[64], lo[64], hi[64];
    fputs("<td>", f);
    if (isnan(e.est)) {
        fputs("-</td>", f);
        return;
    }
    dollars(v, sizeof v, e.est, 1);
    fputs(v, f);
    if (!isnan(e.lo) && !isnan(e.hi)) {
        dollars(lo, sizeof lo, e.lo, 0);
        dollars(hi, sizeof hi, e.hi, 0);
        fprintf(f, " [%s, %s]", lo, hi);
    }
    fputs("</td>", f);
}

/* The unit costs and discount rate a run used, from its monthly columns (NaN
 * where they cannot be told: nobody in prison or on supervision). */
typedef struct unit_costs {
    double prison, supervision, rate;
} unit_costs;

static unit_costs units_of(const rg_result *r)
{
    unit_costs u = {NAN, NAN, NAN};
    const rg_result_summary *s = &r->summary;
    for (long long m = 0; m < r->months; m++) {
        if (isnan(u.prison) && s->prison[m] > 0) u.prison = s->prison_cost[m] / s->prison[m];
        if (isnan(u.supervision) && s->supervised && s->supervised[m] > 0)
            u.supervision = s->supervision_cost[m] / s->supervised[m];
    }
    if (r->months > 12)
        u.rate = 1.0 / s->discount_factor[12] - 1.0;
    else if (r->months > 1)
        u.rate = pow(s->discount_factor[1], -12.0) - 1.0;
    return u;
}

static void units_text(FILE *f, const rg_result *r)
{
    unit_costs u = units_of(r);
    char p[64], s[64];
    dollars(p, sizeof p, u.prison, 0);
    dollars(s, sizeof s, u.supervision, 0);
    fprintf(f, "prison %s and supervision %s a person-month, discounted at %.1f%% a year",
            isnan(u.prison) ? "-" : p, isnan(u.supervision) ? "-" : s,
            isnan(u.rate) ? 0.0 : 100.0 * u.rate);
}

/* OTHER against BASE: each part discounted and undiscounted, and one sentence. */
static void fiscal_table(FILE *f, const rg_scenario *b, const rg_scenario *o)
{
    fputs("<table class=\"num\"><caption>", f);
    rg_html_text(f, o->label);
    fputs(" against ", f);
    rg_html_text(f, b->label);
    fprintf(f, ", %lld people over %lld months (", (long long)o->runs[0]->agents,
            (long long)o->runs[0]->months);
    units_text(f, o->runs[0]);
    fputs(")</caption><thead><tr><th scope=\"col\">dollars</th><th scope=\"col\">discounted "
          "[95% CI]</th><th scope=\"col\">undiscounted [95% CI]</th></tr></thead><tbody>\n",
          f);
    for (int k = 0; k < RG_FISCAL_COUNT; k++) {
        fputs("<tr><th scope=\"row\">", f);
        rg_html_text(f, rg_fiscal_label((rg_fiscal_part)k));
        fputs("</th>", f);
        money_cell(f, rg_fiscal_effect(b, o, (rg_fiscal_part)k, 1));
        money_cell(f, rg_fiscal_effect(b, o, (rg_fiscal_part)k, 0));
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
    rg_estimate net = rg_fiscal_effect(b, o, RG_FISCAL_NET_COST, 1);
    char v[64];
    dollars(v, sizeof v, fabs(net.est), 0);
    fputs("<p>", f);
    rg_html_text(f, o->label);
    if (!isnan(net.lo) && (net.lo > 0 || net.hi < 0))
        fprintf(f,
                " %s the public %s more than it saves (discounted; the interval excludes "
                "zero).</p>\n",
                net.est > 0 ? "costs" : "saves", v);
    else
        fprintf(f, ": net fiscal %s of %s (discounted), not clearly different from zero.</p>\n",
                net.est > 0 ? "cost" : "saving", v);
}

void rg_report_fiscal_section(FILE *f, const rg_study *s, size_t base)
{
    const rg_scenario *b = &s->scenarios[base];
    fputs("<section id=\"fiscal\"><h2>Fiscal effect</h2>\n<p>What each scenario costs the "
          "public against the base: its extra programme cost (programmes and campaigns) "
          "minus what it saves because fewer people are in prison or on supervision, over the "
          "horizon of the runs, in dollars discounted to the start of the run. A negative net "
          "fiscal cost is a saving. Prison and supervision are costed per person-month "
          "(<code>costs.prison_per_month</code>, <code>costs.supervision_per_month</code>; "
          "their sources are in <code>docs/parameters.md</code>); costs outside prison and "
          "supervision (courts, policing, victims) are not counted. Intervals are 95%, "
          "paired by seed when the scenarios share their seeds.</p>\n",
          f);
    int any = 0;
    rg_fiscal_totals t;
    for (size_t k = 0; k < s->n_scenarios; k++) {
        const rg_scenario *o = &s->scenarios[k];
        if (k == base || rg_run_fiscal_totals(o->runs[0], 1, &t) != 0 ||
            rg_run_fiscal_totals(b->runs[0], 1, &t) != 0)
            continue;
        fiscal_table(f, b, o);
        any = 1;
    }
    if (!any)
        fputs("<p class=\"note\">Not available: these runs do not record the monthly costs of "
              "prison and supervision (<code>/summary/prison_cost</code>; runs of an older "
              "version), or there is only one scenario.</p>\n",
              f);
    fputs("</section>\n", f);
}

void rg_report_programme_note(FILE *f, const rg_study *s)
{
    fputs("<p class=\"note\">Only the programmes a scenario runs are listed. "
          "<em>Enrolled</em>: programme starts over the run (a person who starts twice counts "
          "twice), the mean over replicates. Programmes costed without enrolment count the "
          "people who began taking part: for the mentoring expansion, people matched with one "
          "of the added mentors; completion does not apply to them (-), and the stigma "
          "campaign, costed per covered neighbourhood-month, enrols nobody. Cost: "
          "participant-months times the cost per month.",
          f);
    int none = 0;
    for (size_t k = 0; k < s->n_scenarios; k++)
        if (!rg_scenario_programmes_run(&s->scenarios[k])) {
            fputs(none++ ? ", " : " No programmes in: ", f);
            rg_html_text(f, s->scenarios[k].label);
        }
    fputs(none ? ".</p>\n" : "</p>\n", f);
}
