/* Creating HDF5 files through a temporary name, and opening them after checks
 * (h5io.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/files.h"
#include "common/h5io.h"

/* File access: the file format of HDF5 1.10 (every piece of metadata carries a
 * checksum), and every object closed with the file. */
static hid_t file_access(void)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0) return -1;
    if (H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_V110) < 0 ||
        H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0) {
        H5Pclose(fapl);
        return -1;
    }
    return fapl;
}

/* Does HDF5 lock the files it opens (HDF5_USE_FILE_LOCKING, default yes)? */
static int hdf5_locks(void)
{
    const char *v = getenv("HDF5_USE_FILE_LOCKING");
    return !v || !(strcasecmp(v, "FALSE") == 0 || strcmp(v, "0") == 0);
}

static int same_file(int fd, const char *path)
{
    struct stat a, b;
    return fstat(fd, &a) == 0 && lstat(path, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

/* A partial already at w->partial: refused when it is not a regular file or a live
 * writer holds it; else (a writer that died) removed. RG_OK: try again. */
static rg_status clear_stale(const rg_h5_partial *w, rg_error *err)
{
    struct stat st;
    if (lstat(w->partial, &st) != 0) return errno == ENOENT ? RG_OK : RG_EINPUT;
    if (!S_ISREG(st.st_mode))
        return rg_error_set(err, RG_EINPUT,
                            "%s: cannot create the output file: the name exists and is %s, not "
                            "a file this program wrote (it is never written through); remove "
                            "it or choose another output name",
                            w->partial,
                            S_ISLNK(st.st_mode)   ? "a symbolic link"
                            : S_ISDIR(st.st_mode) ? "a folder"
                                                  : "not a regular file");
    int fd = open(w->partial, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT ? RG_OK : RG_EINPUT;
    rg_status s = RG_OK;
    if (flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK)
        s = rg_error_set(err, RG_EINPUT,
                         "%s: another process is writing this output (%s is in use); wait for "
                         "it to finish or choose another output name",
                         w->path, w->partial);
    else if (same_file(fd, w->partial) && unlink(w->partial) != 0 && errno != ENOENT)
        s = rg_error_set(err, RG_EINPUT, "%s: cannot remove the unfinished file: %s", w->partial,
                         strerror(errno));
    close(fd);
    return s;
}

/* Why a new file cannot be made at w->partial (the system's reason). */
static rg_status cannot_create(const rg_h5_partial *w, rg_error *err)
{
    int fd = open(w->partial, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    int e = errno;
    char hint[64];
    if (fd >= 0) {
        close(fd);
        unlink(w->partial);
        return rg_error_set(err, RG_EINTERNAL, "%s: cannot create the output file (HDF5 error)%s",
                            w->partial, rg_disk_full_hint(w->partial, hint, sizeof hint));
    }
    return rg_error_set(err, RG_EINPUT, "%s: cannot create the output file: %s", w->partial,
                        strerror(e));
}

/* HDF5 creates the partial exclusively; then this process checks that the name
 * still holds its file and keeps a descriptor (and, when HDF5 does not lock, a
 * lock) of its own. */
static rg_status create_exclusive(rg_h5_partial *w, hid_t fapl, rg_error *err)
{
    for (int attempt = 0; attempt < 3; attempt++) {
        struct stat st;
        const int existed = lstat(w->partial, &st) == 0;
        hid_t fcpl = H5Pcreate(H5P_FILE_CREATE);
        w->file = fcpl >= 0 && rg_h5_set_compact(fcpl) == 0
                      ? H5Fcreate(w->partial, H5F_ACC_EXCL, fcpl, fapl)
                      : -1;
        if (fcpl >= 0) H5Pclose(fcpl);
        if (w->file < 0) {
            if (lstat(w->partial, &st) != 0) return cannot_create(w, err);
            RG_TRY(clear_stale(w, err));
            /* What this attempt itself left (HDF5 created the file, then could not
             * write it: a full disk) is gone now; say why. */
            if (!existed) return cannot_create(w, err);
            continue;
        }
        void *handle = NULL;
        w->fd = open(w->partial, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
        int ours = w->fd >= 0 && H5Fget_vfd_handle(w->file, H5P_DEFAULT, &handle) >= 0 && handle &&
                   same_file(*(int *)handle, w->partial) && same_file(w->fd, w->partial);
        if (ours && !hdf5_locks()) ours = flock(w->fd, LOCK_EX | LOCK_NB) == 0;
        if (ours) return RG_OK;
        rg_h5_partial_abort(w);
        return rg_error_set(err, RG_EINPUT,
                            "%s: another process is writing this output (%s changed while it "
                            "was created); wait for it to finish or choose another output name",
                            w->path, w->partial);
    }
    return rg_error_set(err, RG_EINPUT, "%s: cannot create the output file: it keeps appearing",
                        w->partial);
}

rg_status rg_h5_partial_create(rg_h5_partial *w, const char *path, rg_error *err)
{
    memset(w, 0, sizeof *w);
    w->file = -1;
    w->fd = -1;
    if (snprintf(w->path, sizeof w->path, "%s", path) >= (int)sizeof w->path ||
        snprintf(w->partial, sizeof w->partial, "%s.partial", path) >= (int)sizeof w->partial)
        return rg_error_set(err, RG_EINPUT, "%s: the path is too long", path);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return rg_error_set(err, RG_EINPUT, "%s: is a folder; expected the name of a file", path);
    hid_t fapl = file_access();
    if (fapl < 0) return rg_error_set(err, RG_EINTERNAL, "HDF5 error (file access properties)");
    rg_status s = create_exclusive(w, fapl, err);
    H5Pclose(fapl);
    return s;
}

rg_status rg_h5_partial_commit(rg_h5_partial *w, rg_error *err)
{
    herr_t r = H5Fclose(w->file);
    w->file = -1;
    if (r < 0) {
        char hint[64];
        rg_h5_partial_abort(w);
        return rg_error_set(err, RG_EINTERNAL,
                            "%s: cannot write the file (HDF5 error while closing it)%s", w->partial,
                            rg_disk_full_hint(w->partial, hint, sizeof hint));
    }
    /* HDF5's lock went with its descriptor: hold ours while the name changes. */
    if (hdf5_locks() && flock(w->fd, LOCK_EX | LOCK_NB) != 0) {
        rg_h5_partial_abort(w);
        return rg_error_set(err, RG_EINPUT, "%s: another process took over %s", w->path,
                            w->partial);
    }
    rg_status s = RG_OK;
    if (fsync(w->fd) != 0 && errno != EINVAL)
        s = rg_error_set(err, RG_EINTERNAL, "%s: cannot write the file: %s", w->partial,
                         strerror(errno));
    else if (!same_file(w->fd, w->partial))
        s = rg_error_set(err, RG_EINPUT, "%s: another process replaced %s", w->path, w->partial);
    else if (rename(w->partial, w->path) != 0)
        s = rg_error_set(err, RG_EINTERNAL, "%s: cannot rename to %s: %s", w->partial, w->path,
                         strerror(errno));
    close(w->fd);
    w->fd = -1;
    return s;
}

/* Close every object still open in `file`, each by the function of its kind (HDF5
 * releases an id on close even when the close fails, e.g. on a full disk). */
static void close_objects(hid_t file)
{
    ssize_t n = H5Fget_obj_count(file, H5F_OBJ_LOCAL | H5F_OBJ_DATASET | H5F_OBJ_GROUP |
                                           H5F_OBJ_DATATYPE | H5F_OBJ_ATTR);
    if (n <= 0) return;
    hid_t *ids = malloc(sizeof *ids * (size_t)n);
    if (!ids) return;
    n = H5Fget_obj_ids(
        file, H5F_OBJ_LOCAL | H5F_OBJ_DATASET | H5F_OBJ_GROUP | H5F_OBJ_DATATYPE | H5F_OBJ_ATTR,
        (size_t)n, ids);
    for (ssize_t i = 0; i < n; i++) {
        switch (H5Iget_type(ids[i])) {
        case H5I_DATASET: H5Dclose(ids[i]); break;
        case H5I_GROUP: H5Gclose(ids[i]); break;
        case H5I_DATATYPE: H5Tclose(ids[i]); break;
        case H5I_ATTR: H5Aclose(ids[i]); break;
        default: break;
        }
    }
    free(ids);
}

void rg_h5_partial_abort(rg_h5_partial *w)
{
    if (w->file >= 0) {
        close_objects(w->file);
        /* The unfinished file is of no use: emptied first, so that HDF5's flush at
         * close finds room even on a full disk (a file HDF5 fails to close stays
         * half torn down and crashes HDF5's own shutdown at exit), then removed. */
        int ours = w->fd >= 0 && same_file(w->fd, w->partial);
        if (ours && ftruncate(w->fd, 0) != 0) ours = 0;
        H5Fclose(w->file);
        w->file = -1;
        if (ours && same_file(w->fd, w->partial)) unlink(w->partial);
    }
    if (w->fd >= 0) close(w->fd);
    w->fd = -1;
}

/* --- opening ----------------------------------------------------------------------- */

/* The version of the HDF5 superblock of the open regular file fd, read without
 * HDF5 (-1: no HDF5 signature at offsets 0, 512, 1024, ...). */
static int superblock_version(int fd, off_t size)
{
    static const unsigned char sig[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    for (off_t at = 0; at + 9 <= size; at = at ? 2 * at : 512) {
        unsigned char buf[9];
        if (pread(fd, buf, sizeof buf, at) != (ssize_t)sizeof buf) return -1;
        if (!memcmp(buf, sig, sizeof sig)) return buf[8];
        if (at > ((off_t)1 << 40)) break;
    }
    return -1;
}

static rg_status probe(const char *path, rg_error *err)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return rg_error_set(err, RG_EINPUT, "%s: cannot open the file: %s", path, strerror(errno));
    struct stat st;
    rg_status s = RG_OK;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        s = rg_error_set(err, RG_EINPUT, "%s: not a regular file; expected an HDF5 file", path);
    else {
        int v = superblock_version(fd, st.st_size);
        if (v < 0)
            s = rg_error_set(err, RG_EINPUT, "%s: not an HDF5 file", path);
        else if (v < 2)
            s = rg_error_set(err, RG_EINPUT,
                             "%s: an HDF5 file without checksums (superblock version %d): "
                             "written by another program or by reintegra before schema version "
                             "2; run its scenario again (h5dump -d /config shows it)",
                             path, v);
    }
    close(fd);
    return s;
}

/* Below a group: every link and attribute stored compactly (rg_h5_set_compact).
 * Reads object headers only (they carry checksums), never a heap of links or
 * attributes; hard links only; at most 8 levels (a crafted file can link a group
 * to its parent). */
typedef struct {
    int depth, ok;
} compact_walk;

static int compact_object(hid_t obj, int group)
{
    H5O_info_t oi;
    if (group) {
        H5G_info_t gi;
        if (H5Gget_info(obj, &gi) < 0 || gi.storage_type != H5G_STORAGE_TYPE_COMPACT) return 0;
    }
    if (H5Oget_info2(obj, &oi, H5O_INFO_META_SIZE) < 0) return 0;
    return oi.meta_size.attr.index_size == 0 && oi.meta_size.attr.heap_size == 0;
}

static int compact_group(hid_t g, int depth);

static herr_t compact_link(hid_t g, const char *name, const H5L_info_t *link, void *data)
{
    compact_walk *w = data;
    if (link->type != H5L_TYPE_HARD) return 0;            /* never followed by a reader */
    if (w->depth == 0 && !strcmp(name, "runs")) return 0; /* a sweep index's task links */
    hid_t obj = H5Oopen(g, name, H5P_DEFAULT);
    H5I_type_t type = obj < 0 ? H5I_BADID : H5Iget_type(obj);
    w->ok =
        obj >= 0 && (type == H5I_GROUP ? compact_group(obj, w->depth + 1) : compact_object(obj, 0));
    if (obj >= 0) H5Oclose(obj);
    return w->ok ? 0 : 1;
}

static int compact_group(hid_t g, int depth)
{
    compact_walk w = {depth, 1};
    if (depth > 8 || !compact_object(g, 1)) return 0;
    hsize_t idx = 0;
    return H5Literate(g, H5_INDEX_NAME, H5_ITER_NATIVE, &idx, compact_link, &w) >= 0 && w.ok;
}

rg_status rg_h5_open(const char *path, hid_t *file, rg_error *err)
{
    *file = -1;
    RG_TRY(probe(path, err));
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0 || H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0) {
        if (fapl >= 0) H5Pclose(fapl);
        return rg_error_set(err, RG_EINTERNAL, "HDF5 error (file access properties)");
    }
    *file = H5Fopen(path, H5F_ACC_RDONLY, fapl);
    H5Pclose(fapl);
    if (*file < 0) return rg_h5_damaged(path, "HDF5 cannot open it", err);
    if (!compact_group(*file, 0)) {
        rg_h5_close(*file);
        *file = -1;
        return rg_h5_damaged(
            path, "its groups or attributes are not stored as this program writes them", err);
    }
    return RG_OK;
}

int rg_h5_close(hid_t file)
{
    return file >= 0 && H5Fclose(file) < 0 ? -1 : 0;
}

rg_status rg_h5_damaged(const char *file, const char *what, rg_error *err)
{
    return rg_error_set(err, RG_EINPUT,
                        "%s: damaged: %s (a checksum or the structure does not match; the file "
                        "was truncated, corrupted or altered)",
                        file, what);
}
