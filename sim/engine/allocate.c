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

/* by_score as one integer: the score's bits mapped to an order-preserving
 * integer (-0 as +0, so that equal scores tie as they do in by_score), inverted
 * for descending order, then the agent. Keys ascending are by_score's order.
 * Returns 0 for a NaN score (by_score does not order NaNs; such a slot keeps
 * by_score and qsort). */
static inline int score_key(const rg_candidate *c, uint64_t *key)
{
    union {
        float f;
        uint32_t u;
    } b = {c->score + 0.0f};
    if ((b.u & 0x7fffffffu) > 0x7f800000u) return 0;
    const uint32_t ordered = b.u & 0x80000000u ? ~b.u : b.u | 0x80000000u;
    *key = (uint64_t)~ordered << 32 | c->agent;
    return 1;
}

enum { INSERTION_MAX = 48 };

/* Order one slot's candidates so that its best `cap` (at most n) come first, by
 * score (descending), then agent; the others follow in an order that depends on the
 * input order alone (nobody reads the losers' order). For short lists an insertion
 * sort on the keys that keeps only the best cap in order (each candidate shifts at
 * most cap others), else qsort with by_score: by_score is a strict order on (score,
 * agent), so both give the same best cap in the same order. */
static void rank_slot(rg_candidate *c, size_t n, size_t cap)
{
    if (n < 2 || cap == 0) return;
    uint64_t key[INSERTION_MAX];
    int ok = n <= INSERTION_MAX;
    for (size_t i = 0; ok && i < n; i++) ok = score_key(&c[i], &key[i]);
    if (!ok) {
        qsort(c, n, sizeof *c, by_score);
        return;
    }
    size_t m = 0; /* c[0 .. m): the best so far, in order; c[m .. i): the others */
    for (size_t i = 0; i < n; i++) {
        const uint64_t k = key[i];
        const rg_candidate x = c[i];
        size_t j;
        if (m < cap) {
            j = m++; /* a place is free: the first of the others moves to i */
        } else if (k < key[m - 1]) {
            j = m - 1; /* better than the last of the best, who joins the others */
        } else {
            continue;
        }
        key[i] = key[j];
        c[i] = c[j];
        for (; j > 0 && key[j - 1] > k; j--) {
            key[j] = key[j - 1];
            c[j] = c[j - 1];
        }
        key[j] = k;
        c[j] = x;
    }
}

/* Candidates [lo, hi) counted by slot into cnt; 0 if a slot is out of range. */
static int count_slots(const rg_candidate *c, size_t lo, size_t hi, size_t nslots, size_t *cnt)
{
    for (size_t i = lo; i < hi; i++) {
        if (c[i].slot >= nslots) return 0;
        cnt[c[i].slot]++;
    }
    return 1;
}

/* A stable counting sort of c by slot into tmp, in parallel: each of nt parts of
 * c (in order) counts its slots, part t's candidates of slot s go after those of
 * parts before t, so the result is that of one pass in order. start[s] is where
 * slot s begins. Returns 0 if a slot is out of range. */
static int scatter_by_slot(const rg_candidate *c, size_t n, size_t nslots, int nt,
                           rg_candidate *tmp, size_t *start, size_t *cnt)
{
    int ok = 1;
#pragma omp parallel num_threads(nt) reduction(& : ok)
    {
        const int t = omp_get_thread_num(), parts = omp_get_num_threads();
        const size_t lo = n * (size_t)t / (size_t)parts, hi = n * (size_t)(t + 1) / (size_t)parts;
        size_t *mine = cnt + (size_t)t * nslots;
        ok = count_slots(c, lo, hi, nslots, mine);
#pragma omp barrier
#pragma omp single
        {
            size_t at = 0;
            for (size_t s = 0; s < nslots; s++) {
                start[s] = at;
                for (int p = 0; p < parts; p++) {
                    const size_t k = cnt[(size_t)p * nslots + s];
                    cnt[(size_t)p * nslots + s] = at;
                    at += k;
                }
            }
            start[nslots] = at;
        }
        if (ok)
            for (size_t i = lo; i < hi; i++) tmp[mine[c[i].slot]++] = c[i];
    }
    return ok;
}

