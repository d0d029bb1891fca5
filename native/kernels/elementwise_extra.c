/*
 * The elementwise kernels added after the contract (kernels.ts ExtraKernels): pow with a scalar exponent,
 * clamp and maskedFill, with the gradients of the first two.
 */
#include <math.h>

#include "../runtime/pool.h"
#include "internal.h"

#define MAP_GRAIN 32768

typedef struct {
  const float *x, *dy, *mask;
  float *out;
  float a, b; /* p, or lo and hi, or the fill value */
  bool accumulate;
} extra_job;

/* x^p: exact squares and identity; everything else through powf (JS ** semantics for the specials). */
static inline float raise_to(float x, float p) {
  if (p == 2.0f) return x * x;
  if (p == 1.0f) return x;
  return powf(x, p);
}

static void pow_task(void *ctx, int64_t begin, int64_t end) {
  const extra_job *job = ctx;
  for (int64_t i = begin; i < end; i++) job->out[i] = raise_to(job->x[i], job->a);
}

void KFN(pow)(const float *x, float p, float *out, int64_t n) {
  extra_job job = {.x = x, .out = out, .a = p};
  ecg_parallel_for(n, MAP_GRAIN, pow_task, &job);
}

static void pow_backward_task(void *ctx, int64_t begin, int64_t end) {
  const extra_job *job = ctx;
  float p = job->a;
  for (int64_t i = begin; i < end; i++) {
    /* d/dx x^p = p x^(p - 1) */
    float g = p * raise_to(job->x[i], p - 1.0f) * job->dy[i];
    job->out[i] = job->accumulate ? job->out[i] + g : g;
  }
}

void KFN(pow_backward)(const float *x, float p, const float *dy, float *dx, int64_t n, bool accumulate) {
  extra_job job = {.x = x, .dy = dy, .out = dx, .a = p, .accumulate = accumulate};
  ecg_parallel_for(n, MAP_GRAIN, pow_backward_task, &job);
}

static void clamp_task(void *ctx, int64_t begin, int64_t end) {
  const extra_job *job = ctx;
  float lo = job->a, hi = job->b;
  /* NaN stays NaN (neither comparison holds) */
  for (int64_t i = begin; i < end; i++) {
    float v = job->x[i];
    job->out[i] = v < lo ? lo : v > hi ? hi : v;
  }
}

void KFN(clamp)(const float *x, float lo, float hi, float *out, int64_t n) {
  extra_job job = {.x = x, .out = out, .a = lo, .b = hi};
  ecg_parallel_for(n, MAP_GRAIN, clamp_task, &job);
}

static void clamp_backward_task(void *ctx, int64_t begin, int64_t end) {
  const extra_job *job = ctx;
  float lo = job->a, hi = job->b;
  for (int64_t i = begin; i < end; i++) {
    float v = job->x[i];
    /* the gradient passes where lo <= x <= hi (PyTorch's convention at the bounds) */
    float g = v >= lo && v <= hi ? job->dy[i] : 0.0f;
    job->out[i] = job->accumulate ? job->out[i] + g : g;
  }
}

void KFN(clamp_backward)(const float *x, float lo, float hi, const float *dy, float *dx, int64_t n,
                         bool accumulate) {
  extra_job job = {.x = x, .dy = dy, .out = dx, .a = lo, .b = hi, .accumulate = accumulate};
  ecg_parallel_for(n, MAP_GRAIN, clamp_backward_task, &job);
}

static void masked_fill_task(void *ctx, int64_t begin, int64_t end) {
  const extra_job *job = ctx;
  for (int64_t i = begin; i < end; i++) job->out[i] = job->mask[i] != 0.0f ? job->a : job->x[i];
}

void KFN(masked_fill)(const float *x, const float *mask, float value, float *out, int64_t n) {
  extra_job job = {.x = x, .mask = mask, .out = out, .a = value};
  ecg_parallel_for(n, MAP_GRAIN, masked_fill_task, &job);
}
