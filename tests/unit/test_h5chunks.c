/* Chunks filtered on the run's threads (rg_h5_write_chunks) against HDF5's own
 * pipeline. With zlib (RG_H5_PIPELINE=zlib) they are stored byte for byte as HDF5
 * stores them: every chunk of every dataset is read raw (H5Dread_chunk) from a
 * file written each way and compared, with its filter mask and size. With the
 * default deflaters (ISA-L's igzip at level 1, libdeflate at levels 2 to 9) and
 * with libdeflate at level 1 (RG_H5_PIPELINE=libdeflate) every chunk has filter
 * mask 0, a valid Fletcher32
 * checksum (computed here) over its stored bytes, and inflates (zlib's
 * uncompress) to exactly the bytes HDF5's chunk inflates to (the shuffled data,
 * an edge chunk's zero fill included); at level 0 it is byte for byte HDF5's; and
 * every dataset reads back through HDF5 (checksums verified) as the same data.
 * First for datasets written directly through the helpers (element sizes 1, 2, 4
 * and 8; lengths of none, one, less than a chunk, exactly one and two chunks, and
 * a partial edge chunk; compressible, random, one-valued and zero data), then for whole runs (one
 * agent, a full /agents chunk, more than a chunk of agents and of events, every
 * agent's trajectory over 14 months: chunks of 12 months and of 2), at
 * compression levels 0, 1, 4 and 9, on 1 and 2 threads. The run files must also
 * agree in data (h5diff) and pass rg_file_verify. The writer's Fletcher32 is also
 * compared bit for bit with HDF5's loop on its own, and chunks whose elements are
 * all one value (whose stored bytes the writer reuses) are among the data. */
#include <hdf5.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "../check.h"
#include "common/h5io.h"
#include "reintegra/config.h"
#include "reintegra/output.h"
#include "reintegra/result.h"
#include "reintegra/run.h"

enum { CHUNK = 65536 };

/* How the chunks of the first file are compared with those of the second (HDF5's). */
typedef enum { SAME_BYTES, SAME_DATA } mode;

/* Fletcher32 as HDF5 computes it (H5_checksum_fletcher32): 16-bit big-endian
 * words, an odd last byte as the high half of a word. */
static uint32_t fletcher32(const unsigned char *d, size_t nbytes)
{
    uint64_t a = 0, b = 0;
    for (size_t i = 0; i + 1 < nbytes; i += 2) {
        a = (a + ((unsigned)d[i] << 8 | d[i + 1])) % 65535;
        b = (b + a) % 65535;
    }
    if (nbytes % 2) {
        a = (a + ((unsigned)d[nbytes - 1] << 8)) % 65535;
        b = (b + a) % 65535;
    }
    /* HDF5 folds to 16 bits, leaving 0xffff where a modulus gives 0 (all ones). */
    return (uint32_t)b << 16 | (uint32_t)a;
}

/* The stored chunk's last 4 bytes (little-endian) are the Fletcher32 of the rest. */
static int checksum_ok(const unsigned char *c, size_t n)
{
    if (n < 4) return 0;
    const uint32_t want = (uint32_t)c[n - 4] | (uint32_t)c[n - 3] << 8 | (uint32_t)c[n - 2] << 16 |
                          (uint32_t)c[n - 1] << 24;
    uint32_t got = fletcher32(c, n - 4);
    const uint32_t lo = got & 0xffff, hi = got >> 16;
    /* 0 and 65535 are the same residue; HDF5's folding can give either. */
    return (want & 0xffff) % 65535 == lo && (want >> 16) % 65535 == hi;
}

/* A chunk's stored bytes (without the checksum) inflated into out (nbytes). */
static int inflated(const unsigned char *c, size_t n, unsigned char *out, size_t nbytes)
{
    uLongf len = (uLongf)nbytes;
    return uncompress(out, &len, c, (uLong)(n - 4)) == Z_OK && len == nbytes;
}

/* Chunk bytes a (of file one) against b (HDF5's): byte for byte, or in SAME_DATA a
 * valid checksum and, compressed, the same bytes inflated. */
