/*
 * The workflows' MPI parts in a build without MPI: every process runs alone. A
 * process started by an MPI launcher with others is refused (it would repeat the
 * whole work N times), so the functions that need ranks are never reached; they
 * say so if they are.
 */
#include "workflows/internal.h"

rg_status rg_comm_init(rg_comm *c, int *argc, char ***argv, rg_error *err)
{
    (void)argc;
    (void)argv;
    c->rank = 0;
    c->size = 1;
    c->mpi = 0;
    long n = rg_launcher_size();
    if (n > 1)
        return rg_error_set(err, RG_EINPUT,
                            "started by an MPI launcher with %ld processes, but this build has no "
                            "MPI support; install libopenmpi-dev and rebuild, or run the sweep "
                            "alone or as a Slurm array (docs/guides/cluster.md)",
                            n);
    return RG_OK;
}

const char *rg_comm_describe(void)
{
    return "MPI: not compiled in (sweeps and calibrations run in one process)";
}

int rg_comm_finish(rg_comm *c, int status)
{
    (void)c;
    return status;
}

static rg_status no_mpi(rg_error *err)
{
    return rg_error_set(err, RG_EINTERNAL, "this build has no MPI support");
}

rg_status rg_sweep_execute_ranks(const rg_sweep *s, const rg_sweep_options *o, long long first,
                                 long long last, long long *failed, rg_error *err)
{
    (void)s, (void)o, (void)first, (void)last;
    *failed = 0;
    return no_mpi(err);
}

rg_status rg_calibration_abc_ranks(rg_calibration *c, rg_cal_result *res,
                                   const rg_calibration_options *o, rg_error *err)
{
    (void)c, (void)res, (void)o;
    return no_mpi(err);
}
