/*
 * Benchmark: agent-months per second of the whole model, by thread count, with
 * medians over repetitions, state bytes per agent and peak memory.
 *
 *   rg_bench [--agents N] [--months M] [--threads 1,2,...] [--reps R]
 *            [--output [summary|full]]
 *
 * Defaults: 1,000,000 agents x 120 months on 1 and 2 threads, 3 repetitions,
 * no output file. --output (or --output summary) writes an HDF5 file with the
 * summary table only; --output full writes what `reintegra run` writes by default
 * (summary, per-agent outcomes, sampled trajectories, events). With an output file
 * every repetition also runs without one, and the table adds the median run time
 * with the file, the median time spent writing it (in the output's open, monthly
 * writes and close, timed by the run: rg_run's write_seconds), the write's share of
 * the run with the file, and the file's size.
 */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "median.h"
#include "reintegra/config.h"
#include "reintegra/employment.h"
#include "reintegra/module.h"
#include "reintegra/rng.h"
#include "reintegra/run.h"
#include "reintegra/threads.h"

enum { OUTPUT_NONE, OUTPUT_SUMMARY, OUTPUT_FULL };

/* CPU seconds used so far by every thread of the process. */
static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           1e-6 * (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

/* One run: seconds to create it and to run it (writing `path` when not NULL), the
 * CPU seconds of the run (all threads) and the seconds of it spent writing. */
static int run_once(const rg_params *p, int threads, const char *path, double *init, double *run_s,
                    double *cpu_s, double *write_s)
{
    rg_error err = {0};
    double t0 = omp_get_wtime();
    rg_run *run = NULL;
    if (rg_run_create(&run, p, threads, &err) != RG_OK) {
        fprintf(stderr, "rg_bench: %s\n", err.msg);
        return 1;
    }
    double t1 = omp_get_wtime(), c1 = cpu_seconds();
    if ((path && rg_run_open_output(run, path, &err) != RG_OK) ||
        rg_run_complete(run, &err) != RG_OK) {
        fprintf(stderr, "rg_bench: %s\n", err.msg);
        rg_run_free(run);
        return 1;
    }
    double t2 = omp_get_wtime(), c2 = cpu_seconds();
    if (write_s) *write_s = run->write_seconds;
    rg_run_free(run);
    *init = t1 - t0;
    *run_s = t2 - t1;
    if (cpu_s) *cpu_s = c2 - c1;
    return 0;
}

/* One line of the table: medians over the repetitions for `threads` threads. */
static int bench_threads(const rg_params *p, int threads, int reps, int output, double *base)
{
    enum { MAX_REPS = 64 };
    double init[MAX_REPS], run_s[MAX_REPS], busy[MAX_REPS], init_o[MAX_REPS], run_o[MAX_REPS],
        write_o[MAX_REPS], share[MAX_REPS];
    const int n = reps < MAX_REPS ? reps : MAX_REPS;
    for (int r = 0; r < n; r++) {
        double cpu = 0;
        if (run_once(p, threads, NULL, &init[r], &run_s[r], &cpu, NULL)) return 1;
        busy[r] = 100.0 * cpu / (run_s[r] * threads);
        if (output && run_once(p, threads, "rg_bench.h5", &init_o[r], &run_o[r], NULL, &write_o[r]))
            return 1;
        if (output) share[r] = 100.0 * write_o[r] / run_o[r];
    }
    double mi = rg_bench_median(init, n), mr = rg_bench_median(run_s, n);
    double rate = (double)p->run.agents * (double)p->run.months / mr;
    if (*base == 0) *base = mr;
    printf("%8d %12.3f %12.3f %16.3e %9.2fx %7.1f%%", threads, mi, mr, rate, *base / mr,
           rg_bench_median(busy, n));
    if (output) {
        struct stat st;
        double size = stat("rg_bench.h5", &st) == 0 ? (double)st.st_size / 1048576.0 : 0;
        printf(" %12.3f %10.3f %7.1f%% %10.2f", rg_bench_median(run_o, n),
               rg_bench_median(write_o, n), rg_bench_median(share, n), size);
    }
    printf("\n");
    return 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: rg_bench [--agents N] [--months M] [--threads 1,2,...] [--reps R] "
                    "[--output [summary|full]]\n");
    return 2;
}

