/* Checked reads of HDF5 files (h5io.h): types and sizes before every read, hard
 * links only, data only from the file itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/h5io.h"
#include "common/text.h"
#include "reintegra/schema.h"

/* A scalar (or one-element) attribute, opened when present: -1 when absent. */
static hid_t open_attr(hid_t obj, const char *name)
{
    if (H5Aexists(obj, name) <= 0) return -1;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0) return -1;
    hid_t sp = H5Aget_space(a);
    int one = sp >= 0 && H5Sget_simple_extent_npoints(sp) == 1;
    if (sp >= 0) H5Sclose(sp);
    if (!one) {
        H5Aclose(a);
        return -1;
    }
    return a;
}

/* Is t a string of fixed length of at most max bytes? */
static int fixed_string(hid_t t, size_t max)
{
    return t >= 0 && H5Tget_class(t) == H5T_STRING && H5Tis_variable_str(t) == 0 &&
           H5Tget_size(t) > 0 && H5Tget_size(t) <= max;
}

/* A fixed-length string type of `size` bytes for reading strings of file type ft
 * into memory (HDF5 converts only between strings of one character set). */
static hid_t memory_string(hid_t ft, size_t size)
{
    hid_t mt = H5Tcopy(H5T_C_S1);
    H5Tset_size(mt, size);
    H5Tset_strpad(mt, H5T_STR_NULLTERM);
    H5T_cset_t cset = H5Tget_cset(ft);
    if (cset == H5T_CSET_ASCII || cset == H5T_CSET_UTF8) H5Tset_cset(mt, cset);
    return mt;
}

int rg_h5_read_attr_string(hid_t obj, const char *name, char *buf, size_t size)
{
    buf[0] = '\0';
    hid_t a = open_attr(obj, name);
    if (a < 0) return -1;
    hid_t t = H5Aget_type(a);
    int ok = -1;
    if (fixed_string(t, size - 1)) {
        /* One byte more than stored: room for a NUL the file may not have. */
        hid_t mt = memory_string(t, H5Tget_size(t) + 1);
        if (H5Aread(a, mt, buf) >= 0) ok = 0;
        H5Tclose(mt);
        buf[size - 1] = '\0';
        if (ok) buf[0] = '\0';
    }
    if (t >= 0) H5Tclose(t);
    H5Aclose(a);
    return ok;
}

/* Is a file type a plain number (integer or floating point, at most 8 bytes), as
 * every numeric dataset of the schema is? HDF5 converts between them. */
static int plain_number(hid_t ftype)
{
    H5T_class_t f = H5Tget_class(ftype);
    return (f == H5T_INTEGER || f == H5T_FLOAT) && H5Tget_size(ftype) <= 8;
}

int rg_h5_read_attr_number(hid_t obj, const char *name, hid_t mtype, void *value)
{
    hid_t a = open_attr(obj, name);
    if (a < 0) return -1;
    hid_t t = H5Aget_type(a);
    H5T_class_t c = t >= 0 ? H5Tget_class(t) : H5T_NO_CLASS;
    int ok =
        (c == H5T_INTEGER || c == H5T_FLOAT) && H5Tget_size(t) <= 8 && H5Aread(a, mtype, value) >= 0
            ? 0
            : -1;
    if (t >= 0) H5Tclose(t);
    H5Aclose(a);
    return ok;
}

int rg_h5_exists(hid_t loc, const char *name)
{
    char part[1024];
    for (const char *slash = strchr(name, '/');; slash = strchr(slash + 1, '/')) {
        size_t len = slash ? (size_t)(slash - name) : strlen(name);
        if (len >= sizeof part) return -1;
        snprintf(part, sizeof part, "%.*s", (int)len, name);
        htri_t e = H5Lexists(loc, part, H5P_DEFAULT);
        if (e <= 0) return e < 0 ? -1 : 0;
        H5L_info_t info;
        if (H5Lget_info(loc, part, &info, H5P_DEFAULT) < 0 || info.type != H5L_TYPE_HARD) return -1;
        if (!slash) break;
    }
    htri_t o = H5Oexists_by_name(loc, name, H5P_DEFAULT);
    return o < 0 ? -1 : o > 0;
}

/* Has every chunk of chunked dataset ds been written? (A file could otherwise
 * declare a vast extent that reads as fill values.) */
