/*
 * Deterministic allocation of capacity-limited things (jobs, homes) among
 * candidates: each slot (an employer, a neighbourhood's housing) takes its best
 * candidates by score, ties broken by agent id, never by thread order (DESIGN.md
 * rule 3). A slow, obvious reference implementation is kept for the tests.
 */
#ifndef REINTEGRA_ALLOCATE_H
#define REINTEGRA_ALLOCATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "error.h"

typedef struct rg_candidate {
    uint32_t slot;  /* what is applied for */
    uint32_t agent; /* who applies */
    float score;    /* higher is preferred */
    uint8_t won;    /* out: 1 if the slot takes this candidate */
} rg_candidate;

/* Candidates collected per block of agents in a parallel loop, then gathered in
 * block order (so the gathered list does not depend on the thread count). The
 * blocks' buffers lie side by side in an array, two to a cache line, and threads
 * fill neighbouring blocks at once: a loop fills its block's buffer through a
 * local copy and stores it back at the end (employment's screen_block), else the
 * threads write the same line for every candidate (false sharing). */
typedef struct rg_candidate_buf {
    rg_candidate *c;
    size_t len, cap;
    int failed; /* out of memory while pushing */
} rg_candidate_buf;

/* Room for `more` candidates past len (doubling); 0 and b->failed out of memory. */
static inline int rg_candidate_reserve(rg_candidate_buf *b, size_t more)
{
    if (b->len + more <= b->cap) return 1;
    size_t cap = b->cap ? 2 * b->cap : 256;
    while (cap < b->len + more) cap *= 2;
    rg_candidate *c = (rg_candidate *)realloc(b->c, cap * sizeof *c);
    if (!c) {
        b->failed = 1;
        return 0;
    }
    b->c = c;
    b->cap = cap;
    return 1;
}

static inline void rg_candidate_push(rg_candidate_buf *b, uint32_t slot, uint32_t agent,
                                     float score)
{
    if (b->len == b->cap && !rg_candidate_reserve(b, 1)) return;
    b->c[b->len++] = (rg_candidate){slot, agent, score, 0};
}

/* Concatenate the block buffers (emptying them) into *all (grown as needed), in
 * block order; the copies run in parallel (`threads` as in rg_allocate). */
rg_status rg_candidates_gather(rg_candidate_buf *blocks, size_t nblocks, rg_candidate_buf *all,
                               int threads, rg_error *err);
void rg_candidate_buf_free(rg_candidate_buf *b);

/* Group candidates by slot (in slot order, stably) and put each slot's best
 * capacity[slot] first, in rank order (score descending, then agent), marked won;
 * the slot's others follow, not won, in an order that depends on the input order
 * alone (the same at every thread count, but not ranked: only the winners' order
 * is read). Reorders `c` in place. `threads` as in OpenMP num_threads (0:
 * default). */
rg_status rg_allocate(rg_candidate *c, size_t n, const int32_t *capacity, size_t nslots,
                      int threads, rg_error *err);

/* rg_allocate for one slot (0) taking its best `capacity` candidates, who must
 * be distinct agents (a waiting list): they come first, in rg_allocate's order,
 * marked won; the others follow, not won, in no particular order. The winners and
 * their order are rg_allocate's, without ranking the whole list (a selection of
 * the best, then a ranking of those alone). */
rg_status rg_allocate_top(rg_candidate *c, size_t n, int32_t capacity, int threads, rg_error *err);

/* The reference: one full sort and a scan. Same result as rg_allocate. */
rg_status rg_allocate_reference(rg_candidate *c, size_t n, const int32_t *capacity, size_t nslots,
                                rg_error *err);

#endif
