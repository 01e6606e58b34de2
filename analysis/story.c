/* Life stories told from the event log: one life, and two lives of one person. */
#include "reintegra/story.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/schema.h"

enum { PHRASE_MAX = 192, STORY_LINE_MAX = 2048, MONTH_EVENTS_MAX = 64 };

/* Append to a fixed buffer, truncating safely. */
static void put(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void put(char *buf, size_t size, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len + 1 >= size) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, size - len, fmt, ap);
    va_end(ap);
}

/* "$1,950" */
static void dollars(double v, char *buf, size_t size)
{
    long long d = llround(v < 0 ? 0 : v);
    if (d >= 1000000)
        snprintf(buf, size, "$%lld,%03lld,%03lld", d / 1000000, d / 1000 % 1000, d % 1000);
    else if (d >= 1000)
        snprintf(buf, size, "$%lld,%03lld", d / 1000, d % 1000);
    else
        snprintf(buf, size, "$%lld", d);
}

/* "once", "twice", "3 times" */
static const char *times(int n, char *buf, size_t size)
{
    if (n == 1) return "once";
    if (n == 2) return "twice";
    snprintf(buf, size, "%d times", n);
    return buf;
}

void rg_story_describe_person(const rg_story_person *p, char *buf, size_t size)
{
    static const char *const races[] = {"white", "Black", "Hispanic", ""};
    static const char *const offences[] = {"a violent offence", "a property offence",
                                           "a drug offence", "a public-order offence"};
    const char *race = p->race >= 0 && p->race < 4 ? races[p->race] : "";
    const char *who = p->sex == RG_FEMALE ? "woman" : "man";
    int age = (int)floor(p->age_at_release);
    int an = age == 8 || age == 11 || age == 18 || (age >= 80 && age <= 89);
    snprintf(buf, size, "a%s %d-year-old %s%s%s", an ? "n" : "", age, race, *race ? " " : "", who);
    if (p->race == RG_OTHER_RACE) put(buf, size, " of another race or ethnicity");
    if (p->offense >= 0 && p->offense < 4)
        put(buf, size, ", released after a sentence for %s", offences[p->offense]);
    put(buf, size, ", with %d prior arrest%s", p->prior_arrests, p->prior_arrests == 1 ? "" : "s");
    put(buf, size, ", returning to neighbourhood %d", p->neighbourhood);
    if (p->release_month > 0) put(buf, size, " in month %d of the run", p->release_month + 1);
}

/* Plain names of the programmes, by their /programmes/name. */
static const char *programme_label(int id, const char *const *names, int n, char *buf, size_t size)
{
    static const char *const known[][2] = {
        {"cbt", "counselling (CBT) programme"},
        {"training", "job training programme"},
        {"transitional_jobs", "transitional jobs programme"},
        {"supported_housing", "supported housing programme"},
        {"health_programme", "health programme"},
        {"family_support", "family support programme"},
        {"mentoring", "mentoring programme"},
        {"stigma_campaign", "stigma campaign"},
    };
    const char *name = names && id >= 0 && id < n ? names[id] : NULL;
    if (name)
        for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
            if (strcmp(name, known[k][0]) == 0) return known[k][1];
    if (name)
        snprintf(buf, size, "%s programme", name);
    else
        snprintf(buf, size, "programme %d", id);
    return buf;
}

static void programme_end_phrase(int detail, const char *const *names, int n, char *buf,
                                 size_t size)
{
    char tmp[96];
    const char *prog = programme_label(detail & 15, names, n, tmp, sizeof tmp);
    switch (detail >> 4) {
    case 0: snprintf(buf, size, "completed the %s", prog); break;
    case 1: snprintf(buf, size, "dropped out of the %s", prog); break;
    case 2: snprintf(buf, size, "left the %s on going to prison", prog); break;
    default: snprintf(buf, size, "left the %s", prog); break;
    }
}

static void job_phrase(const rg_story_event *e, char *buf, size_t size)
{
    snprintf(buf, size, "found work with a sector-%d employer", e->detail);
    if (!isnan(e->value) && e->value > 0) {
        char money[32];
        dollars(e->value, money, sizeof money);
        put(buf, size, " paying %s a month", money);
    }
}

