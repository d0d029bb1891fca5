/*
 * Depthwise conv1d (groups = Cin = Cout) forward and backward, direct and vectorised along L: one task per
 * (sample, channel) row for the forward and the input gradient, one per channel (summing every sample in
 * order) for the weight and bias gradients. The padded input row is split into `stride` phases (phase q
 * holds xp[t * stride + q]) so that every tap reads a contiguous run, even at stride 2.
 */
#include <string.h>

#include "../runtime/pool.h"
#include "../runtime/scratch.h"
#include "activation.h"
#include "conv.h"
#include "internal.h"

static inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

void KFN(depthwise_fill_phases)(const float *x, const ecg_conv1d_params *p, int64_t plen, float *ph) {
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
    /* Vector deinterleave of xp[2t ..]: lanes outside x load as 0 (masked), so the padded edges need no
     * scalar loop. */
    float *even = ph, *odd = ph + plen;
    for (; t < plen; t += VL) {
      int64_t i = 2 * t - pad, m = min64(VL, plen - t);
      vf lo, hi;
      if (i >= 0 && i + 2 * VL <= Lin) {
        lo = vload(x + i);
        hi = vload(x + i + VL);
      } else {
        lo = vload_lanes(x + i, i < 0 ? min64(-i, VL) : 0, i >= Lin ? 0 : min64(VL, Lin - i));
        int64_t j = i + VL;
        hi = vload_lanes(x + j, j < 0 ? min64(-j, VL) : 0, j >= Lin ? 0 : min64(VL, Lin - j));
      }
      vf e, o;
      vdeinterleave2(lo, hi, &e, &o);
      if (m == VL) {
        vstore(even + t, e);
        vstore(odd + t, o);
      } else {
        vstore_n(even + t, e, m);
        vstore_n(odd + t, o, m);
      }
    }
    return;
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
  ecg_activation act;
  bool accumulate;
} depthwise_job;

void KFN(depthwise_tap_offsets)(const ecg_conv1d_params *p, int64_t plen, int64_t *tap) {
  for (int64_t k = 0; k < p->K; k++) {
    int64_t o = k * p->dilation;
    tap[k] = (o % p->stride) * plen + o / p->stride;
  }
}

/*
 * One output row at stride 1, reading x in place: y[l] = bias + sum_k w[k] x[l + k d - pad], positions
 * outside [0, Lin) reading as 0 (masked loads at the edges, no padded copy).
 */
static void depthwise_row_unit_stride(const float *x, const float *w, float bias, float *y, const ecg_conv1d_params *p) {
  int64_t Lin = p->Lin, Lout = p->Lout, K = p->K, d = p->dilation, pad = p->padLeft;
  vf vb = vset1(bias);
  int64_t l = 0;
  /* outputs whose every tap reads inside x: l - pad >= 0 and l + (K - 1) d - pad + span <= Lin */
  int64_t reach = (K - 1) * d - pad;
  for (; l < pad && l < Lout; l += VL) {
    int64_t m = min64(VL, Lout - l);
    vf a = vb;
    for (int64_t k = 0; k < K; k++) {
      int64_t at = l + k * d - pad;
      int64_t lo = at < 0 ? -at : 0, hi = min64(m, Lin - at);
      if (hi > lo) a = vfma(vset1(w[k]), vload_lanes(x + at, lo, hi), a);
    }
    if (m == VL)
      vstore(y + l, a);
    else
      vstore_n(y + l, a, m);
  }
  for (; l + reach + 4 * VL <= Lin && l + 4 * VL <= Lout; l += 4 * VL) {
    vf a0 = vb, a1 = vb, a2 = vb, a3 = vb;
    for (int64_t k = 0; k < K; k++) {
      const float *src = x + l + k * d - pad;
      vf wk = vset1(w[k]);
      a0 = vfma(wk, vload(src), a0);
      a1 = vfma(wk, vload(src + VL), a1);
      a2 = vfma(wk, vload(src + 2 * VL), a2);
      a3 = vfma(wk, vload(src + 3 * VL), a3);
    }
    vstore(y + l, a0);
    vstore(y + l + VL, a1);
    vstore(y + l + 2 * VL, a2);
    vstore(y + l + 3 * VL, a3);
  }
  for (; l + reach + VL <= Lin && l + VL <= Lout; l += VL) {
    vf a = vb;
    for (int64_t k = 0; k < K; k++) a = vfma(vset1(w[k]), vload(x + l + k * d - pad), a);
    vstore(y + l, a);
  }
  for (; l < Lout; l += VL) {
    int64_t m = min64(VL, Lout - l);
    vf a = vb;
    for (int64_t k = 0; k < K; k++) {
      int64_t at = l + k * d - pad;
      int64_t lo = at < 0 ? -at : 0, hi = min64(m, Lin - at);
      if (hi <= lo) continue;
      a = vfma(vset1(w[k]), lo == 0 && hi == VL ? vload(x + at) : vload_lanes(x + at, lo, hi), a);
    }
    if (m == VL)
      vstore(y + l, a);
    else
      vstore_n(y + l, a, m);
  }
}

