/*
 * Bindings: gemm, conv1d (+ fused activation, backward input / weight), conv1dGated (+ weight gradient),
 * mbconvForward, pool1d (+ backward).
 */
#include "bindings.h"

/* gemm(transA, transB, batch, M, N, K, alpha, A, strideA, B, strideB, beta, C, strideC) */
static napi_value js_gemm(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "gemm", 14)) return NULL;
  bool ta = ecg_arg_bool(&a, 0, "transA"), tb = ecg_arg_bool(&a, 1, "transB");
  int64_t batch = ecg_arg_int(&a, 2, "batch", 0);
  int64_t M = ecg_arg_int(&a, 3, "M", 0), N = ecg_arg_int(&a, 4, "N", 0), K = ecg_arg_int(&a, 5, "K", 0);
  double alpha = ecg_arg_num(&a, 6, "alpha");
  int64_t na, nb, nc;
  float *A = ecg_arg_f32(&a, 7, "A", &na);
  int64_t sa = ecg_arg_int(&a, 8, "strideA", 0);
  float *B = ecg_arg_f32(&a, 9, "B", &nb);
  int64_t sb = ecg_arg_int(&a, 10, "strideB", 0);
  double beta = ecg_arg_num(&a, 11, "beta");
  float *C = ecg_arg_f32(&a, 12, "C", &nc);
  int64_t sc = ecg_arg_int(&a, 13, "strideC", 0);
  if (a.failed) return NULL;
  if (batch > 0) {
    /* each operand must hold (batch - 1) * stride + its matrix */
    int64_t mk = ecg_mul(&a, M, K, "M * K"), kn = ecg_mul(&a, K, N, "K * N"), mn = ecg_mul(&a, M, N, "M * N");
    if (mk > 0) ecg_need_min_len(&a, "A", na, ecg_mul(&a, batch - 1, sa, "(batch - 1) * strideA") + mk);
    if (kn > 0) ecg_need_min_len(&a, "B", nb, ecg_mul(&a, batch - 1, sb, "(batch - 1) * strideB") + kn);
    if (mn > 0) ecg_need_min_len(&a, "C", nc, ecg_mul(&a, batch - 1, sc, "(batch - 1) * strideC") + mn);
  }
  if (a.failed) return NULL;
  ecg_active()->gemm(ta, tb, batch, M, N, K, (float)alpha, A, sa, B, sb, (float)beta, C, sc);
  return ecg_finish(&a);
}

/* Reads N, Cin, Lin, Cout, K, Lout, stride, padLeft, dilation, groups starting at argument `first`. */
static ecg_conv1d_params conv_params(ecg_args *a, size_t first) {
  ecg_conv1d_params p;
  p.N = ecg_arg_int(a, first, "N", 0);
  p.Cin = ecg_arg_int(a, first + 1, "Cin", 0);
  p.Lin = ecg_arg_int(a, first + 2, "Lin", 0);
  p.Cout = ecg_arg_int(a, first + 3, "Cout", 0);
  p.K = ecg_arg_int(a, first + 4, "K", 1);
  p.Lout = ecg_arg_int(a, first + 5, "Lout", 0);
  p.stride = ecg_arg_int(a, first + 6, "stride", 1);
  p.padLeft = ecg_arg_int(a, first + 7, "padLeft", 0);
  p.dilation = ecg_arg_int(a, first + 8, "dilation", 1);
  p.groups = ecg_arg_int(a, first + 9, "groups", 1);
  if (!a->failed && (p.Cin % p.groups != 0 || p.Cout % p.groups != 0))
    ecg_fail_range(a, "Cin (%lld) and Cout (%lld) must be divisible by groups (%lld)", (long long)p.Cin,
                   (long long)p.Cout, (long long)p.groups);
  return p;
}

