/* Target curves: reading them from CSV files, and the model's value at each point. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/calibrate.h"

/* Split a CSV line in place; returns the number of fields (at most max). */
static int split_csv(char *line, char **fields, int max)
{
    int n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(line, ",", &save); tok && n < max; tok = strtok_r(NULL, ",", &save))
        fields[n++] = tok;
    return n;
}

static int parse_number(const char *s, double *v)
{
    char *end;
    *v = strtod(s, &end);
    return *s && !*end;
}

/* A target file being read. Monthly files hold the cumulative percent by month, per
 * measure column. */
typedef struct reader {
    const char *path;
    int lineno;
    int monthly; /* -1 before the header, 0 yearly rows, 1 monthly columns, 2 composition */
    int ncols;
    char header[8][64];
    double cum[8][RG_CAL_MAX_YEARS + 1];
    int month_at[RG_CAL_MAX_YEARS + 1], nmonths;
    rg_target_row *rows;
    size_t max, *count;
} reader;

static rg_status read_header(reader *R, char **field, int n, rg_error *err)
{
    if (n >= 3 && !strcmp(field[0], "measure") && !strcmp(field[1], "group") &&
        !strcmp(field[2], "year1")) {
        R->monthly = 0;
        return RG_OK;
    }
    if (n == 3 && !strcmp(field[0], "dimension") && !strcmp(field[1], "group") &&
        !strcmp(field[2], "released")) {
        R->monthly = 2;
        return RG_OK;
    }
    if (n >= 2 && n <= 8 && !strcmp(field[0], "month")) {
        R->monthly = 1;
        R->ncols = n;
        for (int k = 0; k < n; k++) snprintf(R->header[k], sizeof R->header[k], "%s", field[k]);
        return RG_OK;
    }
    return rg_error_set(err, RG_EINPUT,
                        "%s:%d: expected the header measure,group,year1,year2,..., "
                        "month,MEASURE,... or dimension,group,released",
                        R->path, R->lineno);
}

/* month,value,value,...: kept until the end of the file. */
static rg_status read_month(reader *R, char **field, int n, rg_error *err)
{
    double m;
    if (n != R->ncols || !parse_number(field[0], &m) || m < 1 || m > 1200 ||
        R->nmonths == RG_CAL_MAX_YEARS + 1)
        return rg_error_set(err, RG_EINPUT, "%s:%d: expected %d numbers", R->path, R->lineno,
                            R->ncols);
    R->month_at[R->nmonths] = (int)m;
    for (int k = 1; k < n; k++)
        if (!parse_number(field[k], &R->cum[k][R->nmonths]))
            return rg_error_set(err, RG_EINPUT, "%s:%d: '%s' is not a number", R->path, R->lineno,
                                field[k]);
    R->nmonths++;
    return RG_OK;
}

/* A new row of the result, with the fields every row has. */
static rg_target_row *new_row(reader *R, const char *measure, const char *group)
{
    rg_target_row *r = &R->rows[*R->count];
    memset(r, 0, sizeof *r);
    snprintf(r->measure_name, sizeof r->measure_name, "%s", measure);
    snprintf(r->group, sizeof r->group, "%s", group);
    r->measure = rg_measure_parse(r->measure_name);
    r->weight = 1.0;
    snprintf(r->source, sizeof r->source, "%s", R->path);
    return r;
}

/* measure,group,year1,year2,... */
static rg_status read_year_row(reader *R, char **field, int n, rg_error *err)
{
    if (*R->count == R->max)
        return rg_error_set(err, RG_EINPUT, "%s:%d: more than %zu rows", R->path, R->lineno,
                            R->max);
    if (n < 3)
        return rg_error_set(err, RG_EINPUT, "%s:%d: expected measure,group and yearly values",
                            R->path, R->lineno);
    rg_target_row *r = new_row(R, field[0], field[1]);
    for (int k = 2; k < n && k - 2 < RG_CAL_MAX_YEARS; k++) {
        if (!parse_number(field[k], &r->value[k - 2]))
            return rg_error_set(err, RG_EINPUT, "%s:%d: '%s' is not a number", R->path, R->lineno,
                                field[k]);
        r->months[k - 2] = 12 * (k - 1);
        r->years = k - 1;
    }
    (*R->count)++;
    return RG_OK;
}

/* dimension,group,released: a row whose value is the count until the file ends. */
static rg_status read_composition_row(reader *R, char **field, int n, rg_error *err)
{
    if (*R->count == R->max)
        return rg_error_set(err, RG_EINPUT, "%s:%d: more than %zu rows", R->path, R->lineno,
                            R->max);
    double v;
    if (n != 3 || !parse_number(field[2], &v) || v < 0)
        return rg_error_set(err, RG_EINPUT, "%s:%d: expected dimension,group,count", R->path,
                            R->lineno);
    rg_target_row *r = new_row(R, field[0], field[1]);
    r->composition = 1;
    r->measure = -1;
    r->years = 1;
    r->value[0] = v;
    (*R->count)++;
    return RG_OK;
}