static int all_chunks_written(hid_t ds, hid_t dcpl)
{
    hid_t sp = H5Dget_space(ds);
    hsize_t dims[H5S_MAX_RANK], chunk[H5S_MAX_RANK], have = 0;
    int rank = sp >= 0 ? H5Sget_simple_extent_dims(sp, dims, NULL) : -1;
    int ok = rank >= 0 && H5Pget_chunk(dcpl, rank, chunk) == rank &&
             H5Dget_num_chunks(ds, sp, &have) >= 0;
    double want = 1;
    for (int k = 0; ok && k < rank; k++) {
        ok = chunk[k] > 0;
        if (ok) want *= (double)((dims[k] + chunk[k] - 1) / chunk[k]);
    }
    if (sp >= 0) H5Sclose(sp);
    return ok && (double)have == want;
}

/* Is the data of dataset ds where it should be: in this file, chunked with
 * checksums (or small and contiguous/compact), every chunk written? */
static const char *storage_problem(hid_t ds)
{
    hid_t dcpl = H5Dget_create_plist(ds);
    if (dcpl < 0) return "its properties cannot be read";
    const char *why = NULL;
    H5D_layout_t layout = H5Pget_layout(dcpl);
    if (H5Pget_external_count(dcpl) != 0)
        why = "its data is stored in another file (external storage is not read)";
    else if (layout == H5D_VIRTUAL)
        why = "it is a virtual dataset mapped onto other files (not read)";
    else if (layout == H5D_CHUNKED) {
        unsigned flags = 0, cd[8];
        size_t ncd = 8;
        if (H5Pget_filter_by_id2(dcpl, H5Z_FILTER_FLETCHER32, &flags, &ncd, cd, 0, NULL, NULL) < 0)
            why = "it carries no Fletcher32 checksum";
        else if (!all_chunks_written(ds, dcpl))
            why = "some of its chunks are missing";
    } else if (layout < 0)
        why = "its layout cannot be read";
    H5Pclose(dcpl);
    return why;
}

hid_t rg_h5_open_dataset(hid_t loc, const char *file, const char *name, rg_status *st,
                         rg_error *err)
{
    *st = RG_OK;
    int exists = rg_h5_exists(loc, name);
    char what[1200];
    if (exists == 0) return -1;
    snprintf(what, sizeof what, "/%s cannot be opened through a hard link", name);
    hid_t ds = exists > 0 ? H5Dopen2(loc, name, H5P_DEFAULT) : -1;
    if (ds < 0) {
        *st = rg_h5_damaged(file, what, err);
        return -1;
    }
    const char *why = storage_problem(ds);
    if (why) {
        snprintf(what, sizeof what, "/%s: %s", name, why);
        H5Dclose(ds);
        *st = rg_h5_damaged(file, what, err);
        return -1;
    }
    return ds;
}

long long rg_h5_extent(hid_t loc, const char *name)
{
    if (rg_h5_exists(loc, name) <= 0) return -1;
    hid_t ds = H5Dopen2(loc, name, H5P_DEFAULT);
    if (ds < 0) return -1;
    hid_t sp = H5Dget_space(ds);
    hssize_t n = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    if (sp >= 0) H5Sclose(sp);
    H5Dclose(ds);
    return (long long)n;
}