static void compare_chunk(const unsigned char *a, size_t sa, const unsigned char *b, size_t sb,
                          mode how, size_t nbytes, const char *name, hsize_t i)
{
    if (how == SAME_BYTES || nbytes == 0) {
        CHECK(sa == sb && memcmp(a, b, sa) == 0, "%s: chunk %llu differs", name,
              (unsigned long long)i);
        return;
    }
    CHECK(checksum_ok(a, sa), "%s: chunk %llu: bad Fletcher32", name, (unsigned long long)i);
    unsigned char *ia = malloc(nbytes), *ib = malloc(nbytes);
    CHECK(inflated(b, sb, ib, nbytes), "%s: HDF5's chunk %llu does not inflate", name,
          (unsigned long long)i);
    CHECK(inflated(a, sa, ia, nbytes) && memcmp(ia, ib, nbytes) == 0,
          "%s: chunk %llu inflates to other bytes", name, (unsigned long long)i);
    free(ia);
    free(ib);
}

/* Bytes of a chunk before deflate, when the dataset is deflated (else 0). */
static size_t deflated_bytes(hid_t ds)
{
    hid_t dcpl = H5Dget_create_plist(ds), type = H5Dget_type(ds);
    hsize_t chunk[3] = {1, 1, 1};
    const int rank = H5Pget_chunk(dcpl, 3, chunk);
    size_t n = H5Tget_size(type);
    for (int k = 0; k < rank; k++) n *= (size_t)chunk[k];
    int deflated = 0;
    for (int k = 0; k < H5Pget_nfilters(dcpl); k++) {
        unsigned flags, cd[8];
        size_t ncd = 8;
        deflated |= H5Pget_filter2(dcpl, (unsigned)k, &flags, &ncd, cd, 0, NULL, NULL) ==
                    H5Z_FILTER_DEFLATE;
    }
    H5Tclose(type);
    H5Pclose(dcpl);
    return deflated ? n : 0;
}

/* Both datasets read whole through HDF5 (Fletcher32 verified) hold the same bytes. */
static void compare_values(hid_t a, hid_t b, const char *name)
{
    hid_t sp = H5Dget_space(a), type = H5Dget_type(a), dxpl = H5Pcreate(H5P_DATASET_XFER);
    H5Pset_edc_check(dxpl, H5Z_ENABLE_EDC);
    const size_t n = (size_t)H5Sget_simple_extent_npoints(sp) * H5Tget_size(type);
    unsigned char *va = malloc(n + 1), *vb = malloc(n + 1);
    CHECK(n == 0 || (H5Dread(a, type, H5S_ALL, H5S_ALL, dxpl, va) >= 0 &&
                     H5Dread(b, type, H5S_ALL, H5S_ALL, dxpl, vb) >= 0),
          "%s: not read back", name);
    CHECK(n == 0 || memcmp(va, vb, n) == 0, "%s: other values", name);
    free(va);
    free(vb);
    H5Pclose(dxpl);
    H5Tclose(type);
    H5Sclose(sp);
}

/* Compare the raw chunks of two datasets of the same shape. */
static void compare_dataset(hid_t a, hid_t b, const char *name, mode how)
{
    const size_t nbytes = deflated_bytes(b);
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
        CHECK(H5Dget_chunk_info_by_coord(b, off, &mb, &addr, &sb) >= 0 &&
                  (sa == sb || (how == SAME_DATA && nbytes > 0)) && sa > 0 && sb > 0,
              "%s: chunk %llu stored in %llu bytes against %llu", name, (unsigned long long)i,
              (unsigned long long)sa, (unsigned long long)sb);
        if ((sa != sb && how == SAME_BYTES) || sa == 0 || sb == 0) continue;
        unsigned char *ba = malloc(sa), *bb = malloc(sb);
        CHECK(H5Dread_chunk(a, H5P_DEFAULT, off, &ma, ba) >= 0 &&
                  H5Dread_chunk(b, H5P_DEFAULT, off, &mb, bb) >= 0,
              "%s: chunk %llu unreadable", name, (unsigned long long)i);
        CHECK(ma == 0 && mb == 0, "%s: chunk %llu filter masks %u and %u", name,
              (unsigned long long)i, ma, mb);
        compare_chunk(ba, sa, bb, sb, how, nbytes, name, i);
        free(ba);
        free(bb);
    }
    H5Sclose(spa);
    H5Sclose(spb);
    compare_values(a, b, name);
}

