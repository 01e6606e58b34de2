/* Validation beyond the fit: the baseline run for 120 months (a seed and a horizon
 * the calibration never used) against published figures the fit never read
 * (data/targets/bjs_long_horizon.csv: other cohorts, other horizons, careers and
 * conditional risks). Every figure is reported beside the published one whatever
 * it shows; only sanity bounds are asserted (docs/validation.md, part 2): the
 * published figures are not targets and nothing is tuned to them.
 *
 * Usage: test_long_run bjs_long_horizon.csv [agents]   (RG_SOURCE_DIR: the sources)
 * Prints the table of docs/validation.md, the 120-month curve and arrest by race. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "reintegra/config.h"
#include "reintegra/justice.h"
#include "reintegra/module.h"
#include "reintegra/population.h"
#include "reintegra/run.h"

enum { YEARS = 10, MONTHS = 12 * YEARS };

/* What the run leaves per person: arrests by year after first release. */
typedef struct careers {
    size_t n;
    uint16_t (*by_year)[YEARS]; /* arrests in year y + 1 */
    const int16_t *first_arrest, *first_return;
    const float *age;
    const uint8_t *race; /* 0 white, 1 black, 2 Hispanic, 3 other */
} careers;

static int arrested_within(const careers *c, size_t i, int years)
{
    return c->first_arrest[i] >= 0 && c->first_arrest[i] < 12 * years;
}

static double share(double num, double den)
{
    return den > 0 ? 100.0 * num / den : NAN;
}

/* Percent arrested within `years` of everyone in an age group and a race group
 * (-1: all). */
static double within_of(const careers *c, int years, int age_group, int race)
{
    double num = 0, den = 0;
    for (size_t i = 0; i < c->n; i++) {
        const float a = c->age[i];
        const int g = a < 25 ? 0 : (a < 40 ? 1 : 2);
        if (age_group >= 0 && g != age_group) continue;
        if (race >= 0 && c->race[i] != race) continue;
        den += 1;
        num += arrested_within(c, i, years);
    }
    return share(num, den);
}

static double within(const careers *c, int years, int age_group)
{
    return within_of(c, years, age_group, -1);
}

static double returned_within(const careers *c, int years)
{
    double num = 0;
    for (size_t i = 0; i < c->n; i++)
        num += c->first_return[i] >= 0 && c->first_return[i] < 12 * years;
    return share(num, (double)c->n);
}

/* Percent arrested at least once in year y (1-based): BJS's annual arrest percentage. */
static double in_year(const careers *c, int y)
{
    double num = 0;
    for (size_t i = 0; i < c->n; i++) num += c->by_year[i][y - 1] > 0;
    return share(num, (double)c->n);
}

static double arrests_in(const careers *c, size_t i, int from, int to)
{
    double a = 0;
    for (int y = from; y <= to; y++) a += c->by_year[i][y - 1];
    return a;
}

/* Percent arrested in years from..to among those not arrested before year `from`. */
static double conditional(const careers *c, int from, int to)
{
    double num = 0, den = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (arrested_within(c, i, from - 1)) continue;
        den += 1;
        num += arrests_in(c, i, from, to) > 0;
    }
    return share(num, den);
}

