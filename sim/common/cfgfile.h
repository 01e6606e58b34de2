/*
 * Reading libconfig files safely: every scenario, sweep and calibration file goes
 * through here. Internal to libreintegra (not an installed header).
 *
 * Only regular files are read (a FIFO or device could block or never end), of at
 * most RG_CFG_MAX_BYTES (libconfig's string scanner is quadratic), without NUL
 * bytes or `@include` (a scenario builds on another with `inherit`). libconfig 1.5
 * silently wraps integer literals that do not fit 32 bits (`agents = 4294967596`
 * would read as 300): the text is scanned first, literals that need 64 bits are
 * given libconfig's `L` suffix, and literals that do not fit 64 bits are errors with
 * FILE:LINE. So every integer setting reads as the number written.
 */
#ifndef REINTEGRA_COMMON_CFGFILE_H
#define REINTEGRA_COMMON_CFGFILE_H

#include <libconfig.h>
#include <stddef.h>

#include "reintegra/error.h"

enum {
    RG_CFG_MAX_BYTES = 1 << 20, /* a scenario file is a few kilobytes */
    RG_CFG_MAX_STRING = 1 << 16 /* characters of one string literal */
};

/* The text of a libconfig file, as read (malloc'd). Errors name `path`. */
rg_status rg_cfg_read_text(const char *path, char **text, rg_error *err);

/* Parse `text` (from `file`, named in messages) into cfg (initialised by the
 * caller), after the checks above. Syntax errors are "FILE:LINE: syntax error". */
rg_status rg_cfg_parse(config_t *cfg, const char *text, const char *file, rg_error *err);

/* rg_cfg_read_text then rg_cfg_parse. */
rg_status rg_cfg_read(config_t *cfg, const char *path, rg_error *err);

/* An integer as a libconfig literal that reads back as the same value: with the
 * `L` suffix when it does not fit 32 bits. */
void rg_cfg_format_int(long long v, char *buf, size_t size);

#endif
