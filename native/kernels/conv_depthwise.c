/*
 * Depthwise conv1d (groups = Cin = Cout) forward and backward, direct and vectorised along L: one task per
 * (sample, channel) row for the forward and the input gradient, one per channel (summing every sample in
 * order) for the weight and bias gradients. The padded input row is split into `stride` phases (phase q
 * holds xp[t * stride + q]) so that every tap reads a contiguous run, even at stride 2.
 */
#include <string.h>

#include "../runtime/pool.h"
#include "../runtime/scratch.h"
#include "conv.h"
#include "internal.h"

static inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

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

typedef struct {
  const float *x, *w, *bias, *dy;
  float *y, *dx, *dw, *dbias;
  const ecg_conv1d_params *p;
  bool accumulate;
} depthwise_job;

static void depthwise_forward_task(void *ctx, int64_t begin, int64_t end) {
  const depthwise_job *job = ctx;
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
  const depthwise_job *job = ctx;
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
  const depthwise_job *job = ctx;
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

void KFN(depthwise_conv1d)(const float *x, const float *w, const float *bias, float *y, const ecg_conv1d_params *p) {
  depthwise_job job = {.x = x, .w = w, .bias = bias, .y = y, .p = p};
  ecg_parallel_for(p->N * p->Cin, ecg_conv_grain(p->Lout * p->K), depthwise_forward_task, &job);
}

void KFN(depthwise_conv1d_backward_input)(const float *dy, const float *w, float *dx, const ecg_conv1d_params *p,
                                          bool accumulate) {
  depthwise_job job = {.dy = dy, .w = w, .dx = dx, .p = p, .accumulate = accumulate};
  ecg_parallel_for(p->N * p->Cin, ecg_conv_grain(p->Lout * p->K), depthwise_backward_input_task, &job);
}

void KFN(depthwise_conv1d_backward_weight)(const float *dy, const float *x, float *dw, float *dbias,
                                           const ecg_conv1d_params *p, bool accumulate) {
  depthwise_job job = {.dy = dy, .x = x, .dw = dw, .dbias = dbias, .p = p, .accumulate = accumulate};
  ecg_parallel_for(p->Cin, ecg_conv_grain(p->N * p->Lout * p->K), depthwise_backward_weight_task, &job);
}
