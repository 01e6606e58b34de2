/*
 * HDF5 writer, schema version 2. The layout is documented in
 * docs/output-format.md, which rg_output_write_markdown generates from the same
 * declarations this writer uses. Files are created and checksummed through the
 * common helpers (h5io.h): written as NAME.partial, exclusively, and renamed when
 * complete; Fletcher32 on every dataset; a recorded checksum of the root
 * attributes and /config.
 *
 * The chunks of /agents and /events, the bulk of a file, are filtered (shuffle,
 * deflate, Fletcher32) on the run's threads by rg_h5_write_chunks and stored
 * whole with H5Dwrite_chunk (tests/unit/test_h5chunks.c compares them with HDF5's
 * own pipeline). /agents: every chunk of every field at the close, in batches, the
 * last, partial one stored full-size with the rest zero, as HDF5 stores it.
 * /events: each column's events are kept in the writer's own buffer; every month
 * the full chunks of all four columns are filtered together and the dataset
 * extended to cover them; the last, partial chunk at the close. The other
 * datasets (summary, trajectories, series, world tables) keep HDF5's pipeline.
 */
#include "reintegra/output.h"

#include <hdf5.h>
#include <libconfig.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_version.h>
#include <isa-l.h>
#include <libdeflate.h>
#include <zlib.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#include <xmmintrin.h>
#endif

#include "common/files.h"
#include "common/h5io.h"
#include "reintegra/build_info.h"
#include "reintegra/config.h"
#include "reintegra/module.h"
#include "reintegra/rng.h"

struct rg_output {
    rg_h5_partial w; /* the file, written as w.partial and renamed to w.path */
    char *path;      /* final name */
    char *partial;   /* name while writing */
    hid_t file;
    hid_t summary_ds[128]; /* one per summary column, in summary-table order */
    size_t n_traj;         /* sampled agents */
    uint32_t *traj_ids;    /* their ids */
    hid_t traj_ds[64];     /* one per trajectory field, in field-table order */
    void *traj_buf;        /* traj_rows months of every trajectory field, field after field */
    size_t traj_rows;      /* months in a chunk, gathered before they are written */
    size_t traj_fill;      /* months gathered so far */
    hsize_t traj_stored;   /* months in the trajectory datasets */
    hid_t event_ds[4];     /* month, agent, type, detail */
    int event_checked[4];  /* rg_h5_chunks_direct of each column: 0 not asked, 1 yes, 2 no */
    int traj_checked[64];  /* the same for each trajectory field */
    void *event_buf[4];    /* each column's events not yet written (less than a chunk
                              between months) */
    size_t event_fill;     /* events in event_buf */
    size_t event_cap;      /* events event_buf has room for */
    hsize_t event_stored;  /* events in the datasets (whole chunks until the close) */
    int threads;           /* the run's threads, for filtering chunks */
    hid_t series_ds[RG_MAX_WORLD_OUTPUTS];    /* per world output that is a series */
    double *series_buf[RG_MAX_WORLD_OUTPUTS]; /* its rows of the months so far (written
                                                 whole at the close, as the summary) */
    size_t series_rows;                       /* months in series_buf */
    hsize_t n_events;
    int compression;
    rg_h5_chunk_memo *memo; /* stored bytes of one-valued chunks */
    hid_t dcpl;             /* while the datasets are made: the last creation list, */
    hsize_t dcpl_key[4];    /* for rank, chunk dimensions and compression */
};

enum { EVENT_CHUNK = 1 << 16, SUMMARY_CHUNK = 120 };

/* Trajectory chunks hold TRAJ_CHUNK_MONTHS months (fewer when the run is shorter, or
 * when so many months of the sample would take more than TRAJ_BUFFER_MAX bytes), so
 * that zlib compresses a year of one field at once rather than restarting every
 * month. The months are gathered in memory and a chunk is written whole. */
enum { TRAJ_CHUNK_MONTHS = 12 };
#define TRAJ_BUFFER_MAX ((size_t)256 << 20)

/* --- small helpers -------------------------------------------------------- */

static rg_status h5fail(const rg_output *o, const char *what, rg_error *err)
{
    char hint[64];
    return rg_error_set(err, RG_EINTERNAL, "%s: HDF5 error while %s%s", o->partial, what,
                        rg_disk_full_hint(o->partial, hint, sizeof hint));
}

/* Set c->checked from the state of its dataset (asking rg_h5_chunks_direct the
 * first time): datasets written month after month are checked once. */
static void check_once(rg_h5_chunk *c, int *state, int compression)
{
    if (*state == 0) *state = rg_h5_chunks_direct(c, compression) ? 1 : 2;
    c->checked = *state == 1;
}

static hid_t h5_native(rg_h5type t)
{
    switch (t) {
    case RG_H5_U8: return H5T_NATIVE_UINT8;
    case RG_H5_U16: return H5T_NATIVE_UINT16;
    case RG_H5_I16: return H5T_NATIVE_INT16;
    case RG_H5_I32: return H5T_NATIVE_INT32;
    case RG_H5_F32: return H5T_NATIVE_FLOAT;
    case RG_H5_U32: return H5T_NATIVE_UINT32;
    case RG_H5_F64: return H5T_NATIVE_DOUBLE;
    case RG_H5_I8: return H5T_NATIVE_INT8;
    case RG_H5_I64: return H5T_NATIVE_INT64;
    case RG_H5_STR: return H5T_NATIVE_UINT8; /* written through write_tables' string path */
    }
    return H5T_NATIVE_UINT8;
}

static hid_t h5_file_type(rg_h5type t)
{
    switch (t) {
    case RG_H5_U8: return H5T_STD_U8LE;
    case RG_H5_U16: return H5T_STD_U16LE;
    case RG_H5_I16: return H5T_STD_I16LE;
    case RG_H5_I32: return H5T_STD_I32LE;
    case RG_H5_F32: return H5T_IEEE_F32LE;
    case RG_H5_U32: return H5T_STD_U32LE;
    case RG_H5_F64: return H5T_IEEE_F64LE;
    case RG_H5_I8: return H5T_STD_I8LE;
    case RG_H5_I64: return H5T_STD_I64LE;
    case RG_H5_STR: return H5T_STD_U8LE;
    }
    return H5T_STD_U8LE;
}

/* The creation list rg_h5_dcpl(rank, chunk, compression), kept in o while the
 * datasets of a group are made with the same one (closed by rg_output_open). */
