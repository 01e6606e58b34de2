/* The HDF5 contract read back from C: layout, units and descriptions, agreement
 * of the file with the run in memory, the .partial protocol, and clear errors for
 * files that are not complete reintegra runs. */
#include <hdf5.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../check.h"
#include "reintegra/module.h"
#include "reintegra/justice.h"
#include "reintegra/config.h"
#include "reintegra/output.h"
#include "reintegra/result.h"
#include "reintegra/run.h"

static herr_t check_object(hid_t obj, const char *name, const H5O_info_t *info, void *data)
{
    (void)data;
    if (info->type != H5O_TYPE_DATASET) return 0;
    hid_t ds = H5Dopen2(obj, name, H5P_DEFAULT);
    CHECK(H5Aexists(ds, "units") > 0, "/%s has no units attribute", name);
    CHECK(H5Aexists(ds, "description") > 0, "/%s has no description attribute", name);
    /* Every dataset that holds data in chunks carries Fletcher32 checksums. */
    hid_t dcpl = H5Dget_create_plist(ds);
    if (H5Pget_layout(dcpl) == H5D_CHUNKED) {
        unsigned flags;
        size_t ncd = 0;
        CHECK(H5Pget_filter_by_id2(dcpl, H5Z_FILTER_FLETCHER32, &flags, &ncd, NULL, 0, NULL,
                                   NULL) >= 0,
              "/%s has no Fletcher32 checksum", name);
    } else {
        hid_t sp = H5Dget_space(ds);
        CHECK(H5Sget_simple_extent_ndims(sp) == 0 || H5Sget_simple_extent_npoints(sp) == 0,
              "/%s holds data outside checksummed chunks", name);
        H5Sclose(sp);
    }
    H5Pclose(dcpl);
    H5Dclose(ds);
    return 0;
}

static long long dataset_length(hid_t file, const char *name)
{
    hid_t ds = H5Dopen2(file, name, H5P_DEFAULT);
    if (ds < 0) return -1;
    hid_t sp = H5Dget_space(ds);
    hsize_t dims[2] = {0, 0};
    H5Sget_simple_extent_dims(sp, dims, NULL);
    H5Sclose(sp);
    H5Dclose(ds);
    return (long long)dims[0];
}

static void expect_bad(const char *path, const char *fragment)
{
    rg_result r;
    rg_error err = {0};
    CHECK(rg_result_read(&r, path, &err) == RG_EINPUT, "%s: read should fail", path);
    CHECK(strstr(err.msg, fragment) != NULL, "%s: message lacks '%s': %s", path, fragment, err.msg);
}

static int progress_calls;
static int saw_partial;
static void on_progress(void *ctx, int done, int total)
{
    (void)total;
    progress_calls++;
    if (done == 1) saw_partial = access((const char *)ctx, F_OK) == 0;
}

