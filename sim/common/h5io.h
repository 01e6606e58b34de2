/*
 * HDF5 reading and writing helpers shared by every layer that touches a file: the
 * engine's run writer, the workflows' index and calibration files, and the
 * analysis readers. Internal to libreintegra (not an installed header).
 *
 * Files are written so that damage is found before it is used: HDF5's own
 * metadata checksums (file format of HDF5 1.10, superblock version 3), Fletcher32
 * checksums on the chunks of every dataset, and strings of fixed length (the
 * global heap that holds variable-length strings has no checksum). Files are read
 * so that a damaged or hostile one gives a message, not a crash or a wrong number:
 * the superblock is checked before HDF5 parses anything, only hard links are
 * followed, datasets stored in other files are refused, and every read checks the
 * type and size first.
 *
 * Writers return 0, or -1 after an HDF5 error (so results can be combined with |
 * or tested with < 0). Readers of optional things return -1 when absent.
 */
#ifndef REINTEGRA_COMMON_H5IO_H
#define REINTEGRA_COMMON_H5IO_H

#include <hdf5.h>
#include <stddef.h>
#include <stdint.h>

#include "reintegra/error.h"

/* --- creating files ------------------------------------------------------------ */

/* A file being written under a temporary name `partial` and renamed into place. */
typedef struct rg_h5_partial {
    hid_t file;
    int fd; /* our own descriptor of the file: its lock after HDF5 closes it */
    char partial[4128], path[4112];
} rg_h5_partial;

/* Create `partial` (PATH.partial) for `path`: exclusively, never through a
 * symbolic link. A partial that another process is writing is refused with one
 * line; one left by a process that died is replaced. Errors name the system's
 * reason. On success w->file is open for writing. */
rg_status rg_h5_partial_create(rg_h5_partial *w, const char *path, rg_error *err);
/* Close the file and rename it to its path (after checking that the partial is
 * still the file this process created). Every object of the file must be closed. */
rg_status rg_h5_partial_commit(rg_h5_partial *w, rg_error *err);
/* Close everything of the file without renaming it, and remove the partial (a
 * write that failed: its content is of no use; a process that is killed leaves
 * its partial, which the next writer replaces). Safe after a failed commit and on
 * a w never created; never leaves HDF5 with an object it cannot close. */
void rg_h5_partial_abort(rg_h5_partial *w);

/* --- writing ----------------------------------------------------------------- */

/* A string type of fixed length holding `text` and its NUL (close with H5Tclose). */
hid_t rg_h5_string_type(const char *text);

/* Scalar attributes: a string; a value stored with `type` (file and memory type
 * alike); a long long stored as int64; a double stored as float64. */
int rg_h5_attr_string(hid_t obj, const char *name, const char *value);
int rg_h5_attr_scalar(hid_t obj, const char *name, hid_t type, const void *value);
int rg_h5_attr_ll(hid_t obj, const char *name, long long value);
int rg_h5_attr_double(hid_t obj, const char *name, double value);

/* The `units` and `description` attributes every dataset carries. */
int rg_h5_describe(hid_t obj, const char *units, const char *description);

/* Creation properties of a chunked dataset of rank 1 or 2 (chunk dims given),
 * compressed when compression > 0, always with Fletcher32 checksums (close with
 * H5Pclose). */
hid_t rg_h5_dcpl(int rank, const hsize_t *chunk, int compression);

/* --- chunks filtered on many threads ---------------------------------------------
 *
 * HDF5 runs its filter pipeline (shuffle, deflate, Fletcher32) on one thread, at
 * H5Dwrite or when its chunk cache is flushed. rg_h5_write_chunks runs the same
 * pipeline itself, on `threads` OpenMP threads, for chunks of datasets made with
 * rg_h5_dcpl (rank 1, or rank 2 with chunks of whole rows), and stores the results with
 * H5Dwrite_chunk (filter mask 0) on the calling thread, in array order: the same shuffle, a deflate
 * into a buffer of the size HDF5's deflate filter gives it, and the same Fletcher32, appended
 * little-endian. The deflate writes zlib's format, a valid zlib stream that HDF5's
 * deflate filter and every reader decode to the same data: at level 1 (the default)
 * ISA-L's igzip (about 4 times as fast as libdeflate's level 1 on a run's chunks,
 * for a file about 2% larger), at levels 2 to 9 libdeflate at that level (smaller
 * than zlib's, in 0.5 to 0.7 times zlib's instructions); libdeflate at every level
 * when the environment sets RG_H5_PIPELINE=libdeflate, and zlib's compress2, whose
 * chunks are byte for byte those HDF5 stores, when it sets RG_H5_PIPELINE=zlib. An edge chunk
 * (`edge` elements given, fewer than n) is stored whole, the rest zero, as HDF5 stores it. A chunk
 * goes through HDF5's own pipeline (H5Dwrite) instead when the dataset's filters are not exactly
 * those of rg_h5_dcpl(.., compression), when its fill value is not HDF5's default (zero), when its
 * type is not the memory type (HDF5 would convert), when deflate does not fit HDF5's buffer (HDF5
 * then skips its optional deflate: only its own pipeline records that), and for every chunk when
 * the environment sets RG_H5_PIPELINE=hdf5 (used by the tests that compare them). With a memo, a
 * chunk whose elements (of at most 8 bytes, an edge chunk's zero fill included) are all one value
 * is filtered once per value, element size, length, level and deflater; later ones get a copy of
 * its stored bytes, which are those filtering it again would give (the deflaters are deterministic
 * and keep no state between chunks). */
