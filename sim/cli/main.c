/*
 * The `reintegra` command line. Library functions return a status and a message;
 * this is the only place that prints errors and chooses the exit status:
 * 0 success, 2 bad input, 1 internal failure.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/text.h"
#include "reintegra/build_info.h"
#include "reintegra/cli.h"
#include "reintegra/decompose.h"
#include "reintegra/config.h"
#include "reintegra/install_dirs.h"
#include "reintegra/module.h"
#include "reintegra/output.h"
#include "reintegra/result.h"
#include "reintegra/run.h"
#include "reintegra/threads.h"
#include "reintegra/workflow.h"

/* The paragraph under the usage line (and the man page's description). */
static const char description[] =
    "Simulate people leaving prison, month by month, and what policies change.";

static const char usage_run[] =
    "usage: reintegra run SCENARIO.cfg [-o OUT.h5] [--seed N] [--replicates R]\n"
    "                     [--threads N] [--set group.key=value]... [--quiet]\n"
    "\n"
    "Simulate SCENARIO.cfg and write the results to OUT.h5 (default: the scenario file's\n"
    "name with .h5, in the current folder). The file is written as OUT.h5.partial and\n"
    "renamed when the run completes.\n"
    "\n"
    "  -o, --output FILE    where to write the results\n"
    "      --seed N         seed of the random streams (same as --set run.seed=N)\n"
    "      --replicates R   run R replicates with seeds N, N+1, ..., N+R-1 into\n"
    "                       OUT-r1.h5 ... OUT-rR.h5 (R > 1), one complete file each\n"
    "      --threads N      OpenMP threads (default: OMP_NUM_THREADS or all cores);\n"
    "                       results are identical for any number\n"
    "      --set KEY=VALUE  override one parameter, e.g. --set run.agents=5000\n"
    "  -q, --quiet          no progress bar and no summary\n"
    "  -h, --help           this text\n";

static const char usage_check[] =
    "usage: reintegra check SCENARIO.cfg [--set group.key=value]...\n"
    "\n"
    "Read and validate a scenario (and the files it inherits) without running it.\n"
    "Prints the problem as FILE:LINE: key: message and exits with status 2 if there is one.\n"
    "  --print   also print the resolved configuration\n";

static const char usage_summarize[] =
    "usage: reintegra summarize OUT.h5 [--json]\n"
    "\n"
    "Print the headline results of a run: cumulative rearrest, reconviction and return\n"
    "to prison by year, people free and in prison, agents, months and seed.\n"
    "  --json   as JSON (keys documented in docs/output-format.md)\n";

static const char usage_verify[] =
    "usage: reintegra verify FILE...\n"
    "\n"
    "Check run files (and a sweep's index.h5) without analysing them: every checksum\n"
    "(HDF5's metadata, Fletcher32 on every chunk of every dataset, the recorded checksum\n"
    "of the root attributes and /config), the schema version and completeness. Prints\n"
    "one line per file; exit status 0 when every file is whole, 2 when one is not.\n";

static const char usage_params[] =
    "usage: reintegra params [GROUP] [--markdown | --config]\n"
    "\n"
    "Print every parameter (or those of GROUP, e.g. `reintegra params justice`): name,\n"
    "type, default, range, unit, meaning and source.\n"
    "  --markdown   as docs/parameters.md\n"
    "  --config     as a fully commented scenario file (scenarios/explanatory.cfg)\n";

static const char usage_fields[] = "usage: reintegra fields [--markdown]\n"
                                   "\n"
                                   "Print the HDF5 output layout (schema version "
                                   "2"
                                   ").\n"
                                   "  --markdown   as docs/output-format.md\n";

static const char usage_schedule[] =
    "usage: reintegra schedule [--markdown]\n"
    "\n"
    "Print one month of the model: each phase's module hooks in the order they run,\n"
    "with the order constraints the modules declare, and the effect points through\n"
    "which modules act on each other.\n"
    "  --markdown   as the table in docs/ODD.md\n";

static const char usage_help[] =
    "usage: reintegra help [COMMAND | --man]\n"
    "\n"
    "Print the list of commands, one command's --help, or (--man) the man page\n"
    "reintegra.1 in roff, generated from the same texts (docs/reintegra.1).\n";

