/* Internal entry points of the depthwise conv (conv_depthwise.c), called by conv.c's dispatch. */
#ifndef ECG_CONV_H
#define ECG_CONV_H

#include "kernels.h"
#include "simd.h"

/* Returns the items per task so that a task does at least ~64 k multiply-adds. */
static inline int64_t ecg_conv_grain(int64_t work_per_item) {
  const int64_t min_work = 1 << 16;
  return work_per_item >= min_work ? 1 : (min_work + work_per_item - 1) / (work_per_item > 0 ? work_per_item : 1);
}

/*
 * Rows [begin, end) (row = sample * C + channel) of y = act(depthwise conv1d(x, w) + bias) on the calling
 * thread; bias may be NULL. Returns false if scratch memory ran out.
 */
bool KFN(depthwise_rows)(const float *x, const float *w, const float *bias, float *y, const ecg_conv1d_params *p,
                         int64_t begin, int64_t end, ecg_activation act);

/* Length of each phase buffer of a depthwise row: enough for every tap of every output position. */
static inline int64_t ecg_depthwise_phase_len(const ecg_conv1d_params *p) {
  return p->Lout + (p->K - 1) * p->dilation / p->stride + 1;
}

/* Zeros before dy in the padded copy the input gradient reads, and that copy's length. */
static inline int64_t ecg_depthwise_dy_lead(const ecg_conv1d_params *p) { return (p->K - 1) * p->dilation / p->stride; }
static inline int64_t ecg_depthwise_dy_len(const ecg_conv1d_params *p) {
  return ecg_depthwise_dy_lead(p) + ecg_depthwise_phase_len(p) + VL;
}

/*
 * Row helpers of the fused depthwise + batch norm kernels (depthwise_norm.c). A row's padded input split
 * into `stride` phases: ph[q * plen + t] = x[t * stride + q - padLeft] (0 outside [0, Lin)).
 */
void KFN(depthwise_fill_phases)(const float *x, const ecg_conv1d_params *p, int64_t plen, float *ph);
/* Fills tap[k] with where tap k's run starts in the phase buffer: phase (k d) % s, position (k d) / s. */
void KFN(depthwise_tap_offsets)(const ecg_conv1d_params *p, int64_t plen, int64_t *tap);
/* One output row through the phase buffer (any stride): y[l] = bias + sum_k w[k] ph[tap[k] + l]. */
void KFN(depthwise_row_phases)(const float *ph, const int64_t *tap, const float *w, float bias, float *y,
                               const ecg_conv1d_params *p);
/*
 * The input gradient of one row in phase layout (dph as depthwise_fill_phases lays out ph; at stride 1,
 * dx[i] = dph[padLeft + i]), given dyp as for depthwise_input_grad_row.
 */
void KFN(depthwise_input_grad_phases)(const float *dyp, const float *w, const ecg_conv1d_params *p, float *dph);
/*
 * dx (+)= the input gradient of one row, given dyp: dy at offset ecg_depthwise_dy_lead(p) of a buffer of
 * ecg_depthwise_dy_len(p) floats that is zero elsewhere; dph: stride * phase_len floats of scratch.
 */
void KFN(depthwise_input_grad_row)(const float *dyp, const float *w, const ecg_conv1d_params *p, float *dph, float *dx,
                                   bool accumulate);
/*
 * Adds one row's weight-gradient sums over l of dy[l] ph[tap[k] + l] for every tap k: to total[k] per chunk of
 * 32 vectors for long rows, else to the float vectors part[k], which the caller adds to total[k] every
 * ecg_depthwise_tap_rows_per_flush(p) rows (and after the last).
 */
void KFN(depthwise_tap_dots)(const float *dy, const float *ph, const int64_t *tap, const ecg_conv1d_params *p,
                             vf *part, double *total);
static inline int64_t ecg_depthwise_tap_rows_per_flush(const ecg_conv1d_params *p) {
  int64_t vectors = (p->Lout + VL - 1) / VL;
  return vectors >= 32 ? 1 : 32 / vectors;
}

/* y = act(depthwise conv1d(x, w) + bias); bias may be NULL. */
void KFN(depthwise_conv1d)(const float *x, const float *w, const float *bias, float *y, const ecg_conv1d_params *p,
                           ecg_activation act);
void KFN(depthwise_conv1d_backward_input)(const float *dy, const float *w, float *dx, const ecg_conv1d_params *p,
                                          bool accumulate);
void KFN(depthwise_conv1d_backward_weight)(const float *dy, const float *x, float *dw, float *dbias,
                                           const ecg_conv1d_params *p, bool accumulate);

#endif
