/*
 * The inference forward of an MBConv block (kernels.h ecg_mbconv_params), one sample at a time: expansion
 * GEMM (bias and activation as it stores), depthwise conv (activation in the same pass), the squeeze-
 * excitation gate from the depthwise output's row means, and the projection GEMM with the gate folded into
 * its packing of B (rows of d scaled by s) and the residual added through beta = 1. A sample's intermediate
 * tensors (Cmid x L floats) stay in this thread's cache instead of going to memory between kernels, and
 * samples spread over the threads with no other synchronisation.
 *
 * Each sample is computed the same way whichever thread takes it, so results are bit-identical for any
 * thread count.
 */
#include <string.h>

#include "../runtime/pool.h"
#include "../runtime/scratch.h"
#include "conv.h"
#include "gemm.h"
#include "internal.h"

static inline float silu1(float v) { return v / (1.0f + expf(-v)); }
static inline float sigmoid1(float v) { return 1.0f / (1.0f + expf(-v)); }

/* out[i] = act(b[i] + sum_j W[i, j] v[j]) for a (rows, cols) W: the gate's small matrix-vector products. */
static void matvec(const float *W, const float *b, const float *v, int64_t rows, int64_t cols, float *out,
                   bool sigmoid_gate) {
  for (int64_t i = 0; i < rows; i++) {
    const float *wr = W + i * cols;
    vf acc = vzero();
    int64_t j = 0;
    for (; j + VL <= cols; j += VL) acc = vfma(vload(wr + j), vload(v + j), acc);
    if (j < cols) acc = vfma(vload_n(wr + j, cols - j), vload_n(v + j, cols - j), acc);
    float z = vhsum(acc) + (b ? b[i] : 0.0f);
    out[i] = sigmoid_gate ? sigmoid1(z) : silu1(z);
  }
}

typedef struct {
  const ecg_mbconv_params *p;
  const float *x;
  float *y;
} mbconv_job;

static void mbconv_task(void *ctx, int64_t begin, int64_t end) {
  const mbconv_job *job = ctx;
  const ecg_mbconv_params *p = job->p;
  int64_t Cmid = p->Cmid, L = p->L, Lout = p->Lout;
  /* e (Cmid, L), d (Cmid, Lout), row means (Cmid), squeezed (S), gate (Cmid) */
  size_t floats = (size_t)((p->we ? Cmid * L : 0) + Cmid * Lout + 2 * Cmid + p->S);
  float *scratch = ecg_scratch(ECG_SCRATCH_BLOCK, floats);
  if (!scratch) return;
  float *e = p->we ? scratch : NULL;
  float *d = scratch + (p->we ? Cmid * L : 0);
  float *means = d + Cmid * Lout, *squeezed = means + Cmid, *gate = squeezed + p->S;
  ecg_conv1d_params dw = {.N = 1, .Cin = Cmid, .Lin = L, .Cout = Cmid, .K = p->K, .Lout = Lout, .stride = p->stride,
                          .padLeft = p->padLeft, .dilation = 1, .groups = Cmid};
  for (int64_t n = begin; n < end; n++) {
    const float *x = job->x + n * p->Cin * L;
    float *y = job->y + n * p->Cout * Lout;
    if (e) {
      ecg_mat We = {p->we, p->Cin, 1}, X = {x, L, 1};
      ecg_epilogue ep = {.bias = p->be, .act = p->act};
      if (!KFN(ecg_gemm_serial)(We, X, e, L, Cmid, L, p->Cin, 1.0f, 0.0f, &ep)) return;
    }
    if (!KFN(depthwise_rows)(e ? e : x, p->wd, p->bd, d, &dw, 0, Cmid, p->act)) return;
    const float *scale = NULL;
    if (p->S > 0) {
      for (int64_t c = 0; c < Cmid; c++) means[c] = (float)(KFN(sum_f64)(d + c * Lout, Lout) / (double)Lout);
      matvec(p->wr, p->br, means, p->S, Cmid, squeezed, false);
      matvec(p->wx, p->bx, squeezed, Cmid, p->S, gate, true);
      scale = gate;
    }
    if (p->residual) memcpy(y, x, (size_t)(p->Cout * Lout) * sizeof(float));
    ecg_mat Wp = {p->wp, Cmid, 1}, D = {d, Lout, 1};
    ecg_epilogue ep = {.bias = p->bp, .b_row_scale = scale};
    if (!KFN(ecg_gemm_serial)(Wp, D, y, Lout, p->Cout, Lout, Cmid, 1.0f, p->residual ? 1.0f : 0.0f, &ep)) return;
  }
}

void KFN(mbconv_forward)(const float *x, float *y, const ecg_mbconv_params *p) {
  if (p->N <= 0) return;
  mbconv_job job = {.p = p, .x = x, .y = y};
  ecg_parallel_for(p->N, 1, mbconv_task, &job);
}