static const char usage_completion[] =
    "usage: reintegra completion bash|zsh\n"
    "\n"
    "Print a completion script for the shell: the commands, each command's options,\n"
    "scenario and run files, and the parameter names after --set. Installed with the\n"
    "program; from the source tree, `source completions/reintegra.bash`.\n";

typedef struct run_opts {
    const char *scenario, *output, *seed;
    long long threads, replicates;
    int quiet, nsets;
    char **sets; /* the --set assignments (malloc'd) */
} run_opts;

/* 0, or the exit status of a usage error. */
static int parse_run_args(int argc, char **argv, run_opts *o)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},  {"seed", required_argument, NULL, 's'},
        {"threads", required_argument, NULL, 't'}, {"replicates", required_argument, NULL, 'R'},
        {"set", required_argument, NULL, 'S'},     {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
    *o = (run_opts){.replicates = 1, .sets = calloc((size_t)argc, sizeof *o->sets)};
    if (!o->sets) return RG_EINTERNAL;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': o->output = optarg; break;
        case 's': o->seed = optarg; break;
        case 't':
            if (rg_cli_parse_count(optarg, 1, 4096, &o->threads))
                return rg_cli_usage_error(
                    usage_run, "--threads %s: expected a whole number from 1 to 4096", optarg);
            break;
        case 'R':
            if (rg_cli_parse_count(optarg, 1, 1000, &o->replicates))
                return rg_cli_usage_error(
                    usage_run, "--replicates %s: expected a whole number from 1 to 1000", optarg);
            break;
        case 'S': o->sets[o->nsets++] = optarg; break;
        case 'q': o->quiet = 1; break;
        default:
            return rg_cli_usage_error(usage_run, "run: unknown option or missing value: %s",
                                      argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return rg_cli_usage_error(usage_run, "run: expected one scenario file%s", "");
    o->scenario = argv[optind];
    return 0;
}

/* The scenario, the --set overrides, then --seed. */
static rg_status run_params(const run_opts *o, rg_params *p, rg_error *err)
{
    rg_params_defaults(p);
    RG_TRY(rg_config_load(p, o->scenario, err));
    for (int i = 0; i < o->nsets; i++) RG_TRY(rg_config_set(p, o->sets[i], err));
    if (o->seed) {
        char assign[128];
        snprintf(assign, sizeof assign, "run.seed=%s", o->seed);
        RG_TRY(rg_config_set(p, assign, err));
    }
    return rg_config_validate(p, o->scenario, o->sets, o->nsets, err);
}

static int cmd_run(int argc, char **argv)
{
    if (rg_cli_wants_help(argc, argv)) {
        fputs(usage_run, stdout);
        return 0;
    }
    run_opts o;
    int rc = parse_run_args(argc, argv, &o);
    rg_error err = {0};
    rg_params p;
    if (!rc && run_params(&o, &p, &err) != RG_OK) rc = rg_cli_fail(&err);
    free(o.sets);
    if (rc) return rc;
    char outbuf[4096];
    if (!o.output) {
        rg_cli_stem(o.scenario, ".h5", outbuf, sizeof outbuf);
        o.output = outbuf;
    }
    char path[4200];
    for (long long k = 0; k < o.replicates; k++) {
        rg_replicate_path(o.output, (int)k + 1, (int)o.replicates, path, sizeof path);
        if (rg_config_check_output(o.scenario, path, &err) != RG_OK) return rg_cli_fail(&err);
    }
    rg_cli_progress bar;
    rg_cli_progress_init(&bar, o.quiet);
    const rg_hooks hooks = {rg_cli_show, rg_cli_log, &bar};
    const long long seed0 = p.run.seed;
    for (long long k = 0; k < o.replicates; k++) {
        rg_replicate_path(o.output, (int)k + 1, (int)o.replicates, path, sizeof path);
        p.run.seed = seed0 + k;
        double wall = 0;
        rg_status st = rg_run_to_file(&p, path, (int)o.threads, &hooks, &wall, &err);
        rg_cli_progress_end(&bar);
        if (st != RG_OK) return rg_cli_fail(&err);
        if (o.quiet) continue;
        rg_result r;
        if (rg_result_read(&r, path, &err) != RG_OK) return rg_cli_fail(&err);
        rg_result_write_summary(&r, path, stdout);
        rg_result_free(&r);
        fprintf(stdout, "simulated in %.2f s\n", wall);
    }
    return 0;
}

static int cmd_check(int argc, char **argv)
{
    if (rg_cli_wants_help(argc, argv)) {
        fputs(usage_check, stdout);
        return 0;
    }
    const char *scenario = NULL;
    int print = 0;
    rg_error err = {0};
    rg_params p;
    rg_params_defaults(&p);
    char **sets = calloc((size_t)argc, sizeof *sets);
    int nsets = 0;
    if (!sets) return RG_EINTERNAL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--print"))
            print = 1;
        else if (!strcmp(argv[i], "--set") && i + 1 < argc)
            sets[nsets++] = argv[++i];
        else if (!strncmp(argv[i], "--set=", 6))
            sets[nsets++] = argv[i] + 6;
        else if (argv[i][0] == '-' || scenario) {
            free(sets);
            return rg_cli_usage_error(usage_check, "check: unexpected argument: %s", argv[i]);
        } else
            scenario = argv[i];
    }
    if (!scenario) {
        free(sets);
        return rg_cli_usage_error(usage_check, "check: expected one scenario file%s", "");
    }
    rg_status st = rg_config_load(&p, scenario, &err);
    for (int i = 0; st == RG_OK && i < nsets; i++) st = rg_config_set(&p, sets[i], &err);
    if (st == RG_OK) st = rg_config_validate(&p, scenario, sets, nsets, &err);
    if (st == RG_OK) st = rg_run_check_memory(&p, &err);
    free(sets);
    if (st != RG_OK) return rg_cli_fail(&err);
    if (print) {
        char *text = rg_config_resolved(&p);
        if (text) fputs(text, stdout);
        free(text);
    } else {
        printf("%s: ok (scenario \"%s\", %lld agents, %lld months)\n", scenario, p.run.name,
               p.run.agents, p.run.months);
    }
    return 0;
}

