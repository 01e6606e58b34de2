/* Reading run files back, and the headline summary of a run. */
#include "reintegra/result.h"

#include <hdf5.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/h5io.h"
#include "common/memory.h"
#include "common/text.h"
#include "reintegra/schema.h"

_Static_assert(sizeof(hid_t) == sizeof(int64_t), "hid_t is a 64-bit integer (HDF5 >= 1.10)");

static rg_status bad(const char *path, const char *what, rg_error *err)
{
    return rg_error_set(err, RG_EINPUT, "%s: %s", path, what);
}

/* The most agents and months a file may declare: the registry's ranges
 * (run.agents, run.months). */
enum { MAX_AGENTS = 2000000000, MAX_MONTHS = 1200 };

/* Open PATH read-only after checking that it is a complete reintegra output of
 * the schema version this build reads, whose root attributes and /config match
 * their recorded checksum. */
static rg_status open_checked(const char *path, hid_t *file_out, rg_error *err)
{
    *file_out = -1;
    size_t len = strlen(path);
    if (len > 8 && strcmp(path + len - 8, ".partial") == 0)
        return bad(path,
                   "an unfinished run (.partial): the run that wrote it did not complete; "
                   "run it again",
                   err);
    hid_t file = -1;
    RG_TRY(rg_h5_open(path, &file, err));
    rg_status st = RG_OK;
    char format[64] = "", want[64], have[64];
    long long schema = 0, completed = -1, months = -1;
    const hid_t ll = H5T_NATIVE_LLONG;
    if (H5Aexists(file, "format") < 0)
        st = rg_h5_damaged(path, "the root group cannot be read", err);
    else if (rg_h5_read_attr_string(file, "format", format, sizeof format) != 0 ||
             strcmp(format, "reintegra") != 0)
        st = bad(path, "not a reintegra output file (no format = \"reintegra\" attribute)", err);
    else if (rg_h5_read_attr_number(file, "schema_version", ll, &schema) != 0 ||
             schema != RG_SCHEMA_VERSION)
        st = rg_error_set(err, RG_EINPUT, "%s: schema version %lld; this build reads version %d",
                          path, schema, RG_SCHEMA_VERSION);
    else if (rg_h5_read_attr_number(file, "months", ll, &months) ||
             rg_h5_read_attr_number(file, "months_completed", ll, &completed) ||
             completed != months)
        st = bad(path, "incomplete run file: provenance attributes are missing", err);
    else if (rg_h5_read_attr_string(file, "checksum", have, sizeof have) != 0)
        st = rg_h5_damaged(path, "the root attribute `checksum` is missing", err);
    else if (rg_h5_run_checksum(file, want, sizeof want) != 0)
        st = rg_h5_damaged(path, "a root attribute or /config is missing or of another type", err);
    else if (strcmp(want, have) != 0)
        st = rg_h5_damaged(path, "the root attributes or /config do not match their checksum", err);
    if (st != RG_OK) {
        rg_h5_close(file);
        return st;
    }
    *file_out = file;
    return RG_OK;
}