/* Checks x (N, Cin, Lin), w (Cout, Cin / groups, K) and y (N, Cout, Lout) lengths. */
static void conv_lengths(ecg_args *a, const ecg_conv1d_params *p, const char *xname, int64_t nx,
                         const char *wname, int64_t nw, const char *yname, int64_t ny) {
  if (a->failed) return;
  ecg_need_len(a, xname, nx, ecg_mul(a, ecg_mul(a, p->N, p->Cin, "N * Cin"), p->Lin, "N * Cin * Lin"));
  ecg_need_len(a, wname, nw, ecg_mul(a, ecg_mul(a, p->Cout, p->Cin / p->groups, "Cout * Cin"), p->K, "w size"));
  ecg_need_len(a, yname, ny, ecg_mul(a, ecg_mul(a, p->N, p->Cout, "N * Cout"), p->Lout, "N * Cout * Lout"));
}

/* conv1d(x, w, bias?, y, N, Cin, Lin, Cout, K, Lout, stride, padLeft, dilation, groups) */
static napi_value js_conv1d(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "conv1d", 14)) return NULL;
  int64_t nx, nw, nbias, ny;
  float *x = ecg_arg_f32(&a, 0, "x", &nx);
  float *w = ecg_arg_f32(&a, 1, "w", &nw);
  float *bias = ecg_arg_f32_opt(&a, 2, "bias", &nbias);
  float *y = ecg_arg_f32(&a, 3, "y", &ny);
  ecg_conv1d_params p = conv_params(&a, 4);
  conv_lengths(&a, &p, "x", nx, "w", nw, "y", ny);
  if (bias) ecg_need_len(&a, "bias", nbias, p.Cout);
  if (a.failed) return NULL;
  ecg_active()->conv1d(x, w, bias, y, &p);
  return ecg_finish(&a);
}

static const char *const activation_names[] = {"none", "silu", "relu", "sigmoid"};

/* conv1dAct(x, w, bias?, y, N, Cin, Lin, Cout, K, Lout, stride, padLeft, dilation, groups, activation) */
static napi_value js_conv1d_act(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "conv1dAct", 15)) return NULL;
  int64_t nx, nw, nbias, ny;
  float *x = ecg_arg_f32(&a, 0, "x", &nx);
  float *w = ecg_arg_f32(&a, 1, "w", &nw);
  float *bias = ecg_arg_f32_opt(&a, 2, "bias", &nbias);
  float *y = ecg_arg_f32(&a, 3, "y", &ny);
  ecg_conv1d_params p = conv_params(&a, 4);
  int act = ecg_arg_enum(&a, 14, "activation", activation_names, ECG_ACT_COUNT);
  conv_lengths(&a, &p, "x", nx, "w", nw, "y", ny);
  if (bias) ecg_need_len(&a, "bias", nbias, p.Cout);
  if (a.failed) return NULL;
  ecg_active()->conv1d_act(x, w, bias, y, &p, (ecg_activation)act);
  return ecg_finish(&a);
}

/* Fails unless p is a pointwise conv (K = 1, stride 1, no padding, Lout = Lin, groups 1). */
static void need_pointwise(ecg_args *a, const ecg_conv1d_params *p) {
  if (!a->failed && !(p->K == 1 && p->stride == 1 && p->padLeft == 0 && p->Lout == p->Lin && p->groups == 1))
    ecg_fail_range(a, "handles pointwise convolutions only (K = 1, stride 1, no padding, groups 1)");
}

/* conv1dGated(x, scale, w, bias?, y, N, Cin, Lin, Cout, K, Lout, stride, padLeft, dilation, groups) */
static napi_value js_conv1d_gated(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "conv1dGated", 15)) return NULL;
  int64_t nx, ns, nw, nbias, ny;
  float *x = ecg_arg_f32(&a, 0, "x", &nx);
  float *scale = ecg_arg_f32(&a, 1, "scale", &ns);
  float *w = ecg_arg_f32(&a, 2, "w", &nw);
  float *bias = ecg_arg_f32_opt(&a, 3, "bias", &nbias);
  float *y = ecg_arg_f32(&a, 4, "y", &ny);
  ecg_conv1d_params p = conv_params(&a, 5);
  need_pointwise(&a, &p);
  conv_lengths(&a, &p, "x", nx, "w", nw, "y", ny);
  if (!a.failed) ecg_need_len(&a, "scale", ns, ecg_mul(&a, p.N, p.Cin, "N * Cin"));
  if (bias) ecg_need_len(&a, "bias", nbias, p.Cout);
  if (a.failed) return NULL;
  ecg_active()->conv1d_gated(x, scale, w, bias, y, &p);
  return ecg_finish(&a);
}

