/* One run into its file, and the files of replicates: what every workflow and the
 * command line's `run` and `demo` share. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "workflows/internal.h"

/* The engine's progress in months, passed on as a workflow's. */
static void months_progress(void *ctx, int done, int total)
{
    rg_progress p = {"months", done, 0, total, 0, 0, NAN, NAN};
    rg_hooks_progress(ctx, &p);
}

rg_status rg_run_to_file(const rg_params *p, const char *path, int threads, const rg_hooks *hooks,
                         double *seconds, rg_error *err)
{
    rg_run *run = NULL;
    RG_TRY(rg_run_create(&run, p, threads, err));
    if (hooks && hooks->progress) {
        run->progress = months_progress;
        run->progress_ctx = (void *)hooks;
    }
    rg_status st = rg_run_open_output(run, path, err);
    if (st == RG_OK) st = rg_run_complete(run, err);
    if (seconds) *seconds = run->wall_seconds;
    rg_run_free(run);
    return st;
}

void rg_replicate_path(const char *output, int r, int replicates, char *buf, size_t size)
{
    if (replicates <= 1) {
        snprintf(buf, size, "%s", output);
        return;
    }
    const char *slash = strrchr(output, '/');
    const char *dot = strrchr(output, '.');
    if (dot && (!slash || dot > slash + 1))
        snprintf(buf, size, "%.*s-r%d%s", (int)(dot - output), output, r, dot);
    else
        snprintf(buf, size, "%s-r%d.h5", output, r);
}
