/* `reintegra story`: one person's life from a run file, or two lives side by side. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/cli.h"
#include "reintegra/groups.h"
#include "reintegra/life.h"
#include "reintegra/story.h"
#include "common/text.h"

enum { PICK_MAX = 100 };

static const char usage_story[] =
    "usage: reintegra story RUN.h5 [--agent ID | --pick N [--group G]]\n"
    "                       [--compare OTHER.h5] [--json]\n"
    "\n"
    "Tell one person's life month by month in plain sentences, from the run's event log\n"
    "and, when the run sampled the person, their monthly state (work, wage, housing,\n"
    "family, stigma). With --compare, the same person in a second run of the same seed\n"
    "and population, month by month beside the first: the month the two lives part and\n"
    "the event that changed. The run must have been written with output.events and\n"
    "output.agents (the defaults).\n"
    "\n"
    "  --agent ID          the person with this id (0 to agents - 1)\n"
    "  --pick N            N people (1 to 100) of the group, picked reproducibly: people\n"
    "                      released within the run, those whose monthly state was sampled\n"
    "                      first, each in the order of a hash of the run's seed and their\n"
    "                      id, so runs with the same seed pick the same people (default:\n"
    "                      --pick 1 --group all)\n"
    "  --group G           the group to pick from (the groups of `reintegra metrics`)\n"
    "  --compare OTHER.h5  the same person's life in another run with the same seed\n"
    "  --json              as JSON\n"
    "  -h, --help          this text\n";

const char *rg_usage_story(void)
{
    return usage_story;
}

typedef struct story_opts {
    const char *run, *other;
    long long agent, pick;
    int group, json;
} story_opts;

/* One line naming the groups there are; exit status 2. */
static int unknown_group(const char *name)
{
    fprintf(stderr, "reintegra: story: unknown group: %s; expected one of:", name);
    for (int g = 0; g < RG_G_FIRST_GAP; g++)
        fprintf(stderr, "%s %s", g ? "," : "", rg_group_key((rg_group)g));
    fputc('\n', stderr);
    return RG_EINPUT;
}

static int parse_story(int argc, char **argv, story_opts *o)
{
    *o = (story_opts){.agent = -1, .pick = -1, .group = RG_G_ALL};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--json")) {
            o->json = 1;
        } else if (!strcmp(a, "--agent") && v) {
            if (rg_cli_parse_count(v, 0, UINT32_MAX - 1LL, &o->agent))
                return rg_cli_usage_error(usage_story, "story: --agent: expected an id: %s", v);
            i++;
        } else if (!strcmp(a, "--pick") && v) {
            if (rg_cli_parse_count(v, 1, PICK_MAX, &o->pick))
                return rg_cli_usage_error(usage_story, "story: --pick: expected 1 to 100: %s", v);
            i++;
        } else if (!strcmp(a, "--group") && v) {
            o->group = rg_group_parse(v);
            if (o->group < 0 || o->group >= RG_G_FIRST_GAP) return unknown_group(v);
            i++;
        } else if (!strcmp(a, "--compare") && v) {
            o->other = argv[++i];
        } else if (a[0] == '-' || o->run) {
            return rg_cli_usage_error(usage_story,
                                      "story: unknown option, missing value or second run: %s", a);
        } else {
            o->run = a;
        }
    }
    if (!o->run) return rg_cli_usage_error(usage_story, "story: expected a run file%s", "");
    if (o->agent >= 0 && o->pick >= 0)
        return rg_cli_usage_error(usage_story, "story: --agent and --pick exclude each other%s",
                                  "");
    if (o->pick < 0 && o->agent < 0) o->pick = 1;
    return 0;
}

/* "baseline" or, when both runs have one name, the file. */
static const char *world(const rg_life_file *f, const rg_life_file *other)
{
    const char *s = rg_life_scenario(f);
    if (!s[0] || (other && !strcmp(s, rg_life_scenario(other)))) return rg_life_path(f);
    return s;
}

/* The text of a month line without its "Month N: " */
static const char *body(const char *line)
{
    const char *colon = strstr(line, ": ");
    return colon && !strncmp(line, "Month ", 6) ? colon + 2 : line;
}

/* The line of story s about month `since` (NULL: none). Lines 1 .. n-2 are months. */
static const char *line_of(const rg_story *s, int since)
{
    for (size_t k = 1; k + 1 < s->n; k++)
        if (s->lines[k].month == since) return body(s->lines[k].text);
    return NULL;
}

