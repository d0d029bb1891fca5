/*
 * Batch norm over (N, C, L) per channel and layer norm over the last axis, forward and backward.
 * Statistics are summed in double over float-vector partial sums, two-pass (mean, then centred
 * squares) as in PyTorch's CPU kernels, so large N * L keeps float32 accuracy.
 */
#include <math.h>

#include "../runtime/pool.h"
#include "internal.h"

#define NORM_GRAIN 32768

/* Returns sum over l < n of (x[l] - mean)^2, in double over float-vector partials. */
static double centred_squares(const float *x, int64_t n, float mean) {
  vf m = vset1(mean), a0 = vzero();
  double total = 0.0;
  int64_t l = 0, since_flush = 0;
  for (; l + VL <= n; l += VL) {
    vf d = vsub(vload(x + l), m);
    a0 = vfma(d, d, a0);
    if (++since_flush == 32) {
      total += (double)vhsum(a0);
      a0 = vzero();
      since_flush = 0;
    }
  }
  for (; l < n; l++) {
    double d = (double)x[l] - (double)mean;
    total += d * d;
  }
  return total + (double)vhsum(a0);
}

/* Returns sum over l < n of dy[l] * (x[l] - mean). */
static double centred_dot(const float *dy, const float *x, int64_t n, float mean) {
  vf m = vset1(mean), a0 = vzero();
  double total = 0.0;
  int64_t l = 0, since_flush = 0;
  for (; l + VL <= n; l += VL) {
    a0 = vfma(vload(dy + l), vsub(vload(x + l), m), a0);
    if (++since_flush == 32) {
      total += (double)vhsum(a0);
      a0 = vzero();
      since_flush = 0;
    }
  }
  /* masked dy lanes are 0, so the tail contributes nothing extra */
  if (l < n) a0 = vfma(vload_n(dy + l, n - l), vsub(vload_n(x + l, n - l), m), a0);
  return total + (double)vhsum(a0);
}

/* out[l] = (x[l] - mean) * scale + shift for l < n. */
static void normalise_row(const float *x, float *out, int64_t n, float mean, float scale, float shift) {
  vf m = vset1(mean), sc = vset1(scale), sh = vset1(shift);
  int64_t l = 0;
  for (; l + VL <= n; l += VL) vstore(out + l, vfma(vsub(vload(x + l), m), sc, sh));
  if (l < n) vstore_n(out + l, vfma(vsub(vload_n(x + l, n - l), m), sc, sh), n - l);
}

/* ---- batch norm -------------------------------------------------------------------------------- */

typedef struct {
  const float *x, *dy;
  float *y, *dx, *dgamma, *dbeta;
  const ecg_batchnorm_params *p;
  bool accumulate;
} bn_job;

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
      p->mean[c] = mean;
      p->invstd[c] = invstd;
      if (p->runningMean) p->runningMean[c] = (1.0f - p->momentum) * p->runningMean[c] + p->momentum * mean;
      if (p->runningVar) {
        double unbiased = count > 1 ? ss / (double)(count - 1) : var;
        p->runningVar[c] = (1.0f - p->momentum) * p->runningVar[c] + p->momentum * (float)unbiased;
      }
    } else {
      mean = p->runningMean[c];
      invstd = (float)(1.0 / sqrt((double)p->runningVar[c] + (double)p->eps));
      p->mean[c] = mean;
      p->invstd[c] = invstd;
    }
    float scale = invstd * (p->gamma ? p->gamma[c] : 1.0f);
    float shift = p->beta ? p->beta[c] : 0.0f;
    for (int64_t n = 0; n < p->N; n++) {
      int64_t off = (n * p->C + c) * p->L;
      normalise_row(job->x + off, job->y + off, p->L, mean, scale, shift);
    }
  }
}

void KFN(batchnorm)(const float *x, float *y, const ecg_batchnorm_params *p) {
  bn_job job = {.x = x, .y = y, .p = p};
  int64_t per_channel = p->N * p->L > 0 ? p->N * p->L : 1;
  ecg_parallel_for(p->C, (NORM_GRAIN + per_channel - 1) / per_channel, bn_forward_task, &job);
}

