/* Chunks filtered on the run's threads (rg_h5_write_chunks) are stored byte for
 * byte as HDF5's own pipeline stores them. Every chunk of every dataset is read
 * raw (H5Dread_chunk) from a file written each way and compared, with its filter
 * mask and size: first for datasets written directly through the helpers (element
 * sizes 1, 4 and 8; lengths of none, one, less than a chunk, exactly one and
 * two chunks, and a partial edge chunk; compressible and random data), then
 * for whole runs (one agent, a full /agents chunk, more than a chunk of agents and
 * of events), at compression levels 0, 1, 4 and 9, on 1 and 2 threads. The run
 * files must also agree in data (h5diff) and pass rg_file_verify. */
#include <hdf5.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "common/h5io.h"
#include "reintegra/config.h"
#include "reintegra/output.h"
#include "reintegra/result.h"
#include "reintegra/run.h"

enum { CHUNK = 65536 };

/* Compare the raw chunks of two datasets of the same shape. */
static void compare_dataset(hid_t a, hid_t b, const char *name)
{
    hsize_t na = 0, nb = 0;
    hid_t spa = H5Dget_space(a), spb = H5Dget_space(b); /* (HDF5 1.10 refuses H5S_ALL here) */
    CHECK(H5Dget_num_chunks(a, spa, &na) >= 0 && H5Dget_num_chunks(b, spb, &nb) >= 0,
          "%s: chunks not counted", name);
    CHECK(na == nb, "%s: %llu chunks against %llu", name, (unsigned long long)na,
          (unsigned long long)nb);
    for (hsize_t i = 0; i < na && na == nb; i++) {
        hsize_t off[8] = {0};
        unsigned ma = 1, mb = 1;
        haddr_t addr;
        hsize_t sa = 0, sb = 0;
        H5Dget_chunk_info(a, spa, i, off, &ma, &addr, &sa);
        CHECK(H5Dget_chunk_info_by_coord(b, off, &mb, &addr, &sb) >= 0 && sa == sb && sa > 0,
              "%s: chunk %llu stored in %llu bytes against %llu", name, (unsigned long long)i,
              (unsigned long long)sa, (unsigned long long)sb);
        if (sa != sb || sa == 0) continue;
        unsigned char *ba = malloc(sa), *bb = malloc(sb);
        CHECK(H5Dread_chunk(a, H5P_DEFAULT, off, &ma, ba) >= 0 &&
                  H5Dread_chunk(b, H5P_DEFAULT, off, &mb, bb) >= 0,
              "%s: chunk %llu unreadable", name, (unsigned long long)i);
        CHECK(ma == 0 && mb == 0, "%s: chunk %llu filter masks %u and %u", name,
              (unsigned long long)i, ma, mb);
        CHECK(memcmp(ba, bb, sa) == 0, "%s: chunk %llu differs", name, (unsigned long long)i);
        free(ba);
        free(bb);
    }
    H5Sclose(spa);
    H5Sclose(spb);
}

typedef struct visit_ctx {
    hid_t other;
    int datasets;
} visit_ctx;

static herr_t visit(hid_t obj, const char *name, const H5O_info_t *info, void *data)
{
    visit_ctx *v = data;
    if (info->type != H5O_TYPE_DATASET) return 0;
    hid_t a = H5Dopen2(obj, name, H5P_DEFAULT), b = H5Dopen2(v->other, name, H5P_DEFAULT);
    CHECK(b >= 0, "/%s missing from the second file", name);
    hid_t dcpl = H5Dget_create_plist(a);
    if (b >= 0 && H5Pget_layout(dcpl) == H5D_CHUNKED) {
        compare_dataset(a, b, name);
        v->datasets++;
    }
    H5Pclose(dcpl);
    if (b >= 0) H5Dclose(b);
    H5Dclose(a);
    return 0;
}

/* Every chunked dataset of file a compared with the one of the same name in b. */
static int compare_files(const char *a, const char *b)
{
    hid_t fa = H5Fopen(a, H5F_ACC_RDONLY, H5P_DEFAULT),
          fb = H5Fopen(b, H5F_ACC_RDONLY, H5P_DEFAULT);
    CHECK(fa >= 0 && fb >= 0, "cannot open %s or %s", a, b);
    visit_ctx v = {fb, 0};
    if (fa >= 0 && fb >= 0) H5Ovisit2(fa, H5_INDEX_NAME, H5_ITER_NATIVE, visit, &v, H5O_INFO_BASIC);
    if (fb >= 0) H5Fclose(fb);
    if (fa >= 0) H5Fclose(fa);
    return v.datasets;
}

