/* Reading the contrasts of an uncertainty analysis back from its CSV file
 * (`compare --uncertainty --csv`), for the report. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/report.h"

enum { MAX_FIELDS = 64, LINE_MAX_ = 8192 };

/* Split a CSV line in place (fields may be quoted, with "" for a quote): the
 * number of fields, or -1 when a quote is not closed. */
static int split(char *line, char **field)
{
    int n = 0;
    char *r = line, *w = line;
    while (n < MAX_FIELDS) {
        field[n++] = w;
        if (*r == '"') {
            for (r++;; r++) {
                if (!*r) return -1;
                if (*r == '"' && r[1] == '"') {
                    *w++ = '"';
                    r++;
                } else if (*r == '"') {
                    r++;
                    break;
                } else {
                    *w++ = *r;
                }
            }
        } else {
            while (*r && *r != ',' && *r != '\n' && *r != '\r') *w++ = *r++;
        }
        if (*r != ',') break;
        *w++ = '\0';
        r++;
    }
    *w = '\0';
    return n;
}

static const char *const columns[] = {"base",        "scenario",    "metric",       "unit",
                                      "difference",  "noise_lower", "noise_upper",  "total_lower",
                                      "total_upper", "sets",        "driver_method"};
enum { NCOLS = sizeof columns / sizeof columns[0] };

static double number(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    return *s && !*end ? v : NAN;
}

/* Row fields by column: at[c] for columns[c], drv[t] and rc[t] for driver t + 1. */
typedef struct layout {
    int at[NCOLS], drv[RG_REPORT_DRIVERS], rc[RG_REPORT_DRIVERS], pv[RG_REPORT_DRIVERS];
} layout;

static int find(char **field, int n, const char *name)
{
    for (int k = 0; k < n; k++)
        if (!strcmp(field[k], name)) return k;
    return -1;
}

static int read_header(char *line, layout *L)
{
    char *field[MAX_FIELDS];
    int n = split(line, field);
    for (int c = 0; c < NCOLS; c++)
        if ((L->at[c] = find(field, n, columns[c])) < 0) return 0;
    for (int t = 0; t < RG_REPORT_DRIVERS; t++) {
        char d[32], r[32], pv[32];
        snprintf(d, sizeof d, "driver%d", t + 1);
        snprintf(r, sizeof r, "rcc%d", t + 1);
        snprintf(pv, sizeof pv, "p%d", t + 1);
        L->drv[t] = find(field, n, d);
        L->rc[t] = find(field, n, r);
        L->pv[t] = find(field, n, pv);
    }
    return 1;
}

static int read_row(char *line, const layout *L, rg_report_psa_row *row)
{
    char *field[MAX_FIELDS];
    int n = split(line, field);
    for (int c = 0; c < NCOLS; c++)
        if (L->at[c] >= n) return 0;
    memset(row, 0, sizeof *row);
    snprintf(row->base, sizeof row->base, "%s", field[L->at[0]]);
    snprintf(row->scenario, sizeof row->scenario, "%s", field[L->at[1]]);
    snprintf(row->metric, sizeof row->metric, "%s", field[L->at[2]]);
    snprintf(row->unit, sizeof row->unit, "%s", field[L->at[3]]);
    row->difference = number(field[L->at[4]]);
    row->noise_lo = number(field[L->at[5]]);
    row->noise_hi = number(field[L->at[6]]);
    row->total_lo = number(field[L->at[7]]);
    row->total_hi = number(field[L->at[8]]);
    row->sets = atoi(field[L->at[9]]);
    snprintf(row->driver_method, sizeof row->driver_method, "%s", field[L->at[10]]);
    for (int t = 0; t < RG_REPORT_DRIVERS; t++) {
        if (L->drv[t] < 0 || L->drv[t] >= n || !field[L->drv[t]][0]) break;
        snprintf(row->driver[t], sizeof row->driver[t], "%s", field[L->drv[t]]);
        row->rcc[t] = L->rc[t] >= 0 && L->rc[t] < n ? number(field[L->rc[t]]) : NAN;
        row->p[t] = L->pv[t] >= 0 && L->pv[t] < n ? number(field[L->pv[t]]) : NAN;
        row->ndrivers++;
    }
    return 1;
}

rg_status rg_report_psa_read(const char *path, rg_report_psa *u, rg_error *err)
{
    memset(u, 0, sizeof *u);
    FILE *f = fopen(path, "r");
    if (!f) return rg_error_set(err, RG_EINPUT, "%s: cannot open the file", path);
    char *line = malloc(LINE_MAX_);
    layout L;
    rg_status st = RG_OK;
    unsigned lineno = 1;
    if (!line)
        st = rg_error_set(err, RG_EINTERNAL, "out of memory");
    else if (!fgets(line, LINE_MAX_, f) || !read_header(line, &L))
        st = rg_error_set(err, RG_EINPUT,
                          "%s:1: not the CSV of `compare --uncertainty` (its columns base, "
                          "scenario, metric, ..., total_lower, total_upper)",
                          path);
    while (st == RG_OK && fgets(line, LINE_MAX_, f)) {
        lineno++;
        rg_report_psa_row *grown = realloc(u->row, sizeof *grown * (u->n + 1));
        if (!grown) {
            st = rg_error_set(err, RG_EINTERNAL, "out of memory");
            break;
        }
        u->row = grown;
        if (!read_row(line, &L, &u->row[u->n]))
            st = rg_error_set(err, RG_EINPUT, "%s:%u: expected a row of the header's columns", path,
                              lineno);
        else
            u->n++;
    }
    free(line);
    fclose(f);
    if (st != RG_OK) rg_report_psa_free(u);
    return st;
}

void rg_report_psa_free(rg_report_psa *u)
{
    free(u->row);
    memset(u, 0, sizeof *u);
}
