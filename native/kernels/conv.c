/*
 * conv1d forward and backward over (N, C, L), weights (Cout, Cin / groups, K).
 *
 * Three paths:
 * - depthwise (groups = Cin = Cout): direct, vectorised along L (conv_depthwise.c);
 * - pointwise (K = 1, stride 1, no padding, groups 1): one batched GEMM, W @ x_n, with W packed once;
 * - everything else: im2col + GEMM per sample and group; the weight gradient sums the per-sample
 *   products inside one GEMM call (ecg_gemm_sum) so each weight is reduced in a fixed order.
 */
#include <string.h>

#include "../runtime/pool.h"
#include "../runtime/scratch.h"
#include "conv.h"
#include "gemm.h"
#include "internal.h"

/* Floats of im2col columns gathered at once for the weight gradient (bounds its memory to 16 MB). */
#define COLS_BUDGET (4 << 20)

static inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

static bool is_depthwise(const ecg_conv1d_params *p) { return p->groups == p->Cin && p->Cout == p->Cin; }

static bool is_pointwise(const ecg_conv1d_params *p) {
  return p->groups == 1 && p->K == 1 && p->stride == 1 && p->padLeft == 0 && p->Lout == p->Lin;
}

/* A pointwise conv over single positions (N, C, 1), e.g. a squeeze-excitation gate's: a plain matrix product. */
static bool is_dense_layer(const ecg_conv1d_params *p) { return is_pointwise(p) && p->Lin == 1; }

/* Needs no im2col: every column of x is used as is (K = 1, stride 1, no padding). */
static bool is_unit_window(const ecg_conv1d_params *p) {
  return p->K == 1 && p->stride == 1 && p->padLeft == 0 && p->Lout == p->Lin;
}

typedef struct {
  const float *x, *w, *bias, *dy;
  float *y, *dx, *dw, *dbias;
  const ecg_conv1d_params *p;
  ecg_activation act;
  bool accumulate;
  float *cols_out; /* weight gradient: im2col columns of the current chunk */
  int64_t n0, group;
} conv_job;

/* ---- im2col ------------------------------------------------------------------------------------ */

/* cols[(ci * K + k) * Lout + l] = xp[ci][l * stride + k * dilation] for the Cin/groups channels at x. */
static void im2col(const float *x, const ecg_conv1d_params *p, float *cols) {
  int64_t cin_g = p->Cin / p->groups;
  for (int64_t ci = 0; ci < cin_g; ci++) {
    const float *xr = x + ci * p->Lin;
    for (int64_t k = 0; k < p->K; k++) {
      float *dst = cols + (ci * p->K + k) * p->Lout;
      int64_t off = k * p->dilation - p->padLeft;
      if (p->stride == 1) {
        /* l valid when 0 <= l + off < Lin */
        int64_t lo = off < 0 ? min64(-off, p->Lout) : 0;
        int64_t hi = min64(p->Lout, p->Lin - off);
        if (hi < lo) hi = lo;
        memset(dst, 0, (size_t)lo * sizeof(float));
        if (hi > lo) memcpy(dst + lo, xr + lo + off, (size_t)(hi - lo) * sizeof(float));
        memset(dst + hi, 0, (size_t)(p->Lout - hi) * sizeof(float));
      } else {
        for (int64_t l = 0; l < p->Lout; l++) {
          int64_t i = l * p->stride + off;
          dst[l] = i >= 0 && i < p->Lin ? xr[i] : 0.0f;
        }
      }
    }
  }
}

/* dx[ci][i] += dcols[(ci * K + k) * Lout + l] for every tap that read input position i. */
static void col2im_add(const float *dcols, const ecg_conv1d_params *p, float *dx) {
  int64_t cin_g = p->Cin / p->groups;
  for (int64_t ci = 0; ci < cin_g; ci++) {
    float *dxr = dx + ci * p->Lin;
    for (int64_t k = 0; k < p->K; k++) {
      const float *src = dcols + (ci * p->K + k) * p->Lout;
      int64_t off = k * p->dilation - p->padLeft;
      for (int64_t l = 0; l < p->Lout; l++) {
        int64_t i = l * p->stride + off;
        if (i >= 0 && i < p->Lin) dxr[i] += src[l];
      }
    }
  }
}

