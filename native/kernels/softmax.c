/* Softmax and log-softmax over the last axis of (rows, dim), max-subtracted, and their gradients. */
#include <math.h>

#include "../runtime/pool.h"
#include "internal.h"

#define SOFTMAX_GRAIN 16384

typedef struct {
  const float *x, *y, *dy;
  float *out;
  int64_t dim;
  bool log, accumulate;
} softmax_job;

static float row_max(const float *x, int64_t n) {
  vf m = vset1(x[0]);
  int64_t j = 0;
  for (; j + VL <= n; j += VL) m = vmax_nan(vload(x + j), m);
  float best = vhmax(m);
  for (; j < n; j++) best = (best != best || best >= x[j]) ? best : x[j];
  return best;
}

static void softmax_task(void *ctx, int64_t begin, int64_t end) {
  const softmax_job *job = ctx;
  int64_t dim = job->dim;
  for (int64_t r = begin; r < end; r++) {
    const float *x = job->x + r * dim;
    float *y = job->out + r * dim;
    float m = row_max(x, dim);
    /* A row of -inf: keep exp finite so the result is NaN (0 / 0) like the reference and PyTorch. */
    vf mx = vset1(m == -INFINITY ? 0.0f : m);
    /* y = exp(x - max), summed in double per lane as it is written: log-softmax needs log(sum) to full
     * float precision even when the sum is close to 1 (a confident row), where float32 would keep only
     * ~1e-7 of it. */
    double lane_sum[VL] = {0};
    float lanes[VL];
    int64_t j = 0;
    for (; j + VL <= dim; j += VL) {
      vf e = vexp(vsub(vload(x + j), mx));
      if (!job->log) vstore(y + j, e);
      vstore(lanes, e);
      for (int l = 0; l < VL; l++) lane_sum[l] += (double)lanes[l];
    }
    if (j < dim) {
      int64_t m = dim - j;
      vf e = vexp(vsub(vload_n(x + j, m), mx));
      if (!job->log) vstore_n(y + j, e, m);
      vstore(lanes, e);
      for (int64_t l = 0; l < m; l++) lane_sum[l] += (double)lanes[l];
    }
    double total = 0.0;
    for (int l = 0; l < VL; l++) total += lane_sum[l];
    if (job->log) {
      /* log softmax = (x - max) - log(sum), in that order: both terms have the same sign, no cancellation */
      vf lse = vset1((float)log(total));
      for (j = 0; j + VL <= dim; j += VL) vstore(y + j, vsub(vsub(vload(x + j), mx), lse));
      if (j < dim) vstore_n(y + j, vsub(vsub(vload_n(x + j, dim - j), mx), lse), dim - j);
    } else {
      vf inv = vset1((float)(1.0 / total));
      for (j = 0; j + VL <= dim; j += VL) vstore(y + j, vmul(vload(y + j), inv));
      if (j < dim) vstore_n(y + j, vmul(vload_n(y + j, dim - j), inv), dim - j);
    }
  }
}

void KFN(softmax)(const float *x, int64_t rows, int64_t dim, float *y, bool log) {
  if (dim <= 0) return;
  softmax_job job = {.x = x, .out = y, .dim = dim, .log = log};
  ecg_parallel_for(rows, (SOFTMAX_GRAIN + dim - 1) / dim, softmax_task, &job);
}

static void softmax_backward_task(void *ctx, int64_t begin, int64_t end) {
  const softmax_job *job = ctx;
  int64_t dim = job->dim;
  for (int64_t r = begin; r < end; r++) {
    const float *y = job->y + r * dim, *dy = job->dy + r * dim;
    float *dx = job->out + r * dim;
    /* softmax: dx = y * (dy - sum(dy * y)); log-softmax: dx = dy - exp(y) * sum(dy) */
    double s = 0.0;
    for (int64_t j = 0; j < dim; j++) s += job->log ? (double)dy[j] : (double)dy[j] * (double)y[j];
    vf vs = vset1((float)s);
    for (int64_t j = 0; j < dim; j += VL) {
      int64_t m = dim - j < VL ? dim - j : VL;
      vf vy = m == VL ? vload(y + j) : vload_n(y + j, m);
      vf vdy = m == VL ? vload(dy + j) : vload_n(dy + j, m);
      vf g = job->log ? vsub(vdy, vmul(vexp(vy), vs)) : vmul(vy, vsub(vdy, vs));
      if (job->accumulate) g = vadd(g, m == VL ? vload(dx + j) : vload_n(dx + j, m));
      if (m == VL)
        vstore(dx + j, g);
      else
        vstore_n(dx + j, g, m);
    }
  }
}

void KFN(softmax_backward)(const float *dy, const float *y, int64_t rows, int64_t dim, float *dx, bool log,
                           bool accumulate) {
  if (dim <= 0) return;
  softmax_job job = {.y = y, .dy = dy, .out = dx, .dim = dim, .log = log, .accumulate = accumulate};
  ecg_parallel_for(rows, (SOFTMAX_GRAIN + dim - 1) / dim, softmax_backward_task, &job);
}
