/* Thread pool: see pool.h. POSIX threads; one parallel region at a time per process. */
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

static struct {
  pthread_mutex_t lock; /* guards sleeping and the worker set */
  pthread_cond_t wake;
  pthread_mutex_t region; /* one parallel region at a time */
  pthread_t workers[ECG_MAX_THREADS];
  int started; /* workers running (the caller is thread 0 and not counted) */
  int threads; /* configured thread count, caller included; 0 = not set yet */
  int users;
  atomic_uint_fast64_t generation; /* bumped once per job */
  atomic_int pending;              /* ranges not finished yet */
  atomic_int sleeping;
  atomic_bool stop;
  /* the current job */
  ecg_range_fn fn;
  void *ctx;
  int64_t n;
  int parts;
  uint_fast64_t created_generation; /* the generation new workers start from (no job missed) */
} pool = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .wake = PTHREAD_COND_INITIALIZER,
    .region = PTHREAD_MUTEX_INITIALIZER,
};

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

static void run_part(int part) {
  int64_t begin = pool.n * part / pool.parts;
  int64_t end = pool.n * (part + 1) / pool.parts;
  if (begin < end) pool.fn(pool.ctx, begin, end);
}

static void *worker_main(void *arg) {
  int index = (int)(intptr_t)arg; /* 1 .. started */
  uint_fast64_t seen = pool.created_generation;
  for (;;) {
    int64_t spin_until = now_ns() + SPIN_NS;
    uint_fast64_t gen;
    int polls = 0;
    while ((gen = atomic_load(&pool.generation)) == seen && !atomic_load(&pool.stop)) {
      CPU_RELAX();
      if (++polls % 256 == 0 && now_ns() > spin_until) {
        pthread_mutex_lock(&pool.lock);
        atomic_fetch_add(&pool.sleeping, 1);
        while (atomic_load(&pool.generation) == seen && !atomic_load(&pool.stop))
          pthread_cond_wait(&pool.wake, &pool.lock);
        atomic_fetch_sub(&pool.sleeping, 1);
        pthread_mutex_unlock(&pool.lock);
      }
    }
    if (atomic_load(&pool.stop)) return NULL;
    seen = gen;
    if (index < pool.parts) run_part(index);
    /* NOTE: every worker acknowledges every job, even with nothing to do, so none can lag a generation
     * behind and read the next job's fields half-published. */
    atomic_fetch_sub(&pool.pending, 1);
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

/* Starts workers until `threads - 1` run; returns how many threads (caller included) are usable. */
static void forget_workers_after_fork(void);
static void register_fork_handler(void) { pthread_atfork(NULL, NULL, forget_workers_after_fork); }

static void forget_workers_after_fork(void) {
  /* The child of fork() has only the forking thread: start afresh. */
  pthread_mutex_init(&pool.lock, NULL);
  pthread_cond_init(&pool.wake, NULL);
  pthread_mutex_init(&pool.region, NULL);
  pool.started = 0;
  atomic_store(&pool.sleeping, 0);
  atomic_store(&pool.stop, false);
}

static int ensure_workers(void) {
  static pthread_once_t fork_handler_once = PTHREAD_ONCE_INIT;
  pthread_once(&fork_handler_once, register_fork_handler);
  ecg_get_threads();
  pool.created_generation = atomic_load(&pool.generation);
  while (pool.started < pool.threads - 1) {
    pthread_t thread;
    if (pthread_create(&thread, NULL, worker_main, (void *)(intptr_t)(pool.started + 1)) != 0) break;
    pool.workers[pool.started++] = thread;
  }
  return pool.started + 1;
}

int ecg_parallel_parts(int64_t n, int64_t grain) {
  int threads = ecg_get_threads();
  if (grain < 1) grain = 1;
  int64_t parts = n / grain;
  if (parts > threads) parts = threads;
  return parts < 1 ? 1 : (int)parts;
}

void ecg_parallel_for(int64_t n, int64_t grain, ecg_range_fn fn, void *ctx) {
  if (n <= 0) return;
  int parts = ecg_parallel_parts(n, grain);
  /* NOTE: a busy pool (another JS thread, or a nested call) means "run here, serially". Kernels give the
   * same bits for any split, so this changes timing only. */
  if (parts == 1 || pthread_mutex_trylock(&pool.region) != 0) {
    fn(ctx, 0, n);
    return;
  }
  int usable = ensure_workers();
  if (parts > usable) parts = usable;
  pool.fn = fn;
  pool.ctx = ctx;
  pool.n = n;
  pool.parts = parts;
  atomic_store(&pool.pending, pool.started);
  atomic_fetch_add(&pool.generation, 1);
  if (atomic_load(&pool.sleeping) > 0) {
    pthread_mutex_lock(&pool.lock);
    pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.lock);
  }
  run_part(0);
  int polls = 0;
  while (atomic_load(&pool.pending) > 0) {
    CPU_RELAX();
    if (++polls > 4096) sched_yield(); /* a descheduled worker: let it run */
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