typedef struct rg_h5_chunk {
    hid_t ds, mtype;  /* the dataset (extent covering the chunk); memory type */
    const void *data; /* the chunk's elements */
    hsize_t offset;   /* index of its first element in the dataset's order (a multiple of n) */
    size_t n, size;   /* elements in a chunk; bytes of one element */
    size_t edge;      /* elements in data when fewer than n (the dataset's last chunk); 0: n */
    size_t row;       /* rank 2: elements of a row (the chunk's and the dataset's); 0: rank 1 */
    int checked;      /* 1: rg_h5_chunks_direct said yes for this dataset, these n and row and
                         this compression (not checked again); 0: rg_h5_write_chunks checks */
} rg_h5_chunk;

/* Does the dataset of chunk c take chunks filtered by rg_h5_write_chunks at this
 * compression (its filters, fill value, type and chunk shape; see above)? A writer
 * that stores chunks of the same dataset again and again checks once and sets
 * `checked` (RG_H5_PIPELINE=hdf5 still sends every chunk through HDF5). */
int rg_h5_chunks_direct(const rg_h5_chunk *c, int compression);

/* The stored bytes of one-valued chunks, kept by one writer across its calls of
 * rg_h5_write_chunks (a run's file owns its own; safe on the run's threads). NULL
 * when memory is short (then nothing is kept). */
typedef struct rg_h5_chunk_memo rg_h5_chunk_memo;
rg_h5_chunk_memo *rg_h5_chunk_memo_new(void);
void rg_h5_chunk_memo_free(rg_h5_chunk_memo *m);

/* Filter and write `count` chunks, one-valued ones through `memo` (NULL: none);
 * 0, or -1 after an HDF5 error. */
int rg_h5_write_chunks(const rg_h5_chunk *chunks, size_t count, int compression, int threads,
                       rg_h5_chunk_memo *memo);
/* Write elements [offset, offset + count) of a rank-1 dataset through HDF5's
 * pipeline. */
int rg_h5_write_slice(hid_t ds, hid_t mtype, const void *data, hsize_t offset, hsize_t count);
/* Chunks this process has stored filtered by rg_h5_write_chunks (for the tests). */
unsigned long rg_h5_direct_chunks(void);
/* HDF5's Fletcher32 (H5_checksum_fletcher32) of nbytes at data: 16-bit big-endian
 * words, an odd last byte as the high half of a word, the sums folded every 360
 * words; the same value, bit for bit, 8 words at a time where SSE2 is available. */
uint32_t rg_h5_fletcher32(const unsigned char *data, size_t nbytes);

/* A dataset of rank 1..3 written whole (nothing written when it is empty), with
 * units and description; chunked with Fletcher32 checksums when it is not empty. */
int rg_h5_write_dataset(hid_t loc, const char *name, hid_t ftype, hid_t mtype, int rank,
                        const hsize_t *dims, const void *data, const char *units,
                        const char *description);
/* The same for doubles stored as float64. */
int rg_h5_write_doubles(hid_t loc, const char *name, int rank, const hsize_t *dims,
                        const double *data, const char *units, const char *description);
/* A scalar string dataset and a 1-D dataset of strings (fixed length, the longest
 * value's; units "-"). */
int rg_h5_write_text(hid_t loc, const char *name, const char *text, const char *description);
int rg_h5_write_strings(hid_t loc, const char *name, const char *const *values, size_t n,
                        const char *description);

