/* HDF5 writing helpers shared by the writer, the workflows and the analysis. */
#include "common/h5io.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>
#include <zlib.h>

/* --- writing ----------------------------------------------------------------- */

hid_t rg_h5_string_type(const char *text)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, strlen(text) + 1);
    H5Tset_strpad(t, H5T_STR_NULLTERM);
    H5Tset_cset(t, H5T_CSET_UTF8);
    return t;
}

static int attr(hid_t obj, const char *name, hid_t ftype, hid_t mtype, const void *value)
{
    hid_t s = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(obj, name, ftype, s, H5P_DEFAULT, H5P_DEFAULT);
    int r = a < 0 || H5Awrite(a, mtype, value) < 0 ? -1 : 0;
    if (a >= 0 && H5Aclose(a) < 0) r = -1;
    H5Sclose(s);
    return r;
}

int rg_h5_attr_string(hid_t obj, const char *name, const char *value)
{
    hid_t t = rg_h5_string_type(value);
    int r = attr(obj, name, t, t, value);
    H5Tclose(t);
    return r;
}

int rg_h5_attr_scalar(hid_t obj, const char *name, hid_t type, const void *value)
{
    return attr(obj, name, type, type, value);
}

int rg_h5_attr_ll(hid_t obj, const char *name, long long value)
{
    return attr(obj, name, H5T_STD_I64LE, H5T_NATIVE_LLONG, &value);
}

int rg_h5_attr_double(hid_t obj, const char *name, double value)
{
    return attr(obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

int rg_h5_describe(hid_t obj, const char *units, const char *description)
{
    if (rg_h5_attr_string(obj, "units", units) < 0) return -1;
    return rg_h5_attr_string(obj, "description", description);
}

hid_t rg_h5_dcpl(int rank, const hsize_t *chunk, int compression)
{
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    if (dcpl < 0) return -1;
    int bad = H5Pset_chunk(dcpl, rank, chunk) < 0;
    if (compression > 0)
        bad |= H5Pset_shuffle(dcpl) < 0 || H5Pset_deflate(dcpl, (unsigned)compression) < 0;
    /* Last in the pipeline: the checksum covers the bytes as stored. */
    bad |= H5Pset_fletcher32(dcpl) < 0 || rg_h5_set_compact(dcpl) < 0;
    if (bad) {
        H5Pclose(dcpl);
        return -1;
    }
    return dcpl;
}

/* --- the pipeline of rg_h5_dcpl, run outside HDF5 ------------------------------- */

/* Is the fill value HDF5's default (zero bytes), written into unused parts of a chunk? */
static int fill_is_zero(hid_t dcpl)
{
    H5D_fill_value_t status;
    H5D_fill_time_t when;
    return H5Pfill_value_defined(dcpl, &status) >= 0 && status == H5D_FILL_VALUE_DEFAULT &&
           H5Pget_fill_time(dcpl, &when) >= 0 && when == H5D_FILL_TIME_IFSET;
}

/* Are the chunks of `ds` those of c: n elements of a rank-1 dataset, or (c->row)
 * whole rows of c->row elements of a rank-2 dataset whose rows are that long? */
static int shape_matches(hid_t ds, hid_t dcpl, const rg_h5_chunk *c)
{
    hsize_t chunk[2] = {0, 0}, dims[2] = {0, 0};
    const int rank = H5Pget_chunk(dcpl, 2, chunk);
    if (c->row == 0) return rank == 1 && chunk[0] == c->n;
    hid_t space = H5Dget_space(ds);
    const int ok = space >= 0 && H5Sget_simple_extent_dims(space, dims, NULL) == 2 &&
                   dims[1] == c->row && chunk[1] == c->row && chunk[0] * c->row == c->n;
    if (space >= 0) H5Sclose(space);
    return rank == 2 && ok;
}

/* Does the dataset of chunk c have chunks of its shape, exactly the filters that
 * filter_chunk applies for `compression` (those rg_h5_dcpl sets), zero as its fill
 * value, and the memory type as its type (the bytes in memory are the bytes stored)? */
static int pipeline_matches(const rg_h5_chunk *c, int compression)
{
    const H5Z_filter_t want[3] = {H5Z_FILTER_SHUFFLE, H5Z_FILTER_DEFLATE, H5Z_FILTER_FLETCHER32};
    const int first = compression > 0 ? 0 : 2;
    hid_t dcpl = H5Dget_create_plist(c->ds), type = H5Dget_type(c->ds);
    int ok = dcpl >= 0 && type >= 0 && H5Tget_size(type) == c->size &&
             H5Tequal(type, c->mtype) > 0 && shape_matches(c->ds, dcpl, c) &&
             H5Pget_layout(dcpl) == H5D_CHUNKED && H5Pget_nfilters(dcpl) == 3 - first &&
             fill_is_zero(dcpl);
    for (int k = first; ok && k < 3; k++) {
        unsigned flags, cd[8];
        size_t ncd = 8;
        ok =
            H5Pget_filter2(dcpl, (unsigned)(k - first), &flags, &ncd, cd, 0, NULL, NULL) == want[k];
        if (ok && want[k] == H5Z_FILTER_DEFLATE) ok = ncd == 1 && cd[0] == (unsigned)compression;
    }
    if (type >= 0) H5Tclose(type);
    if (dcpl >= 0) H5Pclose(dcpl);
    return ok;
}

/* Byte k of each of n elements of `size` bytes to dst[k * n + i], element after
 * element (one pass over src; `size` a constant where it is inlined). */
static inline void shuffle_elements(unsigned char *restrict dst, const unsigned char *restrict src,
                                    size_t n, size_t size)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < size; k++) dst[k * n + i] = src[i * size + k];
}

