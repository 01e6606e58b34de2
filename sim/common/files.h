/*
 * File and path helpers shared by the workflows and the command line. Internal to
 * libreintegra (not an installed header).
 */
#ifndef REINTEGRA_COMMON_FILES_H
#define REINTEGRA_COMMON_FILES_H

#include <stddef.h>
#include <stdio.h>

#include "reintegra/error.h"

/* `name` as written in `file`: relative to the folder of `file`, or absolute.
 * Returns 0, or -1 when the result does not fit in size (out then holds ""). */
int rg_path_relative_to(const char *file, const char *name, char *out, size_t size);

/* The whole of a file as a malloc'd, NUL-terminated string (NULL when it cannot
 * be read, is not a regular file or memory runs out). */
char *rg_file_read(const char *path);

/* The whole of a regular file of at most `max` bytes as a malloc'd, NUL-terminated
 * string (*len bytes, which may hold NUL bytes). A FIFO, device or folder is never
 * opened for reading (it could block or never end): RG_EINPUT with one line naming
 * the path, as for a file that is missing or too large. */
rg_status rg_file_read_regular(const char *path, size_t max, char **out, size_t *len,
                               rg_error *err);

/* 1 when a and b both exist and are the same file (device and inode), else 0. */
int rg_file_same(const char *a, const char *b);

/* A text output written under a temporary name (PATH.tmp.XXXXXX, created
 * exclusively, never through a symbolic link) and renamed to PATH only when it is
 * complete, so a full disk or a crash never leaves a truncated file under PATH. */
typedef struct rg_file_out {
    FILE *f;
    char path[4096], tmp[4112];
} rg_file_out;

/* Refuses a PATH that names a folder (RG_EINPUT); errors carry the system's reason. */
rg_status rg_file_out_open(rg_file_out *o, const char *path, rg_error *err);
/* Flush, sync and rename into place; on any failure the temporary is removed. */
rg_status rg_file_out_commit(rg_file_out *o, rg_error *err);
/* Remove the temporary without touching PATH. */
void rg_file_out_abort(rg_file_out *o);

/* Is `path` an existing folder? */
int rg_path_is_dir(const char *path);

/* " (the disk is full: 12 kB free)" when the file system of `path` has less than
 * 1 MiB free, else "": the likely cause of a failed write that HDF5 does not name. */
const char *rg_disk_full_hint(const char *path, char *buf, size_t size);

/* Text shortened for a message: at most `keep` characters, then "...". */
const char *rg_abbrev(const char *text, size_t keep, char *buf, size_t size);

#endif