static hid_t growing_dcpl(rg_output *o, int rank, const hsize_t *chunk, int compression)
{
    const hsize_t key[4] = {(hsize_t)rank, chunk[0], rank > 1 ? chunk[1] : 0, (hsize_t)compression};
    if (o->dcpl >= 0 && memcmp(key, o->dcpl_key, sizeof key) == 0) return o->dcpl;
    if (o->dcpl >= 0) H5Pclose(o->dcpl);
    o->dcpl = rg_h5_dcpl(rank, chunk, compression);
    memcpy(o->dcpl_key, key, sizeof key);
    return o->dcpl;
}

/* A chunked (and, if asked, compressed) dataset of rank 1 or 2 whose first
 * dimension can grow. */
static hid_t create_growing(rg_output *o, hid_t loc, const char *name, hid_t ftype, int rank,
                            const hsize_t *dims, const hsize_t *chunk, int compression)
{
    hsize_t maxdims[2] = {H5S_UNLIMITED, rank > 1 ? dims[1] : 0};
    hid_t space = H5Screate_simple(rank, dims, maxdims);
    hid_t dcpl = growing_dcpl(o, rank, chunk, compression);
    hid_t ds = dcpl < 0 ? -1 : H5Dcreate2(loc, name, ftype, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Sclose(space);
    return ds;
}

/* Open a world group, creating it the first time, sized for the run's outputs in it. */
static hid_t open_group(hid_t file, const rg_run *run, const char *name)
{
    if (H5Lexists(file, name, H5P_DEFAULT) > 0) return H5Gopen2(file, name, H5P_DEFAULT);
    size_t links = 0, bytes = 0;
    for (int k = 0; k < run->n_outputs; k++)
        if (strcmp(run->outputs[k].spec->group, name) == 0) {
            links++;
            bytes += strlen(run->outputs[k].spec->name);
        }
    return rg_h5_create_group_sized(file, name, NULL, links, bytes);
}

/* A group sized for a dataset per field with `flag` (and `extra` more links). */
static hid_t field_group(hid_t file, const char *name, unsigned flag, size_t extra)
{
    size_t nf, links = extra, bytes = 8 * extra;
    const rg_field_desc *f = rg_field_table(&nf);
    for (size_t i = 0; i < nf; i++)
        if (f[i].flags & flag) {
            links++;
            bytes += strlen(f[i].name);
        }
    return rg_h5_create_group_sized(file, name, NULL, links, bytes);
}

/* Append `count` elements (rank 1) or rows (rank 2) to a growing dataset. */
static herr_t append(hid_t ds, hid_t mtype, const void *data, hsize_t count)
{
    hid_t space = H5Dget_space(ds);
    int rank = H5Sget_simple_extent_ndims(space);
    hsize_t dims[2] = {0, 0};
    H5Sget_simple_extent_dims(space, dims, NULL);
    H5Sclose(space);
    hsize_t grow = count;
    hsize_t newdims[2] = {dims[0] + grow, dims[1]};
    if (H5Dset_extent(ds, newdims) < 0) return -1;
    hid_t fspace = H5Dget_space(ds);
    hsize_t start[2] = {dims[0], 0}, block[2] = {grow, rank > 1 ? dims[1] : 0};
    H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, NULL, block, NULL);
    hsize_t mdims[2] = {grow, block[1]};
    hid_t mspace = H5Screate_simple(rank, mdims, NULL);
    herr_t r = H5Dwrite(ds, mtype, mspace, fspace, H5P_DEFAULT, data);
    H5Sclose(mspace);
    H5Sclose(fspace);
    return r;
}

/* --- declarations shared by the writer and the documentation ------------- */

static const char *col_name(rg_h5type t)
{
    return t == RG_H5_I32 ? "int32" : t == RG_H5_I64 ? "int64" : "float64";
}

typedef struct event_col {
    const char *name, *units, *description;
} event_col;

static const event_col event_cols[4] = {
    {"month", "month", "model month of the event"},
    {"agent", "id", "agent id (index into /agents)"},
    {"type", "code", "event type; the attribute `codes` lists them"},
    {"detail", "code", "event detail; meaning depends on the type (see `codes`)"},
};

/* The `codes` attribute: one line per event type, "  CODE NAME: description". */
static char *event_codes(void)
{
    char *buf = NULL;
    size_t size = 0, n;
    FILE *f = open_memstream(&buf, &size);
    if (!f) return NULL;
    const rg_event_desc *t = rg_event_table(&n);
    for (size_t k = 0; k < n; k++)
        fprintf(f, "  %d %s: %s\n", t[k].code, t[k].name, t[k].description);
    fclose(f);
    return buf;
}

void rg_library_versions(char *buf, size_t size)
{
    unsigned maj, min, rel;
    H5get_libversion(&maj, &min, &rel);
    snprintf(buf, size,
             "HDF5 %u.%u.%u; GSL %s; libconfig %d.%d.%d; Random123 Philox4x32-10; zlib %s; "
             "libdeflate %s; ISA-L %d.%d.%d",
             maj, min, rel, GSL_VERSION, LIBCONFIG_VER_MAJOR, LIBCONFIG_VER_MINOR,
             LIBCONFIG_VER_REVISION, zlibVersion(), LIBDEFLATE_VERSION_STRING, ISAL_MAJOR_VERSION,
             ISAL_MINOR_VERSION, ISAL_PATCH_VERSION);
}

/* --- writing --------------------------------------------------------------- */

static rg_status write_provenance(rg_output *o, const rg_run *run, rg_error *err)
{
    hid_t root = o->file;
    int schema = RG_SCHEMA_VERSION, streams = RG_STREAMS_VERSION;
    long long seed = (long long)run->seed, agents = (long long)run->a.n, months = run->months;
    char libs[256], host[256] = "unknown", created[64];
    rg_library_versions(libs, sizeof libs);
    gethostname(host, sizeof host - 1);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    int threads = rg_run_threads(run);
    /* The trial's programme, if the model has a trial. */
    char trial[64] = "none";
    const rg_param_desc *d = rg_param_find("trial.programme");
    if (d)
        rg_param_choice_name(d, *(const int *)((const char *)&run->p + d->offset), trial,
                             sizeof trial);
    if (rg_h5_attr_string(root, "format", "reintegra") < 0 ||
        rg_h5_attr_scalar(root, "schema_version", H5T_NATIVE_INT, &schema) < 0 ||
        rg_h5_attr_string(root, "reintegra_version", RG_VERSION) < 0 ||
        rg_h5_attr_string(root, "git_revision", RG_GIT_REVISION) < 0 ||
        rg_h5_attr_string(root, "build_type", RG_BUILD_TYPE) < 0 ||
        rg_h5_attr_string(root, "compiler", RG_C_COMPILER) < 0 ||
        rg_h5_attr_string(root, "libraries", libs) < 0 ||
        rg_h5_attr_string(root, "scenario", run->p.run.name) < 0 ||
        rg_h5_attr_string(root, "description", run->p.run.description) < 0 ||
        rg_h5_attr_scalar(root, "seed", H5T_NATIVE_LLONG, &seed) < 0 ||
        rg_h5_attr_scalar(root, "agents", H5T_NATIVE_LLONG, &agents) < 0 ||
        rg_h5_attr_scalar(root, "months", H5T_NATIVE_LLONG, &months) < 0 ||
        rg_h5_attr_string(root, "host", host) < 0 ||
        rg_h5_attr_string(root, "created_utc", created) < 0 ||
        rg_h5_attr_scalar(root, "threads", H5T_NATIVE_INT, &threads) < 0 ||
        rg_h5_attr_scalar(root, "streams_version", H5T_NATIVE_INT, &streams) < 0 ||
        rg_h5_attr_string(root, "trial_programme", trial) < 0)
        return h5fail(o, "writing provenance attributes", err);

    char *config = rg_config_resolved(&run->p);
    if (!config) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    int r = rg_h5_write_text(root, "config", config,
                             "the full resolved configuration (libconfig), defaults included; "
                             "runs as it is with `reintegra run`");
    free(config);
    return r < 0 ? h5fail(o, "writing /config", err) : RG_OK;
}