/* HDF5's shuffle filter (H5Z__filter_shuffle): byte k of every element together,
 * for k = 0 .. size-1; trailing bytes of a partial element stay at the end. */
static void shuffle(unsigned char *dst, const unsigned char *src, size_t nbytes, size_t size)
{
    const size_t n = nbytes / size;
    switch (size) {
    case 2: shuffle_elements(dst, src, n, 2); break;
    case 4: shuffle_elements(dst, src, n, 4); break;
    case 8: shuffle_elements(dst, src, n, 8); break;
    default: shuffle_elements(dst, src, n, size); break;
    }
    memcpy(dst + n * size, src + n * size, nbytes % size);
}

/* H5_checksum_fletcher32 (HDF5's H5checksum.c): 16-bit big-endian words, an odd
 * last byte as the high half of a word, sums folded every 360 words. */
static uint32_t fletcher32(const unsigned char *data, size_t nbytes)
{
    uint32_t sum1 = 0, sum2 = 0;
    for (size_t len = nbytes / 2; len;) {
        size_t t = len > 360 ? 360 : len;
        len -= t;
        do {
            sum1 += (uint32_t)((unsigned)data[0] << 8 | data[1]);
            data += 2;
            sum2 += sum1;
        } while (--t);
        sum1 = (sum1 & 0xffff) + (sum1 >> 16);
        sum2 = (sum2 & 0xffff) + (sum2 >> 16);
    }
    if (nbytes % 2) {
        sum1 += (uint32_t)*data << 8;
        sum2 += sum1;
        sum1 = (sum1 & 0xffff) + (sum1 >> 16);
        sum2 = (sum2 & 0xffff) + (sum2 >> 16);
    }
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
    return sum2 << 16 | sum1;
}

/* The deflate of the chunks filtered here: libdeflate's zlib format (the default;
 * a valid zlib stream HDF5's deflate filter reads, not byte for byte zlib's), or
 * zlib's compress2 (byte for byte HDF5's own pipeline). */
typedef enum { DEFLATE_LIBDEFLATE, DEFLATE_ZLIB } deflater;

/* Bytes to allocate for deflating nbytes into at most cap bytes (libdeflate may
 * give up on incompressible data in a buffer of less than its bound, although
 * the result would fit). */
