/* Helpers the commands of the `reintegra` program share: one-line errors, usage,
 * --help detection, option values, the progress line and log lines. Only these commands print and
 * choose exit statuses; the library returns them. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "reintegra/cli.h"

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
    return rg_cli_has(argc, argv, "-h") || rg_cli_has(argc, argv, "--help");
}

int rg_cli_has(int argc, char **argv, const char *option)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], option)) return 1;
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

/* --- progress and log lines ------------------------------------------------------ */

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void rg_cli_progress_init(rg_cli_progress *p, int quiet)
{
    *p = (rg_cli_progress){.on = !quiet && isatty(STDERR_FILENO), .start = now()};
}

/* A duration as m:ss or h:mm:ss. */
static void duration(double seconds, char *buf, size_t size)
{
    long long s = seconds > 0 && seconds < 1e9 ? (long long)(seconds + 0.5) : 0;
    if (s >= 3600)
        snprintf(buf, size, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, size, "%lld:%02lld", s / 60, s % 60);
}

/* " 1:23 elapsed, 0:45 left". The time left is the rate since the first report,
 * whose count (tasks done by an earlier run of a resumed sweep, the first month)
 * says nothing of the rate. */
static void timing(rg_cli_progress *p, long long done, long long total, char *buf, size_t size)
{
    const double t = now();
    if (done < p->last) { /* a new piece of work (the next replicate) */
        p->start = t;
        p->timed = 0;
    }
    if (!p->timed) {
        p->t0 = t;
        p->base = done;
        p->timed = 1;
    }
    p->last = done;
    char e[32], left[32];
    duration(t - p->start, e, sizeof e);
    if (done > p->base && done < total) {
        duration((t - p->t0) * (double)(total - done) / (double)(done - p->base), left,
                 sizeof left);
        snprintf(buf, size, ", %s elapsed, %s left", e, left);
    } else {
        snprintf(buf, size, ", %s elapsed", e);
    }
}

/* "\r  [#####     ] TEXT", ended with a newline when the work is complete. */
static void bar(rg_cli_progress *p, long long done, long long total, const char *text)
{
    const int width = 40;
    int filled = total > 0 ? (int)(done * width / total) : width;
    fprintf(stderr, "\r  [%.*s%*s] %s\033[K", filled, "########################################",
            width - filled, "", text);
    p->open = done < total;
    if (!p->open) fputc('\n', stderr);
    fflush(stderr);
}

void rg_cli_show(void *ctx, const rg_progress *w)
{
    rg_cli_progress *p = ctx;
    if (!p->on) return;
    char text[256], times[96];
    /* Work of a known size (months, tasks, draws, sets): the bar, elapsed and left. */
    if (w->total > 0) {
        timing(p, w->done + w->failed, w->total, times, sizeof times);
        if (!strcmp(w->unit, "tasks"))
            snprintf(text, sizeof text, "%lld/%lld tasks done, %lld failed%s", w->done, w->total,
                     w->failed, times);
        else
            snprintf(text, sizeof text, "%lld/%lld %s%s", w->done, w->total, w->unit, times);
        bar(p, w->done + w->failed, w->total, text);
        return;
    }
    /* A fit that stops when it converges: how far it has come, and the time so far. */
    timing(p, 0, 0, times, sizeof times);
    fprintf(stderr,
            "\r  round %d, iteration %d, %lld evaluations, objective %.3f, simplex %.2g%s\033[K",
            w->round, w->iteration, w->done, w->objective, w->size, times);
    p->open = 1;
    fflush(stderr);
}

void rg_cli_progress_end(rg_cli_progress *p)
{
    if (p->on && p->open) fputc('\n', stderr);
    p->open = 0;
}

void rg_cli_log(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "reintegra: %s\n", line);
}
