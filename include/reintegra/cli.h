/*
 * Commands of the `reintegra` program implemented outside main.c. Each takes the
 * command's own argv (argv[0] is the command name), prints its results on stdout
 * and any error as one line on stderr, and returns the exit status: 0 success,
 * 2 bad input, 1 internal failure (sweep: 2 + the number of failed tasks).
 */
#ifndef REINTEGRA_CLI_H
#define REINTEGRA_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "workflow.h"

/* Shared by the commands (sim/cli/cmd_common.c). */
/* Print err as one line; return its exit status (1 if it holds none). */
int rg_cli_fail(const rg_error *err);
/* Print "reintegra: " fmt (with one %s for arg) and the usage; return 2. */
int rg_cli_usage_error(const char *usage, const char *fmt, const char *arg)
    __attribute__((format(printf, 2, 0)));
/* Is -h or --help among the arguments? */
int rg_cli_wants_help(int argc, char **argv);
/* Is `option` among the arguments? */
int rg_cli_has(int argc, char **argv, const char *option);
/* The file name of `path` without folder and extension, then `suffix`. */
void rg_cli_stem(const char *path, const char *suffix, char *buf, size_t size);
/* A whole number in [lo, hi]: 0, else -1. */
int rg_cli_parse_count(const char *s, long long lo, long long hi, long long *out);

/* The one progress line of every command (run, sweep, calibrate, compare
 * --uncertainty) on stderr: a bar with the time elapsed and the time left for work
 * of a known size, the time elapsed for a fit that runs until it converges. Drawn
 * only when stderr is a terminal and without --quiet. */
typedef struct rg_cli_progress {
    int on;         /* drawing */
    int open;       /* a line is drawn and not yet ended */
    double start;   /* when the current piece of work started (monotonic seconds) */
    long long last; /* units done at the last report (a smaller count restarts) */
    int timed;      /* t0 and base are set */
    double t0;      /* when the first report of the current piece of work came */
    long long base; /* units done at that report: the rate counts those after it */
} rg_cli_progress;
void rg_cli_progress_init(rg_cli_progress *p, int quiet);
/* A workflow's progress (rg_hooks.progress; ctx is an rg_cli_progress): a bar for
 * months, tasks, draws and other counted units, the state of a Nelder-Mead fit. */
void rg_cli_show(void *ctx, const rg_progress *p);
/* End a line left open. */
void rg_cli_progress_end(rg_cli_progress *p);
/* A workflow's log line on stderr (rg_hooks.log). */
void rg_cli_log(void *ctx, const char *line);

/* `reintegra calibrate CAL.cfg` (sim/cli/cmd_calibrate.c) */
int rg_cmd_calibrate(int argc, char **argv);

/* `reintegra sweep SWEEP.cfg -o DIR` (sim/cli/cmd_sweep.c) */
int rg_cmd_sweep(int argc, char **argv);
/* `reintegra sensitivity DIR|index.h5 --metric NAME` (sim/cli/cmd_sweep.c) */
int rg_cmd_sensitivity(int argc, char **argv);

/* `reintegra decompose SCENARIO.cfg`: race gaps by channel (sim/cli/cmd_decompose.c) */
int rg_cmd_decompose(int argc, char **argv);

/* `reintegra metrics RUN.h5...`: every scenario's metrics with intervals. */
int rg_cmd_metrics(int argc, char **argv);
/* `reintegra compare BASE.h5 OTHER.h5...`: contrasts with the first scenario. */
int rg_cmd_compare(int argc, char **argv);
/* `reintegra compare RUN.h5... --uncertainty N`: contrasts with parameter uncertainty
 * (sim/cli/cmd_uncertainty.c; rg_cmd_compare hands over when --uncertainty is given). */
int rg_cmd_compare_uncertainty(int argc, char **argv);
/* `reintegra report RUN.h5... -o report.html`: the HTML report. */
int rg_cmd_report(int argc, char **argv);
/* `reintegra demo`: the built-in scenarios, end to end, with a report.
 * `scenarios_dir` is the compiled-in default of --scenarios. */
int rg_cmd_demo(int argc, char **argv, const char *scenarios_dir);

/* `reintegra explore`: the live explorer (sim/cli/cmd_explore.c). `scenarios_dir`
 * holds the default baseline. */
int rg_cmd_explore(int argc, char **argv, const char *scenarios_dir);

/* The policies of each scenario of a study, for the report (sim/cli/report_policies.c):
 * one rg_report_scenario per scenario in *out (free with free()). */
struct rg_study;
struct rg_report_scenario;
rg_status rg_cli_report_scenarios(const struct rg_study *s, struct rg_report_scenario **out,
                                  rg_error *err);

/* `reintegra story RUN.h5`: one person's life, or two (sim/cli/cmd_story.c). */
int rg_cmd_story(int argc, char **argv);

/* The --help text of each command above (for the man page and completions). */
const char *rg_usage_calibrate(void);
const char *rg_usage_decompose(void);
const char *rg_usage_sweep(void);
const char *rg_usage_sensitivity(void);
const char *rg_usage_metrics(void);
const char *rg_usage_compare(void);
const char *rg_usage_report(void);
const char *rg_usage_demo(void);
const char *rg_usage_explore(void);
const char *rg_usage_story(void);

/* A command of the program: `reintegra NAME ARGS`, one line of what it does, its
 * --help text (the one source of the usage message, the man page and the shell
 * completions) and what runs it. */
typedef struct rg_cli_command {
    const char *name, *args, *summary;
    const char *(*usage)(void);
    int (*run)(int argc, char **argv);
} rg_cli_command;

/* Generated from the command table (sim/cli/generate.c): the man page reintegra.1
 * (roff) and the completion script of `shell` ("bash" or "zsh", with the
 * commands, each command's options and the parameter names for --set); 2 and a
 * line for an unknown shell. `description` is the program's one-paragraph
 * description. */
void rg_cli_write_man(FILE *f, const rg_cli_command *cmds, size_t n, const char *description);
int rg_cli_write_completion(FILE *f, const char *shell, const rg_cli_command *cmds, size_t n);

#endif
