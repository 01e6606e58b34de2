/*
 * HDF5 reading and writing helpers shared by every layer that touches a file: the
 * engine's run writer, the workflows' index and calibration files, and the
 * analysis readers. Internal to libreintegra (not an installed header).
 *
 * Writers return 0, or -1 after an HDF5 error (so results can be combined with |
 * or tested with < 0). Readers of optional things return -1 when absent.
 */
#ifndef REINTEGRA_COMMON_H5IO_H
#define REINTEGRA_COMMON_H5IO_H

#include <hdf5.h>
#include <stddef.h>

#include "reintegra/error.h"

/* --- writing ----------------------------------------------------------------- */

/* Variable-length UTF-8 strings (close with H5Tclose). */
hid_t rg_h5_string_type(void);

/* Scalar attributes: a string; a value stored with `type` (file and memory type
 * alike); a long long stored as int64; a double stored as float64. */
int rg_h5_attr_string(hid_t obj, const char *name, const char *value);
int rg_h5_attr_scalar(hid_t obj, const char *name, hid_t type, const void *value);
int rg_h5_attr_ll(hid_t obj, const char *name, long long value);
int rg_h5_attr_double(hid_t obj, const char *name, double value);

/* The `units` and `description` attributes every dataset carries. */
int rg_h5_describe(hid_t obj, const char *units, const char *description);

/* A dataset of rank 1..3 written whole (nothing written when it is empty), with
 * units and description. */
int rg_h5_write_dataset(hid_t loc, const char *name, hid_t ftype, hid_t mtype, int rank,
                        const hsize_t *dims, const void *data, const char *units,
                        const char *description);
/* The same for doubles stored as float64. */
int rg_h5_write_doubles(hid_t loc, const char *name, int rank, const hsize_t *dims,
                        const double *data, const char *units, const char *description);
/* A scalar string dataset and a 1-D dataset of strings (units "-"). */
int rg_h5_write_text(hid_t loc, const char *name, const char *text, const char *description);
int rg_h5_write_strings(hid_t loc, const char *name, const char *const *values, size_t n,
                        const char *description);

/* A new group with a `description` attribute (-1 on failure; close with H5Gclose). */
hid_t rg_h5_create_group(hid_t loc, const char *name, const char *description);

/* --- reading ----------------------------------------------------------------- */

/* A scalar string attribute into buf ("" and -1 when absent or not a string). */
int rg_h5_read_attr_string(hid_t obj, const char *name, char *buf, size_t size);
/* A one-element attribute converted to mtype (-1 when absent or unreadable). */
int rg_h5_read_attr_number(hid_t obj, const char *name, hid_t mtype, void *value);

/* Does the object `name` ("a/b/c") exist? Parent groups are looked at first, as a
 * missing one makes H5Lexists fail. 1 yes, 0 no, -1 the file is damaged. */
int rg_h5_exists(hid_t loc, const char *name);

/* Read dataset `name` of exactly n elements (of any rank) as mtype into *out
 * (malloc'd). Absent: *out = NULL and RG_OK (the caller decides whether it may
 * be). Another size, or unreadable: RG_EINPUT with a line naming `file`. */
rg_status rg_h5_read_array(hid_t loc, const char *file, const char *name, hid_t mtype, size_t n,
                           void **out, rg_error *err);

/* A scalar or 1-D dataset of variable-length strings, copied into malloc'd
 * strings (free with rg_h5_free_strings). Absent: *out = NULL, *count = 0. */
rg_status rg_h5_read_strings(hid_t loc, const char *file, const char *name, char ***out,
                             size_t *count, rg_error *err);
void rg_h5_free_strings(char **strings, size_t n);

#endif