rg_status rg_result_open(const char *path, int64_t *file, rg_error *err)
{
    hid_t h = -1;
    rg_status st = open_checked(path, &h, err);
    *file = st == RG_OK ? (int64_t)h : -1;
    return st;
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

/* Root attributes and the stored configuration. */
static rg_status read_provenance(rg_result *r, hid_t file, const char *path, rg_error *err)
{
    const hid_t ll = H5T_NATIVE_LLONG;
    if (rg_h5_read_attr_number(file, "seed", ll, &r->seed) ||
        rg_h5_read_attr_number(file, "agents", ll, &r->agents) ||
        rg_h5_read_attr_number(file, "months", ll, &r->months) || r->agents < 1 ||
        r->agents > MAX_AGENTS || r->months < 1 || r->months > MAX_MONTHS)
        return rg_h5_damaged(path,
                             "the seed, agents and months attributes are missing or out of "
                             "range",
                             err);
    r->schema_version = RG_SCHEMA_VERSION;
    const struct {
        const char *name;
        char *buf;
        size_t size;
    } text[] = {{"scenario", r->scenario, sizeof r->scenario},
                {"description", r->description, sizeof r->description},
                {"reintegra_version", r->version, sizeof r->version},
                {"git_revision", r->git_revision, sizeof r->git_revision},
                {"build_type", r->build_type, sizeof r->build_type},
                {"compiler", r->compiler, sizeof r->compiler},
                {"libraries", r->libraries, sizeof r->libraries},
                {"host", r->host, sizeof r->host},
                {"created_utc", r->created_utc, sizeof r->created_utc},
                {"trial_programme", r->trial_programme, sizeof r->trial_programme}};
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        rg_h5_read_attr_string(file, text[i].name, text[i].buf, text[i].size);
    r->wall_seconds = NAN;
    rg_h5_read_attr_number(file, "wall_seconds", H5T_NATIVE_DOUBLE, &r->wall_seconds);
    long long streams = 1;
    rg_h5_read_attr_number(file, "streams_version", ll, &streams);
    r->streams_version = streams >= 1 && streams <= INT32_MAX ? (int)streams : 0;

    char **cfg = NULL;
    size_t ncfg = 0;
    RG_TRY(rg_h5_read_strings(file, path, "config", 1, &cfg, &ncfg, err));
    r->config = ncfg ? cfg[0] : strdup("");
    for (size_t i = 1; i < ncfg; i++) free(cfg[i]);
    free(cfg);
    if (!r->config || !(r->config_key = rg_config_without_seed(r->config)))
        return rg_error_set(err, RG_EINTERNAL, "out of memory");
    return RG_OK;
}

/* One column of n values; a required one that is absent is an error. */
static rg_status column(hid_t file, const char *path, const char *name, hid_t mtype, size_t n,
                        int required, void **out, rg_error *err)
{
    RG_TRY(rg_h5_read_array(file, path, name, mtype, n, out, err));
    if (!*out && required)
        return rg_error_set(err, RG_EINPUT,
                            "%s: /%s is missing (was output.agents false, or is this not a "
                            "complete run file?)",
                            path, name);
    return RG_OK;
}

/* The bytes of the per-agent columns read for each agent. */
static double agent_bytes(void)
{
    double bytes = 0;
#define RG_AGENT_BYTES_(ctype, name, mtype, required) bytes += sizeof(ctype);
    RG_RESULT_AGENTS(RG_AGENT_BYTES_)
#undef RG_AGENT_BYTES_
    return bytes;
}

static rg_status read_agents(rg_result *r, hid_t file, const char *path, rg_error *err)
{
    size_t n = (size_t)r->agents;
    /* A file's count is believed only as far as its datasets bear it out, and only
     * when its columns fit in memory. */
    long long extent = rg_h5_extent(file, "agents/sex");
    if (extent >= 0 && extent != r->agents)
        return rg_error_set(err, RG_EINPUT, "%s: /agents/sex has %lld values; expected %lld", path,
                            extent, r->agents);
    char what[1100];
    snprintf(what, sizeof what, "reading the %lld agents of %s", r->agents, path);
    RG_TRY(rg_memory_check(agent_bytes() * (double)n, what, err));
    rg_status st = RG_OK;
#define RG_READ_AGENT_(ctype, name, mtype, required)                                               \
    if (st == RG_OK)                                                                               \
        st = column(file, path, "agents/" #name, mtype, n, required, (void **)&r->name, err);
    RG_RESULT_AGENTS(RG_READ_AGENT_)
#undef RG_READ_AGENT_
    return st;
}

static rg_status read_summary(rg_result *r, hid_t file, const char *path, rg_error *err)
{
    rg_status st = RG_OK;
    size_t n = (size_t)r->months;
    rg_result_summary *s = &r->summary;
#define RG_READ_SUMMARY_(name, required)                                                           \
    if (st == RG_OK)                                                                               \
        st = rg_h5_read_array(file, path, "summary/" #name, H5T_NATIVE_DOUBLE, n,                  \
                              (void **)&s->name, err);                                             \
    if (st == RG_OK && required && !s->name)                                                       \
        st = rg_error_set(err, RG_EINPUT, "%s: the /summary table is missing or empty", path);
    RG_RESULT_SUMMARY(RG_READ_SUMMARY_)
#undef RG_READ_SUMMARY_
    if (st == RG_OK) {
        r->final_pending = (long long)s->pending[n - 1];
        r->final_free = (long long)s->free[n - 1];
        r->final_prison = (long long)s->prison[n - 1];
    }
    return st;
}

static rg_status read_programmes(rg_result *r, hid_t file, const char *path, rg_error *err)
{
    char **names = NULL;
    size_t np = 0;
    rg_status st = rg_h5_read_strings(file, path, "programmes/name", 64, &names, &np, err);
    if (st == RG_OK && np > 0) {
        r->n_programmes = np;
        r->programme_name = calloc(np, sizeof *r->programme_name);
        if (!r->programme_name) st = rg_error_set(err, RG_EINTERNAL, "out of memory");
        for (size_t i = 0; st == RG_OK && i < np; i++)
            snprintf(r->programme_name[i], sizeof r->programme_name[i], "%s", names[i]);
#define RG_READ_PROGRAMME_(name, required)                                                         \
    if (st == RG_OK)                                                                               \
        st = column(file, path, "programmes/" #name, H5T_NATIVE_DOUBLE, np, required,              \
                    (void **)&r->name, err);
        RG_RESULT_PROGRAMMES(RG_READ_PROGRAMME_)
#undef RG_READ_PROGRAMME_
    }
    rg_h5_free_strings(names, np);
    return st;
}

/* /race_decomposition, when the file has it (`reintegra decompose`). */
static rg_status read_decomposition(rg_result *r, hid_t file, const char *path, rg_error *err)
{
    char **names = NULL;
    size_t nc = 0;
    rg_status st =
        rg_h5_read_strings(file, path, "race_decomposition/channel", 64, &names, &nc, err);
    if (st == RG_OK && nc > 0) {
        r->decomposition_channels = nc;
        r->decomposition_channel = calloc(nc, sizeof *r->decomposition_channel);
        if (!r->decomposition_channel) st = rg_error_set(err, RG_EINTERNAL, "out of memory");
        for (size_t i = 0; st == RG_OK && i < nc; i++)
            snprintf(r->decomposition_channel[i], sizeof r->decomposition_channel[i], "%s",
                     names[i]);
        if (st == RG_OK)
            st = rg_h5_read_array(file, path, "race_decomposition/gap", H5T_NATIVE_DOUBLE,
                                  (nc + 1) * 4, (void **)&r->decomposition_gap, err);
        if (st == RG_OK)
            st = rg_h5_read_array(file, path, "race_decomposition/contribution", H5T_NATIVE_DOUBLE,
                                  nc * 4, (void **)&r->decomposition_contribution, err);
        if (st == RG_OK)
            st = rg_h5_read_array(file, path, "race_decomposition/level", H5T_NATIVE_DOUBLE, 6,
                                  (void **)&r->decomposition_level, err);
        if (st == RG_OK &&
            (!r->decomposition_gap || !r->decomposition_contribution || !r->decomposition_level))
            st = rg_error_set(err, RG_EINPUT, "%s: /race_decomposition is incomplete", path);
    }
    rg_h5_free_strings(names, nc);
    return st;
}

rg_status rg_result_read(rg_result *r, const char *path, rg_error *err)
{
    memset(r, 0, sizeof *r);
    snprintf(r->path, sizeof r->path, "%s", path);
    hid_t file = -1;
    RG_TRY(open_checked(path, &file, err));
    rg_status st = read_provenance(r, file, path, err);
    if (st == RG_OK) st = read_agents(r, file, path, err);
    if (st == RG_OK) st = read_summary(r, file, path, err);
    if (st == RG_OK) st = read_programmes(r, file, path, err);
    if (st == RG_OK) st = read_decomposition(r, file, path, err);
    if (rg_h5_close(file) < 0 && st == RG_OK)
        st = rg_h5_damaged(path, "HDF5 reports an error closing it", err);
    if (st != RG_OK) {
        rg_result_free(r);
        return st;
    }
    r->cols = (rg_outcome_columns){
        .n = (size_t)r->agents,
        .months = (int)r->months,
        .sex = r->sex,
        .offense = r->offense,
        .age_at_release = r->age_at_release,
        .release_month = r->release_month,
        .first = {r->first_arrest, r->first_conviction, r->first_return},
    };
    return RG_OK;
}

void rg_result_free(rg_result *r)
{
    free(r->config);
    free(r->config_key);
    free(r->programme_name);
    free(r->decomposition_channel);
    free(r->decomposition_gap);
    free(r->decomposition_contribution);
    free(r->decomposition_level);
#define RG_FREE_AGENT_(ctype, name, mtype, required) free(r->name);
#define RG_FREE_NAMED_(name, required) free(r->name);
#define RG_FREE_SUMMARY_(name, required) free(r->summary.name);
    RG_RESULT_AGENTS(RG_FREE_AGENT_)
    RG_RESULT_PROGRAMMES(RG_FREE_NAMED_)
    RG_RESULT_SUMMARY(RG_FREE_SUMMARY_)
#undef RG_FREE_AGENT_
#undef RG_FREE_NAMED_
#undef RG_FREE_SUMMARY_
    memset(r, 0, sizeof *r);
}

void rg_result_write_summary(const rg_result *r, const char *path, FILE *f)
{
    char scenario[4 * sizeof r->scenario], file[4 * sizeof r->path];
    rg_text_escape(r->scenario, scenario, sizeof scenario);
    rg_text_escape(path, file, sizeof file);
    fprintf(f, "%s: scenario \"%s\", %lld agents, %lld months, seed %lld\n", file, scenario,
            r->agents, r->months, r->seed);
    fprintf(f, "at the end: %lld free, %lld in prison, %lld not yet released\n", r->final_free,
            r->final_prison, r->final_pending);
    int years = (int)(r->months / 12);
    if (years < 1) {
        fprintf(f, "(shorter than a year: no yearly recidivism measures)\n");
        return;
    }
    fprintf(f, "cumulative percent after release   ");
    for (int y = 1; y <= years; y++) fprintf(f, "  year %-2d", y);
    fputc('\n', f);
    for (int m = 0; m < RG_MEASURE_COUNT; m++) {
        fprintf(f, "  %-32s ", rg_measure_name((rg_measure)m));
        for (int y = 1; y <= years; y++) {
            double v = rg_cumulative_percent(&r->cols, (rg_measure)m, "all", y, NULL);
            if (isnan(v))
                fprintf(f, "  %7s", "-");
            else
                fprintf(f, "  %7.1f", v);
        }
        fputc('\n', f);
    }
}

void rg_result_write_summary_json(const rg_result *r, const char *path, FILE *f)
{
    fputs("{\n  \"file\": ", f);
    rg_json_text(f, path);
    fputs(",\n  \"scenario\": ", f);
    rg_json_text(f, r->scenario);
    fprintf(f,
            ",\n  \"schema_version\": %d,\n  \"streams_version\": %d,\n  \"seed\": %lld,\n  "
            "\"agents\": %lld,\n"
            "  \"months\": %lld,\n  \"final\": {\"free\": %lld, \"prison\": %lld, "
            "\"pending\": %lld},\n  \"recidivism\": {",
            r->schema_version, r->streams_version, r->seed, r->agents, r->months, r->final_free,
            r->final_prison, r->final_pending);
    int years = (int)(r->months / 12);
    for (int m = 0; m < RG_MEASURE_COUNT; m++) {
        fprintf(f, "%s\n    \"%s\": {", m ? "," : "", rg_measure_name((rg_measure)m));
        int first = 1;
        for (int y = 1; y <= years; y++) {
            size_t den = 0;
            double v = rg_cumulative_percent(&r->cols, (rg_measure)m, "all", y, &den);
            if (isnan(v)) continue;
            fprintf(f, "%s\"year%d\": %.4f", first ? "" : ", ", y, v);
            first = 0;
        }
        fputc('}', f);
    }
    fputs("\n  }\n}\n", f);
}
