/*
 * Batch norm over (N, C, L) per channel, forward and backward, alone or fused with the SiLU or ReLU that
 * follows it (kernels.ts FusedKernels). Statistics are summed in double over float-vector partial sums,
 * two-pass (mean, then centred squares) as in PyTorch's CPU kernels, so large N * L keeps float32 accuracy.
 *
 * Memory order: a task takes a range of channels and works through it in blocks of channels small enough to
 * stay in L2 (BLOCK_FLOATS per tensor). Each pass over a block walks the samples in order and, within a
 * sample, the block's channels, which are contiguous: (c0..c1) x L floats. So every pass streams memory even
 * when rows are short (L = 16 at the end of the model: a channel-by-channel walk would jump C * L floats per
 * 64-byte row and wait on memory at every row), and the second and third passes read the block from L2.
 *
 * Every channel's sums run in a fixed order that depends only on N and L (rows in sample order; float-vector
 * partials flushed to double every FLUSH_VECTORS vectors, or per chunk of a long row), never on the blocking
 * or the thread count, so results are bit-identical for any number of threads.
 *
 * The fused forward writes act(u), u = (x - mean) * invstd * gamma + beta, without storing u; the fused
 * backward recomputes u from x and the saved statistics, forms du = dy * act'(u) in a per-thread scratch
 * block and continues as the plain backward on du.
 */
#include <math.h>

#include "../runtime/pool.h"
#include "../runtime/scratch.h"
#include "internal.h"
#include "stats.h"

#define NORM_GRAIN 32768
/* Vectors summed in float before a partial sum is added to its double. */
#define FLUSH_VECTORS 32
/* Floats of one tensor per channel block (256 KB: x, dy and du of a block stay in L2 together). */
#define BLOCK_FLOATS (64 * 1024)
/*
 * How many samples ahead a first pass prefetches. A block is cb channels x L floats in each sample, C x L
 * floats apart: a fixed distance along the contiguous run (512 floats, before) fell past the run's end at
 * every sample, so each sample's run started with waits on memory.
 */
#define AHEAD_SAMPLES 2

typedef enum { ACT_NONE, ACT_SILU, ACT_RELU } activation;

/* What a sweep over a block sums per channel: x; (x - mean)^2; or g and g * (x - mean) (backward). */
typedef enum { SWEEP_SUM, SWEEP_SQUARES, SWEEP_GRAD } sweep_kind;

typedef struct {
  const float *x, *dy;
  float *y, *dx, *dgamma, *dbeta;
  const ecg_batchnorm_params *p;
  activation act;
  bool accumulate;
} bn_job;

/* One block of channels: [c0, c0 + cb) of every sample, and its per-channel scratch. */
typedef struct {
  const float *x, *dy; /* channel c0 of sample 0 */
  float *du;           /* backward with an activation: g of row (n, j) at (n * cb + j) * L */
  int64_t N, cb, L, stride;
  float *mean, *scale, *shift; /* per block channel */
  float *va, *vb;              /* per block channel: VL floats of float partial sums */
  double *a, *b;               /* per block channel: the sums */
} block;

/* act(u) for one vector. relu(NaN) = NaN, like the reference's Math.max. */
ECG_INLINE vf activate(vf u, activation act) {
  if (act == ACT_SILU) return vmul(u, vsigmoid(u));
  if (act == ACT_RELU) return vkeep_nan(u, vselect_gt(u, vzero(), u, vzero()));
  return u;
}

/* g = dy, or with an activation dy * act'(u) with u = xc * sc + sh recomputed. */
ECG_INLINE vf gradient_vector(vf dy, vf xc, vf sc, vf sh, activation act) {
  if (act == ACT_NONE) return dy;
  vf u = vfma(xc, sc, sh);
  if (act == ACT_RELU) return vselect_gt(u, vzero(), dy, vzero());
  vf s = vsigmoid(u), one = vset1(1.0f);
  return vmul(vmul(dy, s), vfma(u, vsub(one, s), one)); /* silu'(u) = s (1 + u (1 - s)) */
}

