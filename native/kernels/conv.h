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

/* y = act(depthwise conv1d(x, w) + bias); bias may be NULL. */
void KFN(depthwise_conv1d)(const float *x, const float *w, const float *bias, float *y, const ecg_conv1d_params *p,
                           ecg_activation act);
void KFN(depthwise_conv1d_backward_input)(const float *dy, const float *w, float *dx, const ecg_conv1d_params *p,
                                          bool accumulate);
void KFN(depthwise_conv1d_backward_weight)(const float *dy, const float *x, float *dw, float *dbias,
                                           const ecg_conv1d_params *p, bool accumulate);

#endif
