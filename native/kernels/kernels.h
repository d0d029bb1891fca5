/*
 * The C side of the kernel contract (src/tensor/kernels/kernels.ts), float32 only. Each ISA build of
 * native/kernels/ fills one ecg_kernels table; runtime/dispatch.c picks the best one the CPU supports.
 * Argument checking happens in the Node-API layer (native/addon/); kernels assume valid arguments.
 */
#ifndef ECG_KERNELS_H
#define ECG_KERNELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ECG_MAX_RANK 16

typedef enum {
  ECG_UNARY_NEG,
  ECG_UNARY_EXP,
  ECG_UNARY_LOG,
  ECG_UNARY_SQRT,
  ECG_UNARY_ABS,
  ECG_UNARY_RELU,
  ECG_UNARY_SILU,
  ECG_UNARY_GELU,
  ECG_UNARY_SIGMOID,
  ECG_UNARY_TANH,
  ECG_UNARY_COUNT
} ecg_unary_op;

typedef enum { ECG_BINARY_ADD, ECG_BINARY_SUB, ECG_BINARY_MUL, ECG_BINARY_DIV, ECG_BINARY_MAX, ECG_BINARY_MIN, ECG_BINARY_COUNT } ecg_binary_op;

typedef enum { ECG_REDUCE_SUM, ECG_REDUCE_MEAN, ECG_REDUCE_MAX, ECG_REDUCE_COUNT } ecg_reduce_op;

/* Activations fused into a kernel's output (conv1d_act). */
typedef enum { ECG_ACT_NONE, ECG_ACT_SILU, ECG_ACT_RELU, ECG_ACT_SIGMOID, ECG_ACT_COUNT } ecg_activation;

typedef struct {
  int64_t N, Cin, Lin, Cout, K, Lout, stride, padLeft, dilation, groups;
} ecg_conv1d_params;

typedef struct {
  int64_t rows, Lin, K, Lout, stride, padLeft;
} ecg_pool1d_params;

typedef struct {
  int64_t N, C, L;
  float eps, momentum;
  bool training;
  const float *gamma, *beta;
  float *runningMean, *runningVar;
  float *mean, *invstd;
} ecg_batchnorm_params;

/*
 * An inverted-residual (MBConv) block in inference form, every batch norm folded into its conv:
 *   e = act(We x + be) (absent: e = x), d = act(depthwise(e) + bd), s = sigmoid(Wx silu(Wr mean_L(d) + br) + bx)
 *   y = Wp (d * s) + bp (+ x when residual). S = 0: no squeeze-excitation (s = 1). Biases may be NULL.
 */
typedef struct {
  int64_t N, Cin, L, Cmid, Cout, K, stride, padLeft, Lout, S;
  ecg_activation act;
  bool residual;
  const float *we, *be, *wd, *bd, *wr, *br, *wx, *bx, *wp, *bp;
} ecg_mbconv_params;

/* The scalars of one AdamW step (kernels.ts AdamWStep), with 1 - beta1 and 1 - beta2 rounded from double. */
typedef struct {
  float decay, beta1, beta2, one_minus_beta1, one_minus_beta2, step_size, correction2_sqrt, eps;
} ecg_adamw_step;

/*
 * The middle of an MBConv block in training: y = act(bn_out(depthwise(act(bn_in(x)), w))), w (C, 1, K) without
 * bias, x (N, C, Lin), y (N, C, Lout); bn_in only when has_in_norm (L = Lin), bn_out over L = Lout. Both batch
 * norms use batch statistics (their `training` flag is not read) and update their running statistics.
 */
typedef struct {
  int64_t N, C, Lin, K, Lout, stride, padLeft, dilation;
  ecg_activation act;
  bool has_in_norm;
  ecg_batchnorm_params in_norm, out_norm;
} ecg_depthwise_norm_params;