static size_t deflate_room(struct libdeflate_compressor *c, size_t nbytes, size_t cap)
{
    const size_t bound = c ? libdeflate_zlib_compress_bound(c, nbytes) : cap;
    return bound > cap ? bound : cap;
}

/* Deflate nbytes of src into out (room bytes); the stored length, or 0 when it is
 * more than cap. `c` is the thread's libdeflate compressor (NULL: zlib). */
static size_t deflate_into(struct libdeflate_compressor *c, unsigned char *out, size_t room,
                           size_t cap, const unsigned char *src, size_t nbytes, int level)
{
    if (c) {
        const size_t len = libdeflate_zlib_compress(c, src, nbytes, out, room);
        return len <= cap ? len : 0;
    }
    uLongf len = (uLongf)cap;
    return compress2(out, &len, src, (uLong)nbytes, level) == Z_OK ? (size_t)len : 0;
}

/* One chunk of n elements of `size` bytes through the pipeline: shuffle (more than
 * one byte an element, more than one element) and deflate when compression > 0,
 * then Fletcher32. Only the first `have` elements are in data (an edge chunk); the
 * rest are zero, HDF5's default fill value, as HDF5 stores an edge chunk whole. The
 * malloc'd result and its size, or NULL when deflate does not fit the buffer HDF5's
 * deflate filter allocates (H5Z_DEFLATE_SIZE_ADJUST: ceil(nbytes * 1.001) + 12,
 * the double 1.001 in HDF5 1.10.8) or memory is short. */
static unsigned char *filter_chunk(const rg_h5_chunk *ch, int compression,
                                   struct libdeflate_compressor *c, size_t *stored)
{
    const size_t size = ch->size, nbytes = ch->n * size;
    const size_t have = (ch->edge ? ch->edge : ch->n) * size;
    const unsigned char *src = ch->data;
    unsigned char *pad = NULL, *tmp = NULL, *out;
    size_t len = nbytes;
    if (have < nbytes) {
        if (!(pad = calloc(nbytes, 1))) return NULL;
        memcpy(pad, src, have);
        src = pad;
    }
    if (compression > 0) {
        if (size > 1 && ch->n > 1 && (tmp = malloc(nbytes))) shuffle(tmp, src, nbytes, size);
        const size_t cap = (size_t)(ceil((double)nbytes * 1.001) + 12);
        const size_t room = deflate_room(c, nbytes, cap);
        out = (size > 1 && ch->n > 1 && !tmp) ? NULL : malloc(room + 4);
        len = out ? deflate_into(c, out, room, cap, tmp ? tmp : src, nbytes, compression) : 0;
        if (len == 0) {
            free(out);
            out = NULL;
        }
        free(tmp);
    } else if ((out = malloc(nbytes + 4))) {
        memcpy(out, src, nbytes);
    }
    free(pad);
    if (!out) return NULL;
    const uint32_t f = fletcher32(out, len);
    for (int k = 0; k < 4; k++) out[len + (size_t)k] = (unsigned char)(f >> 8 * k);
    *stored = len + 4;
    return out;
}

int rg_h5_write_slice(hid_t ds, hid_t mtype, const void *data, hsize_t offset, hsize_t count)
{
    if (count == 0) return 0;
    hid_t fspace = H5Dget_space(ds), mspace = H5Screate_simple(1, &count, NULL);
    int r = fspace < 0 || mspace < 0 ||
                    H5Sselect_hyperslab(fspace, H5S_SELECT_SET, &offset, NULL, &count, NULL) < 0 ||
                    H5Dwrite(ds, mtype, mspace, fspace, H5P_DEFAULT, data) < 0
                ? -1
                : 0;
    if (mspace >= 0) H5Sclose(mspace);
    if (fspace >= 0) H5Sclose(fspace);
    return r;
}