void rg_story_event_phrase(const rg_story_event *e, const char *const *programmes, int n_programmes,
                           char *buf, size_t size)
{
    static const char *const admissions[] = {
        "went back to prison on a new sentence",
        "had supervision revoked after the arrest and went back to prison",
        "went back to prison for a technical violation of supervision"};
    static const char *const housing[] = {"moved into stable housing",
                                          "had to stay with others (unstable housing)",
                                          "became homeless"};
    static const char *const mentor_end[] = {
        "lost the mentor (the relationship broke down)", "completed mentoring",
        "lost the mentor on going to prison", "lost the mentor, who burned out"};
    char tmp[96];
    const int d = e->detail;
    buf[0] = '\0';
    switch ((rg_event_type)e->type) {
    case RG_EV_RELEASE:
        snprintf(buf, size, d ? "was released from prison again" : "was released from prison");
        break;
    case RG_EV_OFFENSE:
        if (d > 1)
            snprintf(buf, size, "committed %d offences that went undetected", d);
        else
            snprintf(buf, size, "committed an offence that went undetected");
        break;
    case RG_EV_ARREST:
        snprintf(buf, size, d ? "was arrested while on supervision" : "was arrested");
        break;
    case RG_EV_CONVICTION:
        snprintf(buf, size,
                 d ? "was convicted and sentenced to prison"
                   : "was convicted (no prison sentence)");
        break;
    case RG_EV_ADMISSION: snprintf(buf, size, "%s", admissions[d < 3 ? d : 0]); break;
    case RG_EV_JOB_START: job_phrase(e, buf, size); break;
    case RG_EV_JOB_LOSS:
        snprintf(buf, size, d ? "lost the job on going to prison" : "lost the job");
        break;
    case RG_EV_HOUSING_MOVE: snprintf(buf, size, "%s", housing[d < 3 ? d : 1]); break;
    case RG_EV_MENTOR_MATCH: snprintf(buf, size, "was matched with a mentor"); break;
    case RG_EV_MENTOR_END: snprintf(buf, size, "%s", mentor_end[d < 4 ? d : 0]); break;
    case RG_EV_RELAPSE:
        snprintf(buf, size, d ? "had a relapse of mental illness" : "relapsed into substance use");
        break;
    case RG_EV_FAMILY_BREAKDOWN: snprintf(buf, size, "lost the support of family"); break;
    case RG_EV_FAMILY_REPAIR: snprintf(buf, size, "regained the support of family"); break;
    case RG_EV_PROGRAMME_START:
        snprintf(buf, size, "started the %s",
                 programme_label(d, programmes, n_programmes, tmp, sizeof tmp));
        break;
    case RG_EV_PROGRAMME_END: programme_end_phrase(d, programmes, n_programmes, buf, size); break;
    case RG_EV_RECORD_CLEARED:
        snprintf(buf, size,
                 d ? "had the criminal record cleared automatically"
                   : "had the criminal record cleared by petition");
        break;
    default: snprintf(buf, size, "event %d (detail %d)", e->type, d); break;
    }
}

/* What the events say about the end of a life. */
typedef struct tally {
    int arrests, convictions, admissions, months_in_work, in_prison, in_work, housing;
    int cleared, programmes_completed;
} tally;

static tally tally_life(const rg_story_life *l)
{
    tally t = {0};
    t.housing = -1;
    t.in_prison = l->person.release_month >= l->horizon; /* not released within the run */
    int job_since = -1;
    for (size_t k = 0; k < l->n_events; k++) {
        const rg_story_event *e = &l->events[k];
        switch ((rg_event_type)e->type) {
        case RG_EV_RELEASE: t.in_prison = 0; break;
        case RG_EV_ARREST: t.arrests++; break;
        case RG_EV_CONVICTION: t.convictions++; break;
        case RG_EV_ADMISSION:
            t.admissions++;
            t.in_prison = 1;
            break;
        case RG_EV_JOB_START: job_since = e->month; break;
        case RG_EV_JOB_LOSS:
            if (job_since >= 0) t.months_in_work += e->month - job_since;
            job_since = -1;
            break;
        case RG_EV_HOUSING_MOVE: t.housing = e->detail; break;
        case RG_EV_RECORD_CLEARED: t.cleared = 1; break;
        case RG_EV_PROGRAMME_END: t.programmes_completed += (e->detail >> 4) == 0; break;
        default: break;
        }
    }
    if (job_since >= 0) t.months_in_work += l->horizon - job_since;
    t.in_work = job_since >= 0;
    return t;
}

