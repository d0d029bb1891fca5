/*
 * The LSTM recurrence of one layer over a whole sequence, forward and backward (kernels.ts FusedKernels
 * lstmForward / lstmBackward), with PyTorch's gate order i, f, g, o:
 *   z_t = xg_t + h_{t-1} W_hh^T;  i, f, o = sigmoid(z_i, z_f, z_o), g = tanh(z_g)
 *   c_t = f c_{t-1} + i g;  h_t = o tanh(c_t)
 * xg (N, T, 4H) is the input projection x_t W_ih^T + b of every step, computed by the caller in one GEMM.
 *
 * Samples are independent, so a task takes a range of samples through every step (one small GEMM per step
 * for the range, on the task's thread): each sample is computed the same way whatever the split, so results
 * are bit-identical for any thread count. The backward's W_hh gradient, a sum over samples and steps, is one
 * GEMM over all of them after the recurrence, in a fixed order.
 */
#include <string.h>

#include "../runtime/pool.h"
#include "../runtime/scratch.h"
#include "gemm.h"
#include "internal.h"

/* Samples per task: at least this many multiply-adds per task across the sequence. */
#define LSTM_TASK_MACS (1 << 17)

typedef struct {
  const float *xg, *h0, *c0, *w_hh, *dhs, *dcT, *gates_in, *cs_in, *hs_in;
  float *hs, *cs, *gates, *dxg, *dh0, *dc0;
  int64_t N, T, H;
} lstm_job;

static int64_t lstm_grain(int64_t T, int64_t H) {
  int64_t per_sample = T * 4 * H * H > 0 ? T * 4 * H * H : 1;
  return per_sample >= LSTM_TASK_MACS ? 1 : (LSTM_TASK_MACS + per_sample - 1) / per_sample;
}

/* One sample's cell update at one step: z (4H, pre-activation) -> gates, c, h. */
static void cell_forward(const float *z, const float *c_prev, int64_t H, float *gates, float *c, float *h) {
  for (int64_t j = 0; j < H; j += VL) {
    int64_t m = H - j < VL ? H - j : VL;
#define LOAD(p) (m == VL ? vload(p) : vload_n(p, m))
#define STORE(p, v) (m == VL ? vstore(p, v) : vstore_n(p, v, m))
    vf i = vsigmoid(LOAD(z + j)), f = vsigmoid(LOAD(z + H + j));
    vf g = vtanh(LOAD(z + 2 * H + j)), o = vsigmoid(LOAD(z + 3 * H + j));
    vf cn = vfma(f, LOAD(c_prev + j), vmul(i, g));
    STORE(c + j, cn);
    STORE(h + j, vmul(o, vtanh(cn)));
    if (gates) {
      STORE(gates + j, i);
      STORE(gates + H + j, f);
      STORE(gates + 2 * H + j, g);
      STORE(gates + 3 * H + j, o);
    }
  }
}

static void lstm_forward_task(void *ctx, int64_t begin, int64_t end) {
  const lstm_job *job = ctx;
  int64_t T = job->T, H = job->H, G = 4 * H, nb = end - begin;
  float *z = ecg_scratch(ECG_SCRATCH_RNN, (size_t)(nb * G));
  if (!z) return;
  /* W_hh^T (H, 4H) read from W_hh (4H, H) in place */
  ecg_mat Wt = {job->w_hh, 1, H};
  for (int64_t t = 0; t < T; t++) {
    for (int64_t n = begin; n < end; n++) memcpy(z + (n - begin) * G, job->xg + (n * T + t) * G, (size_t)G * 4);
    ecg_mat Hprev = t == 0 ? (ecg_mat){job->h0 + begin * H, H, 1} : (ecg_mat){job->hs + (begin * T + t - 1) * H, T * H, 1};
    if (!KFN(ecg_gemm_serial)(Hprev, Wt, z, G, nb, G, H, 1.0f, 1.0f, NULL)) return;
    for (int64_t n = begin; n < end; n++) {
      const float *c_prev = t == 0 ? job->c0 + n * H : job->cs + (n * T + t - 1) * H;
      int64_t at = n * T + t;
      cell_forward(z + (n - begin) * G, c_prev, H, job->gates ? job->gates + at * G : NULL, job->cs + at * H,
                   job->hs + at * H);
    }
  }
}

void KFN(lstm_forward)(const float *xg, const float *h0, const float *c0, const float *w_hh, int64_t N, int64_t T,
                       int64_t H, float *hs, float *cs, float *gates) {
  if (N <= 0 || T <= 0 || H <= 0) return;
  lstm_job job = {.xg = xg, .h0 = h0, .c0 = c0, .w_hh = w_hh, .hs = hs, .cs = cs, .gates = gates, .N = N, .T = T, .H = H};
  ecg_parallel_for(N, lstm_grain(T, H), lstm_forward_task, &job);
}

/*
 * One sample's step backward: given dh (total gradient of h_t) and dc (of c_t, updated in place to the
 * gradient of c_{t-1}), writes dz (4H) from the saved gates and cells.
 */
