/* One person's life read back from a run file (see life.h). */
#include "reintegra/life.h"

#include <hdf5.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/h5io.h"
#include "reintegra/result.h"
#include "reintegra/schema.h"

/* Events read from the log at a time. */
enum { EVENT_BLOCK = 1 << 18 };

struct rg_life_file {
    hid_t file;
    char path[1024], scenario[256], description[512];
    long long seed, agents, events;
    int months;
    uint32_t *sampled; /* /trajectories/agent, ascending */
    size_t n_sampled;
    char **programmes;
    size_t n_programmes;
};

const char *rg_life_path(const rg_life_file *f)
{
    return f->path;
}
const char *rg_life_scenario(const rg_life_file *f)
{
    return f->scenario;
}
const char *rg_life_description(const rg_life_file *f)
{
    return f->description;
}
long long rg_life_seed(const rg_life_file *f)
{
    return f->seed;
}
long long rg_life_agents(const rg_life_file *f)
{
    return f->agents;
}
int rg_life_months(const rg_life_file *f)
{
    return f->months;
}
size_t rg_life_sampled(const rg_life_file *f)
{
    return f->n_sampled;
}

void rg_life_close(rg_life_file *f)
{
    if (!f) return;
    if (f->file >= 0) rg_h5_close(f->file);
    free(f->sampled);
    rg_h5_free_strings(f->programmes, f->n_programmes);
    free(f);
}

/* What a run written without a part must be run with. */
static rg_status lacks(const rg_life_file *f, const char *what, const char *setting, rg_error *err)
{
    return rg_error_set(err, RG_EINPUT,
                        "%s: the run was written without %s (%s = false); a life story needs it: "
                        "run the scenario again with --set %s=true",
                        f->path, what, setting, setting);
}

static rg_status open_parts(rg_life_file *f, rg_error *err)
{
    const hid_t ll = H5T_NATIVE_LLONG;
    long long months = 0;
    if (rg_h5_read_attr_number(f->file, "seed", ll, &f->seed) ||
        rg_h5_read_attr_number(f->file, "agents", ll, &f->agents) ||
        rg_h5_read_attr_number(f->file, "months", ll, &months) || f->agents < 1 ||
        f->agents > UINT32_MAX || months < 1 || months > 1200)
        return rg_h5_damaged(f->path, "the seed, agents and months attributes are out of range",
                             err);
    f->months = (int)months;
    rg_h5_read_attr_string(f->file, "scenario", f->scenario, sizeof f->scenario);
    rg_h5_read_attr_string(f->file, "description", f->description, sizeof f->description);
    if (rg_h5_exists(f->file, "agents/sex") <= 0)
        return lacks(f, "per-person attributes (/agents)", "output.agents", err);
    if (rg_h5_extent(f->file, "agents/sex") != f->agents)
        return rg_h5_damaged(f->path, "/agents/sex does not hold one value per person", err);
    if (rg_h5_exists(f->file, "events/agent") <= 0)
        return lacks(f, "its event log (/events)", "output.events", err);
    f->events = rg_h5_extent(f->file, "events/agent");
    static const char *const cols[] = {"events/month", "events/type", "events/detail"};
    for (int c = 0; c < 3; c++)
        if (f->events < 0 || rg_h5_extent(f->file, cols[c]) != f->events)
            return rg_h5_damaged(f->path, "the columns of /events differ in length", err);
    long long s = rg_h5_extent(f->file, "trajectories/agent");
    if (s > f->agents) return rg_h5_damaged(f->path, "/trajectories/agent is too long", err);
    if (s > 0) {
        RG_TRY(rg_h5_read_array(f->file, f->path, "trajectories/agent", H5T_NATIVE_UINT32,
                                (size_t)s, (void **)&f->sampled, err));
        f->n_sampled = (size_t)s;
        for (size_t k = 1; k < f->n_sampled; k++)
            if (f->sampled[k] <= f->sampled[k - 1] || f->sampled[k] >= f->agents)
                return rg_h5_damaged(f->path, "/trajectories/agent is not in id order", err);
    }
    return rg_h5_read_strings(f->file, f->path, "programmes/name", 256, &f->programmes,
                              &f->n_programmes, err);
}