/*
 * One vector at offset l of row (n, j), r lanes valid (r == VL on the full path): adds its contribution to
 * the partial sums *a and *b. Masked lanes contribute 0 (x and dy load as 0 there; squares are masked).
 */
ECG_INLINE void sweep_vector(const block *k, sweep_kind kind, activation act, int64_t n, int64_t j, int64_t l,
                             int64_t r, vf *a, vf *b) {
  const float *x = k->x + n * k->stride + j * k->L + l;
  vf vx = r == VL ? vload(x) : vload_n(x, r);
  /* the first pass over a block reads it from memory (the later ones find it in L2): it asks for the same
   * place AHEAD_SAMPLES samples on, whose part of the block is the next contiguous run it reads */
  bool ahead = n + AHEAD_SAMPLES < k->N;
  if (kind == SWEEP_SUM) {
    if (ahead) __builtin_prefetch(x + AHEAD_SAMPLES * k->stride);
    *a = vadd(*a, vx);
    return;
  }
  vf xc = vsub(vx, vset1(k->mean[j]));
  if (kind == SWEEP_SQUARES) {
    if (r != VL) xc = vkeep_n(xc, r);
    *a = vfma(xc, xc, *a);
    return;
  }
  const float *dy = k->dy + n * k->stride + j * k->L + l;
  if (ahead) {
    __builtin_prefetch(x + AHEAD_SAMPLES * k->stride);
    __builtin_prefetch(dy + AHEAD_SAMPLES * k->stride);
  }
  vf g = gradient_vector(r == VL ? vload(dy) : vload_n(dy, r), xc, vset1(k->scale[j]), vset1(k->shift[j]), act);
  if (act != ACT_NONE) {
    float *du = k->du + (n * k->cb + j) * k->L + l;
    if (r == VL)
      vstore(du, g);
    else
      vstore_n(du, g, r);
  }
  *a = vadd(*a, g);
  *b = vfma(g, xc, *b);
}

/* Returns in *a, *b the partial sums of row (n, j) over [l0, l1), two accumulators per sum. */
ECG_INLINE void sweep_span(const block *k, sweep_kind kind, activation act, int64_t n, int64_t j, int64_t l0,
                           int64_t l1, vf *a, vf *b) {
  vf a0 = vzero(), a1 = vzero(), b0 = vzero(), b1 = vzero();
  int64_t l = l0;
  for (; l + 2 * VL <= l1; l += 2 * VL) {
    sweep_vector(k, kind, act, n, j, l, VL, &a0, &b0);
    sweep_vector(k, kind, act, n, j, l + VL, VL, &a1, &b1);
  }
  for (; l < l1; l += VL) sweep_vector(k, kind, act, n, j, l, l1 - l < VL ? l1 - l : VL, &a0, &b0);
  *a = vadd(a0, a1);
  *b = vadd(b0, b1);
}

/* Sets k->a (and k->b) of every block channel to the sums of one sweep over all N samples. */
ECG_INLINE void sweep(const block *k, sweep_kind kind, activation act) {
  int64_t vectors_per_row = (k->L + VL - 1) / VL;
  for (int64_t j = 0; j < k->cb; j++) k->a[j] = k->b[j] = 0.0;
  if (vectors_per_row >= FLUSH_VECTORS) {
    /* long rows: each chunk of FLUSH_VECTORS vectors goes to the double sums on its own */
    for (int64_t n = 0; n < k->N; n++) {
      for (int64_t j = 0; j < k->cb; j++) {
        for (int64_t l = 0; l < k->L; l += FLUSH_VECTORS * VL) {
          int64_t end = l + FLUSH_VECTORS * VL < k->L ? l + FLUSH_VECTORS * VL : k->L;
          vf a, b;
          sweep_span(k, kind, act, n, j, l, end, &a, &b);
          k->a[j] += (double)vhsum(a);
          k->b[j] += (double)vhsum(b);
        }
      }
    }
    return;
  }
  /* short rows: a channel's rows gather in its float partials, flushed every rows_per_flush samples */
  int64_t rows_per_flush = FLUSH_VECTORS / vectors_per_row, pending = 0;
  for (int64_t j = 0; j < k->cb; j++) {
    vstore(k->va + j * VL, vzero());
    vstore(k->vb + j * VL, vzero());
  }
  for (int64_t n = 0; n < k->N; n++) {
    bool flush = ++pending == rows_per_flush || n == k->N - 1;
    for (int64_t j = 0; j < k->cb; j++) {
      vf a, b;
      sweep_span(k, kind, act, n, j, 0, k->L, &a, &b);
      a = vadd(vload(k->va + j * VL), a);
      b = vadd(vload(k->vb + j * VL), b);
      if (flush) {
        k->a[j] += (double)vhsum(a);
        k->b[j] += (double)vhsum(b);
        a = b = vzero();
      }
      vstore(k->va + j * VL, a);
      vstore(k->vb + j * VL, b);
    }
    if (flush) pending = 0;
  }
}

