/*
 * conv1d forward and backward over (N, C, L), weights (Cout, Cin / groups, K).
 *
 * Three paths:
 * - depthwise (groups = Cin = Cout): direct, vectorised along L. The padded input row is split into
 *   `stride` phases (phase p holds xp[t * stride + p]) so every tap reads a contiguous run even at
 *   stride 2;
 * - pointwise (K = 1, stride 1, no padding, groups 1): one batched GEMM, W @ x_n, with W packed once;
 * - everything else: im2col + GEMM per sample and group; the weight gradient sums the per-sample
 *   products inside one GEMM call (ecg_gemm_sum) so each weight is reduced in a fixed order.
 */
#include <string.h>

#include "../runtime/pool.h"
#include "../runtime/scratch.h"
#include "gemm.h"
#include "internal.h"

/* Floats of im2col columns gathered at once for the weight gradient (bounds its memory to 16 MB). */
#define COLS_BUDGET (4 << 20)

static inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

static bool is_depthwise(const ecg_conv1d_params *p) { return p->groups == p->Cin && p->Cout == p->Cin; }

static bool is_pointwise(const ecg_conv1d_params *p) {
  return p->groups == 1 && p->K == 1 && p->stride == 1 && p->padLeft == 0 && p->Lout == p->Lin;
}

/* Needs no im2col: every column of x is used as is (K = 1, stride 1, no padding). */
static bool is_unit_window(const ecg_conv1d_params *p) {
  return p->K == 1 && p->stride == 1 && p->padLeft == 0 && p->Lout == p->Lin;
}

/* Length of each phase buffer: enough for every tap of every output position. */
static int64_t phase_len(const ecg_conv1d_params *p) { return p->Lout + (p->K - 1) * p->dilation / p->stride + 1; }

/* ph[q * plen + t] = xp[t * stride + q], where xp[i] = x[i - padLeft] inside [0, Lin) and 0 outside. */
static void fill_phases(const float *x, const ecg_conv1d_params *p, int64_t plen, float *ph) {
  int64_t s = p->stride, pad = p->padLeft, Lin = p->Lin;
  if (s == 1) {
    int64_t lo = min64(pad, plen);
    memset(ph, 0, (size_t)lo * sizeof(float));
    int64_t n = min64(Lin, plen - lo);
    if (n > 0) memcpy(ph + lo, x, (size_t)n * sizeof(float));
    int64_t done = lo + (n > 0 ? n : 0);
    memset(ph + done, 0, (size_t)(plen - done) * sizeof(float));
    return;
  }
  int64_t t = 0;
  if (s == 2) {
    /* Vector deinterleave where both samples of every pair lie inside x: 2t - pad >= 0 and the last
     * sample loaded, 2 (t + VL) - 1 - pad, <= Lin - 1. */
    float *even = ph, *odd = ph + plen;
    int64_t first = (pad + 1) / 2;
    for (; t < first && t < plen; t++) {
      int64_t i = 2 * t - pad;
      even[t] = i >= 0 && i < Lin ? x[i] : 0.0f;
      odd[t] = i + 1 >= 0 && i + 1 < Lin ? x[i + 1] : 0.0f;
    }
    for (; t + VL <= plen && 2 * (t + VL) - pad <= Lin; t += VL) {
      const float *src = x + 2 * t - pad;
      vf e, o;
      vdeinterleave2(vload(src), vload(src + VL), &e, &o);
      vstore(even + t, e);
      vstore(odd + t, o);
    }
  }
  for (int64_t q = 0; q < s; q++) {
    float *dst = ph + q * plen;
    for (int64_t u = t; u < plen; u++) {
      int64_t i = u * s + q - pad;
      dst[u] = i >= 0 && i < Lin ? x[i] : 0.0f;
    }
  }
}

/*
 * dx[i] (+)= dph[(i + padLeft) % stride][(i + padLeft) / stride]: the phase-split gradient of the padded row
 * back in input order (0 where no output position read i).
 */