/* Summary: one growing column per field. */
static rg_status create_summary(rg_output *o, rg_error *err)
{
    size_t ns, bytes = 0;
    const rg_summary_desc *sc = rg_summary_table(&ns);
    for (size_t c = 0; c < ns; c++) bytes += strlen(sc[c].name);
    hid_t g = rg_h5_create_group_sized(o->file, "summary", NULL, ns, bytes);
    if (g < 0) return h5fail(o, "creating /summary", err);
    rg_h5_attr_string(g, "description", "one row per simulated month");
    for (size_t c = 0; c < ns; c++) {
        hsize_t dims[1] = {0}, chunk[1] = {SUMMARY_CHUNK};
        o->summary_ds[c] =
            create_growing(o, g, sc[c].name, h5_file_type(sc[c].type), 1, dims, chunk, 0);
        if (o->summary_ds[c] < 0 ||
            rg_h5_describe(o->summary_ds[c], sc[c].units, sc[c].description) < 0) {
            H5Gclose(g);
            return h5fail(o, "creating /summary columns", err);
        }
    }
    H5Gclose(g);
    return RG_OK;
}

/* The ids of the sampled agents and one growing dataset per trajectory field. */
static rg_status create_trajectory_datasets(rg_output *o, hid_t g, rg_error *err)
{
    const hsize_t m = o->n_traj;
    hsize_t d1[1] = {m};
    int r = rg_h5_write_dataset(g, "agent", H5T_STD_U32LE, H5T_NATIVE_UINT32, 1, d1, o->traj_ids,
                                "id", "ids of the sampled agents (columns of every dataset here)");
    if (r < 0) return h5fail(o, "writing /trajectories/agent", err);
    size_t nf, k = 0;
    const rg_field_desc *f = rg_field_table(&nf);
    hsize_t width = m < 65536 ? m : 65536;
    for (size_t i = 0; i < nf; i++) {
        if (!(f[i].flags & RG_F_TRAJ)) continue;
        hsize_t dims[2] = {0, m}, chunk[2] = {o->traj_rows, width};
        o->traj_ds[k] = create_growing(o, g, f[i].name, h5_file_type(f[i].type), 2, dims, chunk,
                                       o->compression);
        if (o->traj_ds[k] < 0 || rg_h5_describe(o->traj_ds[k], f[i].units, f[i].description) < 0)
            return h5fail(o, "creating trajectory datasets", err);
        k++;
    }
    return RG_OK;
}

/* Trajectories of a sample of agents. */
static rg_status create_trajectories(rg_output *o, const rg_run *run, rg_error *err)
{
    const double fraction = run->p.output.trajectory_fraction;
    size_t n = run->a.n, m = 0;
    o->traj_ids = malloc(sizeof *o->traj_ids * (n ? n : 1));
    if (!o->traj_ids) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    size_t ne;
    const rg_purpose *sample = &rg_engine_purposes(&ne)[0]; /* run.trajectory_sample */
    double u[4096];
    for (size_t b = 0; b < n && fraction > 0; b += 4096) {
        const size_t len = n - b < 4096 ? n - b : 4096;
        if (fraction < 1.0) rg_draw_fill(run->seed, sample, b, 0, len, u);
        for (size_t i = 0; i < len; i++)
            if (fraction >= 1.0 || u[i] < fraction) o->traj_ids[m++] = (uint32_t)(b + i);
    }
    o->n_traj = m;
    if (m == 0) return RG_OK;
    size_t nf, row = 0; /* bytes of one month of the sample */
    const rg_field_desc *f = rg_field_table(&nf);
    for (size_t i = 0; i < nf; i++)
        if (f[i].flags & RG_F_TRAJ) row += f[i].size * m;
    size_t rows = run->months < TRAJ_CHUNK_MONTHS ? (size_t)run->months : TRAJ_CHUNK_MONTHS;
    while (rows > 1 && rows * row > TRAJ_BUFFER_MAX) rows--;
    o->traj_rows = rows > 0 ? rows : 1;
    hid_t g = field_group(o->file, "trajectories", RG_F_TRAJ, 1); /* and `agent` */
    if (g < 0) return h5fail(o, "creating /trajectories", err);
    rg_h5_attr_string(g, "description",
                      "monthly state of a sample of agents: datasets [month, sampled agent]");
    rg_status st = create_trajectory_datasets(o, g, err);
    H5Gclose(g);
    RG_TRY(st);
    o->traj_buf = malloc(o->traj_rows * row);
    if (!o->traj_buf) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    return RG_OK;
}

/* World-level series, one row per month. */
static rg_status create_series(rg_output *o, const rg_run *run, rg_error *err)
{
    for (int k = 0; k < run->n_outputs; k++) {
        const rg_world_output *w = &run->outputs[k];
        if (w->spec->kind != RG_OUTPUT_SERIES) continue;
        hid_t grp = open_group(o->file, run, w->spec->group);
        if (grp < 0) return h5fail(o, "creating a series group", err);
        hsize_t dims[2] = {0, (hsize_t)w->n}, chunk[2] = {12, (hsize_t)w->n};
        o->series_ds[k] =
            create_growing(o, grp, w->spec->name, H5T_IEEE_F64LE, 2, dims, chunk, o->compression);
        H5Gclose(grp);
        if (o->series_ds[k] < 0 ||
            rg_h5_describe(o->series_ds[k], w->spec->units, w->spec->description) < 0)
            return h5fail(o, "creating a series", err);
        o->series_buf[k] = malloc(sizeof(double) * (size_t)run->months * (w->n ? w->n : 1));
        if (!o->series_buf[k]) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    }
    return RG_OK;
}

