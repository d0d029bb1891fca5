/* Layer norm over the last axis of (rows, dim), forward and backward; statistics in double. */
#include <math.h>

#include "../runtime/pool.h"
#include "internal.h"
#include "stats.h"

#define NORM_GRAIN 32768

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
