/*
 * Thread pool: see pool.h. POSIX threads; one parallel region at a time per process.
 *
 * Protocol. One 64-bit atomic word `claim` holds (generation: 32 bits | chunk count: 16 | next chunk: 16).
 * The caller publishes a job by writing its descriptor into jobs[generation & 1] and then storing a new
 * claim word; every participant claims chunk `next` with a compare-and-swap on that word, so a claim can
 * only succeed while its job is live, and a worker that wakes late (or lags a whole job behind) claims
 * nothing stale. A job's descriptor slot is reused two jobs later, which cannot start before this job's
 * last chunk (possibly claimed by that late worker) has finished. The caller waits on the job's `done`
 * count, never on individual workers.
 */
#define _GNU_SOURCE
#include "pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CPU_RELAX() _mm_pause()
#else
#define CPU_RELAX() ((void)0)
#endif

/* How long an idle worker polls for the next job before it sleeps. */
#define SPIN_NS 200000LL
/*
 * Chunks per thread. One: the caller, which claims first, takes the first share and the workers the next ones,
 * the same shares call after call, so a kernel mostly reads what the same core wrote in the kernel before
 * (from its own L2). With four, shares landed on either core at random and 2-thread training at 1x256 ran
 * about 10% slower. A worker that is descheduled before it claims still leaves its chunk to the caller.
 */
#define CHUNKS_PER_THREAD 1

typedef struct {
  ecg_range_fn fn;
  void *ctx;
  int64_t n;
  atomic_int done; /* chunks finished */
} job;

static struct {
  pthread_mutex_t lock; /* guards sleeping workers' wait */
  pthread_cond_t wake;
  pthread_mutex_t region; /* one parallel region at a time; guards the worker set */
  pthread_t workers[ECG_MAX_THREADS];
  int started; /* workers running (the caller is not counted) */
  int threads; /* configured thread count, caller included; 0 = not set yet */
  int users;
  _Atomic uint64_t claim;
  atomic_int sleeping;
  atomic_bool stop;
  job jobs[2];
} pool = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .wake = PTHREAD_COND_INITIALIZER,
    .region = PTHREAD_MUTEX_INITIALIZER,
};

static inline uint32_t generation_of(uint64_t word) { return (uint32_t)(word >> 32); }

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int ecg_available_cores(void) {
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    int count = CPU_COUNT(&set);
    if (count > 0) return count;
  }
#endif
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  return online > 0 ? (int)online : 1;
}

/* Claims and runs chunks of the live job until none is left; returns the generation it last saw. */
static uint32_t work(void) {
  for (;;) {
    uint64_t word = atomic_load(&pool.claim);
    uint32_t generation = generation_of(word);
    uint32_t chunks = (uint32_t)(word >> 16) & 0xffffu, next = (uint32_t)word & 0xffffu;
    if (next >= chunks) return generation;
    if (!atomic_compare_exchange_weak(&pool.claim, &word, word + 1)) continue;
    job *j = &pool.jobs[generation & 1];
    int64_t begin = j->n * next / chunks, end = j->n * (next + 1) / chunks;
    if (begin < end) j->fn(j->ctx, begin, end);
    atomic_fetch_add(&j->done, 1);
  }
}

static void *worker_main(void *arg) {
  uint32_t seen = (uint32_t)(uintptr_t)arg;
  for (;;) {
    int64_t spin_until = now_ns() + SPIN_NS;
    int polls = 0;
    while (generation_of(atomic_load(&pool.claim)) == seen && !atomic_load(&pool.stop)) {
      CPU_RELAX();
      if (++polls % 256 == 0 && now_ns() > spin_until) {
        pthread_mutex_lock(&pool.lock);
        atomic_fetch_add(&pool.sleeping, 1);
        while (generation_of(atomic_load(&pool.claim)) == seen && !atomic_load(&pool.stop))
          pthread_cond_wait(&pool.wake, &pool.lock);
        atomic_fetch_sub(&pool.sleeping, 1);
        pthread_mutex_unlock(&pool.lock);
      }
    }
    if (atomic_load(&pool.stop)) return NULL;
    seen = work();
  }
}

