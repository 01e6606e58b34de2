/* Events found per chunk of items and appended to their agents' blocks
 * (rg_run_append_events, in parallel) are those of one pass in chunk order, each
 * block's in order after what it held, whatever the thread count: no buffers, one,
 * empty buffers, more threads than buffers, blocks that get nothing, blocks that
 * already hold events (and must grow), and the months taken from the blocks. */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "reintegra/run.h"

enum { BLOCKS = 7, AGENTS = BLOCKS * RG_BLOCK_SIZE - 100 };

static uint64_t next(uint64_t *s) /* splitmix64 */
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* n buffers of random lengths (some empty) of events of random agents, skipping
 * block 3; the blocks first hold `held` events each. */
static int setup(rg_run *run, rg_block *blocks, rg_event_buf *found, size_t n, size_t held,
                 int threads)
{
    memset(run, 0, sizeof *run);
    memset(blocks, 0, sizeof *blocks * BLOCKS);
    run->threads = threads;
    run->n_blocks = BLOCKS;
    run->blocks = blocks;
    uint64_t s = 42 + n;
    for (size_t b = 0; b < BLOCKS; b++) {
        blocks[b].month = (int)(10 + b);
        for (size_t k = 0; k < held; k++)
            rg_block_event(&blocks[b], b * RG_BLOCK_SIZE + k, 1, (int)k % 7);
    }
    for (size_t c = 0; c < n; c++) {
        found[c] = (rg_event_buf){NULL, 0, 0};
        const size_t len = next(&s) % 4 == 0 ? 0 : next(&s) % 700;
        for (size_t k = 0; k < len; k++) {
            uint32_t a = (uint32_t)(next(&s) % AGENTS);
            if (a / RG_BLOCK_SIZE == 3) a += RG_BLOCK_SIZE;
            if (!rg_event_buf_push(&found[c], a, (int)(next(&s) % 50), (int)(c % 256))) return 0;
        }
    }
    return 1;
}

static void clear(rg_block *blocks)
{
    for (size_t b = 0; b < BLOCKS; b++) free(blocks[b].events.ev);
}

int main(void)
{
    const size_t counts[] = {0, 1, 2, 3, 9, 40};
    const size_t helds[] = {0, 5, 300};
    const int threads[] = {2, 3, 8};
    rg_event_buf found[40];
    rg_block want[BLOCKS], got[BLOCKS];
    for (size_t a = 0; a < sizeof counts / sizeof counts[0]; a++)
        for (size_t h = 0; h < sizeof helds / sizeof helds[0]; h++) {
            rg_run run;
            /* the reference: one thread, one pass */
            CHECK(setup(&run, want, found, counts[a], helds[h], 1), "out of memory");
            rg_run_append_events(&run, found, counts[a]);
            for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
                CHECK(setup(&run, got, found, counts[a], helds[h], threads[t]), "out of memory");
                rg_run_append_events(&run, found, counts[a]);
                size_t bad = 0;
                for (size_t b = 0; b < BLOCKS; b++) {
                    bad += got[b].events.len != want[b].events.len || got[b].failed;
                    for (size_t k = 0; k < want[b].events.len && k < got[b].events.len; k++) {
                        const rg_event *x = &got[b].events.ev[k], *y = &want[b].events.ev[k];
                        bad += x->month != y->month || x->agent != y->agent || x->type != y->type ||
                               x->detail != y->detail;
                    }
                }
                for (size_t c = 0; c < counts[a]; c++) bad += found[c].ev != NULL || found[c].len;
                CHECK(bad == 0, "%zu buffers, %zu held, %d threads: %zu differ", counts[a],
                      helds[h], threads[t], bad);
                clear(got);
            }
            size_t total = 0;
            for (size_t b = 0; b < BLOCKS; b++) total += want[b].events.len;
            CHECK(counts[a] < 3 || want[3].events.len == helds[h], "block 3 got events");
            CHECK(counts[a] < 9 || total > BLOCKS * helds[h], "%zu buffers: no events", counts[a]);
            clear(want);
        }
    return check_done();
}
