/*
 * The keys of the workflows' own files (sweep files, calibration files), declared
 * once per kind of file as a table of descriptors: name, type, range, default and
 * meaning. Readers check every key of a file against its table (an unknown key
 * gets a "did you mean"), with its type and range; the guides' tables of keys are
 * generated from the same tables (`reintegra sweep --keys`, `reintegra calibrate
 * --keys`).
 */
#ifndef REINTEGRA_KEYS_H
#define REINTEGRA_KEYS_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"

typedef enum rg_key_type {
    RG_KEY_TEXT,    /* a string */
    RG_KEY_INT,     /* a whole number in [min, max] */
    RG_KEY_REAL,    /* a number in [min, max] (above min with above_min) */
    RG_KEY_CHOICE,  /* one of the strings `choices` */
    RG_KEY_TEXTS,   /* a list of strings, min to max of them */
    RG_KEY_NUMBERS, /* a list of numbers, min to max of them */
    RG_KEY_ENTRIES  /* a list of groups, min to max of them, with the keys `entries` */
} rg_key_type;

typedef struct rg_key_table rg_key_table;

typedef struct rg_key_desc {
    const char *name;
    rg_key_type type;
    double min, max;             /* INT, REAL: the range; lists: their length */
    int above_min;               /* REAL: the value must be above min */
    int required;                /* 1: the key must be given */
    const char *const *choices;  /* CHOICE: NULL-terminated */
    const rg_key_table *entries; /* ENTRIES: the keys of each entry */
    const char *def;             /* the default, as the guides show it */
    const char *example;         /* a value, as it is written in a file */
    const char *meaning;
} rg_key_desc;

struct rg_key_table {
    const char *what; /* "sweep key" */
    const rg_key_desc *keys;
    size_t n;
};

/* The table as Markdown, then the tables of its entries' keys. */
void rg_keys_write_markdown(const rg_key_table *t, FILE *f);

/* --- reading (libconfig settings) --------------------------------------------- */

struct config_setting_t;

/* Check the members of group g (a file's root, or an entry of a list) against t:
 * unknown keys, missing required keys, types, ranges and list lengths. Problems
 * are one line "FILE:LINE: [CONTEXT: ]KEY: what is wrong; expected ..." with
 * RG_EINPUT. The entries of an ENTRIES key are left to the caller. */
rg_status rg_keys_check(const rg_key_table *t, const struct config_setting_t *g, const char *file,
                        const char *context, rg_error *err);

/* Values of members that rg_keys_check accepted; 0 (or -1) when absent. */
int rg_key_number(const struct config_setting_t *g, const char *name, double *v);
int rg_key_number_elem(const struct config_setting_t *list, int k, double *v);
int rg_key_text(const struct config_setting_t *g, const char *name, const char **v);
int rg_key_choice(const rg_key_table *t, const struct config_setting_t *g, const char *name);
/* The source line of a member (of g itself when absent). */
unsigned rg_key_line(const struct config_setting_t *g, const char *name);

#endif
