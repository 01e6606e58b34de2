/* Lists of task (or share) numbers in Slurm's --array syntax: "7,12", "0-9",
 * "0-9:2", "1,3-5". Read for `sweep --tasks`, written by `sweep --missing` so that
 * the failed and missing tasks of a sweep can be submitted again as they are. */
#include "reintegra/sweep.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The bitmap's word and bit of number k. */
static int listed(const rg_task_list *l, long long k)
{
    return (l->bits[k / 64] >> (k % 64)) & 1u;
}

static void mark(rg_task_list *l, long long k)
{
    if (!listed(l, k)) l->count++;
    l->bits[k / 64] |= (uint64_t)1 << (k % 64);
}

int rg_task_list_has(const rg_task_list *l, long long k)
{
    return k >= 0 && k < l->n && listed(l, k);
}

void rg_task_list_free(rg_task_list *l)
{
    free(l->bits);
    memset(l, 0, sizeof *l);
}

rg_status rg_task_list_init(rg_task_list *l, long long n, rg_error *err)
{
    memset(l, 0, sizeof *l);
    l->n = n > 0 ? n : 0;
    l->bits = calloc((size_t)(l->n / 64 + 1), sizeof *l->bits);
    if (!l->bits) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    return RG_OK;
}

void rg_task_list_add(rg_task_list *l, long long k)
{
    if (k >= 0 && k < l->n) mark(l, k);
}

/* A whole number at *p (digits only), moved past; -1 when there is none or it is
 * absurdly long. */
static long long number(const char **p)
{
    if (!isdigit((unsigned char)**p)) return -1;
    errno = 0;
    char *end = NULL;
    long long v = strtoll(*p, &end, 10);
    if (errno) return -1;
    *p = end;
    return v;
}

/* One element: A, A-B or A-B:S. */
static rg_status element(rg_task_list *l, const char *what, const char *text, const char *elem,
                         size_t len, rg_error *err)
{
    const char *p = elem, *end = elem + len;
    long long a = number(&p), b = a, step = 1;
    if (a >= 0 && p < end && *p == '-') {
        p++;
        b = number(&p);
        if (b >= 0 && p < end && *p == ':') {
            p++;
            step = number(&p);
        }
    }
    if (a < 0 || b < 0 || step < 0 || p != end)
        return rg_error_set(err, RG_EINPUT,
                            "%s %s: '%.*s' is not a number or a range; expected numbers and "
                            "ranges A-B or A-B:STEP separated by commas, e.g. 7,12 or 0-9:2,20",
                            what, text, (int)len, elem);
    if (b < a)
        return rg_error_set(err, RG_EINPUT,
                            "%s %s: the range %lld-%lld is inverted; expected A-B "
                            "with A <= B",
                            what, text, a, b);
    if (step < 1)
        return rg_error_set(err, RG_EINPUT, "%s %s: the step of %.*s is 0; expected 1 or more",
                            what, text, (int)len, elem);
    if (b >= l->n)
        return rg_error_set(err, RG_EINPUT,
                            "%s %s: %lld is beyond the last, %lld; expected "
                            "numbers from 0 to %lld",
                            what, text, b, l->n - 1, l->n - 1);
    for (long long k = a; k <= b; k += step) mark(l, k);
    return RG_OK;
}

rg_status rg_task_list_parse(rg_task_list *l, const char *text, long long n, const char *what,
                             rg_error *err)
{
    RG_TRY(rg_task_list_init(l, n, err));
    if (!*text)
        return rg_error_set(err, RG_EINPUT,
                            "%s: the list is empty; expected numbers and ranges "
                            "such as 7,12 or 0-9:2",
                            what);
    if (strchr(text, '%'))
        return rg_error_set(err, RG_EINPUT,
                            "%s %s: '%%' limits how many array tasks Slurm runs at once; it is "
                            "for sbatch --array, not a list of tasks",
                            what, text);
    for (const char *p = text;;) {
        size_t len = strcspn(p, ",");
        if (len == 0)
            return rg_error_set(err, RG_EINPUT,
                                "%s %s: an empty element (two commas, or a comma at an end); "
                                "expected numbers and ranges separated by single commas",
                                what, text);
        RG_TRY(element(l, what, text, p, len, err));
        if (!p[len]) break;
        p += len + 1;
    }
    return RG_OK;
}

void rg_task_list_write(const rg_task_list *l, FILE *f)
{
    int first = 1;
    for (long long k = 0; k < l->n; k++) {
        if (!listed(l, k)) continue;
        long long b = k;
        while (b + 1 < l->n && listed(l, b + 1)) b++;
        fprintf(f, "%s%lld", first ? "" : ",", k);
        if (b > k) fprintf(f, "-%lld", b);
        first = 0;
        k = b;
    }
}

rg_status rg_sweep_unfinished(const rg_sweep *s, const char *dir, long long shares,
                              rg_task_list *out, rg_error *err)
{
    memset(out, 0, sizeof *out);
    RG_TRY(rg_sweep_check(s, dir, err));
    rg_task_result *recs = calloc((size_t)s->ntasks, sizeof *recs);
    if (!recs) return rg_error_set(err, RG_EINTERNAL, "out of memory");
    rg_status st = rg_sweep_gather(s, dir, recs, err);
    if (st == RG_OK) st = rg_task_list_init(out, shares > 0 ? shares : s->ntasks, err);
    for (long long i = 0; st == RG_OK && i < out->n; i++) {
        /* Share i of `shares` holds tasks [i T / shares, (i + 1) T / shares). */
        long long a = shares > 0 ? s->ntasks * i / shares : i;
        long long b = shares > 0 ? s->ntasks * (i + 1) / shares : i + 1;
        for (long long k = a; k < b; k++)
            if (recs[k].state != RG_TASK_DONE) {
                mark(out, i);
                break;
            }
    }
    free(recs);
    return st;
}
