/*
 * Text helpers shared by the registries: how far apart two names are, for "did
 * you mean". Internal to libreintegra (not an installed header).
 */
#ifndef REINTEGRA_COMMON_TEXT_H
#define REINTEGRA_COMMON_TEXT_H

#include <stddef.h>

/* Levenshtein distance of two names of at most 64 characters ((size_t)-1 for
 * longer ones). */
size_t rg_edit_distance(const char *a, const char *b);

#endif