void KFN(depthwise_row_phases)(const float *ph, const int64_t *tap, const float *w, float bias, float *y,
                                 const ecg_conv1d_params *p) {
  int64_t Lout = p->Lout;
  vf vb = vset1(bias);
  int64_t l = 0;
  for (; l + 4 * VL <= Lout; l += 4 * VL) {
    vf a0 = vb, a1 = vb, a2 = vb, a3 = vb;
    for (int64_t k = 0; k < p->K; k++) {
      const float *src = ph + tap[k] + l;
      vf wk = vset1(w[k]);
      a0 = vfma(wk, vload(src), a0);
      a1 = vfma(wk, vload(src + VL), a1);
      a2 = vfma(wk, vload(src + 2 * VL), a2);
      a3 = vfma(wk, vload(src + 3 * VL), a3);
    }
    vstore(y + l, a0);
    vstore(y + l + VL, a1);
    vstore(y + l + 2 * VL, a2);
    vstore(y + l + 3 * VL, a3);
  }
  for (; l < Lout; l += VL) {
    int64_t m = min64(VL, Lout - l);
    vf a = vb;
    for (int64_t k = 0; k < p->K; k++) {
      const float *src = ph + tap[k] + l;
      a = vfma(vset1(w[k]), m == VL ? vload(src) : vload_n(src, m), a);
    }
    if (m == VL)
      vstore(y + l, a);
    else
      vstore_n(y + l, a, m);
  }
}

/* y[i] = act(y[i]) for i < n. */
static void activate_span(float *y, int64_t n, ecg_activation act) {
  int64_t i = 0;
  for (; i + VL <= n; i += VL) vstore(y + i, ecg_act(vload(y + i), act));
  if (i < n) vstore_n(y + i, ecg_act(vload_n(y + i, n - i), act), n - i);
}

bool KFN(depthwise_rows)(const float *x, const float *w, const float *bias, float *y, const ecg_conv1d_params *p,
                         int64_t begin, int64_t end, ecg_activation act) {
  int64_t plen = ecg_depthwise_phase_len(p), Lout = p->Lout;
  bool direct = p->stride == 1;
  float *ph = direct ? NULL : ecg_scratch(ECG_SCRATCH_CONV_ROW, (size_t)(p->stride * plen));
  /* (int64 offsets in a float slot: 2 floats each) */
  int64_t *tap = direct ? NULL : (int64_t *)ecg_scratch(ECG_SCRATCH_CONV_ROW2, (size_t)(2 * p->K));
  if (!direct && (!ph || !tap)) return false;
  if (tap) KFN(depthwise_tap_offsets)(p, plen, tap);
  for (int64_t row = begin; row < end; row++) {
    int64_t c = row % p->Cin;
    const float *wc = w + c * p->K, *xr = x + row * p->Lin;
    float b = bias ? bias[c] : 0.0f;
    if (direct) {
      depthwise_row_unit_stride(xr, wc, b, y + row * Lout, p);
      continue;
    }
    KFN(depthwise_fill_phases)(xr, p, plen, ph);
    KFN(depthwise_row_phases)(ph, tap, wc, b, y + row * Lout, p);
  }
  /* the activation in one pass over the rows, which are contiguous (and still in cache) */
  if (act != ECG_ACT_NONE) activate_span(y + begin * Lout, (end - begin) * Lout, act);
  return true;
}

