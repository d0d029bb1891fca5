/* Reductions over the middle axis of an (outer, n, inner) view: sum, mean, max (+ argmax). */
#include "../runtime/pool.h"
#include "internal.h"

#define REDUCE_GRAIN 32768
/* Floats summed in float vectors before the partial sum is added in double. */
#define SUM_CHUNK 512

double KFN(sum_f64)(const float *x, int64_t n) {
  double total = 0.0;
  for (int64_t start = 0; start < n; start += SUM_CHUNK) {
    int64_t m = n - start < SUM_CHUNK ? n - start : SUM_CHUNK;
    const float *p = x + start;
    vf a0 = vzero(), a1 = vzero(), a2 = vzero(), a3 = vzero();
    int64_t i = 0;
    for (; i + 4 * VL <= m; i += 4 * VL) {
      a0 = vadd(a0, vload(p + i));
      a1 = vadd(a1, vload(p + i + VL));
      a2 = vadd(a2, vload(p + i + 2 * VL));
      a3 = vadd(a3, vload(p + i + 3 * VL));
    }
    for (; i + VL <= m; i += VL) a0 = vadd(a0, vload(p + i));
    if (i < m) a1 = vadd(a1, vload_n(p + i, m - i));
    total += (double)vhsum(vadd(vadd(a0, a1), vadd(a2, a3)));
  }
  return total;
}

/* Returns max(x[0..n)) with NaN winning (the first NaN), and its first index in *where. */
static float max_row(const float *x, int64_t n, int32_t *where) {
  vf m = vset1(x[0]);
  int64_t i = 0;
  for (; i + VL <= n; i += VL) m = vmax_nan(vload(x + i), m);
  float best = vhmax(m);
  for (; i < n; i++) best = (best != best || best >= x[i]) ? best : x[i];
  if (where) {
    int32_t j = 0;
    if (best != best) {
      while (x[j] == x[j]) j++;
    } else {
      while (x[j] != best) j++;
    }
    *where = j;
  }
  return best;
}

typedef struct {
  ecg_reduce_op op;
  const float *x;
  int64_t n, inner;
  float *out;
  int32_t *argmax;
} reduce_job;

/* inner == 1: one contiguous row per output. */
static void reduce_rows_task(void *ctx, int64_t begin, int64_t end) {
  const reduce_job *job = ctx;
  for (int64_t o = begin; o < end; o++) {
    const float *row = job->x + o * job->n;
    if (job->op == ECG_REDUCE_MAX) {
      job->out[o] = max_row(row, job->n, job->argmax ? job->argmax + o : NULL);
    } else {
      double s = KFN(sum_f64)(row, job->n);
      job->out[o] = (float)(job->op == ECG_REDUCE_MEAN ? s / (double)job->n : s);
    }
  }
}

/* inner > 1: items are (o, block of up to 64 inner positions), reduced over j in order. */
#define INNER_BLOCK 64
static void reduce_inner_task(void *ctx, int64_t begin, int64_t end) {
  const reduce_job *job = ctx;
  int64_t blocks = (job->inner + INNER_BLOCK - 1) / INNER_BLOCK;
  for (int64_t item = begin; item < end; item++) {
    int64_t o = item / blocks, i0 = item % blocks * INNER_BLOCK;
    int64_t w = job->inner - i0 < INNER_BLOCK ? job->inner - i0 : INNER_BLOCK;
    const float *base = job->x + o * job->n * job->inner + i0;
    float *out = job->out + o * job->inner + i0;
    if (job->op == ECG_REDUCE_MAX) {
      float best[INNER_BLOCK];
      int32_t idx[INNER_BLOCK];
      for (int64_t i = 0; i < w; i++) {
        best[i] = base[i];
        idx[i] = 0;
      }
      for (int64_t j = 1; j < job->n; j++) {
        const float *row = base + j * job->inner;
        for (int64_t i = 0; i < w; i++) {
          bool take = best[i] == best[i] && (row[i] > best[i] || row[i] != row[i]);
          best[i] = take ? row[i] : best[i];
          idx[i] = take ? (int32_t)j : idx[i];
        }
      }
      for (int64_t i = 0; i < w; i++) out[i] = best[i];
      if (job->argmax)
        for (int64_t i = 0; i < w; i++) job->argmax[o * job->inner + i0 + i] = idx[i];
    } else {
      double acc[INNER_BLOCK] = {0};
      for (int64_t j = 0; j < job->n; j++) {
        const float *row = base + j * job->inner;
        for (int64_t i = 0; i < w; i++) acc[i] += (double)row[i];
      }
      for (int64_t i = 0; i < w; i++)
        out[i] = (float)(job->op == ECG_REDUCE_MEAN ? acc[i] / (double)job->n : acc[i]);
    }
  }
}

void KFN(reduce)(ecg_reduce_op op, const float *x, int64_t outer, int64_t n, int64_t inner, float *out,
                 int32_t *argmax) {
  if (outer <= 0 || inner <= 0) return;
  if (n <= 0) {
    /* An empty reduction: sum 0, mean NaN (0 / 0), max has no value (the op layer rejects it). */
    for (int64_t i = 0; i < outer * inner; i++) out[i] = op == ECG_REDUCE_SUM ? 0.0f : NAN;
    return;
  }
  reduce_job job = {.op = op, .x = x, .n = n, .inner = inner, .out = out, .argmax = argmax};
  if (inner == 1) {
    ecg_parallel_for(outer, (REDUCE_GRAIN + n - 1) / n, reduce_rows_task, &job);
  } else {
    int64_t blocks = (inner + INNER_BLOCK - 1) / INNER_BLOCK;
    int64_t per_item = n * (inner < INNER_BLOCK ? inner : INNER_BLOCK);
    ecg_parallel_for(outer * blocks, (REDUCE_GRAIN + per_item - 1) / per_item, reduce_inner_task, &job);
  }
}