/* The two stories month by month: one line where they agree, two where they do not. */
static void write_side_by_side(FILE *out, const rg_story *a, const rg_story *b, const char *la,
                               const char *lb, int first, int last)
{
    int width = (int)(strlen(la) > strlen(lb) ? strlen(la) : strlen(lb)) + 1;
    for (int m = first; m <= last; m++) {
        const char *x = line_of(a, m), *y = line_of(b, m);
        if (!x && !y) continue;
        if (x && y && !strcmp(x, y)) {
            fprintf(out, "Month %d (both): %s\n", m, x);
            continue;
        }
        fprintf(out, "Month %d:\n", m);
        fprintf(out, "  %-*s %s\n", width, la, x ? x : "-");
        fprintf(out, "  %-*s %s\n", width, lb, y ? y : "-");
    }
    fprintf(out, "At the end:\n  %-*s %s\n  %-*s %s\n", width, la, body(a->lines[a->n - 1].text),
            width, lb, body(b->lines[b->n - 1].text));
}

static void json_lines(FILE *out, const rg_story *s)
{
    fputs("[", out);
    for (size_t k = 0; k < s->n; k++) {
        fprintf(out, "%s\n      {\"month\": %d, \"model_month\": %d, \"text\": ", k ? "," : "",
                s->lines[k].month, s->lines[k].model_month);
        rg_json_text(out, s->lines[k].text);
        fputc('}', out);
    }
    fputs("]", out);
}

/* Is the person of both lives the same (the runs' populations agree)? */
static rg_status same_person(const rg_life *a, const rg_life *b, const rg_life_file *fa,
                             const rg_life_file *fb, rg_error *err)
{
    const rg_story_person *p = &a->life.person, *q = &b->life.person;
    if (p->sex != q->sex || p->race != q->race || p->offense != q->offense ||
        p->age_at_release != q->age_at_release || p->release_month != q->release_month)
        return rg_error_set(err, RG_EINPUT,
                            "person %u differs between %s and %s (sex, race, offence, age or "
                            "release): the runs' populations differ, so they hold different "
                            "people",
                            p->id, rg_life_path(fa), rg_life_path(fb));
    return RG_OK;
}

/* The runs, the people and the stories of one telling. */
typedef struct telling {
    const story_opts *o;
    rg_life_file *fa, *fb; /* fb NULL without --compare */
    uint32_t ids[PICK_MAX];
    size_t n;
} telling;

static void write_header(FILE *out, const telling *t)
{
    const rg_life_file *f[2] = {t->fa, t->fb};
    for (int k = 0; k < 2 && f[k]; k++) {
        fprintf(out, "%s: scenario %s", rg_life_path(f[k]), rg_life_scenario(f[k]));
        if (rg_life_description(f[k])[0]) fprintf(out, " (%s)", rg_life_description(f[k]));
        fprintf(out, ", seed %lld, %lld people, %d months\n", rg_life_seed(f[k]),
                rg_life_agents(f[k]), rg_life_months(f[k]));
    }
    if (t->o->pick > 0)
        fprintf(out,
                "%zu %s of group %s, picked by the run's seed (people released within the run, "
                "those whose monthly state was recorded first)\n",
                t->n, t->n == 1 ? "person" : "people", rg_group_key((rg_group)t->o->group));
}

static void write_text(FILE *out, const telling *t, const rg_life *a, const rg_story *sa,
                       const rg_story *sb, const rg_story_divergence *d)
{
    fprintf(out, "\n%s\n", sa->lines[0].text);
    if (!sb) {
        for (size_t k = 1; k < sa->n; k++) fprintf(out, "%s\n", sa->lines[k].text);
    } else {
        const char *la = world(t->fa, t->fb), *lb = world(t->fb, t->fa);
        int last = rg_life_months(t->fa) > rg_life_months(t->fb) ? rg_life_months(t->fa)
                                                                 : rg_life_months(t->fb);
        write_side_by_side(out, sa, sb, la, lb, 0, last);
        fprintf(out, "Where they part: %s\n", d->text);
    }
    if (!a->months)
        fprintf(out,
                "(Wages and yearly states are told for the people whose monthly state the run "
                "recorded, a share output.trajectory_fraction of them; person %u is not one.)\n",
                a->life.person.id);
}