/* conv1dGatedBackwardWeight(dy, x, scale, dw, dbias?, N, Cin, Lin, Cout, K, Lout, stride, padLeft, dilation, groups,
 *                           accumulate) */
static napi_value js_conv1d_gated_backward_weight(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "conv1dGatedBackwardWeight", 16)) return NULL;
  int64_t ndy, nx, ns, ndw, ndb;
  float *dy = ecg_arg_f32(&a, 0, "dy", &ndy);
  float *x = ecg_arg_f32(&a, 1, "x", &nx);
  float *scale = ecg_arg_f32(&a, 2, "scale", &ns);
  float *dw = ecg_arg_f32(&a, 3, "dw", &ndw);
  float *dbias = ecg_arg_f32_opt(&a, 4, "dbias", &ndb);
  ecg_conv1d_params p = conv_params(&a, 5);
  bool accumulate = ecg_arg_bool(&a, 15, "accumulate");
  need_pointwise(&a, &p);
  conv_lengths(&a, &p, "x", nx, "dw", ndw, "dy", ndy);
  if (!a.failed) ecg_need_len(&a, "scale", ns, ecg_mul(&a, p.N, p.Cin, "N * Cin"));
  if (dbias) ecg_need_len(&a, "dbias", ndb, p.Cout);
  if (a.failed) return NULL;
  ecg_active()->conv1d_gated_backward_weight(dy, x, scale, dw, dbias, &p, accumulate);
  return ecg_finish(&a);
}

/* Reads an optional weight buffer that must hold exactly `want` floats when present. */
static const float *optional_weights(ecg_args *a, size_t i, const char *name, int64_t want) {
  int64_t n;
  float *w = ecg_arg_f32_opt(a, i, name, &n);
  if (w) ecg_need_len(a, name, n, want);
  return w;
}

/* mbconvForward(x, y, shape, activation, residual, we?, be?, wd, bd?, wr?, br?, wx?, bx?, wp, bp?) with
 * shape = Int32Array [N, Cin, L, Cmid, Cout, K, stride, padLeft, Lout, S] */
