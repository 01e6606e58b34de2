/* Checking a file without analysing it: `reintegra verify`, and a sweep's check of
 * its task files before it trusts them. */
#include <hdf5.h>
#include <stdlib.h>
#include <string.h>

#include "common/h5io.h"
#include "reintegra/result.h"

enum { BLOCK_BYTES = 16 << 20 }; /* read at most this much of a dataset at a time */

typedef struct walk {
    const char *path;
    int index; /* a sweep index: its /runs links to task files are expected */
    rg_verify_info *info;
    rg_status st;
    rg_error *err;
} walk;

/* Read all of dataset ds, block by block along its first dimension, as stored:
 * every chunk's Fletcher32 checksum is checked on the way. */
static int read_whole(hid_t ds)
{
    hid_t sp = H5Dget_space(ds), t = H5Dget_type(ds);
    hsize_t dims[H5S_MAX_RANK];
    int rank = sp >= 0 ? H5Sget_simple_extent_dims(sp, dims, NULL) : -1;
    size_t size = t >= 0 ? H5Tget_size(t) : 0;
    int ok = rank >= 0 && size > 0 && H5Tget_class(t) != H5T_VLEN && H5Tis_variable_str(t) == 0;
    if (ok && rank == 0) {
        void *buf = malloc(size);
        ok = buf && H5Dread(ds, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0;
        free(buf);
    }
    double row = (double)size;
    for (int k = 1; ok && k < rank; k++) row *= (double)dims[k];
    hsize_t step = rank > 0 && row < BLOCK_BYTES ? (hsize_t)(BLOCK_BYTES / row) : 1;
    if (rank > 0 && step > dims[0]) step = dims[0] > 0 ? dims[0] : 1; /* no more than it holds */
    void *buf = ok && rank > 0 ? malloc((size_t)((double)step * row) + 1) : NULL;
    if (rank > 0 && !buf) ok = 0;
    for (hsize_t at = 0; ok && rank > 0 && at < dims[0]; at += step) {
        hsize_t start[H5S_MAX_RANK] = {at}, count[H5S_MAX_RANK];
        memcpy(count, dims, sizeof count);
        count[0] = dims[0] - at < step ? dims[0] - at : step;
        hid_t mem = H5Screate_simple(rank, count, NULL);
        ok = mem >= 0 && H5Sselect_hyperslab(sp, H5S_SELECT_SET, start, NULL, count, NULL) >= 0 &&
             H5Dread(ds, t, mem, sp, H5P_DEFAULT, buf) >= 0;
        if (mem >= 0) H5Sclose(mem);
    }
    free(buf);
    if (t >= 0) H5Tclose(t);
    if (sp >= 0) H5Sclose(sp);
    return ok;
}

static herr_t visit(hid_t group, const char *name, const H5L_info_t *link, void *data)
{
    walk *w = data;
    char what[1200];
    if (link->type != H5L_TYPE_HARD) {
        if (w->index && link->type == H5L_TYPE_EXTERNAL && !strncmp(name, "runs/", 5))
            return 0; /* the index's links to its task files: not followed */
        snprintf(what, sizeof what, "/%s is a %s link (only hard links are read)", name,
                 link->type == H5L_TYPE_SOFT ? "soft" : "external");
        w->st = rg_h5_damaged(w->path, what, w->err);
        return 1;
    }
    H5O_info_t oi;
    if (H5Oget_info_by_name2(group, name, &oi, H5O_INFO_BASIC, H5P_DEFAULT) < 0) {
        snprintf(what, sizeof what, "/%s cannot be opened", name);
        w->st = rg_h5_damaged(w->path, what, w->err);
        return 1;
    }
    if (oi.type != H5O_TYPE_DATASET) return 0;
    rg_status st;
    hid_t ds = rg_h5_open_dataset(group, w->path, name, &st, w->err);
    if (ds < 0) {
        w->st = st != RG_OK ? st : rg_h5_damaged(w->path, name, w->err);
        return 1;
    }
    hsize_t bytes = H5Dget_storage_size(ds);
    int ok = read_whole(ds);
    H5Dclose(ds);
    if (!ok) {
        snprintf(what, sizeof what, "/%s cannot be read", name);
        w->st = rg_h5_damaged(w->path, what, w->err);
        return 1;
    }
    w->info->datasets++;
    w->info->bytes += (double)bytes;
    return 0;
}

rg_status rg_file_verify(const char *path, rg_verify_info *info, rg_error *err)
{
    memset(info, 0, sizeof *info);
    hid_t file = -1;
    RG_TRY(rg_h5_open(path, &file, err));
    rg_h5_read_attr_string(file, "format", info->format, sizeof info->format);
    walk w = {path, !strcmp(info->format, "reintegra-sweep"), info, RG_OK, err};
    if (H5Aexists(file, "format") < 0)
        w.st = rg_h5_damaged(path, "the root group cannot be read", err);
    else if (strncmp(info->format, "reintegra", 9) != 0)
        w.st = rg_error_set(err, RG_EINPUT,
                            "%s: not a file of reintegra (no format attribute \"reintegra...\")",
                            path);
    if (w.st == RG_OK && H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, visit, &w) < 0 && w.st == RG_OK)
        w.st = rg_h5_damaged(path, "its groups cannot be walked", err);
    if (rg_h5_close(file) < 0 && w.st == RG_OK)
        w.st = rg_h5_damaged(path, "HDF5 reports an error closing it", err);
    if (w.st != RG_OK || strcmp(info->format, "reintegra") != 0) return w.st;
    /* A run file: the schema's reader too (version, completeness, checksum). */
    rg_result r;
    RG_TRY(rg_result_read(&r, path, err));
    info->schema_version = r.schema_version;
    info->run = 1;
    rg_result_free(&r);
    return RG_OK;
}
