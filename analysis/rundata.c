/* Reading a run file for analysis: provenance, agent columns, summary, programmes. */
#include "reintegra/rundata.h"

#include <hdf5.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/result.h"

static rg_status damaged(const char *path, const char *what, rg_error *err)
{
    return rg_error_set(err, RG_EINPUT, "%s: %s is damaged (truncated or corrupted file?)", path,
                        what);
}

static void attr_string(hid_t obj, const char *name, char *buf, size_t size)
{
    buf[0] = '\0';
    if (H5Aexists(obj, name) <= 0) return;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0) return;
    hid_t t = H5Aget_type(a);
    if (t >= 0 && H5Tget_class(t) == H5T_STRING && H5Tis_variable_str(t) > 0) {
        char *s = NULL;
        hid_t mt = H5Tcopy(H5T_C_S1);
        H5Tset_size(mt, H5T_VARIABLE);
        H5Tset_cset(mt, H5Tget_cset(t));
        if (H5Aread(a, mt, &s) >= 0 && s) {
            snprintf(buf, size, "%s", s);
            H5free_memory(s);
        }
        H5Tclose(mt);
    }
    if (t >= 0) H5Tclose(t);
    H5Aclose(a);
}

static int attr_number(hid_t obj, const char *name, hid_t mtype, void *v)
{
    if (H5Aexists(obj, name) <= 0) return -1;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0) return -1;
    hid_t sp = H5Aget_space(a);
    int ok = sp >= 0 && H5Sget_simple_extent_npoints(sp) == 1 && H5Aread(a, mtype, v) >= 0 ? 0 : -1;
    if (sp >= 0) H5Sclose(sp);
    H5Aclose(a);
    return ok;
}

/* Read the 1-D dataset `name` of exactly n elements as mtype into *out (malloc'd).
 * Absent: *out = NULL and RG_OK, unless required. Wrong shape or unreadable: error. */
static rg_status column(hid_t file, const char *path, const char *name, hid_t mtype, size_t n,
                        int required, void **out, rg_error *err)
{
    *out = NULL;
    /* A missing parent group makes H5Lexists fail: look at the group first. */
    char parent[64];
    const char *slash = strchr(name, '/');
    snprintf(parent, sizeof parent, "%.*s", slash ? (int)(slash - name) : 0, name);
    htri_t exists = !parent[0] || H5Lexists(file, parent, H5P_DEFAULT) > 0
                        ? H5Lexists(file, name, H5P_DEFAULT)
                        : 0;
    if (exists == 0 || (exists > 0 && H5Oexists_by_name(file, name, H5P_DEFAULT) == 0)) {
        if (!required) return RG_OK;
        return rg_error_set(err, RG_EINPUT,
                            "%s: /%s is missing (was output.agents false, or is this not a "
                            "complete run file?)",
                            path, name);
    }
    if (exists < 0) return damaged(path, name, err);
    hid_t ds = H5Dopen2(file, name, H5P_DEFAULT);
    if (ds < 0) return damaged(path, name, err);
    hid_t sp = H5Dget_space(ds);
    hsize_t dims[2] = {0, 0};
    int rank = sp >= 0 ? H5Sget_simple_extent_ndims(sp) : -1;
    if (rank == 1) H5Sget_simple_extent_dims(sp, dims, NULL);
    if (sp >= 0) H5Sclose(sp);
    rg_status st = RG_OK;
    if (rank != 1 || dims[0] != n) {
        st = rg_error_set(err, RG_EINPUT, "%s: /%s has %llu values; expected %zu", path, name,
                          rank == 1 ? (unsigned long long)dims[0] : 0ULL, n);
    } else {
        size_t size = H5Tget_size(mtype);
        void *buf = malloc(size * (n ? n : 1));
        if (!buf)
            st = rg_error_set(err, RG_EINTERNAL, "out of memory reading %s", name);
        else if (n && H5Dread(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
            free(buf);
            st = damaged(path, name, err);
        } else
            *out = buf;
    }
    H5Dclose(ds);
    return st;
}

/* A scalar or 1-D dataset of variable-length strings. */
static rg_status strings(hid_t file, const char *path, const char *name, char ***out, size_t *count,
                         rg_error *err)
{
    *out = NULL;
    *count = 0;
    const char *slash = strchr(name, '/');
    char parent[64];
    snprintf(parent, sizeof parent, "%.*s", slash ? (int)(slash - name) : 0, name);
    if ((parent[0] && H5Lexists(file, parent, H5P_DEFAULT) <= 0) ||
        H5Lexists(file, name, H5P_DEFAULT) <= 0)
        return RG_OK;
    hid_t ds = H5Dopen2(file, name, H5P_DEFAULT);
    if (ds < 0) return damaged(path, name, err);
    hid_t sp = H5Dget_space(ds), ft = H5Dget_type(ds);
    hssize_t np = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    rg_status st = RG_OK;
    if (np < 0 || ft < 0 || H5Tget_class(ft) != H5T_STRING || H5Tis_variable_str(ft) <= 0)
        st = rg_error_set(err, RG_EINPUT, "%s: /%s: expected variable-length text", path, name);
    else {
        char **s = calloc((size_t)np + 1, sizeof *s);
        hid_t mt = H5Tcopy(H5T_C_S1);
        H5Tset_size(mt, H5T_VARIABLE);
        H5Tset_cset(mt, H5Tget_cset(ft));
        if (!s)
            st = rg_error_set(err, RG_EINTERNAL, "out of memory reading %s", name);
        else if (np > 0 && H5Dread(ds, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, s) < 0) {
            free(s);
            st = damaged(path, name, err);
        } else {
            /* Copy into malloc'd memory so callers free with free(). */
            for (hssize_t i = 0; i < np; i++) {
                char *h = s[i];
                s[i] = strdup(h ? h : "");
                if (h) H5free_memory(h);
                if (!s[i]) st = rg_error_set(err, RG_EINTERNAL, "out of memory");
            }
            *out = s;
            *count = (size_t)np;
        }
        H5Tclose(mt);
    }
    if (ft >= 0) H5Tclose(ft);
    if (sp >= 0) H5Sclose(sp);
    H5Dclose(ds);
    return st;
}

static void free_strings(char **s, size_t n)
{
    if (!s) return;
    for (size_t i = 0; i < n; i++) free(s[i]);
    free(s);
}

char *rg_config_without_seed(const char *config)
{
    size_t len = strlen(config);
    char *out = malloc(len + 1), *w = out;
    if (!out) return NULL;
    int in_run = 0;
    const char *p = config;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p + 1) : strlen(p);
        const char *q = p;
        while (q < p + n && (*q == ' ' || *q == '\t')) q++;
        if (!strncmp(q, "run:", 4) || !strncmp(q, "run =", 5) || !strncmp(q, "run :", 5))
            in_run = 1;
        else if (in_run && *q == '}')
            in_run = 0;
        int skip = in_run && (!strncmp(q, "seed =", 6) || !strncmp(q, "seed:", 5) ||
                              !strncmp(q, "seed :", 6) || !strncmp(q, "seed=", 5));
        if (!skip) {
            memcpy(w, p, n);
            w += n;
        }
        p += n;
    }
    *w = '\0';
    return out;
}

