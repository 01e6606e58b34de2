/* The best places of a waiting list without ranking the whole list
 * (rg_allocate_top) against rg_allocate with one slot: the same winners in the
 * same order, field by field, then everyone else not won; for capacities of 0, 1,
 * a few, more than the insertion sort's limit, all but one, all and more than
 * all; with tied scores, -0 and +0, a NaN score and lists sorted either way. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "reintegra/allocate.h"

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static int by_agent(const void *pa, const void *pb)
{
    const rg_candidate *a = pa, *b = pb;
    return (a->agent > b->agent) - (a->agent < b->agent);
}

static void check_one(const rg_candidate *in, size_t n, int32_t cap, const char *what)
{
    rg_error err = {0};
    rg_candidate *want = malloc((n + 1) * sizeof *want), *got = malloc((n + 1) * sizeof *got);
    memcpy(want, in, n * sizeof *in);
    memcpy(got, in, n * sizeof *in);
    int32_t c = cap;
    CHECK(rg_allocate(want, n, &c, 1, 1, &err) == RG_OK, "allocate: %s", err.msg);
    for (int threads = 1; threads <= 2; threads++) {
        memcpy(got, in, n * sizeof *in);
        CHECK(rg_allocate_top(got, n, cap, threads, &err) == RG_OK, "allocate_top: %s", err.msg);
        size_t won = 0, bad = 0;
        for (size_t i = 0; i < n; i++) {
            won += want[i].won;
            if (want[i].won != got[i].won)
                bad++;
            else if (want[i].won && (want[i].agent != got[i].agent ||
                                     memcmp(&want[i].score, &got[i].score, sizeof got[i].score)))
                bad++;
        }
        CHECK(bad == 0, "%s: %zu candidates, %d places: %zu of the winners differ", what, n, cap,
              bad);
        qsort(want + won, n - won, sizeof *want, by_agent);
        qsort(got + won, n - won, sizeof *got, by_agent);
        int rest = 1;
        for (size_t i = won; i < n; i++) rest &= want[i].agent == got[i].agent && !got[i].won;
        CHECK(rest, "%s: the others are not the list's others", what);
        memcpy(want, in, n * sizeof *in);
        c = cap;
        rg_allocate(want, n, &c, 1, 1, &err);
    }
    free(want);
    free(got);
}

int main(void)
{
    uint64_t s = 0x853c49e6748fea9bu;
    const size_t sizes[] = {0, 1, 2, 47, 48, 49, 500, 20000};
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        const size_t n = sizes[z];
        rg_candidate *in = malloc((n + 1) * sizeof *in);
        for (int kind = 0; kind < 5; kind++) {
            for (size_t i = 0; i < n; i++) {
                const double u = (double)(next(&s) >> 11) / 9007199254740992.0;
                float score = kind == 0   ? (float)u
                              : kind == 1 ? (float)(int)(u * 4) /* ties */
                              : kind == 2 ? (float)-(double)i   /* first come: sorted */
                              : kind == 3 ? (next(&s) % 2 ? 0.0f : -0.0f)
                                          : (float)u;
                if (kind == 4 && i == n / 2) score = NAN;
                /* distinct agents, not in order */
                in[i] = (rg_candidate){0, (uint32_t)((i * 7919u) % (n ? n : 1) + 3u * (i / n)),
                                       score, 0};
            }
            const int32_t caps[] = {0, 1, 5, 60, (int32_t)n - 1, (int32_t)n, (int32_t)n + 10};
            const char *what[] = {"uniform", "ties", "sorted", "signed zeros", "a NaN"};
            for (size_t k = 0; k < sizeof caps / sizeof caps[0]; k++)
                if (caps[k] >= 0) check_one(in, n, caps[k], what[kind]);
        }
        free(in);
    }
    /* A candidate for another slot is refused as rg_allocate refuses it. */
    rg_candidate two[2] = {{0, 1, 1.0f, 0}, {1, 2, 1.0f, 0}};
    rg_error e = {0};
    CHECK(rg_allocate_top(two, 2, 1, 1, &e) == RG_EINTERNAL, "a candidate for slot 1 accepted");
    return check_done();
}