static void cell_backward(const float *gates, const float *c, const float *c_prev, const float *dh, float *dc,
                          int64_t H, float *dz) {
  vf one = vset1(1.0f);
  for (int64_t j = 0; j < H; j += VL) {
    int64_t m = H - j < VL ? H - j : VL;
    vf i = LOAD(gates + j), f = LOAD(gates + H + j), g = LOAD(gates + 2 * H + j), o = LOAD(gates + 3 * H + j);
    vf tc = vtanh(LOAD(c + j)), vdh = LOAD(dh + j);
    /* dc_t = dc_{t+1} f_{t+1} (already in dc) + dh o (1 - tanh^2 c) */
    vf vdc = vfma(vmul(vdh, o), vsub(one, vmul(tc, tc)), LOAD(dc + j));
    vf dzi = vmul(vmul(vdc, g), vmul(i, vsub(one, i)));
    vf dzf = vmul(vmul(vdc, LOAD(c_prev + j)), vmul(f, vsub(one, f)));
    vf dzg = vmul(vmul(vdc, i), vsub(one, vmul(g, g)));
    vf dzo = vmul(vmul(vdh, tc), vmul(o, vsub(one, o)));
    STORE(dz + j, dzi);
    STORE(dz + H + j, dzf);
    STORE(dz + 2 * H + j, dzg);
    STORE(dz + 3 * H + j, dzo);
    STORE(dc + j, vmul(vdc, f));
  }
}
#undef LOAD
#undef STORE

static void lstm_backward_task(void *ctx, int64_t begin, int64_t end) {
  const lstm_job *job = ctx;
  int64_t T = job->T, H = job->H, G = 4 * H, nb = end - begin;
  /* dh_next (nb, H), dc (nb, H), dh total of one sample (H) */
  float *s = ecg_scratch(ECG_SCRATCH_RNN, (size_t)(2 * nb * H + H));
  if (!s) return;
  float *dh_next = s, *dc = s + nb * H, *dh = s + 2 * nb * H;
  memset(dh_next, 0, (size_t)(nb * H) * 4);
  if (job->dcT)
    memcpy(dc, job->dcT + begin * H, (size_t)(nb * H) * 4);
  else
    memset(dc, 0, (size_t)(nb * H) * 4);
  ecg_mat W = {job->w_hh, H, 1}; /* (4H, H) */
  for (int64_t t = T - 1; t >= 0; t--) {
    for (int64_t n = begin; n < end; n++) {
      int64_t at = n * T + t, r = n - begin;
      const float *c_prev = t == 0 ? job->c0 + n * H : job->cs_in + (at - 1) * H;
      for (int64_t j = 0; j < H; j++) dh[j] = dh_next[r * H + j] + (job->dhs ? job->dhs[at * H + j] : 0.0f);
      cell_backward(job->gates_in + at * G, job->cs_in + at * H, c_prev, dh, dc + r * H, H, job->dxg + at * G);
    }
    /* dh_{t-1} = dz_t W_hh for the range */
    ecg_mat DZ = {job->dxg + (begin * T + t) * G, T * G, 1};
    if (!KFN(ecg_gemm_serial)(DZ, W, dh_next, H, nb, H, G, 1.0f, 0.0f, NULL)) return;
  }
  if (job->dh0) memcpy(job->dh0 + begin * H, dh_next, (size_t)(nb * H) * 4);
  if (job->dc0) memcpy(job->dc0 + begin * H, dc, (size_t)(nb * H) * 4);
}

void KFN(lstm_backward)(const float *dhs, const float *dcT, const float *gates, const float *cs, const float *hs,
                        const float *h0, const float *c0, const float *w_hh, int64_t N, int64_t T, int64_t H,
                        float *dxg, float *dh0, float *dc0, float *dw_hh) {
  if (N <= 0 || T <= 0 || H <= 0) {
    if (dw_hh) memset(dw_hh, 0, (size_t)(4 * H * (H > 0 ? H : 0)) * 4);
    return;
  }
  lstm_job job = {.dhs = dhs, .dcT = dcT, .gates_in = gates, .cs_in = cs, .hs_in = hs, .h0 = h0, .c0 = c0,
                  .w_hh = w_hh, .dxg = dxg, .dh0 = dh0, .dc0 = dc0, .N = N, .T = T, .H = H};
  ecg_parallel_for(N, lstm_grain(T, H), lstm_backward_task, &job);
  if (!dw_hh) return;
  /* dW_hh = sum over samples and steps of dz^T h_prev: one GEMM, dZ^T (4H, N T) @ Hprev (N T, H) */
  float *hprev = ecg_scratch(ECG_SCRATCH_RNN, (size_t)(N * T * H));
  if (!hprev) return;
  for (int64_t n = 0; n < N; n++) {
    memcpy(hprev + n * T * H, h0 + n * H, (size_t)H * 4);
    memcpy(hprev + (n * T + 1) * H, hs + n * T * H, (size_t)((T - 1) * H) * 4);
  }
  KFN(ecg_gemm)(true, false, 1, 4 * H, H, N * T, 1.0f, dxg, 0, hprev, 0, 0.0f, dw_hh, 0);
}