static void depthwise_forward_task(void *ctx, int64_t begin, int64_t end) {
  const depthwise_job *job = ctx;
  KFN(depthwise_rows)(job->x, job->w, job->bias, job->y, job->p, begin, end, job->act);
}

/* Taps of one phase the input gradient takes per pass over a row (longer kernels take several passes). */
#define TAPS_MAX 16

/*
 * The input gradient of one row as a correlation per phase: dph[q][t] = sum over taps k with k d % s = q of
 * w[k] dy[t - k d / s] (dy is 0 outside [0, Lout)), computed in registers from the zero-padded copy of dy
 * and stored once (depthwise_input_grad_row then interleaves it back into input order). One load per
 * multiply-add.
 */
void KFN(depthwise_input_grad_phases)(const float *dyp, const float *w, const ecg_conv1d_params *p, float *dph) {
  int64_t plen = ecg_depthwise_phase_len(p), s = p->stride, K = p->K, d = p->dilation;
  int64_t lead = ecg_depthwise_dy_lead(p);
  for (int64_t q = 0; q < s; q++) {
    float *dst = dph + q * plen;
    /* the taps of phase q, TAPS_MAX at a time: weights and where their dy run starts */
    int64_t k = 0;
    for (bool first = true;; first = false) {
      vf wt[TAPS_MAX];
      const float *src[TAPS_MAX];
      int64_t taps = 0;
      for (; k < K && taps < TAPS_MAX; k++) {
        if ((k * d) % s != q) continue;
        wt[taps] = vset1(w[k]);
        src[taps++] = dyp + lead - (k * d) / s;
      }
      if (taps == 0 && !first) break;
      int64_t t = 0;
      for (; t + 4 * VL <= plen; t += 4 * VL) {
        vf a0 = first ? vzero() : vload(dst + t), a1 = first ? vzero() : vload(dst + t + VL);
        vf a2 = first ? vzero() : vload(dst + t + 2 * VL), a3 = first ? vzero() : vload(dst + t + 3 * VL);
        for (int64_t j = 0; j < taps; j++) {
          const float *r = src[j] + t;
          a0 = vfma(wt[j], vload(r), a0);
          a1 = vfma(wt[j], vload(r + VL), a1);
          a2 = vfma(wt[j], vload(r + 2 * VL), a2);
          a3 = vfma(wt[j], vload(r + 3 * VL), a3);
        }
        vstore(dst + t, a0);
        vstore(dst + t + VL, a1);
        vstore(dst + t + 2 * VL, a2);
        vstore(dst + t + 3 * VL, a3);
      }
      for (; t < plen; t += VL) {
        int64_t m = min64(VL, plen - t);
        vf a = first ? vzero() : m == VL ? vload(dst + t) : vload_n(dst + t, m);
        for (int64_t j = 0; j < taps; j++) a = vfma(wt[j], m == VL ? vload(src[j] + t) : vload_n(src[j] + t, m), a);
        if (m == VL)
          vstore(dst + t, a);
        else
          vstore_n(dst + t, a, m);
      }
      if (k >= K) break;
    }
  }
}

void KFN(depthwise_input_grad_row)(const float *dyp, const float *w, const ecg_conv1d_params *p, float *dph, float *dx,
                                   bool accumulate) {
  KFN(depthwise_input_grad_phases)(dyp, w, p, dph);
  gather_phases(dph, p, ecg_depthwise_phase_len(p), dx, accumulate);
}

static void depthwise_backward_input_task(void *ctx, int64_t begin, int64_t end) {
  const depthwise_job *job = ctx;
  const ecg_conv1d_params *p = job->p;
  int64_t plen = ecg_depthwise_phase_len(p), lead = ecg_depthwise_dy_lead(p), dlen = ecg_depthwise_dy_len(p);
  float *dph = ecg_scratch(ECG_SCRATCH_CONV_ROW, (size_t)(p->stride * plen));
  float *dyp = ecg_scratch(ECG_SCRATCH_CONV_ROW2, (size_t)dlen);
  if (!dph || !dyp) return;
  memset(dyp, 0, (size_t)dlen * sizeof(float));
  for (int64_t row = begin; row < end; row++) {
    /* only [lead, lead + Lout) is written: the padding stays zero for the next row */
    memcpy(dyp + lead, job->dy + row * p->Lout, (size_t)p->Lout * sizeof(float));
    KFN(depthwise_input_grad_row)(dyp, job->w + (row % p->Cin) * p->K, p, dph, job->dx + row * p->Lin,
                                  job->accumulate);
  }
}

