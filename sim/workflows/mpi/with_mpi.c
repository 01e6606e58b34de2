/*
 * The workflows' MPI parts (built when CMake finds MPI). MPI is initialised only
 * when the process was started by an MPI launcher, so nothing else touches it.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "workflows/internal.h"

rg_status rg_comm_init(rg_comm *c, int *argc, char ***argv, rg_error *err)
{
    c->rank = 0;
    c->size = 1;
    c->mpi = 0;
    if (rg_launcher_size() == 0) return RG_OK;
    int provided;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return rg_error_set(err, RG_EINTERNAL, "cannot initialise MPI");
    c->mpi = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &c->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &c->size);
    return RG_OK;
}

const char *rg_comm_describe(void)
{
    /* MPI_Get_library_version may be called before MPI_Init. */
    static char line[MPI_MAX_LIBRARY_VERSION_STRING + 64];
    char lib[MPI_MAX_LIBRARY_VERSION_STRING] = "";
    int len = 0;
    MPI_Get_library_version(lib, &len);
    lib[strcspn(lib, ",\n")] = '\0'; /* "Open MPI v4.1.4, package: ..." */
    snprintf(line, sizeof line, "MPI: compiled in (%s, MPI %d.%d)", lib, MPI_VERSION,
             MPI_SUBVERSION);
    return line;
}

int rg_comm_finish(rg_comm *c, int status)
{
    if (c->mpi) {
        MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
        MPI_Finalize();
        c->mpi = 0;
    }
    return status;
}

/* --- sweeps ------------------------------------------------------------------- */

enum { TAG_RESULT = 1, TAG_TASK = 2 };

/* Rank 0: hand out the tasks not done, one at a time, to whichever worker asks,
 * and record the results. */
static rg_status master(const rg_sweep *s, const rg_sweep_options *o, long long first,
                        long long last, const unsigned char *done, long long *failed, rg_error *err)
{
    rg_task_result *r = malloc(sizeof *r);
    if (!r) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    long long next = first, ndone = 0;
    for (long long k = first; k < last; k++) ndone += done[k - first];
    rg_sweep_progress(o, ndone, 0, last - first);
    rg_status st = RG_OK;
    int active = o->comm->size - 1;
    while (active > 0) {
        int flag = 0;
        MPI_Status ms;
        MPI_Iprobe(MPI_ANY_SOURCE, TAG_RESULT, MPI_COMM_WORLD, &flag, &ms);
        if (!flag) {
            /* Wait without spinning: the master's core is the workers'. */
            struct timespec ts = {0, 200000};
            nanosleep(&ts, NULL);
            continue;
        }
        MPI_Recv(r, (int)sizeof *r, MPI_BYTE, ms.MPI_SOURCE, TAG_RESULT, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        if (r->task >= 0) {
            if (st == RG_OK) st = rg_sweep_record(s, o->dir, first, last, r, err);
            if (r->state == RG_TASK_DONE)
                ndone++;
            else
                (*failed)++;
            rg_sweep_progress(o, ndone, *failed, last - first);
        }
        while (next < last && done[next - first]) next++;
        long long task = st == RG_OK && next < last ? next++ : -1;
        MPI_Send(&task, 1, MPI_LONG_LONG, ms.MPI_SOURCE, TAG_TASK, MPI_COMM_WORLD);
        if (task < 0) active--;
    }
    free(r);
    return st;
}

/* The other ranks: ask for a task, run it, send its result, until told to stop. */
static void worker(const rg_sweep *s, const rg_sweep_options *o)
{
    rg_task_result *r = calloc(1, sizeof *r);
    rg_task_result ready = {.task = -1};
    MPI_Send(&ready, (int)sizeof ready, MPI_BYTE, 0, TAG_RESULT, MPI_COMM_WORLD);
    for (;;) {
        long long task;
        MPI_Recv(&task, 1, MPI_LONG_LONG, 0, TAG_TASK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (task < 0) break;
        if (r)
            rg_sweep_run_task(s, o->dir, task, o->threads, r);
        else
            ready.task = task, ready.state = RG_TASK_FAILED;
        const rg_task_result *out = r ? r : &ready;
        if (!r) snprintf(ready.message, sizeof ready.message, "out of memory");
        MPI_Send(out, (int)sizeof *out, MPI_BYTE, 0, TAG_RESULT, MPI_COMM_WORLD);
    }
    free(r);
}

rg_status rg_sweep_execute_ranks(const rg_sweep *s, const rg_sweep_options *o, long long first,
                                 long long last, long long *failed, rg_error *err)
{
    *failed = 0;
    const int root = o->comm->rank == 0;
    unsigned char *done = calloc((size_t)(last - first) + 1, 1);
    rg_status st = RG_OK;
    int ok = 1;
    if (root) {
        st = done ? rg_sweep_prepare(s, o->dir, o->resume, first, last, done, err)
                  : rg_error_set(err, RG_EINTERNAL, "out of memory");
        ok = st == RG_OK;
    }
    MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (!ok && !root) st = rg_error_set(err, RG_EINPUT, "rank 0 could not prepare the sweep");
    if (ok) {
        if (root)
            st = master(s, o, first, last, done, failed, err);
        else
            worker(s, o);
    }
    free(done);
    return st;
}

/* --- calibration ---------------------------------------------------------------- */

rg_status rg_calibration_abc_ranks(rg_calibration *c, rg_cal_result *res,
                                   const rg_calibration_options *o, rg_error *err)
{
    const int rank = o->comm->rank, size = o->comm->size;
    const size_t n = c->np, draws = (size_t)c->abc_draws;
    double *theta = calloc(n * draws, sizeof *theta), *dist = calloc(draws, sizeof *dist);
    double *all_theta = rank == 0 ? calloc(n * draws, sizeof *all_theta) : NULL;
    double *all_dist = rank == 0 ? calloc(draws, sizeof *all_dist) : NULL;
    int local = RG_OK;
    if (!theta || !dist || (rank == 0 && (!all_theta || !all_dist)))
        local = rg_error_set(err, RG_EINTERNAL, "out of memory");
    for (size_t i = (size_t)rank; local == RG_OK && i < draws; i += (size_t)size)
        local = rg_calibration_abc_draw(c, (int)i, &theta[i * n], &dist[i], err);
    int worst = RG_OK;
    MPI_Allreduce(&local, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (worst == RG_OK) {
        MPI_Reduce(theta, all_theta, (int)(n * draws), MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
        MPI_Reduce(dist, all_dist, (int)draws, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    } else if (local == RG_OK) {
        rg_error_set(err, (rg_status)worst, "a draw failed on another rank");
    }
    rg_status st = (rg_status)worst;
    if (st == RG_OK && rank == 0)
        st = rg_calibration_abc_finish(c, res, all_theta, all_dist, o->threads, err);
    free(theta);
    free(dist);
    free(all_theta);
    free(all_dist);
    return st;
}
