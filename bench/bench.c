/*
 * Benchmark: agent-months per second of the whole model, by thread count, with
 * medians over repetitions, state bytes per agent and peak memory.
 *
 *   rg_bench [--agents N] [--months M] [--threads 1,2,...] [--reps R] [--output]
 *
 * Defaults: 1,000,000 agents x 120 months on 1 and 2 threads, 3 repetitions,
 * no output file (--output adds an HDF5 file with the summary table only).
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "median.h"
#include "reintegra/config.h"
#include "reintegra/run.h"
#include "reintegra/threads.h"

int main(int argc, char **argv)
{
    (void)rg_threads_wait_policy(argv); /* as the command line: see run.h */
    long long agents = 1000000, months = 120;
    int reps = 3, output = 0, threads[16] = {1, 2}, nthreads = 2;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--agents") && i + 1 < argc)
            agents = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--months") && i + 1 < argc)
            months = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--output"))
            output = 1;
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
            nthreads = 0;
            for (char *t = strtok(argv[++i], ","); t && nthreads < 16; t = strtok(NULL, ","))
                threads[nthreads++] = atoi(t);
        } else {
            fprintf(stderr, "usage: rg_bench [--agents N] [--months M] [--threads 1,2,...] "
                            "[--reps R] [--output]\n");
            return 2;
        }
    }
    if (agents < 1 || months < 1 || reps < 1 || nthreads < 1) return 2;
    rg_params p;
    rg_params_defaults(&p);
    p.run.agents = agents;
    p.run.months = months;
    p.output.events = 0;
    p.output.agents = 0;
    p.output.trajectory_fraction = 0;
    rg_error err = {0};
    if (rg_params_validate(&p, &err) != RG_OK) {
        fprintf(stderr, "rg_bench: %s\n", err.msg);
        return 2;
    }
    printf("reintegra benchmark: %lld agents x %lld months, %d repetitions (median), %s\n", agents,
           months, reps, output ? "HDF5 summary output" : "no output");
    printf("state: %zu bytes per agent (%.1f MiB for the population)\n",
           rg_agents_bytes_per_agent(),
           (double)rg_agents_bytes_per_agent() * (double)agents / 1048576.0);
    printf("%8s %12s %12s %16s %10s\n", "threads", "init (s)", "run (s)", "agent-months/s",
           "speed-up");
    double base = 0;
    for (int t = 0; t < nthreads; t++) {
        double init[64], run_s[64];
        int n = reps < 64 ? reps : 64;
        for (int r = 0; r < n; r++) {
            double t0 = omp_get_wtime();
            rg_run *run = NULL;
            if (rg_run_create(&run, &p, threads[t], &err) != RG_OK) {
                fprintf(stderr, "rg_bench: %s\n", err.msg);
                return 1;
            }
            double t1 = omp_get_wtime();
            if (output && rg_run_open_output(run, "rg_bench.h5", &err) != RG_OK) {
                fprintf(stderr, "rg_bench: %s\n", err.msg);
                return 1;
            }
            if (rg_run_complete(run, &err) != RG_OK) {
                fprintf(stderr, "rg_bench: %s\n", err.msg);
                return 1;
            }
            double t2 = omp_get_wtime();
            rg_run_free(run);
            init[r] = t1 - t0;
            run_s[r] = t2 - t1;
        }
        double mi = rg_bench_median(init, n), mr = rg_bench_median(run_s, n);
        double rate = (double)agents * (double)months / mr;
        if (t == 0) base = mr;
        printf("%8d %12.3f %12.3f %16.3e %9.2fx\n", threads[t], mi, mr, rate, base / mr);
    }
    if (output) remove("rg_bench.h5");
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak resident memory: %.1f MiB\n", ru.ru_maxrss / 1024.0);
    return 0;
}