static void write_json(FILE *out, const telling *t, const rg_life *a, const rg_story *sa,
                       const rg_story *sb, const rg_story_divergence *d, int first)
{
    fprintf(out, "%s\n    {\"id\": %u, \"sampled\": %s, \"lines\": ", first ? "" : ",",
            a->life.person.id, a->months ? "true" : "false");
    json_lines(out, sa);
    if (sb) {
        fputs(",\n     \"compare\": {\"file\": ", out);
        rg_json_text(out, rg_life_path(t->fb));
        fputs(", \"lines\": ", out);
        json_lines(out, sb);
        fprintf(out, ", \"diverged\": %s, \"month\": %d, \"model_month\": %d, \"text\": ",
                d->diverged ? "true" : "false", d->month, d->model_month);
        rg_json_text(out, d->text);
        fputc('}', out);
    }
    fputc('}', out);
}

/* Read, tell and write the life of person k (and its other life). */
static rg_status tell_one(FILE *out, const telling *t, size_t k, rg_error *err)
{
    rg_life a = {0}, b = {0};
    rg_story sa = {0}, sb = {0};
    rg_story_divergence d;
    RG_TRY(rg_life_read(t->fa, &t->ids[k], 1, &a, err));
    rg_status st = t->fb ? rg_life_read(t->fb, &t->ids[k], 1, &b, err) : RG_OK;
    if (st == RG_OK && t->fb) st = same_person(&a, &b, t->fa, t->fb, err);
    if (st == RG_OK) st = rg_story_tell(&a.life, &sa, err);
    if (st == RG_OK && t->fb) st = rg_story_tell(&b.life, &sb, err);
    if (st == RG_OK && t->fb) {
        char la[300], lb[300];
        snprintf(la, sizeof la, "in %s", world(t->fa, t->fb));
        snprintf(lb, sizeof lb, "in %s", world(t->fb, t->fa));
        st = rg_story_diverge(&a.life, &b.life, la, lb, &d, err);
    }
    if (st == RG_OK && t->o->json)
        write_json(out, t, &a, &sa, t->fb ? &sb : NULL, &d, k == 0);
    else if (st == RG_OK)
        write_text(out, t, &a, &sa, t->fb ? &sb : NULL, &d);
    rg_story_free(&sa);
    rg_story_free(&sb);
    rg_life_free(&a);
    rg_life_free(&b);
    return st;
}

static rg_status tell(FILE *out, telling *t, rg_error *err)
{
    const story_opts *o = t->o;
    RG_TRY(rg_life_open(&t->fa, o->run, err));
    if (o->other) {
        RG_TRY(rg_life_open(&t->fb, o->other, err));
        RG_TRY(rg_life_same_people(t->fa, t->fb, err));
    }
    if (o->agent >= 0) {
        t->ids[0] = (uint32_t)o->agent;
        t->n = 1;
        if (o->agent >= rg_life_agents(t->fa))
            return rg_error_set(err, RG_EINPUT,
                                "%s: no person %lld: the run has %lld people (ids 0 to %lld)",
                                o->run, o->agent, rg_life_agents(t->fa), rg_life_agents(t->fa) - 1);
    } else {
        RG_TRY(rg_life_pick(t->fa, (rg_group)o->group, (size_t)o->pick, t->ids, &t->n, err));
        if (t->n == 0)
            return rg_error_set(
                err, RG_EINPUT, "%s: nobody of group %s was released in the run%s", o->run,
                rg_group_key((rg_group)o->group),
                rg_group_kind_of((rg_group)o->group) == RG_GK_RECORD
                    ? " (the record groups hold people only in runs with Fresh Start)"
                    : "");
    }
    if (o->json) {
        fputs("{\"file\": ", out);
        rg_json_text(out, o->run);
        fputs(", \"scenario\": ", out);
        rg_json_text(out, rg_life_scenario(t->fa));
        fprintf(out, ", \"seed\": %lld, \"people\": [", rg_life_seed(t->fa));
    } else {
        write_header(out, t);
    }
    for (size_t k = 0; k < t->n; k++) RG_TRY(tell_one(out, t, k, err));
    if (o->json) fputs("\n]}\n", out);
    return RG_OK;
}

int rg_cmd_story(int argc, char **argv)
{
    if (rg_cli_wants_help(argc, argv)) {
        fputs(usage_story, stdout);
        return 0;
    }
    story_opts o;
    int rc = parse_story(argc, argv, &o);
    if (rc) return rc;
    telling t = {.o = &o};
    rg_error err = {0};
    rg_status st = tell(stdout, &t, &err);
    rg_life_close(t.fa);
    rg_life_close(t.fb);
    return st == RG_OK ? 0 : rg_cli_fail(&err);
}