/* (one call per sweep kind and activation so that each loop is compiled for its own) */
static void sweep_sum(const block *k) { sweep(k, SWEEP_SUM, ACT_NONE); }
static void sweep_squares(const block *k) { sweep(k, SWEEP_SQUARES, ACT_NONE); }
static void sweep_grad(const block *k, activation act) {
  if (act == ACT_SILU)
    sweep(k, SWEEP_GRAD, ACT_SILU);
  else if (act == ACT_RELU)
    sweep(k, SWEEP_GRAD, ACT_RELU);
  else
    sweep(k, SWEEP_GRAD, ACT_NONE);
}

/*
 * out[l] = act((x[l] - mean) * scale + shift) for l < n, prefetching x[l + ahead] (the next block's row, which
 * its first pass will read; ahead = 0: none).
 */
ECG_INLINE void normalise_act_row(const float *x, float *out, int64_t n, float mean, float scale, float shift,
                              activation act, int64_t ahead) {
  vf m = vset1(mean), sc = vset1(scale), sh = vset1(shift);
  int64_t l = 0;
  for (; l + VL <= n; l += VL) {
    if (ahead) __builtin_prefetch(x + l + ahead);
    vstore(out + l, activate(vfma(vsub(vload(x + l), m), sc, sh), act));
  }
  if (l < n) vstore_n(out + l, activate(vfma(vsub(vload_n(x + l, n - l), m), sc, sh), act), n - l);
}

/* y = act((x - mean) * scale + shift) over channels [c0, c1) of every sample, in memory order. */
static void normalise_channels(const bn_job *job, int64_t c0, int64_t c1, const float *mean, const float *scale,
                               const float *shift, int64_t ahead) {
  const ecg_batchnorm_params *p = job->p;
  for (int64_t n = 0; n < p->N; n++) {
    for (int64_t c = c0; c < c1; c++) {
      int64_t off = (n * p->C + c) * p->L, j = c - c0;
      const float *x = job->x + off;
      float *y = job->y + off;
      if (job->act == ACT_SILU)
        normalise_act_row(x, y, p->L, mean[j], scale[j], shift[j], ACT_SILU, ahead);
      else if (job->act == ACT_RELU)
        normalise_act_row(x, y, p->L, mean[j], scale[j], shift[j], ACT_RELU, ahead);
      else
        normalise_act_row(x, y, p->L, mean[j], scale[j], shift[j], ACT_NONE, ahead);
    }
  }
}

/* Channels per block: BLOCK_FLOATS of one tensor, at least 1, at most `limit`. */
static int64_t block_channels(const ecg_batchnorm_params *p, int64_t limit) {
  int64_t per_channel = p->N * p->L > 0 ? p->N * p->L : 1;
  int64_t cb = BLOCK_FLOATS / per_channel;
  return cb < 1 ? 1 : cb > limit ? limit : cb;
}

