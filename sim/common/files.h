/*
 * File and path helpers shared by the workflows and the command line. Internal to
 * libreintegra (not an installed header).
 */
#ifndef REINTEGRA_COMMON_FILES_H
#define REINTEGRA_COMMON_FILES_H

#include <stddef.h>

/* `name` as written in `file`: relative to the folder of `file`, or absolute. */
void rg_path_relative_to(const char *file, const char *name, char *out, size_t size);

/* The whole of a file as a malloc'd, NUL-terminated string (NULL when it cannot
 * be read or memory runs out). */
char *rg_file_read(const char *path);

#endif
