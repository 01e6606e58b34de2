/*
 * Text helpers: how far apart two names are (for "did you mean"), escapes for
 * messages, and a hash. Internal to libreintegra (not an installed header).
 */
#ifndef REINTEGRA_COMMON_TEXT_H
#define REINTEGRA_COMMON_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Levenshtein distance of two names of at most 64 characters ((size_t)-1 for
 * longer ones). */
size_t rg_edit_distance(const char *a, const char *b);

/* Copy `in` into `out` (NUL-terminated, cut to fit), control characters written as
 * escapes (\n, \t, \x1b): messages stay one line, and text from input files never
 * reaches a terminal raw. */
void rg_text_escape(const char *in, char *out, size_t size);

/* One text field of a CSV file (RFC 4180), the one way every CSV field is written:
 * quoted when it holds a comma, a quote or a line break; and a text a spreadsheet
 * would take for a formula (starting with =, +, -, @, a tab or a carriage return)
 * gets a leading ' as OWASP recommends. Numbers are written by the callers. */
void rg_csv_text(FILE *f, const char *s);

/* One JSON string, quoted: quotes, backslashes and control characters escaped. */
void rg_json_text(FILE *f, const char *s);

/* Text for HTML, in content or in a quoted attribute: &, <, > and " escaped. */
void rg_html_text(FILE *f, const char *s);

/* FNV-1a, 64 bits, of n bytes, continuing from h (start with RG_FNV_START). */
#define RG_FNV_START 14695981039346656037ULL
unsigned long long rg_fnv64(unsigned long long h, const void *data, size_t n);

#endif