static int by_count_desc(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

/* Percent of the arrests in years 1..years by the most arrested `top` percent. */
static double concentration(const careers *c, int years, double top)
{
    double *k = malloc(sizeof(double) * c->n), total = 0, head = 0;
    if (!k) return NAN;
    for (size_t i = 0; i < c->n; i++) total += k[i] = arrests_in(c, i, 1, years);
    qsort(k, c->n, sizeof *k, by_count_desc);
    const size_t m = (size_t)llround(top / 100.0 * (double)c->n);
    for (size_t i = 0; i < m; i++) head += k[i];
    free(k);
    return share(head, total);
}

static double per_person(const careers *c, int years)
{
    double a = 0;
    for (size_t i = 0; i < c->n; i++) a += arrests_in(c, i, 1, years);
    return a / (double)c->n;
}

/* Percent with at most k arrests in years 1..years. */
static double at_most(const careers *c, int years, double k)
{
    double num = 0;
    for (size_t i = 0; i < c->n; i++) num += arrests_in(c, i, 1, years) <= k;
    return share(num, (double)c->n);
}

/* The model's figure for a measure of the file, or NAN when it has none. */
static double model_value(const careers *c, const char *m)
{
    static const char *age_groups[] = {"age_24_or_younger", "age_25_39", "age_40_or_older"};
    static const char *races[] = {"white", "black", "hispanic"};
    int y = 0;
    char rest[64] = "";
    if (sscanf(m, "arrested_within_%d_years%63s", &y, rest) >= 1) {
        if (!rest[0]) return within(c, y, -1);
        for (int g = 0; g < 3; g++)
            if (rest[0] == '_' && !strcmp(rest + 1, age_groups[g])) return within(c, y, g);
        for (int r = 0; r < 3; r++)
            if (rest[0] == '_' && !strcmp(rest + 1, races[r])) return within_of(c, y, -1, r);
    }
    if (sscanf(m, "returned_within_%d_years", &y) == 1) return returned_within(c, y);
    if (sscanf(m, "arrested_in_year_%d", &y) == 1 && y >= 1 && y <= YEARS) return in_year(c, y);
    if (!strcmp(m, "arrested_year_3_if_not_by_year_2")) return conditional(c, 3, 3);
    if (!strcmp(m, "arrested_year_5_if_not_by_year_4")) return conditional(c, 5, 5);
    if (!strcmp(m, "arrested_years_4_to_9_if_not_by_year_3")) return conditional(c, 4, 9);
    if (!strcmp(m, "share_of_5_year_arrests_by_most_arrested_16.1_percent"))
        return concentration(c, 5, 16.1);
    if (!strcmp(m, "not_arrested_or_arrested_once_within_5_years")) return at_most(c, 5, 1);
    if (!strcmp(m, "arrests_per_released_within_9_years")) return per_person(c, 9);
    if (!strcmp(m, "arrests_per_released_within_10_years")) return per_person(c, 10);
    if (!strcmp(m, "share_of_9_year_arrests_in_years_4_to_9")) {
        double late = 0, all = 0;
        for (size_t i = 0; i < c->n; i++) {
            late += arrests_in(c, i, 4, 9);
            all += arrests_in(c, i, 1, 9);
        }
        return share(late, all);
    }
    if (!strcmp(m, "arrested_within_3_years_among_arrested_within_9")) {
        double num = 0, den = 0;
        for (size_t i = 0; i < c->n; i++) {
            den += arrested_within(c, i, 9);
            num += arrested_within(c, i, 3);
        }
        return share(num, den);
    }
    return NAN;
}

/* Split a CSV line on commas outside double quotes; returns the field count. */
static int split(char *line, char **f, int max)
{
    int n = 0, quoted = 0;
    f[n++] = line;
    for (char *p = line; *p; p++) {
        if (*p == '"') quoted = !quoted;
        if (*p == ',' && !quoted && n < max) {
            *p = '\0';
            f[n++] = p + 1;
        }
    }
    return n;
}

/* The comparison table; every row of the file must have a model figure. */
static void compare(const careers *c, const char *path)
{
    FILE *fp = fopen(path, "r");
    CHECK(fp != NULL, "cannot open %s", path);
    if (!fp) return;
    printf("| source | measure | published | model | unit |\n| --- | --- | ---: | ---: | --- |\n");
    char line[1024];
    int rows = 0;
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *f[8];
        if (!line[0] || line[0] == '#' || !strncmp(line, "study,", 6)) continue;
        const int n = split(line, f, 8);
        CHECK(n >= 5 && !strcmp(f[4], "out_of_sample"), "%s: a row that is not out_of_sample",
              path);
        if (n < 5) continue;
        const double v = model_value(c, f[1]);
        CHECK(!isnan(v), "%s: no model figure for %s", path, f[1]);
        printf("| %s | %s | %s | %.*f | %s |\n", f[0], f[1], f[2], strcmp(f[3], "arrests") ? 1 : 2,
               v, f[3]);
        rows++;
    }
    fclose(fp);
    CHECK(rows >= 4, "at least four out-of-sample comparisons (found %d)", rows);
}

/* The 120-month curve and sanity bounds (not published figures): cumulative
 * percentages rise and stay below 100, the annual arrest percentage falls from year
 * 1 to year 10, and every arrested person has at least one arrest. */
