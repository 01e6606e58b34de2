/* `reintegra decompose`: race gaps by channel (sim/workflows/decompose.c): parse,
 * call, print. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/cli.h"
#include "reintegra/config.h"
#include "reintegra/decompose.h"

static const char usage_decompose[] =
    "usage: reintegra decompose SCENARIO.cfg [-o OUT.h5] [--seed N] [--set KEY=VALUE]...\n"
    "                           [--threads N] [--quiet]\n"
    "\n"
    "How much of the black-white and Hispanic-white gaps in rearrest (3 years) and\n"
    "employment comes through each channel of the model: the scenario is run, then\n"
    "run again under the same random numbers with policing by place, taste-based and\n"
    "statistical discrimination, jobs by place, housing by place and the rest of\n"
    "segregation equalised between groups one after another. Prints the table; with\n"
    "-o, writes the scenario's run with the table as /race_decomposition (read by\n"
    "`reintegra metrics`). Runs at least 36 months.\n"
    "  -o, --output OUT.h5   the scenario's run file, with the table\n"
    "      --seed N          the seed (default: the scenario's)\n"
    "      --set KEY=VALUE   override a parameter (repeatable)\n"
    "      --threads N       OpenMP threads\n"
    "  -q, --quiet           no progress\n";

const char *rg_usage_decompose(void)
{
    return usage_decompose;
}

static void print_table(const rg_decomposition *d)
{
    static const char *const head[] = {"black rearrest", "black employed", "Hispanic rearrest",
                                       "Hispanic employed"};
    printf("%-16s", "");
    for (int k = 0; k < 4; k++) printf("  %19s", head[k]);
    printf("\n%-16s", "gap (points)");
    for (int g = 0; g < RG_DECOMPOSE_GROUP_COUNT; g++)
        for (int o = 0; o < RG_DECOMPOSE_OUTCOME_COUNT; o++) printf("  %19.2f", d->gap[0][g][o]);
    putchar('\n');
    for (int c = 0; c < RG_DECOMPOSE_CHANNEL_COUNT; c++) {
        printf("  %-14s", rg_decompose_channel(c));
        for (int g = 0; g < RG_DECOMPOSE_GROUP_COUNT; g++)
            for (int o = 0; o < RG_DECOMPOSE_OUTCOME_COUNT; o++)
                printf("  %19.2f", rg_decomposition_contribution(d, c, g, o));
        putchar('\n');
    }
    printf("  %-14s", "residual");
    for (int g = 0; g < RG_DECOMPOSE_GROUP_COUNT; g++)
        for (int o = 0; o < RG_DECOMPOSE_OUTCOME_COUNT; o++)
            printf("  %19.2f", d->gap[RG_DECOMPOSE_CHANNEL_COUNT][g][o]);
    printf("\nlevels (percent; white, black, Hispanic): rearrest %.1f, %.1f, %.1f; employed "
           "%.1f, %.1f, %.1f\n",
           d->level[0][RG_DO_rearrest_3y], d->level[1][RG_DO_rearrest_3y],
           d->level[2][RG_DO_rearrest_3y], d->level[0][RG_DO_employment],
           d->level[1][RG_DO_employment], d->level[2][RG_DO_employment]);
}

typedef struct decompose_opts {
    const char *scenario, *output, *seed;
    char **sets;
    int nsets, quiet;
    long long threads;
} decompose_opts;

static int parse(int argc, char **argv, decompose_opts *o)
{
    for (int i = 1; i < argc; i++) {
        const int more = i + 1 < argc;
        if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) && more)
            o->output = argv[++i];
        else if (!strcmp(argv[i], "--seed") && more)
            o->seed = argv[++i];
        else if (!strcmp(argv[i], "--set") && more)
            o->sets[o->nsets++] = argv[++i];
        else if (!strcmp(argv[i], "--threads") && more) {
            if (rg_cli_parse_count(argv[++i], 1, 4096, &o->threads))
                return rg_cli_usage_error(usage_decompose, "--threads %s: expected 1 to 4096",
                                          argv[i]);
        } else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet"))
            o->quiet = 1;
        else if (argv[i][0] == '-' || o->scenario)
            return rg_cli_usage_error(usage_decompose, "decompose: unexpected argument: %s",
                                      argv[i]);
        else
            o->scenario = argv[i];
    }
    if (!o->scenario)
        return rg_cli_usage_error(usage_decompose, "decompose: expected one scenario file%s", "");
    return 0;
}

static rg_status load(const decompose_opts *o, rg_params *p, rg_error *err)
{
    rg_params_defaults(p);
    RG_TRY(rg_config_load(p, o->scenario, err));
    for (int k = 0; k < o->nsets; k++) RG_TRY(rg_config_set(p, o->sets[k], err));
    if (o->seed) {
        char set[128];
        snprintf(set, sizeof set, "run.seed=%s", o->seed);
        RG_TRY(rg_config_set(p, set, err));
    }
    RG_TRY(rg_config_validate(p, o->scenario, o->sets, o->nsets, err));
    return o->output ? rg_config_check_output(o->scenario, o->output, err) : RG_OK;
}

int rg_cmd_decompose(int argc, char **argv)
{
    if (rg_cli_wants_help(argc, argv)) {
        fputs(usage_decompose, stdout);
        return 0;
    }
    decompose_opts o = {0};
    o.sets = calloc((size_t)argc, sizeof *o.sets);
    if (!o.sets) return RG_EINTERNAL;
    int rc = parse(argc, argv, &o);
    rg_error err = {0};
    rg_params p;
    if (!rc && load(&o, &p, &err) != RG_OK) rc = rg_cli_fail(&err);
    free(o.sets);
    if (rc) return rc;
    rg_cli_progress bar;
    rg_cli_progress_init(&bar, o.quiet);
    const rg_hooks hooks = {rg_cli_show, o.quiet ? NULL : rg_cli_log, &bar};
    rg_decomposition d;
    rg_status st = rg_decompose(&p, o.output, (int)o.threads, &hooks, &d, &err);
    rg_cli_progress_end(&bar);
    if (st != RG_OK) return rg_cli_fail(&err);
    print_table(&d);
    if (o.output) printf("wrote %s\n", o.output);
    return 0;
}
