/* Max and average pooling over (rows = N * C, L), with left zero padding; and their gradients. */
#include "../runtime/pool.h"
#include "internal.h"

#define POOL_GRAIN 32768

typedef struct {
  bool is_max;
  const float *x, *dy;
  float *y, *dx;
  const ecg_pool1d_params *p;
  int32_t *argmax;
} pool_job;

static void pool_task(void *ctx, int64_t begin, int64_t end) {
  const pool_job *job = ctx;
  const ecg_pool1d_params *p = job->p;
  for (int64_t r = begin; r < end; r++) {
    const float *x = job->x + r * p->Lin;
    float *y = job->y + r * p->Lout;
    for (int64_t l = 0; l < p->Lout; l++) {
      int64_t start = l * p->stride - p->padLeft;
      if (job->is_max) {
        float best = -INFINITY;
        /* (a window entirely in the padding keeps -inf and points at the nearest input) */
        int64_t where = start < 0 ? 0 : start >= p->Lin ? p->Lin - 1 : start;
        bool seen = false;
        for (int64_t k = 0; k < p->K; k++) {
          int64_t i = start + k;
          if (i < 0 || i >= p->Lin) continue;
          float v = x[i];
          /* First maximum wins; a NaN wins over everything and stays. */
          if (!seen || (best == best && (v > best || v != v))) {
            best = v;
            where = i;
            seen = true;
          }
        }
        y[l] = best;
        if (job->argmax) job->argmax[r * p->Lout + l] = (int32_t)where;
      } else {
        float s = 0.0f;
        for (int64_t k = 0; k < p->K; k++) {
          int64_t i = start + k;
          if (i >= 0 && i < p->Lin) s += x[i];
        }
        y[l] = s / (float)p->K;
      }
    }
  }
}

void KFN(pool1d)(bool is_max, const float *x, float *y, const ecg_pool1d_params *p, int32_t *argmax) {
  pool_job job = {.is_max = is_max, .x = x, .y = y, .p = p, .argmax = argmax};
  int64_t per_row = p->Lout * p->K > 0 ? p->Lout * p->K : 1;
  ecg_parallel_for(p->rows, (POOL_GRAIN + per_row - 1) / per_row, pool_task, &job);
}

static void pool_backward_task(void *ctx, int64_t begin, int64_t end) {
  const pool_job *job = ctx;
  const ecg_pool1d_params *p = job->p;
  for (int64_t r = begin; r < end; r++) {
    const float *dy = job->dy + r * p->Lout;
    float *dx = job->dx + r * p->Lin;
    if (job->is_max) {
      const int32_t *where = job->argmax + r * p->Lout;
      for (int64_t l = 0; l < p->Lout; l++) dx[where[l]] += dy[l];
    } else {
      for (int64_t l = 0; l < p->Lout; l++) {
        float g = dy[l] / (float)p->K;
        int64_t start = l * p->stride - p->padLeft;
        for (int64_t k = 0; k < p->K; k++) {
          int64_t i = start + k;
          if (i >= 0 && i < p->Lin) dx[i] += g;
        }
      }
    }
  }
}

void KFN(pool1d_backward)(bool is_max, const float *dy, float *dx, const ecg_pool1d_params *p,
                          const int32_t *argmax) {
  pool_job job = {.is_max = is_max, .dy = dy, .dx = dx, .p = p, .argmax = (int32_t *)argmax};
  int64_t per_row = p->Lout * p->K > 0 ? p->Lout * p->K : 1;
  ecg_parallel_for(p->rows, (POOL_GRAIN + per_row - 1) / per_row, pool_backward_task, &job);
}