rg_status rg_life_open(rg_life_file **out, const char *path, rg_error *err)
{
    *out = NULL;
    rg_life_file *f = calloc(1, sizeof *f);
    if (!f) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    snprintf(f->path, sizeof f->path, "%s", path);
    int64_t file = -1;
    rg_status st = rg_result_open(path, &file, err);
    f->file = (hid_t)file;
    if (st == RG_OK) st = open_parts(f, err);
    if (st != RG_OK) {
        rg_life_close(f);
        return st;
    }
    *out = f;
    return RG_OK;
}

/* Read `count` values of dataset `name` from `start` (rank 1), or column `start`
 * of its `count` rows (rank 2: [rows, columns]) as mtype. Absent: *present = 0. */
static rg_status read_part(const rg_life_file *f, const char *name, hid_t mtype, hsize_t start,
                           hsize_t count, void *buf, int *present, rg_error *err)
{
    rg_status st = RG_OK;
    *present = 0;
    hid_t ds = rg_h5_open_dataset(f->file, f->path, name, &st, err);
    if (ds < 0) return st;
    hid_t sp = H5Dget_space(ds), ft = H5Dget_type(ds);
    int rank = sp >= 0 ? H5Sget_simple_extent_ndims(sp) : -1;
    hsize_t dims[2] = {0, 0};
    if (rank == 1 || rank == 2) H5Sget_simple_extent_dims(sp, dims, NULL);
    H5T_class_t cls = ft >= 0 ? H5Tget_class(ft) : H5T_NO_CLASS;
    char what[1200];
    snprintf(what, sizeof what, "/%s cannot be read", name);
    int fits =
        rank == 1 ? start + count <= dims[0] : rank == 2 && start < dims[1] && dims[0] == count;
    if (!fits || (cls != H5T_INTEGER && cls != H5T_FLOAT)) {
        st = rg_h5_damaged(f->path, what, err);
    } else {
        hsize_t off[2] = {rank == 1 ? start : 0, start}, cnt[2] = {rank == 1 ? count : dims[0], 1};
        hsize_t n = rank == 1 ? count : dims[0];
        hid_t ms = H5Screate_simple(1, &n, NULL);
        if (H5Sselect_hyperslab(sp, H5S_SELECT_SET, off, NULL, cnt, NULL) < 0 ||
            H5Dread(ds, mtype, ms, sp, H5P_DEFAULT, buf) < 0)
            st = rg_h5_damaged(f->path, what, err);
        H5Sclose(ms);
        *present = st == RG_OK;
    }
    if (ft >= 0) H5Tclose(ft);
    if (sp >= 0) H5Sclose(sp);
    H5Dclose(ds);
    return st;
}

/* One attribute of person id as a number (NaN when the file lacks it). */
static rg_status attribute(const rg_life_file *f, const char *field, uint32_t id, double *v,
                           rg_error *err)
{
    char name[96];
    snprintf(name, sizeof name, "agents/%s", field);
    int present = 0;
    RG_TRY(read_part(f, name, H5T_NATIVE_DOUBLE, id, 1, v, &present, err));
    if (!present) *v = NAN;
    return RG_OK;
}

static rg_status read_person(const rg_life_file *f, uint32_t id, rg_story_person *p, rg_error *err)
{
    static const char *const names[] = {"sex",           "race",           "offense",
                                        "prior_arrests", "age_at_release", "release_month",
                                        "neighbourhood"};
    double v[7];
    for (int k = 0; k < 7; k++) RG_TRY(attribute(f, names[k], id, &v[k], err));
    if (isnan(v[0]) || isnan(v[4]) || isnan(v[5]))
        return rg_error_set(err, RG_EINPUT, "%s: /agents lacks sex, age or release month", f->path);
    *p = (rg_story_person){
        .id = id,
        .sex = (int)v[0],
        .race = isnan(v[1]) ? -1 : (int)v[1],
        .offense = isnan(v[2]) ? -1 : (int)v[2],
        .prior_arrests = isnan(v[3]) ? 0 : (int)v[3],
        .age_at_release = v[4],
        .release_month = (int)v[5],
        .neighbourhood = isnan(v[6]) ? 0 : (int)v[6],
    };
    return RG_OK;
}