/* Chunk c through HDF5's pipeline (its `edge` elements, or all n). */
static int write_through_hdf5(const rg_h5_chunk *c)
{
    const hsize_t count = c->edge ? c->edge : c->n;
    if (c->row == 0) return rg_h5_write_slice(c->ds, c->mtype, c->data, c->offset, count);
    hsize_t start[2] = {c->offset / c->row, 0}, block[2] = {count / c->row, c->row};
    hid_t fspace = H5Dget_space(c->ds), mspace = H5Screate_simple(2, block, NULL);
    int r = fspace < 0 || mspace < 0 ||
                    H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, NULL, block, NULL) < 0 ||
                    H5Dwrite(c->ds, c->mtype, mspace, fspace, H5P_DEFAULT, c->data) < 0
                ? -1
                : 0;
    if (mspace >= 0) H5Sclose(mspace);
    if (fspace >= 0) H5Sclose(fspace);
    return r;
}

static unsigned long direct_chunks; /* updated on the writing thread only (atomically) */

unsigned long rg_h5_direct_chunks(void)
{
    return __atomic_load_n(&direct_chunks, __ATOMIC_RELAXED);
}

enum { CHUNK_BATCH = 64 }; /* chunks filtered before they are written (bounds memory) */

/* Filter chunks c[0..len) (those with direct[k]) on the threads, each thread with
 * its own libdeflate compressor when `how` is DEFLATE_LIBDEFLATE, then store them. */
static int write_batch(const rg_h5_chunk *c, size_t len, const int *direct, int compression,
                       deflater how, int threads)
{
    unsigned char *out[CHUNK_BATCH] = {NULL};
    size_t stored[CHUNK_BATCH] = {0};
#pragma omp parallel num_threads(threads) if (len > 1 && threads > 1)
    {
        struct libdeflate_compressor *z = NULL;
        if (compression > 0 && how == DEFLATE_LIBDEFLATE)
            z = libdeflate_alloc_compressor(compression);
#pragma omp for schedule(dynamic, 1)
        for (size_t k = 0; k < len; k++)
            if (direct[k] && (z || compression == 0 || how == DEFLATE_ZLIB))
                out[k] = filter_chunk(&c[k], compression, z, &stored[k]);
        libdeflate_free_compressor(z);
    }
    int r = 0;
    for (size_t k = 0; k < len; k++) {
        if (r == 0 && out[k]) {
            hsize_t at[2] = {c[k].row ? c[k].offset / c[k].row : c[k].offset, 0};
            r = H5Dwrite_chunk(c[k].ds, H5P_DEFAULT, 0, at, stored[k], out[k]) < 0 ? -1 : 0;
            __atomic_fetch_add(&direct_chunks, 1, __ATOMIC_RELAXED);
        } else if (r == 0) {
            r = write_through_hdf5(&c[k]);
        }
        free(out[k]);
    }
    return r;
}

int rg_h5_write_chunks(const rg_h5_chunk *chunks, size_t count, int compression, int threads)
{
    const char *env = getenv("RG_H5_PIPELINE");
    const int own = !(env && strcmp(env, "hdf5") == 0);
    const deflater how = env && strcmp(env, "zlib") == 0 ? DEFLATE_ZLIB : DEFLATE_LIBDEFLATE;
    hid_t last = -1;
    int last_ok = 0;
    for (size_t b = 0; b < count; b += CHUNK_BATCH) {
        const size_t len = count - b < CHUNK_BATCH ? count - b : CHUNK_BATCH;
        int direct[CHUNK_BATCH];
        for (size_t k = 0; k < len; k++) {
            const rg_h5_chunk *c = &chunks[b + k];
            if (own && c->ds != last) {
                last = c->ds;
                last_ok = pipeline_matches(c, compression);
            }
            direct[k] = own && last_ok;
        }
        if (write_batch(chunks + b, len, direct, compression, how, threads > 0 ? threads : 1) < 0)
            return -1;
    }
    return 0;
}

