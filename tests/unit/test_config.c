/* Scenario loading: layering, and one clear FILE:LINE error for each kind of bad
 * input. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../check.h"
#include "reintegra/justice.h"
#include "reintegra/offending.h"
#include "reintegra/population.h"
#include "reintegra/module.h"
#include "reintegra/config.h"

static char dir[] = "/tmp/rg_test_config_XXXXXX";

static const char *write_file(const char *name, const char *text)
{
    static char paths[16][512];
    static int next;
    char *path = paths[next++ % 16];
    snprintf(path, 512, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return path;
}

/* Load `text` as scenario `name`; expect RG_EINPUT with every fragment in the message. */
static void expect_error(const char *name, const char *text, const char *f1, const char *f2)
{
    rg_params p;
    rg_params_defaults(&p);
    rg_error err = {0};
    const char *path = write_file(name, text);
    rg_status st = rg_config_load(&p, path, &err);
    if (st == RG_OK) st = rg_params_validate(&p, &err);
    CHECK(st == RG_EINPUT, "%s: expected RG_EINPUT, got %d", name, st);
    CHECK(strstr(err.msg, f1) != NULL, "%s: message lacks '%s': %s", name, f1, err.msg);
    if (f2) CHECK(strstr(err.msg, f2) != NULL, "%s: message lacks '%s': %s", name, f2, err.msg);
}

static void expect_set_error(const char *assignment, const char *fragment)
{
    rg_params p;
    rg_params_defaults(&p);
    rg_error err = {0};
    CHECK(rg_config_set(&p, assignment, &err) == RG_EINPUT, "--set %s accepted", assignment);
    CHECK(strstr(err.msg, fragment) != NULL, "--set %s: message lacks '%s': %s", assignment,
          fragment, err.msg);
}