/* ---- general path: im2col + GEMM, one task per (sample, group) --------------------------------- */

static void general_forward_task(void *ctx, int64_t begin, int64_t end) {
  const conv_job *job = ctx;
  const ecg_conv1d_params *p = job->p;
  int64_t G = p->groups, cin_g = p->Cin / G, cout_g = p->Cout / G, KK = cin_g * p->K;
  float *cols = is_unit_window(p) ? NULL : ecg_scratch(ECG_SCRATCH_CONV_COLS, (size_t)(KK * p->Lout));
  if (!is_unit_window(p) && !cols) return;
  for (int64_t t = begin; t < end; t++) {
    int64_t n = t / G, g = t % G;
    const float *x = job->x + (n * p->Cin + g * cin_g) * p->Lin;
    if (cols) im2col(x, p, cols);
    ecg_mat W = {job->w + g * cout_g * KK, KK, 1};
    ecg_mat B = {cols ? cols : x, p->Lout, 1};
    float *y = job->y + (n * p->Cout + g * cout_g) * p->Lout;
    ecg_epilogue ep = {.bias = job->bias ? job->bias + g * cout_g : NULL, .act = job->act};
    if (!KFN(ecg_gemm_serial)(W, B, y, p->Lout, cout_g, p->Lout, KK, 1.0f, 0.0f, &ep)) return;
  }
}

static void general_backward_input_task(void *ctx, int64_t begin, int64_t end) {
  const conv_job *job = ctx;
  const ecg_conv1d_params *p = job->p;
  int64_t G = p->groups, cin_g = p->Cin / G, cout_g = p->Cout / G, KK = cin_g * p->K;
  bool direct = is_unit_window(p);
  float *dcols = direct ? NULL : ecg_scratch(ECG_SCRATCH_CONV_COLS, (size_t)(KK * p->Lout));
  if (!direct && !dcols) return;
  for (int64_t t = begin; t < end; t++) {
    int64_t n = t / G, g = t % G;
    ecg_mat Wt = {job->w + g * cout_g * KK, 1, KK}; /* W_g^T: (KK, cout_g) */
    ecg_mat DY = {job->dy + (n * p->Cout + g * cout_g) * p->Lout, p->Lout, 1};
    float *dx = job->dx + (n * p->Cin + g * cin_g) * p->Lin;
    if (direct) {
      if (!KFN(ecg_gemm_serial)(Wt, DY, dx, p->Lin, cin_g, p->Lout, cout_g, 1.0f, job->accumulate ? 1.0f : 0.0f, NULL))
        return;
      continue;
    }
    if (!KFN(ecg_gemm_serial)(Wt, DY, dcols, p->Lout, KK, p->Lout, cout_g, 1.0f, 0.0f, NULL)) return;
    if (!job->accumulate) memset(dx, 0, (size_t)(cin_g * p->Lin) * sizeof(float));
    col2im_add(dcols, p, dx);
  }
}

static void im2col_task(void *ctx, int64_t begin, int64_t end) {
  const conv_job *job = ctx;
  const ecg_conv1d_params *p = job->p;
  int64_t cin_g = p->Cin / p->groups, KK = cin_g * p->K;
  for (int64_t i = begin; i < end; i++) {
    const float *x = job->x + ((job->n0 + i) * p->Cin + job->group * cin_g) * p->Lin;
    im2col(x, p, job->cols_out + i * KK * p->Lout);
  }
}

static void dbias_task(void *ctx, int64_t begin, int64_t end) {
  const conv_job *job = ctx;
  const ecg_conv1d_params *p = job->p;
  for (int64_t co = begin; co < end; co++) {
    double s = 0.0;
    for (int64_t n = 0; n < p->N; n++) s += KFN(sum_f64)(job->dy + (n * p->Cout + co) * p->Lout, p->Lout);
    job->dbias[co] = job->accumulate ? job->dbias[co] + (float)s : (float)s;
  }
}