static void gather_phases(const float *dph, const ecg_conv1d_params *p, int64_t plen, float *dx, bool accumulate) {
  int64_t s = p->stride, pad = p->padLeft, Lin = p->Lin;
  if (s == 1) {
    int64_t n = min64(Lin, plen - pad);
    if (n < 0) n = 0;
    int64_t i = 0;
    for (; i + VL <= n; i += VL) {
      vf v = vload(dph + pad + i);
      vstore(dx + i, accumulate ? vadd(vload(dx + i), v) : v);
    }
    for (; i < n; i++) dx[i] = accumulate ? dx[i] + dph[pad + i] : dph[pad + i];
    if (!accumulate)
      for (; i < Lin; i++) dx[i] = 0.0f;
    return;
  }
  int64_t i = 0;
  if (s == 2) {
    const float *even = dph, *odd = dph + plen;
    /* dx[i], dx[i + 1], ... from phase pairs starting at an even padded position */
    if (pad % 2 == 1 && Lin > 0) {
      float v = pad / 2 < plen ? odd[pad / 2] : 0.0f;
      dx[0] = accumulate ? dx[0] + v : v;
      i = 1;
    }
    for (; i + 2 * VL <= Lin && (i + pad) / 2 + VL <= plen; i += 2 * VL) {
      int64_t t = (i + pad) / 2;
      vf lo, hi;
      vinterleave2(vload(even + t), vload(odd + t), &lo, &hi);
      if (accumulate) lo = vadd(vload(dx + i), lo), hi = vadd(vload(dx + i + VL), hi);
      vstore(dx + i, lo);
      vstore(dx + i + VL, hi);
    }
  }
  if (!accumulate) memset(dx + i, 0, (size_t)(Lin - i) * sizeof(float));
  /* the rest (and any stride > 2), one phase at a time */
  for (int64_t q = 0; q < s; q++) {
    const float *src = dph + q * plen;
    /* first u with u * s + q - pad >= i */
    int64_t u = (i + pad - q + s - 1) / s;
    if (u < 0) u = 0;
    for (; u < plen; u++) {
      int64_t at = u * s + q - pad;
      if (at >= Lin) break;
      if (at >= i) dx[at] += src[u];
    }
  }
}

/* ---- depthwise ------------------------------------------------------------------------------- */

typedef struct {
  const float *x, *w, *bias, *dy;
  float *y, *dx, *dw, *dbias;
  const ecg_conv1d_params *p;
  bool accumulate;
  const float *cols; /* weight gradient: im2col columns of the current chunk */
  float *cols_out;
  int64_t n0, group;
} conv_job;

static void depthwise_forward_task(void *ctx, int64_t begin, int64_t end) {
  const conv_job *job = ctx;
  const ecg_conv1d_params *p = job->p;
  int64_t plen = phase_len(p), Lout = p->Lout;
  float *ph = ecg_scratch(ECG_SCRATCH_CONV_ROW, (size_t)(p->stride * plen));
  if (!ph) return;
  for (int64_t row = begin; row < end; row++) {
    int64_t c = row % p->Cin;
    const float *w = job->w + c * p->K;
    float *y = job->y + row * Lout;
    fill_phases(job->x + row * p->Lin, p, plen, ph);
    vf vbias = vset1(job->bias ? job->bias[c] : 0.0f);
    int64_t l = 0;
    for (; l + 4 * VL <= Lout; l += 4 * VL) {
      vf a0 = vzero(), a1 = vzero(), a2 = vzero(), a3 = vzero();
      for (int64_t k = 0; k < p->K; k++) {
        int64_t o = k * p->dilation;
        const float *src = ph + (o % p->stride) * plen + o / p->stride + l;
        vf wk = vset1(w[k]);
        a0 = vfma(wk, vload(src), a0);
        a1 = vfma(wk, vload(src + VL), a1);
        a2 = vfma(wk, vload(src + 2 * VL), a2);
        a3 = vfma(wk, vload(src + 3 * VL), a3);
      }
      if (job->bias) {
        a0 = vadd(a0, vbias), a1 = vadd(a1, vbias), a2 = vadd(a2, vbias), a3 = vadd(a3, vbias);
      }
      vstore(y + l, a0);
      vstore(y + l + VL, a1);
      vstore(y + l + 2 * VL, a2);
      vstore(y + l + 3 * VL, a3);
    }
    for (; l < Lout; l += VL) {
      int64_t m = min64(VL, Lout - l);
      vf a = vzero();
      for (int64_t k = 0; k < p->K; k++) {
        int64_t o = k * p->dilation;
        const float *src = ph + (o % p->stride) * plen + o / p->stride + l;
        a = vfma(vset1(w[k]), m == VL ? vload(src) : vload_n(src, m), a);
      }
      if (job->bias) a = vadd(a, vbias);
      if (m == VL)
        vstore(y + l, a);
      else
        vstore_n(y + l, a, m);
    }
  }
}

