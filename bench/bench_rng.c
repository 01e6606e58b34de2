/*
 * Keyed draws for many entities: nanoseconds per entity of each path this
 * processor runs, the median of repetitions. Whole Philox blocks
 * (rg_block_fill: four 32-bit outputs per entity), one uniform per entity
 * (rg_draw_fill), and for comparison one entity at a time (rg_rng_at and
 * rg_rng_block, as an agent loop did). Each repetition fills `entities` entities
 * in tiles of RG_TILE, as the agent loops do, so the output stays in L1. Lists of
 * positions (rg_block_list_fill): `entities` blocks in lists of RG_TILE, three
 * blocks (0, 1, 2) of each entity, as job applications take them.
 *
 *   rg_bench_rng [--entities N] [--reps R]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "median.h"
#include "reintegra/rng.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static const rg_purpose purpose =
    RG_DRAW("bench.month", 40, 0, MONTHLY, AGENT, 0, 4, "a block per entity and month");

static volatile uint32_t sink; /* keeps the work */

/* A list of n positions from e on: entity e + i / 3, block i % 3. */
static void positions(size_t e, size_t n, uint64_t *entity, uint32_t *block)
{
    for (size_t i = 0; i < n; i++) {
        entity[i] = (e + i) / 3;
        block[i] = (uint32_t)((e + i) % 3);
    }
}

/* Seconds for one repetition of `what` (0: blocks, 1: uniforms, 2: one at a time,
 * 3: lists of positions). */
static double rep(int what, rg_simd path, size_t entities, int month)
{
    philox4x32_ctr_t b[RG_TILE];
    double u[RG_TILE];
    uint64_t entity[RG_TILE];
    uint32_t block[RG_TILE];
    uint32_t acc = 0;
    const double t0 = now();
    for (size_t e = 0; e < entities; e += RG_TILE) {
        const size_t n = entities - e < RG_TILE ? entities - e : RG_TILE;
        if (what == 3) {
            positions(e, n, entity, block);
            rg_block_list_fill_with(path, 7, &purpose, month, n, entity, block, b);
            for (size_t i = 0; i < n; i++) acc ^= b[i].v[0] ^ b[i].v[1] ^ b[i].v[2] ^ b[i].v[3];
        } else if (what == 0) {
            rg_block_fill_with(path, 7, &purpose, 0, e, month, n, b);
            for (size_t i = 0; i < n; i++) acc ^= b[i].v[0] ^ b[i].v[1] ^ b[i].v[2] ^ b[i].v[3];
        } else if (what == 1) {
            rg_draw_fill_with(path, 7, &purpose, e, month, n, u);
            for (size_t i = 0; i < n; i++) acc ^= (uint32_t)(u[i] * 4294967296.0);
        } else {
            for (size_t i = 0; i < n; i++) {
                rg_rng r;
                rg_rng_at(&r, 7, &purpose, e + i, month);
                const philox4x32_ctr_t c = rg_rng_block(&r, 0);
                acc ^= c.v[0] ^ c.v[1] ^ c.v[2] ^ c.v[3];
            }
        }
    }
    const double t = now() - t0;
    sink ^= acc;
    return t;
}

static int arg(int argc, char **argv, const char *name, int dflt)
{
    for (int k = 1; k + 1 < argc; k++)
        if (!strcmp(argv[k], name)) return atoi(argv[k + 1]);
    return dflt;
}

int main(int argc, char **argv)
{
    const int entities = arg(argc, argv, "--entities", 1 << 20);
    const int reps = arg(argc, argv, "--reps", 15);
    if (entities < 1 || reps < 1 || reps > 1000) {
        fprintf(stderr, "usage: rg_bench_rng [--entities N>=1] [--reps 1..1000]\n");
        return 2;
    }
    static const char *const whats[] = {"blocks (rg_block_fill)", "uniforms (rg_draw_fill)",
                                        "one at a time (rg_rng_at)", "lists (rg_block_list_fill)"};
    /* The paths take turns within each repetition, so that a busy machine slows
     * them alike and their ratios hold. */
    enum { CASES = 10 };
    const int what_of[CASES] = {0, 0, 0, 1, 1, 1, 2, 3, 3, 3};
    const int path_of[CASES] = {0, 1, 2, 0, 1, 2, 0, 0, 1, 2};
    double *t = malloc(sizeof *t * (size_t)reps * CASES);
    if (!t) return 1;
    for (int r = 0; r < reps; r++)
        for (int k = 0; k < CASES; k++)
            if (rg_simd_supported((rg_simd)path_of[k]))
                t[k * reps + r] = rep(what_of[k], (rg_simd)path_of[k], (size_t)entities, r % 24);
    printf("%d entities, median of %d repetitions, ns per entity\n", entities, reps);
    for (int k = 0; k < CASES; k++) {
        if (!rg_simd_supported((rg_simd)path_of[k]))
            printf("%-28s %-7s not run by this processor\n", whats[what_of[k]],
                   rg_simd_name((rg_simd)path_of[k]));
        else
            printf("%-28s %-7s %6.2f\n", whats[what_of[k]], rg_simd_name((rg_simd)path_of[k]),
                   1e9 * rg_bench_median(t + k * reps, reps) / entities);
    }
    free(t);
    return 0;
}