typedef struct visit_ctx {
    hid_t other;
    int datasets;
    mode how;
} visit_ctx;

static herr_t visit(hid_t obj, const char *name, const H5O_info_t *info, void *data)
{
    visit_ctx *v = data;
    if (info->type != H5O_TYPE_DATASET) return 0;
    hid_t a = H5Dopen2(obj, name, H5P_DEFAULT), b = H5Dopen2(v->other, name, H5P_DEFAULT);
    CHECK(b >= 0, "/%s missing from the second file", name);
    hid_t dcpl = H5Dget_create_plist(a);
    if (b >= 0 && H5Pget_layout(dcpl) == H5D_CHUNKED) {
        compare_dataset(a, b, name, v->how);
        v->datasets++;
    }
    H5Pclose(dcpl);
    if (b >= 0) H5Dclose(b);
    H5Dclose(a);
    return 0;
}

/* Every chunked dataset of file a compared with the one of the same name in b. */
static int compare_files(const char *a, const char *b, mode how)
{
    hid_t fa = H5Fopen(a, H5F_ACC_RDONLY, H5P_DEFAULT),
          fb = H5Fopen(b, H5F_ACC_RDONLY, H5P_DEFAULT);
    CHECK(fa >= 0 && fb >= 0, "cannot open %s or %s", a, b);
    visit_ctx v = {fb, 0, how};
    if (fa >= 0 && fb >= 0) H5Ovisit2(fa, H5_INDEX_NAME, H5_ITER_NATIVE, visit, &v, H5O_INFO_BASIC);
    if (fb >= 0) H5Fclose(fb);
    if (fa >= 0) H5Fclose(fa);
    return v.datasets;
}

/* --- the helpers alone -------------------------------------------------------- */

/* H5_checksum_fletcher32 of HDF5 1.10, word by word, as HDF5 writes it. */
static uint32_t hdf5_fletcher32(const unsigned char *data, size_t nbytes)
{
    uint32_t sum1 = 0, sum2 = 0;
    size_t len = nbytes / 2;
    while (len) {
        size_t tlen = len > 360 ? 360 : len;
        len -= tlen;
        do {
            sum1 += (uint32_t)(((uint16_t)data[0]) << 8) | ((uint16_t)data[1]);
            data += 2;
            sum2 += sum1;
        } while (--tlen);
        sum1 = (sum1 & 0xffff) + (sum1 >> 16);
        sum2 = (sum2 & 0xffff) + (sum2 >> 16);
    }
    if (nbytes % 2) {
        sum1 += (uint32_t)(((uint16_t)*data) << 8);
        sum2 += sum1;
        sum1 = (sum1 & 0xffff) + (sum1 >> 16);
        sum2 = (sum2 & 0xffff) + (sum2 >> 16);
    }
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
    return (sum2 << 16) | sum1;
}

/* rg_h5_fletcher32 (8 words at a time where it can) against HDF5's loop, bit for
 * bit: every length 0 .. 2,000 bytes from offsets 0 .. 3 (unaligned loads), and
 * lengths about a chunk; random bytes, all 0xff (the largest sums: each 360-word
 * block's sum2 wraps past 2^32) and all zero. */
static void fletcher(void)
{
    enum { BIG = 8 * CHUNK + 7 };
    unsigned char *d = malloc(BIG + 8);
    for (int kind = 0; kind < 3; kind++) {
        uint64_t x = 88172645463325252ull;
        for (size_t i = 0; i < BIG + 8; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            d[i] = kind == 0 ? (unsigned char)x : kind == 1 ? 0xff : 0;
        }
        for (size_t off = 0; off < 4; off++)
            for (size_t n = 0; n <= 2000; n++)
                CHECK(rg_h5_fletcher32(d + off, n) == hdf5_fletcher32(d + off, n),
                      "Fletcher32 of %zu bytes at %zu (kind %d)", n, off, kind);
        const size_t big[] = {CHUNK - 1, CHUNK, 720 * 91 + 15, BIG};
        for (int k = 0; k < 4; k++)
            CHECK(rg_h5_fletcher32(d + 1, big[k]) == hdf5_fletcher32(d + 1, big[k]),
                  "Fletcher32 of %zu bytes (kind %d)", big[k], kind);
    }
    free(d);
}

