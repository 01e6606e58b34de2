/* `reintegra explore`: the live explorer on a local web page. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/cli.h"
#include "reintegra/config.h"
#include "reintegra/explore.h"

static const char usage_explore[] =
    "usage: reintegra explore [SCENARIO.cfg] [--port N | --listen ADDR:PORT]\n"
    "                         [--set group.key=value]... [--agents N] [--months N]\n"
    "                         [--max-agents N] [--max-runs N] [--threads N] [--quiet]\n"
    "\n"
    "Serve a web page with switches and sliders for the main policies and conditions,\n"
    "which runs a small population in seconds and shows the monthly curves of the\n"
    "baseline beside the changed world, the headline numbers and one person's two\n"
    "lives. The baseline is SCENARIO.cfg (default: the built-in baseline) with any\n"
    "--set applied. Nothing is written to disk. Stop it with Ctrl-C.\n"
    "\n"
    "  --port N           listen on 127.0.0.1:N (default 8088; 0: any free port)\n"
    "  --listen ADDR:PORT listen elsewhere, e.g. 0.0.0.0:8088 for a classroom network\n"
    "  --set KEY=VALUE    change the baseline, as for reintegra run\n"
    "  --agents N         people simulated at first (default 20000)\n"
    "  --months N         months simulated at first (default 36)\n"
    "  --max-agents N     the most people a request may ask for (default 50000)\n"
    "  --max-runs N       simulations at once; more requests get 503 (default 2)\n"
    "  --threads N        OpenMP threads per simulation (default 1: the runs are small,\n"
    "                     and simulations at once use the other cores)\n"
    "  --timeout S        close connections silent for S seconds (default 30)\n"
    "  -q, --quiet        no line per simulation on stderr\n"
    "  -h, --help         this text\n";

typedef struct explore_opts {
    const char *scenario, *listen;
    char listen_buf[64];
    char **sets;
    int nsets, quiet;
    long long timeout;
    rg_explore_limits lim;
} explore_opts;

static int number_option(const char *name, const char *arg, long long lo, long long hi,
                         long long *out)
{
    if (rg_cli_parse_count(arg, lo, hi, out) == 0) return 0;
    char fmt[160];
    snprintf(fmt, sizeof fmt, "explore: --%s %%s: expected a whole number from %lld to %lld", name,
             lo, hi);
    return rg_cli_usage_error(usage_explore, fmt, arg);
}

static int parse_options(int argc, char **argv, explore_opts *o)
{
    static const struct option opts[] = {{"port", required_argument, NULL, 'p'},
                                         {"listen", required_argument, NULL, 'l'},
                                         {"set", required_argument, NULL, 'S'},
                                         {"agents", required_argument, NULL, 'a'},
                                         {"months", required_argument, NULL, 'm'},
                                         {"max-agents", required_argument, NULL, 'A'},
                                         {"max-runs", required_argument, NULL, 'r'},
                                         {"threads", required_argument, NULL, 't'},
                                         {"timeout", required_argument, NULL, 'T'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {NULL, 0, NULL, 0}};
    long long v, runs;
    int c, rc = 0;
    optind = 1;
    opterr = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, "q", opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            if (!(rc = number_option("port", optarg, 0, 65535, &v))) {
                snprintf(o->listen_buf, sizeof o->listen_buf, "127.0.0.1:%lld", v);
                o->listen = o->listen_buf;
            }
            break;
        case 'l': o->listen = optarg; break;
        case 'S': o->sets[o->nsets++] = optarg; break;
        case 'a': rc = number_option("agents", optarg, 1, 2000000, &o->lim.default_agents); break;
        case 'm': rc = number_option("months", optarg, 12, 1200, &o->lim.default_months); break;
        case 'A':
            rc = number_option("max-agents", optarg, 1000, 2000000, &o->lim.max_agents);
            break;
        case 'r':
            if (!(rc = number_option("max-runs", optarg, 1, 64, &runs)))
                o->lim.max_runs = (int)runs;
            break;
        case 't':
            if (!(rc = number_option("threads", optarg, 1, 4096, &v))) o->lim.threads = (int)v;
            break;
        case 'T': rc = number_option("timeout", optarg, 1, 3600, &o->timeout); break;
        case 'q': o->quiet = 1; break;
        default:
            return rg_cli_usage_error(usage_explore, "explore: unknown option or missing value: %s",
                                      argv[optind - 1]);
        }
    }
    if (rc) return rc;
    if (optind < argc - 1)
        return rg_cli_usage_error(usage_explore,
                                  "explore: expected at most one scenario file, "
                                  "got %s and more",
                                  argv[optind]);
    if (optind == argc - 1) o->scenario = argv[optind];
    if (o->lim.max_agents < o->lim.default_agents) o->lim.max_agents = o->lim.default_agents;
    if (o->lim.max_months < o->lim.default_months) o->lim.max_months = o->lim.default_months;
    if (o->lim.min_agents > o->lim.default_agents) o->lim.min_agents = o->lim.default_agents;
    return 0;
}

/* Serve until SIGINT or SIGTERM. */
static int serve(rg_explore *ex, const explore_opts *o)
{
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    /* The server's threads inherit the mask: the signals come to sigwait below. */
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    rg_error err = {0};
    rg_explore_server *srv = NULL;
    if (rg_explore_server_start(&srv, ex, o->listen, (int)o->timeout, 64, &err) != RG_OK)
        return rg_cli_fail(&err);
    char host[64];
    const char *colon = strrchr(o->listen, ':');
    snprintf(host, sizeof host, "%.*s", (int)(colon - o->listen), o->listen);
    printf("reintegra explore: http://%s:%d/ (Ctrl-C to stop)\n", host,
           rg_explore_server_port(srv));
    if (!strcmp(host, "0.0.0.0") || !strcmp(host, "[::]"))
        printf("listening on every address of this machine: open http://THIS-MACHINE:%d/ from "
               "the other computers\n",
               rg_explore_server_port(srv));
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    rg_explore_server_stop(srv);
    if (!o->quiet) fprintf(stderr, "explore: stopped\n");
    return 0;
}