static int cmd_summarize(int argc, char **argv)
{
    if (rg_cli_wants_help(argc, argv)) {
        fputs(usage_summarize, stdout);
        return 0;
    }
    const char *path = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (argv[i][0] == '-' || path)
            return rg_cli_usage_error(usage_summarize, "summarize: unexpected argument: %s",
                                      argv[i]);
        else
            path = argv[i];
    }
    if (!path) return rg_cli_usage_error(usage_summarize, "summarize: expected one run file%s", "");
    rg_error err = {0};
    rg_result r;
    if (rg_result_read(&r, path, &err) != RG_OK) return rg_cli_fail(&err);
    if (json)
        rg_result_write_summary_json(&r, path, stdout);
    else
        rg_result_write_summary(&r, path, stdout);
    rg_result_free(&r);
    return 0;
}

static int cmd_verify(int argc, char **argv)
{
    if (rg_cli_wants_help(argc, argv)) {
        fputs(usage_verify, stdout);
        return 0;
    }
    if (argc < 2)
        return rg_cli_usage_error(usage_verify, "verify: expected one or more files%s", "");
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        rg_error err = {0};
        rg_verify_info info;
        if (rg_file_verify(argv[i], &info, &err) != RG_OK) {
            int r = rg_cli_fail(&err);
            if (r > rc) rc = r;
            continue;
        }
        char shown[4200];
        rg_text_escape(argv[i], shown, sizeof shown);
        printf("%s: ok (%s%s, %lld datasets, %.1f MB of data checked)\n", shown,
               info.run ? "run file, schema version " : info.format,
               info.run ? (info.schema_version == RG_SCHEMA_VERSION ? "2" : "?") : "",
               info.datasets, info.bytes / 1e6);
    }
    return rc;
}

static int cmd_doc(int argc, char **argv, const char *usage, void (*markdown)(FILE *),
                   void (*text)(FILE *), void (*config)(FILE *))
{
    if (rg_cli_wants_help(argc, argv)) {
        fputs(usage, stdout);
        return 0;
    }
    void (*write)(FILE *) = text;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--markdown"))
            write = markdown;
        else if (config && !strcmp(argv[i], "--config"))
            write = config;
        else
            return rg_cli_usage_error(usage, "unexpected argument: %s", argv[i]);
    }
    write(stdout);
    return 0;
}