static void depthwise_backward_input_task(void *ctx, int64_t begin, int64_t end) {
  const conv_job *job = ctx;
  const ecg_conv1d_params *p = job->p;
  int64_t plen = phase_len(p), s = p->stride, Lout = p->Lout;
  float *dph = ecg_scratch(ECG_SCRATCH_CONV_ROW, (size_t)(s * plen));
  if (!dph) return;
  for (int64_t row = begin; row < end; row++) {
    int64_t c = row % p->Cin;
    const float *w = job->w + c * p->K;
    const float *dy = job->dy + row * Lout;
    memset(dph, 0, (size_t)(s * plen) * sizeof(float));
    for (int64_t k = 0; k < p->K; k++) {
      int64_t o = k * p->dilation;
      float *dst = dph + (o % s) * plen + o / s;
      vf wk = vset1(w[k]);
      int64_t l = 0;
      for (; l + VL <= Lout; l += VL) vstore(dst + l, vfma(wk, vload(dy + l), vload(dst + l)));
      if (l < Lout) vstore_n(dst + l, vfma(wk, vload_n(dy + l, Lout - l), vload_n(dst + l, Lout - l)), Lout - l);
    }
    gather_phases(dph, p, plen, job->dx + row * p->Lin, job->accumulate);
  }
}

/* Returns sum over l < n of a[l] * b[l] in float vectors (fixed order). */
static float dot(const float *a, const float *b, int64_t n) {
  vf a0 = vzero(), a1 = vzero(), a2 = vzero(), a3 = vzero();
  int64_t l = 0;
  for (; l + 4 * VL <= n; l += 4 * VL) {
    a0 = vfma(vload(a + l), vload(b + l), a0);
    a1 = vfma(vload(a + l + VL), vload(b + l + VL), a1);
    a2 = vfma(vload(a + l + 2 * VL), vload(b + l + 2 * VL), a2);
    a3 = vfma(vload(a + l + 3 * VL), vload(b + l + 3 * VL), a3);
  }
  for (; l + VL <= n; l += VL) a0 = vfma(vload(a + l), vload(b + l), a0);
  if (l < n) a1 = vfma(vload_n(a + l, n - l), vload_n(b + l, n - l), a1);
  return vhsum(vadd(vadd(a0, a1), vadd(a2, a3)));
}

/* One task per channel: the weight and bias gradients sum over every sample in order. */
static void depthwise_backward_weight_task(void *ctx, int64_t begin, int64_t end) {
  const conv_job *job = ctx;
  const ecg_conv1d_params *p = job->p;
  int64_t plen = phase_len(p), s = p->stride, Lout = p->Lout, K = p->K;
  float *ph = ecg_scratch(ECG_SCRATCH_CONV_ROW, (size_t)(s * plen));
  double *acc = (double *)ecg_scratch(ECG_SCRATCH_CONV_ROW2, (size_t)(2 * (K + 1)));
  if (!ph || !acc) return;
  for (int64_t c = begin; c < end; c++) {
    for (int64_t k = 0; k <= K; k++) acc[k] = 0.0;
    for (int64_t n = 0; n < p->N; n++) {
      int64_t row = n * p->Cin + c;
      const float *dy = job->dy + row * Lout;
      fill_phases(job->x + row * p->Lin, p, plen, ph);
      for (int64_t k = 0; k < K; k++) {
        int64_t o = k * p->dilation;
        acc[k] += (double)dot(dy, ph + (o % s) * plen + o / s, Lout);
      }
      if (job->dbias) acc[K] += KFN(sum_f64)(dy, Lout);
    }
    float *dw = job->dw + c * K;
    for (int64_t k = 0; k < K; k++) dw[k] = job->accumulate ? dw[k] + (float)acc[k] : (float)acc[k];
    if (job->dbias) job->dbias[c] = job->accumulate ? job->dbias[c] + (float)acc[K] : (float)acc[K];
  }
}

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