int rg_cmd_explore(int argc, char **argv, const char *scenarios_dir)
{
    if (rg_cli_wants_help(argc, argv)) {
        fputs(usage_explore, stdout);
        return 0;
    }
    explore_opts o = {.listen = "127.0.0.1:8088", .timeout = 30};
    rg_explore_limits_default(&o.lim);
    o.sets = calloc((size_t)argc, sizeof *o.sets);
    if (!o.sets) return RG_EINTERNAL;
    int rc = parse_options(argc, argv, &o);
    char path[4096];
    snprintf(path, sizeof path, "%s/baseline.cfg", scenarios_dir);
    if (!o.scenario) o.scenario = path;
    rg_error err = {0};
    rg_params p;
    rg_params_defaults(&p);
    rg_status st = RG_OK;
    if (!rc) st = rg_config_load(&p, o.scenario, &err);
    for (int i = 0; !rc && st == RG_OK && i < o.nsets; i++) st = rg_config_set(&p, o.sets[i], &err);
    /* How a `reintegra run` command names this baseline. */
    char base[8192];
    snprintf(base, sizeof base, "%s", o.scenario);
    for (int i = 0; i < o.nsets; i++) {
        size_t len = strlen(base);
        snprintf(base + len, sizeof base - len, " --set %s", o.sets[i]);
    }
    free(o.sets);
    if (rc) return rc;
    rg_explore *ex = NULL;
    if (st == RG_OK) st = rg_explore_create(&ex, &p, base, &o.lim, o.quiet ? NULL : stderr, &err);
    if (st != RG_OK) return rg_cli_fail(&err);
    rc = serve(ex, &o);
    rg_explore_free(ex);
    return rc;
}

const char *rg_usage_explore(void)
{
    return usage_explore;
}