/* --- the command table ------------------------------------------------------------ */

/* The built-in scenarios: the installed ones when this is the installed program
 * (or the source tree is gone), else the source tree's. */
static const char *scenarios_dir(void)
{
    char self[PATH_MAX], installed[PATH_MAX];
    if (realpath("/proc/self/exe", self) &&
        realpath(RG_INSTALL_PREFIX "/bin/reintegra", installed) && !strcmp(self, installed))
        return RG_INSTALL_SCENARIOS_DIR;
    return access(RG_SCENARIOS_DIR "/baseline.cfg", R_OK) == 0 ? RG_SCENARIOS_DIR
                                                               : RG_INSTALL_SCENARIOS_DIR;
}
static int cmd_demo(int argc, char **argv)
{
    return rg_cmd_demo(argc, argv, scenarios_dir());
}
static int cmd_explore(int argc, char **argv)
{
    return rg_cmd_explore(argc, argv, scenarios_dir());
}
static int cmd_params(int argc, char **argv)
{
    if (argc == 2 && argv[1][0] != '-') {
        if (rg_params_write_group_text(stdout, argv[1]) == 0) return 0;
        size_t n;
        const rg_param_desc *d = rg_param_table(&n);
        fprintf(stderr, "reintegra: params: no group %s; the groups are:", argv[1]);
        for (size_t i = 0; i < n; i++)
            if (i == 0 || rg_param_new_group(d[i - 1].name, d[i].name))
                fprintf(stderr, "%s %.*s", i ? "," : "", (int)rg_param_group_len(d[i].name),
                        d[i].name);
        fputc('\n', stderr);
        return RG_EINPUT;
    }
    return cmd_doc(argc, argv, usage_params, rg_params_write_markdown, rg_params_write_text,
                   rg_params_write_config);
}
/* The run file's layout, then the group that `decompose` adds to it. */
static void write_fields(FILE *f)
{
    rg_output_write_markdown(f);
    rg_decompose_write_markdown(f);
}
static int cmd_fields(int argc, char **argv)
{
    return cmd_doc(argc, argv, usage_fields, write_fields, write_fields, NULL);
}
static int cmd_schedule(int argc, char **argv)
{
    return cmd_doc(argc, argv, usage_schedule, rg_schedule_write_markdown, rg_schedule_write_text,
                   NULL);
}
static int cmd_help(int argc, char **argv);
static int cmd_completion(int argc, char **argv);

#define USAGE_OF(name)                                                                             \
    static const char *usage_of_##name(void)                                                       \
    {                                                                                              \
        return usage_##name;                                                                       \
    }
USAGE_OF(run)
USAGE_OF(check)
USAGE_OF(summarize)
USAGE_OF(verify)
USAGE_OF(params)
USAGE_OF(fields)
USAGE_OF(schedule)
USAGE_OF(help)
USAGE_OF(completion)

static const rg_cli_command commands[] = {
    {"run", "SCENARIO.cfg", "simulate a scenario and write an HDF5 file", usage_of_run, cmd_run},
    {"check", "SCENARIO.cfg", "validate a scenario without running it", usage_of_check, cmd_check},
    {"summarize", "OUT.h5", "headline results of a run", usage_of_summarize, cmd_summarize},
    {"verify", "FILE...", "check run files (and sweep indexes) for damage", usage_of_verify,
     cmd_verify},
    {"metrics", "RUN.h5...", "evaluation metrics with confidence intervals", rg_usage_metrics,
     rg_cmd_metrics},
    {"compare", "BASE.h5 OTHER.h5...", "scenario contrasts with confidence intervals",
     rg_usage_compare, rg_cmd_compare},
    {"report", "RUN.h5... -o report.html", "an HTML report with charts", rg_usage_report,
     rg_cmd_report},
    {"demo", "", "four policies, end to end, with a report", rg_usage_demo, cmd_demo},
    {"story", "RUN.h5", "one person's life month by month, or two lives side by side",
     rg_usage_story, rg_cmd_story},
    {"explore", "[SCENARIO.cfg]", "a live web page of levers, curves and life stories",
     rg_usage_explore, cmd_explore},
    {"calibrate", "CAL.cfg", "fit parameters to published recidivism curves", rg_usage_calibrate,
     rg_cmd_calibrate},
    {"decompose", "SCENARIO.cfg", "race gaps in rearrest and employment by channel",
     rg_usage_decompose, rg_cmd_decompose},
    {"sweep", "SWEEP.cfg", "run a parameter sweep (alone, under mpirun or as a Slurm array)",
     rg_usage_sweep, rg_cmd_sweep},
    {"sensitivity", "DIR", "PRCC or Sobol indices of a sweep's metrics", rg_usage_sensitivity,
     rg_cmd_sensitivity},
    {"params", "", "the parameter registry", usage_of_params, cmd_params},
    {"fields", "", "the output fields (HDF5 schema)", usage_of_fields, cmd_fields},
    {"schedule", "", "the modules' hooks, phase by phase, and their effect points",
     usage_of_schedule, cmd_schedule},
    {"help", "[COMMAND]", "this list, a command's --help, or the man page (--man)", usage_of_help,
     cmd_help},
    {"completion", "bash|zsh", "a shell completion script", usage_of_completion, cmd_completion},
};
enum { N_COMMANDS = sizeof commands / sizeof commands[0] };