/* A new group with a `description` attribute (NULL: none), its links and
 * attributes kept compact (-1 on failure; close with H5Gclose). */
hid_t rg_h5_create_group(hid_t loc, const char *name, const char *description);
/* The same for a group that will hold `links` links whose names take name_bytes
 * in all: its object header is made that large at once (H5Pset_est_link_info)
 * instead of growing and being continued link after link. */
hid_t rg_h5_create_group_sized(hid_t loc, const char *name, const char *description, size_t links,
                               size_t name_bytes);
/* Keep the links (a group or file creation list) and the attributes (any object
 * creation list) of the objects made with `plist` in their object headers, which
 * carry checksums, up to 65535 of each: past 8, HDF5 would move them to a fractal
 * heap whose blocks have no checksum, and a damaged byte there crashes HDF5's
 * readers. Readers refuse any other storage (rg_h5_open). -1 on failure. */
int rg_h5_set_compact(hid_t plist);

/* --- opening and reading -------------------------------------------------------- */

enum {
    RG_H5_TEXT_MAX = 1 << 20, /* bytes of one string read from a file */
};

/* Open `path` read-only after checking, before HDF5 parses anything, that it is
 * a regular file whose HDF5 superblock carries a checksum (version 2 or later:
 * written by this version of reintegra), then, before any link or attribute is
 * read, that every group's links and every object's attributes are stored
 * compactly, as this program writes them (rg_h5_set_compact; a sweep index's
 * /runs, its links to the task files, is not looked into). Errors are RG_EINPUT:
 * "PATH: ...". */
rg_status rg_h5_open(const char *path, hid_t *file, rg_error *err);
/* Close a file opened with rg_h5_open and every object still open in it
 * (-1 when HDF5 reports an error: a damaged file). */
int rg_h5_close(hid_t file);

/* A scalar string attribute of fixed length into buf ("" and -1 when absent, not
 * such a string, or longer than size - 1). */
int rg_h5_read_attr_string(hid_t obj, const char *name, char *buf, size_t size);
/* A scalar integer or floating-point attribute converted to mtype (-1 when absent
 * or of another kind). */
int rg_h5_read_attr_number(hid_t obj, const char *name, hid_t mtype, void *value);

/* Does the object `name` ("a/b/c") exist, reached through hard links only? 1 yes,
 * 0 no, -1 the file is damaged or a link on the way is soft or external. */
int rg_h5_exists(hid_t loc, const char *name);

/* Open dataset `name` after checking that it is reached through hard links, that
 * its data is in this file (not external, not virtual), that it carries Fletcher32
 * checksums when it is chunked, and that all its chunks are written. Absent: -1
 * and RG_OK in *st; refused or damaged: -1 and RG_EINPUT with a line naming
 * `file`. */
hid_t rg_h5_open_dataset(hid_t loc, const char *file, const char *name, rg_status *st,
                         rg_error *err);

/* Read dataset `name` of exactly n elements (of any rank) as mtype into *out
 * (malloc'd), after the checks of rg_h5_open_dataset and a check that it holds
 * plain numbers (integer or floating point, converted to mtype). Absent: *out = NULL and RG_OK (the
 * caller decides whether it may be). Another size, class or a failed checksum: RG_EINPUT. */
rg_status rg_h5_read_array(hid_t loc, const char *file, const char *name, hid_t mtype, size_t n,
                           void **out, rg_error *err);

/* The number of elements of dataset `name` (-1 when absent or unreadable). */
long long rg_h5_extent(hid_t loc, const char *name);

/* A scalar or 1-D dataset of fixed-length strings (at most RG_H5_TEXT_MAX bytes
 * each, at most max_count of them), copied into malloc'd strings (free with
 * rg_h5_free_strings). Absent: *out = NULL, *count = 0. */
rg_status rg_h5_read_strings(hid_t loc, const char *file, const char *name, size_t max_count,
                             char ***out, size_t *count, rg_error *err);
void rg_h5_free_strings(char **strings, size_t n);

/* The checksum of a run file (schema.h): its root attributes RG_RUN_CHECKSUMMED in
 * order, then /config, as FNV-1a 64, written "fnv1a64:0123456789abcdef". The
 * writer records it in the root attribute `checksum`; readers recompute it.
 * -1 when an attribute or /config is missing or of another type. */
int rg_h5_run_checksum(hid_t file, char *text, size_t size);

/* "FILE: damaged: WHAT (...)" with RG_EINPUT. */
rg_status rg_h5_damaged(const char *file, const char *what, rg_error *err);

#endif
