/* HDF5 writing helpers shared by the writer, the workflows and the analysis. */
#include "common/h5io.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <isa-l/igzip_lib.h>
#include <libdeflate.h>
#include <omp.h>
#include <pthread.h>
#include <sched.h>
#include <zlib.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

/* Byte k of each of the first `have` of n elements of `size` bytes to dst[k * n + i],
 * element after element (one pass over src; `size` a constant where it is inlined),
 * and zero (HDF5's fill value) for the other n - have elements of each plane. */
static inline void shuffle_elements(unsigned char *restrict dst, const unsigned char *restrict src,
                                    size_t have, size_t n, size_t size)
{
    for (size_t i = 0; i < have; i++)
        for (size_t k = 0; k < size; k++) dst[k * n + i] = src[i * size + k];
    if (have < n)
        for (size_t k = 0; k < size; k++) memset(dst + k * n + have, 0, n - have);
}

/* HDF5's shuffle filter (H5Z__filter_shuffle) of a chunk of n elements of `size`
 * bytes whose first `have` are in src and the rest zero: byte k of every element
 * together, for k = 0 .. size-1 (n * size bytes: no partial element). */
static void shuffle(unsigned char *dst, const unsigned char *src, size_t have, size_t n,
                    size_t size)
{
    switch (size) {
    case 2: shuffle_elements(dst, src, have, n, 2); break;
    case 4: shuffle_elements(dst, src, have, n, 4); break;
    case 8: shuffle_elements(dst, src, have, n, 8); break;
    default: shuffle_elements(dst, src, have, n, size); break;
    }
}

/* One block of t 16-bit big-endian words of HDF5's Fletcher32 (t <= 360, so that
 * no running sum wraps within it): sum1 and sum2 as the word-by-word loop
 * (sum1 += w; sum2 += sum1) leaves them, before the block's folding. With SSE2,
 * 8 words at a time: the words' high and low bytes are summed apart in 32-bit
 * lanes (pmaddwd of bytes, exact), sum2 taking t * sum1 plus each word times the
 * number of words from it to the block's end; all in uint32 arithmetic, as the
 * loop's. */
static void fletcher32_block(const unsigned char *data, size_t t, uint32_t *sum1, uint32_t *sum2)
{
    size_t j = 0;
#if defined(__SSE2__)
    const size_t groups = t / 8;
    if (groups > 0) {
        const __m128i ones = _mm_set1_epi16(1), low = _mm_set1_epi16(0xff);
        const __m128i weight = _mm_setr_epi16(8, 7, 6, 5, 4, 3, 2, 1);
        __m128i ph = _mm_setzero_si128(), pl = ph, qh = ph, ql = ph, rh = ph, rl = ph;
        for (size_t g = 0; g < groups; g++) {
            const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(data + 16 * g));
            const __m128i hi = _mm_and_si128(x, low), lo = _mm_srli_epi16(x, 8);
            qh = _mm_add_epi32(qh, ph); /* the words before this group, once more */
            ql = _mm_add_epi32(ql, pl);
            ph = _mm_add_epi32(ph, _mm_madd_epi16(hi, ones));
            pl = _mm_add_epi32(pl, _mm_madd_epi16(lo, ones));
            rh = _mm_add_epi32(rh, _mm_madd_epi16(hi, weight));
            rl = _mm_add_epi32(rl, _mm_madd_epi16(lo, weight));
        }
        uint32_t v[6][4];
        const __m128i acc[6] = {ph, pl, qh, ql, rh, rl};
        uint32_t s[6] = {0};
        for (int a = 0; a < 6; a++) {
            _mm_storeu_si128((__m128i *)(void *)v[a], acc[a]);
            s[a] = v[a][0] + v[a][1] + v[a][2] + v[a][3];
        }
        const uint32_t words = s[0] * 256u + s[1];
        *sum2 += (uint32_t)(8 * groups) * *sum1 + 8u * (s[2] * 256u + s[3]) + s[4] * 256u + s[5];
        *sum1 += words;
        j = 8 * groups;
    }
#endif
    for (; j < t; j++) {
        *sum1 += (uint32_t)((unsigned)data[2 * j] << 8 | data[2 * j + 1]);
        *sum2 += *sum1;
    }
}

