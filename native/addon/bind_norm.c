/*
 * Bindings: batchNorm, batchNormBackward, batchNormAct, batchNormActBackward (fused SiLU/ReLU), layerNorm,
 * layerNormBackward, softmax, softmaxBackward.
 */
#include "bindings.h"

/* Reads N, C, L, eps, momentum, training, gamma?, beta?, runningMean?, runningVar?, mean, invstd from `first`. */
static ecg_batchnorm_params bn_params(ecg_args *a, size_t first) {
  ecg_batchnorm_params p;
  int64_t n;
  p.N = ecg_arg_int(a, first, "N", 0);
  p.C = ecg_arg_int(a, first + 1, "C", 0);
  p.L = ecg_arg_int(a, first + 2, "L", 0);
  p.eps = (float)ecg_arg_num(a, first + 3, "eps");
  p.momentum = (float)ecg_arg_num(a, first + 4, "momentum");
  p.training = ecg_arg_bool(a, first + 5, "training");
  const char *names[] = {"gamma", "beta", "runningMean", "runningVar", "mean", "invstd"};
  float *bufs[6];
  for (int k = 0; k < 6; k++) {
    bufs[k] = k < 4 ? ecg_arg_f32_opt(a, first + 6 + (size_t)k, names[k], &n)
                    : ecg_arg_f32(a, first + 6 + (size_t)k, names[k], &n);
    if (bufs[k]) ecg_need_len(a, names[k], n, p.C);
  }
  p.gamma = bufs[0];
  p.beta = bufs[1];
  p.runningMean = bufs[2];
  p.runningVar = bufs[3];
  p.mean = bufs[4];
  p.invstd = bufs[5];
  if (!a->failed && !p.training && (!p.runningMean || !p.runningVar))
    ecg_fail_type(a, "eval mode needs runningMean and runningVar");
  return p;
}

/* batchNorm(x, y, N, C, L, eps, momentum, training, gamma?, beta?, runningMean?, runningVar?, mean, invstd) */
static napi_value js_batchnorm(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "batchNorm", 14)) return NULL;
  int64_t nx, ny;
  float *x = ecg_arg_f32(&a, 0, "x", &nx);
  float *y = ecg_arg_f32(&a, 1, "y", &ny);
  ecg_batchnorm_params p = bn_params(&a, 2);
  int64_t size = ecg_mul(&a, ecg_mul(&a, p.N, p.C, "N * C"), p.L, "N * C * L");
  ecg_need_len(&a, "x", nx, size);
  ecg_need_len(&a, "y", ny, size);
  if (a.failed) return NULL;
  ecg_active()->batchnorm(x, y, &p);
  return ecg_finish(&a);
}

/* batchNormBackward(dy, x, dx, dgamma?, dbeta?, N, C, L, eps, momentum, training, gamma?, beta?,
 *                   runningMean?, runningVar?, mean, invstd, accumulate) */
static napi_value js_batchnorm_backward(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "batchNormBackward", 18)) return NULL;
  int64_t ndy, nx, ndx, ndg, ndb;
  float *dy = ecg_arg_f32(&a, 0, "dy", &ndy);
  float *x = ecg_arg_f32(&a, 1, "x", &nx);
  float *dx = ecg_arg_f32(&a, 2, "dx", &ndx);
  float *dgamma = ecg_arg_f32_opt(&a, 3, "dgamma", &ndg);
  float *dbeta = ecg_arg_f32_opt(&a, 4, "dbeta", &ndb);
  ecg_batchnorm_params p = bn_params(&a, 5);
  bool accumulate = ecg_arg_bool(&a, 17, "accumulate");
  int64_t size = ecg_mul(&a, ecg_mul(&a, p.N, p.C, "N * C"), p.L, "N * C * L");
  ecg_need_len(&a, "dy", ndy, size);
  ecg_need_len(&a, "x", nx, size);
  ecg_need_len(&a, "dx", ndx, size);
  if (dgamma) ecg_need_len(&a, "dgamma", ndg, p.C);
  if (dbeta) ecg_need_len(&a, "dbeta", ndb, p.C);
  if (a.failed) return NULL;
  ecg_active()->batchnorm_backward(dy, x, dx, dgamma, dbeta, &p, accumulate);
  return ecg_finish(&a);
}

static const char *const activation_names[] = {"silu", "relu"};

