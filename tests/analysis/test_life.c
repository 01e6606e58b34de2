/*
 * Lives read back from run files (life.h): a small baseline and Ban the Box run
 * with the same seed. What rg_life_read returns is checked against the whole
 * datasets read the obvious way (every event of the log filtered by person, the
 * whole /agents columns, the whole trajectory matrix); the stories told from it
 * against the events (every arrest's month is told as an arrest, every release as
 * a release); picks against their stated rule; and bad input (an id out of
 * range, a gap as a group, a run without its event log, a damaged file, runs of
 * another seed).
 */
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "reintegra/config.h"
#include "reintegra/life.h"
#include "reintegra/params.h"
#include "reintegra/schema.h"
#include "reintegra/story.h"
#include "reintegra/workflow.h"

enum { AGENTS = 3000, MONTHS = 36 };

static void make_run(const char *path, const char *scenario, const char *const *sets, int nsets)
{
    rg_params p;
    rg_error err = {0};
    char file[1024];
    const char *src = getenv("RG_SOURCE_DIR");
    snprintf(file, sizeof file, "%s/scenarios/%s", src ? src : ".", scenario);
    rg_params_defaults(&p);
    CHECK(rg_config_load(&p, file, &err) == RG_OK, "%s", err.msg);
    CHECK_SET(&p, "run.agents=3000");
    CHECK_SET(&p, "run.months=36");
    CHECK_SET(&p, "run.seed=11");
    CHECK_SET(&p, "output.trajectory_fraction=0.2");
    for (int i = 0; i < nsets; i++) CHECK_SET(&p, sets[i]);
    remove(path);
    CHECK(rg_run_to_file(&p, path, 1, NULL, NULL, &err) == RG_OK, "%s: %s", path, err.msg);
}

