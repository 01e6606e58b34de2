/* HDF5 helpers shared by the writer, the workflows and the analysis. */
#include "common/h5io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- writing ----------------------------------------------------------------- */

hid_t rg_h5_string_type(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    return t;
}

static int attr(hid_t obj, const char *name, hid_t ftype, hid_t mtype, const void *value)
{
    hid_t s = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(obj, name, ftype, s, H5P_DEFAULT, H5P_DEFAULT);
    int r = a < 0 || H5Awrite(a, mtype, value) < 0 ? -1 : 0;
    if (a >= 0) H5Aclose(a);
    H5Sclose(s);
    return r;
}

int rg_h5_attr_string(hid_t obj, const char *name, const char *value)
{
    hid_t t = rg_h5_string_type();
    int r = attr(obj, name, t, t, &value);
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

static int write_described(hid_t loc, const char *name, hid_t ftype, hid_t mtype, hid_t space,
                           int empty, const void *data, const char *units, const char *description)
{
    hid_t ds = H5Dcreate2(loc, name, ftype, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int r =
        ds < 0 || (!empty && H5Dwrite(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) ? -1 : 0;
    if (r == 0) r = rg_h5_describe(ds, units, description);
    if (ds >= 0) H5Dclose(ds);
    return r;
}

int rg_h5_write_dataset(hid_t loc, const char *name, hid_t ftype, hid_t mtype, int rank,
                        const hsize_t *dims, const void *data, const char *units,
                        const char *description)
{
    int empty = 0;
    for (int k = 0; k < rank; k++) empty |= dims[k] == 0;
    hid_t sp = H5Screate_simple(rank, dims, NULL);
    int r = write_described(loc, name, ftype, mtype, sp, empty, data, units, description);
    H5Sclose(sp);
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
    hid_t t = rg_h5_string_type(), sp = H5Screate(H5S_SCALAR);
    int r = write_described(loc, name, t, t, sp, 0, &text, "-", description);
    H5Sclose(sp);
    H5Tclose(t);
    return r;
}

int rg_h5_write_strings(hid_t loc, const char *name, const char *const *values, size_t n,
                        const char *description)
{
    hid_t t = rg_h5_string_type();
    hsize_t dims[1] = {n};
    int r = rg_h5_write_dataset(loc, name, t, t, 1, dims, values, "-", description);
    H5Tclose(t);
    return r;
}

hid_t rg_h5_create_group(hid_t loc, const char *name, const char *description)
{
    hid_t g = H5Gcreate2(loc, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g >= 0 && description && rg_h5_attr_string(g, "description", description) < 0) {
        H5Gclose(g);
        return -1;
    }
    return g;
}

/* --- reading ----------------------------------------------------------------- */

int rg_h5_read_attr_string(hid_t obj, const char *name, char *buf, size_t size)
{
    buf[0] = '\0';
    if (H5Aexists(obj, name) <= 0) return -1;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0) return -1;
    hid_t t = H5Aget_type(a);
    int ok = -1;
    if (t >= 0 && H5Tget_class(t) == H5T_STRING && H5Tis_variable_str(t) > 0) {
        char *s = NULL;
        hid_t mt = H5Tcopy(H5T_C_S1);
        H5Tset_size(mt, H5T_VARIABLE);
        H5Tset_cset(mt, H5Tget_cset(t));
        if (H5Aread(a, mt, &s) >= 0 && s) {
            snprintf(buf, size, "%s", s);
            H5free_memory(s);
            ok = 0;
        }
        H5Tclose(mt);
    }
    if (t >= 0) H5Tclose(t);
    H5Aclose(a);
    return ok;
}

int rg_h5_read_attr_number(hid_t obj, const char *name, hid_t mtype, void *value)
{
    if (H5Aexists(obj, name) <= 0) return -1;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0) return -1;
    hid_t sp = H5Aget_space(a);
    int ok =
        sp >= 0 && H5Sget_simple_extent_npoints(sp) == 1 && H5Aread(a, mtype, value) >= 0 ? 0 : -1;
    if (sp >= 0) H5Sclose(sp);
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
        if (!slash) break;
    }
    htri_t o = H5Oexists_by_name(loc, name, H5P_DEFAULT);
    return o < 0 ? -1 : o > 0;
}