static const rg_cli_command *find_command(const char *name)
{
    for (size_t k = 0; k < N_COMMANDS; k++)
        if (!strcmp(commands[k].name, name)) return &commands[k];
    return NULL;
}

/* The program's usage: the description and the command list from the table. */
static void write_usage(FILE *f)
{
    fprintf(f, "usage: reintegra COMMAND [OPTIONS]\n\n%s\n\ncommands:\n", description);
    for (size_t k = 0; k < N_COMMANDS; k++) {
        char head[64];
        snprintf(head, sizeof head, "%s %s", commands[k].name, commands[k].args);
        fprintf(f, "  %-20s  %s\n", head, commands[k].summary);
    }
    fputs("\n`reintegra COMMAND --help` describes each command; `reintegra --version` the "
          "build.\n",
          f);
}

static int cmd_help(int argc, char **argv)
{
    if (argc == 1) {
        write_usage(stdout);
        return 0;
    }
    if (argc == 2 && !strcmp(argv[1], "--man")) {
        rg_cli_write_man(stdout, commands, N_COMMANDS, description);
        return 0;
    }
    const rg_cli_command *c = argc == 2 ? find_command(argv[1]) : NULL;
    if (argc == 2 && !strcmp(argv[1], "--help")) c = find_command("help");
    if (!c)
        return rg_cli_usage_error(usage_help, "help: expected one command or --man: %s",
                                  argc > 1 ? argv[1] : "");
    fputs(c->usage(), stdout);
    return 0;
}

static int cmd_completion(int argc, char **argv)
{
    if (rg_cli_wants_help(argc, argv)) {
        fputs(usage_completion, stdout);
        return 0;
    }
    if (argc != 2 || rg_cli_write_completion(stdout, argv[1], commands, N_COMMANDS) != 0)
        return rg_cli_usage_error(usage_completion, "completion: expected bash or zsh: %s",
                                  argc > 1 ? argv[1] : "");
    return 0;
}
static int dispatch(int argc, char **argv);

int main(int argc, char **argv)
{
    (void)rg_threads_wait_policy(argv); /* idle threads sleep unless the user chose */
    /* Errors reach the user as one line from us, not as HDF5's stack dumps. */
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    int rc = dispatch(argc, argv);
    /* Output that could not be written (a full disk, a closed pipe) is a failure. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "reintegra: cannot write the output: %s\n", strerror(errno));
        if (rc == 0) rc = RG_EINTERNAL;
    }
    return rc;
}

/* The command's function, one line per command. */
static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        write_usage(stderr);
        return RG_EINPUT;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        char libs[256];
        rg_library_versions(libs, sizeof libs);
        printf("reintegra %s (%s, %s build, %s)\n%s\n%s\n", RG_VERSION, RG_GIT_REVISION,
               RG_BUILD_TYPE, RG_C_COMPILER, libs, rg_comm_describe());
        return 0;
    }
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
        write_usage(stdout);
        return 0;
    }
    const rg_cli_command *c = find_command(cmd);
    if (c) return c->run(argc - 1, argv + 1);
    fprintf(stderr, "reintegra: unknown command '%s'\n", cmd);
    write_usage(stderr);
    return RG_EINPUT;
}