/* n elements of `size` bytes: compressible (small steps, kind 0), random bytes (1),
 * one nonzero value (2) or zeros (3). A chunk of one value is filtered once and its
 * stored bytes reused; with zlib they must still be HDF5's, byte for byte. */
static unsigned char *make_data(size_t n, size_t size, int kind)
{
    unsigned char *d = malloc(n * size + 1);
    uint64_t x = 88172645463325252ull + n + size;
    for (size_t i = 0; i < n * size; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        d[i] = kind == 1   ? (unsigned char)x
               : kind == 2 ? (unsigned char)(i % size == 0 ? 0x5a : i % size)
               : kind == 3 ? 0
                           : (unsigned char)(i % size == 0 ? (i / 7 + (x & 3)) : 0);
    }
    return d;
}

/* One dataset of n elements written (direct) through rg_h5_write_chunks with the
 * file's memo, the edge chunk included, or (!direct) whole by H5Dwrite. A
 * fixed dataset has chunks of min(n, CHUNK) elements (as /agents); a growing one
 * CHUNK elements and an unlimited extent (as /events). */
static void write_one(hid_t file, const char *name, const unsigned char *data, size_t n,
                      size_t size, int growing, int level, int threads, int direct,
                      rg_h5_chunk_memo *memo)
{
    const hid_t types[9] = {-1, H5T_STD_U8LE, H5T_STD_U16LE, -1, H5T_STD_U32LE, -1,
                            -1, -1,           H5T_IEEE_F64LE};
    const hid_t mtypes[9] = {-1, H5T_NATIVE_UINT8, H5T_NATIVE_UINT16, -1, H5T_NATIVE_UINT32, -1, -1,
                             -1, H5T_NATIVE_DOUBLE};
    hsize_t dims = growing ? 0 : n, maxdims = growing ? H5S_UNLIMITED : n;
    hsize_t chunk = growing || n >= CHUNK ? CHUNK : (n ? n : 1);
    hid_t space = H5Screate_simple(1, &dims, &maxdims), dcpl = rg_h5_dcpl(1, &chunk, level);
    hid_t ds = H5Dcreate2(file, name, types[size], space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    CHECK(ds >= 0, "%s not created", name);
    hsize_t extent = n;
    if (growing) H5Dset_extent(ds, &extent);
    const size_t full = n / chunk, all = (n + chunk - 1) / chunk;
    if (direct) {
        rg_h5_chunk *jobs = malloc(sizeof *jobs * (all + 1));
        for (size_t k = 0; k < all; k++) {
            jobs[k] = (rg_h5_chunk){.ds = ds,
                                    .mtype = mtypes[size],
                                    .data = data + k * chunk * size,
                                    .offset = k * chunk,
                                    .n = chunk,
                                    .size = size,
                                    .edge = k < full ? 0 : n - full * chunk};
            /* A growing dataset as the writer's events: checked once by the caller. */
            if (growing) jobs[k].checked = rg_h5_chunks_direct(&jobs[k], level);
            CHECK(rg_h5_chunks_direct(&jobs[k], level) && !rg_h5_chunks_direct(&jobs[k], level + 1),
                  "%s: the dataset's pipeline not recognised", name);
        }
        const unsigned long before = rg_h5_direct_chunks();
        CHECK(rg_h5_write_chunks(jobs, all, level, threads, memo) == 0, "%s: chunks not written",
              name);
        CHECK(rg_h5_direct_chunks() - before == all, "%s: %lu of %zu chunks filtered here", name,
              rg_h5_direct_chunks() - before, all);
        free(jobs);
    } else if (n > 0) {
        CHECK(H5Dwrite(ds, mtypes[size], H5S_ALL, H5S_ALL, H5P_DEFAULT, data) >= 0, "%s", name);
    }
    H5Dclose(ds);
    H5Pclose(dcpl);
    H5Sclose(space);
}

/* Every length, element size and kind written into one file per level: by HDF5
 * once, by the helpers on 1 and on 2 threads (one memo for the file, as a run's:
 * one-valued chunks of the same value, size and length are filtered once). */
static void write_all(const char *path, int level, int threads, int direct)
{
    const size_t lengths[] = {0, 1, 1000, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 7};
    const size_t sizes[] = {1, 2, 4, 8};
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    rg_h5_chunk_memo *memo = direct ? rg_h5_chunk_memo_new() : NULL;
    CHECK(!direct || memo, "no memo");
    for (size_t i = 0; i < sizeof lengths / sizeof *lengths; i++)
        for (int s = 0; s < 4; s++)
            for (int kind = 0; kind < 8; kind++) {
                char name[64];
                snprintf(name, sizeof name, "n%zu_s%zu_k%d", lengths[i], sizes[s], kind);
                unsigned char *d = make_data(lengths[i], sizes[s], kind & 3);
                write_one(f, name, d, lengths[i], sizes[s], kind >> 2, level, threads, direct,
                          memo);
                free(d);
            }
    rg_h5_chunk_memo_free(memo);
    H5Fclose(f);
}

/* The deflaters of the chunks filtered here: zlib (RG_H5_PIPELINE=zlib), whose
 * chunks are HDF5's byte for byte; the default (ISA-L at level 1, libdeflate
 * above); and libdeflate at level 1 (RG_H5_PIPELINE=libdeflate; at other levels it
 * is the default), whose chunks hold the same data. */
enum { ZLIB, DEFAULT, LIBDEFLATE, DEFLATERS };

static int deflater_used(int which, int level)
{
    return which != LIBDEFLATE || level == 1;
}

static mode use_deflate(int which)
{
    if (which == ZLIB)
        setenv("RG_H5_PIPELINE", "zlib", 1);
    else if (which == LIBDEFLATE)
        setenv("RG_H5_PIPELINE", "libdeflate", 1);
    else
        unsetenv("RG_H5_PIPELINE");
    return which == ZLIB ? SAME_BYTES : SAME_DATA;
}

static long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    long n = f && fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (f) fclose(f);
    return n;
}