/* Taps whose weight-gradient sums one pass over a row keeps in registers. */
#define TAP_GROUP 8
/* Vectors summed in float before a partial sum is added to its double. */
#define FLUSH_VECTORS 32

/*
 * Adds to part[k] (k < taps, and part[taps] = sum of dy when `bias`) the float partial sums over l in [l0, l1)
 * of dy[l] * ph_k[l], where ph_k is tap k0 + k's phase run. dy is loaded once per vector for every tap.
 */
ECG_INLINE void tap_sums(const float *dy, const float *const *ph, int64_t taps, bool bias, int64_t l0, int64_t l1,
                         vf *part) {
  vf a[TAP_GROUP + 1], b[TAP_GROUP + 1];
  for (int64_t k = 0; k <= taps; k++) a[k] = b[k] = vzero();
  int64_t l = l0;
  for (; l + 2 * VL <= l1; l += 2 * VL) {
    vf g0 = vload(dy + l), g1 = vload(dy + l + VL);
    for (int64_t k = 0; k < taps; k++) {
      a[k] = vfma(g0, vload(ph[k] + l), a[k]);
      b[k] = vfma(g1, vload(ph[k] + l + VL), b[k]);
    }
    if (bias) a[taps] = vadd(a[taps], g0), b[taps] = vadd(b[taps], g1);
  }
  for (; l < l1; l += VL) {
    int64_t m = min64(VL, l1 - l);
    vf g = m == VL ? vload(dy + l) : vload_n(dy + l, m); /* masked lanes of g are 0 */
    for (int64_t k = 0; k < taps; k++) a[k] = vfma(g, m == VL ? vload(ph[k] + l) : vload_n(ph[k] + l, m), a[k]);
    if (bias) a[taps] = vadd(a[taps], g);
  }
  for (int64_t k = 0; k < taps + (bias ? 1 : 0); k++) part[k] = vadd(a[k], b[k]);
}

/* tap_sums with the tap count and the bias flag as constants, so that the sums stay in registers. */
static void tap_sums_fixed(const float *dy, const float *const *ph, int64_t taps, bool bias, int64_t l0, int64_t l1,
                           vf *part) {
#define TAP_CASE(T)                                     \
  case T:                                               \
    if (bias)                                           \
      tap_sums(dy, ph, T, true, l0, l1, part);          \
    else                                                \
      tap_sums(dy, ph, T, false, l0, l1, part);         \
    return;
  switch (taps) {
    TAP_CASE(1)
    TAP_CASE(2)
    TAP_CASE(3)
    TAP_CASE(4)
    TAP_CASE(5)
    TAP_CASE(6)
    TAP_CASE(7)
    TAP_CASE(8)
    default:
      return;
  }
#undef TAP_CASE
}

void KFN(depthwise_tap_dots)(const float *dy, const float *ph, const int64_t *tap, const ecg_conv1d_params *p,
                             vf *part, double *total) {
  bool long_rows = (p->Lout + VL - 1) / VL >= FLUSH_VECTORS;
  for (int64_t k0 = 0; k0 < p->K; k0 += TAP_GROUP) {
    int64_t taps = min64(TAP_GROUP, p->K - k0);
    const float *runs[TAP_GROUP];
    for (int64_t k = 0; k < taps; k++) runs[k] = ph + tap[k0 + k];
    for (int64_t l = 0; l < p->Lout; l += FLUSH_VECTORS * VL) {
      vf sums[TAP_GROUP + 1];
      tap_sums_fixed(dy, runs, taps, false, l, min64(p->Lout, l + FLUSH_VECTORS * VL), sums);
      for (int64_t k = 0; k < taps; k++) {
        if (long_rows)
          total[k0 + k] += (double)vhsum(sums[k]);
        else
          part[k0 + k] = vadd(part[k0 + k], sums[k]);
      }
    }
  }
}

/*
 * The weight (and bias) gradients of a range of channels. Channels are taken in blocks and each block is
 * walked sample by sample (memory order, as batch norm does), each (channel, tap) keeping a float-vector
 * partial sum that is added to its double every FLUSH_VECTORS vectors (or per chunk of a long row): the
 * order of every sum depends only on N and Lout, never on the blocking or the thread count.
 */
