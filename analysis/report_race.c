/* The report's section on race gaps by channel: the table `reintegra decompose`
 * writes to a run file (/race_decomposition), in words, with what each channel
 * means and which ones rest on assumed sizes (docs/ODD.md 7.12). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reintegra/report.h"
#include "common/text.h"

/* What the report says of each channel the decomposition equalises: a plain name,
 * what it is and what equalising it sets, and what its size rests on (the
 * registry's sources, docs/parameters.md). */
typedef struct channel_words {
    const char *key, *name, *phrase, *meaning, *basis; /* phrase: the name in a sentence */
    int assumed;                                       /* 1: its size is assumed, not measured */
} channel_words;

static const channel_words channels[] = {
    {"taste", "Employers' taste-based discrimination", "employers' taste-based discrimination",
     "employers call black and Hispanic applicants back less often for their group alone "
     "(<code>employment.race_penalty_*</code>); equalised: no penalty",
     "the Quillian et al. (2017) meta-analysis of audit studies", 0},
    {"statistical", "Employers' beliefs about records by group",
     "employers' beliefs about records by group",
     "employers who cannot see a record judge an applicant by how common records are in "
     "his group (<code>employment.belief_*</code>, <code>black_record_multiplier</code>); "
     "equalised: the same belief for every man",
     "the beliefs are published prevalences of records (Shannon et al. 2017); the extra "
     "weight of a black applicant's record is assumed (1)",
     0},
    {"policing", "Policing and supervision by place", "policing and supervision by place",
     "an offence in a more disadvantaged neighbourhood more often leads to an arrest, most "
     "for drug and public-order offences, and supervision is closer there "
     "(<code>justice.policing_*</code>, <code>justice.supervision_intensity</code>); "
     "equalised: the same everywhere",
     "their sizes; only their directions come from studies", 1},
    {"jobs", "Jobs by place", "jobs by place",
     "fewer employers near disadvantaged neighbourhoods, where most black and Hispanic "
     "people return (<code>employment.jobs_disadvantage</code>); equalised: employers "
     "spread evenly",
     "its size; only the direction comes from studies (spatial mismatch)", 1},
    {"housing", "Housing by place", "housing by place",
     "the affordable housing open to people leaving prison varies with disadvantage "
     "(<code>housing.stock_disadvantage</code>; 0 by default, so nothing unless set); "
     "equalised: the same stock everywhere",
     "its size: no published estimate", 1},
    {"neighbourhood", "The rest of segregation", "the rest of segregation",
     "peers, public stigma and competition for local jobs differ between the "
     "neighbourhoods people return to; equalised: every group returns to the same mix of "
     "neighbourhoods (<code>population.dissimilarity_*</code> = 0)",
     "that people leaving prison return as segregated as their groups (the segregation "
     "indices themselves are measured: Logan &amp; Stults 2011)",
     1},
};

static const channel_words *words_of(const char *key)
{
    for (size_t i = 0; i < sizeof channels / sizeof channels[0]; i++)
        if (!strcmp(channels[i].key, key)) return &channels[i];
    return NULL;
}

int rg_report_race_present(const rg_study *s)
{
    for (size_t i = 0; i < s->n_runs; i++)
        if (s->runs[i].decomposition_channels > 0) return 1;
    return 0;
}

/* Columns of the table: [group][outcome] as stored, black then Hispanic. */
static const char *const group_name[] = {"black", "Hispanic"};

static void points_cell(FILE *f, double v)
{
    if (isnan(v))
        fputs("<td>-</td>", f);
    else
        fprintf(f, "<td>%+.1f</td>", fabs(v) < 0.05 ? 0.0 : v);
}

/* The levels behind the gaps, when the file has them. */
static void levels_text(FILE *f, const rg_result *r)
{
    const double *l = r->decomposition_level;
    if (!l) return;
    fprintf(f,
            "<p>Rearrested within 3 years: white %.1f%%, black %.1f%%, Hispanic %.1f%%. "
            "Share of months free spent in work: white %.1f%%, black %.1f%%, Hispanic "
            "%.1f%%.</p>\n",
            l[0], l[2], l[4], l[1], l[3], l[5]);
}

/* One sentence for a group and an outcome: the gap and its largest channel. */
static void gap_sentence(FILE *f, const rg_result *r, int g, int o)
{
    const size_t nc = r->decomposition_channels;
    const double gap = r->decomposition_gap[g * 2 + o];
    if (isnan(gap)) return;
    size_t top = 0;
    for (size_t c = 1; c < nc; c++)
        if (r->decomposition_contribution[c * 4 + (size_t)(g * 2 + o)] * gap >
            r->decomposition_contribution[top * 4 + (size_t)(g * 2 + o)] * gap)
            top = c;
    const double part = r->decomposition_contribution[top * 4 + (size_t)(g * 2 + o)];
    if (o == 0)
        fprintf(f,
                "<li>%s people are rearrested within 3 years %.1f percentage points %s "
                "often than white people",
                g ? "Hispanic" : "Black", fabs(gap), gap >= 0 ? "more" : "less");
    else
        fprintf(f,
                "<li>%s people spend %.1f percentage points %s of their free months in "
                "work than white people",
                g ? "Hispanic" : "Black", fabs(gap), gap >= 0 ? "more" : "less");
    const channel_words *w = words_of(r->decomposition_channel[top]);
    if (part * gap > 0) {
        fprintf(f, "; the largest part, %.1f points, comes through ", fabs(part));
        if (w)
            fprintf(f, "%s (%s)", w->phrase,
                    w->assumed ? "which rests on assumptions: see the table" : "measured");
        else
            rg_html_text(f, r->decomposition_channel[top]);
    }
    fputs(".</li>\n", f);
}

