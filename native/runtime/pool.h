/*
 * A small persistent thread pool with a static partition and dynamic claiming.
 *
 * ecg_parallel_for(n, grain, fn, ctx) cuts [0, n) into a fixed set of contiguous chunks (at least `grain`
 * items each, a few per thread); the calling thread and the pool workers claim chunks from one atomic
 * counter until none is left. The chunk boundaries depend only on n, grain and the thread count, and every
 * kernel computes each output the same way whichever thread runs its chunk, so results are bit-identical
 * from run to run (and across thread counts, by the kernels' design). Claiming rather than assigning
 * chunks keeps a shared, busy machine from stalling a call on one descheduled thread.
 *
 * Workers spin briefly after a job (kernels come back to back during training) and then sleep on a
 * condition variable, so an idle addon costs no CPU.
 */
#ifndef ECG_POOL_H
#define ECG_POOL_H

#include <stdint.h>

#define ECG_MAX_THREADS 64

typedef void (*ecg_range_fn)(void *ctx, int64_t begin, int64_t end);

/* Runs fn(ctx, begin, end) over contiguous ranges covering [0, n); returns when all ranges are done. */
void ecg_parallel_for(int64_t n, int64_t grain, ecg_range_fn fn, void *ctx);

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