/* batchNormAct(x, y, N, C, L, eps, momentum, training, gamma?, beta?, runningMean?, runningVar?, mean, invstd,
 *              activation) */
static napi_value js_batchnorm_act(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "batchNormAct", 15)) return NULL;
  int64_t nx, ny;
  float *x = ecg_arg_f32(&a, 0, "x", &nx);
  float *y = ecg_arg_f32(&a, 1, "y", &ny);
  ecg_batchnorm_params p = bn_params(&a, 2);
  int act = ecg_arg_enum(&a, 14, "activation", activation_names, 2);
  int64_t size = ecg_mul(&a, ecg_mul(&a, p.N, p.C, "N * C"), p.L, "N * C * L");
  ecg_need_len(&a, "x", nx, size);
  ecg_need_len(&a, "y", ny, size);
  if (a.failed) return NULL;
  ecg_active()->batchnorm_act(x, y, &p, act == 1);
  return ecg_finish(&a);
}

/* batchNormActBackward(dy, x, dx, dgamma?, dbeta?, N, C, L, eps, momentum, training, gamma?, beta?,
 *                      runningMean?, runningVar?, mean, invstd, activation, accumulate) */
static napi_value js_batchnorm_act_backward(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "batchNormActBackward", 19)) return NULL;
  int64_t ndy, nx, ndx, ndg, ndb;
  float *dy = ecg_arg_f32(&a, 0, "dy", &ndy);
  float *x = ecg_arg_f32(&a, 1, "x", &nx);
  float *dx = ecg_arg_f32(&a, 2, "dx", &ndx);
  float *dgamma = ecg_arg_f32_opt(&a, 3, "dgamma", &ndg);
  float *dbeta = ecg_arg_f32_opt(&a, 4, "dbeta", &ndb);
  ecg_batchnorm_params p = bn_params(&a, 5);
  int act = ecg_arg_enum(&a, 17, "activation", activation_names, 2);
  bool accumulate = ecg_arg_bool(&a, 18, "accumulate");
  int64_t size = ecg_mul(&a, ecg_mul(&a, p.N, p.C, "N * C"), p.L, "N * C * L");
  ecg_need_len(&a, "dy", ndy, size);
  ecg_need_len(&a, "x", nx, size);
  ecg_need_len(&a, "dx", ndx, size);
  if (dgamma) ecg_need_len(&a, "dgamma", ndg, p.C);
  if (dbeta) ecg_need_len(&a, "dbeta", ndb, p.C);
  if (a.failed) return NULL;
  ecg_active()->batchnorm_act_backward(dy, x, dx, dgamma, dbeta, &p, act == 1, accumulate);
  return ecg_finish(&a);
}

/* layerNorm(x, rows, dim, gamma?, beta?, eps, y, mean, rstd) */
static napi_value js_layernorm(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "layerNorm", 9)) return NULL;
  int64_t nx, ng, nb, ny, nm, nr;
  float *x = ecg_arg_f32(&a, 0, "x", &nx);
  int64_t rows = ecg_arg_int(&a, 1, "rows", 0), dim = ecg_arg_int(&a, 2, "dim", 1);
  float *gamma = ecg_arg_f32_opt(&a, 3, "gamma", &ng);
  float *beta = ecg_arg_f32_opt(&a, 4, "beta", &nb);
  double eps = ecg_arg_num(&a, 5, "eps");
  float *y = ecg_arg_f32(&a, 6, "y", &ny);
  float *mean = ecg_arg_f32(&a, 7, "mean", &nm);
  float *rstd = ecg_arg_f32(&a, 8, "rstd", &nr);
  int64_t size = ecg_mul(&a, rows, dim, "rows * dim");
  ecg_need_len(&a, "x", nx, size);
  ecg_need_len(&a, "y", ny, size);
  if (gamma) ecg_need_len(&a, "gamma", ng, dim);
  if (beta) ecg_need_len(&a, "beta", nb, dim);
  ecg_need_len(&a, "mean", nm, rows);
  ecg_need_len(&a, "rstd", nr, rows);
  if (a.failed) return NULL;
  ecg_active()->layernorm(x, rows, dim, gamma, beta, (float)eps, y, mean, rstd);
  return ecg_finish(&a);
}