/* The event log, with the event types in the attribute `codes`. */
static rg_status create_events(rg_output *o, rg_error *err)
{
    hid_t g = rg_h5_create_group_sized(o->file, "events", NULL, 4, 20);
    if (g < 0) return h5fail(o, "creating /events", err);
    rg_h5_attr_string(g, "description", "every event of the run, in month order, then agent order");
    char *codes = event_codes();
    if (!codes) {
        H5Gclose(g);
        return rg_error_set(err, RG_EINTERNAL, "out of memory");
    }
    rg_h5_attr_string(g, "codes", codes);
    const hid_t types[4] = {H5T_STD_I32LE, H5T_STD_U32LE, H5T_STD_U8LE, H5T_STD_U8LE};
    rg_status st = RG_OK;
    for (int c = 0; c < 4 && st == RG_OK; c++) {
        hsize_t dims[1] = {0}, chunk[1] = {EVENT_CHUNK};
        o->event_ds[c] =
            create_growing(o, g, event_cols[c].name, types[c], 1, dims, chunk, o->compression);
        if (o->event_ds[c] < 0 ||
            rg_h5_describe(o->event_ds[c], event_cols[c].units, event_cols[c].description) < 0)
            st = h5fail(o, "creating /events", err);
    }
    if (st == RG_OK) rg_h5_attr_string(o->event_ds[2], "codes", codes);
    free(codes);
    H5Gclose(g);
    return st;
}

static rg_status create_tables(rg_output *o, const rg_run *run, rg_error *err)
{
    RG_TRY(create_summary(o, err));
    RG_TRY(create_trajectories(o, run, err));
    RG_TRY(create_series(o, run, err));
    return run->p.output.events ? create_events(o, err) : RG_OK;
}

rg_status rg_output_open(rg_output **out, const char *path, const rg_run *run, rg_error *err)
{
    *out = NULL;
    rg_output *o = calloc(1, sizeof *o);
    if (!o) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    o->file = -1;
    o->dcpl = -1;
    o->memo = rg_h5_chunk_memo_new(); /* NULL: every chunk filtered */
    o->compression = (int)run->p.output.compression;
    o->threads = rg_run_threads(run);
    size_t len = strlen(path);
    o->path = malloc(len + 1);
    o->partial = malloc(len + 9);
    if (!o->path || !o->partial) {
        rg_output_abort(o);
        return rg_error_set(err, RG_EINTERNAL, "out of memory");
    }
    memcpy(o->path, path, len + 1);
    snprintf(o->partial, len + 9, "%s.partial", path);
    rg_status st = rg_h5_partial_create(&o->w, path, err);
    o->file = o->w.file;
    if (st != RG_OK) {
        rg_output_abort(o);
        return st;
    }
    st = write_provenance(o, run, err);
    if (st == RG_OK) st = create_tables(o, run, err);
    if (o->dcpl >= 0) H5Pclose(o->dcpl);
    o->dcpl = -1;
    if (st != RG_OK) {
        rg_output_abort(o);
        return st;
    }
    *out = o;
    return RG_OK;
}

/* The summary table, written whole at the close from the rows the modules keep
 * for every month (one write per column instead of one per column and month). */
static rg_status write_summary(rg_output *o, const rg_run *run, rg_error *err)
{
    const size_t months = (size_t)run->month;
    if (months == 0) return RG_OK;
    unsigned char *buf = malloc(8 * months);
    if (!buf) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    size_t ns;
    const rg_summary_desc *sc = rg_summary_table(&ns);
    herr_t r = 0;
    for (size_t c = 0; c < ns && r >= 0; c++) {
        const size_t size = sc[c].type == RG_H5_I32 ? 4 : 8;
        for (size_t m = 0; m < months; m++) rg_summary_get(run, &sc[c], (int)m, buf + m * size);
        r = append(o->summary_ds[c], h5_native(sc[c].type), buf, months);
    }
    free(buf);
    return r < 0 ? h5fail(o, "writing /summary", err) : RG_OK;
}

/* The world series, each written whole from the rows kept each month (one HDF5
 * write per series rather than one per series and month). */
static rg_status write_series(rg_output *o, const rg_run *run, rg_error *err)
{
    for (int k = 0; k < run->n_outputs; k++)
        if (run->outputs[k].spec->kind == RG_OUTPUT_SERIES && o->series_rows > 0 &&
            append(o->series_ds[k], H5T_NATIVE_DOUBLE, o->series_buf[k], o->series_rows) < 0)
            return h5fail(o, "writing a series", err);
    return RG_OK;
}

static void free_series(rg_output *o)
{
    for (int k = 0; k < RG_MAX_WORLD_OUTPUTS; k++) free(o->series_buf[k]);
}

/* The sampled elements of a column of `size` bytes (a constant where inlined). */
static inline void gather_column(char *restrict buf, const char *restrict col, const uint32_t *ids,
                                 size_t m, size_t size)
{
    for (size_t s = 0; s < m; s++) memcpy(buf + s * size, col + (size_t)ids[s] * size, size);
}

/* Copy this month's state of the sampled agents into the chunk being gathered, the
 * fields on the run's threads (each sampled element is a cache line of its own
 * column: a gather bound by the cache's latency, about 10 ns an element). */
static void gather_trajectories(rg_output *o, const rg_run *run)
{
    size_t nf, nt = 0;
    const rg_field_desc *f = rg_field_table(&nf);
    const size_t m = o->n_traj;
    const rg_field_desc *tf[RG_MAX_FIELDS];
    size_t at[RG_MAX_FIELDS], offset = 0; /* each field's months start at traj_buf + offset */
    for (size_t i = 0; i < nf; i++) {
        if (!(f[i].flags & RG_F_TRAJ)) continue;
        tf[nt] = &f[i];
        at[nt++] = offset;
        offset += o->traj_rows * m * f[i].size;
    }
    /* (A few thousand elements are not worth a parallel region.) */
#pragma omp parallel for num_threads(o->threads)                                                   \
    schedule(static) if (o->threads > 1 && m * nt >= 16384)
    for (size_t k = 0; k < nt; k++) {
        const size_t size = tf[k]->size;
        const char *col = rg_field_column(&run->a, tf[k]);
        char *buf = o->traj_buf + at[k] + o->traj_fill * m * size;
        switch (size) {
        case 1: gather_column(buf, col, o->traj_ids, m, 1); break;
        case 2: gather_column(buf, col, o->traj_ids, m, 2); break;
        case 4: gather_column(buf, col, o->traj_ids, m, 4); break;
        case 8: gather_column(buf, col, o->traj_ids, m, 8); break;
        default: gather_column(buf, col, o->traj_ids, m, size); break;
        }
    }
    o->traj_fill++;
}

