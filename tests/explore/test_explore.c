/* The explorer's request handling, without a network: the lever table agrees with
 * the registry; pages and routes; malformed and hostile requests get a 4xx with a
 * message (and never crash: the suite runs this under sanitizers too); a run's
 * numbers equal a direct run of the same parameters; the baseline and an
 * unchanged world are identical (common random numbers); runs are cached. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "reintegra/config.h"
#include "reintegra/explore.h"
#include "reintegra/recidivism.h"
#include "reintegra/rng.h"
#include "reintegra/run.h"
#include "reintegra/workflow.h"

static char scenario[4096];

static int post(rg_explore *ex, const char *body, rg_explore_response *r)
{
    rg_explore_handle(ex, "POST", "/api/run", body, strlen(body), r);
    return r->status;
}

/* Is the body one JSON error object of printable ASCII? */
static int clean_error(const rg_explore_response *r)
{
    if (r->len < 12 || strncmp(r->body, "{\"error\": \"", 11) != 0) return 0;
    for (size_t i = 0; i < r->len; i++) {
        unsigned char c = (unsigned char)r->body[i];
        if ((c < 0x20 && c != '\n') || c > 0x7e) return 0;
    }
    return strcmp(r->content_type, "application/json") == 0;
}

static void test_levers(void)
{
    rg_error err = {0};
    CHECK(rg_explore_levers_check(&err) == RG_OK, "%s", err.msg);
    size_t n;
    const rg_lever *l = rg_explore_levers(&n);
    CHECK(n >= 20, "%zu levers", n);
    int switches = 0;
    for (size_t i = 0; i < n; i++) {
        const rg_param_desc *d = rg_param_find(l[i].param);
        CHECK(d != NULL, "lever %s: no parameter %s", l[i].name, l[i].param);
        if (!d) continue;
        switches += d->type == RG_PT_BOOL;
        if (d->type == RG_PT_REAL || d->type == RG_PT_INT)
            CHECK((l[i].min == 0 && l[i].max == 0) || (l[i].min >= d->min && l[i].max <= d->max),
                  "lever %s: range outside the registry's", l[i].name);
        CHECK(rg_explore_lever_find(l[i].name) == &l[i], "lever %s not found by name", l[i].name);
    }
    CHECK(switches >= 10, "%d policy switches", switches);
    CHECK(rg_explore_lever_find("no_such_lever") == NULL, "unknown lever found");
}

static void test_routes(rg_explore *ex)
{
    static const struct {
        const char *method, *path;
        int status;
    } routes[] = {
        {"GET", "/", 200},
        {"HEAD", "/", 200},
        {"GET", "/explore.js", 200},
        {"GET", "/explore.css", 200},
        {"GET", "/api/levers", 200},
        {"POST", "/", 405},
        {"DELETE", "/api/levers", 405},
        {"GET", "/api/run", 405},
        {"PUT", "/api/run", 405},
        {"GET", "/index.html", 404},
        {"GET", "/../../etc/passwd", 404},
        {"GET", "/%2e%2e/%2e%2e/etc/passwd", 404},
        {"GET", "/api/levers/../run", 404},
        {"GET", "//explore.js", 404},
        {"GET", "", 404},
        {"GET", "/explore.js\x01", 404},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        rg_explore_response r;
        rg_explore_handle(ex, routes[i].method, routes[i].path, NULL, 0, &r);
        CHECK(r.status == routes[i].status, "%s %s: %d, expected %d", routes[i].method,
              routes[i].path, r.status, routes[i].status);
        if (r.status >= 400)
            CHECK(clean_error(&r), "%s %s: not a clean error", routes[i].method, routes[i].path);
        if (r.status == 405) CHECK(r.allow != NULL, "405 without Allow");
        rg_explore_response_free(&r);
    }
    rg_explore_response r;
    rg_explore_handle(ex, "GET", "/", NULL, 0, &r);
    CHECK(r.len > 500 && strstr(r.body, "<title>") && strstr(r.body, "/explore.js"),
          "the page is not there");
    CHECK(!strstr(r.body, "http://") && !strstr(r.body, "https://"), "the page refers outside");
    rg_explore_response_free(&r);
    rg_explore_handle(ex, "GET", "/api/levers", NULL, 0, &r);
    size_t n;
    const rg_lever *l = rg_explore_levers(&n);
    for (size_t i = 0; i < n; i++) {
        char key[96];
        snprintf(key, sizeof key, "\"name\": \"%s\"", l[i].name);
        CHECK(strstr(r.body, key) != NULL, "/api/levers lacks %s", l[i].name);
    }
    rg_explore_response_free(&r);
}

