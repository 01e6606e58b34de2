/* Reading run files back, and the headline summary of a run. */
#include "reintegra/result.h"

#include <hdf5.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/output.h"

static rg_status bad(const char *path, const char *what, rg_error *err)
{
    return rg_error_set(err, RG_EINPUT, "%s: %s", path, what);
}

static int read_attr_string(hid_t obj, const char *name, char *buf, size_t size)
{
    if (H5Aexists(obj, name) <= 0) return -1;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    hid_t t = H5Aget_type(a);
    int ok = -1;
    if (H5Tget_class(t) == H5T_STRING) {
        if (H5Tis_variable_str(t) > 0) {
            char *s = NULL;
            hid_t mt = H5Tcopy(H5T_C_S1);
            H5Tset_size(mt, H5T_VARIABLE);
            H5Tset_cset(mt, H5Tget_cset(t));
            if (H5Aread(a, mt, &s) >= 0 && s) {
                snprintf(buf, size, "%s", s);
                ok = 0;
                H5free_memory(s);
            }
            H5Tclose(mt);
        }
    }
    H5Tclose(t);
    H5Aclose(a);
    return ok;
}

static int read_attr_ll(hid_t obj, const char *name, long long *v)
{
    if (H5Aexists(obj, name) <= 0) return -1;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    int ok = H5Aread(a, H5T_NATIVE_LLONG, v) >= 0 ? 0 : -1;
    H5Aclose(a);
    return ok;
}

/* Read a 1-D dataset of exactly n elements into a new buffer. */
static void *read_column(hid_t file, const char *name, hid_t mtype, size_t elem, size_t n)
{
    if (H5Lexists(file, name, H5P_DEFAULT) <= 0) return NULL;
    hid_t ds = H5Dopen2(file, name, H5P_DEFAULT);
    if (ds < 0) return NULL;
    hid_t sp = H5Dget_space(ds);
    hsize_t dims[2] = {0, 0};
    int rank = H5Sget_simple_extent_ndims(sp);
    H5Sget_simple_extent_dims(sp, dims, NULL);
    H5Sclose(sp);
    void *buf = NULL;
    if (rank == 1 && dims[0] == n) {
        buf = malloc(elem * (n ? n : 1));
        if (buf && H5Dread(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
            free(buf);
            buf = NULL;
        }
    }
    H5Dclose(ds);
    return buf;
}

/* Last element of a 1-D int64 summary column. */
static int read_last(hid_t file, const char *name, long long *v)
{
    hid_t ds = H5Lexists(file, name, H5P_DEFAULT) > 0 ? H5Dopen2(file, name, H5P_DEFAULT) : -1;
    if (ds < 0) return -1;
    hid_t sp = H5Dget_space(ds);
    hsize_t n = 0;
    H5Sget_simple_extent_dims(sp, &n, NULL);
    int ok = -1;
    if (n > 0) {
        hsize_t start = n - 1, count = 1;
        H5Sselect_hyperslab(sp, H5S_SELECT_SET, &start, NULL, &count, NULL);
        hid_t ms = H5Screate_simple(1, &count, NULL);
        ok = H5Dread(ds, H5T_NATIVE_LLONG, ms, sp, H5P_DEFAULT, v) >= 0 ? 0 : -1;
        H5Sclose(ms);
    }
    H5Sclose(sp);
    H5Dclose(ds);
    return ok;
}

_Static_assert(sizeof(hid_t) == sizeof(int64_t), "hid_t is a 64-bit integer (HDF5 >= 1.10)");

rg_status rg_result_open(const char *path, int64_t *file_out, rg_error *err)
{
    *file_out = -1;
    size_t len = strlen(path);
    if (len > 8 && strcmp(path + len - 8, ".partial") == 0)
        return bad(path,
                   "an unfinished run (.partial): the run that wrote it did not complete; "
                   "run it again",
                   err);
    FILE *probe = fopen(path, "rb");
    if (!probe) return bad(path, "cannot open the file", err);
    fclose(probe);
    if (H5Fis_hdf5(path) <= 0)
        return bad(path, "not an HDF5 file; expected a reintegra run file", err);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) return bad(path, "cannot be read as HDF5 (truncated or corrupted?)", err);

    rg_status st = RG_OK;
    char format[64] = "";
    long long schema = 0, completed = -1, months = -1;
    if (read_attr_string(file, "format", format, sizeof format) != 0 ||
        strcmp(format, "reintegra") != 0)
        st = bad(path, "not a reintegra output file (no format = \"reintegra\" attribute)", err);
    else if (read_attr_ll(file, "schema_version", &schema) != 0 || schema != RG_SCHEMA_VERSION)
        st = rg_error_set(err, RG_EINPUT, "%s: schema version %lld; this build reads version %d",
                          path, schema, RG_SCHEMA_VERSION);
    else if (read_attr_ll(file, "months", &months) ||
             read_attr_ll(file, "months_completed", &completed) || completed != months)
        st = bad(path, "incomplete run file: provenance attributes are missing", err);
    if (st != RG_OK) {
        H5Fclose(file);
        return st;
    }
    *file_out = file;
    return RG_OK;
}