/* --- the helpers alone -------------------------------------------------------- */

/* n elements of `size` bytes: compressible (small steps) or random bytes. */
static unsigned char *make_data(size_t n, size_t size, int random)
{
    unsigned char *d = malloc(n * size + 1);
    uint64_t x = 88172645463325252ull + n + size;
    for (size_t i = 0; i < n * size; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        d[i] = random ? (unsigned char)x : (unsigned char)(i % size == 0 ? (i / 7 + (x & 3)) : 0);
    }
    return d;
}

/* One dataset of n elements written (direct) through rg_h5_write_chunks and the
 * edge through rg_h5_write_slice, or (!direct) whole by H5Dwrite, as before. A
 * fixed dataset has chunks of min(n, CHUNK) elements (as /agents); a growing one
 * CHUNK elements and an unlimited extent (as /events). */
static void write_one(hid_t file, const char *name, const unsigned char *data, size_t n,
                      size_t size, int growing, int level, int threads, int direct)
{
    const hid_t types[9] = {-1, H5T_STD_U8LE, -1, -1, H5T_STD_U32LE, -1, -1, -1, H5T_IEEE_F64LE};
    const hid_t mtypes[9] = {-1, H5T_NATIVE_UINT8, -1, -1, H5T_NATIVE_UINT32, -1, -1,
                             -1, H5T_NATIVE_DOUBLE};
    hsize_t dims = growing ? 0 : n, maxdims = growing ? H5S_UNLIMITED : n;
    hsize_t chunk = growing || n >= CHUNK ? CHUNK : (n ? n : 1);
    hid_t space = H5Screate_simple(1, &dims, &maxdims), dcpl = rg_h5_dcpl(1, &chunk, level);
    hid_t ds = H5Dcreate2(file, name, types[size], space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    CHECK(ds >= 0, "%s not created", name);
    hsize_t extent = n;
    if (growing) H5Dset_extent(ds, &extent);
    const size_t full = n / chunk;
    if (direct) {
        rg_h5_chunk *jobs = malloc(sizeof *jobs * (full + 1));
        for (size_t k = 0; k < full; k++)
            jobs[k] =
                (rg_h5_chunk){ds, mtypes[size], data + k * chunk * size, k * chunk, chunk, size};
        const unsigned long before = rg_h5_direct_chunks();
        CHECK(rg_h5_write_chunks(jobs, full, level, threads) == 0, "%s: chunks not written", name);
        CHECK(rg_h5_direct_chunks() - before == full, "%s: %lu of %zu chunks filtered here", name,
              rg_h5_direct_chunks() - before, full);
        CHECK(rg_h5_write_slice(ds, mtypes[size], data + full * chunk * size, full * chunk,
                                n - full * chunk) == 0,
              "%s: edge not written", name);
        free(jobs);
    } else if (n > 0) {
        CHECK(H5Dwrite(ds, mtypes[size], H5S_ALL, H5S_ALL, H5P_DEFAULT, data) >= 0, "%s", name);
    }
    H5Dclose(ds);
    H5Pclose(dcpl);
    H5Sclose(space);
}

/* Every length, element size and kind written into one file per level: by HDF5
 * once, by the helpers on 1 and on 2 threads. */
static void write_all(const char *path, int level, int threads, int direct)
{
    const size_t lengths[] = {0, 1, 1000, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 7};
    const size_t sizes[] = {1, 4, 8};
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    for (size_t i = 0; i < sizeof lengths / sizeof *lengths; i++)
        for (int s = 0; s < 3; s++)
            for (int kind = 0; kind < 4; kind++) {
                char name[64];
                snprintf(name, sizeof name, "n%zu_s%zu_k%d", lengths[i], sizes[s], kind);
                unsigned char *d = make_data(lengths[i], sizes[s], kind & 1);
                write_one(f, name, d, lengths[i], sizes[s], kind >> 1, level, threads, direct);
                free(d);
            }
    H5Fclose(f);
}

static void helpers(void)
{
    const int levels[] = {0, 1, 4, 9};
    int compared = 0;
    for (int l = 0; l < 4; l++) {
        write_all("h5chunks_hdf5.h5", levels[l], 1, 0);
        for (int t = 1; t <= 2; t++) {
            write_all("h5chunks_own.h5", levels[l], t, 1);
            compared += compare_files("h5chunks_own.h5", "h5chunks_hdf5.h5");
        }
    }
    CHECK(compared == 4 * 2 * 8 * 3 * 4, "%d datasets compared", compared);
}

/* --- whole runs ------------------------------------------------------------------ */

static void run_file(const char *path, long agents, int months, int level, int threads)
{
    rg_params p;
    rg_params_defaults(&p);
    p.run.agents = agents;
    p.run.months = months;
    p.output.compression = level;
    if (agents < 40) CHECK_SET(&p, "population.neighbourhoods=1");
    rg_error err = {0};
    rg_run *run = NULL;
    remove(path);
    CHECK(rg_run_create(&run, &p, threads, &err) == RG_OK, "create: %s", err.msg);
    if (!run) return;
    CHECK(rg_run_open_output(run, path, &err) == RG_OK, "open: %s", err.msg);
    CHECK(rg_run_complete(run, &err) == RG_OK, "run: %s", err.msg);
    rg_run_free(run);
}

/* Chunks the writer should have filtered itself: the full chunks of /agents and
 * /events. */
static unsigned long full_chunks(const char *path, long agents)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    H5G_info_t info = {0};
    H5Gget_info_by_name(f, "agents", &info, H5P_DEFAULT);
    long long events = -1;
    hid_t ds = H5Dopen2(f, "events/month", H5P_DEFAULT), sp = H5Dget_space(ds);
    events = H5Sget_simple_extent_npoints(sp);
    H5Sclose(sp);
    H5Dclose(ds);
    H5Fclose(f);
    const long per = agents < CHUNK ? agents : CHUNK;
    CHECK(agents < CHUNK || events > CHUNK, "%lld events: not a chunk", events);
    return (unsigned long)(info.nlinks * (hsize_t)(agents / per) + 4 * (hsize_t)(events / CHUNK));
}

