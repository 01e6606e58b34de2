/* The first k of a list by (key, id) in parallel (rg_run_first_k) are the first k
 * of the whole list sorted by qsort, in order, whatever the thread count: lists
 * below, at and above the least size of a part (1,024 items) and of two, k of 0, 1, a few,
 * all but one, all and more than all, keys that repeat (ties broken by id), keys
 * that use all 64 bits, and lists already in order or in reverse order. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "reintegra/run.h"

static int by_key_id(const void *a, const void *b)
{
    const rg_ranked *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

static uint64_t next(uint64_t *s) /* splitmix64 */
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* List `shape`: 0 random keys of 64 bits, 1 few distinct keys (ties), 2 in order,
 * 3 in reverse order; ids a permutation of distinct values. */
static void fill(rg_ranked *l, size_t n, int shape, uint64_t seed)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t r = next(&seed);
        l[i].id = (uint32_t)(i * 2654435761u) ^ 0x5bd1e995u; /* distinct: odd multiplier */
        l[i].key = shape == 0   ? r
                   : shape == 1 ? (r % 5) << 32 | (r >> 60)
                   : shape == 2 ? (uint64_t)i
                                : (uint64_t)(n - i);
    }
}

int main(void)
{
    const size_t sizes[] = {0, 1, 2, 7, 1023, 1024, 2047, 2048, 3 * 1024 + 17, 60000};
    const int threads[] = {1, 2, 3, 8};
    for (size_t a = 0; a < sizeof sizes / sizeof sizes[0]; a++)
        for (int shape = 0; shape < 4; shape++) {
            const size_t n = sizes[a];
            const size_t ks[] = {0, 1, 5, n / 3, n > 0 ? n - 1 : 0, n, n + 9};
            rg_ranked *want = malloc(sizeof *want * (n + 1)),
                      *list = malloc(sizeof *list * (n + 1));
            uint32_t *got = malloc(sizeof *got * (n + 10));
            CHECK(want && list && got, "out of memory");
            if (!want || !list || !got) {
                free(want);
                free(list);
                free(got);
                return check_done();
            }
            fill(want, n, shape, 17 + a);
            qsort(want, n, sizeof *want, by_key_id);
            for (size_t b = 0; b < sizeof ks / sizeof ks[0]; b++)
                for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
                    rg_run run;
                    memset(&run, 0, sizeof run);
                    run.threads = threads[t];
                    fill(list, n, shape, 17 + a);
                    for (size_t j = 0; j < n + 10; j++) got[j] = UINT32_MAX;
                    const size_t k = ks[b], w = k < n ? k : n;
                    const size_t wrote = rg_run_first_k(&run, list, n, k, got);
                    size_t bad = 0;
                    for (size_t j = 0; j < w; j++) bad += got[j] != want[j].id;
                    for (size_t j = w; j < n + 10; j++) bad += got[j] != UINT32_MAX;
                    CHECK(wrote == w && bad == 0,
                          "n %zu, shape %d, k %zu, %d threads: wrote %zu, %zu ids differ", n, shape,
                          k, threads[t], wrote, bad);
                }
            free(want);
            free(list);
            free(got);
        }
    return check_done();
}
