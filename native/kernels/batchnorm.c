/*
 * Batch norm over (N, C, L) per channel, forward and backward, alone or fused with the SiLU or ReLU that
 * follows it (kernels.ts FusedKernels). One task per channel. Statistics are summed in double over
 * float-vector partial sums, two-pass (mean, then centred squares) as in PyTorch's CPU kernels, so large
 * N * L keeps float32 accuracy.
 *
 * The fused forward writes act(u), u = (x - mean) * invstd * gamma + beta, without storing u; the fused
 * backward recomputes u from x and the saved statistics, forms du = dy * act'(u) in a per-thread scratch row
 * (one channel: N * L floats, cache-resident) and continues as the plain backward on du.
 */
#include <math.h>

#include "../runtime/pool.h"
#include "../runtime/scratch.h"
#include "internal.h"
#include "stats.h"

#define NORM_GRAIN 32768

typedef enum { ACT_NONE, ACT_SILU, ACT_RELU } activation;

typedef struct {
  const float *x, *dy;
  float *y, *dx, *dgamma, *dbeta;
  const ecg_batchnorm_params *p;
  activation act;
  bool accumulate;
} bn_job;

/* out[l] = act((x[l] - mean) * scale + shift) for l < n. */
static void normalise_act_row(const float *x, float *out, int64_t n, float mean, float scale, float shift,
                              activation act) {
  if (act == ACT_NONE) {
    normalise_row(x, out, n, mean, scale, shift);
    return;
  }
  vf m = vset1(mean), sc = vset1(scale), sh = vset1(shift);
  for (int64_t l = 0; l < n; l += VL) {
    int64_t r = n - l < VL ? n - l : VL;
    vf u = vfma(vsub(r == VL ? vload(x + l) : vload_n(x + l, r), m), sc, sh);
    /* relu(NaN) = NaN, like the reference's Math.max */
    vf v = act == ACT_SILU ? vmul(u, vsigmoid(u)) : vkeep_nan(u, vselect_gt(u, vzero(), u, vzero()));
    if (r == VL)
      vstore(out + l, v);
    else
      vstore_n(out + l, v, r);
  }
}