/* A composition file's counts become percents of their dimension's total. */
static void composition_shares(reader *R)
{
    rg_target_row *rows = R->rows;
    const size_t n = *R->count;
    for (size_t a = 0; a < n; a++) { /* value[1]: the dimension's total, for now */
        rows[a].value[1] = 0;
        for (size_t b = 0; b < n; b++)
            if (!strcmp(rows[a].measure_name, rows[b].measure_name))
                rows[a].value[1] += rows[b].value[0];
    }
    for (size_t a = 0; a < n; a++) {
        rows[a].value[0] = rows[a].value[1] > 0 ? 100.0 * rows[a].value[0] / rows[a].value[1] : 0;
        rows[a].value[1] = 0;
    }
}

/* The rows of a monthly file: each measure's shape, percent of the 12-month value at
 * the months before 12. */
static rg_status monthly_rows(reader *R, rg_error *err)
{
    int at12 = -1;
    for (int k = 0; k < R->nmonths; k++)
        if (R->month_at[k] == 12) at12 = k;
    if (at12 < 0) return rg_error_set(err, RG_EINPUT, "%s: a monthly file needs month 12", R->path);
    for (int c = 1; c < R->ncols; c++) {
        if (*R->count == R->max) return rg_error_set(err, RG_EINPUT, "%s: too many rows", R->path);
        rg_target_row *r = new_row(R, R->header[c], "all");
        r->shape = 1;
        for (int k = 0; k < R->nmonths; k++) {
            if (R->month_at[k] >= 12 || !(R->cum[c][at12] > 0)) continue;
            r->months[r->years] = R->month_at[k];
            r->value[r->years] = 100.0 * R->cum[c][k] / R->cum[c][at12];
            r->years++;
        }
        (*R->count)++;
    }
    return RG_OK;
}

rg_status rg_targets_read(const char *path, rg_target_row *rows, size_t max, size_t *count,
                          rg_error *err)
{
    *count = 0;
    FILE *f = fopen(path, "r");
    if (!f) return rg_error_set(err, RG_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    reader *R = calloc(1, sizeof *R);
    if (!R) {
        fclose(f);
        return rg_error_set(err, RG_EINTERNAL, "out of memory");
    }
    *R = (reader){.path = path, .monthly = -1, .rows = rows, .max = max, .count = count};
    char line[4096];
    rg_status st = RG_OK;
    while (st == RG_OK && fgets(line, sizeof line, f)) {
        R->lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#') continue;
        char *field[RG_CAL_MAX_YEARS + 3];
        int n = split_csv(line, field, RG_CAL_MAX_YEARS + 3);
        st = R->monthly < 0    ? read_header(R, field, n, err)
             : R->monthly == 2 ? read_composition_row(R, field, n, err)
             : R->monthly      ? read_month(R, field, n, err)
                               : read_year_row(R, field, n, err);
    }
    fclose(f);
    if (st == RG_OK && R->monthly < 0)
        st = rg_error_set(err, RG_EINPUT, "%s: no header line", path);
    if (st == RG_OK && R->monthly == 1) st = monthly_rows(R, err);
    if (st == RG_OK && R->monthly == 2) composition_shares(R);
    free(R);
    return st;
}

/* Percent of the cohort in a prior-arrest group ("4_or_fewer", "5_to_9", "10_or_more"). */
static double prior_share(const rg_target_row *row, const rg_outcome_columns *cols)
{
    static const char *const groups[] = {"4_or_fewer", "5_to_9", "10_or_more"};
    int code = -1;
    for (int g = 0; g < 3; g++)
        if (!strcmp(row->group, groups[g])) code = g;
    if (code < 0 || !cols->prior_group || !cols->n) return NAN;
    size_t in = 0;
    for (size_t i = 0; i < cols->n; i++) in += cols->prior_group[i] == code;
    return 100.0 * (double)in / (double)cols->n;
}

int rg_target_composition_valid(const rg_target_row *row)
{
    return row->composition && !strcmp(row->measure_name, "prior_arrests") &&
           (!strcmp(row->group, "4_or_fewer") || !strcmp(row->group, "5_to_9") ||
            !strcmp(row->group, "10_or_more"));
}

double rg_target_model_value(const rg_target_row *row, int k, const rg_outcome_columns *cols)
{
    if (row->composition) return prior_share(row, cols);
    /* BJS 2005 Figure 1 dates convictions by the court's decision: its monthly
     * shape is compared with convictions so dated. */
    rg_outcome_columns by_date;
    if (row->shape && row->measure == RG_MEASURE_CONVICTION && cols->first_conviction_date) {
        by_date = *cols;
        by_date.first[RG_MEASURE_CONVICTION] = cols->first_conviction_date;
        cols = &by_date;
    }
    double v = rg_cumulative_percent_months(cols, (rg_measure)row->measure, row->group,
                                            row->months[k], NULL);
    if (!row->shape) return v;
    double at12 =
        rg_cumulative_percent_months(cols, (rg_measure)row->measure, row->group, 12, NULL);
    return at12 > 0 ? 100.0 * v / at12 : NAN;
}

void rg_target_point_label(const rg_target_row *row, int k, char *buf, size_t size)
{
    if (row->composition)
        snprintf(buf, size, "share at release");
    else if (row->shape)
        snprintf(buf, size, "month %d (%% of 12)", row->months[k]);
    else
        snprintf(buf, size, "year %d", row->months[k] / 12);
}
