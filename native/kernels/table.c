/* This ISA build's kernel table, picked at load time by runtime/dispatch.c. */
#include "internal.h"

#if defined(ECG_ISA_AVX512)
#define TABLE ecg_kernels_avx512
#define ISA_NAME "avx512"
#elif defined(ECG_ISA_AVX2)
#define TABLE ecg_kernels_avx2
#define ISA_NAME "avx2"
#else
#define TABLE ecg_kernels_scalar
#define ISA_NAME "scalar"
#endif

const ecg_kernels TABLE = {
    .isa = ISA_NAME,
    .unary = KFN(unary),
    .unary_backward = KFN(unary_backward),
    .binary = KFN(binary),
    .affine = KFN(affine),
    .axpy = KFN(axpy),
    .pow = KFN(pow),
    .pow_backward = KFN(pow_backward),
    .clamp = KFN(clamp),
    .clamp_backward = KFN(clamp_backward),
    .masked_fill = KFN(masked_fill),
    .adamw_step = KFN(adamw_step),
    .reduce = KFN(reduce),
    .copy_strided = KFN(copy_strided),
    .gather_rows = KFN(gather_rows),
    .scatter_add_rows = KFN(scatter_add_rows),
    .gemm = KFN(ecg_gemm),
    .conv1d = KFN(conv1d),
    .conv1d_backward_input = KFN(conv1d_backward_input),
    .conv1d_backward_weight = KFN(conv1d_backward_weight),
    .pool1d = KFN(pool1d),
    .pool1d_backward = KFN(pool1d_backward),
    .batchnorm = KFN(batchnorm),
    .batchnorm_backward = KFN(batchnorm_backward),
    .batchnorm_act = KFN(batchnorm_act),
    .batchnorm_act_backward = KFN(batchnorm_act_backward),
    .layernorm = KFN(layernorm),
    .layernorm_backward = KFN(layernorm_backward),
    .conv1d_act = KFN(conv1d_act),
    .conv1d_gated = KFN(conv1d_gated),
    .conv1d_gated_backward_weight = KFN(conv1d_gated_backward_weight),
    .row_scale_backward = KFN(row_scale_backward),
    .lstm_forward = KFN(lstm_forward),
    .lstm_backward = KFN(lstm_backward),
    .mbconv_forward = KFN(mbconv_forward),
    .depthwise_norm_act = KFN(depthwise_norm_act),
    .depthwise_norm_act_backward = KFN(depthwise_norm_act_backward),
    .softmax = KFN(softmax),
    .softmax_backward = KFN(softmax_backward),
};
