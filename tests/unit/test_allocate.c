/* The capacity allocator against its slow, obvious reference: the same winners
 * on random inputs (with tied scores), capacities never exceeded, and the same
 * result for any thread count. */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "reintegra/allocate.h"
#include "reintegra/rng.h"

static int by_slot_agent(const void *pa, const void *pb)
{
    const rg_candidate *a = pa, *b = pb;
    if (a->slot != b->slot) return a->slot < b->slot ? -1 : 1;
    if (a->agent != b->agent) return a->agent < b->agent ? -1 : 1;
    return (a->score < b->score) - (a->score > b->score);
}

int main(void)
{
    rg_error err = {0};
    for (int trial = 0; trial < 200; trial++) {
        rg_rng r;
        rg_rng_init(&r, 99, RG_STREAM_CALIBRATION, (uint64_t)trial, 0);
        size_t nslots = 1 + (size_t)(rg_rng_u01(&r) * 50);
        size_t n = (size_t)(rg_rng_u01(&r) * 2000);
        int32_t *cap = malloc(nslots * sizeof *cap);
        for (size_t s = 0; s < nslots; s++) cap[s] = (int32_t)(rg_rng_u01(&r) * 20) - 2;
        rg_candidate *a = malloc((n + 1) * sizeof *a), *b = malloc((n + 1) * sizeof *b),
                     *c = malloc((n + 1) * sizeof *c);
        for (size_t i = 0; i < n; i++) {
            /* Coarse scores so that ties happen; distinct (slot, agent) pairs. */
            a[i] = (rg_candidate){(uint32_t)(rg_rng_u01(&r) * (double)nslots), (uint32_t)i,
                                  (float)(int)(rg_rng_u01(&r) * 5), 0};
        }
        memcpy(b, a, n * sizeof *a);
        memcpy(c, a, n * sizeof *a);
        CHECK(rg_allocate(a, n, cap, nslots, 1, &err) == RG_OK, "allocate: %s", err.msg);
        CHECK(rg_allocate(c, n, cap, nslots, 4, &err) == RG_OK, "allocate: %s", err.msg);
        CHECK(rg_allocate_reference(b, n, cap, nslots, &err) == RG_OK, "reference: %s", err.msg);
        CHECK(memcmp(a, c, n * sizeof *a) == 0, "trial %d: 1 and 4 threads differ", trial);
        qsort(a, n, sizeof *a, by_slot_agent);
        qsort(b, n, sizeof *b, by_slot_agent);
        int same = 1;
        for (size_t i = 0; i < n; i++) same &= a[i].agent == b[i].agent && a[i].won == b[i].won;
        CHECK(same, "trial %d: fast path and reference disagree", trial);
        long *won = calloc(nslots, sizeof *won);
        for (size_t i = 0; i < n; i++) won[a[i].slot] += a[i].won;
        int within = 1;
        for (size_t s = 0; s < nslots; s++) within &= won[s] <= (cap[s] > 0 ? cap[s] : 0);
        CHECK(within, "trial %d: a capacity was exceeded", trial);
        free(won);
        free(a);
        free(b);
        free(c);
        free(cap);
    }
    /* Ties are broken by agent id: the lower id wins. */
    rg_candidate t[3] = {{0, 7, 1.0f, 0}, {0, 3, 1.0f, 0}, {0, 5, 0.5f, 0}};
    int32_t one = 1;
    CHECK(rg_allocate(t, 3, &one, 1, 0, &err) == RG_OK, "allocate");
    CHECK(t[0].agent == 3 && t[0].won && !t[1].won && !t[2].won, "tie broken by id");
    /* A candidate for a slot that does not exist is an error, not a crash. */
    rg_candidate bad = {5, 0, 0.0f, 0};
    rg_error e2 = {0};
    CHECK(rg_allocate(&bad, 1, &one, 1, 0, &e2) == RG_EINTERNAL, "bad slot accepted");
    return check_done();
}
