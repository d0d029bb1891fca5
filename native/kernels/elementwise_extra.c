/*
 * The elementwise kernels added after the contract (kernels.ts ExtraKernels): pow with a scalar exponent,
 * clamp and maskedFill, with the gradients of the first two; the AdamW step; and the fused backward of a
 * product by per-row scales (FusedKernels rowScaleBackward).
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

/* ---- row scale backward: y[r, i] = x[r, i] * s[r] (a squeeze-excitation gate) -------------------- */

/* Vectors summed in float before a partial sum is added to its double. */
#define FLUSH_VECTORS 32

typedef struct {
  const float *dy, *x, *s;
  float *dx, *ds;
  int64_t n;
  bool accumulate;
} row_scale_job;

static void row_scale_backward_task(void *ctx, int64_t begin, int64_t end) {
  const row_scale_job *job = ctx;
  int64_t n = job->n;
  for (int64_t r = begin; r < end; r++) {
    const float *dy = job->dy + r * n, *x = job->x + r * n;
    float *dx = job->dx ? job->dx + r * n : NULL;
    vf sc = vset1(job->s[r]), a0 = vzero(), a1 = vzero();
    double total = 0.0;
    int64_t l = 0, pending = 0;
    for (; l + 2 * VL <= n; l += 2 * VL) {
      vf g0 = vload(dy + l), g1 = vload(dy + l + VL);
      if (dx) {
        vf d0 = vmul(g0, sc), d1 = vmul(g1, sc);
        if (job->accumulate) d0 = vadd(vload(dx + l), d0), d1 = vadd(vload(dx + l + VL), d1);
        vstore(dx + l, d0);
        vstore(dx + l + VL, d1);
      }
      if (job->ds) {
        a0 = vfma(g0, vload(x + l), a0);
        a1 = vfma(g1, vload(x + l + VL), a1);
        if ((pending += 2) >= FLUSH_VECTORS) {
          total += (double)vhsum(vadd(a0, a1));
          a0 = a1 = vzero();
          pending = 0;
        }
      }
    }
    for (; l < n; l += VL) {
      int64_t m = n - l < VL ? n - l : VL;
      vf g = m == VL ? vload(dy + l) : vload_n(dy + l, m); /* masked lanes are 0 */
      if (dx) {
        vf d = vmul(g, sc);
        if (job->accumulate) d = vadd(m == VL ? vload(dx + l) : vload_n(dx + l, m), d);
        if (m == VL)
          vstore(dx + l, d);
        else
          vstore_n(dx + l, d, m);
      }
      if (job->ds) a0 = vfma(g, m == VL ? vload(x + l) : vload_n(x + l, m), a0);
    }
    if (job->ds) job->ds[r] = (float)(total + (double)vhsum(vadd(a0, a1)));
  }
}

void KFN(row_scale_backward)(const float *dy, const float *x, const float *s, float *dx, float *ds, int64_t rows,
                             int64_t n, bool accumulate) {
  row_scale_job job = {.dy = dy, .x = x, .s = s, .dx = dx, .ds = ds, .n = n, .accumulate = accumulate};
  int64_t per_row = n > 0 ? n : 1;
  ecg_parallel_for(rows, (MAP_GRAIN + per_row - 1) / per_row, row_scale_backward_task, &job);
}

typedef struct {
  float *p, *m, *v;
  const float *g;
  const ecg_adamw_step *h;
} adamw_job;

/* m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p = p decay - step_size m / (sqrt(v) / c2 + eps). */
ECG_INLINE vf adamw_vector(vf p, vf g, vf *m, vf *v, const ecg_adamw_step *h) {
  *m = vfma(vset1(h->beta1), *m, vmul(vset1(h->one_minus_beta1), g));
  *v = vfma(vset1(h->beta2), *v, vmul(vset1(h->one_minus_beta2), vmul(g, g)));
  vf denom = vadd(vdiv(vsqrt(*v), vset1(h->correction2_sqrt)), vset1(h->eps));
  return vsub(vmul(p, vset1(h->decay)), vdiv(vmul(vset1(h->step_size), *m), denom));
}

static void adamw_task(void *ctx, int64_t begin, int64_t end) {
  const adamw_job *job = ctx;
  for (int64_t i = begin; i < end; i += VL) {
    int64_t r = end - i < VL ? end - i : VL;
    vf m = r == VL ? vload(job->m + i) : vload_n(job->m + i, r);
    vf v = r == VL ? vload(job->v + i) : vload_n(job->v + i, r);
    vf g = r == VL ? vload(job->g + i) : vload_n(job->g + i, r);
    vf p = adamw_vector(r == VL ? vload(job->p + i) : vload_n(job->p + i, r), g, &m, &v, job->h);
    if (r == VL) {
      vstore(job->m + i, m), vstore(job->v + i, v), vstore(job->p + i, p);
    } else {
      vstore_n(job->m + i, m, r), vstore_n(job->v + i, v, r), vstore_n(job->p + i, p, r);
    }
  }
}

void KFN(adamw_step)(float *p, const float *g, float *m, float *v, int64_t n, const ecg_adamw_step *h) {
  adamw_job job = {.p = p, .m = m, .v = v, .g = g, .h = h};
  ecg_parallel_for(n, MAP_GRAIN, adamw_task, &job);
}