/* "arrested twice, convicted once, back in prison once, 14 months in work" */
static void tally_text(const tally *t, char *buf, size_t size)
{
    char n1[24], n2[24], n3[24];
    buf[0] = '\0';
    if (!t->arrests) {
        put(buf, size, "never rearrested");
    } else {
        put(buf, size, "arrested %s", times(t->arrests, n1, sizeof n1));
        if (t->convictions) put(buf, size, ", convicted %s", times(t->convictions, n2, sizeof n2));
        if (t->admissions)
            put(buf, size, ", back in prison %s", times(t->admissions, n3, sizeof n3));
    }
    put(buf, size, ", %d month%s in work", t->months_in_work, t->months_in_work == 1 ? "" : "s");
}

static void closing_text(const rg_story_life *l, char *buf, size_t size)
{
    static const char *const housing[] = {"stably housed", "staying with others", "homeless"};
    tally t = tally_life(l);
    char facts[256];
    tally_text(&t, facts, sizeof facts);
    snprintf(buf, size, "%s", t.in_prison ? "in prison" : "free");
    if (!t.in_prison) {
        put(buf, size, ", %s", t.in_work ? "in work" : "out of work");
        if (t.housing >= 0 && t.housing < 3) put(buf, size, ", %s", housing[t.housing]);
        if (t.cleared) put(buf, size, ", with a cleared record");
    }
    put(buf, size, "; %s", facts);
    if (t.programmes_completed)
        put(buf, size, "; completed %d programme%s", t.programmes_completed,
            t.programmes_completed == 1 ? "" : "s");
}

static rg_status add_line(rg_story *s, size_t *cap, int month, int model_month, const char *text,
                          rg_error *err)
{
    if (s->n == *cap) {
        size_t nc = *cap ? 2 * *cap : 16;
        rg_story_line *l = realloc(s->lines, nc * sizeof *l);
        if (!l) return rg_error_set(err, RG_EINTERNAL, "story: out of memory");
        s->lines = l;
        *cap = nc;
    }
    char *copy = strdup(text);
    if (!copy) return rg_error_set(err, RG_EINTERNAL, "story: out of memory");
    s->lines[s->n++] = (rg_story_line){month, model_month, copy};
    return RG_OK;
}

/* The wage of a job start: the event's, else the monthly state's. */
static rg_story_event with_wage(const rg_story_life *l, const rg_story_event *e)
{
    rg_story_event c = *e;
    if (c.type == RG_EV_JOB_START && isnan(c.value) && l->months && e->month >= 0 &&
        e->month < l->horizon)
        c.value = l->months[e->month].wage;
    return c;
}

/* The phrases of events [k, end) (one month), joined with "; ". */
static void month_text(const rg_story_life *l, size_t k, size_t end, char *buf, size_t size)
{
    int arrested = 0;
    for (size_t j = k; j < end; j++) arrested |= l->events[j].type == RG_EV_ARREST;
    buf[0] = '\0';
    for (size_t j = k; j < end; j++) {
        const rg_story_event *e = &l->events[j];
        char phrase[PHRASE_MAX];
        if (e->type == RG_EV_OFFENSE && arrested) continue; /* the arrest tells it */
        rg_story_event c = with_wage(l, e);
        rg_story_event_phrase(&c, l->programmes, l->n_programmes, phrase, sizeof phrase);
        if (e->type == RG_EV_ARREST && j > k && l->events[j - 1].type == RG_EV_OFFENSE)
            snprintf(phrase, sizeof phrase, "committed an offence and %s",
                     e->detail ? "was arrested while on supervision" : "was arrested");
        put(buf, size, "%s%s", buf[0] ? "; " : "", phrase);
    }
}

/* "after 2 years: free, in work ($1,950 a month), stably housed, family support
 * 0.62, internalised stigma 0.31" */
static void status_text(const rg_story_month *m, int years, char *buf, size_t size)
{
    static const char *const housing[] = {"stably housed", "staying with others", "homeless"};
    snprintf(buf, size, "after %d year%s: ", years, years == 1 ? "" : "s");
    if (m->status == 2) {
        put(buf, size, "in prison");
        return;
    }
    if (m->employed) {
        char money[32];
        dollars(m->wage, money, sizeof money);
        put(buf, size, "in work (%s a month)", money);
    } else {
        put(buf, size, "out of work");
    }
    put(buf, size, ", %s, family support %.2f, internalised stigma %.2f",
        housing[m->housing < 3 ? m->housing : 1], m->family_support, m->stigma);
}

