/*
 * A small persistent thread pool with static partitioning.
 *
 * ecg_parallel_for(n, grain, fn, ctx) splits [0, n) into at most `threads` contiguous ranges of at least
 * `grain` items; the calling thread runs the first range, pool workers the others. The split depends only
 * on n, grain and the thread count, so a kernel gets the same ranges every time. Workers spin briefly
 * after a job (kernels come back to back during training) and then sleep on a condition variable, so an
 * idle addon costs no CPU.
 */
#ifndef ECG_POOL_H
#define ECG_POOL_H

#include <stdint.h>

#define ECG_MAX_THREADS 64

typedef void (*ecg_range_fn)(void *ctx, int64_t begin, int64_t end);

/* Runs fn(ctx, begin, end) over contiguous ranges covering [0, n); returns when all ranges are done. */
void ecg_parallel_for(int64_t n, int64_t grain, ecg_range_fn fn, void *ctx);

/* Returns how many ranges ecg_parallel_for(n, grain, ...) uses (1 when the work is too small to split). */
int ecg_parallel_parts(int64_t n, int64_t grain);

/* Sets the number of threads (the caller included), clamped to [1, ECG_MAX_THREADS]; returns it. */
int ecg_set_threads(int n);

/* Returns the number of threads in effect. */
int ecg_get_threads(void);

/* Returns the number of CPU cores this process may run on (the default thread count). */
int ecg_available_cores(void);

/* Registers one more user of the pool (one per Node-API environment that loaded the addon). */
void ecg_pool_acquire(void);

/* Drops a user; the last one stops and joins the workers. */
void ecg_pool_release(void);

#endif
