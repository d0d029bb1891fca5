/* Bindings: depthwiseNormAct and depthwiseNormActBackward (the fused middle of an MBConv block in training). */
#include "bindings.h"

static const char *const norm_activation_names[] = {"silu", "relu"};

/* Reads shape (Int32Array: N, C, Lin, K, Lout, stride, padLeft, dilation), activation and hasInNorm. */
static ecg_depthwise_norm_params dn_params(ecg_args *a, size_t first) {
  ecg_depthwise_norm_params p = {0};
  int64_t dims[ECG_MAX_DIMS];
  int rank = ecg_arg_dims(a, first, "shape", dims, 0);
  int act = ecg_arg_enum(a, first + 1, "activation", norm_activation_names, 2);
  p.has_in_norm = ecg_arg_bool(a, first + 2, "hasInNorm");
  if (!a->failed && rank != 8) ecg_fail_range(a, "shape must hold 8 sizes, not %d", rank);
  if (a->failed) return p;
  p.N = dims[0], p.C = dims[1], p.Lin = dims[2], p.K = dims[3], p.Lout = dims[4];
  p.stride = dims[5], p.padLeft = dims[6], p.dilation = dims[7];
  p.act = act == 0 ? ECG_ACT_SILU : ECG_ACT_RELU;
  /* (the conv reads zeros outside [0, Lin), so any Lout is memory-safe; the op layer checks it) */
  if (p.N < 1 || p.C < 1 || p.Lin < 1 || p.K < 1 || p.Lout < 1 || p.stride < 1 || p.dilation < 1)
    ecg_fail_range(a, "N, C, Lin, K, Lout, stride and dilation must be at least 1");
  p.in_norm.N = p.out_norm.N = p.N;
  p.in_norm.C = p.out_norm.C = p.C;
  p.in_norm.L = p.Lin;
  p.out_norm.L = p.Lout;
  p.in_norm.training = p.out_norm.training = true;
  return p;
}

/* Reads `count` per-channel buffers from `first` (each null or C floats) into out[]; `required` ones may not be null. */
static void channel_buffers(ecg_args *a, size_t first, const char *const *names, int count, bool required,
                            int64_t C, float **out) {
  for (int k = 0; k < count; k++) {
    int64_t n;
    out[k] = ecg_arg_f32_opt(a, first + (size_t)k, names[k], &n);
    if (out[k]) ecg_need_len(a, names[k], n, C);
    else if (required && !a->failed) ecg_fail_type(a, "%s is required", names[k]);
  }
}

/* Reads a training batch norm's eps, momentum, gamma?, beta?, runningMean?, runningVar?, mean, invstd. */
static void forward_norm(ecg_args *a, size_t first, const char *const *names, bool present,
                         ecg_batchnorm_params *bn) {
  bn->eps = (float)ecg_arg_num(a, first, "eps");
  bn->momentum = (float)ecg_arg_num(a, first + 1, "momentum");
  float *bufs[6];
  channel_buffers(a, first + 2, names, 4, false, bn->C, bufs);
  channel_buffers(a, first + 6, names + 4, 2, present, bn->C, bufs + 4);
  bn->gamma = bufs[0], bn->beta = bufs[1], bn->runningMean = bufs[2], bn->runningVar = bufs[3];
  bn->mean = bufs[4], bn->invstd = bufs[5];
}

/*
 * depthwiseNormAct(x, w, y, shape, activation, hasInNorm, inEps, inMomentum, inGamma?, inBeta?, inRunningMean?,
 *                  inRunningVar?, inMean?, inInvstd?, outEps, outMomentum, outGamma?, outBeta?, outRunningMean?,
 *                  outRunningVar?, outMean, outInvstd)
 */