/* Carves a block's per-channel scratch (cb channels) out of the stats slot; returns false when out of memory. */
static bool block_scratch(block *k, int64_t cb) {
  /* va, vb: cb * VL floats each; a, b: cb doubles each; mean, scale, shift: cb floats each */
  float *s = ecg_scratch(ECG_SCRATCH_NORM_STATS, (size_t)(cb * (2 * VL + 4 + 3)));
  if (!s) return false;
  k->va = s;
  k->vb = s + cb * VL;
  k->a = (double *)(s + 2 * cb * VL);
  k->b = k->a + cb;
  k->mean = (float *)(k->b + cb);
  k->scale = k->mean + cb;
  k->shift = k->scale + cb;
  return true;
}

static void bn_forward_task(void *ctx, int64_t begin, int64_t end) {
  const bn_job *job = ctx;
  const ecg_batchnorm_params *p = job->p;
  int64_t count = p->N * p->L, max_cb = block_channels(p, end - begin);
  block k = {.N = p->N, .L = p->L, .stride = p->C * p->L};
  if (!block_scratch(&k, max_cb)) return;
  /* eval mode needs no statistics pass: normalise the whole range at once */
  int64_t step = p->training ? max_cb : end - begin;
  if (!p->training && !block_scratch(&k, step)) return;
  for (int64_t c0 = begin; c0 < end; c0 += step) {
    int64_t cb = end - c0 < step ? end - c0 : step;
    k.cb = cb;
    k.x = job->x + c0 * p->L;
    if (p->training) {
      sweep_sum(&k);
      for (int64_t j = 0; j < cb; j++) k.mean[j] = (float)(k.a[j] / (double)count);
      sweep_squares(&k);
    }
    for (int64_t j = 0; j < cb; j++) {
      int64_t c = c0 + j;
      float mean, invstd;
      if (p->training) {
        double ss = k.a[j], var = ss / (double)count;
        mean = k.mean[j];
        invstd = (float)(1.0 / sqrt(var + (double)p->eps));
        if (p->runningMean) p->runningMean[c] = (1.0f - p->momentum) * p->runningMean[c] + p->momentum * mean;
        if (p->runningVar) {
          double unbiased = count > 1 ? ss / (double)(count - 1) : var;
          p->runningVar[c] = (1.0f - p->momentum) * p->runningVar[c] + p->momentum * (float)unbiased;
        }
      } else {
        mean = p->runningMean[c];
        invstd = (float)(1.0 / sqrt((double)p->runningVar[c] + (double)p->eps));
      }
      p->mean[c] = mean;
      p->invstd[c] = invstd;
      k.mean[j] = mean;
      k.scale[j] = invstd * (p->gamma ? p->gamma[c] : 1.0f);
      k.shift[j] = p->beta ? p->beta[c] : 0.0f;
    }
    /* NOTE: the last pass over a block (compute-bound with an activation) prefetches the next block, so that
     * its first pass finds it in cache instead of waiting on memory without computing (64 x 64 x 1500 fused
     * forward: 3.9-4.1 -> 3.4 ms). The backward's last pass is not compute-bound and gained nothing. */
    int64_t ahead = p->training && c0 + cb < end ? cb * p->L : 0;
    normalise_channels(job, c0, c0 + cb, k.mean, k.scale, k.shift, ahead);
  }
}