int main(int argc, char **argv)
{
    (void)rg_threads_wait_policy(argv); /* as the command line: see threads.h */
    long long agents = 1000000, months = 120;
    int reps = 3, output = OUTPUT_NONE, threads[16] = {1, 2}, nthreads = 2;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--agents") && i + 1 < argc)
            agents = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--months") && i + 1 < argc)
            months = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--output")) {
            output = OUTPUT_SUMMARY;
            const char *kind = i + 1 < argc ? argv[i + 1] : "";
            if (!strcmp(kind, "full") || !strcmp(kind, "summary")) i++;
            if (!strcmp(kind, "full")) output = OUTPUT_FULL;
        } else if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
            nthreads = 0;
            for (char *t = strtok(argv[++i], ","); t && nthreads < 16; t = strtok(NULL, ",")) {
                char *end;
                const long v = strtol(t, &end, 10);
                if (*end || v < 1 || v > 4096) return usage(); /* a count of threads */
                threads[nthreads++] = (int)v;
            }
        } else
            return usage();
    }
    if (agents < 1 || months < 1 || reps < 1 || nthreads < 1) return usage();
    rg_params p;
    rg_params_defaults(&p);
    p.run.agents = agents;
    p.run.months = months;
    if (output != OUTPUT_FULL) {
        p.output.events = 0;
        p.output.agents = 0;
        p.output.trajectory_fraction = 0;
    }
    rg_error err = {0};
    if (rg_params_validate(&p, &err) != RG_OK) {
        fprintf(stderr, "rg_bench: %s\n", err.msg);
        return 2;
    }
    static const char *const what[] = {"no output", "HDF5 summary output",
                                       "full HDF5 output (summary, agents, trajectories, events)"};
    printf("reintegra benchmark: %lld agents x %lld months, %d repetitions (median), %s\n", agents,
           months, reps, what[output]);
    const char *policy = getenv("OMP_WAIT_POLICY"), *spin = getenv("GOMP_SPINCOUNT");
    printf("idle threads: OMP_WAIT_POLICY=%s, GOMP_SPINCOUNT=%s (see threads.h)\n",
           policy ? policy : "unset", spin ? spin : "unset");
    printf("Philox blocks on the %s path (RG_SIMD limits it; every path gives the same numbers)\n",
           rg_simd_name(rg_simd_best()));
    printf("state: %zu bytes per agent (%.1f MiB for the population)\n",
           rg_agents_bytes_per_agent(),
           (double)rg_agents_bytes_per_agent() * (double)agents / 1048576.0);
    /* The labour market's job seekers without records are simulated too (lighter
     * agents: separations, search, screening), but are not counted as agent-months. */
    const struct rg_params_employment *q = RG_PARAMS(&p, employment);
    const long long seekers = llround(q->seekers_per_100 * (double)agents / 100.0);
    printf("job seekers without records in the labour market: %lld (counting them as people, "
           "multiply agent-months/s by %.2f)\n",
           seekers, (double)(agents + seekers) / (double)agents);
    /* busy: the run's CPU time over its wall-clock time times the threads (idle
     * threads sleep unless OMP_WAIT_POLICY=active, so below 100% is waiting). */
    printf("%8s %12s %12s %16s %10s %8s", "threads", "init (s)", "run (s)", "agent-months/s",
           "speed-up", "busy");
    if (output) printf(" %12s %10s %8s %10s", "+output (s)", "write (s)", "share", "file (MiB)");
    printf("\n");
    double base = 0;
    for (int t = 0; t < nthreads; t++)
        if (bench_threads(&p, threads[t], reps, output, &base)) return 1;
    if (output) remove("rg_bench.h5");
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak resident memory: %.1f MiB\n", ru.ru_maxrss / 1024.0);
    return 0;
}