/* One agent (every level); exactly one /agents chunk and more than one of events
 * (about 0.37 events per agent-month); more than a chunk of agents, with an edge
 * chunk. The helpers above see every level at every length. */
static void runs(void)
{
    const long agents[] = {1, CHUNK, 70000};
    const int months[] = {2, 4, 3};
    const int levels[3][4] = {{0, 1, 4, 9}, {4, -1, -1, -1}, {1, -1, -1, -1}};
    for (int s = 0; s < 3; s++)
        for (int l = 0; l < 4 && levels[s][l] >= 0; l++) {
            setenv("RG_H5_PIPELINE", "hdf5", 1);
            run_file("h5chunks_run_hdf5.h5", agents[s], months[s], levels[s][l], 1);
            unsetenv("RG_H5_PIPELINE");
            for (int t = 1; t <= 2; t++) {
                const unsigned long before = rg_h5_direct_chunks();
                run_file("h5chunks_run_own.h5", agents[s], months[s], levels[s][l], t);
                const unsigned long want = full_chunks("h5chunks_run_own.h5", agents[s]);
                CHECK(rg_h5_direct_chunks() - before == want,
                      "%ld agents, level %d, %d threads: %lu chunks filtered here, not %lu",
                      agents[s], levels[s][l], t, rg_h5_direct_chunks() - before, want);
                CHECK(compare_files("h5chunks_run_own.h5", "h5chunks_run_hdf5.h5") > 10,
                      "too few datasets compared");
                rg_verify_info info;
                rg_error err = {0};
                CHECK(rg_file_verify("h5chunks_run_own.h5", &info, &err) == RG_OK, "verify: %s",
                      err.msg);
                for (int g = 0; g < 2; g++) {
                    char cmd[256];
                    snprintf(cmd, sizeof cmd,
                             "h5diff h5chunks_run_own.h5 h5chunks_run_hdf5.h5 /%s /%s",
                             g ? "events" : "agents", g ? "events" : "agents");
                    CHECK(system(cmd) == 0, "%s", cmd);
                }
            }
        }
}

int main(void)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    helpers();
    runs();
    return check_done();
}