static void stop_workers(void) {
  pthread_mutex_lock(&pool.lock);
  atomic_store(&pool.stop, true);
  pthread_cond_broadcast(&pool.wake);
  pthread_mutex_unlock(&pool.lock);
  for (int i = 0; i < pool.started; i++) pthread_join(pool.workers[i], NULL);
  pool.started = 0;
  atomic_store(&pool.stop, false);
}

static void forget_workers_after_fork(void) {
  /* The child of fork() has only the forking thread: start afresh. */
  pthread_mutex_init(&pool.lock, NULL);
  pthread_cond_init(&pool.wake, NULL);
  pthread_mutex_init(&pool.region, NULL);
  pool.started = 0;
  atomic_store(&pool.sleeping, 0);
  atomic_store(&pool.stop, false);
}

static void register_fork_handler(void) { pthread_atfork(NULL, NULL, forget_workers_after_fork); }

/* Starts workers until `threads - 1` run (called with the region held); returns the usable thread count. */
static int ensure_workers(void) {
  static pthread_once_t fork_handler_once = PTHREAD_ONCE_INIT;
  pthread_once(&fork_handler_once, register_fork_handler);
  int threads = ecg_get_threads();
  /* a new worker starts from the current generation: it waits for the next job */
  uintptr_t generation = generation_of(atomic_load(&pool.claim));
  while (pool.started < threads - 1) {
    pthread_t thread;
    if (pthread_create(&thread, NULL, worker_main, (void *)generation) != 0) break;
    pool.workers[pool.started++] = thread;
  }
  return pool.started + 1;
}

void ecg_parallel_for(int64_t n, int64_t grain, ecg_range_fn fn, void *ctx) {
  if (n <= 0) return;
  if (grain < 1) grain = 1;
  int64_t parts = n / grain;
  int threads = ecg_get_threads();
  if (parts > threads) parts = threads;
  /* NOTE: a busy pool (another JS thread, or a nested call) means "run here, serially". Kernels give the
   * same bits for any split, so this changes timing only. */
  if (parts <= 1 || pthread_mutex_trylock(&pool.region) != 0) {
    fn(ctx, 0, n);
    return;
  }
  int usable = ensure_workers();
  if (parts > usable) parts = usable;
  int64_t chunks = n / grain;
  if (chunks > parts * CHUNKS_PER_THREAD) chunks = parts * CHUNKS_PER_THREAD;
  uint32_t generation = generation_of(atomic_load(&pool.claim)) + 1;
  job *j = &pool.jobs[generation & 1];
  j->fn = fn;
  j->ctx = ctx;
  j->n = n;
  atomic_store(&j->done, 0);
  atomic_store(&pool.claim, ((uint64_t)generation << 32) | ((uint64_t)chunks << 16));
  if (atomic_load(&pool.sleeping) > 0) {
    pthread_mutex_lock(&pool.lock);
    pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.lock);
  }
  work();
  int polls = 0;
  while (atomic_load(&j->done) < chunks) {
    CPU_RELAX();
    if (++polls > 4096) sched_yield(); /* a descheduled worker holds the last chunk: let it run */
  }
  pthread_mutex_unlock(&pool.region);
}

int ecg_set_threads(int n) {
  if (n < 1) n = 1;
  if (n > ECG_MAX_THREADS) n = ECG_MAX_THREADS;
  pthread_mutex_lock(&pool.region);
  if (n - 1 < pool.started) stop_workers();
  pool.threads = n;
  pthread_mutex_unlock(&pool.region);
  return n;
}

int ecg_get_threads(void) {
  if (pool.threads == 0) {
    int cores = ecg_available_cores();
    pool.threads = cores < ECG_MAX_THREADS ? cores : ECG_MAX_THREADS;
  }
  return pool.threads;
}

void ecg_pool_acquire(void) {
  pthread_mutex_lock(&pool.region);
  pool.users++;
  pthread_mutex_unlock(&pool.region);
}

void ecg_pool_release(void) {
  pthread_mutex_lock(&pool.region);
  if (--pool.users <= 0) {
    pool.users = 0;
    stop_workers();
  }
  pthread_mutex_unlock(&pool.region);
}
