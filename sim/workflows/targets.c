/* Target curves: reading them from CSV files, and the model's value at each point. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/calibrate.h"

/* --- targets --------------------------------------------------------------- */

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

rg_status rg_targets_read(const char *path, rg_target_row *rows, size_t max, size_t *count,
                          rg_error *err)
{
    *count = 0;
    FILE *f = fopen(path, "r");
    if (!f) return rg_error_set(err, RG_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    char line[4096];
    int lineno = 0, monthly = -1, ncols = 0;
    char header[8][64];
    /* Monthly files: the cumulative percent by month, per measure column. */
    double cum[8][RG_CAL_MAX_YEARS + 1];
    int month_at[RG_CAL_MAX_YEARS + 1], nmonths = 0;
    rg_status st = RG_OK;
    while (st == RG_OK && fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#') continue;
        char *field[RG_CAL_MAX_YEARS + 3];
        int n = split_csv(line, field, RG_CAL_MAX_YEARS + 3);
        if (monthly < 0) {
            if (n >= 3 && !strcmp(field[0], "measure") && !strcmp(field[1], "group") &&
                !strcmp(field[2], "year1")) {
                monthly = 0;
            } else if (n >= 2 && n <= 8 && !strcmp(field[0], "month")) {
                monthly = 1;
                ncols = n;
                for (int k = 0; k < n; k++) snprintf(header[k], sizeof header[k], "%s", field[k]);
            } else {
                st = rg_error_set(err, RG_EINPUT,
                                  "%s:%d: expected the header measure,group,year1,year2,... "
                                  "or month,MEASURE,...",
                                  path, lineno);
            }
            continue;
        }
        if (monthly) {
            double m;
            if (n != ncols || !parse_number(field[0], &m) || m < 1 || m > 1200 ||
                nmonths == RG_CAL_MAX_YEARS + 1) {
                st =
                    rg_error_set(err, RG_EINPUT, "%s:%d: expected %d numbers", path, lineno, ncols);
                break;
            }
            month_at[nmonths] = (int)m;
            for (int k = 1; k < n && st == RG_OK; k++)
                if (!parse_number(field[k], &cum[k][nmonths]))
                    st = rg_error_set(err, RG_EINPUT, "%s:%d: '%s' is not a number", path, lineno,
                                      field[k]);
            nmonths++;
            continue;
        }
        if (*count == max) {
            st = rg_error_set(err, RG_EINPUT, "%s:%d: more than %zu rows", path, lineno, max);
            break;
        }
        rg_target_row *r = &rows[*count];
        memset(r, 0, sizeof *r);
        if (n < 3) {
            st = rg_error_set(err, RG_EINPUT, "%s:%d: expected measure,group and yearly values",
                              path, lineno);
            break;
        }
        snprintf(r->measure_name, sizeof r->measure_name, "%s", field[0]);
        snprintf(r->group, sizeof r->group, "%s", field[1]);
        for (int k = 2; k < n && k - 2 < RG_CAL_MAX_YEARS && st == RG_OK; k++) {
            if (!parse_number(field[k], &r->value[k - 2]))
                st = rg_error_set(err, RG_EINPUT, "%s:%d: '%s' is not a number", path, lineno,
                                  field[k]);
            r->months[k - 2] = 12 * (k - 1);
            r->years = k - 1;
        }
        r->measure = rg_measure_parse(r->measure_name);
        r->weight = 1.0;
        snprintf(r->source, sizeof r->source, "%s", path);
        if (st == RG_OK) (*count)++;
    }
    fclose(f);
    if (st == RG_OK && monthly < 0) st = rg_error_set(err, RG_EINPUT, "%s: no header line", path);
    if (st == RG_OK && monthly == 1) {
        /* Shape: percent of the 12-month value, at the months before 12. */
        int at12 = -1;
        for (int k = 0; k < nmonths; k++)
            if (month_at[k] == 12) at12 = k;
        if (at12 < 0) st = rg_error_set(err, RG_EINPUT, "%s: a monthly file needs month 12", path);
        for (int c = 1; st == RG_OK && c < ncols; c++) {
            if (*count == max) {
                st = rg_error_set(err, RG_EINPUT, "%s: too many rows", path);
                break;
            }
            rg_target_row *r = &rows[*count];
            memset(r, 0, sizeof *r);
            snprintf(r->measure_name, sizeof r->measure_name, "%s", header[c]);
            snprintf(r->group, sizeof r->group, "all");
            r->measure = rg_measure_parse(r->measure_name);
            r->shape = 1;
            r->weight = 1.0;
            snprintf(r->source, sizeof r->source, "%s", path);
            for (int k = 0; k < nmonths; k++) {
                if (month_at[k] >= 12 || !(cum[c][at12] > 0)) continue;
                r->months[r->years] = month_at[k];
                r->value[r->years] = 100.0 * cum[c][k] / cum[c][at12];
                r->years++;
            }
            (*count)++;
        }
    }
    return st;
}

double rg_target_model_value(const rg_target_row *row, int k, const rg_outcome_columns *cols)
{
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
    if (row->shape)
        snprintf(buf, size, "month %d (%% of 12)", row->months[k]);
    else
        snprintf(buf, size, "year %d", row->months[k] / 12);
}
