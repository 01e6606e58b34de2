/*
 * Benchmark of the sweep machinery: its overhead per task beyond the run itself.
 *
 *   rg_bench_sweep [--tasks T] [--agents N] [--months M] [--reps R] [--threads N]
 *
 * Each repetition runs the same T tiny runs twice, into a scratch folder: directly
 * through the library (create, write the HDF5 file, complete), and as a sweep
 * (rg_sweep_run: folder, manifest with fsync, reading each file back for its
 * metrics, then the index). The overhead per task is the difference divided by T;
 * the median over repetitions is reported.
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "median.h"
#include "reintegra/run.h"
#include "reintegra/sweep.h"

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fputs(text, f);
    return fclose(f);
}

/* One repetition: the tasks run directly, then as a sweep; *over: the difference per
 * task (ms). */
static int repetition(const rg_sweep *s, const char *scratch, int r, int threads, double *over,
                      rg_error *err)
{
    const long long tasks = s->ntasks;
    int rc = 0;
    double t0 = omp_get_wtime();
    for (long long k = 0; k < tasks && !rc; k++) {
        rg_params p;
        char out[1100];
        snprintf(out, sizeof out, "%s/direct-%lld.h5", scratch, k);
        if (rg_sweep_task_params(s, k, &p, err) != RG_OK ||
            rg_run_to_file(&p, out, threads, NULL, NULL, err) != RG_OK)
            rc = 1;
        remove(out);
    }
    double direct = omp_get_wtime() - t0;
    char dir[1100], cmd[1200];
    snprintf(dir, sizeof dir, "%s/sweep-%d", scratch, r);
    rg_sweep_options so = {.dir = dir, .threads = threads};
    rg_sweep_counts counts;
    t0 = omp_get_wtime();
    if (!rc && (rg_sweep_run(s, &so, &counts, err) != RG_OK || counts.failed_now)) rc = 1;
    double swept = omp_get_wtime() - t0;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) rc = 1;
    *over = 1000.0 * (swept - direct) / (double)tasks;
    if (!rc) printf("%6d %14.3f %14.3f %20.3f\n", r + 1, direct, swept, *over);
    return rc;
}

int main(int argc, char **argv)
{
    long long tasks = 40, agents = 1000, months = 24;
    int reps = 5, threads = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--tasks") && i + 1 < argc)
            tasks = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--agents") && i + 1 < argc)
            agents = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--months") && i + 1 < argc)
            months = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: rg_bench_sweep [--tasks T] [--agents N] [--months M] "
                            "[--reps R] [--threads N]\n");
            return 2;
        }
    }
    if (tasks < 2 || agents < 1 || months < 1 || reps < 1 || reps > 64 || threads < 1) return 2;
    char scratch[512];
    const char *tmp = getenv("TMPDIR");
    snprintf(scratch, sizeof scratch, "%s/rg_bench_sweep.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(scratch)) {
        perror("rg_bench_sweep: mkdtemp");
        return 1;
    }
    char path[1024], text[1024];
    snprintf(path, sizeof path, "%s/base.cfg", scratch);
    snprintf(text, sizeof text, "run: { agents = %lld; months = %lld; };\n", agents, months);
    write_file(path, text);
    snprintf(path, sizeof path, "%s/bench.cfg", scratch);
    snprintf(text, sizeof text,
             "base = \"base.cfg\";\ndesign = \"lhs\";\npoints = %lld;\n"
             "parameters = ( { name = \"offending.base_rate\"; min = 0.02; max = 0.06; },\n"
             "               { name = \"justice.supervision_share\"; min = 0.3; max = 0.9; } );\n",
             tasks);
    write_file(path, text);

    rg_error err = {0};
    rg_sweep s;
    if (rg_sweep_load(&s, path, &err) != RG_OK) {
        fprintf(stderr, "rg_bench_sweep: %s\n", err.msg);
        return 1;
    }
    printf("reintegra sweep benchmark: %lld tasks of %lld agents x %lld months, %d thread(s), "
           "%d repetitions (median)\n",
           tasks, agents, months, threads, reps);
    printf("%6s %14s %14s %20s\n", "rep", "direct (s)", "sweep (s)", "overhead/task (ms)");
    double over[64];
    int rc = 0;
    for (int r = 0; r < reps && !rc; r++) rc = repetition(&s, scratch, r, threads, &over[r], &err);
    if (rc)
        fprintf(stderr, "rg_bench_sweep: %s\n", err.msg[0] ? err.msg : "a run failed");
    else
        printf("median overhead per task: %.2f ms\n", rg_bench_median(over, reps));
    rg_sweep_free(&s);
    snprintf(text, sizeof text, "rm -rf '%s'", scratch);
    if (system(text) != 0) rc = 1;
    return rc;
}