static void depthwise_backward_weight_task(void *ctx, int64_t begin, int64_t end) {
  const depthwise_job *job = ctx;
  const ecg_conv1d_params *p = job->p;
  int64_t plen = ecg_depthwise_phase_len(p), s = p->stride, Lout = p->Lout, K = p->K;
  int64_t sums = K + 1; /* taps and the bias */
  int64_t cb = end - begin;
  float *ph = ecg_scratch(ECG_SCRATCH_CONV_ROW, (size_t)(s * plen));
  /* per channel and sum: one double, then VL floats of partials */
  /* then K int64 tap offsets (2 floats each) */
  float *scratch = ecg_scratch(ECG_SCRATCH_CONV_ROW2, (size_t)(cb * sums * (VL + 2) + 2 * K));
  if (!ph || !scratch) return;
  int64_t *tap = (int64_t *)(scratch + cb * sums * (VL + 2));
  KFN(depthwise_tap_offsets)(p, plen, tap);
  double *total = (double *)scratch;
  float *partial = scratch + 2 * cb * sums;
  for (int64_t i = 0; i < cb * sums; i++) total[i] = 0.0;
  for (int64_t i = 0; i < cb * sums * VL; i++) partial[i] = 0.0f;
  int64_t vectors_per_row = (Lout + VL - 1) / VL;
  bool long_rows = vectors_per_row >= FLUSH_VECTORS;
  int64_t rows_per_flush = long_rows ? 1 : FLUSH_VECTORS / vectors_per_row, pending = 0;
  bool bias = job->dbias != NULL;
  for (int64_t n = 0; n < p->N; n++) {
    bool flush = ++pending == rows_per_flush || n == p->N - 1;
    for (int64_t c = begin; c < end; c++) {
      int64_t row = n * p->Cin + c;
      const float *dy = job->dy + row * Lout;
      float *cpart = partial + (c - begin) * sums * VL;
      double *ctotal = total + (c - begin) * sums;
      KFN(depthwise_fill_phases)(job->x + row * p->Lin, p, plen, ph);
      for (int64_t k0 = 0; k0 < K; k0 += TAP_GROUP) {
        int64_t taps = min64(TAP_GROUP, K - k0);
        bool with_bias = bias && k0 + taps == K;
        const float *runs[TAP_GROUP];
        for (int64_t k = 0; k < taps; k++) runs[k] = ph + tap[k0 + k];
        vf part[TAP_GROUP + 1];
        int64_t n_sums = taps + (with_bias ? 1 : 0);
        /* sum index of part[k]: tap k0 + k, or K for the bias */
        if (long_rows) {
          for (int64_t l = 0; l < Lout; l += FLUSH_VECTORS * VL) {
            tap_sums_fixed(dy, runs, taps, with_bias, l, min64(Lout, l + FLUSH_VECTORS * VL), part);
            for (int64_t k = 0; k < n_sums; k++) ctotal[k < taps ? k0 + k : K] += (double)vhsum(part[k]);
          }
          continue;
        }
        tap_sums_fixed(dy, runs, taps, with_bias, 0, Lout, part);
        for (int64_t k = 0; k < n_sums; k++) {
          int64_t at = k < taps ? k0 + k : K;
          vf acc = vadd(vload(cpart + at * VL), part[k]);
          if (flush) {
            ctotal[at] += (double)vhsum(acc);
            acc = vzero();
          }
          vstore(cpart + at * VL, acc);
        }
      }
    }
    if (flush) pending = 0;
  }
  for (int64_t c = begin; c < end; c++) {
    const double *ctotal = total + (c - begin) * sums;
    float *dw = job->dw + c * K;
    for (int64_t k = 0; k < K; k++) dw[k] = job->accumulate ? dw[k] + (float)ctotal[k] : (float)ctotal[k];
    if (bias) job->dbias[c] = job->accumulate ? job->dbias[c] + (float)ctotal[K] : (float)ctotal[K];
  }
}

void KFN(depthwise_conv1d)(const float *x, const float *w, const float *bias, float *y, const ecg_conv1d_params *p,
                           ecg_activation act) {
  depthwise_job job = {.x = x, .w = w, .bias = bias, .y = y, .p = p, .act = act};
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