/* Lines for the events of model month m (from events[*k]) and the yearly status. */
static rg_status tell_month(const rg_story_life *l, int m, size_t *k, rg_story *s, size_t *cap,
                            rg_error *err)
{
    const int release = l->person.release_month;
    char text[STORY_LINE_MAX + 32], body[STORY_LINE_MAX];
    size_t end = *k;
    while (end < l->n_events && l->events[end].month == m) end++;
    month_text(l, *k, end, body, sizeof body);
    *k = end;
    int since = m - release + 1;
    if (l->months && m >= release && since % 12 == 0 && m < l->horizon) {
        char status[256];
        status_text(&l->months[m], since / 12, status, sizeof status);
        put(body, sizeof body, "%s%s", body[0] ? "; " : "", status);
    }
    if (!body[0]) return RG_OK;
    snprintf(text, sizeof text, "Month %d: %s.", since, body);
    return add_line(s, cap, since, m, text, err);
}

/* Events in month order within the run. */
static rg_status check_life(const rg_story_life *l, rg_error *err)
{
    if (l->horizon < 0 || l->horizon > 100000)
        return rg_error_set(err, RG_EINPUT, "story: person %u: a horizon of %d months",
                            l->person.id, l->horizon);
    for (size_t k = 0; k < l->n_events; k++) {
        int32_t m = l->events[k].month;
        if (m < 0 || m >= l->horizon || (k && m < l->events[k - 1].month))
            return rg_error_set(err, RG_EINPUT,
                                "story: person %u: event %zu in month %d; expected events in "
                                "month order within the run's %d months",
                                l->person.id, k, (int)m, l->horizon);
    }
    return RG_OK;
}

rg_status rg_story_tell(const rg_story_life *l, rg_story *s, rg_error *err)
{
    *s = (rg_story){0};
    size_t cap = 0;
    char text[STORY_LINE_MAX], who[512];
    rg_story_describe_person(&l->person, who, sizeof who);
    snprintf(text, sizeof text, "Person %u: %s.", l->person.id, who);
    RG_TRY(check_life(l, err));
    rg_status st = add_line(s, &cap, 0, l->person.release_month - 1, text, err);
    size_t k = 0;
    for (int m = 0; st == RG_OK && m < l->horizon; m++) st = tell_month(l, m, &k, s, &cap, err);
    if (st == RG_OK) {
        char end[512];
        closing_text(l, end, sizeof end);
        int since = l->horizon - l->person.release_month;
        if (since > 0)
            snprintf(text, sizeof text, "After %d month%s: %s.", since, since == 1 ? "" : "s", end);
        else
            snprintf(text, sizeof text, "Not released within the run's %d months.", l->horizon);
        st = add_line(s, &cap, since, l->horizon - 1, text, err);
    }
    if (st != RG_OK) rg_story_free(s);
    return st;
}

void rg_story_free(rg_story *s)
{
    for (size_t i = 0; i < s->n; i++) free(s->lines[i].text);
    free(s->lines);
    *s = (rg_story){0};
}

void rg_story_write_text(FILE *f, const rg_story *s)
{
    for (size_t i = 0; i < s->n; i++) fprintf(f, "%s\n", s->lines[i].text);
}

/* ---- Two lives ---- */

static int same_event(const rg_story_event *a, const rg_story_event *b)
{
    if (a->type != b->type || a->detail != b->detail) return 0;
    return isnan(a->value) || isnan(b->value) || a->value == b->value;
}

/* The range of events of month m, from *k on. */
static size_t month_end(const rg_story_life *l, size_t k, int m)
{
    while (k < l->n_events && l->events[k].month == m) k++;
    return k;
}

/* Match the events of one month of a [ka, ea) against b [kb, eb): the first event
 * of each without a partner (NULL if all have one). */
static void unmatched(const rg_story_life *a, size_t ka, size_t ea, const rg_story_life *b,
                      size_t kb, size_t eb, const rg_story_event **fa, const rg_story_event **fb)
{
    unsigned char used_b[MONTH_EVENTS_MAX] = {0}, used_a[MONTH_EVENTS_MAX] = {0};
    *fa = *fb = NULL;
    for (size_t i = ka; i < ea; i++)
        for (size_t j = kb; j < eb; j++)
            if (i - ka < MONTH_EVENTS_MAX && j - kb < MONTH_EVENTS_MAX && !used_b[j - kb] &&
                !used_a[i - ka] && same_event(&a->events[i], &b->events[j])) {
                used_a[i - ka] = used_b[j - kb] = 1;
                break;
            }
    for (size_t i = ka; i < ea && !*fa; i++)
        if (i - ka >= MONTH_EVENTS_MAX || !used_a[i - ka]) *fa = &a->events[i];
    for (size_t j = kb; j < eb && !*fb; j++)
        if (j - kb >= MONTH_EVENTS_MAX || !used_b[j - kb]) *fb = &b->events[j];
}