static void channel_row(FILE *f, const rg_result *r, size_t c)
{
    const channel_words *w = words_of(r->decomposition_channel[c]);
    fputs("<tr><th scope=\"row\">", f);
    if (w)
        fputs(w->name, f);
    else
        rg_html_text(f, r->decomposition_channel[c]);
    fprintf(f, "</th><td class=\"words\">%s</td><td class=\"words\">%s%s</td>",
            w ? w->meaning : "not described by this version of the report",
            !w           ? ""
            : w->assumed ? "<strong>assumed</strong>: "
                         : "measured: ",
            w ? w->basis : "-");
    for (int k = 0; k < 4; k++) points_cell(f, r->decomposition_contribution[c * 4 + (size_t)k]);
    fputs("</tr>\n", f);
}

static void decomposition_table(FILE *f, const rg_result *r)
{
    const size_t nc = r->decomposition_channels;
    fputs("<div class=\"scroll\"><table class=\"num\"><caption>Gap to white people and what "
          "comes through each channel, in percentage points (rearrested within 3 years; share "
          "of free months in work)</caption><thead><tr><th scope=\"col\">channel</th>"
          "<th scope=\"col\">what it is; what equalising it sets</th><th scope=\"col\">its "
          "size rests on</th>",
          f);
    for (int g = 0; g < 2; g++)
        fprintf(f, "<th scope=\"col\">%s rearrest</th><th scope=\"col\">%s employed</th>",
                group_name[g], group_name[g]);
    fputs("</tr></thead><tbody>\n<tr><th scope=\"row\">The gap</th><td class=\"words\">group "
          "minus white people, in the scenario as run</td><td></td>",
          f);
    for (int k = 0; k < 4; k++) points_cell(f, r->decomposition_gap[k]);
    fputs("</tr>\n", f);
    for (size_t c = 0; c < nc; c++) channel_row(f, r, c);
    fputs("<tr><th scope=\"row\">Residual</th><td class=\"words\">the gap left with every "
          "channel equalised: sampling noise, since nothing else acts on race</td><td></td>",
          f);
    for (int k = 0; k < 4; k++) points_cell(f, r->decomposition_gap[nc * 4 + (size_t)k]);
    fputs("</tr>\n</tbody></table></div>\n", f);
}

static void scenario_block(FILE *f, const rg_scenario *sc, const rg_result *r)
{
    fputs("<h3>", f);
    rg_html_text(f, sc->label);
    fputs("</h3>\n<p class=\"note\">From ", f);
    rg_html_text(f, r->path);
    fprintf(f, " (%lld people, seed %lld).</p>\n", (long long)r->agents, (long long)r->seed);
    levels_text(f, r);
    fputs("<ul>\n", f);
    for (int g = 0; g < 2; g++)
        for (int o = 0; o < 2; o++) gap_sentence(f, r, g, o);
    fputs("</ul>\n", f);
    decomposition_table(f, r);
}

void rg_report_race_section(FILE *f, const rg_study *s, size_t base)
{
    (void)base;
    if (!rg_report_race_present(s)) return;
    fputs("<section id=\"race-gaps\"><h2>Race gaps by channel</h2>\n<p>Why black and Hispanic "
          "people leaving prison fare differently from white people in this model. No "
          "parameter acts on race directly: race reaches outcomes only through where people "
          "return (segregation) and how places and employers treat them (docs/ODD.md 7.12). "
          "<code>reintegra decompose</code> ran the scenario again under the same random "
          "numbers with the channels below equalised between groups, one after another in "
          "the order of the table; a channel's part is how much the gap shrank when it was "
          "equalised. The parts and the residual add up to the gap. A part with the sign of "
          "the gap widens it; one with the other sign narrows it.</p>\n",
          f);
    for (size_t k = 0; k < s->n_scenarios; k++) {
        const rg_scenario *sc = &s->scenarios[k];
        for (size_t i = 0; i < sc->n; i++)
            if (sc->runs[i]->decomposition_channels > 0) {
                scenario_block(f, sc, sc->runs[i]);
                break;
            }
    }
    fputs("<p class=\"note\">Rows marked <strong>assumed</strong> rest on parameters whose "
          "sizes no data in <code>data/targets/</code> identify (docs/validation.md, part 3): "
          "read their parts as what the model implies if those sizes hold, and vary them in "
          "a sweep before relying on them. When channels interact, their parts depend on the "
          "order in which they are equalised, as in any sequential decomposition; "
          "taste-based discrimination comes first. One run per scenario: the residual shows "
          "how large the noise is.</p>\n</section>\n",
          f);
}