static void bn_backward_task(void *ctx, int64_t begin, int64_t end) {
  const bn_job *job = ctx;
  const ecg_batchnorm_params *p = job->p;
  int64_t count = p->N * p->L, max_cb = block_channels(p, end - begin);
  block k = {.N = p->N, .L = p->L, .stride = p->C * p->L};
  if (!block_scratch(&k, max_cb)) return;
  if (job->act != ACT_NONE) {
    k.du = ecg_scratch(ECG_SCRATCH_NORM_GRAD, (size_t)(max_cb * count));
    if (!k.du) return;
  }
  for (int64_t c0 = begin; c0 < end; c0 += max_cb) {
    int64_t cb = end - c0 < max_cb ? end - c0 : max_cb;
    k.cb = cb;
    k.x = job->x + c0 * p->L;
    k.dy = job->dy + c0 * p->L;
    for (int64_t j = 0; j < cb; j++) {
      int64_t c = c0 + j;
      k.mean[j] = p->mean[c];
      k.scale[j] = p->invstd[c] * (p->gamma ? p->gamma[c] : 1.0f);
      k.shift[j] = p->beta ? p->beta[c] : 0.0f;
    }
    sweep_grad(&k, job->act);
    /* per channel, reusing the block's arrays: scale -> kk = gamma * invstd, shift -> mdy, va -> proj */
    float *proj = k.va;
    for (int64_t j = 0; j < cb; j++) {
      int64_t c = c0 + j;
      double sum_dy = k.a[j], sum_dy_xc = k.b[j], invstd = p->invstd[c];
      /* dgamma = sum dy * xhat, dbeta = sum dy (both always accumulate, as the contract says). */
      if (job->dgamma) job->dgamma[c] += (float)(sum_dy_xc * invstd);
      if (job->dbeta) job->dbeta[c] += (float)sum_dy;
      /* training: dx = gamma invstd (dy - mean(dy) - xhat mean(dy xhat)); eval: dx = gamma invstd dy */
      k.shift[j] = p->training ? (float)(sum_dy / (double)count) : 0.0f;
      proj[j] = p->training ? (float)(sum_dy_xc / (double)count * invstd * invstd) : 0.0f;
    }
    if (!job->dx) continue;
    for (int64_t n = 0; n < p->N; n++) {
      for (int64_t j = 0; j < cb; j++) {
        int64_t off = n * k.stride + j * p->L;
        const float *g = k.du ? k.du + (n * cb + j) * p->L : k.dy + off;
        float *dx = job->dx + c0 * p->L + off;
        if (job->accumulate)
          bn_input_gradient_row(g, k.x + off, dx, p->L, k.scale[j], k.shift[j], proj[j], k.mean[j], true, NULL);
        else
          bn_input_gradient_row(g, k.x + off, dx, p->L, k.scale[j], k.shift[j], proj[j], k.mean[j], false, NULL);
      }
    }
  }
}

static int64_t channel_grain(const ecg_batchnorm_params *p) {
  int64_t per_channel = p->N * p->L > 0 ? p->N * p->L : 1;
  return (NORM_GRAIN + per_channel - 1) / per_channel;
}

void KFN(batchnorm)(const float *x, float *y, const ecg_batchnorm_params *p) {
  bn_job job = {.x = x, .y = y, .p = p, .act = ACT_NONE};
  ecg_parallel_for(p->C, channel_grain(p), bn_forward_task, &job);
}

void KFN(batchnorm_backward)(const float *dy, const float *x, float *dx, float *dgamma, float *dbeta,
                             const ecg_batchnorm_params *p, bool accumulate) {
  bn_job job = {.dy = dy, .x = x, .dx = dx, .dgamma = dgamma, .dbeta = dbeta, .p = p, .act = ACT_NONE,
                .accumulate = accumulate};
  ecg_parallel_for(p->C, channel_grain(p), bn_backward_task, &job);
}

void KFN(batchnorm_act)(const float *x, float *y, const ecg_batchnorm_params *p, bool relu) {
  bn_job job = {.x = x, .y = y, .p = p, .act = relu ? ACT_RELU : ACT_SILU};
  ecg_parallel_for(p->C, channel_grain(p), bn_forward_task, &job);
}

void KFN(batchnorm_act_backward)(const float *dy, const float *x, float *dx, float *dgamma, float *dbeta,
                                 const ecg_batchnorm_params *p, bool relu, bool accumulate) {
  bn_job job = {.dy = dy, .x = x, .dx = dx, .dgamma = dgamma, .dbeta = dbeta, .p = p,
                .act = relu ? ACT_RELU : ACT_SILU, .accumulate = accumulate};
  ecg_parallel_for(p->C, channel_grain(p), bn_backward_task, &job);
}