/* Chunks of at most about 64 Ki elements, whole rows of the later dimensions. */
static hid_t chunked_dcpl(int rank, const hsize_t *dims)
{
    hsize_t chunk[3], row = 1;
    for (int k = 1; k < rank; k++) {
        chunk[k] = dims[k];
        row *= dims[k];
    }
    hsize_t rows = row >= 65536 ? 1 : 65536 / row;
    chunk[0] = dims[0] < rows ? dims[0] : rows;
    return rg_h5_dcpl(rank, chunk, 0);
}

static int write_described(hid_t loc, const char *name, hid_t ftype, hid_t mtype, hid_t space,
                           hid_t dcpl, const void *data, const char *units, const char *description)
{
    hid_t ds = H5Dcreate2(loc, name, ftype, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    int r =
        ds < 0 || (data && H5Dwrite(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) ? -1 : 0;
    if (r == 0) r = rg_h5_describe(ds, units, description);
    if (ds >= 0 && H5Dclose(ds) < 0) r = -1;
    return r;
}

int rg_h5_write_dataset(hid_t loc, const char *name, hid_t ftype, hid_t mtype, int rank,
                        const hsize_t *dims, const void *data, const char *units,
                        const char *description)
{
    int empty = 0;
    for (int k = 0; k < rank; k++) empty |= dims[k] == 0;
    hid_t sp = H5Screate_simple(rank, dims, NULL);
    hid_t dcpl = empty ? H5P_DEFAULT : chunked_dcpl(rank, dims);
    int r = sp < 0 || dcpl < 0 ? -1
                               : write_described(loc, name, ftype, mtype, sp, dcpl,
                                                 empty ? NULL : data, units, description);
    if (dcpl >= 0 && dcpl != H5P_DEFAULT) H5Pclose(dcpl);
    if (sp >= 0) H5Sclose(sp);
    return r;
}

int rg_h5_write_doubles(hid_t loc, const char *name, int rank, const hsize_t *dims,
                        const double *data, const char *units, const char *description)
{
    return rg_h5_write_dataset(loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, rank, dims, data,
                               units, description);
}

int rg_h5_write_text(hid_t loc, const char *name, const char *text, const char *description)
{
    hid_t t = rg_h5_string_type(text), sp = H5Screate(H5S_SCALAR);
    int r = write_described(loc, name, t, t, sp, H5P_DEFAULT, text, "-", description);
    H5Sclose(sp);
    H5Tclose(t);
    return r;
}

int rg_h5_write_strings(hid_t loc, const char *name, const char *const *values, size_t n,
                        const char *description)
{
    size_t width = 1;
    for (size_t i = 0; i < n; i++)
        if (strlen(values[i]) + 1 > width) width = strlen(values[i]) + 1;
    char *packed = calloc(n ? n : 1, width);
    if (!packed) return -1;
    for (size_t i = 0; i < n; i++) memcpy(packed + i * width, values[i], strlen(values[i]));
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, width);
    H5Tset_strpad(t, H5T_STR_NULLTERM);
    H5Tset_cset(t, H5T_CSET_UTF8);
    hsize_t dims[1] = {n};
    int r = rg_h5_write_dataset(loc, name, t, t, 1, dims, packed, "-", description);
    H5Tclose(t);
    free(packed);
    return r;
}

int rg_h5_set_compact(hid_t plist)
{
    enum { MOST = 65535 }; /* HDF5's largest compact count of links or attributes */
    if (H5Pisa_class(plist, H5P_GROUP_CREATE) > 0 &&
        H5Pset_link_phase_change(plist, MOST, MOST) < 0)
        return -1;
    return H5Pset_attr_phase_change(plist, MOST, MOST) < 0 ? -1 : 0;
}

hid_t rg_h5_create_group(hid_t loc, const char *name, const char *description)
{
    hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
    hid_t g = gcpl >= 0 && rg_h5_set_compact(gcpl) == 0
                  ? H5Gcreate2(loc, name, H5P_DEFAULT, gcpl, H5P_DEFAULT)
                  : -1;
    if (gcpl >= 0) H5Pclose(gcpl);
    if (g >= 0 && description && rg_h5_attr_string(g, "description", description) < 0) {
        H5Gclose(g);
        return -1;
    }
    return g;
}