/* Write the gathered months of every trajectory field: one chunk of each (the
 * sample in one chunk's width), filtered on the threads, a last one of fewer months
 * stored whole, the rest zero, as HDF5 stores it; otherwise through HDF5. */
static rg_status flush_trajectories(rg_output *o, rg_error *err)
{
    if (!o->n_traj || !o->traj_fill) return RG_OK;
    size_t nf, k = 0;
    const rg_field_desc *f = rg_field_table(&nf);
    const char *field_buf = o->traj_buf;
    const size_t m = o->n_traj, whole = m <= 65536; /* the chunks' width (create_trajectories) */
    rg_h5_chunk jobs[64];
    hsize_t extent[2] = {o->traj_stored + o->traj_fill, m};
    for (size_t i = 0; i < nf; i++) {
        if (!(f[i].flags & RG_F_TRAJ)) continue;
        const hid_t ds = o->traj_ds[k], mtype = h5_native(f[i].type);
        if (whole ? H5Dset_extent(ds, extent) < 0 : append(ds, mtype, field_buf, o->traj_fill) < 0)
            return h5fail(o, "appending to /trajectories", err);
        jobs[k++] = (rg_h5_chunk){.ds = ds,
                                  .mtype = mtype,
                                  .data = field_buf,
                                  .offset = o->traj_stored * m,
                                  .n = o->traj_rows * m,
                                  .size = f[i].size,
                                  .edge = o->traj_fill < o->traj_rows ? o->traj_fill * m : 0,
                                  .row = m};
        if (whole) check_once(&jobs[k - 1], &o->traj_checked[k - 1], o->compression);
        field_buf += o->traj_rows * m * f[i].size;
    }
    if (whole && rg_h5_write_chunks(jobs, k, o->compression, o->threads, o->memo) < 0)
        return h5fail(o, "appending to /trajectories", err);
    o->traj_stored += o->traj_fill;
    o->traj_fill = 0;
    return RG_OK;
}

static const size_t event_size[4] = {4, 4, 1, 1};

static hid_t event_mtype(int c)
{
    const hid_t t[4] = {H5T_NATIVE_INT32, H5T_NATIVE_UINT32, H5T_NATIVE_UINT8, H5T_NATIVE_UINT8};
    return t[c];
}

/* Filter and store the full chunks gathered in event_buf (all columns together),
 * keeping the rest, less than a chunk, for the next month or the close. */
static rg_status store_event_chunks(rg_output *o, rg_error *err)
{
    const size_t full = o->event_fill / EVENT_CHUNK;
    if (full == 0) return RG_OK;
    rg_h5_chunk *jobs = malloc(sizeof *jobs * 4 * full);
    if (!jobs) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    hsize_t extent = o->event_stored + (hsize_t)full * EVENT_CHUNK;
    int r = 0;
    for (int c = 0; c < 4; c++) {
        r |= H5Dset_extent(o->event_ds[c], &extent) < 0;
        for (size_t k = 0; k < full; k++)
            jobs[(size_t)c * full + k] = (rg_h5_chunk){
                .ds = o->event_ds[c],
                .mtype = event_mtype(c),
                .data = (const char *)o->event_buf[c] + k * EVENT_CHUNK * event_size[c],
                .offset = o->event_stored + (hsize_t)k * EVENT_CHUNK,
                .n = EVENT_CHUNK,
                .size = event_size[c]};
        for (size_t k = 0; k < full; k++)
            check_once(&jobs[(size_t)c * full + k], &o->event_checked[c], o->compression);
    }
    if (r == 0) r = rg_h5_write_chunks(jobs, 4 * full, o->compression, o->threads, o->memo);
    free(jobs);
    if (r < 0) return h5fail(o, "appending to /events", err);
    const size_t done = full * EVENT_CHUNK, rest = o->event_fill - done;
    for (int c = 0; c < 4; c++) {
        char *b = o->event_buf[c];
        memmove(b, b + done * event_size[c], rest * event_size[c]);
    }
    o->event_fill = rest;
    o->event_stored = extent;
    return RG_OK;
}

/* Events ev[0..n) into the four columns. With SSE2, 16 events at a time: each 4
 * events (three 16-byte loads of 12-byte events) give their months, agents and
 * type-and-detail words by shuffles of 32-bit lanes; the words' low two bytes are
 * packed into the type and detail columns. */
static void copy_events(const rg_event *ev, size_t n, int32_t *month, uint32_t *agent,
                        uint8_t *type, uint8_t *detail)
{
    size_t k = 0;
#if defined(__SSE2__)
    _Static_assert(sizeof(rg_event) == 12 && offsetof(rg_event, agent) == 4 &&
                       offsetof(rg_event, type) == 8 && offsetof(rg_event, detail) == 9,
                   "copy_events reads events as three 32-bit words");
    const __m128i low = _mm_set1_epi16(0xff);
    for (; k + 16 <= n; k += 16) {
        __m128i w[4];
        for (int q = 0; q < 4; q++) {
            const char *p = (const char *)(ev + k + 4 * (size_t)q);
            /* r0 = m0 a0 w0 m1, r1 = a1 w1 m2 a2, r2 = w2 m3 a3 w3 */
            const __m128 r0 = _mm_castsi128_ps(_mm_loadu_si128((const __m128i *)(const void *)p));
            const __m128 r1 =
                _mm_castsi128_ps(_mm_loadu_si128((const __m128i *)(const void *)(p + 16)));
            const __m128 r2 =
                _mm_castsi128_ps(_mm_loadu_si128((const __m128i *)(const void *)(p + 32)));
            const __m128 t = _mm_shuffle_ps(r1, r2, _MM_SHUFFLE(1, 1, 2, 2));
            const __m128 m = _mm_shuffle_ps(r0, t, _MM_SHUFFLE(2, 0, 3, 0));
            const __m128 a = _mm_shuffle_ps(_mm_shuffle_ps(r0, r1, _MM_SHUFFLE(0, 0, 1, 1)),
                                            _mm_shuffle_ps(r1, r2, _MM_SHUFFLE(2, 2, 3, 3)),
                                            _MM_SHUFFLE(2, 0, 2, 0));
            const __m128 v = _mm_shuffle_ps(_mm_shuffle_ps(r0, r1, _MM_SHUFFLE(1, 1, 2, 2)),
                                            _mm_shuffle_ps(r2, r2, _MM_SHUFFLE(3, 3, 0, 0)),
                                            _MM_SHUFFLE(2, 0, 2, 0));
            _mm_storeu_si128((__m128i *)(void *)(month + k + 4 * (size_t)q), _mm_castps_si128(m));
            _mm_storeu_si128((__m128i *)(void *)(agent + k + 4 * (size_t)q), _mm_castps_si128(a));
            /* type | detail << 8 in the low 16 bits, sign-extended so that the
             * signed pack below keeps them exactly */
            w[q] = _mm_srai_epi32(_mm_slli_epi32(_mm_castps_si128(v), 16), 16);
        }
        const __m128i lo = _mm_packs_epi32(w[0], w[1]), hi = _mm_packs_epi32(w[2], w[3]);
        _mm_storeu_si128((__m128i *)(void *)(type + k),
                         _mm_packus_epi16(_mm_and_si128(lo, low), _mm_and_si128(hi, low)));
        _mm_storeu_si128((__m128i *)(void *)(detail + k),
                         _mm_packus_epi16(_mm_srli_epi16(lo, 8), _mm_srli_epi16(hi, 8)));
    }
#endif
    for (; k < n; k++) {
        month[k] = ev[k].month;
        agent[k] = ev[k].agent;
        type[k] = ev[k].type;
        detail[k] = ev[k].detail;
    }
}