rg_status rg_h5_read_array(hid_t loc, const char *file, const char *name, hid_t mtype, size_t n,
                           void **out, rg_error *err)
{
    *out = NULL;
    rg_status st;
    hid_t ds = rg_h5_open_dataset(loc, file, name, &st, err);
    if (ds < 0) return st;
    hid_t sp = H5Dget_space(ds), ft = H5Dget_type(ds);
    hssize_t count = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    char what[1200];
    if (sp >= 0) H5Sclose(sp);
    if (count < 0 || (size_t)count != n) {
        st = rg_error_set(err, RG_EINPUT, "%s: /%s has %llu values; expected %zu", file, name,
                          count < 0 ? 0ULL : (unsigned long long)count, n);
    } else if (ft < 0 || !plain_number(ft)) {
        snprintf(what, sizeof what, "/%s holds values of another type", name);
        st = rg_h5_damaged(file, what, err);
    } else {
        void *buf = malloc(H5Tget_size(mtype) * (n ? n : 1));
        snprintf(what, sizeof what, "/%s cannot be read", name);
        if (!buf)
            st = rg_error_set(err, RG_EINTERNAL, "out of memory reading %s", name);
        else if (n && H5Dread(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
            free(buf);
            st = rg_h5_damaged(file, what, err);
        } else
            *out = buf;
    }
    if (ft >= 0) H5Tclose(ft);
    H5Dclose(ds);
    return st;
}

/* Split `np` fixed strings of `width` bytes into malloc'd strings. */
static rg_status split_strings(const char *packed, size_t np, size_t width, char ***out,
                               size_t *count, rg_error *err)
{
    char **s = calloc(np + 1, sizeof *s);
    if (!s) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    for (size_t i = 0; i < np; i++) {
        s[i] = strndup(packed + i * width, width);
        if (!s[i]) {
            rg_h5_free_strings(s, i);
            return rg_error_set(err, RG_EINTERNAL, "out of memory");
        }
    }
    *out = s;
    *count = np;
    return RG_OK;
}

rg_status rg_h5_read_strings(hid_t loc, const char *file, const char *name, size_t max_count,
                             char ***out, size_t *count, rg_error *err)
{
    *out = NULL;
    *count = 0;
    rg_status st;
    hid_t ds = rg_h5_open_dataset(loc, file, name, &st, err);
    if (ds < 0) return st;
    hid_t sp = H5Dget_space(ds), ft = H5Dget_type(ds);
    hssize_t np = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    int rank = sp >= 0 ? H5Sget_simple_extent_ndims(sp) : -1;
    char what[1200];
    if (np < 0 || rank > 1 || (size_t)np > max_count || !fixed_string(ft, RG_H5_TEXT_MAX)) {
        snprintf(what, sizeof what, "/%s is not text of the expected size", name);
        st = rg_h5_damaged(file, what, err);
    } else {
        /* One byte more than stored: room for a NUL the file may not have. */
        size_t width = H5Tget_size(ft) + 1;
        char *packed = calloc((size_t)np ? (size_t)np : 1, width);
        hid_t mt = memory_string(ft, width);
        snprintf(what, sizeof what, "/%s cannot be read", name);
        if (!packed)
            st = rg_error_set(err, RG_EINTERNAL, "out of memory reading %s", name);
        else if (np > 0 && H5Dread(ds, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, packed) < 0)
            st = rg_h5_damaged(file, what, err);
        else
            st = split_strings(packed, (size_t)np, width, out, count, err);
        free(packed);
        H5Tclose(mt);
    }
    if (ft >= 0) H5Tclose(ft);
    if (sp >= 0) H5Sclose(sp);
    H5Dclose(ds);
    return st;
}

void rg_h5_free_strings(char **strings, size_t n)
{
    if (!strings) return;
    for (size_t i = 0; i < n; i++) free(strings[i]);
    free(strings);
}

/* One attribute into the hash: its name, NUL, its value as text, NUL. */
static int hash_attribute(hid_t file, const char *name, char kind, unsigned long long *h)
{
    char value[4096];
    long long i;
    double d;
    if (kind == 'T') {
        if (rg_h5_read_attr_string(file, name, value, sizeof value) != 0) return -1;
    } else if (kind == 'I') {
        if (rg_h5_read_attr_number(file, name, H5T_NATIVE_LLONG, &i) != 0) return -1;
        snprintf(value, sizeof value, "%lld", i);
    } else {
        if (rg_h5_read_attr_number(file, name, H5T_NATIVE_DOUBLE, &d) != 0) return -1;
        snprintf(value, sizeof value, "%.17g", d);
    }
    *h = rg_fnv64(*h, name, strlen(name) + 1);
    *h = rg_fnv64(*h, value, strlen(value) + 1);
    return 0;
}

int rg_h5_run_checksum(hid_t file, char *text, size_t size)
{
    unsigned long long h = RG_FNV_START;
    int bad = 0;
#define RG_HASH_ATTR_(name, kind) bad |= hash_attribute(file, #name, #kind[0], &h);
    RG_RUN_CHECKSUMMED(RG_HASH_ATTR_)
#undef RG_HASH_ATTR_
    char **config = NULL;
    size_t n = 0;
    rg_error ignored = {0};
    if (bad || rg_h5_read_strings(file, "", "config", 1, &config, &n, &ignored) != RG_OK ||
        n != 1) {
        rg_h5_free_strings(config, n);
        return -1;
    }
    h = rg_fnv64(h, "config", 7);
    h = rg_fnv64(h, config[0], strlen(config[0]) + 1);
    rg_h5_free_strings(config, n);
    snprintf(text, size, "fnv1a64:%016llx", h);
    return 0;
}
