/* The story formatter: fixed event lists give the expected sentences; two lives
 * part where their events first differ, and the event that changed is named. */
#include <math.h>
#include <string.h>

#include "../check.h"
#include "reintegra/population.h"
#include "reintegra/run.h"
#include "reintegra/story.h"

#define EV(m, t, d)                                                                                \
    {                                                                                              \
        (m), RG_EV_##t, (d), NAN                                                                   \
    }
#define EVW(m, t, d, w)                                                                            \
    {                                                                                              \
        (m), RG_EV_##t, (d), (w)                                                                   \
    }

static const char *const programmes[] = {"cbt",
                                         "training",
                                         "transitional_jobs",
                                         "supported_housing",
                                         "health_programme",
                                         "family_support",
                                         "mentoring",
                                         "stigma_campaign"};

static rg_story_person person17(void)
{
    return (rg_story_person){17, RG_MALE, RG_BLACK, RG_DRUG, 6, 34.7, 0, 12};
}

static void check_lines(const rg_story *s, const char *const *want, size_t n, const char *what)
{
    CHECK(s->n == n, "%s: %zu lines, expected %zu", what, s->n, n);
    for (size_t i = 0; i < n && i < s->n; i++)
        CHECK(strcmp(s->lines[i].text, want[i]) == 0, "%s line %zu:\n  got  %s\n  want %s", what, i,
              s->lines[i].text, want[i]);
}

static void test_people(void)
{
    char buf[512];
    rg_story_person p = person17();
    rg_story_describe_person(&p, buf, sizeof buf);
    CHECK(strcmp(buf, "a 34-year-old Black man, released after a sentence for a drug offence, "
                      "with 6 prior arrests, returning to neighbourhood 12") == 0,
          "%s", buf);
    p = (rg_story_person){3, RG_FEMALE, RG_HISPANIC, RG_PROPERTY, 1, 18.9, 4, 0};
    rg_story_describe_person(&p, buf, sizeof buf);
    CHECK(strcmp(buf, "an 18-year-old Hispanic woman, released after a sentence for a property "
                      "offence, with 1 prior arrest, returning to neighbourhood 0 in month 5 "
                      "of the run") == 0,
          "%s", buf);
    p = (rg_story_person){4, RG_MALE, RG_OTHER_RACE, RG_VIOLENT, 12, 45.0, 0, 3};
    rg_story_describe_person(&p, buf, sizeof buf);
    CHECK(strcmp(buf, "a 45-year-old man of another race or ethnicity, released after a sentence "
                      "for a violent offence, with 12 prior arrests, returning to neighbourhood "
                      "3") == 0,
          "%s", buf);
}

static void test_phrases(void)
{
    char buf[256];
    rg_story_event e = EV(3, PROGRAMME_START, 0);
    rg_story_event_phrase(&e, programmes, 8, buf, sizeof buf);
    CHECK(strcmp(buf, "started the counselling (CBT) programme") == 0, "%s", buf);
    e = (rg_story_event)EV(3, PROGRAMME_END, 1 + 16 * 1);
    rg_story_event_phrase(&e, programmes, 8, buf, sizeof buf);
    CHECK(strcmp(buf, "dropped out of the job training programme") == 0, "%s", buf);
    e = (rg_story_event)EV(3, PROGRAMME_END, 3 + 16 * 2);
    rg_story_event_phrase(&e, NULL, 0, buf, sizeof buf);
    CHECK(strcmp(buf, "left the programme 3 on going to prison") == 0, "%s", buf);
    e = (rg_story_event)EVW(3, JOB_START, 1, 12345.4f);
    rg_story_event_phrase(&e, NULL, 0, buf, sizeof buf);
    CHECK(strcmp(buf, "found work with a sector-1 employer paying $12,345 a month") == 0, "%s",
          buf);
    e = (rg_story_event)EV(3, RECORD_CLEARED, 1);
    rg_story_event_phrase(&e, NULL, 0, buf, sizeof buf);
    CHECK(strcmp(buf, "had the criminal record cleared automatically") == 0, "%s", buf);
}

/* A life from a real run's log (agent 0 of the baseline, seed 1), wages added. */
static const rg_story_event life0[] = {
    EV(0, RELEASE, 0),          EV(0, HOUSING_MOVE, 2),  EVW(0, JOB_START, 0, 1900.0f),
    EV(1, HOUSING_MOVE, 0),     EV(2, OFFENSE, 0),       EV(2, ARREST, 1),
    EV(2, ADMISSION, 1),        EV(2, CONVICTION, 0),    EV(3, JOB_LOSS, 1),
    EV(13, RELEASE, 1),         EV(13, RELAPSE, 1),      EV(13, HOUSING_MOVE, 2),
    EV(14, HOUSING_MOVE, 0),    EV(20, OFFENSE, 0),      EV(29, MENTOR_MATCH, 0),
    EV(29, PROGRAMME_START, 0), EV(33, PROGRAMME_END, 0)};

