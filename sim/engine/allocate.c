/* Capacity-limited allocation: a counting sort by slot, then each slot's
 * candidates ranked in parallel (every slot owns its own segment). */
#include "reintegra/allocate.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

static int by_score(const void *pa, const void *pb)
{
    const rg_candidate *a = pa, *b = pb;
    if (a->score != b->score) return a->score > b->score ? -1 : 1;
    return (a->agent > b->agent) - (a->agent < b->agent);
}

static int by_slot_score(const void *pa, const void *pb)
{
    const rg_candidate *a = pa, *b = pb;
    if (a->slot != b->slot) return a->slot < b->slot ? -1 : 1;
    return by_score(pa, pb);
}

rg_status rg_allocate(rg_candidate *c, size_t n, const int32_t *capacity, size_t nslots,
                      int threads, rg_error *err)
{
    if (n == 0) return RG_OK;
    size_t *start = calloc(nslots + 1, sizeof *start);
    rg_candidate *tmp = malloc(n * sizeof *tmp);
    if (!start || !tmp) {
        free(start);
        free(tmp);
        return rg_error_set(err, RG_EINTERNAL, "out of memory allocating %zu candidates", n);
    }
    for (size_t i = 0; i < n; i++) {
        if (c[i].slot >= nslots) {
            free(start);
            free(tmp);
            return rg_error_set(err, RG_EINTERNAL, "candidate for slot %u of %zu", c[i].slot,
                                nslots);
        }
        start[c[i].slot + 1]++;
    }
    for (size_t s = 0; s < nslots; s++) start[s + 1] += start[s];
    size_t *fill = malloc(nslots * sizeof *fill);
    if (!fill) {
        free(start);
        free(tmp);
        return rg_error_set(err, RG_EINTERNAL, "out of memory");
    }
    memcpy(fill, start, nslots * sizeof *fill);
    for (size_t i = 0; i < n; i++) tmp[fill[c[i].slot]++] = c[i];
    free(fill);
    memcpy(c, tmp, n * sizeof *c);
    free(tmp);
    const long long ns = (long long)nslots;
    /* About eight chunks per thread, so that a few slots (40 neighbourhoods of the
     * housing market) spread over the threads as well as thousands of employers. */
    const int nt = threads > 0 ? threads : omp_get_max_threads();
    const long long chunk = ns / (8LL * nt) > 1 ? ns / (8LL * nt) : 1;
#pragma omp parallel for schedule(dynamic, chunk) num_threads(nt)
    for (long long s = 0; s < ns; s++) {
        size_t b = start[s], e = start[s + 1];
        if (e - b > 1) qsort(c + b, e - b, sizeof *c, by_score);
        long long cap = capacity[s] > 0 ? capacity[s] : 0;
        for (size_t i = b; i < e; i++) c[i].won = (long long)(i - b) < cap;
    }
    free(start);
    return RG_OK;
}

rg_status rg_allocate_reference(rg_candidate *c, size_t n, const int32_t *capacity, size_t nslots,
                                rg_error *err)
{
    for (size_t i = 0; i < n; i++)
        if (c[i].slot >= nslots)
            return rg_error_set(err, RG_EINTERNAL, "candidate for slot %u", c[i].slot);
    qsort(c, n, sizeof *c, by_slot_score);
    for (size_t i = 0, taken = 0; i < n; i++) {
        if (i == 0 || c[i].slot != c[i - 1].slot) taken = 0;
        c[i].won = (long long)taken < (long long)capacity[c[i].slot];
        taken++;
    }
    return RG_OK;
}

rg_status rg_candidates_gather(rg_candidate_buf *blocks, size_t nblocks, rg_candidate_buf *all,
                               rg_error *err)
{
    size_t total = 0;
    for (size_t b = 0; b < nblocks; b++) {
        if (blocks[b].failed) return rg_error_set(err, RG_EINTERNAL, "out of memory (candidates)");
        total += blocks[b].len;
    }
    if (total > all->cap) {
        rg_candidate *c = realloc(all->c, total * sizeof *c);
        if (!c)
            return rg_error_set(err, RG_EINTERNAL, "out of memory gathering %zu candidates", total);
        all->c = c;
        all->cap = total;
    }
    all->len = 0;
    for (size_t b = 0; b < nblocks; b++) {
        if (blocks[b].len)
            memcpy(all->c + all->len, blocks[b].c, blocks[b].len * sizeof *blocks[b].c);
        all->len += blocks[b].len;
        blocks[b].len = 0;
    }
    return RG_OK;
}

void rg_candidate_buf_free(rg_candidate_buf *b)
{
    free(b->c);
    b->c = NULL;
    b->len = b->cap = 0;
}