int main(void)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    rg_params p;
    rg_params_defaults(&p);
    p.run.agents = 3000;
    p.run.months = 30;
    p.output.trajectory_fraction = 0.1;
    rg_error err = {0};
    rg_run *run = NULL;
    CHECK(rg_run_create(&run, &p, 2, &err) == RG_OK, "create: %s", err.msg);
    const char *path = "test_output.h5";
    remove(path);
    CHECK(rg_run_open_output(run, path, &err) == RG_OK, "open: %s", err.msg);
    run->progress = on_progress;
    run->progress_ctx = "test_output.h5.partial";
    CHECK(rg_run_complete(run, &err) == RG_OK, "run: %s", err.msg);
    CHECK(progress_calls == 30, "progress called %d times", progress_calls);
    CHECK(saw_partial, "no .partial file while running");
    CHECK(access("test_output.h5.partial", F_OK) != 0, ".partial left after completion");
    CHECK(access(path, F_OK) == 0, "no output file");
    /* The run times its writes (the open, every month, the close): some, and less
     * than the whole run (wall_seconds covers the months, not the open or close). */
    CHECK(run->write_seconds > 0 && run->write_seconds < 60, "write_seconds %g",
          run->write_seconds);

    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    CHECK(file >= 0, "cannot open the output");
    H5Ovisit2(file, H5_INDEX_NAME, H5_ITER_NATIVE, check_object, NULL, H5O_INFO_BASIC);
    CHECK(dataset_length(file, "summary/month") == 30, "summary rows");
    CHECK(dataset_length(file, "agents/sex") == 3000, "agents rows");
    long long ntraj = dataset_length(file, "trajectories/agent");
    CHECK(ntraj > 200 && ntraj < 400, "sampled %lld of 3000 at 10%%", ntraj);
    CHECK(dataset_length(file, "trajectories/status") == 30, "trajectory months");
    /* A world series: one row a month, kept in memory and written at the close; its
     * last row is the world's state at the end of the run. */
    CHECK(dataset_length(file, "world/stigma_public") == 30, "series rows");
    for (int k = 0; k < run->n_outputs; k++) {
        const rg_world_output *w = &run->outputs[k];
        if (strcmp(w->spec->group, "world") != 0 || strcmp(w->spec->name, "stigma_public") != 0)
            continue;
        double *rows = malloc(sizeof *rows * 30 * w->n);
        hid_t sds = H5Dopen2(file, "world/stigma_public", H5P_DEFAULT);
        CHECK(rows && H5Dread(sds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows) >= 0,
              "series not read");
        H5Dclose(sds);
        CHECK(rows && memcmp(rows + 29 * w->n, w->data, sizeof *rows * w->n) == 0,
              "the series' last row is not the world's last state");
        free(rows);
    }

    /* Summary counts agree with the event log and with the agents' columns. */
    long long arrests_sum = 0, nev = dataset_length(file, "events/type");
    int64_t *arrests = malloc(30 * sizeof *arrests);
    hid_t ds = H5Dopen2(file, "summary/arrests", H5P_DEFAULT);
    H5Dread(ds, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, arrests);
    H5Dclose(ds);
    for (int m = 0; m < 30; m++) arrests_sum += arrests[m];
    uint8_t *types = malloc((size_t)nev);
    ds = H5Dopen2(file, "events/type", H5P_DEFAULT);
    H5Dread(ds, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, types);
    H5Dclose(ds);
    long long arrest_events = 0;
    for (long long k = 0; k < nev; k++) arrest_events += types[k] == RG_EV_ARREST;
    long long arrests_agents = 0;
    for (size_t i = 0; i < run->a.n; i++) arrests_agents += RG_COLS(run, justice)->arrests[i];
    CHECK(arrests_sum == arrest_events && arrest_events == arrests_agents,
          "arrests: summary %lld, events %lld, agents %lld", arrests_sum, arrest_events,
          arrests_agents);
    free(arrests);
    free(types);

    /* Columns in the file equal the run's. */
    int16_t *first = malloc(3000 * sizeof *first);
    ds = H5Dopen2(file, "agents/first_arrest", H5P_DEFAULT);
    H5Dread(ds, H5T_NATIVE_INT16, H5S_ALL, H5S_ALL, H5P_DEFAULT, first);
    H5Dclose(ds);
    CHECK(memcmp(first, RG_COLS(run, justice)->first_arrest, 3000 * sizeof *first) == 0,
          "first_arrest differs");
    free(first);

    /* The stored configuration reproduces the run's parameters: a string of fixed
     * length (no variable-length data, whose heap has no checksum). */
    ds = H5Dopen2(file, "config", H5P_DEFAULT);
    hid_t st = H5Dget_type(ds);
    CHECK(H5Tget_class(st) == H5T_STRING && H5Tis_variable_str(st) == 0, "config: fixed string");
    size_t len = H5Tget_size(st);
    char *text = calloc(len + 1, 1);
    H5Dread(ds, st, H5S_ALL, H5S_ALL, H5P_DEFAULT, text);
    rg_params q;
    rg_params_defaults(&q);
    CHECK(rg_config_load_string(&q, text, "config", &err) == RG_OK, "config: %s", err.msg);
    CHECK(q.run.agents == 3000 && q.run.months == 30 && q.output.trajectory_fraction == 0.1,
          "stored configuration differs");
    free(text);
    H5Tclose(st);
    H5Dclose(ds);
    /* HDF5 1.10's format: superblock 3, whose metadata carries checksums. */
    H5F_info2_t fi;
    CHECK(H5Fget_info2(file, &fi) >= 0 && fi.super.version == 3, "superblock version %u",
          fi.super.version);
    H5Fclose(file);

    /* The reader used by summarize and the analysis. */
    rg_result r;
    CHECK(rg_result_read(&r, path, &err) == RG_OK, "read: %s", err.msg);
    CHECK(r.agents == 3000 && r.months == 30 && r.seed == 1, "provenance read back");
    CHECK(r.final_free + r.final_prison + r.final_pending == 3000, "final counts");
    rg_result_free(&r);
    rg_run_free(run);

    /* Files that are not complete runs. */
    FILE *f = fopen("not_hdf5.h5", "w");
    fputs("hello", f);
    fclose(f);
    expect_bad("not_hdf5.h5", "not an HDF5 file");
    expect_bad("missing.h5", "cannot open");
    expect_bad("x.h5.partial", "unfinished run");
    hid_t fapl_other = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_libver_bounds(fapl_other, H5F_LIBVER_V110, H5F_LIBVER_V110);
    hid_t other = H5Fcreate("other.h5", H5F_ACC_TRUNC, H5P_DEFAULT, fapl_other);
    H5Fclose(other);
    H5Pclose(fapl_other);
    expect_bad("other.h5", "not a reintegra output");
    /* Truncated: the first half of a real file. */
    FILE *in = fopen(path, "rb"), *out = fopen("truncated.h5", "wb");
    fseek(in, 0, SEEK_END);
    long size = ftell(in);
    fseek(in, 0, SEEK_SET);
    char *buf = malloc((size_t)size);
    CHECK(fread(buf, 1, (size_t)size, in) == (size_t)size, "read back");
    fwrite(buf, 1, (size_t)size / 2, out);
    fclose(in);
    fclose(out);
    free(buf);
    {
        rg_result t;
        rg_error e = {0};
        CHECK(rg_result_read(&t, "truncated.h5", &e) == RG_EINPUT, "truncated file accepted");
        CHECK(e.msg[0] != '\0', "no message for a truncated file");
    }
    /* Another schema version, in the file format this version writes. */
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_V110);
    hid_t v3 = H5Fcreate("schema3.h5", H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    hid_t ts = H5Tcopy(H5T_C_S1);
    H5Tset_size(ts, 10);
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(v3, "format", ts, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, ts, "reintegra");
    H5Aclose(a);
    int three = 3;
    a = H5Acreate2(v3, "schema_version", H5T_NATIVE_INT, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, H5T_NATIVE_INT, &three);
    H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(ts);
    H5Fclose(v3);
    expect_bad("schema3.h5", "schema version 3; this build reads version 2");
    /* A file of the default HDF5 format (no checksums, as schema version 1 wrote). */
    hid_t old = H5Fcreate("schema1.h5", H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    H5Fclose(old);
    expect_bad("schema1.h5", "without checksums");
    H5Pclose(fapl);
    return check_done();
}