static void test_tell(void)
{
    rg_story_life l = {person17(), life0, sizeof life0 / sizeof life0[0], NULL, 36, programmes, 8};
    rg_story s;
    rg_error err = {0};
    CHECK(rg_story_tell(&l, &s, &err) == RG_OK, "%s", err.msg);
    const char *const want[] = {
        "Person 17: a 34-year-old Black man, released after a sentence for a drug offence, with "
        "6 prior arrests, returning to neighbourhood 12.",
        "Month 1: was released from prison; became homeless; found work with a sector-0 "
        "employer paying $1,900 a month.",
        "Month 2: moved into stable housing.",
        "Month 3: committed an offence and was arrested while on supervision; had supervision "
        "revoked after the arrest and went back to prison; was convicted (no prison sentence).",
        "Month 4: lost the job on going to prison.",
        "Month 14: was released from prison again; had a relapse of mental illness; became "
        "homeless.",
        "Month 15: moved into stable housing.",
        "Month 21: committed an offence that went undetected.",
        "Month 30: was matched with a mentor; started the counselling (CBT) programme.",
        "Month 34: completed the counselling (CBT) programme.",
        "After 36 months: free, out of work, stably housed; arrested once, convicted once, back "
        "in prison once, 3 months in work; completed 1 programme."};
    check_lines(&s, want, sizeof want / sizeof want[0], "life0");
    CHECK(s.n > 2 && s.lines[1].month == 1 && s.lines[1].model_month == 0, "month numbering");
    CHECK(s.n > 0 && s.lines[s.n - 1].month == 36, "closing month %d", s.lines[s.n - 1].month);
    rg_story_free(&s);
}

/* With monthly state: the wage of a job comes from the state, and a status each year. */
static void test_tell_with_state(void)
{
    rg_story_month months[24];
    for (int m = 0; m < 24; m++)
        months[m] = (rg_story_month){1, m >= 4, 0, m >= 4 ? 2050.4f : 0.0f, 0.5f, 0.25f};
    const rg_story_event ev[] = {EV(0, RELEASE, 0), EV(4, JOB_START, 2)};
    rg_story_person p = person17();
    p.release_month = 0;
    rg_story_life l = {p, ev, 2, months, 24, NULL, 0};
    rg_story s;
    rg_error err = {0};
    CHECK(rg_story_tell(&l, &s, &err) == RG_OK, "%s", err.msg);
    const char *const want[] = {
        "Person 17: a 34-year-old Black man, released after a sentence for a drug offence, with "
        "6 prior arrests, returning to neighbourhood 12.",
        "Month 1: was released from prison.",
        "Month 5: found work with a sector-2 employer paying $2,050 a month.",
        "Month 12: after 1 year: in work ($2,050 a month), stably housed, family support 0.50, "
        "internalised stigma 0.25.",
        "Month 24: after 2 years: in work ($2,050 a month), stably housed, family support 0.50, "
        "internalised stigma 0.25.",
        "After 24 months: free, in work; never rearrested, 20 months in work."};
    check_lines(&s, want, sizeof want / sizeof want[0], "with state");
    rg_story_free(&s);
}

/* Someone whose first release comes after the run's horizon. */
static void test_not_released(void)
{
    rg_story_person p = person17();
    p.release_month = 30;
    rg_story_life l = {p, NULL, 0, NULL, 24, NULL, 0};
    rg_story s;
    rg_error err = {0};
    CHECK(rg_story_tell(&l, &s, &err) == RG_OK, "%s", err.msg);
    CHECK(s.n == 2 && strcmp(s.lines[1].text, "Not released within the run's 24 months.") == 0,
          "%s", s.n > 1 ? s.lines[1].text : "");
    rg_story_free(&s);
}

static void test_bad_lives(void)
{
    rg_story s;
    rg_error err = {0};
    const rg_story_event unordered[] = {EV(5, ARREST, 0), EV(2, RELEASE, 0)};
    rg_story_life l = {person17(), unordered, 2, NULL, 12, NULL, 0};
    CHECK(rg_story_tell(&l, &s, &err) == RG_EINPUT, "events out of order accepted");
    CHECK(strstr(err.msg, "month order") != NULL, "%s", err.msg);
    const rg_story_event late[] = {EV(0, RELEASE, 0), EV(2000000000, ARREST, 0)};
    l.events = late;
    rg_error_clear(&err);
    CHECK(rg_story_tell(&l, &s, &err) == RG_EINPUT, "an event after the horizon accepted");
    /* Unknown codes are told as codes, never read out of bounds. */
    const rg_story_event odd[] = {{0, 200, 255, NAN},
                                  EV(1, ADMISSION, 9),
                                  EV(1, HOUSING_MOVE, 7),
                                  EV(2, PROGRAMME_START, 200),
                                  EV(3, MENTOR_END, 99)};
    l.events = odd;
    l.n_events = 5;
    rg_error_clear(&err);
    CHECK(rg_story_tell(&l, &s, &err) == RG_OK, "%s", err.msg);
    CHECK(s.n == 6 && strcmp(s.lines[1].text, "Month 1: event 200 (detail 255).") == 0, "%s",
          s.n > 1 ? s.lines[1].text : "");
    rg_story_free(&s);
}