static int state_differs(const rg_story_month *x, const rg_story_month *y)
{
    return x->status != y->status || x->employed != y->employed || x->housing != y->housing ||
           x->wage != y->wage || x->family_support != y->family_support || x->stigma != y->stigma;
}

/* "... until month 5, when they part: with the policy, this person found work ...;
 * in the baseline, that did not happen." */
static void parting_text(const rg_story_life *a, const rg_story_life *b, const char *la,
                         const char *lb, const rg_story_divergence *d, char *buf, size_t size)
{
    char pa[PHRASE_MAX] = "", pb[PHRASE_MAX] = "";
    if (d->first_a) {
        rg_story_event c = with_wage(a, d->first_a);
        rg_story_event_phrase(&c, a->programmes, a->n_programmes, pa, sizeof pa);
    }
    if (d->first_b) {
        rg_story_event c = with_wage(b, d->first_b);
        rg_story_event_phrase(&c, b->programmes, b->n_programmes, pb, sizeof pb);
    }
    snprintf(buf, size, "The two lives are the same until month %d, when they part: ", d->month);
    if (d->first_b && d->first_a)
        put(buf, size, "%s, this person %s; %s, this person %s.", lb, pb, la, pa);
    else if (d->first_b)
        put(buf, size, "%s, this person %s; %s, that did not happen.", lb, pb, la);
    else
        put(buf, size, "%s, this person %s; %s, that did not happen.", la, pa, lb);
}

rg_status rg_story_diverge(const rg_story_life *a, const rg_story_life *b, const char *la,
                           const char *lb, rg_story_divergence *d, rg_error *err)
{
    memset(d, 0, sizeof *d);
    d->month = d->model_month = d->state_month = -1;
    RG_TRY(check_life(a, err));
    RG_TRY(check_life(b, err));
    if (a->person.id != b->person.id)
        return rg_error_set(err, RG_EINPUT,
                            "story: person %u and person %u are not the same person; expected "
                            "one person in two runs with the same seed",
                            a->person.id, b->person.id);
    const int release = a->person.release_month;
    const int horizon = a->horizon > b->horizon ? a->horizon : b->horizon;
    int state_month = -1;
    if (a->months && b->months)
        for (int m = 0; m < a->horizon && m < b->horizon && state_month < 0; m++)
            if (state_differs(&a->months[m], &b->months[m])) state_month = m;
    size_t ka = 0, kb = 0;
    for (int m = 0; m < horizon && d->model_month < 0; m++) {
        size_t ea = month_end(a, ka, m), eb = month_end(b, kb, m);
        const rg_story_event *fa, *fb;
        unmatched(a, ka, ea, b, kb, eb, &fa, &fb);
        if (fa || fb) {
            d->model_month = m;
            d->month = m - release + 1;
            d->first_a = fa;
            d->first_b = fb;
        }
        ka = ea;
        kb = eb;
    }
    d->state_month = state_month >= 0 ? state_month - release + 1 : -1;
    d->diverged = d->model_month >= 0 || state_month >= 0;
    char *buf = d->text;
    const size_t size = sizeof d->text;
    if (d->model_month < 0) {
        if (state_month < 0)
            snprintf(buf, size,
                     "The two lives are the same over all %d months: the change did not reach "
                     "this person's events.",
                     horizon - release);
        else
            snprintf(buf, size,
                     "The same events in both worlds, though the person's recorded state "
                     "(work, housing, family, stigma) differs from month %d.",
                     d->state_month);
        return RG_OK;
    }
    parting_text(a, b, la, lb, d, buf, size);
    if (state_month >= 0 && state_month < d->model_month)
        put(buf, size,
            " Their recorded state (work, housing, family, stigma) already differs from month "
            "%d: a change in the odds can come before a different event.",
            d->state_month);
    tally ta = tally_life(a), tb = tally_life(b);
    char xa[256], xb[256];
    tally_text(&ta, xa, sizeof xa);
    tally_text(&tb, xb, sizeof xb);
    put(buf, size, " By month %d: %s, %s; %s, %s.", horizon - release, la, xa, lb, xb);
    return RG_OK;
}