/* y rows [first, end) of an (rows, L) view += bias[row % C]. */
static void add_bias_rows(float *y, const float *bias, int64_t first, int64_t end, int64_t C, int64_t L) {
  for (int64_t r = first; r < end; r++) {
    vf b = vset1(bias[r % C]);
    float *yr = y + r * L;
    int64_t l = 0;
    for (; l + VL <= L; l += VL) vstore(yr + l, vadd(vload(yr + l), b));
    if (l < L) vstore_n(yr + l, vadd(vload_n(yr + l, L - l), b), L - l);
  }
}

static void bias_task(void *ctx, int64_t begin, int64_t end) {
  const conv_job *job = ctx;
  const ecg_conv1d_params *p = job->p;
  add_bias_rows(job->y, job->bias, begin, end, p->Cout, p->Lout);
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
    if (!KFN(ecg_gemm_serial)(W, B, y, p->Lout, cout_g, p->Lout, KK, 1.0f, 0.0f)) return;
    if (job->bias) add_bias_rows(y, job->bias + g * cout_g, 0, cout_g, cout_g, p->Lout);
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
      if (!KFN(ecg_gemm_serial)(Wt, DY, dx, p->Lin, cin_g, p->Lout, cout_g, 1.0f, job->accumulate ? 1.0f : 0.0f))
        return;
      continue;
    }
    if (!KFN(ecg_gemm_serial)(Wt, DY, dcols, p->Lout, KK, p->Lout, cout_g, 1.0f, 0.0f)) return;
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

static int64_t grain_for(int64_t work_per_item) {
  const int64_t min_work = 1 << 16;
  return work_per_item >= min_work ? 1 : (min_work + work_per_item - 1) / (work_per_item > 0 ? work_per_item : 1);
}

void KFN(conv1d)(const float *x, const float *w, const float *bias, float *y, const ecg_conv1d_params *p) {
  conv_job job = {.x = x, .w = w, .bias = bias, .y = y, .p = p};
  if (p->N <= 0 || p->Cout <= 0 || p->Lout <= 0) return;
  if (is_depthwise(p)) {
    ecg_parallel_for(p->N * p->Cin, grain_for(p->Lout * p->K), depthwise_forward_task, &job);
  } else if (is_pointwise(p)) {
    KFN(ecg_gemm)(false, false, p->N, p->Cout, p->Lout, p->Cin, 1.0f, w, 0, x, p->Cin * p->Lin, 0.0f, y,
                  p->Cout * p->Lout);
    if (bias) ecg_parallel_for(p->N * p->Cout, grain_for(p->Lout), bias_task, &job);
  } else {
    int64_t work = (p->Cout / p->groups) * (p->Cin / p->groups) * p->K * p->Lout;
    ecg_parallel_for(p->N * p->groups, grain_for(work), general_forward_task, &job);
  }
}

void KFN(conv1d_backward_input)(const float *dy, const float *w, float *dx, const ecg_conv1d_params *p,
                                bool accumulate) {
  conv_job job = {.dy = dy, .w = w, .dx = dx, .p = p, .accumulate = accumulate};
  if (p->N <= 0 || p->Cin <= 0 || p->Lin <= 0) return;
  if (is_depthwise(p)) {
    ecg_parallel_for(p->N * p->Cin, grain_for(p->Lout * p->K), depthwise_backward_input_task, &job);
  } else if (is_pointwise(p)) {
    KFN(ecg_gemm)(true, false, p->N, p->Cin, p->Lin, p->Cout, 1.0f, w, 0, dy, p->Cout * p->Lout,
                  accumulate ? 1.0f : 0.0f, dx, p->Cin * p->Lin);
  } else {
    int64_t work = (p->Cout / p->groups) * (p->Cin / p->groups) * p->K * p->Lout;
    ecg_parallel_for(p->N * p->groups, grain_for(work), general_backward_input_task, &job);
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
    ecg_parallel_for(p->Cin, grain_for(p->N * p->Lout * p->K), depthwise_backward_weight_task, &job);
    return;
  }
  general_backward_weight(&job);
  if (dbias) ecg_parallel_for(p->Cout, grain_for(p->N * p->Lout), dbias_task, &job);
}