static void general_backward_weight(conv_job *job) {
  const ecg_conv1d_params *p = job->p;
  int64_t G = p->groups, cin_g = p->Cin / G, cout_g = p->Cout / G, KK = cin_g * p->K;
  float first_beta = job->accumulate ? 1.0f : 0.0f;
  if (is_dense_layer(p)) {
    /* dW (Cout, Cin) = dY^T (Cout, N) @ X (N, Cin): one product summed over the batch in order */
    KFN(ecg_gemm)(true, false, 1, p->Cout, p->Cin, p->N, 1.0f, job->dy, 0, job->x, 0, first_beta, job->dw, 0);
    return;
  }
  for (int64_t g = 0; g < G; g++) {
    const float *dy = job->dy + g * cout_g * p->Lout;
    float *dw = job->dw + g * cout_g * KK;
    if (is_unit_window(p)) {
      /* dW_g = sum_n dy_n,g (cout_g, L) @ x_n,g^T (L, cin_g) */
      KFN(ecg_gemm_sum)(false, true, p->N, cout_g, cin_g, p->Lout, 1.0f, dy, p->Cout * p->Lout,
                        job->x + g * cin_g * p->Lin, p->Cin * p->Lin, first_beta, dw);
      continue;
    }
    int64_t per_sample = KK * p->Lout;
    int64_t chunk = per_sample >= COLS_BUDGET ? 1 : min64(p->N, COLS_BUDGET / per_sample);
    float *cols = ecg_scratch(ECG_SCRATCH_CONV_COLS, (size_t)(chunk * per_sample));
    if (!cols) return;
    for (int64_t n0 = 0; n0 < p->N; n0 += chunk) {
      int64_t nb = min64(chunk, p->N - n0);
      job->n0 = n0;
      job->group = g;
      job->cols_out = cols;
      ecg_parallel_for(nb, 1, im2col_task, job);
      KFN(ecg_gemm_sum)(false, true, nb, cout_g, KK, p->Lout, 1.0f, dy + n0 * p->Cout * p->Lout, p->Cout * p->Lout,
                        cols, per_sample, n0 == 0 ? first_beta : 1.0f, dw);
    }
  }
}

/* ---- entry points ------------------------------------------------------------------------------ */

void KFN(conv1d_act)(const float *x, const float *w, const float *bias, float *y, const ecg_conv1d_params *p,
                     ecg_activation act) {
  conv_job job = {.x = x, .w = w, .bias = bias, .y = y, .p = p, .act = act};
  if (p->N <= 0 || p->Cout <= 0 || p->Lout <= 0) return;
  if (is_depthwise(p)) {
    KFN(depthwise_conv1d)(x, w, bias, y, p, act);
  } else if (is_dense_layer(p)) {
    /* Y (N, Cout) = X (N, Cin) @ W^T, the bias per column */
    ecg_epilogue ep = {.col_bias = bias, .act = act};
    KFN(ecg_gemm_ep)(false, true, 1, p->N, p->Cout, p->Cin, 1.0f, x, 0, w, 0, 0.0f, y, 0, &ep);
  } else if (is_pointwise(p)) {
    /* the bias and activation are applied as the GEMM stores each tile (no pass over y) */
    ecg_epilogue ep = {.bias = bias, .act = act};
    KFN(ecg_gemm_ep)(false, false, p->N, p->Cout, p->Lout, p->Cin, 1.0f, w, 0, x, p->Cin * p->Lin, 0.0f, y,
                     p->Cout * p->Lout, bias || act != ECG_ACT_NONE ? &ep : NULL);
  } else {
    int64_t work = (p->Cout / p->groups) * (p->Cin / p->groups) * p->K * p->Lout;
    ecg_parallel_for(p->N * p->groups, ecg_conv_grain(work), general_forward_task, &job);
  }
}

void KFN(conv1d)(const float *x, const float *w, const float *bias, float *y, const ecg_conv1d_params *p) {
  KFN(conv1d_act)(x, w, bias, y, p, ECG_ACT_NONE);
}

/* ---- pointwise conv of a gated input: y = W (x * scale) + bias, scale (N, Cin) ------------------------ */

