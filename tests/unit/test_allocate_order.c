/* The allocator's output against the plain method it replaces (one stable counting
 * pass by slot, then qsort of each slot with the comparator by score, then agent):
 * the same slots in the same places, the same winners in the same order, the same
 * others (not ranked: compared as sets), and the same bytes at every thread count,
 * with tied scores, -0 and +0, several candidates of one agent in one slot, slots
 * longer and shorter than the insertion sort's limit, NaN scores and empty slots. */
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

static int by_score(const void *pa, const void *pb)
{
    const rg_candidate *a = pa, *b = pb;
    if (a->score != b->score) return a->score > b->score ? -1 : 1;
    return (a->agent > b->agent) - (a->agent < b->agent);
}

static void plain(rg_candidate *c, size_t n, const int32_t *cap, size_t nslots)
{
    size_t *start = calloc(nslots + 1, sizeof *start), *fill = malloc(nslots * sizeof *fill);
    rg_candidate *tmp = malloc((n + 1) * sizeof *tmp);
    for (size_t i = 0; i < n; i++) start[c[i].slot + 1]++;
    for (size_t s = 0; s < nslots; s++) start[s + 1] += start[s];
    memcpy(fill, start, nslots * sizeof *fill);
    for (size_t i = 0; i < n; i++) tmp[fill[c[i].slot]++] = c[i];
    memcpy(c, tmp, n * sizeof *c);
    for (size_t s = 0; s < nslots; s++) {
        size_t b = start[s], e = start[s + 1];
        if (e - b > 1) qsort(c + b, e - b, sizeof *c, by_score);
        for (size_t i = b; i < e; i++) c[i].won = (long long)(i - b) < (cap[s] > 0 ? cap[s] : 0);
    }
    free(start);
    free(fill);
    free(tmp);
}

/* The same candidates in the same order, field by field (not the padding). */
static int same(const rg_candidate *a, const rg_candidate *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i].slot != b[i].slot || a[i].agent != b[i].agent || a[i].won != b[i].won ||
            memcmp(&a[i].score, &b[i].score, sizeof a[i].score) != 0)
            return 0;
    return 1;
}

/* By agent, then the score's bits: a total order, to compare the others as sets. */
static int by_agent_bits(const void *pa, const void *pb)
{
    const rg_candidate *a = pa, *b = pb;
    if (a->agent != b->agent) return a->agent < b->agent ? -1 : 1;
    return memcmp(&a->score, &b->score, sizeof a->score);
}

/* got against want (the plain method's): the same slot and won flag at every
 * place, the winners identical, and each slot's others the same set. */
static int same_winners(rg_candidate *got, rg_candidate *want, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (got[i].slot != want[i].slot || got[i].won != want[i].won ||
            (want[i].won && !same(&got[i], &want[i], 1)))
            return 0;
    for (size_t b = 0, e; b < n; b = e) {
        e = b;
        while (e < n && want[e].slot == want[b].slot) e++;
        size_t w = b;
        while (w < e && want[w].won) w++;
        qsort(got + w, e - w, sizeof *got, by_agent_bits);
        qsort(want + w, e - w, sizeof *want, by_agent_bits);
        if (!same(got + w, want + w, e - w)) return 0;
    }
    return 1;
}

static float score_of(uint64_t *s, int trial)
{
    const uint64_t r = next(s) % 100;
    if (r < 5) return (r & 1) ? -0.0f : 0.0f;
    if (trial % 5 == 4 && r == 99) return NAN;
    if (trial % 2) return (float)(int)(next(s) % 6) - 2.0f; /* coarse: many ties */
    return (float)((double)(next(s) >> 11) / 9007199254740992.0 * 3.0 - 1.0);
}

int main(void)
{
    rg_error err = {0};
    uint64_t s = 0x2545f4914f6cdd1du;
    for (int trial = 0; trial < 100; trial++) {
        const size_t nslots = 1 + next(&s) % (trial % 3 == 0 ? 4 : 300);
        const size_t n = next(&s) % (trial % 4 == 0 ? 20000 : 3000);
        int32_t *cap = malloc(nslots * sizeof *cap);
        for (size_t k = 0; k < nslots; k++) cap[k] = (int32_t)(next(&s) % 40) - 3;
        rg_candidate *in = malloc((n + 1) * sizeof *in), *want = malloc((n + 1) * sizeof *in),
                     *got = malloc((n + 1) * sizeof *in), *first = malloc((n + 1) * sizeof *in);
        for (size_t i = 0; i < n; i++) {
            const uint32_t agent = (uint32_t)(next(&s) % (n / 2 + 1)); /* repeats */
            in[i] = (rg_candidate){(uint32_t)(next(&s) % nslots), agent, score_of(&s, trial), 0};
        }
        const int threads[] = {1, 2, 3, 8};
        for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
            memcpy(got, in, n * sizeof *in);
            CHECK(rg_allocate(got, n, cap, nslots, threads[t], &err) == RG_OK, "allocate: %s",
                  err.msg);
            if (t == 0) memcpy(first, got, n * sizeof *got);
            CHECK(same(got, first, n), "trial %d, %d threads: not the bytes of 1 thread", trial,
                  threads[t]);
            memcpy(want, in, n * sizeof *in);
            plain(want, n, cap, nslots);
            CHECK(same_winners(got, want, n),
                  "trial %d (%zu candidates, %zu slots), %d threads: not the plain method's result",
                  trial, n, nslots, threads[t]);
        }
        free(cap);
        free(in);
        free(want);
        free(got);
        free(first);
    }
    /* A bad slot after good ones is reported at every thread count. */
    rg_candidate bad[5] = {
        {0, 1, 1.0f, 0}, {1, 2, 1.0f, 0}, {0, 3, 1.0f, 0}, {7, 4, 1.0f, 0}, {1, 5, 1.0f, 0}};
    int32_t two[2] = {1, 1};
    for (int t = 1; t <= 4; t++) {
        rg_candidate c[5];
        memcpy(c, bad, sizeof c);
        rg_error e = {0};
        CHECK(rg_allocate(c, 5, two, 2, t, &e) == RG_EINTERNAL && strstr(e.msg, "slot 7"),
              "%d threads: a candidate for slot 7 of 2 accepted (%s)", t, e.msg);
    }
    return check_done();
}