/* This month's events into the columns' buffers, then the full chunks to the file. */
static rg_status add_events(rg_output *o, const rg_run *run, rg_error *err)
{
    const size_t n = run->events.len, need = o->event_fill + n;
    if (need > o->event_cap) {
        size_t cap = o->event_cap ? o->event_cap : EVENT_CHUNK;
        while (cap < need) cap *= 2;
        for (int c = 0; c < 4; c++) {
            void *b = realloc(o->event_buf[c], cap * event_size[c]);
            if (!b) return rg_error_set(err, RG_EINTERNAL, "out of memory");
            o->event_buf[c] = b;
        }
        o->event_cap = cap;
    }
    copy_events(run->events.ev, n, (int32_t *)o->event_buf[0] + o->event_fill,
                (uint32_t *)o->event_buf[1] + o->event_fill,
                (uint8_t *)o->event_buf[2] + o->event_fill,
                (uint8_t *)o->event_buf[3] + o->event_fill);
    o->event_fill = need;
    o->n_events += n;
    return store_event_chunks(o, err);
}

/* The last, partial chunk of every event column, filtered like the others (stored
 * whole, the rest zero, as HDF5 stores it). */
static rg_status finish_events(rg_output *o, rg_error *err)
{
    if (o->event_fill == 0) return RG_OK;
    hsize_t extent = o->event_stored + o->event_fill;
    rg_h5_chunk jobs[4];
    int r = 0;
    for (int c = 0; c < 4; c++) {
        r |= H5Dset_extent(o->event_ds[c], &extent) < 0;
        jobs[c] = (rg_h5_chunk){.ds = o->event_ds[c],
                                .mtype = event_mtype(c),
                                .data = o->event_buf[c],
                                .offset = o->event_stored,
                                .n = EVENT_CHUNK,
                                .size = event_size[c],
                                .edge = o->event_fill};
        check_once(&jobs[c], &o->event_checked[c], o->compression);
    }
    if (r != 0 || rg_h5_write_chunks(jobs, 4, o->compression, o->threads, o->memo) < 0)
        return h5fail(o, "appending to /events", err);
    o->event_stored = extent;
    o->event_fill = 0;
    return RG_OK;
}

rg_status rg_output_month(rg_output *o, const rg_run *run, rg_error *err)
{
    if (o->n_traj) {
        gather_trajectories(o, run);
        if (o->traj_fill == o->traj_rows) RG_TRY(flush_trajectories(o, err));
    }
    if (o->series_rows < (size_t)run->months) { /* (a run never steps past its months) */
        for (int k = 0; k < run->n_outputs; k++)
            if (run->outputs[k].spec->kind == RG_OUTPUT_SERIES)
                memcpy(o->series_buf[k] + o->series_rows * run->outputs[k].n, run->outputs[k].data,
                       sizeof(double) * run->outputs[k].n);
        o->series_rows++;
    }
    if (run->p.output.events && run->events.len) RG_TRY(add_events(o, run, err));
    return RG_OK;
}

/* Create the dataset of every /agents field, in field-table order, into ds[]
 * (-1 for the fields not in /agents); chunked and filtered when n > 0. */
static int create_agent_datasets(const rg_output *o, hid_t g, hsize_t n, hsize_t chunk, hid_t *ds)
{
    size_t nf;
    const rg_field_desc *f = rg_field_table(&nf);
    hid_t space = H5Screate_simple(1, &n, NULL);
    hid_t dcpl = n > 0 ? rg_h5_dcpl(1, &chunk, o->compression) : H5Pcreate(H5P_DATASET_CREATE);
    int r = space < 0 || dcpl < 0 ? -1 : 0;
    for (size_t i = 0; i < nf; i++) {
        ds[i] = -1;
        if (!(f[i].flags & RG_F_AGENTS) || r < 0) continue;
        ds[i] = H5Dcreate2(g, f[i].name, h5_file_type(f[i].type), space, H5P_DEFAULT, dcpl,
                           H5P_DEFAULT);
        r = ds[i] < 0 || rg_h5_describe(ds[i], f[i].units, f[i].description) < 0 ? -1 : 0;
    }
    if (dcpl >= 0) H5Pclose(dcpl);
    if (space >= 0) H5Sclose(space);
    return r;
}

/* Every chunk of every field filtered on the threads (the last, partial one stored
 * whole, the rest zero, as HDF5 stores it). */
static int write_agent_chunks(const rg_output *o, const rg_run *run, hsize_t n, hsize_t chunk,
                              const hid_t *ds)
{
    size_t nf, m = 0;
    const rg_field_desc *f = rg_field_table(&nf);
    const size_t per = (size_t)((n + chunk - 1) / chunk);
    rg_h5_chunk *jobs = malloc(sizeof *jobs * (nf * per + 1));
    if (!jobs) return -1;
    /* The datasets differ only in their type (create_agent_datasets): the pipeline
     * is checked for the first of each type. */
    int checked[RG_H5_STR + 1] = {0};
    for (size_t i = 0; i < nf; i++)
        for (size_t k = 0; ds[i] >= 0 && k < per; k++) {
            const hsize_t at = (hsize_t)k * chunk, left = n - at;
            jobs[m] = (rg_h5_chunk){.ds = ds[i],
                                    .mtype = h5_native(f[i].type),
                                    .data = (const char *)rg_field_column(&run->a, &f[i]) +
                                            at * f[i].size,
                                    .offset = at,
                                    .n = (size_t)chunk,
                                    .size = f[i].size,
                                    .edge = left < chunk ? (size_t)left : 0};
            check_once(&jobs[m++], &checked[f[i].type], o->compression);
        }
    int r = rg_h5_write_chunks(jobs, m, o->compression, o->threads, o->memo);
    free(jobs);
    return r;
}

