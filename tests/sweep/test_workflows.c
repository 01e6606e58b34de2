/* The workflows driven from C without the command line: a sweep and both kinds of
 * calibration run through their options structs, report progress through the
 * hooks, print nothing themselves, and their files' keys are checked against
 * their tables (with "did you mean"). */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../check.h"
#include "reintegra/calibrate.h"
#include "reintegra/sweep.h"

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL, "cannot write %s", path);
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

/* What the hooks saw. */
typedef struct seen {
    int calls, logs;
    rg_progress last;
    char unit[32];
} seen;

static void on_progress(void *ctx, const rg_progress *p)
{
    seen *s = ctx;
    s->calls++;
    s->last = *p;
    snprintf(s->unit, sizeof s->unit, "%s", p->unit);
}

static void on_log(void *ctx, const char *line)
{
    (void)line;
    ((seen *)ctx)->logs++;
}

/* Standard error goes to a file while the workflows run: it must stay empty. */
static int saved_stderr = -1;
static void quiet_begin(void)
{
    fflush(stderr);
    saved_stderr = dup(STDERR_FILENO);
    int fd = open("workflows_stderr.txt", O_WRONLY | O_CREAT | O_TRUNC, 0666);
    dup2(fd, STDERR_FILENO);
    close(fd);
}
static long quiet_end(void)
{
    fflush(stderr);
    dup2(saved_stderr, STDERR_FILENO);
    close(saved_stderr);
    struct stat st;
    return stat("workflows_stderr.txt", &st) == 0 ? (long)st.st_size : -1;
}

static void test_sweep(void)
{
    write_file("wf_base.cfg", "run: { agents = 400; months = 12; };\n"
                              "output: { events = false; trajectory_fraction = 0.0; };\n");
    write_file("wf_sweep.cfg",
               "base = \"wf_base.cfg\"; design = \"grid\"; replicates = 2;\n"
               "parameters = ( { name = \"offending.base_rate\"; values = [0.02, 0.05]; } );\n");
    rg_sweep *s = calloc(1, sizeof *s);
    rg_error err = {0};
    CHECK(rg_sweep_load(s, "wf_sweep.cfg", &err) == RG_OK, "%s", err.msg);
    CHECK(s->ntasks == 4, "4 tasks, not %lld", s->ntasks);
    int rc = system("rm -rf wf_sweep.d");
    (void)rc;
    seen hooks = {0};
    rg_sweep_options o = {
        .dir = "wf_sweep.d", .threads = 1, .hooks = {on_progress, on_log, &hooks}};
    rg_sweep_counts n;
    quiet_begin();
    rg_status st = rg_sweep_run(s, &o, &n, &err);
    long printed = quiet_end();
    CHECK(st == RG_OK, "sweep: %s", err.msg);
    CHECK(printed == 0, "the sweep printed %ld bytes on stderr", printed);
    CHECK(n.indexed && n.done == 4 && n.failed == 0 && n.missing == 0 && n.failed_now == 0,
          "counts %lld done, %lld failed, %lld missing", n.done, n.failed, n.missing);
    CHECK(access("wf_sweep.d/index.h5", F_OK) == 0, "no index");
    CHECK(hooks.calls == 5 && !strcmp(hooks.unit, "tasks"), "%d progress calls of %s", hooks.calls,
          hooks.unit);
    CHECK(hooks.last.done == 4 && hooks.last.total == 4, "last progress %lld of %lld",
          hooks.last.done, hooks.last.total);
    /* Again: everything is done; a share leaves the index alone. */
    rg_sweep_options share = o;
    share.first = 1, share.last = 3, share.share = 1;
    CHECK(rg_sweep_run(s, &share, &n, &err) == RG_OK && !n.indexed && n.failed_now == 0,
          "share: %s", err.msg);
    rg_sweep_free(s);
    free(s);
}