static void curve_and_bounds(const careers *c)
{
    printf("\n| year | arrested within (%%) | arrested in the year (%%) | arrests per person "
           "(cumulative) |\n| ---: | ---: | ---: | ---: |\n");
    double last = 0;
    for (int y = 1; y <= YEARS; y++) {
        const double w = within(c, y, -1);
        printf("| %d | %.1f | %.1f | %.2f |\n", y, w, in_year(c, y), per_person(c, y));
        CHECK(w >= last && w <= 100.0, "cumulative arrests must rise (year %d: %.1f)", y, w);
        last = w;
    }
    CHECK(in_year(c, YEARS) < in_year(c, 1), "the annual arrest percentage must fall: %.1f -> %.1f",
          in_year(c, 1), in_year(c, YEARS));
    CHECK(per_person(c, YEARS) >= within(c, YEARS, -1) / 100.0,
          "arrests per person at least the share arrested");
    printf("\ntop 10%% of people: %.1f%% of the 10-year arrests; 10 or more arrests: %.1f%%\n",
           concentration(c, YEARS, 10.0), 100.0 - at_most(c, YEARS, 9));
}

/* Arrest by race (rows of the file by race are compared in the table above). Sanity
 * bounds only, not the published sizes: black people are rearrested more often than
 * white people within 1, 3, 5 and 10 years (as in the BJS 2005, 2008 and 2012 cohorts),
 * by less than 20 points. Hispanic-white gaps are printed, not bounded: the published
 * sign differs between cohorts. */
static void race_gaps(const careers *c)
{
    static const int at[] = {1, 3, 5, 10};
    printf("\n| arrested within | white (%%) | black (%%) | Hispanic (%%) | black - white | "
           "Hispanic - white |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (int k = 0; k < 4; k++) {
        const double w = within_of(c, at[k], -1, 0), b = within_of(c, at[k], -1, 1),
                     h = within_of(c, at[k], -1, 2);
        printf("| %d year%s | %.1f | %.1f | %.1f | %+.1f | %+.1f |\n", at[k], at[k] > 1 ? "s" : "",
               w, b, h, b - w, h - w);
        CHECK(b - w > 0 && b - w < 20, "black-white rearrest gap within %d years: %+.1f points",
              at[k], b - w);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    const char *src = getenv("RG_SOURCE_DIR");
    char scenario[4096];
    snprintf(scenario, sizeof scenario, "%s/scenarios/baseline.cfg", src ? src : ".");
    rg_params p;
    rg_params_defaults(&p);
    rg_error err = {0};
    CHECK(rg_config_load(&p, scenario, &err) == RG_OK, "baseline: %s", err.msg);
    p.run.months = MONTHS;
    p.run.seed = 7;
    if (argc > 2) p.run.agents = atoll(argv[2]);
    rg_run *run = NULL;
    CHECK(rg_run_create(&run, &p, 0, &err) == RG_OK, "create: %s", err.msg);
    if (!run) return check_done();
    careers c = {.n = run->a.n, .by_year = calloc(run->a.n, sizeof *c.by_year)};
    CHECK(c.by_year != NULL, "out of memory");
    if (!c.by_year) return check_done();
    const struct rg_cols_population *population = RG_COLS(run, population);
    while (run->month < MONTHS) {
        const int month = run->month;
        CHECK(rg_run_step(run, &err) == RG_OK, "step: %s", err.msg);
        for (size_t k = 0; k < run->events.len; k++) {
            const rg_event *e = &run->events.ev[k];
            const int since = month - population->release_month[e->agent];
            if (e->type == RG_EV_ARREST && since >= 0 && since < MONTHS)
                c.by_year[e->agent][since / 12]++;
        }
    }
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    c.first_arrest = justice->first_arrest;
    c.first_return = justice->first_return;
    c.age = population->age_at_release;
    c.race = population->race;
    printf("baseline, %zu agents, seed %llu, %d months\n\n", c.n, (unsigned long long)p.run.seed,
           MONTHS);
    compare(&c, argv[1]);
    curve_and_bounds(&c);
    race_gaps(&c);
    free(c.by_year);
    rg_run_free(run);
    return check_done();
}