static napi_value js_mbconv_forward(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "mbconvForward", 15)) return NULL;
  int64_t nx, ny, dims[ECG_MAX_DIMS];
  float *x = ecg_arg_f32(&a, 0, "x", &nx);
  float *y = ecg_arg_f32(&a, 1, "y", &ny);
  int rank = ecg_arg_dims(&a, 2, "shape", dims, 0);
  int act = ecg_arg_enum(&a, 3, "activation", activation_names, ECG_ACT_COUNT);
  bool residual = ecg_arg_bool(&a, 4, "residual");
  if (!a.failed && rank != 10) ecg_fail_range(&a, "shape must hold 10 sizes, not %d", rank);
  if (a.failed) return NULL;
  ecg_mbconv_params p = {.N = dims[0], .Cin = dims[1], .L = dims[2], .Cmid = dims[3], .Cout = dims[4], .K = dims[5],
                         .stride = dims[6], .padLeft = dims[7], .Lout = dims[8], .S = dims[9],
                         .act = (ecg_activation)act, .residual = residual};
  /* (the depthwise conv reads zeros outside [0, L), so any Lout is memory-safe; the op layer checks it) */
  if (p.K < 1 || p.stride < 1 || p.Cmid < 1 || p.Cout < 1 || p.L < 1 || p.Lout < 1)
    ecg_fail_range(&a, "K, stride, Cmid, Cout, L and Lout must be at least 1");
  else if (residual && (p.Cout != p.Cin || p.Lout != p.L))
    ecg_fail_range(&a, "a residual block needs Cout = Cin and Lout = L");
  if (a.failed) return NULL;
  ecg_need_len(&a, "x", nx, ecg_mul(&a, ecg_mul(&a, p.N, p.Cin, "N * Cin"), p.L, "x size"));
  ecg_need_len(&a, "y", ny, ecg_mul(&a, ecg_mul(&a, p.N, p.Cout, "N * Cout"), p.Lout, "y size"));
  p.we = optional_weights(&a, 5, "we", ecg_mul(&a, p.Cmid, p.Cin, "Cmid * Cin"));
  p.be = optional_weights(&a, 6, "be", p.Cmid);
  p.wd = optional_weights(&a, 7, "wd", ecg_mul(&a, p.Cmid, p.K, "Cmid * K"));
  p.bd = optional_weights(&a, 8, "bd", p.Cmid);
  p.wr = optional_weights(&a, 9, "wr", ecg_mul(&a, p.S, p.Cmid, "S * Cmid"));
  p.br = optional_weights(&a, 10, "br", p.S);
  p.wx = optional_weights(&a, 11, "wx", ecg_mul(&a, p.Cmid, p.S, "Cmid * S"));
  p.bx = optional_weights(&a, 12, "bx", p.Cmid);
  p.wp = optional_weights(&a, 13, "wp", ecg_mul(&a, p.Cout, p.Cmid, "Cout * Cmid"));
  p.bp = optional_weights(&a, 14, "bp", p.Cout);
  if (!a.failed && (!p.wd || !p.wp)) ecg_fail_type(&a, "wd and wp are required");
  if (!a.failed && !p.we && p.Cmid != p.Cin) ecg_fail_range(&a, "without we (no expansion) Cmid must equal Cin");
  if (!a.failed && p.S > 0 && (!p.wr || !p.wx)) ecg_fail_type(&a, "S > 0 needs wr and wx");
  if (a.failed) return NULL;
  ecg_active()->mbconv_forward(x, y, &p);
  return ecg_finish(&a);
}

/* conv1dBackwardInput(dy, w, dx, N, Cin, Lin, Cout, K, Lout, stride, padLeft, dilation, groups, accumulate) */
static napi_value js_conv1d_backward_input(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "conv1dBackwardInput", 14)) return NULL;
  int64_t ndy, nw, ndx;
  float *dy = ecg_arg_f32(&a, 0, "dy", &ndy);
  float *w = ecg_arg_f32(&a, 1, "w", &nw);
  float *dx = ecg_arg_f32(&a, 2, "dx", &ndx);
  ecg_conv1d_params p = conv_params(&a, 3);
  bool accumulate = ecg_arg_bool(&a, 13, "accumulate");
  conv_lengths(&a, &p, "dx", ndx, "w", nw, "dy", ndy);
  if (a.failed) return NULL;
  ecg_active()->conv1d_backward_input(dy, w, dx, &p, accumulate);
  return ecg_finish(&a);
}

/* conv1dBackwardWeight(dy, x, dw, dbias?, N, Cin, Lin, Cout, K, Lout, stride, padLeft, dilation, groups, accumulate) */
static napi_value js_conv1d_backward_weight(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "conv1dBackwardWeight", 15)) return NULL;
  int64_t ndy, nx, ndw, ndbias;
  float *dy = ecg_arg_f32(&a, 0, "dy", &ndy);
  float *x = ecg_arg_f32(&a, 1, "x", &nx);
  float *dw = ecg_arg_f32(&a, 2, "dw", &ndw);
  float *dbias = ecg_arg_f32_opt(&a, 3, "dbias", &ndbias);
  ecg_conv1d_params p = conv_params(&a, 4);
  bool accumulate = ecg_arg_bool(&a, 14, "accumulate");
  conv_lengths(&a, &p, "x", nx, "dw", ndw, "dy", ndy);
  if (dbias) ecg_need_len(&a, "dbias", ndbias, p.Cout);
  if (a.failed) return NULL;
  ecg_active()->conv1d_backward_weight(dy, x, dw, dbias, &p, accumulate);
  return ecg_finish(&a);
}

static const char *const pool_names[] = {"max", "avg"};