static rg_status damaged(const char *file, const char *name, rg_error *err)
{
    return rg_error_set(err, RG_EINPUT, "%s: %s is damaged (truncated or corrupted file?)", file,
                        name);
}

rg_status rg_h5_read_array(hid_t loc, const char *file, const char *name, hid_t mtype, size_t n,
                           void **out, rg_error *err)
{
    *out = NULL;
    int exists = rg_h5_exists(loc, name);
    if (exists == 0) return RG_OK;
    if (exists < 0) return damaged(file, name, err);
    hid_t ds = H5Dopen2(loc, name, H5P_DEFAULT);
    if (ds < 0) return damaged(file, name, err);
    hid_t sp = H5Dget_space(ds);
    hssize_t count = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    if (sp >= 0) H5Sclose(sp);
    rg_status st = RG_OK;
    if (count < 0 || (size_t)count != n) {
        st = rg_error_set(err, RG_EINPUT, "%s: /%s has %llu values; expected %zu", file, name,
                          count < 0 ? 0ULL : (unsigned long long)count, n);
    } else {
        void *buf = malloc(H5Tget_size(mtype) * (n ? n : 1));
        if (!buf)
            st = rg_error_set(err, RG_EINTERNAL, "out of memory reading %s", name);
        else if (n && H5Dread(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
            free(buf);
            st = damaged(file, name, err);
        } else
            *out = buf;
    }
    H5Dclose(ds);
    return st;
}

/* Copy HDF5's strings into malloc'd memory, so callers free them with free(). */
static rg_status copy_strings(char **s, hssize_t n, rg_error *err)
{
    rg_status st = RG_OK;
    for (hssize_t i = 0; i < n; i++) {
        char *h = s[i];
        s[i] = strdup(h ? h : "");
        if (h) H5free_memory(h);
        if (!s[i]) st = rg_error_set(err, RG_EINTERNAL, "out of memory");
    }
    return st;
}

rg_status rg_h5_read_strings(hid_t loc, const char *file, const char *name, char ***out,
                             size_t *count, rg_error *err)
{
    *out = NULL;
    *count = 0;
    int exists = rg_h5_exists(loc, name);
    if (exists == 0) return RG_OK;
    if (exists < 0) return damaged(file, name, err);
    hid_t ds = H5Dopen2(loc, name, H5P_DEFAULT);
    if (ds < 0) return damaged(file, name, err);
    hid_t sp = H5Dget_space(ds), ft = H5Dget_type(ds);
    hssize_t np = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    rg_status st = RG_OK;
    if (np < 0 || ft < 0 || H5Tget_class(ft) != H5T_STRING || H5Tis_variable_str(ft) <= 0) {
        st = rg_error_set(err, RG_EINPUT, "%s: /%s: expected variable-length text", file, name);
    } else {
        char **s = calloc((size_t)np + 1, sizeof *s);
        hid_t mt = H5Tcopy(H5T_C_S1);
        H5Tset_size(mt, H5T_VARIABLE);
        H5Tset_cset(mt, H5Tget_cset(ft));
        if (!s)
            st = rg_error_set(err, RG_EINTERNAL, "out of memory reading %s", name);
        else if (np > 0 && H5Dread(ds, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, s) < 0) {
            free(s);
            st = damaged(file, name, err);
        } else {
            st = copy_strings(s, np, err);
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

void rg_h5_free_strings(char **strings, size_t n)
{
    if (!strings) return;
    for (size_t i = 0; i < n; i++) free(strings[i]);
    free(strings);
}