static void bn_backward_task(void *ctx, int64_t begin, int64_t end) {
  const bn_job *job = ctx;
  const ecg_batchnorm_params *p = job->p;
  int64_t count = p->N * p->L;
  for (int64_t c = begin; c < end; c++) {
    float mean = p->mean[c], invstd = p->invstd[c], gamma = p->gamma ? p->gamma[c] : 1.0f;
    double sum_dy = 0.0, sum_dy_xc = 0.0;
    for (int64_t n = 0; n < p->N; n++) {
      int64_t off = (n * p->C + c) * p->L;
      sum_dy += KFN(sum_f64)(job->dy + off, p->L);
      sum_dy_xc += centred_dot(job->dy + off, job->x + off, p->L, mean);
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
      const float *dy = job->dy + off, *x = job->x + off;
      float *dx = job->dx + off;
      int64_t l = 0;
      for (; l < p->L; l += VL) {
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

void KFN(batchnorm_backward)(const float *dy, const float *x, float *dx, float *dgamma, float *dbeta,
                             const ecg_batchnorm_params *p, bool accumulate) {
  bn_job job = {.dy = dy, .x = x, .dx = dx, .dgamma = dgamma, .dbeta = dbeta, .p = p, .accumulate = accumulate};
  int64_t per_channel = p->N * p->L > 0 ? p->N * p->L : 1;
  ecg_parallel_for(p->C, (NORM_GRAIN + per_channel - 1) / per_channel, bn_backward_task, &job);
}

/* ---- layer norm -------------------------------------------------------------------------------- */

typedef struct {
  const float *x, *dy, *gamma, *beta, *mean_in, *rstd_in;
  float *y, *mean, *rstd, *dx, *dgamma, *dbeta;
  int64_t rows, dim;
  float eps;
  bool accumulate;
} ln_job;

static void ln_forward_task(void *ctx, int64_t begin, int64_t end) {
  const ln_job *job = ctx;
  int64_t dim = job->dim;
  for (int64_t r = begin; r < end; r++) {
    const float *x = job->x + r * dim;
    float *y = job->y + r * dim;
    float mean = (float)(KFN(sum_f64)(x, dim) / (double)dim);
    double var = centred_squares(x, dim, mean) / (double)dim;
    float rstd = (float)(1.0 / sqrt(var + (double)job->eps));
    job->mean[r] = mean;
    job->rstd[r] = rstd;
    if (!job->gamma && !job->beta) {
      normalise_row(x, y, dim, mean, rstd, 0.0f);
      continue;
    }
    vf vm = vset1(mean), vr = vset1(rstd);
    for (int64_t j = 0; j < dim; j += VL) {
      int64_t m = dim - j < VL ? dim - j : VL;
      vf xh = vmul(vsub(m == VL ? vload(x + j) : vload_n(x + j, m), vm), vr);
      vf g = job->gamma ? (m == VL ? vload(job->gamma + j) : vload_n(job->gamma + j, m)) : vset1(1.0f);
      vf b = job->beta ? (m == VL ? vload(job->beta + j) : vload_n(job->beta + j, m)) : vzero();
      vf out = vfma(xh, g, b);
      if (m == VL)
        vstore(y + j, out);
      else
        vstore_n(y + j, out, m);
    }
  }
}

void KFN(layernorm)(const float *x, int64_t rows, int64_t dim, const float *gamma, const float *beta, float eps,
                    float *y, float *mean, float *rstd) {
  ln_job job = {.x = x, .gamma = gamma, .beta = beta, .y = y, .mean = mean, .rstd = rstd, .rows = rows, .dim = dim,
                .eps = eps};
  ecg_parallel_for(rows, (NORM_GRAIN + dim - 1) / (dim > 0 ? dim : 1), ln_forward_task, &job);
}

static void ln_backward_dx_task(void *ctx, int64_t begin, int64_t end) {
  const ln_job *job = ctx;
  int64_t dim = job->dim;
  for (int64_t r = begin; r < end; r++) {
    const float *x = job->x + r * dim, *dy = job->dy + r * dim;
    float *dx = job->dx + r * dim;
    float mean = job->mean_in[r], rstd = job->rstd_in[r];
    /* g = dy * gamma; dx = rstd * (g - mean(g) - xhat * mean(g * xhat)) */
    double sum_g = 0.0, sum_gx = 0.0;
    for (int64_t j = 0; j < dim; j++) {
      double g = (double)dy[j] * (job->gamma ? (double)job->gamma[j] : 1.0);
      sum_g += g;
      sum_gx += g * ((double)x[j] - (double)mean) * (double)rstd;
    }
    float mg = (float)(sum_g / (double)dim), mgx = (float)(sum_gx / (double)dim);
    vf vm = vset1(mean), vr = vset1(rstd), vmg = vset1(mg), vmgx = vset1(mgx);
    for (int64_t j = 0; j < dim; j += VL) {
      int64_t m = dim - j < VL ? dim - j : VL;
      vf g = m == VL ? vload(dy + j) : vload_n(dy + j, m);
      if (job->gamma) g = vmul(g, m == VL ? vload(job->gamma + j) : vload_n(job->gamma + j, m));
      vf xh = vmul(vsub(m == VL ? vload(x + j) : vload_n(x + j, m), vm), vr);
      vf out = vmul(vr, vsub(vsub(g, vmg), vmul(xh, vmgx)));
      if (job->accumulate) out = vadd(out, m == VL ? vload(dx + j) : vload_n(dx + j, m));
      if (m == VL)
        vstore(dx + j, out);
      else
        vstore_n(dx + j, out, m);
    }
  }
}

/* Columns [begin, end): dgamma[j] += sum_r dy * xhat, dbeta[j] += sum_r dy, rows in order. */
static void ln_backward_params_task(void *ctx, int64_t begin, int64_t end) {
  const ln_job *job = ctx;
  for (int64_t j = begin; j < end; j++) {
    double sg = 0.0, sb = 0.0;
    for (int64_t r = 0; r < job->rows; r++) {
      double dy = job->dy[r * job->dim + j];
      sg += dy * ((double)job->x[r * job->dim + j] - (double)job->mean_in[r]) * (double)job->rstd_in[r];
      sb += dy;
    }
    if (job->dgamma) job->dgamma[j] += (float)sg;
    if (job->dbeta) job->dbeta[j] += (float)sb;
  }
}

void KFN(layernorm_backward)(const float *dy, const float *x, int64_t rows, int64_t dim, const float *gamma,
                             const float *mean, const float *rstd, float *dx, float *dgamma, float *dbeta,
                             bool accumulate) {
  ln_job job = {.x = x, .dy = dy, .gamma = gamma, .mean_in = mean, .rstd_in = rstd, .dx = dx, .dgamma = dgamma,
                .dbeta = dbeta, .rows = rows, .dim = dim, .accumulate = accumulate};
  if (dx) ecg_parallel_for(rows, (NORM_GRAIN + dim - 1) / (dim > 0 ? dim : 1), ln_backward_dx_task, &job);
  if (dgamma || dbeta)
    ecg_parallel_for(dim, (NORM_GRAIN + rows - 1) / (rows > 0 ? rows : 1), ln_backward_params_task, &job);
}