/* Bad requests: the status and a part of the message. */
static void test_bad_requests(rg_explore *ex)
{
    static const struct {
        const char *body;
        int status;
        const char *says;
    } bad[] = {
        {"", 400, "expected a JSON object"},
        {"{", 400, "expected a string"},
        {"[]", 400, "expected a JSON object"},
        {"null", 400, "expected a JSON object"},
        {"{\"levers\": []}", 400, "levers: expected an object"},
        {"{\"levers\": {\"a\": {\"b\": 1}}}", 400, "expected a number, true, false"},
        {"{\"levers\": {\"a\": null}}", 400, "expected a number, true, false"},
        {"{\"levers\": {\"nope\": 1}}", 400, "unknown lever \\\"nope\\\""},
        {"{\"levers\": {\"<script>\": 1}}", 400, "unknown lever \\\"\\u003cscript\\u003e\\\""},
        {"{\"colour\": 1}", 400, "unknown key \\\"colour\\\""},
        {"{\"levers\": {\"ban_the_box\": 1}}", 400, "lever ban_the_box: expected true or false"},
        {"{\"levers\": {\"ban_the_box_coverage\": true}}", 400, "expected a number"},
        {"{\"levers\": {\"ban_the_box_coverage\": 1.5}}", 400, "1.5 is out of range"},
        {"{\"levers\": {\"ban_the_box_coverage\": -0.1}}", 400, "-0.1 is out of range"},
        {"{\"levers\": {\"cbt_places\": 301}}", 400, "the explorer takes 0 to 300"},
        {"{\"levers\": {\"fresh_start_mode\": \"sometimes\"}}", 400,
         "fresh_start.mode: \\\"sometimes\\\" is out of range"},
        {"{\"levers\": {\"fresh_start_mode\": 1}}", 400, "as text"},
        {"{\"agents\": 999999}", 400, "agents: 999999 is out of range"},
        {"{\"agents\": 10}", 400, "agents: 10 is out of range"},
        {"{\"months\": 6}", 400, "months: 6 is out of range"},
        {"{\"months\": 12.5}", 400, "expected a whole number"},
        {"{\"seed\": -1}", 400, "expected a whole number"},
        {"{\"seed\": 1e400}", 400, "a number out of range"},
        {"{\"seed\": 01}", 400, "leading zero"},
        {"{\"seed\": 1.}", 400, "digits after"},
        {"{\"seed\": -}", 400, "expected a number"},
        {"{\"seed\": 1, \"seed\": 2}", 400, "given twice"},
        {"{\"levers\": {\"cbt\": true, \"cbt\": false}}", 400, "given twice"},
        {"{} x", 400, "unexpected text after"},
        {"{\"levers\": {\"\\u00e9\": 1}}", 400, "printable ASCII"},
        {"{\"levers\": {\"\\ud800\": 1}}", 400, "printable ASCII"},
        {"{\"levers\": {\"a\\q\": 1}}", 400, "unknown escape"},
        {"{\"levers\": {\"a\tb\": 1}}", 400, "printable ASCII"},
        {"{\"levers\": {\"fresh_start_mode\": "
         "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}}",
         400, "too long"},
        {"{\"levers\": {\"cbt\": tru}}", 400, "expected a number, true, false"},
        {"{\"levers\": {\"cbt\": truex}}", 400, "expected ',' or '}'"},
        {"\xef\xbb\xbf{}", 400, "expected a JSON object"},
        {"{\"person\": 99999}", 400, "person: 99999 is not in the run"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rg_explore_response r;
        int st = post(ex, bad[i].body, &r);
        CHECK(st == bad[i].status, "body %zu (%s): status %d, expected %d", i, bad[i].body, st,
              bad[i].status);
        CHECK(clean_error(&r), "body %zu: not a clean error: %.*s", i, (int)r.len, r.body);
        CHECK(strstr(r.body, bad[i].says) != NULL, "body %zu: says %.*s, expected ...%s...", i,
              (int)r.len, r.body, bad[i].says);
        rg_explore_response_free(&r);
    }
    /* A NUL inside the body, too many levers, a body over the limit. */
    rg_explore_response r;
    rg_explore_handle(ex, "POST", "/api/run", "{\"a\0\": 1}", 9, &r);
    CHECK(r.status == 400 && strstr(r.body, "NUL"), "NUL: %d %s", r.status, r.body);
    rg_explore_response_free(&r);
    char many[8192] = "{\"levers\": {";
    for (int k = 0; k < 70; k++) {
        size_t len = strlen(many);
        snprintf(many + len, sizeof many - len, "%s\"x%d\": 1", k ? ", " : "", k);
    }
    strcat(many, "}}");
    CHECK(post(ex, many, &r) == 400 && strstr(r.body, "too many"), "70 levers: %s", r.body);
    rg_explore_response_free(&r);
    size_t big = rg_explore_get_limits(ex)->max_body + 1;
    char *huge = malloc(big + 1);
    memset(huge, ' ', big);
    huge[big] = '\0';
    huge[0] = '{';
    huge[big - 1] = '}';
    rg_explore_handle(ex, "POST", "/api/run", huge, big, &r);
    CHECK(r.status == 413 && clean_error(&r), "a huge body: %d", r.status);
    rg_explore_response_free(&r);
    /* Deep nesting is refused at the first level, whatever its depth. */
    memset(huge, '[', big);
    huge[0] = '{';
    rg_explore_handle(ex, "POST", "/api/run", huge, big - 1, &r);
    CHECK(r.status == 400 && clean_error(&r), "deep nesting: %d", r.status);
    rg_explore_response_free(&r);
    free(huge);
}

/* Random bodies and random damage to a valid one (with a size the explorer refuses,
 * so that no mutation runs a simulation) always get a clean 400. */
static void test_fuzz(rg_explore *ex)
{
    const char *valid = "{\"agents\": 99999999, \"months\": 12, \"seed\": 3, \"levers\": "
                        "{\"ban_the_box\": true, \"cbt_places\": 120, \"fresh_start_mode\": "
                        "\"automatic\", \"record_weight\": 0.5}}";
    const size_t n = strlen(valid);
    char buf[512];
    rg_rng g;
    rg_rng_init(&g, 7, RG_STREAM_CALIBRATION, 1, 0);
    int failures = 0;
    for (int trial = 0; trial < 3000; trial++) {
        size_t len = n;
        if (trial % 3 == 2) {
            len = (size_t)(rg_rng_u01(&g) * 200);
            for (size_t k = 0; k < len; k++) buf[k] = (char)(rg_rng_u01(&g) * 256);
        } else {
            memcpy(buf, valid, n);
            int edits = 1 + (int)(rg_rng_u01(&g) * 4);
            for (int e = 0; e < edits; e++)
                buf[(size_t)(rg_rng_u01(&g) * (double)n)] = (char)(rg_rng_u01(&g) * 256);
        }
        rg_explore_response r;
        rg_explore_handle(ex, "POST", "/api/run", buf, len, &r);
        if (r.status != 400 || !clean_error(&r)) failures++;
        rg_explore_response_free(&r);
    }
    CHECK(failures == 0, "%d of 3000 damaged requests were not a clean 400", failures);
}

/* The headline measures of a direct run, as "%.4f" text. */
static void direct_run(const char *const *sets, int nsets, char out[3][32])
{
    rg_params p;
    rg_error err = {0};
    rg_params_defaults(&p);
    CHECK(rg_config_load(&p, scenario, &err) == RG_OK, "%s", err.msg);
    for (int i = 0; i < nsets; i++) CHECK(rg_config_set(&p, sets[i], &err) == RG_OK, "%s", err.msg);
    rg_run *run = NULL;
    CHECK(rg_run_create(&run, &p, 1, &err) == RG_OK, "%s", err.msg);
    CHECK(rg_run_complete(run, &err) == RG_OK, "%s", err.msg);
    rg_outcome_columns c = rg_run_outcomes(run);
    for (int m = 0; m < RG_MEASURE_COUNT; m++)
        snprintf(out[m], 32, "%.4f", rg_cumulative_percent(&c, (rg_measure)m, "all", 1, NULL));
    rg_run_free(run);
}

/* The text of the object `key` in the answer (e.g. "\"changed\": {\"series\""). */
static const char *section(const char *body, const char *key)
{
    const char *s = strstr(body, key);
    return s ? s : "";
}

static void check_headline(const char *world, const char *sect, char want[3][32])
{
    for (int m = 0; m < RG_MEASURE_COUNT; m++) {
        char key[96];
        snprintf(key, sizeof key, "\"%s\": {\"year1\": %s}", rg_measure_name((rg_measure)m),
                 want[m]);
        const char *end = strstr(sect, "\"final\"");
        const char *at = strstr(sect, key);
        CHECK(at && (!end || at < end), "%s: expected %s", world, key);
    }
}

static void test_runs(rg_explore *ex)
{
    rg_explore_response r;
    const char *req = "{\"agents\": 2000, \"months\": 12, \"seed\": 5, \"levers\": "
                      "{\"ban_the_box\": true, \"ban_the_box_coverage\": 0.5}}";
    CHECK(post(ex, req, &r) == 200, "run: %d %.300s", r.status, r.body);
    const char *base_sets[] = {"run.agents=2000", "run.months=12", "run.seed=5",
                               "ban_the_box.enabled=true", "ban_the_box.coverage=0.5"};
    char want_b[3][32], want_c[3][32];
    direct_run(base_sets, 3, want_b);
    direct_run(base_sets, 5, want_c);
    check_headline("baseline", section(r.body, "\"baseline\": {\"series\""), want_b);
    check_headline("changed", section(r.body, "\"changed\": {\"series\""), want_c);
    CHECK(strstr(r.body, "--set ban_the_box.enabled=true --set ban_the_box.coverage=0.5\""),
          "the reproducing command");
    CHECK(strstr(r.body, "\"lives_differ\": true") && strstr(r.body, "when they part"),
          "the story of someone whose life changed");
    CHECK(strstr(r.body, "\"baseline\": {\"simulated\": true") &&
              strstr(r.body, "\"changed\": {\"simulated\": true"),
          "both simulated");
    rg_explore_response_free(&r);

    /* Again: both from the cache, the same answer. */
    CHECK(post(ex, req, &r) == 200, "again: %d", r.status);
    CHECK(strstr(r.body, "\"baseline\": {\"simulated\": false") &&
              strstr(r.body, "\"changed\": {\"simulated\": false"),
          "not cached");
    check_headline("changed (cached)", section(r.body, "\"changed\": {\"series\""), want_c);
    rg_explore_response_free(&r);

    /* A slider moved: the baseline comes from the cache, only the changed world runs. */
    CHECK(post(ex,
               "{\"agents\": 2000, \"months\": 12, \"seed\": 5, \"levers\": "
               "{\"ban_the_box\": true, \"ban_the_box_coverage\": 0.55}}",
               &r) == 200,
          "slider: %d", r.status);
    CHECK(strstr(r.body, "\"baseline\": {\"simulated\": false") &&
              strstr(r.body, "\"changed\": {\"simulated\": true"),
          "a moved slider ran the baseline again");
    check_headline("baseline (cached)", section(r.body, "\"baseline\": {\"series\""), want_b);
    rg_explore_response_free(&r);

    /* No lever moved: the changed world is the baseline, person for person. */
    CHECK(post(ex, "{\"agents\": 2000, \"months\": 12, \"seed\": 5, \"person\": 7}", &r) == 200,
          "unchanged: %d", r.status);
    const char *b = section(r.body, "\"baseline\": {\"series\"") + 12;
    const char *c = section(r.body, "\"changed\": {\"series\"") + 11;
    const char *bend = strstr(b, ",\n \"changed\"");
    CHECK(bend && strncmp(b, c, (size_t)(bend - b)) == 0, "baseline and unchanged world differ");
    CHECK(strstr(r.body, "\"changed_people\": 0,") && strstr(r.body, "\"person\": 7,") &&
              strstr(r.body, "\"lives_differ\": false"),
          "unchanged lives");
    rg_explore_response_free(&r);
}

int main(void)
{
    const char *src = getenv("RG_SOURCE_DIR");
    snprintf(scenario, sizeof scenario, "%s/scenarios/baseline.cfg", src ? src : ".");
    test_levers();
    rg_params p;
    rg_error err = {0};
    rg_params_defaults(&p);
    CHECK(rg_config_load(&p, scenario, &err) == RG_OK, "%s", err.msg);
    rg_explore_limits lim;
    rg_explore_limits_default(&lim);
    lim.min_agents = 500;
    lim.default_agents = 2000;
    lim.max_agents = 5000;
    lim.default_months = 12;
    lim.max_body = 4096;
    rg_explore *ex = NULL;
    CHECK(rg_explore_create(&ex, &p, "baseline.cfg", &lim, NULL, &err) == RG_OK, "%s", err.msg);
    if (!ex) return check_done();
    test_routes(ex);
    test_bad_requests(ex);
    test_fuzz(ex);
    test_runs(ex);
    rg_explore_free(ex);
    /* Limits that make no sense are refused. */
    lim.max_agents = 100;
    CHECK(rg_explore_create(&ex, &p, "baseline.cfg", &lim, NULL, &err) == RG_EINPUT,
          "bad limits accepted");
    return check_done();
}