static void test_calibration(const char *method, const char *extra, const char *unit, int logs)
{
    char text[1024];
    snprintf(text, sizeof text,
             "base = \"wf_base.cfg\"; seed = 3; agents = 300; method = \"%s\"; %s\n"
             "parameters = ( { name = \"offending.base_rate\"; min = 0.05; max = 0.3; } );\n"
             "targets = ( { file = \"wf_targets.csv\"; } );\n",
             method, extra);
    write_file("wf_cal.cfg", text);
    write_file("wf_targets.csv", "measure,group,year1\narrest,all,36.8\n");
    rg_calibration *c = calloc(1, sizeof *c);
    rg_cal_result res;
    rg_error err = {0};
    seen hooks = {0};
    rg_comm alone = {0, 1, 0};
    rg_calibration_options o = {1, &alone, {on_progress, on_log, &hooks}};
    CHECK(rg_calibration_load(c, "wf_cal.cfg", &err) == RG_OK, "%s: %s", method, err.msg);
    quiet_begin();
    rg_status st = rg_calibration_run(c, &res, &o, &err);
    long printed = quiet_end();
    CHECK(st == RG_OK, "%s: %s", method, err.msg);
    CHECK(printed == 0, "%s printed %ld bytes on stderr", method, printed);
    CHECK(hooks.calls > 0 && !strcmp(hooks.unit, unit), "%s: %d progress calls of %s", method,
          hooks.calls, hooks.unit);
    CHECK(hooks.logs == logs, "%s: %d log lines", method, hooks.logs);
    CHECK(c->par[0].fitted > 0.05 && c->par[0].fitted < 0.3, "%s: fitted %g", method,
          c->par[0].fitted);
    if (!strcmp(unit, "draws"))
        CHECK(hooks.last.done == 6 && hooks.last.total == 6, "draws %lld of %lld", hooks.last.done,
              hooks.last.total);
    rg_cal_result_free(&res);
    free(c);
}

/* A file's keys against its table: one line, with a suggestion for a slip. */
static void expect_bad(int sweep, const char *text, const char *fragment)
{
    write_file("wf_bad.cfg", text);
    rg_error err = {0};
    rg_status st;
    if (sweep) {
        rg_sweep *s = calloc(1, sizeof *s);
        st = rg_sweep_load(s, "wf_bad.cfg", &err);
        rg_sweep_free(s);
        free(s);
    } else {
        rg_calibration *c = calloc(1, sizeof *c);
        st = rg_calibration_load(c, "wf_bad.cfg", &err);
        free(c);
    }
    CHECK(st == RG_EINPUT && strstr(err.msg, fragment), "expected '%s', got: %s", fragment,
          err.msg);
}

static void test_keys(void)
{
    const char *p =
        "parameters = ( { name = \"offending.base_rate\"; min = 0.05; max = 0.3; } );\n";
    char text[1024];
    snprintf(text, sizeof text, "base = \"wf_base.cfg\";\ndesing = \"lhs\";\n%s", p);
    expect_bad(1, text, "wf_bad.cfg:2: desing: unknown sweep key; did you mean design?");
    snprintf(text, sizeof text, "base = \"wf_base.cfg\";\nreplicates = 0;\n%s", p);
    expect_bad(1, text,
               "wf_bad.cfg:2: replicates: got 0; expected a whole number from 1 to 100000");
    expect_bad(1,
               "base = \"wf_base.cfg\";\nparameters = ( { name = \"offending.base_rate\";\n"
               "  mni = 0.1; max = 0.2; } );\n",
               "wf_bad.cfg:3: offending.base_rate: mni: unknown key of a parameter entry; did you "
               "mean min?");
    expect_bad(1, "design = \"grid\";\n", "wf_bad.cfg: base: missing; expected base = ");
    const char *t = "targets = ( { file = \"wf_targets.csv\"; } );\n";
    snprintf(text, sizeof text, "base = \"wf_base.cfg\";\nmax_evaluation = 5;\n%s%s", p, t);
    expect_bad(0, text,
               "wf_bad.cfg:2: max_evaluation: unknown calibration key; did you mean "
               "max_evaluations?");
    snprintf(text, sizeof text, "base = \"wf_base.cfg\";\nabc_accept = 1.5;\n%s%s", p, t);
    expect_bad(0, text, "abc_accept: got 1.5; expected a number above 0 and at most 1");
    snprintf(text, sizeof text, "base = \"wf_base.cfg\";\nmethod = \"simplex\";\n%s%s", p, t);
    expect_bad(0, text,
               "method: \"simplex\" is not a method; expected \"nelder-mead\" or "
               "\"abc-rejection\"");
    snprintf(text, sizeof text,
             "base = \"wf_base.cfg\";\n%stargets = ( { file = \"wf_targets.csv\"; wieght = 2.0; "
             "} );\n",
             p);
    expect_bad(0, text, "targets: wieght: unknown key of a target entry; did you mean weight?");
}

int main(void)
{
    test_sweep();
    test_calibration("abc-rejection", "abc_draws = 6; abc_accept = 0.5;", "draws", 0);
    test_calibration("nelder-mead", "max_evaluations = 4; months = 12;", "evaluations", 0);
    test_keys();
    return check_done();
}