static void helpers(void)
{
    const int levels[] = {0, 1, 4, 9};
    int compared = 0;
    long size[DEFLATERS] = {0}; /* the file's bytes at level 1 on one thread */
    for (int l = 0; l < 4; l++) {
        write_all("h5chunks_hdf5.h5", levels[l], 1, 0);
        for (int t = 1; t <= 2; t++)
            for (int which = 0; which < DEFLATERS; which++) {
                if (!deflater_used(which, levels[l])) continue;
                const mode how = use_deflate(which);
                write_all("h5chunks_own.h5", levels[l], t, 1);
                compared += compare_files("h5chunks_own.h5", "h5chunks_hdf5.h5", how);
                if (levels[l] == 1 && t == 1) size[which] = file_size("h5chunks_own.h5");
            }
    }
    unsetenv("RG_H5_PIPELINE");
    /* Per level and thread count: zlib and the default, and libdeflate at level 1. */
    CHECK(compared == 2 * (4 * 2 + 1) * 8 * 4 * 8, "%d datasets compared", compared);
    /* Three deflaters at level 1, three encodings of the same data. */
    CHECK(size[ZLIB] > 0 && size[ZLIB] != size[DEFAULT] && size[DEFAULT] != size[LIBDEFLATE] &&
              size[LIBDEFLATE] != size[ZLIB],
          "level 1: files of %ld (zlib), %ld (default) and %ld bytes (libdeflate)", size[ZLIB],
          size[DEFAULT], size[LIBDEFLATE]);
}

/* --- whole runs ------------------------------------------------------------------ */

