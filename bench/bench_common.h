/* Shared by the C baselines of `make bench` (write_c.c, write_matrix_c.c): the SplitMix64
 * stream of Sources/svod-bench/BenchData.swift and a monotonic clock. */
#ifndef SVOD_BENCH_COMMON_H
#define SVOD_BENCH_COMMON_H

#include <stdint.h>
#include <time.h>

static uint64_t splitmix_state;

static uint64_t splitmix_next(void) {
    uint64_t z = (splitmix_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