void KFN(conv1d_gated)(const float *x, const float *scale, const float *w, const float *bias, float *y,
                       const ecg_conv1d_params *p) {
  if (p->N <= 0 || p->Cout <= 0 || p->Lout <= 0) return;
  /* the gate scales B's rows (x's channels) as they are packed: x * scale is never stored */
  ecg_epilogue ep = {.bias = bias, .b_row_scale = scale, .b_row_scale_stride = p->Cin};
  KFN(ecg_gemm_ep)(false, false, p->N, p->Cout, p->Lout, p->Cin, 1.0f, w, 0, x, p->Cin * p->Lin, 0.0f, y,
                   p->Cout * p->Lout, &ep);
}

void KFN(conv1d_gated_backward_weight)(const float *dy, const float *x, const float *scale, float *dw, float *dbias,
                                       const ecg_conv1d_params *p, bool accumulate) {
  conv_job job = {.dy = dy, .x = x, .dw = dw, .dbias = dbias, .p = p, .accumulate = accumulate};
  if (p->Cout <= 0) return;
  if (p->N <= 0 || p->Lout <= 0) {
    if (!accumulate) {
      memset(dw, 0, (size_t)(p->Cout * p->Cin) * sizeof(float));
      if (dbias) memset(dbias, 0, (size_t)p->Cout * sizeof(float));
    }
    return;
  }
  /* dW = sum_n dy_n (Cout, L) @ (x_n * scale_n)^T: B = x_n^T with its columns (x's channels) scaled */
  ecg_epilogue ep = {.b_col_scale = scale, .b_col_scale_stride = p->Cin};
  KFN(ecg_gemm_sum_ep)(false, true, p->N, p->Cout, p->Cin, p->Lout, 1.0f, dy, p->Cout * p->Lout, x, p->Cin * p->Lin,
                       accumulate ? 1.0f : 0.0f, dw, &ep);
  if (dbias) ecg_parallel_for(p->Cout, ecg_conv_grain(p->N * p->Lout), dbias_task, &job);
}

void KFN(conv1d_backward_input)(const float *dy, const float *w, float *dx, const ecg_conv1d_params *p,
                                bool accumulate) {
  conv_job job = {.dy = dy, .w = w, .dx = dx, .p = p, .accumulate = accumulate};
  if (p->N <= 0 || p->Cin <= 0 || p->Lin <= 0) return;
  if (is_depthwise(p)) {
    KFN(depthwise_conv1d_backward_input)(dy, w, dx, p, accumulate);
  } else if (is_dense_layer(p)) {
    /* dX (N, Cin) = dY (N, Cout) @ W */
    KFN(ecg_gemm)(false, false, 1, p->N, p->Cin, p->Cout, 1.0f, dy, 0, w, 0, accumulate ? 1.0f : 0.0f, dx, 0);
  } else if (is_pointwise(p)) {
    KFN(ecg_gemm)(true, false, p->N, p->Cin, p->Lin, p->Cout, 1.0f, w, 0, dy, p->Cout * p->Lout,
                  accumulate ? 1.0f : 0.0f, dx, p->Cin * p->Lin);
  } else {
    int64_t work = (p->Cout / p->groups) * (p->Cin / p->groups) * p->K * p->Lout;
    ecg_parallel_for(p->N * p->groups, ecg_conv_grain(work), general_backward_input_task, &job);
  }
}

void KFN(conv1d_backward_weight)(const float *dy, const float *x, float *dw, float *dbias,
                                 const ecg_conv1d_params *p, bool accumulate) {
  conv_job job = {.dy = dy, .x = x, .dw = dw, .dbias = dbias, .p = p, .accumulate = accumulate};
  if (p->Cout <= 0) return;
  if (p->N <= 0 || p->Lout <= 0) {
    /* No output positions: the gradients are zero. */
    int64_t nw = p->Cout * (p->Cin / p->groups) * p->K;
    if (!accumulate) {
      memset(dw, 0, (size_t)nw * sizeof(float));
      if (dbias) memset(dbias, 0, (size_t)p->Cout * sizeof(float));
    }
    return;
  }
  if (is_depthwise(p)) {
    KFN(depthwise_conv1d_backward_weight)(dy, x, dw, dbias, p, accumulate);
    return;
  }
  general_backward_weight(&job);
  if (dbias) ecg_parallel_for(p->Cout, ecg_conv_grain(p->N * p->Lout), dbias_task, &job);
}