int main(void)
{
    if (!mkdtemp(dir)) return 2;

    /* Layering: defaults <- base <- scenario <- --set. */
    write_file("base.cfg", "run: { agents = 500; months = 24; };\n"
                           "offending: { base_rate = 0.2; decay_power = 1.5; };\n");
    const char *scen = write_file("scen.cfg", "inherit = \"base.cfg\";\n"
                                              "offending: { base_rate = 0.3; };\n");
    rg_params p;
    rg_params_defaults(&p);
    rg_error err = {0};
    CHECK(rg_config_load(&p, scen, &err) == RG_OK, "layered load failed: %s", err.msg);
    CHECK(rg_config_set(&p, "run.agents=700", &err) == RG_OK, "--set failed: %s", err.msg);
    CHECK(p.run.agents == 700, "--set should win: agents %lld", p.run.agents);
    CHECK(p.run.months == 24, "base value lost: months %lld", p.run.months);
    CHECK(RG_PARAMS_MUT(&p, offending)->base_rate == 0.3, "scenario should win over base: %g",
          RG_PARAMS_MUT(&p, offending)->base_rate);
    CHECK(RG_PARAMS_MUT(&p, offending)->decay_power == 1.5, "base value lost: %g",
          RG_PARAMS_MUT(&p, offending)->decay_power);
    rg_params def;
    rg_params_defaults(&def);
    CHECK(RG_PARAMS_MUT(&p, justice)->arrest_probability ==
              RG_PARAMS_MUT(&def, justice)->arrest_probability,
          "default lost");
    CHECK(rg_config_set(&p, "run.name=\"quoted name\"", &err) == RG_OK &&
              !strcmp(p.run.name, "quoted name"),
          "string --set: %s", p.run.name);
    CHECK(rg_config_set(&p, "population.release=flow", &err) == RG_OK &&
              RG_PARAMS_MUT(&p, population)->release == RG_RELEASE_FLOW,
          "choice --set");
    CHECK(rg_config_set(&p, "output.events=false", &err) == RG_OK && p.output.events == 0,
          "bool --set");

    /* The resolved configuration reads back to the same values. */
    char *text = rg_config_resolved(&p);
    rg_params q;
    rg_params_defaults(&q);
    CHECK(text && rg_config_load_string(&q, text, "resolved", &err) == RG_OK, "resolved: %s",
          err.msg);
    size_t n;
    const rg_param_desc *t = rg_param_table(&n);
    for (size_t i = 0; i < n; i++) {
        char a[512], b[512];
        rg_param_format(&t[i], &p, a, sizeof a);
        rg_param_format(&t[i], &q, b, sizeof b);
        CHECK(!strcmp(a, b), "%s: %s became %s", t[i].name, a, b);
    }
    free(text);

    /* Every kind of bad input: one line naming file, line and key. */
    expect_error("typo.cfg", "run: { agents = 10; };\noffending: { base_rat = 0.1; };\n",
                 "typo.cfg:2: offending.base_rat: unknown parameter",
                 "did you mean offending.base_rate?");
    expect_error("group.cfg", "ofending: { base_rate = 0.1; };\n",
                 "group.cfg:1: ofending.base_rate", "did you mean offending.base_rate?");
    expect_error("top.cfg", "agents = 10;\n", "top.cfg:1: agents: unknown parameter", NULL);
    expect_error("type.cfg", "run:\n{\n  agents = \"many\";\n};\n",
                 "type.cfg:3: run.agents: got a string", "expected an integer");
    expect_error("float_int.cfg", "run: { agents = 10.5; };\n",
                 "float_int.cfg:1: run.agents: got a number", NULL);
    expect_error("range.cfg", "justice: { arrest_probability = 1.5; };\n",
                 "range.cfg:1: justice.arrest_probability: 1.5 is out of range", "from 0.001 to 1");
    expect_error("neg.cfg", "run: { months = 0; };\n", "neg.cfg:1: run.months: 0 is out of range",
                 NULL);
    expect_error("choice.cfg", "population: { release = \"flo\"; };\n",
                 "choice.cfg:1: population.release: \"flo\" is out of range",
                 "\"cohort\", \"flow\"");
    expect_error("bool.cfg", "output: { events = 1; };\n",
                 "bool.cfg:1: output.events: got an integer", "true or false");
    expect_error("list.cfg", "offending: { base_rate = [0.1, 0.2]; };\n",
                 "list.cfg:1: offending.base_rate: got an array", NULL);
    expect_error("missing.cfg", "\n\ninherit = \"nowhere.cfg\";\n", "missing.cfg:3: inherit",
                 "cannot open");
    write_file("cycle_a.cfg", "inherit = \"cycle_b.cfg\";\n");
    expect_error("cycle_b.cfg", "inherit = \"cycle_a.cfg\";\n", "inheritance cycle", "cycle_b.cfg");
    expect_error("self.cfg", "inherit = \"self.cfg\";\n", "inheritance cycle", NULL);
    expect_error("syntax.cfg", "run: {\n  agents = ;\n};\n", "syntax.cfg:2: syntax error", NULL);
    expect_error("shares.cfg", "population: { share_violent = 0.5; };\n", "offence shares",
                 "sum to");
    expect_error("flow.cfg",
                 "run: { months = 6; };\npopulation: { release = \"flow\"; flow_months = 12; };\n",
                 "population.flow_months", NULL);
    /* A missing scenario file itself. */
    rg_params_defaults(&p);
    rg_error e2 = {0};
    CHECK(rg_config_load(&p, "/nonexistent/dir/x.cfg", &e2) == RG_EINPUT &&
              strstr(e2.msg, "/nonexistent/dir/x.cfg"),
          "missing scenario: %s", e2.msg);

    expect_set_error("offending.base_rat=0.1", "did you mean offending.base_rate?");
    expect_set_error("run.agents=ten", "expected an integer");
    expect_set_error("run.agents=0", "out of range");
    expect_set_error("offending.base_rate=abc", "not a number");
    expect_set_error("run.agents", "expected group.key=value");
    expect_set_error("output.events=maybe", "true or false");

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return check_done();
}