uint32_t rg_h5_fletcher32(const unsigned char *data, size_t nbytes)
{
    uint32_t sum1 = 0, sum2 = 0;
    for (size_t len = nbytes / 2; len;) {
        const size_t t = len > 360 ? 360 : len;
        fletcher32_block(data, t, &sum1, &sum2);
        data += 2 * t;
        len -= t;
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

/* The deflate of the chunks filtered here, each a valid zlib stream that HDF5's
 * deflate filter and every reader decode to the same data: ISA-L's igzip at level 1
 * (the default level: the fastest, by about 4x on a run's chunks, for a file about 2%
 * larger than libdeflate's level 1), libdeflate at levels 2 to 9 (and at every level
 * with RG_H5_PIPELINE=libdeflate), or zlib's compress2 with RG_H5_PIPELINE=zlib (byte
 * for byte HDF5's own pipeline). */
typedef enum { DEFLATE_LIBDEFLATE, DEFLATE_ZLIB, DEFLATE_ISAL } deflater;

/* The deflater for `compression`, given RG_H5_PIPELINE's value (`env`, or NULL). */
static deflater deflater_for(const char *env, int compression)
{
    if (env && strcmp(env, "zlib") == 0) return DEFLATE_ZLIB;
    if (env && strcmp(env, "libdeflate") == 0) return DEFLATE_LIBDEFLATE;
    return compression == 1 ? DEFLATE_ISAL : DEFLATE_LIBDEFLATE;
}

/* A thread's deflater: its libdeflate compressor or ISA-L's level buffer (both
 * NULL for zlib and when memory is short: `ready` says which). */
typedef struct deflate_state {
    deflater how;
    int level, ready;
    struct libdeflate_compressor *ld;
    unsigned char *isal_buf;
} deflate_state;

/* ISA-L's level-1 buffer: its small size gave the smallest files of a run's chunks
 * (84 KiB; the larger sizes' longer blocks fit the shuffled byte planes worse). */
enum { ISAL_BUF = ISAL_DEF_LVL1_SMALL };

static deflate_state deflate_begin(deflater how, int level)
{
    deflate_state d = {.how = how, .level = level, .ready = level <= 0 || how == DEFLATE_ZLIB};
    if (level > 0 && how == DEFLATE_LIBDEFLATE)
        d.ready = (d.ld = libdeflate_alloc_compressor(level)) != NULL;
    if (level > 0 && how == DEFLATE_ISAL) d.ready = (d.isal_buf = malloc(ISAL_BUF)) != NULL;
    return d;
}

static void deflate_end(deflate_state *d)
{
    libdeflate_free_compressor(d->ld);
    free(d->isal_buf);
}

/* Bytes to allocate for deflating nbytes into at most cap bytes (on incompressible
 * data libdeflate may give up in a buffer smaller than its bound, and ISA-L in one
 * smaller than its stored blocks take, although the result would fit in cap). */
static size_t deflate_room(const deflate_state *d, size_t nbytes, size_t cap)
{
    size_t bound = cap;
    if (d->how == DEFLATE_LIBDEFLATE) bound = libdeflate_zlib_compress_bound(d->ld, nbytes);
    if (d->how == DEFLATE_ISAL)
        bound = nbytes + 5 * (nbytes / 65535 + 1) + ISAL_DEF_MAX_HDR_SIZE + 64;
    return bound > cap ? bound : cap;
}

/* Deflate nbytes of src into out (room bytes); the stored length, or 0 when it is
 * more than cap (or the deflater failed). */
static size_t deflate_into(const deflate_state *d, unsigned char *out, size_t room, size_t cap,
                           const unsigned char *src, size_t nbytes)
{
    size_t len = 0;
    if (d->how == DEFLATE_LIBDEFLATE) {
        len = libdeflate_zlib_compress(d->ld, src, nbytes, out, room);
    } else if (d->how == DEFLATE_ISAL) {
        struct isal_zstream z;
        isal_deflate_stateless_init(&z);
        z.level = 1;
        z.level_buf = d->isal_buf;
        z.level_buf_size = ISAL_BUF;
        z.gzip_flag = IGZIP_ZLIB;
        z.end_of_stream = 1;
        z.flush = NO_FLUSH;
        z.next_in = (uint8_t *)(uintptr_t)src; /* read only: ISA-L's field is not const */
        z.avail_in = (uint32_t)nbytes;
        z.next_out = out;
        z.avail_out = (uint32_t)room;
        len = isal_deflate_stateless(&z) == COMP_OK ? z.total_out : 0;
    } else {
        uLongf zlen = (uLongf)cap;
        len = compress2(out, &zlen, src, (uLong)nbytes, d->level) == Z_OK ? (size_t)zlen : 0;
    }
    return len <= cap ? len : 0;
}

/* The chunk's data, shuffled when compression > 0 (more than one byte an element,
 * more than one element), and its edge padded with zeros: `src` itself when it
 * needs neither, else a malloc'd copy in *tmp (NULL: memory is short). */
static const unsigned char *chunk_bytes(const rg_h5_chunk *ch, int compression, unsigned char **tmp)
{
    const size_t size = ch->size, n = ch->n, have = ch->edge ? ch->edge : n;
    const int shuffled = compression > 0 && size > 1 && n > 1;
    *tmp = NULL;
    if (!shuffled && have == n) return ch->data;
    if (!(*tmp = malloc(n * size))) return NULL;
    if (shuffled) {
        shuffle(*tmp, ch->data, have, n, size);
    } else {
        memcpy(*tmp, ch->data, have * size);
        memset(*tmp + have * size, 0, (n - have) * size);
    }
    return *tmp;
}

/* --- chunks whose elements are all the same --------------------------------------
 *
 * A chunk whose elements (an edge chunk's zero fill included) are all one value
 * is stored as the same bytes every time: the deflaters are deterministic and keep
 * no state between chunks. The first such chunk of each value, element size,
 * length, level and deflater a writer's memo sees is filtered as any other and its
 * stored bytes kept; later ones are copies (the same bytes as filtering them
 * again). */
typedef struct constant_chunk {
    int how, level;
    size_t size, n;
    unsigned char elem[8];
    size_t stored;
    unsigned char *bytes;
} constant_chunk;

enum { CONSTANT_CHUNKS = 64 }; /* kept per memo (a few hundred bytes each) */

struct rg_h5_chunk_memo {
    pthread_mutex_t lock; /* the run's threads filter chunks at once */
    size_t count;
    constant_chunk kept[CONSTANT_CHUNKS];
};

rg_h5_chunk_memo *rg_h5_chunk_memo_new(void)
{
    rg_h5_chunk_memo *m = calloc(1, sizeof *m);
    if (m && pthread_mutex_init(&m->lock, NULL) != 0) {
        free(m);
        return NULL;
    }
    return m;
}

void rg_h5_chunk_memo_free(rg_h5_chunk_memo *m)
{
    if (!m) return;
    for (size_t k = 0; k < m->count; k++) free(m->kept[k].bytes);
    pthread_mutex_destroy(&m->lock);
    free(m);
}

/* Are all elements of chunk ch (its zero fill included) the same, of at most 8
 * bytes? Then the element into key->elem, the rest of the key from ch. */
static int constant_key(const rg_h5_chunk *ch, int compression, int how, constant_chunk *key)
{
    const size_t size = ch->size, have = ch->edge ? ch->edge : ch->n;
    const unsigned char *p = ch->data;
    if (compression <= 0 || size > 8 || have == 0) return 0;
    if (memcmp(p, p + size, (have - 1) * size) != 0) return 0;
    for (size_t k = 0; have < ch->n && k < size; k++)
        if (p[k] != 0) return 0;
    *key = (constant_chunk){.how = how, .level = compression, .size = size, .n = ch->n};
    memcpy(key->elem, p, size);
    return 1;
}

static int same_key(const constant_chunk *a, const constant_chunk *b)
{
    return a->how == b->how && a->level == b->level && a->size == b->size && a->n == b->n &&
           memcmp(a->elem, b->elem, a->size) == 0;
}

/* A malloc'd copy of the stored bytes m keeps for key (NULL: none kept, or no memory). */
static unsigned char *constant_find(rg_h5_chunk_memo *m, const constant_chunk *key, size_t *stored)
{
    unsigned char *out = NULL;
    pthread_mutex_lock(&m->lock);
    for (size_t k = 0; k < m->count && !out; k++)
        if (same_key(&m->kept[k], key) && (out = malloc(m->kept[k].stored))) {
            memcpy(out, m->kept[k].bytes, m->kept[k].stored);
            *stored = m->kept[k].stored;
        }
    pthread_mutex_unlock(&m->lock);
    return out;
}

/* Keep the stored bytes of the chunk of `key` in m (while there is room). */
static void constant_keep(rg_h5_chunk_memo *m, const constant_chunk *key,
                          const unsigned char *bytes, size_t stored)
{
    pthread_mutex_lock(&m->lock);
    int known = 0;
    for (size_t k = 0; k < m->count; k++) known |= same_key(&m->kept[k], key);
    unsigned char *copy = known || m->count == CONSTANT_CHUNKS ? NULL : malloc(stored);
    if (copy) {
        memcpy(copy, bytes, stored);
        m->kept[m->count] = *key;
        m->kept[m->count].stored = stored;
        m->kept[m->count++].bytes = copy;
    }
    pthread_mutex_unlock(&m->lock);
}

/* One chunk of n elements of `size` bytes through the pipeline: shuffle (more than
 * one byte an element, more than one element) and deflate when compression > 0,
 * then Fletcher32. Only the first `have` elements are in data (an edge chunk); the
 * rest are zero, HDF5's default fill value, as HDF5 stores an edge chunk whole. The
 * malloc'd result and its size, or NULL when deflate does not fit the buffer HDF5's
 * deflate filter allocates (H5Z_DEFLATE_SIZE_ADJUST: ceil(nbytes * 1.001) + 12,
 * the double 1.001 in HDF5 1.10.8) or memory is short. `d` is the thread's
 * deflater; one-valued chunks are looked up in and kept in `memo` (NULL: none). */
static unsigned char *filter_chunk(const rg_h5_chunk *ch, int compression, const deflate_state *d,
                                   rg_h5_chunk_memo *memo, size_t *stored)
{
    constant_chunk key;
    const int constant = memo && constant_key(ch, compression, (int)d->how, &key);
    unsigned char *out = constant ? constant_find(memo, &key, stored) : NULL, *tmp;
    if (out) return out;
    const size_t nbytes = ch->n * ch->size;
    const unsigned char *src = chunk_bytes(ch, compression, &tmp);
    size_t len = nbytes;
    if (src && compression > 0) {
        const size_t cap = (size_t)(ceil((double)nbytes * 1.001) + 12);
        const size_t room = deflate_room(d, nbytes, cap);
        out = malloc(room + 4);
        len = out ? deflate_into(d, out, room, cap, src, nbytes) : 0;
        if (len == 0) {
            free(out);
            out = NULL;
        }
    } else if (src && (out = malloc(nbytes + 4))) {
        memcpy(out, src, nbytes);
    }
    free(tmp);
    if (!out) return NULL;
    const uint32_t f = rg_h5_fletcher32(out, len);
    for (int k = 0; k < 4; k++) out[len + (size_t)k] = (unsigned char)(f >> 8 * k);
    *stored = len + 4;
    if (constant) constant_keep(memo, &key, out, *stored);
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

/* Store chunk c: its filtered bytes `out` straight into the file, or through HDF5's
 * own pipeline where it has none; nothing once an earlier chunk failed (r < 0).
 * Frees out; returns the status so far. */
static int store_chunk(const rg_h5_chunk *c, unsigned char *out, size_t stored, int r)
{
    if (r == 0 && out) {
        hsize_t at[2] = {c->row ? c->offset / c->row : c->offset, 0};
        r = H5Dwrite_chunk(c->ds, H5P_DEFAULT, 0, at, stored, out) < 0 ? -1 : 0;
        __atomic_fetch_add(&direct_chunks, 1, __ATOMIC_RELAXED);
    } else if (r == 0) {
        r = write_through_hdf5(c);
    }
    free(out);
    return r;
}

/* Filter chunks c[0..len) (those with direct[k]) on the threads, each thread with
 * its own deflater, and store them in order. The threads take the chunks one at a
 * time; the first thread (the only one that calls HDF5) also stores, in chunk
 * order, every chunk that is ready whenever it has filtered one, so that HDF5's
 * serial writes overlap the other threads' filtering. The calls into HDF5 are
 * those of filtering all then storing all, in the same order: the same file. */
static int write_batch(const rg_h5_chunk *c, size_t len, const int *direct, int compression,
                       deflater how, int threads, rg_h5_chunk_memo *memo)
{
    unsigned char *out[CHUNK_BATCH] = {NULL};
    size_t stored[CHUNK_BATCH] = {0};
    int ready[CHUNK_BATCH] = {0}; /* set (release) once out[k] and stored[k] are final */
    size_t next = 0;              /* the next chunk to filter (taken atomically) */
    size_t done = 0;              /* chunks stored (first thread only) */
    int r = 0;                    /* (first thread only) */
#pragma omp parallel num_threads(threads) if (len > 1 && threads > 1)
    {
        const int first = omp_get_thread_num() == 0;
        deflate_state d = deflate_begin(how, compression);
        for (;;) {
            const size_t k = __atomic_fetch_add(&next, 1, __ATOMIC_RELAXED);
            if (k >= len) break;
            if (direct[k] && d.ready)
                out[k] = filter_chunk(&c[k], compression, &d, memo, &stored[k]);
            __atomic_store_n(&ready[k], 1, __ATOMIC_RELEASE);
            if (first)
                for (; done < len && __atomic_load_n(&ready[done], __ATOMIC_ACQUIRE); done++)
                    r = store_chunk(&c[done], out[done], stored[done], r);
        }
        deflate_end(&d);
        if (first)
            for (; done < len; done++) {
                while (!__atomic_load_n(&ready[done], __ATOMIC_ACQUIRE)) sched_yield();
                r = store_chunk(&c[done], out[done], stored[done], r);
            }
    }
    return r;
}

int rg_h5_chunks_direct(const rg_h5_chunk *c, int compression)
{
    return pipeline_matches(c, compression);
}

int rg_h5_write_chunks(const rg_h5_chunk *chunks, size_t count, int compression, int threads,
                       rg_h5_chunk_memo *memo)
{
    const char *env = getenv("RG_H5_PIPELINE");
    const int own = !(env && strcmp(env, "hdf5") == 0);
    const deflater how = deflater_for(env, compression);
    hid_t last = -1;
    int last_ok = 0;
    for (size_t b = 0; b < count; b += CHUNK_BATCH) {
        const size_t len = count - b < CHUNK_BATCH ? count - b : CHUNK_BATCH;
        int direct[CHUNK_BATCH];
        for (size_t k = 0; k < len; k++) {
            const rg_h5_chunk *c = &chunks[b + k];
            if (own && !c->checked && c->ds != last) {
                last = c->ds;
                last_ok = pipeline_matches(c, compression);
            }
            direct[k] = own && (c->checked || last_ok);
        }
        if (write_batch(chunks + b, len, direct, compression, how, threads > 0 ? threads : 1,
                        memo) < 0)
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

hid_t rg_h5_create_group_sized(hid_t loc, const char *name, const char *description, size_t links,
                               size_t name_bytes)
{
    hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
    int ok = gcpl >= 0 && rg_h5_set_compact(gcpl) == 0;
    if (ok && links > 0) {
        /* HDF5 keeps these estimates in 16 bits */
        const size_t most = 65535, len = (name_bytes + links - 1) / links;
        ok = H5Pset_est_link_info(gcpl, (unsigned)(links < most ? links : most),
                                  (unsigned)(len < most ? len : most)) >= 0;
    }
    hid_t g = ok ? H5Gcreate2(loc, name, H5P_DEFAULT, gcpl, H5P_DEFAULT) : -1;
    if (gcpl >= 0) H5Pclose(gcpl);
    if (g >= 0 && description && rg_h5_attr_string(g, "description", description) < 0) {
        H5Gclose(g);
        return -1;
    }
    return g;
}

hid_t rg_h5_create_group(hid_t loc, const char *name, const char *description)
{
    return rg_h5_create_group_sized(loc, name, description, 0, 0);
}
