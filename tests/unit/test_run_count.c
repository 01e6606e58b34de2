/* Counts by key over items in parallel (rg_run_count) are those of one pass in id
 * order, whatever the thread count: item counts around the chunk size, more
 * threads than chunks, keys that pile up on one entry and a count array longer
 * than the items. */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "reintegra/run.h"

typedef struct keys {
    size_t len, stride;
} keys;

static size_t key_of(const keys *k, size_t i)
{
    return (i * k->stride + i / 3) % k->len;
}

static void part(const rg_run *run, size_t begin, size_t end, int64_t *counts, void *ctx)
{
    (void)run;
    const keys *k = ctx;
    for (size_t i = begin; i < end; i++) counts[key_of(k, i)] += (int64_t)(i % 5);
}

int main(void)
{
    const size_t items[] = {0, 1, 4095, 4096, 4097, 3 * 4096 + 17, 100000};
    const size_t lens[] = {1, 7, 40, 200000};
    const int threads[] = {1, 2, 3, 8};
    for (size_t a = 0; a < sizeof items / sizeof items[0]; a++)
        for (size_t b = 0; b < sizeof lens / sizeof lens[0]; b++) {
            keys k = {lens[b], lens[b] == 1 ? 1 : 7919};
            int64_t *want = calloc(k.len, sizeof *want), *got = malloc(k.len * sizeof *got);
            CHECK(want && got, "out of memory");
            if (!want || !got) return check_done();
            for (size_t i = 0; i < items[a]; i++) want[key_of(&k, i)] += (int64_t)(i % 5);
            for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
                rg_run run;
                memset(&run, 0, sizeof run);
                run.threads = threads[t];
                for (size_t j = 0; j < k.len; j++) got[j] = (int64_t)j; /* adds to these */
                rg_run_count(&run, items[a], k.len, got, part, &k);
                size_t bad = 0;
                for (size_t j = 0; j < k.len; j++) bad += got[j] != want[j] + (int64_t)j;
                CHECK(bad == 0, "%zu items, %zu keys, %d threads: %zu counts differ", items[a],
                      k.len, threads[t], bad);
            }
            free(want);
            free(got);
        }
    return check_done();
}