static napi_value js_depthwise_norm_act(napi_env env, napi_callback_info info) {
  static const char *const in_names[] = {"inGamma", "inBeta", "inRunningMean", "inRunningVar", "inMean", "inInvstd"};
  static const char *const out_names[] = {"outGamma",      "outBeta", "outRunningMean",
                                          "outRunningVar", "outMean", "outInvstd"};
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "depthwiseNormAct", 22)) return NULL;
  int64_t nx, nw, ny;
  float *x = ecg_arg_f32(&a, 0, "x", &nx);
  float *w = ecg_arg_f32(&a, 1, "w", &nw);
  float *y = ecg_arg_f32(&a, 2, "y", &ny);
  ecg_depthwise_norm_params p = dn_params(&a, 3);
  if (a.failed) return NULL;
  forward_norm(&a, 6, in_names, p.has_in_norm, &p.in_norm);
  forward_norm(&a, 14, out_names, true, &p.out_norm);
  int64_t NC = ecg_mul(&a, p.N, p.C, "N * C");
  ecg_need_len(&a, "x", nx, ecg_mul(&a, NC, p.Lin, "N * C * Lin"));
  ecg_need_len(&a, "w", nw, ecg_mul(&a, p.C, p.K, "C * K"));
  ecg_need_len(&a, "y", ny, ecg_mul(&a, NC, p.Lout, "N * C * Lout"));
  if (a.failed) return NULL;
  ecg_active()->depthwise_norm_act(x, w, y, &p);
  return ecg_finish(&a);
}

/*
 * depthwiseNormActBackward(dy, x, w, dx, dw?, shape, activation, hasInNorm, inGamma?, inBeta?, inMean?,
 *                          inInvstd?, inDgamma?, inDbeta?, outGamma?, outBeta?, outMean, outInvstd, outDgamma?,
 *                          outDbeta?, accumulate)
 */
static napi_value js_depthwise_norm_act_backward(napi_env env, napi_callback_info info) {
  static const char *const in_names[] = {"inGamma", "inBeta", "inDgamma", "inDbeta", "inMean", "inInvstd"};
  static const char *const out_names[] = {"outGamma", "outBeta", "outDgamma", "outDbeta", "outMean", "outInvstd"};
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "depthwiseNormActBackward", 21)) return NULL;
  int64_t ndy, nx, nw, ndx, ndw;
  float *dy = ecg_arg_f32(&a, 0, "dy", &ndy);
  float *x = ecg_arg_f32(&a, 1, "x", &nx);
  float *w = ecg_arg_f32(&a, 2, "w", &nw);
  float *dx = ecg_arg_f32(&a, 3, "dx", &ndx);
  float *dw = ecg_arg_f32_opt(&a, 4, "dw", &ndw);
  ecg_depthwise_norm_params p = dn_params(&a, 5);
  bool accumulate = ecg_arg_bool(&a, 20, "accumulate");
  if (a.failed) return NULL;
  /* per norm: gamma?, beta?, dgamma?, dbeta? (optional), then mean, invstd */
  float *in[6], *out[6];
  int64_t C = p.C;
  channel_buffers(&a, 8, in_names, 4, false, C, in);
  channel_buffers(&a, 12, in_names + 4, 2, p.has_in_norm, C, in + 4);
  channel_buffers(&a, 14, out_names, 2, false, C, out);
  channel_buffers(&a, 16, out_names + 4, 2, true, C, out + 4);
  channel_buffers(&a, 18, out_names + 2, 2, false, C, out + 2);
  p.in_norm.gamma = in[0], p.in_norm.beta = in[1], p.in_norm.mean = in[4], p.in_norm.invstd = in[5];
  p.out_norm.gamma = out[0], p.out_norm.beta = out[1], p.out_norm.mean = out[4], p.out_norm.invstd = out[5];
  int64_t NC = ecg_mul(&a, p.N, p.C, "N * C");
  int64_t xsize = ecg_mul(&a, NC, p.Lin, "N * C * Lin");
  ecg_need_len(&a, "dy", ndy, ecg_mul(&a, NC, p.Lout, "N * C * Lout"));
  ecg_need_len(&a, "x", nx, xsize);
  ecg_need_len(&a, "dx", ndx, xsize);
  ecg_need_len(&a, "w", nw, ecg_mul(&a, p.C, p.K, "C * K"));
  if (dw) ecg_need_len(&a, "dw", ndw, ecg_mul(&a, p.C, p.K, "C * K"));
  if (a.failed) return NULL;
  ecg_active()->depthwise_norm_act_backward(dy, x, w, dx, dw, in[2], in[3], out[2], out[3], &p, accumulate);
  return ecg_finish(&a);
}

const ecg_binding ecg_depthwise_norm_bindings[] = {
    {"depthwiseNormAct", js_depthwise_norm_act},
    {"depthwiseNormActBackward", js_depthwise_norm_act_backward},
    {NULL, NULL},
};