static rg_status write_agents(rg_output *o, const rg_run *run, rg_error *err)
{
    hid_t g = field_group(o->file, "agents", RG_F_AGENTS, 0);
    if (g < 0) return h5fail(o, "creating /agents", err);
    rg_h5_attr_string(
        g, "description",
        "one value per agent (index = agent id): attributes and outcomes at the end of the run");
    size_t nf;
    rg_field_table(&nf);
    hsize_t n = run->a.n, chunk = n < 65536 ? (n ? n : 1) : 65536;
    hid_t *ds = malloc(sizeof *ds * (nf ? nf : 1));
    if (!ds) {
        H5Gclose(g);
        return rg_error_set(err, RG_EINTERNAL, "out of memory");
    }
    int r = create_agent_datasets(o, g, n, chunk, ds);
    if (r == 0 && n > 0) r = write_agent_chunks(o, run, n, chunk, ds);
    for (size_t i = 0; i < nf; i++)
        if (ds[i] >= 0 && H5Dclose(ds[i]) < 0) r = -1;
    free(ds);
    H5Gclose(g);
    return r < 0 ? h5fail(o, "writing /agents", err) : RG_OK;
}

/* World-level tables (employers, mentors, neighbourhoods): written once. */
static rg_status write_tables(rg_output *o, const rg_run *run, rg_error *err)
{
    for (int k = 0; k < run->n_outputs; k++) {
        const rg_output_spec *c = run->outputs[k].spec;
        const void *data = run->outputs[k].data;
        if (c->kind != RG_OUTPUT_TABLE) continue;
        hid_t grp = open_group(o->file, run, c->group);
        if (grp < 0) return h5fail(o, "creating a table group", err);
        hsize_t n = run->outputs[k].n;
        const int r =
            c->type == RG_H5_STR
                ? rg_h5_write_strings(grp, c->name, (const char *const *)data, n, c->description)
                : rg_h5_write_dataset(grp, c->name, h5_file_type(c->type), h5_native(c->type), 1,
                                      &n, data, c->units, c->description);
        H5Gclose(grp);
        if (r < 0) return h5fail(o, "writing a table", err);
    }
    return RG_OK;
}

rg_status rg_output_close(rg_output *o, const rg_run *run, rg_error *err)
{
    rg_status st = write_summary(o, run, err);
    if (st == RG_OK) st = write_series(o, run, err);
    if (st == RG_OK) st = flush_trajectories(o, err);
    if (st == RG_OK && run->p.output.events) st = finish_events(o, err);
    if (st == RG_OK && run->p.output.agents) st = write_agents(o, run, err);
    if (st == RG_OK) st = write_tables(o, run, err);
    if (st == RG_OK) {
        long long months_done = run->month;
        double wall = run->wall_seconds;
        char sum[64];
        if (rg_h5_attr_scalar(o->file, "months_completed", H5T_NATIVE_LLONG, &months_done) < 0 ||
            rg_h5_attr_scalar(o->file, "wall_seconds", H5T_NATIVE_DOUBLE, &wall) < 0 ||
            rg_h5_run_checksum(o->file, sum, sizeof sum) < 0 ||
            rg_h5_attr_string(o->file, "checksum", sum) < 0)
            st = h5fail(o, "writing closing attributes", err);
    }
    if (st != RG_OK) {
        rg_output_abort(o);
        return st;
    }
    int bad = 0;
    size_t ns;
    rg_summary_table(&ns);
    for (size_t c = 0; c < ns; c++) bad |= H5Dclose(o->summary_ds[c]) < 0;
    size_t nf, k = 0;
    const rg_field_desc *f = rg_field_table(&nf);
    if (o->n_traj)
        for (size_t i = 0; i < nf; i++)
            if (f[i].flags & RG_F_TRAJ) bad |= H5Dclose(o->traj_ds[k++]) < 0;
    if (run->p.output.events)
        for (int c = 0; c < 4; c++) bad |= H5Dclose(o->event_ds[c]) < 0;
    for (int w = 0; w < run->n_outputs; w++)
        if (run->outputs[w].spec->kind == RG_OUTPUT_SERIES) bad |= H5Dclose(o->series_ds[w]) < 0;
    if (bad) {
        st = h5fail(o, "writing the datasets", err);
        rg_h5_partial_abort(&o->w);
    } else {
        st = rg_h5_partial_commit(&o->w, err);
    }
    o->file = -1;
    for (int c = 0; c < 4; c++) free(o->event_buf[c]);
    rg_h5_chunk_memo_free(o->memo);
    free(o->traj_ids);
    free(o->traj_buf);
    free_series(o);
    free(o->path);
    free(o->partial);
    free(o);
    return st;
}

void rg_output_abort(rg_output *o)
{
    if (!o) return;
    /* The file is opened with a strong close degree: its objects close with it. */
    rg_h5_partial_abort(&o->w);
    o->file = -1;
    for (int c = 0; c < 4; c++) free(o->event_buf[c]);
    rg_h5_chunk_memo_free(o->memo);
    free(o->traj_ids);
    free(o->traj_buf);
    free_series(o);
    free(o->path);
    free(o->partial);
    free(o);
}

/* --- documentation --------------------------------------------------------- */

static const char *const type_names[] = {"uint8",  "uint16",  "int16", "int32", "float32",
                                         "uint32", "float64", "int8",  "int64", "string"};

static void doc_fields(FILE *f, unsigned flag)
{
    size_t nf;
    const rg_field_desc *fd = rg_field_table(&nf);
    fputs("| dataset | type | units | module | description |\n| --- | --- | --- | --- | --- |\n",
          f);
    for (size_t i = 0; i < nf; i++)
        if (fd[i].flags & flag)
            fprintf(f, "| `%s` | %s | %s | %s | %s |\n", fd[i].name, type_names[fd[i].type],
                    fd[i].units, fd[i].module, fd[i].description);
}

