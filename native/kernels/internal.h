/* Prototypes of one ISA build's kernels (names carry the ISA suffix via KFN), gathered by table.c. */
#ifndef ECG_KERNELS_INTERNAL_H
#define ECG_KERNELS_INTERNAL_H

#include "kernels.h"
#include "simd.h"

void KFN(unary)(ecg_unary_op op, const float *x, float *out, int64_t n);
void KFN(unary_backward)(ecg_unary_op op, const float *x, const float *y, const float *dy, float *dx, int64_t n,
                         bool accumulate);
void KFN(binary)(ecg_binary_op op, const float *a, const int64_t *a_strides, const float *b,
                 const int64_t *b_strides, float *out, const int64_t *shape, int rank);
void KFN(affine)(const float *x, float alpha, float beta, float *out, int64_t n);
void KFN(axpy)(float alpha, const float *x, float *y, int64_t n);
void KFN(pow)(const float *x, float p, float *out, int64_t n);
void KFN(pow_backward)(const float *x, float p, const float *dy, float *dx, int64_t n, bool accumulate);
void KFN(clamp)(const float *x, float lo, float hi, float *out, int64_t n);
void KFN(clamp_backward)(const float *x, float lo, float hi, const float *dy, float *dx, int64_t n, bool accumulate);
void KFN(masked_fill)(const float *x, const float *mask, float value, float *out, int64_t n);
void KFN(adamw_step)(float *p, const float *g, float *m, float *v, int64_t n, const ecg_adamw_step *h);
void KFN(reduce)(ecg_reduce_op op, const float *x, int64_t outer, int64_t n, int64_t inner, float *out,
                 int32_t *argmax);
void KFN(copy_strided)(const float *src, const int64_t *src_strides, float *dst, const int64_t *dst_strides,
                       const int64_t *shape, int rank, bool accumulate);
void KFN(gather_rows)(const float *table, int64_t dim, const int32_t *index, int64_t rows, float *out);
void KFN(scatter_add_rows)(const float *src, int64_t dim, const int32_t *index, int64_t rows, float *table);
void KFN(ecg_gemm)(bool transA, bool transB, int64_t batch, int64_t M, int64_t N, int64_t K, float alpha,
                   const float *A, int64_t strideA, const float *B, int64_t strideB, float beta, float *C,
                   int64_t strideC);
void KFN(conv1d)(const float *x, const float *w, const float *bias, float *y, const ecg_conv1d_params *p);
void KFN(conv1d_act)(const float *x, const float *w, const float *bias, float *y, const ecg_conv1d_params *p,
                     ecg_activation act);
void KFN(conv1d_backward_input)(const float *dy, const float *w, float *dx, const ecg_conv1d_params *p,
                                bool accumulate);
void KFN(conv1d_backward_weight)(const float *dy, const float *x, float *dw, float *dbias,
                                 const ecg_conv1d_params *p, bool accumulate);
void KFN(pool1d)(bool is_max, const float *x, float *y, const ecg_pool1d_params *p, int32_t *argmax);
void KFN(pool1d_backward)(bool is_max, const float *dy, float *dx, const ecg_pool1d_params *p,
                          const int32_t *argmax);
void KFN(batchnorm)(const float *x, float *y, const ecg_batchnorm_params *p);
void KFN(batchnorm_backward)(const float *dy, const float *x, float *dx, float *dgamma, float *dbeta,
                             const ecg_batchnorm_params *p, bool accumulate);
void KFN(batchnorm_act)(const float *x, float *y, const ecg_batchnorm_params *p, bool relu);
void KFN(batchnorm_act_backward)(const float *dy, const float *x, float *dx, float *dgamma, float *dbeta,
                                 const ecg_batchnorm_params *p, bool relu, bool accumulate);
void KFN(layernorm)(const float *x, int64_t rows, int64_t dim, const float *gamma, const float *beta, float eps,
                    float *y, float *mean, float *rstd);
void KFN(layernorm_backward)(const float *dy, const float *x, int64_t rows, int64_t dim, const float *gamma,
                             const float *mean, const float *rstd, float *dx, float *dgamma, float *dbeta,
                             bool accumulate);
void KFN(softmax)(const float *x, int64_t rows, int64_t dim, float *y, bool log);
void KFN(softmax_backward)(const float *dy, const float *y, int64_t rows, int64_t dim, float *dx, bool log,
                           bool accumulate);

void KFN(conv1d_gated)(const float *x, const float *scale, const float *w, const float *bias, float *y,
                       const ecg_conv1d_params *p);
void KFN(conv1d_gated_backward_weight)(const float *dy, const float *x, const float *scale, float *dw, float *dbias,
                                       const ecg_conv1d_params *p, bool accumulate);
void KFN(row_scale_backward)(const float *dy, const float *x, const float *s, float *dx, float *ds, int64_t rows,
                             int64_t n, bool accumulate);
void KFN(lstm_forward)(const float *xg, const float *h0, const float *c0, const float *w_hh, int64_t N, int64_t T,
                       int64_t H, float *hs, float *cs, float *gates);
void KFN(lstm_backward)(const float *dhs, const float *dcT, const float *gates, const float *cs, const float *hs,
                        const float *h0, const float *c0, const float *w_hh, int64_t N, int64_t T, int64_t H,
                        float *dxg, float *dh0, float *dc0, float *dw_hh);

void KFN(depthwise_norm_act)(const float *x, const float *w, float *y, const ecg_depthwise_norm_params *p);
void KFN(depthwise_norm_act_backward)(const float *dy, const float *x, const float *w, float *dx, float *dw,
                                      float *dgamma_in, float *dbeta_in, float *dgamma_out, float *dbeta_out,
                                      const ecg_depthwise_norm_params *p, bool accumulate);
void KFN(mbconv_forward)(const float *x, float *y, const ecg_mbconv_params *p);

/* Returns sum(x[0..n)) accumulated in double over float-vector partial sums (fixed order). */
double KFN(sum_f64)(const float *x, int64_t n);

#endif