/* Reads rows, Lin, K, Lout, stride, padLeft starting at argument `first`. */
static ecg_pool1d_params pool_params(ecg_args *a, size_t first) {
  ecg_pool1d_params p;
  p.rows = ecg_arg_int(a, first, "rows", 0);
  p.Lin = ecg_arg_int(a, first + 1, "Lin", 0);
  p.K = ecg_arg_int(a, first + 2, "K", 1);
  p.Lout = ecg_arg_int(a, first + 3, "Lout", 0);
  p.stride = ecg_arg_int(a, first + 4, "stride", 1);
  p.padLeft = ecg_arg_int(a, first + 5, "padLeft", 0);
  if (!a->failed && p.Lin == 0 && p.Lout > 0) ecg_fail_range(a, "Lin must be >= 1 when Lout > 0");
  return p;
}

/* pool1d(kind, x, y, rows, Lin, K, Lout, stride, padLeft, argmax?) */
static napi_value js_pool1d(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "pool1d", 9)) return NULL;
  int kind = ecg_arg_enum(&a, 0, "kind", pool_names, 2);
  int64_t nx, ny, nargmax;
  float *x = ecg_arg_f32(&a, 1, "x", &nx);
  float *y = ecg_arg_f32(&a, 2, "y", &ny);
  ecg_pool1d_params p = pool_params(&a, 3);
  int32_t *argmax = ecg_arg_i32_opt(&a, 9, "argmax", &nargmax);
  ecg_need_len(&a, "x", nx, ecg_mul(&a, p.rows, p.Lin, "rows * Lin"));
  ecg_need_len(&a, "y", ny, ecg_mul(&a, p.rows, p.Lout, "rows * Lout"));
  if (argmax) ecg_need_len(&a, "argmax", nargmax, ny);
  if (a.failed) return NULL;
  ecg_active()->pool1d(kind == 0, x, y, &p, kind == 0 ? argmax : NULL);
  return ecg_finish(&a);
}

/* pool1dBackward(kind, dy, dx, rows, Lin, K, Lout, stride, padLeft, argmax?) */
static napi_value js_pool1d_backward(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "pool1dBackward", 9)) return NULL;
  int kind = ecg_arg_enum(&a, 0, "kind", pool_names, 2);
  int64_t ndy, ndx, nargmax;
  float *dy = ecg_arg_f32(&a, 1, "dy", &ndy);
  float *dx = ecg_arg_f32(&a, 2, "dx", &ndx);
  ecg_pool1d_params p = pool_params(&a, 3);
  int32_t *argmax = ecg_arg_i32_opt(&a, 9, "argmax", &nargmax);
  ecg_need_len(&a, "dy", ndy, ecg_mul(&a, p.rows, p.Lout, "rows * Lout"));
  ecg_need_len(&a, "dx", ndx, ecg_mul(&a, p.rows, p.Lin, "rows * Lin"));
  if (!a.failed && kind == 0) {
    if (!argmax) {
      ecg_fail_type(&a, "max pooling backward needs the argmax saved by the forward pass");
    } else {
      ecg_need_len(&a, "argmax", nargmax, ndy);
      for (int64_t i = 0; i < nargmax && !a.failed; i++)
        if (argmax[i] < 0 || argmax[i] >= p.Lin)
          ecg_fail_range(&a, "argmax[%lld] = %d is outside [0, Lin = %lld)", (long long)i, argmax[i],
                         (long long)p.Lin);
    }
  }
  if (a.failed) return NULL;
  ecg_active()->pool1d_backward(kind == 0, dy, dx, &p, argmax);
  return ecg_finish(&a);
}

const ecg_binding ecg_linalg_bindings[] = {
    {"gemm", js_gemm},
    {"conv1d", js_conv1d},
    {"conv1dAct", js_conv1d_act},
    {"mbconvForward", js_mbconv_forward},
    {"conv1dGated", js_conv1d_gated},
    {"conv1dGatedBackwardWeight", js_conv1d_gated_backward_weight},
    {"conv1dBackwardInput", js_conv1d_backward_input},
    {"conv1dBackwardWeight", js_conv1d_backward_weight},
    {"pool1d", js_pool1d},
    {"pool1dBackward", js_pool1d_backward},
    {NULL, NULL},
};
