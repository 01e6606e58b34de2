/*
 * Benchmark of the explorer: how long a request to /api/run takes, without the
 * network, for the three cases a user meets.
 *
 *   rg_bench_explore [--agents N] [--months M] [--reps R] [--threads N] [SCENARIO.cfg]
 *
 * first:  a new size or seed (the baseline and the changed world are simulated);
 * slider: a lever moved to a new value (the baseline is cached, the changed world is
 *         simulated);
 * cached: a setting seen before (both from the cache).
 * Medians over the repetitions; each repetition uses its own seed and lever value.
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/config.h"
#include "reintegra/explore.h"

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, by_value);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Seconds for one request; its answer's size in *bytes. */
static double timed(rg_explore *ex, const char *body, size_t *bytes)
{
    rg_explore_response r;
    double t0 = omp_get_wtime();
    rg_explore_handle(ex, "POST", "/api/run", body, strlen(body), &r);
    double t = omp_get_wtime() - t0;
    if (r.status != 200) {
        fprintf(stderr, "rg_bench_explore: %d %.*s\n", r.status, (int)r.len, r.body);
        exit(1);
    }
    *bytes = r.len;
    rg_explore_response_free(&r);
    return t;
}

int main(int argc, char **argv)
{
    long long agents = 20000, months = 36;
    int reps = 5, threads = 1;
    const char *scenario = RG_SCENARIOS_DIR "/baseline.cfg";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--agents") && i + 1 < argc)
            agents = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--months") && i + 1 < argc)
            months = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (argv[i][0] != '-')
            scenario = argv[i];
        else {
            fprintf(stderr, "usage: rg_bench_explore [--agents N] [--months M] [--reps R] "
                            "[--threads N] [SCENARIO.cfg]\n");
            return 2;
        }
    }
    if (reps < 1 || reps > 100 || agents < 1 || months < 12) return 2;
    rg_params p;
    rg_error err = {0};
    rg_params_defaults(&p);
    rg_explore_limits lim;
    rg_explore_limits_default(&lim);
    lim.min_agents = 1;
    lim.max_agents = agents;
    lim.default_agents = agents;
    lim.max_months = months;
    lim.default_months = months;
    lim.threads = threads;
    rg_explore *ex = NULL;
    if (rg_config_load(&p, scenario, &err) != RG_OK ||
        rg_explore_create(&ex, &p, scenario, &lim, NULL, &err) != RG_OK) {
        fprintf(stderr, "rg_bench_explore: %s\n", err.msg);
        return 1;
    }
    double first[100], slider[100], cached[100];
    size_t bytes = 0;
    for (int r = 0; r < reps; r++) {
        char a[160], b[160];
        snprintf(a, sizeof a, "{\"seed\": %d, \"levers\": {\"cbt\": true}}", 1000 + r);
        snprintf(b, sizeof b, "{\"seed\": %d, \"levers\": {\"cbt\": true, \"cbt_places\": %d}}",
                 1000 + r, 150 + 5 * r);
        first[r] = timed(ex, a, &bytes);
        slider[r] = timed(ex, b, &bytes);
        cached[r] = timed(ex, b, &bytes);
    }
    printf("reintegra explorer benchmark: %lld people x %lld months, %d thread%s, %d "
           "repetitions (median)\n",
           agents, months, threads, threads == 1 ? "" : "s", reps);
    printf("  first request (both worlds simulated)   %8.3f s\n", median(first, reps));
    printf("  slider moved (changed world simulated)  %8.3f s\n", median(slider, reps));
    printf("  a setting seen before (cached)          %8.3f s\n", median(cached, reps));
    printf("  answer size                             %8zu bytes\n", bytes);
    rg_explore_free(ex);
    return 0;
}
