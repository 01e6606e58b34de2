/* Helpers the commands of the `reintegra` program share: one-line errors, usage,
 * --help detection and option values. Only these commands print and choose exit
 * statuses; the library returns them. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/cli.h"

#ifdef RG_HAVE_MPI
#include <mpi.h>
#endif

int rg_cli_fail(const rg_error *err)
{
    fprintf(stderr, "reintegra: %s\n", err->msg);
    return err->status == RG_OK ? 1 : (int)err->status;
}

int rg_cli_usage_error(const char *usage, const char *fmt, const char *arg)
{
    fprintf(stderr, "reintegra: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage);
    return RG_EINPUT;
}

int rg_cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) return 1;
    return 0;
}

void rg_cli_stem(const char *path, const char *suffix, char *buf, size_t size)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    int len = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
    snprintf(buf, size, "%.*s%s", len, base, suffix);
}

int rg_cli_parse_count(const char *s, long long lo, long long hi, long long *out)
{
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

/* --- MPI ---------------------------------------------------------------------- */

/* Processes in the job when started by an MPI launcher (Open MPI's mpirun, Hydra,
 * srun with PMI/PMIx), else 0. */
static long launcher_size(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) return atol(v) > 0 ? atol(v) : 1;
    }
    return getenv("PMIX_RANK") ? 1 : 0;
}

int rg_cli_comm_init(rg_cli_comm *c, int *argc, char ***argv)
{
    c->rank = 0;
    c->size = 1;
    c->mpi = 0;
    long n = launcher_size();
    if (n == 0) return 0;
#ifdef RG_HAVE_MPI
    int provided;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        fprintf(stderr, "reintegra: cannot initialise MPI\n");
        return RG_EINTERNAL;
    }
    c->mpi = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &c->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &c->size);
    return 0;
#else
    (void)argc;
    (void)argv;
    if (n > 1) {
        fprintf(stderr,
                "reintegra: started by an MPI launcher with %ld processes, but this "
                "build has no MPI support; install libopenmpi-dev and rebuild, or run "
                "the sweep alone or as a Slurm array (docs/guides/cluster.md)\n",
                n);
        return RG_EINPUT;
    }
    return 0;
#endif
}

/* The same exit status on every rank, then MPI_Finalize. */
int rg_cli_comm_finish(rg_cli_comm *c, int rc)
{
#ifdef RG_HAVE_MPI
    if (c->mpi) {
        MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
        MPI_Finalize();
    }
#else
    (void)c;
#endif
    return rc;
}