static void test_diverge(void)
{
    rg_error err = {0};
    rg_story_divergence d;
    const rg_story_event base[] = {EV(0, RELEASE, 0), EV(0, HOUSING_MOVE, 1), EV(6, OFFENSE, 0),
                                   EV(6, ARREST, 0),  EV(7, CONVICTION, 1),   EV(7, ADMISSION, 0)};
    const rg_story_event policy[] = {EV(0, RELEASE, 0), EV(0, HOUSING_MOVE, 1),
                                     EVW(4, JOB_START, 2, 1900.0f), EV(10, MENTOR_MATCH, 0)};
    rg_story_life a = {person17(), base, 6, NULL, 24, NULL, 0};
    rg_story_life b = {person17(), policy, 4, NULL, 24, NULL, 0};
    CHECK(rg_story_diverge(&a, &b, "in the baseline", "with the policy", &d, &err) == RG_OK, "%s",
          err.msg);
    CHECK(d.diverged && d.month == 5 && d.model_month == 4, "parted in month %d", d.month);
    CHECK(d.first_b == &policy[2] && d.first_a == NULL, "the changed event");
    CHECK(strcmp(d.text, "The two lives are the same until month 5, when they part: with the "
                         "policy, this person found work with a sector-2 employer paying $1,900 "
                         "a month; in the baseline, that did not happen. By month 24: in the "
                         "baseline, arrested once, convicted once, back in prison once, 0 "
                         "months in work; with the policy, never rearrested, 20 months in "
                         "work.") == 0,
          "%s", d.text);

    /* The same events, in another order within a month: the same life. */
    const rg_story_event swapped[] = {EV(0, HOUSING_MOVE, 1), EV(0, RELEASE, 0),
                                      EV(6, OFFENSE, 0),      EV(6, ARREST, 0),
                                      EV(7, ADMISSION, 0),    EV(7, CONVICTION, 1)};
    b.events = swapped;
    b.n_events = 6;
    CHECK(rg_story_diverge(&a, &b, "A", "B", &d, &err) == RG_OK, "%s", err.msg);
    CHECK(!d.diverged && d.month == -1 && !d.first_a && !d.first_b, "reordered events differ");
    CHECK(strstr(d.text, "the same over all 24 months") != NULL, "%s", d.text);

    /* One event changed its detail: both sides are named. */
    const rg_story_event other[] = {EV(0, RELEASE, 0), EV(0, HOUSING_MOVE, 2)};
    b.events = other;
    b.n_events = 2;
    CHECK(rg_story_diverge(&a, &b, "in A", "in B", &d, &err) == RG_OK, "%s", err.msg);
    CHECK(d.month == 1 && d.first_a == &base[1] && d.first_b == &other[1], "changed detail");
    CHECK(strstr(d.text, "in B, this person became homeless; in A, this person had to stay with "
                         "others (unstable housing).") != NULL,
          "%s", d.text);

    /* Not the same person. */
    b.person.id = 18;
    rg_error_clear(&err);
    CHECK(rg_story_diverge(&a, &b, "A", "B", &d, &err) == RG_EINPUT, "two people compared");
}

/* Monthly state that differs before any event does is reported as such. */
static void test_diverge_state(void)
{
    rg_story_month ma[12], mb[12];
    for (int m = 0; m < 12; m++) {
        ma[m] = (rg_story_month){1, 0, 0, 0.0f, 0.5f, 0.3f};
        mb[m] = ma[m];
        if (m >= 2) mb[m].stigma = 0.2f;
    }
    const rg_story_event ev[] = {EV(0, RELEASE, 0), EV(8, ARREST, 0)};
    rg_story_life a = {person17(), ev, 2, ma, 12, NULL, 0};
    rg_story_life b = {person17(), ev, 1, mb, 12, NULL, 0};
    rg_story_divergence d;
    rg_error err = {0};
    CHECK(rg_story_diverge(&a, &b, "A", "B", &d, &err) == RG_OK, "%s", err.msg);
    CHECK(d.month == 9 && d.state_month == 3, "event month %d, state month %d", d.month,
          d.state_month);
    CHECK(strstr(d.text, "already differs from month 3") != NULL, "%s", d.text);
    b.n_events = 2;
    CHECK(rg_story_diverge(&a, &b, "A", "B", &d, &err) == RG_OK, "%s", err.msg);
    CHECK(d.diverged && d.month == -1 && d.state_month == 3, "state only");
}

int main(void)
{
    test_people();
    test_phrases();
    test_tell();
    test_tell_with_state();
    test_not_released();
    test_bad_lives();
    test_diverge();
    test_diverge_state();
    return check_done();
}