rg_status rg_allocate(rg_candidate *c, size_t n, const int32_t *capacity, size_t nslots,
                      int threads, rg_error *err)
{
    if (n == 0) return RG_OK;
    const int nt = threads > 0 ? threads : omp_get_max_threads();
    size_t *start = malloc((nslots + 1) * sizeof *start);
    size_t *cnt = calloc((size_t)nt * nslots + 1, sizeof *cnt);
    rg_candidate *tmp = malloc(n * sizeof *tmp);
    if (!start || !tmp || !cnt) {
        free(start);
        free(tmp);
        free(cnt);
        return rg_error_set(err, RG_EINTERNAL, "out of memory allocating %zu candidates", n);
    }
    const int ok = scatter_by_slot(c, n, nslots, nt, tmp, start, cnt);
    free(cnt);
    if (!ok) {
        size_t i = 0;
        while (i < n && c[i].slot < nslots) i++;
        free(start);
        free(tmp);
        return rg_error_set(err, RG_EINTERNAL, "candidate for slot %u of %zu", c[i].slot, nslots);
    }
    const long long ns = (long long)nslots;
    /* About eight chunks per thread, so that a few slots (40 neighbourhoods of the
     * housing market) spread over the threads as well as thousands of employers.
     * Each slot's candidates go back to c and are ranked there. */
    const long long chunk = ns / (8LL * nt) > 1 ? ns / (8LL * nt) : 1;
#pragma omp parallel for schedule(dynamic, chunk) num_threads(nt)
    for (long long s = 0; s < ns; s++) {
        size_t b = start[s], e = start[s + 1];
        if (e > b) memcpy(c + b, tmp + b, (e - b) * sizeof *c);
        const long long cap = capacity[s] > 0 ? capacity[s] : 0;
        rank_slot(c + b, e - b, (size_t)cap < e - b ? (size_t)cap : e - b);
        for (size_t i = b; i < e; i++) c[i].won = (long long)(i - b) < cap;
    }
    free(start);
    free(tmp);
    return RG_OK;
}

static inline uint64_t key_at(const rg_candidate *c)
{
    uint64_t k = 0;
    score_key(c, &k);
    return k;
}

static inline void swap_candidates(rg_candidate *a, rg_candidate *b)
{
    const rg_candidate t = *a;
    *a = *b;
    *b = t;
}

/* Reorder c so that c[0 .. k) hold the k smallest keys (in no particular order):
 * quickselect with a median-of-three pivot and a three-way partition. Returns 0
 * (c reordered, not selected) after 2 log2(n) + 8 rounds, which only inputs
 * built against the pivot rule reach. */
static int select_smallest(rg_candidate *c, size_t n, size_t k)
{
    size_t lo = 0, hi = n;
    int rounds = 8;
    for (size_t m = n; m > 1; m /= 2) rounds += 2;
    while (hi - lo > 1) {
        if (rounds-- == 0) return 0;
        const uint64_t a = key_at(&c[lo]), b = key_at(&c[lo + (hi - lo) / 2]),
                       d = key_at(&c[hi - 1]);
        const uint64_t p = a < b ? (b < d ? b : a < d ? d : a) : (a < d ? a : b < d ? d : b);
        size_t lt = lo, i = lo, gt = hi;
        while (i < gt) {
            const uint64_t x = key_at(&c[i]);
            if (x < p)
                swap_candidates(&c[lt++], &c[i++]);
            else if (x > p)
                swap_candidates(&c[i], &c[--gt]);
            else
                i++;
        }
        /* [lo, lt) below the pivot, [lt, gt) equal, [gt, hi) above */
        if (k < lt)
            hi = lt;
        else if (k <= gt)
            return 1;
        else
            lo = gt;
    }
    return 1;
}

rg_status rg_allocate_top(rg_candidate *c, size_t n, int32_t capacity, int threads, rg_error *err)
{
    const size_t k = capacity > 0 ? (size_t)capacity : 0;
    int plain = k >= n;
    for (size_t i = 0; !plain && i < n; i++) {
        uint64_t key;
        plain = c[i].slot != 0 || !score_key(&c[i], &key);
    }
    if (plain || !select_smallest(c, n, k)) {
        /* every candidate wins, a NaN score or another slot: the full ranking */
        int32_t cap = capacity;
        return rg_allocate(c, n, &cap, 1, threads, err);
    }
    rank_slot(c, k, k);
    for (size_t i = 0; i < n; i++) c[i].won = i < k;
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
                               int threads, rg_error *err)
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
    all->len = total;
    /* Each block's candidates go to their place in block order; the copies are
     * parallel (where each block begins: the blocks before it). */
    const long long nb = (long long)nblocks;
    const int nt = threads > 0 ? threads : omp_get_max_threads();
#pragma omp parallel for schedule(static) num_threads(nt)
    for (long long b = 0; b < nb; b++) {
        size_t at = 0;
        for (long long k = 0; k < b; k++) at += blocks[k].len;
        if (blocks[b].len) memcpy(all->c + at, blocks[b].c, blocks[b].len * sizeof *blocks[b].c);
    }
    for (size_t b = 0; b < nblocks; b++) blocks[b].len = 0;
    return RG_OK;
}

void rg_candidate_buf_free(rg_candidate_buf *b)
{
    free(b->c);
    b->c = NULL;
    b->len = b->cap = 0;
}