/* A run's file (`fraction` of the agents' trajectories; < 0: the default). */
static void run_file(const char *path, long agents, int months, int level, double fraction,
                     int threads)
{
    rg_params p;
    rg_params_defaults(&p);
    p.run.agents = agents;
    p.run.months = months;
    p.output.compression = level;
    if (fraction >= 0) p.output.trajectory_fraction = fraction;
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

/* Chunks the writer should have filtered itself: every chunk of /agents and
 * /events, and of the trajectory fields (chunks of 12 months, or all months of a
 * shorter run). */
static unsigned long full_chunks(const char *path, long agents, int months)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    H5G_info_t info = {0}, traj = {0};
    H5Gget_info_by_name(f, "agents", &info, H5P_DEFAULT);
    const int sampled = H5Lexists(f, "trajectories", H5P_DEFAULT) > 0;
    if (sampled) H5Gget_info_by_name(f, "trajectories", &traj, H5P_DEFAULT);
    const unsigned long traj_chunks = sampled ? (traj.nlinks - 1) * ((months + 11) / 12) : 0;
    long long events = -1;
    hid_t ds = H5Dopen2(f, "events/month", H5P_DEFAULT), sp = H5Dget_space(ds);
    events = H5Sget_simple_extent_npoints(sp);
    H5Sclose(sp);
    H5Dclose(ds);
    H5Fclose(f);
    const long per = agents < CHUNK ? agents : CHUNK;
    CHECK(agents < CHUNK || events > CHUNK, "%lld events: not a chunk", events);
    return (unsigned long)(info.nlinks * (hsize_t)((agents + per - 1) / per) +
                           4 * (hsize_t)((events + CHUNK - 1) / CHUNK)) +
           traj_chunks;
}

/* One agent (every level); exactly one /agents chunk and more than one of events
 * (about 0.37 events per agent-month); more than a chunk of agents, with an edge
 * chunk; every agent's trajectory over 14 months (a chunk of 12 months and one of
 * 2). The helpers above see every level at every length. */
static void runs(void)
{
    const long agents[] = {1, CHUNK, 70000, 300};
    const int months[] = {2, 4, 3, 14};
    const double fraction[] = {-1, -1, -1, 1};
    const int levels[4][4] = {{0, 1, 4, 9}, {4, -1, -1, -1}, {1, -1, -1, -1}, {0, 4, -1, -1}};
    for (int s = 0; s < 4; s++)
        for (int l = 0; l < 4 && levels[s][l] >= 0; l++) {
            setenv("RG_H5_PIPELINE", "hdf5", 1);
            run_file("h5chunks_run_hdf5.h5", agents[s], months[s], levels[s][l], fraction[s], 1);
            unsetenv("RG_H5_PIPELINE");
            for (int t = 1; t <= 2; t++)
                for (int which = 0; which < DEFLATERS; which++) {
                    if (!deflater_used(which, levels[s][l])) continue;
                    const mode how = use_deflate(which);
                    const unsigned long before = rg_h5_direct_chunks();
                    run_file("h5chunks_run_own.h5", agents[s], months[s], levels[s][l], fraction[s],
                             t);
                    const unsigned long want =
                        full_chunks("h5chunks_run_own.h5", agents[s], months[s]);
                    CHECK(rg_h5_direct_chunks() - before == want,
                          "%ld agents, level %d, %d threads: %lu chunks filtered here, not %lu",
                          agents[s], levels[s][l], t, rg_h5_direct_chunks() - before, want);
                    CHECK(compare_files("h5chunks_run_own.h5", "h5chunks_run_hdf5.h5", how) > 10,
                          "too few datasets compared");
                    rg_verify_info info;
                    rg_error err = {0};
                    CHECK(rg_file_verify("h5chunks_run_own.h5", &info, &err) == RG_OK, "verify: %s",
                          err.msg);
                    const char *groups[3] = {"agents", "events", "trajectories"};
                    for (int g = 0; g < (fraction[s] > 0 ? 3 : 2); g++) {
                        char cmd[256];
                        snprintf(cmd, sizeof cmd,
                                 "h5diff h5chunks_run_own.h5 h5chunks_run_hdf5.h5 /%s /%s",
                                 groups[g], groups[g]);
                        CHECK(system(cmd) == 0, "%s", cmd);
                    }
                }
            unsetenv("RG_H5_PIPELINE");
        }
}

int main(void)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    fletcher();
    helpers();
    runs();
    return check_done();
}