static void bn_forward_task(void *ctx, int64_t begin, int64_t end) {
  const bn_job *job = ctx;
  const ecg_batchnorm_params *p = job->p;
  int64_t count = p->N * p->L;
  for (int64_t c = begin; c < end; c++) {
    float mean, invstd;
    if (p->training) {
      double s = 0.0;
      for (int64_t n = 0; n < p->N; n++) s += KFN(sum_f64)(job->x + (n * p->C + c) * p->L, p->L);
      mean = (float)(s / (double)count);
      double ss = 0.0;
      for (int64_t n = 0; n < p->N; n++) ss += centred_squares(job->x + (n * p->C + c) * p->L, p->L, mean);
      double var = ss / (double)count;
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
    float scale = invstd * (p->gamma ? p->gamma[c] : 1.0f);
    float shift = p->beta ? p->beta[c] : 0.0f;
    for (int64_t n = 0; n < p->N; n++) {
      int64_t off = (n * p->C + c) * p->L;
      normalise_act_row(job->x + off, job->y + off, p->L, mean, scale, shift, job->act);
    }
  }
}

/* One vector of gradient_sums_row: returns g for r lanes (r == VL on the full-vector path). */
ECG_INLINE vf gradient_vector(const float *dy, const float *x, float *du, int64_t r, vf m, vf sc, vf sh,
                              activation act, vf *xc_out) {
  vf xc = vsub(r == VL ? vload(x) : vload_n(x, r), m);
  vf g = r == VL ? vload(dy) : vload_n(dy, r);
  if (act != ACT_NONE) {
    vf u = vfma(xc, sc, sh), one = vset1(1.0f);
    if (act == ACT_SILU) {
      vf s = vsigmoid(u);
      g = vmul(vmul(g, s), vfma(u, vsub(one, s), one)); /* silu'(u) = s (1 + u (1 - s)) */
    } else {
      g = vselect_gt(u, vzero(), g, vzero());
    }
    if (r == VL)
      vstore(du, g);
    else
      vstore_n(du, g, r);
  }
  *xc_out = xc;
  return g;
}

/*
 * For one (n, c) row: adds sum(g) and sum(g * (x - mean)) to *sum_g and *sum_gx, where g = dy, or, with an
 * activation, g = dy * act'(u) with u = (x - mean) * scale + shift recomputed (and stored to du). One pass;
 * float-vector partial sums flushed to double every 32 vectors.
 */
ECG_INLINE void gradient_sums_row(const float *dy, const float *x, float *du, int64_t n, float mean, float scale,
                                  float shift, const activation act, double *sum_g, double *sum_gx) {
  vf m = vset1(mean), sc = vset1(scale), sh = vset1(shift), a = vzero(), b = vzero(), xc;
  int64_t l = 0;
  int since_flush = 0;
  for (; l + VL <= n; l += VL) {
    vf g = gradient_vector(dy + l, x + l, du ? du + l : NULL, VL, m, sc, sh, act, &xc);
    a = vadd(a, g);
    b = vfma(g, xc, b);
    if (++since_flush == 32) {
      *sum_g += (double)vhsum(a);
      *sum_gx += (double)vhsum(b);
      a = b = vzero();
      since_flush = 0;
    }
  }
  if (l < n) {
    /* masked lanes: g = 0 there, so they add nothing */
    vf g = gradient_vector(dy + l, x + l, du ? du + l : NULL, n - l, m, sc, sh, act, &xc);
    a = vadd(a, g);
    b = vfma(g, xc, b);
  }
  *sum_g += (double)vhsum(a);
  *sum_gx += (double)vhsum(b);
}

static void bn_backward_task(void *ctx, int64_t begin, int64_t end) {
  const bn_job *job = ctx;
  const ecg_batchnorm_params *p = job->p;
  int64_t count = p->N * p->L;
  float *scratch = job->act == ACT_NONE ? NULL : ecg_scratch(ECG_SCRATCH_NORM_GRAD, (size_t)count);
  if (job->act != ACT_NONE && !scratch) return;
  for (int64_t c = begin; c < end; c++) {
    float mean = p->mean[c], invstd = p->invstd[c], gamma = p->gamma ? p->gamma[c] : 1.0f;
    double sum_dy = 0.0, sum_dy_xc = 0.0;
    float shift = p->beta ? p->beta[c] : 0.0f;
    for (int64_t n = 0; n < p->N; n++) {
      int64_t off = (n * p->C + c) * p->L;
      float *du = scratch ? scratch + n * p->L : NULL;
      /* (one call per activation so each loop is compiled for its own) */
      if (job->act == ACT_SILU)
        gradient_sums_row(job->dy + off, job->x + off, du, p->L, mean, invstd * gamma, shift, ACT_SILU, &sum_dy,
                          &sum_dy_xc);
      else if (job->act == ACT_RELU)
        gradient_sums_row(job->dy + off, job->x + off, du, p->L, mean, invstd * gamma, shift, ACT_RELU, &sum_dy,
                          &sum_dy_xc);
      else
        gradient_sums_row(job->dy + off, job->x + off, du, p->L, mean, invstd * gamma, shift, ACT_NONE, &sum_dy,
                          &sum_dy_xc);
    }
    /* dgamma = sum dy * xhat, dbeta = sum dy (both always accumulate, as the contract says). */
    if (job->dgamma) job->dgamma[c] += (float)(sum_dy_xc * (double)invstd);
    if (job->dbeta) job->dbeta[c] += (float)sum_dy;
    if (!job->dx) continue;
    /* training: dx = gamma * invstd * (dy - mean(dy) - xhat * mean(dy * xhat)); eval: dx = gamma * invstd * dy */
    float k = gamma * invstd;
    float mdy = p->training ? (float)(sum_dy / (double)count) : 0.0f;
    float proj = p->training ? (float)(sum_dy_xc / (double)count * (double)invstd * (double)invstd) : 0.0f;
    vf vk = vset1(k), vmdy = vset1(mdy), vproj = vset1(proj), vmean = vset1(mean);
    for (int64_t n = 0; n < p->N; n++) {
      int64_t off = (n * p->C + c) * p->L;
      const float *dy = scratch ? scratch + n * p->L : job->dy + off, *x = job->x + off;
      float *dx = job->dx + off;
      for (int64_t l = 0; l < p->L; l += VL) {
        int64_t m = p->L - l < VL ? p->L - l : VL;
        vf vdy = m == VL ? vload(dy + l) : vload_n(dy + l, m);
        vf vx = m == VL ? vload(x + l) : vload_n(x + l, m);
        vf g = vmul(vk, vsub(vsub(vdy, vmdy), vmul(vsub(vx, vmean), vproj)));
        if (job->accumulate) g = vadd(g, m == VL ? vload(dx + l) : vload_n(dx + l, m));
        if (m == VL)
          vstore(dx + l, g);
        else
          vstore_n(dx + l, g, m);
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