static void doc_events(FILE *f)
{
    fputs("\n## `/events`\n\n"
          "The event log (when `output.events` is true): four datasets of equal length, one "
          "row per event, in month order and, within a month, in agent-block order.\n\n"
          "| dataset | type | units | description |\n| --- | --- | --- | --- |\n",
          f);
    static const char *const etypes[] = {"int32", "uint32", "uint8", "uint8"};
    for (int c = 0; c < 4; c++)
        fprintf(f, "| `%s` | %s | %s | %s |\n", event_cols[c].name, etypes[c], event_cols[c].units,
                event_cols[c].description);
    fputs("\nEvent types (`type`), also stored in the attribute `codes`:\n\n"
          "| code | name | meaning |\n| --- | --- | --- |\n",
          f);
    size_t ne;
    const rg_event_desc *ev = rg_event_table(&ne);
    for (size_t k = 0; k < ne; k++)
        fprintf(f, "| %d | `%s` | %s |\n", ev[k].code, ev[k].name, ev[k].description);
}

static void doc_world(FILE *f)
{
    fputs("\n## World-level datasets\n\n"
          "Series (`[months, width]`, float64, appended every month) and tables (written at the "
          "end), declared by the modules. N is `population.neighbourhoods`; E the number of "
          "employers (`employment.employers_per_100` per 100 agents); P the programme table's "
          "rows (one per programme or costed policy). The `/risk_tool` tables exist only when the "
          "risk instrument is fitted.\n\n"
          "| dataset | kind | type | length | units | module | description |\n"
          "| --- | --- | --- | --- | --- | --- | --- |\n",
          f);
    size_t nm;
    const rg_module *const *mods = rg_modules(&nm);
    for (size_t m = 0; m < nm; m++)
        for (size_t k = 0; k < mods[m]->n_outputs; k++) {
            const rg_output_spec *o = &mods[m]->outputs[k];
            const int series = o->kind == RG_OUTPUT_SERIES;
            fprintf(f, "| `/%s/%s` | %s | %s | %s | %s | %s | %s |\n", o->group, o->name,
                    series ? "series" : "table", series ? "float64" : type_names[o->type], o->size,
                    o->units, mods[m]->name, o->description);
        }
}

void rg_output_write_markdown(FILE *f)
{
    fputs("# Output format (HDF5 schema version 2)\n\n"
          "<!-- Generated by `reintegra fields --markdown` from the declarations the writer "
          "uses; do not edit. -->\n\n"
          "`reintegra run` writes one HDF5 file per run. It is written as `NAME.partial` "
          "(created exclusively: a second process writing the same output is refused) and "
          "renamed to `NAME` only when the run is complete, so a file without the suffix is "
          "always whole. Every dataset has the string attributes `units` and `description`. "
          "Python users can read it with `analysis/python` (pandas) or h5py directly.\n\n"
          "Damage is detected before it is used (`reintegra verify FILE` checks a file "
          "without analysing it): the file uses the format of HDF5 1.10, whose metadata "
          "carries checksums; every dataset that is not a scalar is chunked with Fletcher32 "
          "checksums; strings have fixed lengths (h5py returns them as `bytes`); and the root "
          "attribute `checksum` covers the other root attributes and `/config`. Files of "
          "schema version 1 (no checksums) are refused with a message saying so.\n\n"
          "Compressed datasets (`output.compression` above 0) use HDF5's standard shuffle and "
          "deflate filters, which every HDF5 reader decodes; the chunks of `/agents`, "
          "`/events` and `/trajectories` are deflated in zlib's format, not as zlib's bytes: "
          "by ISA-L's igzip at level 1 (the default) and by libdeflate at levels 2 to 9.\n\n"
          "## Root attributes\n\n"
          "| attribute | type | meaning |\n| --- | --- | --- |\n"
          "| `format` | string | always `reintegra` |\n"
          "| `schema_version` | int | `2`; readers refuse other versions |\n"
          "| `reintegra_version` | string | version of the program that wrote the file |\n"
          "| `git_revision` | string | source revision of the build (`-dirty` if modified) |\n"
          "| `build_type` | string | CMake build type |\n"
          "| `compiler` | string | compiler and version |\n"
          "| `libraries` | string | HDF5, GSL, libconfig, Random123, zlib, libdeflate and "
          "ISA-L versions |\n"
          "| `scenario`, `description` | string | `run.name` and `run.description` |\n"
          "| `trial_programme` | string | programme of the emulated trial (`trial.programme`), "
          "or `none` |\n"
          "| `seed`, `agents`, `months` | int64 | the run's seed, population and horizon |\n"
          "| `months_completed` | int64 | months simulated (equals `months` in a complete file) |\n"
          "| `host`, `created_utc`, `threads`, `wall_seconds` | | where, when and how fast the "
          "run went: the only attributes that differ between reruns of the same configuration |\n"
          "| `streams_version` | int | which random numbers each decision takes (`rng.h`: "
          "`RG_STREAMS_VERSION`, now 2); files without it are of version 1. Runs of the same "
          "seed share random numbers decision by decision only within a version, so `compare` "
          "pairs replicates only when it is the same. Not covered by `checksum` (the build, "
          "which `git_revision` names, decides it) |\n"
          "| `checksum` | string | `fnv1a64:` and 16 hex digits: FNV-1a (64 bits) of the "
          "attributes above but the four that differ between reruns and `streams_version`, in "
          "this order, then "
          "`/config`, each as its name, NUL, its value as text (integers in decimal), NUL |\n\n"
          "## `/config`\n\n"
          "A scalar string: the full resolved configuration in libconfig syntax, every "
          "parameter included. Save it to a file and `reintegra run` reproduces the run "
          "bit for bit.\n\n"
          "## `/summary`\n\n"
          "One dataset per column, each of length `months` (one row per month).\n\n"
          "| dataset | type | units | description |\n| --- | --- | --- | --- |\n",
          f);
    size_t ns;
    const rg_summary_desc *sc = rg_summary_table(&ns);
    for (size_t c = 0; c < ns; c++)
        fprintf(f, "| `%s` | %s | %s | %s |\n", sc[c].name, col_name(sc[c].type), sc[c].units,
                sc[c].description);
    fputs("\n## `/agents`\n\n"
          "One dataset per field, each of length `agents` (index = agent id), written at the end "
          "of the run (when `output.agents` is true).\n\n",
          f);
    doc_fields(f, RG_F_AGENTS);
    fputs("\n## `/trajectories`\n\n"
          "Monthly state of a sample of agents (share `output.trajectory_fraction`, chosen by "
          "a keyed random draw per agent, so the same agents are sampled in every scenario "
          "with the same seed). `agent` (uint32, length S) holds the sampled ids; every other "
          "dataset is `[months, S]`, compressed in chunks of up to 12 months.\n\n",
          f);
    doc_fields(f, RG_F_TRAJ);
    doc_events(f);
    doc_world(f);
}