#define READ_COL(field, name, mtype, required)                                                     \
    if (st == RG_OK) st = column(file, path, name, mtype, n, required, (void **)&r->field, err)

static rg_status read_all(rg_rundata *r, hid_t file, const char *path, rg_error *err)
{
    if (attr_number(file, "seed", H5T_NATIVE_LLONG, &r->seed) ||
        attr_number(file, "agents", H5T_NATIVE_LLONG, &r->agents) ||
        attr_number(file, "months", H5T_NATIVE_LLONG, &r->months) || r->agents < 0 ||
        r->months < 1 || r->months > 100000)
        return rg_error_set(err, RG_EINPUT,
                            "%s: the seed, agents and months attributes are missing or damaged",
                            path);
    attr_string(file, "scenario", r->scenario, sizeof r->scenario);
    attr_string(file, "description", r->description, sizeof r->description);
    attr_string(file, "reintegra_version", r->version, sizeof r->version);
    attr_string(file, "git_revision", r->git_revision, sizeof r->git_revision);
    attr_string(file, "build_type", r->build_type, sizeof r->build_type);
    attr_string(file, "compiler", r->compiler, sizeof r->compiler);
    attr_string(file, "libraries", r->libraries, sizeof r->libraries);
    attr_string(file, "host", r->host, sizeof r->host);
    attr_string(file, "created_utc", r->created_utc, sizeof r->created_utc);
    attr_string(file, "trial_programme", r->trial_programme, sizeof r->trial_programme);
    r->wall_seconds = NAN;
    attr_number(file, "wall_seconds", H5T_NATIVE_DOUBLE, &r->wall_seconds);

    char **cfg = NULL;
    size_t ncfg = 0;
    RG_TRY(strings(file, path, "config", &cfg, &ncfg, err));
    r->config = ncfg ? cfg[0] : strdup("");
    for (size_t i = 1; i < ncfg; i++) free(cfg[i]);
    free(cfg);
    if (!r->config || !(r->config_key = rg_config_without_seed(r->config)))
        return rg_error_set(err, RG_EINTERNAL, "out of memory");

    rg_status st = RG_OK;
    size_t n = (size_t)r->agents;
    READ_COL(sex, "agents/sex", H5T_NATIVE_UINT8, 1);
    READ_COL(offense, "agents/offense", H5T_NATIVE_UINT8, 1);
    READ_COL(age_at_release, "agents/age_at_release", H5T_NATIVE_FLOAT, 1);
    READ_COL(release_month, "agents/release_month", H5T_NATIVE_INT16, 1);
    READ_COL(first_arrest, "agents/first_arrest", H5T_NATIVE_INT16, 1);
    READ_COL(first_conviction, "agents/first_conviction", H5T_NATIVE_INT16, 1);
    READ_COL(first_return, "agents/first_return", H5T_NATIVE_INT16, 1);
    READ_COL(race, "agents/race", H5T_NATIVE_UINT8, 0);
    READ_COL(mental_illness, "agents/mental_illness", H5T_NATIVE_UINT8, 0);
    READ_COL(substance_use, "agents/substance_use", H5T_NATIVE_UINT8, 0);
    READ_COL(trial_arm, "agents/trial_arm", H5T_NATIVE_INT8, 0);
    READ_COL(months_free_total, "agents/months_free_total", H5T_NATIVE_INT32, 0);
    READ_COL(months_employed, "agents/months_employed", H5T_NATIVE_INT32, 0);
    READ_COL(months_stable_housing, "agents/months_stable_housing", H5T_NATIVE_INT32, 0);
    READ_COL(months_homeless, "agents/months_homeless", H5T_NATIVE_INT32, 0);
    READ_COL(income_total, "agents/income_total", H5T_NATIVE_FLOAT, 0);
    READ_COL(family_support, "agents/family_support", H5T_NATIVE_FLOAT, 0);
    READ_COL(stigma, "agents/stigma", H5T_NATIVE_FLOAT, 0);

    n = (size_t)r->months;
#define RG_READ_SUMMARY_(name)                                                                     \
    if (st == RG_OK)                                                                               \
        st = column(file, path, "summary/" #name, H5T_NATIVE_DOUBLE, n, 0,                         \
                    (void **)&r->summary.name, err);
    RG_RUNDATA_SUMMARY(RG_READ_SUMMARY_)
#undef RG_READ_SUMMARY_
    if (st == RG_OK && (!r->summary.free || !r->summary.prison))
        st = rg_error_set(err, RG_EINPUT, "%s: the /summary table is missing", path);

    char **names = NULL;
    size_t np = 0;
    if (st == RG_OK) st = strings(file, path, "programmes/name", &names, &np, err);
    if (st == RG_OK && np > 0) {
        r->n_programmes = np;
        r->programme_name = calloc(np, sizeof *r->programme_name);
        if (!r->programme_name) st = rg_error_set(err, RG_EINTERNAL, "out of memory");
        for (size_t i = 0; st == RG_OK && i < np; i++)
            snprintf(r->programme_name[i], sizeof r->programme_name[i], "%s", names[i]);
        n = np;
        READ_COL(enrolled, "programmes/enrolled", H5T_NATIVE_DOUBLE, 1);
        READ_COL(completed, "programmes/completed", H5T_NATIVE_DOUBLE, 1);
        READ_COL(dropped, "programmes/dropped", H5T_NATIVE_DOUBLE, 1);
        READ_COL(participant_months, "programmes/participant_months", H5T_NATIVE_DOUBLE, 0);
        READ_COL(cost_per_month, "programmes/cost_per_month", H5T_NATIVE_DOUBLE, 0);
    }
    free_strings(names, np);
    return st;
}
#undef READ_COL