rg_status rg_result_read(rg_result *r, const char *path, rg_error *err)
{
    memset(r, 0, sizeof *r);
    int64_t fid = -1;
    RG_TRY(rg_result_open(path, &fid, err));
    hid_t file = fid;
    rg_status st = RG_OK;
    long long schema = RG_SCHEMA_VERSION;
    if (read_attr_ll(file, "seed", &r->seed) || read_attr_ll(file, "agents", &r->agents) ||
        read_attr_ll(file, "months", &r->months) || r->agents < 0 || r->months < 0)
        st = bad(path, "incomplete run file: provenance attributes are missing", err);
    if (st == RG_OK) {
        r->schema_version = (int)schema;
        read_attr_string(file, "scenario", r->scenario, sizeof r->scenario);
        if (read_last(file, "summary/pending", &r->final_pending) ||
            read_last(file, "summary/free", &r->final_free) ||
            read_last(file, "summary/prison", &r->final_prison))
            st = bad(path, "the /summary table is missing or empty", err);
    }
    if (st == RG_OK) {
        size_t n = (size_t)r->agents;
        r->sex = read_column(file, "agents/sex", H5T_NATIVE_UINT8, 1, n);
        r->offense = read_column(file, "agents/offense", H5T_NATIVE_UINT8, 1, n);
        r->age_at_release = read_column(file, "agents/age_at_release", H5T_NATIVE_FLOAT, 4, n);
        r->release_month = read_column(file, "agents/release_month", H5T_NATIVE_INT16, 2, n);
        r->first[RG_MEASURE_ARREST] =
            read_column(file, "agents/first_arrest", H5T_NATIVE_INT16, 2, n);
        r->first[RG_MEASURE_CONVICTION] =
            read_column(file, "agents/first_conviction", H5T_NATIVE_INT16, 2, n);
        r->first[RG_MEASURE_RETURN] =
            read_column(file, "agents/first_return", H5T_NATIVE_INT16, 2, n);
        if (!r->sex || !r->offense || !r->age_at_release || !r->release_month || !r->first[0] ||
            !r->first[1] || !r->first[2])
            st = bad(path, "the /agents columns are missing or damaged (was output.agents false?)",
                     err);
    }
    H5Fclose(file);
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
        .first = {r->first[0], r->first[1], r->first[2]},
    };
    return RG_OK;
}

void rg_result_free(rg_result *r)
{
    free(r->sex);
    free(r->offense);
    free(r->age_at_release);
    free(r->release_month);
    for (int m = 0; m < RG_MEASURE_COUNT; m++) free(r->first[m]);
    memset(r, 0, sizeof *r);
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

void rg_result_write_summary(const rg_result *r, const char *path, FILE *f)
{
    fprintf(f, "%s: scenario \"%s\", %lld agents, %lld months, seed %lld\n", path, r->scenario,
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
    json_string(f, path);
    fputs(",\n  \"scenario\": ", f);
    json_string(f, r->scenario);
    fprintf(f,
            ",\n  \"schema_version\": %d,\n  \"seed\": %lld,\n  \"agents\": %lld,\n"
            "  \"months\": %lld,\n  \"final\": {\"free\": %lld, \"prison\": %lld, "
            "\"pending\": %lld},\n  \"recidivism\": {",
            r->schema_version, r->seed, r->agents, r->months, r->final_free, r->final_prison,
            r->final_pending);
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
