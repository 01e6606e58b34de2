/* Commands of the `reintegra` program that live outside sim/main.c. Each takes
 * the command's own argc/argv (argv[0] is the command name) and returns the
 * program's exit status. */
#ifndef REINTEGRA_CLI_H
#define REINTEGRA_CLI_H

/* reintegra sweep SWEEP.cfg -o DIR (sim/cmd_sweep.c) */
int rg_cmd_sweep(int argc, char **argv);
/* reintegra sensitivity DIR|index.h5 --metric NAME (sim/cmd_sweep.c) */
int rg_cmd_sensitivity(int argc, char **argv);

#endif
