/*
 * Commands of the `reintegra` program implemented outside main.c. Each takes the
 * command's own argv (argv[0] is the command name), prints its results on stdout
 * and any error as one line on stderr, and returns the exit status: 0 success,
 * 2 bad input, 1 internal failure (sweep: 2 + the number of failed tasks).
 */
#ifndef REINTEGRA_CLI_H
#define REINTEGRA_CLI_H

#include <stddef.h>

/* `reintegra sweep SWEEP.cfg -o DIR` (sim/cmd_sweep.c) */
int rg_cmd_sweep(int argc, char **argv);
/* `reintegra sensitivity DIR|index.h5 --metric NAME` (sim/cmd_sweep.c) */
int rg_cmd_sensitivity(int argc, char **argv);

/* `reintegra metrics RUN.h5...`: every scenario's metrics with intervals. */
int rg_cmd_metrics(int argc, char **argv);
/* `reintegra compare BASE.h5 OTHER.h5...`: contrasts with the first scenario. */
int rg_cmd_compare(int argc, char **argv);
/* `reintegra report RUN.h5... -o report.html`: the HTML report. */
int rg_cmd_report(int argc, char **argv);
/* `reintegra demo`: the built-in scenarios, end to end, with a report.
 * `scenarios_dir` is the compiled-in default of --scenarios. */
int rg_cmd_demo(int argc, char **argv, const char *scenarios_dir);

/* The file of replicate r (1-based) of R: OUT.h5 itself when R = 1, else
 * OUT-r<r>.h5 (the extension kept, or .h5 added). */
void rg_replicate_path(const char *output, int r, int replicates, char *buf, size_t size);

#endif
