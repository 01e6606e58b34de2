/* The median of the benchmarks' repetitions. */
#ifndef REINTEGRA_BENCH_MEDIAN_H
#define REINTEGRA_BENCH_MEDIAN_H

#include <stdlib.h>

static int rg_bench_by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts v[0..n). */
static inline double rg_bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, rg_bench_by_value);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

#endif
