/*
 * A program of someone else's, built against an installed reintegra: it runs a
 * policy scenario from the installed data folder (which inherits baseline.cfg)
 * and writes the run's file. Usage: consumer OUT.h5
 */
#include <reintegra/config.h>
#include <reintegra/install_dirs.h>
#include <reintegra/params.h>
#include <reintegra/run.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: consumer OUT.h5\n");
        return 2;
    }
    rg_error err = {0};
    rg_params p;
    rg_params_defaults(&p);
    rg_run *run = NULL;
    rg_status st = rg_config_load(&p, RG_INSTALL_SCENARIOS_DIR "/ban_the_box.cfg", &err);
    if (st == RG_OK) st = rg_config_set(&p, "run.agents=1500", &err);
    if (st == RG_OK) st = rg_config_set(&p, "run.months=12", &err);
    if (st == RG_OK) st = rg_run_create(&run, &p, 1, &err);
    if (st == RG_OK) st = rg_run_open_output(run, argv[1], &err);
    if (st == RG_OK) st = rg_run_complete(run, &err);
    rg_run_free(run);
    if (st != RG_OK) {
        fprintf(stderr, "consumer: %s\n", err.msg);
        return 1;
    }
    printf("%s written from %s\n", argv[1], RG_INSTALL_SCENARIOS_DIR);
    return 0;
}