/* The person's monthly state from column j of /trajectories. */
static rg_status read_months(const rg_life_file *f, size_t j, rg_life *l, rg_error *err)
{
    const size_t n = (size_t)f->months;
    uint8_t *u8 = malloc(n);
    float *f32 = malloc(n * sizeof *f32);
    l->months = calloc(n, sizeof *l->months);
    rg_status st = !u8 || !f32 || !l->months
                       ? rg_error_set(err, RG_EINTERNAL, "out of memory reading a life")
                       : RG_OK;
    static const char *const flags[] = {"status", "employed", "housing"};
    static const char *const reals[] = {"wage", "family_support", "stigma"};
    for (int c = 0; c < 6 && st == RG_OK; c++) {
        char name[64];
        int present = 0;
        snprintf(name, sizeof name, "trajectories/%s", c < 3 ? flags[c] : reals[c - 3]);
        st = read_part(f, name, c < 3 ? H5T_NATIVE_UINT8 : H5T_NATIVE_FLOAT, j, n,
                       c < 3 ? (void *)u8 : (void *)f32, &present, err);
        for (size_t m = 0; st == RG_OK && m < n; m++) {
            rg_story_month *s = &l->months[m];
            float real = present ? f32[m] : NAN;
            uint8_t flag = present ? u8[m] : 0;
            switch (c) {
            case 0: s->status = flag; break;
            case 1: s->employed = flag; break;
            case 2: s->housing = flag; break;
            case 3: s->wage = real; break;
            case 4: s->family_support = real; break;
            default: s->stigma = real; break;
            }
        }
        if (st == RG_OK && c == 0 && !present) {
            free(l->months); /* no monthly status: no monthly state */
            l->months = NULL;
            break;
        }
    }
    free(u8);
    free(f32);
    return st;
}

static int by_id_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* A person wanted by a scan of the event log, and where their events go. */
typedef struct wanted {
    uint32_t id;
    size_t out; /* index into the lives */
} wanted;