rg_status rg_rundata_read(rg_rundata *r, const char *path, rg_error *err)
{
    memset(r, 0, sizeof *r);
    snprintf(r->path, sizeof r->path, "%s", path);
    int64_t fid = -1;
    RG_TRY(rg_result_open(path, &fid, err));
    rg_status st = read_all(r, (hid_t)fid, path, err);
    if (H5Fclose((hid_t)fid) < 0 && st == RG_OK) st = damaged(path, "the file", err);
    if (st != RG_OK) rg_rundata_free(r);
    return st;
}

void rg_rundata_free(rg_rundata *r)
{
    free(r->config);
    free(r->config_key);
    void *cols[] = {r->sex,
                    r->offense,
                    r->age_at_release,
                    r->release_month,
                    r->first_arrest,
                    r->first_conviction,
                    r->first_return,
                    r->race,
                    r->mental_illness,
                    r->substance_use,
                    r->trial_arm,
                    r->months_free_total,
                    r->months_employed,
                    r->months_stable_housing,
                    r->months_homeless,
                    r->income_total,
                    r->family_support,
                    r->stigma,
                    r->programme_name,
                    r->enrolled,
                    r->completed,
                    r->dropped,
                    r->participant_months,
                    r->cost_per_month};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) free(cols[i]);
#define RG_FREE_SUMMARY_(name) free(r->summary.name);
    RG_RUNDATA_SUMMARY(RG_FREE_SUMMARY_)
#undef RG_FREE_SUMMARY_
    memset(r, 0, sizeof *r);
}