typedef struct {
  const char *isa;
  void (*unary)(ecg_unary_op op, const float *x, float *out, int64_t n);
  void (*unary_backward)(ecg_unary_op op, const float *x, const float *y, const float *dy, float *dx, int64_t n,
                         bool accumulate);
  void (*binary)(ecg_binary_op op, const float *a, const int64_t *a_strides, const float *b,
                 const int64_t *b_strides, float *out, const int64_t *shape, int rank);
  void (*affine)(const float *x, float alpha, float beta, float *out, int64_t n);
  void (*pow)(const float *x, float p, float *out, int64_t n);
  void (*pow_backward)(const float *x, float p, const float *dy, float *dx, int64_t n, bool accumulate);
  void (*clamp)(const float *x, float lo, float hi, float *out, int64_t n);
  void (*clamp_backward)(const float *x, float lo, float hi, const float *dy, float *dx, int64_t n,
                         bool accumulate);
  void (*masked_fill)(const float *x, const float *mask, float value, float *out, int64_t n);
  /* one AdamW step of p, m, v in place */
  void (*adamw_step)(float *p, const float *g, float *m, float *v, int64_t n, const ecg_adamw_step *h);
  void (*axpy)(float alpha, const float *x, float *y, int64_t n);
  void (*reduce)(ecg_reduce_op op, const float *x, int64_t outer, int64_t n, int64_t inner, float *out,
                 int32_t *argmax);
  void (*copy_strided)(const float *src, const int64_t *src_strides, float *dst, const int64_t *dst_strides,
                       const int64_t *shape, int rank, bool accumulate);
  void (*gather_rows)(const float *table, int64_t dim, const int32_t *index, int64_t rows, float *out);
  void (*scatter_add_rows)(const float *src, int64_t dim, const int32_t *index, int64_t rows, float *table);
  void (*gemm)(bool transA, bool transB, int64_t batch, int64_t M, int64_t N, int64_t K, float alpha,
               const float *A, int64_t strideA, const float *B, int64_t strideB, float beta, float *C,
               int64_t strideC);
  void (*conv1d)(const float *x, const float *w, const float *bias, float *y, const ecg_conv1d_params *p);
  void (*conv1d_backward_input)(const float *dy, const float *w, float *dx, const ecg_conv1d_params *p,
                                bool accumulate);
  void (*conv1d_backward_weight)(const float *dy, const float *x, float *dw, float *dbias,
                                 const ecg_conv1d_params *p, bool accumulate);
  void (*pool1d)(bool is_max, const float *x, float *y, const ecg_pool1d_params *p, int32_t *argmax);
  void (*pool1d_backward)(bool is_max, const float *dy, float *dx, const ecg_pool1d_params *p,
                          const int32_t *argmax);
  void (*batchnorm)(const float *x, float *y, const ecg_batchnorm_params *p);
  void (*batchnorm_backward)(const float *dy, const float *x, float *dx, float *dgamma, float *dbeta,
                             const ecg_batchnorm_params *p, bool accumulate);
  /* fused: y = act(batchnorm(x)) with act = SiLU, or ReLU when relu is set; and its backward */
  void (*batchnorm_act)(const float *x, float *y, const ecg_batchnorm_params *p, bool relu);
  void (*batchnorm_act_backward)(const float *dy, const float *x, float *dx, float *dgamma, float *dbeta,
                                 const ecg_batchnorm_params *p, bool relu, bool accumulate);
  void (*layernorm)(const float *x, int64_t rows, int64_t dim, const float *gamma, const float *beta, float eps,
                    float *y, float *mean, float *rstd);
  void (*layernorm_backward)(const float *dy, const float *x, int64_t rows, int64_t dim, const float *gamma,
                             const float *mean, const float *rstd, float *dx, float *dgamma, float *dbeta,
                             bool accumulate);
  /* fused: y = act(conv1d(x, w) + bias) */
  void (*conv1d_act)(const float *x, const float *w, const float *bias, float *y, const ecg_conv1d_params *p,
                     ecg_activation act);
  /* fused: a pointwise conv (K = 1, stride 1, no padding, groups 1) of x * scale, scale (N, Cin) per sample,
   * and its weight gradient (the input's is conv1d_backward_input then row_scale_backward) */
  void (*conv1d_gated)(const float *x, const float *scale, const float *w, const float *bias, float *y,
                       const ecg_conv1d_params *p);
  void (*conv1d_gated_backward_weight)(const float *dy, const float *x, const float *scale, float *dw, float *dbias,
                                       const ecg_conv1d_params *p, bool accumulate);
  /* fused: backward of y[r, i] = x[r, i] * s[r]: dx (+)= dy * s[r], ds[r] = sum_i dy x (dx or ds may be NULL) */
  void (*row_scale_backward)(const float *dy, const float *x, const float *s, float *dx, float *ds, int64_t rows,
                             int64_t n, bool accumulate);
  /* fused: one LSTM layer over a sequence (recurrent.c) */
  void (*lstm_forward)(const float *xg, const float *h0, const float *c0, const float *w_hh, int64_t N, int64_t T,
                       int64_t H, float *hs, float *cs, float *gates);
  void (*lstm_backward)(const float *dhs, const float *dcT, const float *gates, const float *cs, const float *hs,
                        const float *h0, const float *c0, const float *w_hh, int64_t N, int64_t T, int64_t H,
                        float *dxg, float *dh0, float *dc0, float *dw_hh);
  /* fused: an MBConv block's inference forward, one sample per task (mbconv.c) */
  void (*mbconv_forward)(const float *x, float *y, const ecg_mbconv_params *p);
  /* fused: the middle of an MBConv block in training (depthwise_norm.c) and its backward: dx (+)= (accumulate),
   * dw, dgamma_in, dbeta_in, dgamma_out, dbeta_out += (each may be NULL) */
  void (*depthwise_norm_act)(const float *x, const float *w, float *y, const ecg_depthwise_norm_params *p);
  void (*depthwise_norm_act_backward)(const float *dy, const float *x, const float *w, float *dx, float *dw,
                                      float *dgamma_in, float *dbeta_in, float *dgamma_out, float *dbeta_out,
                                      const ecg_depthwise_norm_params *p, bool accumulate);
  void (*softmax)(const float *x, int64_t rows, int64_t dim, float *y, bool log);
  void (*softmax_backward)(const float *dy, const float *y, int64_t rows, int64_t dim, float *dx, bool log,
                           bool accumulate);
} ecg_kernels;

extern const ecg_kernels ecg_kernels_scalar;
#if defined(ECG_HAVE_X86_ISAS)
extern const ecg_kernels ecg_kernels_avx2;
extern const ecg_kernels ecg_kernels_avx512;
#endif

#endif