/* layerNormBackward(dy, x, rows, dim, gamma?, mean, rstd, dx, dgamma?, dbeta?, accumulate) */
static napi_value js_layernorm_backward(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "layerNormBackward", 11)) return NULL;
  int64_t ndy, nx, ng, nm, nr, ndx, ndg, ndb;
  float *dy = ecg_arg_f32(&a, 0, "dy", &ndy);
  float *x = ecg_arg_f32(&a, 1, "x", &nx);
  int64_t rows = ecg_arg_int(&a, 2, "rows", 0), dim = ecg_arg_int(&a, 3, "dim", 1);
  float *gamma = ecg_arg_f32_opt(&a, 4, "gamma", &ng);
  float *mean = ecg_arg_f32(&a, 5, "mean", &nm);
  float *rstd = ecg_arg_f32(&a, 6, "rstd", &nr);
  float *dx = ecg_arg_f32(&a, 7, "dx", &ndx);
  float *dgamma = ecg_arg_f32_opt(&a, 8, "dgamma", &ndg);
  float *dbeta = ecg_arg_f32_opt(&a, 9, "dbeta", &ndb);
  bool accumulate = ecg_arg_bool(&a, 10, "accumulate");
  int64_t size = ecg_mul(&a, rows, dim, "rows * dim");
  ecg_need_len(&a, "dy", ndy, size);
  ecg_need_len(&a, "x", nx, size);
  ecg_need_len(&a, "dx", ndx, size);
  if (gamma) ecg_need_len(&a, "gamma", ng, dim);
  ecg_need_len(&a, "mean", nm, rows);
  ecg_need_len(&a, "rstd", nr, rows);
  if (dgamma) ecg_need_len(&a, "dgamma", ndg, dim);
  if (dbeta) ecg_need_len(&a, "dbeta", ndb, dim);
  if (a.failed) return NULL;
  ecg_active()->layernorm_backward(dy, x, rows, dim, gamma, mean, rstd, dx, dgamma, dbeta, accumulate);
  return ecg_finish(&a);
}

/* softmax(x, rows, dim, y, log) */
static napi_value js_softmax(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "softmax", 5)) return NULL;
  int64_t nx, ny;
  float *x = ecg_arg_f32(&a, 0, "x", &nx);
  int64_t rows = ecg_arg_int(&a, 1, "rows", 0), dim = ecg_arg_int(&a, 2, "dim", 1);
  float *y = ecg_arg_f32(&a, 3, "y", &ny);
  bool log = ecg_arg_bool(&a, 4, "log");
  int64_t size = ecg_mul(&a, rows, dim, "rows * dim");
  ecg_need_len(&a, "x", nx, size);
  ecg_need_len(&a, "y", ny, size);
  if (a.failed) return NULL;
  ecg_active()->softmax(x, rows, dim, y, log);
  return ecg_finish(&a);
}

/* softmaxBackward(dy, y, rows, dim, dx, log, accumulate) */
static napi_value js_softmax_backward(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "softmaxBackward", 7)) return NULL;
  int64_t ndy, ny, ndx;
  float *dy = ecg_arg_f32(&a, 0, "dy", &ndy);
  float *y = ecg_arg_f32(&a, 1, "y", &ny);
  int64_t rows = ecg_arg_int(&a, 2, "rows", 0), dim = ecg_arg_int(&a, 3, "dim", 1);
  float *dx = ecg_arg_f32(&a, 4, "dx", &ndx);
  bool log = ecg_arg_bool(&a, 5, "log");
  bool accumulate = ecg_arg_bool(&a, 6, "accumulate");
  int64_t size = ecg_mul(&a, rows, dim, "rows * dim");
  ecg_need_len(&a, "dy", ndy, size);
  ecg_need_len(&a, "y", ny, size);
  ecg_need_len(&a, "dx", ndx, size);
  if (a.failed) return NULL;
  ecg_active()->softmax_backward(dy, y, rows, dim, dx, log, accumulate);
  return ecg_finish(&a);
}

const ecg_binding ecg_norm_bindings[] = {
    {"batchNorm", js_batchnorm},
    {"batchNormBackward", js_batchnorm_backward},
    {"batchNormAct", js_batchnorm_act},
    {"batchNormActBackward", js_batchnorm_act_backward},
    {"layerNorm", js_layernorm},
    {"layerNormBackward", js_layernorm_backward},
    {"softmax", js_softmax},
    {"softmaxBackward", js_softmax_backward},
    {NULL, NULL},
};
