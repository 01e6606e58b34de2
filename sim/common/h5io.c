/* HDF5 writing helpers shared by the writer, the workflows and the analysis. */
#include "common/h5io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