/* A whole dataset as mtype, the plain way. */
static void *read_all(hid_t f, const char *name, hid_t mtype, size_t size, size_t *n)
{
    hid_t ds = H5Dopen2(f, name, H5P_DEFAULT), sp = H5Dget_space(ds);
    *n = (size_t)H5Sget_simple_extent_npoints(sp);
    void *buf = malloc(size * (*n ? *n : 1));
    CHECK(H5Dread(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0, "reading %s", name);
    H5Sclose(sp);
    H5Dclose(ds);
    return buf;
}

typedef struct whole {
    size_t n_events, n_sampled;
    uint32_t *agent, *sampled;
    int32_t *month;
    uint8_t *type, *detail, *status;
    float *age, *wage;
    int16_t *release;
} whole;

static void read_whole(const char *path, whole *w)
{
    size_t n;
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    w->agent = read_all(f, "events/agent", H5T_NATIVE_UINT32, 4, &w->n_events);
    w->month = read_all(f, "events/month", H5T_NATIVE_INT32, 4, &n);
    w->type = read_all(f, "events/type", H5T_NATIVE_UINT8, 1, &n);
    w->detail = read_all(f, "events/detail", H5T_NATIVE_UINT8, 1, &n);
    w->age = read_all(f, "agents/age_at_release", H5T_NATIVE_FLOAT, 4, &n);
    w->release = read_all(f, "agents/release_month", H5T_NATIVE_INT16, 2, &n);
    w->sampled = read_all(f, "trajectories/agent", H5T_NATIVE_UINT32, 4, &w->n_sampled);
    w->status = read_all(f, "trajectories/status", H5T_NATIVE_UINT8, 1, &n);
    w->wage = read_all(f, "trajectories/wage", H5T_NATIVE_FLOAT, 4, &n);
    H5Fclose(f);
}

static void free_whole(whole *w)
{
    free(w->agent);
    free(w->month);
    free(w->type);
    free(w->detail);
    free(w->age);
    free(w->release);
    free(w->sampled);
    free(w->status);
    free(w->wage);
}

/* The life of person id against the whole datasets. */
static void check_life(const whole *w, const rg_life *l, uint32_t id)
{
    const rg_story_life *s = &l->life;
    CHECK(s->person.id == id && s->horizon == MONTHS, "person %u", id);
    CHECK(s->person.age_at_release == w->age[id] && s->person.release_month == w->release[id],
          "person %u: attributes", id);
    size_t k = 0, bad = 0;
    for (size_t e = 0; e < w->n_events; e++) {
        if (w->agent[e] != id) continue;
        if (k >= s->n_events || s->events[k].month != w->month[e] ||
            s->events[k].type != w->type[e] || s->events[k].detail != w->detail[e])
            bad++;
        k++;
    }
    CHECK(bad == 0 && k == s->n_events, "person %u: %zu events, %zu read, %zu differ", id, k,
          s->n_events, bad);
    size_t j = 0;
    while (j < w->n_sampled && w->sampled[j] != id) j++;
    CHECK((j < w->n_sampled) == (s->months != NULL), "person %u: sampled", id);
    for (int m = 0; s->months && m < MONTHS; m++)
        CHECK(s->months[m].status == w->status[(size_t)m * w->n_sampled + j] &&
                  s->months[m].wage == w->wage[(size_t)m * w->n_sampled + j],
              "person %u: month %d", id, m);
}

/* Every arrest event is told as an arrest, every release as a release, in its month. */
static void check_story_agrees(const rg_life *l)
{
    rg_story st;
    rg_error err = {0};
    CHECK(rg_story_tell(&l->life, &st, &err) == RG_OK, "%s", err.msg);
    const int release = l->life.person.release_month;
    for (size_t k = 0; k < l->life.n_events; k++) {
        const rg_story_event *e = &l->life.events[k];
        const char *want = e->type == RG_EV_ARREST      ? "arrested"
                           : e->type == RG_EV_RELEASE   ? "released"
                           : e->type == RG_EV_ADMISSION ? "prison"
                                                        : NULL;
        if (!want) continue;
        int found = 0;
        for (size_t i = 1; i < st.n; i++)
            found |= st.lines[i].month == e->month - release + 1 && strstr(st.lines[i].text, want);
        CHECK(found, "person %u: the event of type %d in month %d is not told as \"%s\"",
              l->life.person.id, e->type, e->month, want);
    }
    rg_story_free(&st);
}

static void test_lives(const char *path)
{
    whole w = {0};
    read_whole(path, &w);
    rg_life_file *f = NULL;
    rg_error err = {0};
    CHECK(rg_life_open(&f, path, &err) == RG_OK, "%s", err.msg);
    if (!f) return;
    CHECK(rg_life_agents(f) == AGENTS && rg_life_months(f) == MONTHS && rg_life_seed(f) == 11,
          "what the file is");
    CHECK(rg_life_sampled(f) == w.n_sampled && w.n_sampled > 300, "%zu sampled", w.n_sampled);
    /* People with many events, sampled or not, the first and the last. */
    uint32_t ids[8] = {0, AGENTS - 1, w.sampled[0], w.sampled[w.n_sampled - 1], 17, 1234, 17, 0};
    for (size_t e = 0; e < w.n_events; e++)
        if (w.type[e] == RG_EV_ADMISSION) ids[7] = w.agent[e];
    rg_life lives[8];
    CHECK(rg_life_read(f, ids, 8, lives, &err) == RG_OK, "%s", err.msg);
    int arrests = 0;
    for (int i = 0; i < 8; i++) {
        check_life(&w, &lives[i], ids[i]);
        check_story_agrees(&lives[i]);
        for (size_t k = 0; k < lives[i].life.n_events; k++)
            arrests += lives[i].life.events[k].type == RG_EV_ARREST;
        rg_life_free(&lives[i]);
    }
    CHECK(arrests > 0, "no arrest among the people read: the story check is empty");
    /* Out of range. */
    uint32_t far = AGENTS;
    CHECK(rg_life_read(f, &far, 1, lives, &err) == RG_EINPUT && strstr(err.msg, "no person 3000"),
          "%s", err.msg);
    rg_life_close(f);
    free_whole(&w);
}

static void test_picks(const char *a_path, const char *b_path)
{
    rg_life_file *a = NULL, *b = NULL;
    rg_error err = {0};
    CHECK(rg_life_open(&a, a_path, &err) == RG_OK && rg_life_open(&b, b_path, &err) == RG_OK, "%s",
          err.msg);
    if (!a || !b) return;
    CHECK(rg_life_same_people(a, b, &err) == RG_OK, "%s", err.msg);
    uint32_t x[100], y[100];
    size_t nx = 0, ny = 0;
    CHECK(rg_life_pick(a, RG_G_BLACK, 100, x, &nx, &err) == RG_OK, "%s", err.msg);
    CHECK(rg_life_pick(b, RG_G_BLACK, 100, y, &ny, &err) == RG_OK, "%s", err.msg);
    CHECK(nx == 100 && ny == 100 && !memcmp(x, y, sizeof x), "the same seed picks the same people");
    rg_life lives[100];
    CHECK(rg_life_read(a, x, 100, lives, &err) == RG_OK, "%s", err.msg);
    size_t sampled = 0, unsampled_first = 0;
    for (int i = 0; i < 100; i++) {
        CHECK(lives[i].life.person.race == RG_BLACK, "person %u is not black", x[i]);
        CHECK(lives[i].life.person.release_month < MONTHS, "person %u not released", x[i]);
        if (lives[i].months) unsampled_first += sampled != (size_t)i;
        sampled += lives[i].months != NULL;
        rg_life_free(&lives[i]);
    }
    CHECK(sampled > 0 && unsampled_first == 0, "sampled people first (%zu sampled)", sampled);
    size_t n1 = 0;
    CHECK(rg_life_pick(a, RG_G_BLACK, 1, y, &n1, &err) == RG_OK && n1 == 1 && y[0] == x[0],
          "picking fewer gives the first of the same order");
    CHECK(rg_life_pick(a, RG_G_GAP_BLACK_WHITE, 1, y, &n1, &err) == RG_EINPUT,
          "a gap holds nobody");
    rg_life_close(a);
    rg_life_close(b);
}

static void test_bad_files(void)
{
    rg_life_file *f = NULL;
    rg_error err = {0};
    const char *no_events[] = {"output.events=false"};
    make_run("life_noevents.h5", "baseline.cfg", no_events, 1);
    CHECK(rg_life_open(&f, "life_noevents.h5", &err) == RG_EINPUT &&
              strstr(err.msg, "--set output.events=true"),
          "%s", err.msg);
    const char *no_agents[] = {"output.agents=false"};
    make_run("life_noagents.h5", "baseline.cfg", no_agents, 1);
    rg_error_clear(&err);
    CHECK(rg_life_open(&f, "life_noagents.h5", &err) == RG_EINPUT &&
              strstr(err.msg, "output.agents"),
          "%s", err.msg);
    const char *other_seed[] = {"run.seed=12"};
    make_run("life_seed12.h5", "baseline.cfg", other_seed, 1);
    rg_error_clear(&err);
    rg_life_file *a = NULL, *b = NULL;
    CHECK(rg_life_open(&a, "life_a.h5", &err) == RG_OK, "%s", err.msg);
    CHECK(rg_life_open(&b, "life_seed12.h5", &err) == RG_OK, "%s", err.msg);
    CHECK(a && b && rg_life_same_people(a, b, &err) == RG_EINPUT && strstr(err.msg, "same seed"),
          "%s", err.msg);
    rg_life_close(a);
    rg_life_close(b);
    FILE *in = fopen("life_a.h5", "rb"), *out = fopen("life_cut.h5", "wb");
    char buf[4096];
    size_t got = in ? fread(buf, 1, sizeof buf, in) : 0;
    if (out) fwrite(buf, 1, got, out);
    if (in) fclose(in);
    if (out) fclose(out);
    rg_error_clear(&err);
    CHECK(rg_life_open(&f, "life_cut.h5", &err) == RG_EINPUT && strstr(err.msg, "life_cut.h5"),
          "%s", err.msg);
    rg_error_clear(&err);
    CHECK(rg_life_open(&f, "life_missing.h5", &err) == RG_EINPUT, "%s", err.msg);
}

int main(void)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    make_run("life_a.h5", "baseline.cfg", NULL, 0);
    make_run("life_b.h5", "ban_the_box.cfg", NULL, 0);
    test_lives("life_a.h5");
    test_lives("life_b.h5");
    test_picks("life_a.h5", "life_b.h5");
    test_bad_files();
    return check_done();
}