static int by_id(const void *a, const void *b)
{
    const wanted *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

static rg_status push_event(rg_life *l, size_t *cap, rg_story_event e, rg_error *err)
{
    if (l->life.n_events == *cap) {
        size_t nc = *cap ? 2 * *cap : 32;
        rg_story_event *ev = realloc(l->events, nc * sizeof *ev);
        if (!ev) return rg_error_set(err, RG_EINTERNAL, "out of memory reading events");
        l->events = ev;
        *cap = nc;
    }
    l->events[l->life.n_events++] = e;
    return RG_OK;
}

/* The events of one block [start, start + n) for the people wanted. */
static rg_status scan_block(const rg_life_file *f, hsize_t start, hsize_t n, const wanted *w,
                            size_t nw, rg_life *lives, size_t *caps, void *bufs[4], rg_error *err)
{
    int present = 0, any = 0;
    uint32_t *agent = bufs[0];
    RG_TRY(read_part(f, "events/agent", H5T_NATIVE_UINT32, start, n, agent, &present, err));
    for (hsize_t k = 0; k < n && !any; k++)
        any = bsearch(&(wanted){agent[k], 0}, w, nw, sizeof *w, by_id) != NULL;
    if (!any) return RG_OK;
    int32_t *month = bufs[1];
    uint8_t *type = bufs[2], *detail = bufs[3];
    RG_TRY(read_part(f, "events/month", H5T_NATIVE_INT32, start, n, month, &present, err));
    RG_TRY(read_part(f, "events/type", H5T_NATIVE_UINT8, start, n, type, &present, err));
    RG_TRY(read_part(f, "events/detail", H5T_NATIVE_UINT8, start, n, detail, &present, err));
    for (hsize_t k = 0; k < n; k++) {
        const wanted *hit = bsearch(&(wanted){agent[k], 0}, w, nw, sizeof *w, by_id);
        if (!hit) continue;
        while (hit > w && hit[-1].id == agent[k]) hit--; /* the same person asked twice */
        for (; hit < w + nw && hit->id == agent[k]; hit++) {
            rg_story_event e = {month[k], type[k], detail[k], NAN};
            RG_TRY(push_event(&lives[hit->out], &caps[hit->out], e, err));
        }
    }
    return RG_OK;
}

/* Every event of the people wanted, in the log's (month) order. */
static rg_status scan_events(const rg_life_file *f, const wanted *w, size_t nw, rg_life *lives,
                             rg_error *err)
{
    size_t *caps = calloc(nw, sizeof *caps);
    void *bufs[4] = {malloc(EVENT_BLOCK * 4), malloc(EVENT_BLOCK * 4), malloc(EVENT_BLOCK),
                     malloc(EVENT_BLOCK)};
    rg_status st = caps && bufs[0] && bufs[1] && bufs[2] && bufs[3]
                       ? RG_OK
                       : rg_error_set(err, RG_EINTERNAL, "out of memory reading events");
    for (long long s = 0; st == RG_OK && s < f->events; s += EVENT_BLOCK) {
        long long n = f->events - s < EVENT_BLOCK ? f->events - s : EVENT_BLOCK;
        st = scan_block(f, (hsize_t)s, (hsize_t)n, w, nw, lives, caps, bufs, err);
    }
    free(caps);
    for (int k = 0; k < 4; k++) free(bufs[k]);
    return st;
}

/* Attributes, monthly state and programme names of one life. */
static rg_status read_one(const rg_life_file *f, uint32_t id, rg_life *l, rg_error *err)
{
    RG_TRY(read_person(f, id, &l->life.person, err));
    const uint32_t *at = bsearch(&id, f->sampled, f->n_sampled, sizeof id, by_id_u32);
    if (at) RG_TRY(read_months(f, (size_t)(at - f->sampled), l, err));
    if (f->n_programmes) {
        l->programmes = calloc(f->n_programmes, sizeof *l->programmes);
        if (!l->programmes) return rg_error_set(err, RG_EINTERNAL, "out of memory");
        l->n_programmes = f->n_programmes;
        for (size_t k = 0; k < f->n_programmes; k++)
            if (!(l->programmes[k] = strdup(f->programmes[k])))
                return rg_error_set(err, RG_EINTERNAL, "out of memory");
    }
    return RG_OK;
}

static void point_life(const rg_life_file *f, rg_life *l)
{
    l->life.events = l->events;
    l->life.months = l->months;
    l->life.horizon = f->months;
    l->life.programmes = (const char *const *)l->programmes;
    l->life.n_programmes = (int)l->n_programmes;
}

rg_status rg_life_read(rg_life_file *f, const uint32_t *ids, size_t n, rg_life *out, rg_error *err)
{
    memset(out, 0, n * sizeof *out);
    for (size_t i = 0; i < n; i++)
        if (ids[i] >= f->agents)
            return rg_error_set(err, RG_EINPUT,
                                "%s: no person %u: the run has %lld people (ids 0 to %lld)",
                                f->path, ids[i], f->agents, f->agents - 1);
    wanted *w = malloc((n ? n : 1) * sizeof *w);
    if (!w) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    for (size_t i = 0; i < n; i++) w[i] = (wanted){ids[i], i};
    qsort(w, n, sizeof *w, by_id);
    rg_status st = RG_OK;
    for (size_t i = 0; i < n && st == RG_OK; i++) st = read_one(f, ids[i], &out[i], err);
    if (st == RG_OK) st = scan_events(f, w, n, out, err);
    free(w);
    for (size_t i = 0; i < n; i++) {
        if (st != RG_OK)
            rg_life_free(&out[i]);
        else
            point_life(f, &out[i]);
    }
    return st;
}

void rg_life_free(rg_life *l)
{
    free(l->events);
    free(l->months);
    rg_h5_free_strings(l->programmes, l->n_programmes);
    memset(l, 0, sizeof *l);
}

/* SplitMix64 of the seed and the id: the order in which people are picked. */
static uint64_t pick_key(long long seed, uint32_t id)
{
    uint64_t z = (uint64_t)seed * 0x9e3779b97f4a7c15ULL + id + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

typedef struct candidate {
    int unsampled;
    uint64_t key;
    uint32_t id;
} candidate;

static int by_pick(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    if (x->unsampled != y->unsampled) return x->unsampled - y->unsampled;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

/* The attribute columns that define groups, read whole. */
typedef struct group_columns {
    uint8_t *sex, *race, *offense;
    float *age;
    int16_t *release;
    int8_t *record;
} group_columns;

static rg_status read_group_columns(const rg_life_file *f, group_columns *c, rg_error *err)
{
    const size_t n = (size_t)f->agents;
    RG_TRY(rg_h5_read_array(f->file, f->path, "agents/sex", H5T_NATIVE_UINT8, n, (void **)&c->sex,
                            err));
    RG_TRY(rg_h5_read_array(f->file, f->path, "agents/race", H5T_NATIVE_UINT8, n, (void **)&c->race,
                            err));
    RG_TRY(rg_h5_read_array(f->file, f->path, "agents/offense", H5T_NATIVE_UINT8, n,
                            (void **)&c->offense, err));
    RG_TRY(rg_h5_read_array(f->file, f->path, "agents/age_at_release", H5T_NATIVE_FLOAT, n,
                            (void **)&c->age, err));
    RG_TRY(rg_h5_read_array(f->file, f->path, "agents/release_month", H5T_NATIVE_INT16, n,
                            (void **)&c->release, err));
    RG_TRY(rg_h5_read_array(f->file, f->path, "agents/record_relief", H5T_NATIVE_INT8, n,
                            (void **)&c->record, err));
    if (!c->offense || !c->age || !c->release)
        return rg_error_set(err, RG_EINPUT, "%s: /agents lacks offence, age or release month",
                            f->path);
    return RG_OK;
}

static void free_group_columns(group_columns *c)
{
    free(c->sex);
    free(c->race);
    free(c->offense);
    free(c->age);
    free(c->release);
    free(c->record);
}

/* The group's members released within the run, in pick order; *n of them. */
static rg_status members(const rg_life_file *f, rg_group g, candidate **out, size_t *n,
                         rg_error *err)
{
    group_columns c = {0};
    rg_status st = read_group_columns(f, &c, err);
    candidate *list = st == RG_OK ? malloc((size_t)f->agents * sizeof *list) : NULL;
    if (st == RG_OK && !list) st = rg_error_set(err, RG_EINTERNAL, "out of memory");
    size_t k = 0;
    for (uint32_t i = 0; st == RG_OK && i < (uint32_t)f->agents; i++) {
        int race = c.race ? c.race[i] : -1, record = c.record ? c.record[i] : -1;
        if (c.release[i] < 0 || c.release[i] >= f->months ||
            !rg_group_has(g, c.sex[i], c.age[i], race, c.offense[i], record))
            continue;
        int sampled = bsearch(&i, f->sampled, f->n_sampled, sizeof i, by_id_u32) != NULL;
        list[k++] = (candidate){!sampled, pick_key(f->seed, i), i};
    }
    free_group_columns(&c);
    if (st == RG_OK) qsort(list, k, sizeof *list, by_pick);
    *out = list;
    *n = k;
    return st;
}

rg_status rg_life_pick(rg_life_file *f, rg_group g, size_t want, uint32_t *ids, size_t *found,
                       rg_error *err)
{
    *found = 0;
    if (rg_group_kind_of(g) == RG_GK_GAP)
        return rg_error_set(err, RG_EINPUT,
                            "%s is a difference between two groups and holds nobody; pick from "
                            "a group",
                            rg_group_key(g));
    candidate *list = NULL;
    size_t n = 0;
    rg_status st = members(f, g, &list, &n, err);
    for (size_t k = 0; st == RG_OK && k < n && k < want; k++) ids[(*found)++] = list[k].id;
    free(list);
    return st;
}

rg_status rg_life_same_people(const rg_life_file *a, const rg_life_file *b, rg_error *err)
{
    if (a->seed != b->seed)
        return rg_error_set(err, RG_EINPUT,
                            "%s has seed %lld and %s seed %lld: only runs with the same seed "
                            "hold the same people; run both scenarios with the same --seed",
                            a->path, a->seed, b->path, b->seed);
    if (a->agents != b->agents)
        return rg_error_set(err, RG_EINPUT,
                            "%s has %lld people and %s %lld: only runs of the same population "
                            "hold the same people",
                            a->path, a->agents, b->path, b->agents);
    return RG_OK;
}
