/*
 * Bindings: unary, unaryBackward, binary, affine, axpy, pow, powBackward, clamp, clampBackward, maskedFill, adamwStep,
 * rowScaleBackward.
 */
#include "bindings.h"

static const char *const unary_names[] = {"neg", "exp", "log", "sqrt", "abs", "relu", "silu", "gelu", "sigmoid", "tanh"};
static const char *const binary_names[] = {"add", "sub", "mul", "div", "max", "min"};

/* unary(op, x, out) */
static napi_value js_unary(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "unary", 3)) return NULL;
  int op = ecg_arg_enum(&a, 0, "op", unary_names, ECG_UNARY_COUNT);
  int64_t nx, nout;
  float *x = ecg_arg_f32(&a, 1, "x", &nx);
  float *out = ecg_arg_f32(&a, 2, "out", &nout);
  ecg_need_len(&a, "out", nout, nx);
  if (a.failed) return NULL;
  ecg_active()->unary((ecg_unary_op)op, x, out, nx);
  return ecg_finish(&a);
}

/* unaryBackward(op, x, y, dy, dx, accumulate) */
static napi_value js_unary_backward(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "unaryBackward", 6)) return NULL;
  int op = ecg_arg_enum(&a, 0, "op", unary_names, ECG_UNARY_COUNT);
  int64_t nx, ny, ndy, ndx;
  float *x = ecg_arg_f32(&a, 1, "x", &nx);
  float *y = ecg_arg_f32(&a, 2, "y", &ny);
  float *dy = ecg_arg_f32(&a, 3, "dy", &ndy);
  float *dx = ecg_arg_f32(&a, 4, "dx", &ndx);
  bool accumulate = ecg_arg_bool(&a, 5, "accumulate");
  ecg_need_len(&a, "x", nx, ndx);
  ecg_need_len(&a, "y", ny, ndx);
  ecg_need_len(&a, "dy", ndy, ndx);
  if (a.failed) return NULL;
  ecg_active()->unary_backward((ecg_unary_op)op, x, y, dy, dx, ndx, accumulate);
  return ecg_finish(&a);
}

/* Returns 1 + the largest element offset reached by strides over shape (0 if the shape is empty). */
static int64_t reach(const int64_t *shape, const int64_t *strides, int rank) {
  int64_t last = 0;
  for (int d = 0; d < rank; d++) {
    if (shape[d] == 0) return 0;
    last += (shape[d] - 1) * strides[d];
  }
  return last + 1;
}

/* binary(op, a, aStrides, b, bStrides, out, outShape) */
static napi_value js_binary(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "binary", 7)) return NULL;
  int op = ecg_arg_enum(&a, 0, "op", binary_names, ECG_BINARY_COUNT);
  int64_t na, nb, nout, as[ECG_MAX_RANK], bs[ECG_MAX_RANK], shape[ECG_MAX_RANK];
  float *pa = ecg_arg_f32(&a, 1, "a", &na);
  int ra = ecg_arg_dims(&a, 2, "aStrides", as, 0);
  float *pb = ecg_arg_f32(&a, 3, "b", &nb);
  int rb = ecg_arg_dims(&a, 4, "bStrides", bs, 0);
  float *out = ecg_arg_f32(&a, 5, "out", &nout);
  int rank = ecg_arg_dims(&a, 6, "outShape", shape, 0);
  if (!a.failed && (ra != rank || rb != rank))
    ecg_fail_range(&a, "aStrides (%d) and bStrides (%d) must have the rank of outShape (%d)", ra, rb, rank);
  int64_t size = 1;
  for (int d = 0; d < rank; d++) size = ecg_mul(&a, size, shape[d], "the product of outShape");
  ecg_need_len(&a, "out", nout, size);
  if (a.failed) return NULL;
  ecg_need_min_len(&a, "a", na, reach(shape, as, rank));
  ecg_need_min_len(&a, "b", nb, reach(shape, bs, rank));
  if (a.failed) return NULL;
  ecg_active()->binary((ecg_binary_op)op, pa, as, pb, bs, out, shape, rank);
  return ecg_finish(&a);
}

/* affine(x, alpha, beta, out) */
static napi_value js_affine(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "affine", 4)) return NULL;
  int64_t nx, nout;
  float *x = ecg_arg_f32(&a, 0, "x", &nx);
  double alpha = ecg_arg_num(&a, 1, "alpha");
  double beta = ecg_arg_num(&a, 2, "beta");
  float *out = ecg_arg_f32(&a, 3, "out", &nout);
  ecg_need_len(&a, "out", nout, nx);
  if (a.failed) return NULL;
  ecg_active()->affine(x, (float)alpha, (float)beta, out, nx);
  return ecg_finish(&a);
}

/* axpy(alpha, x, y) */
static napi_value js_axpy(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "axpy", 3)) return NULL;
  int64_t nx, ny;
  double alpha = ecg_arg_num(&a, 0, "alpha");
  float *x = ecg_arg_f32(&a, 1, "x", &nx);
  float *y = ecg_arg_f32(&a, 2, "y", &ny);
  ecg_need_len(&a, "y", ny, nx);
  if (a.failed) return NULL;
  ecg_active()->axpy((float)alpha, x, y, nx);
  return ecg_finish(&a);
}

/* pow(x, p, out) */
static napi_value js_pow(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "pow", 3)) return NULL;
  int64_t nx, nout;
  float *x = ecg_arg_f32(&a, 0, "x", &nx);
  double p = ecg_arg_num(&a, 1, "p");
  float *out = ecg_arg_f32(&a, 2, "out", &nout);
  ecg_need_len(&a, "out", nout, nx);
  if (a.failed) return NULL;
  ecg_active()->pow(x, (float)p, out, nx);
  return ecg_finish(&a);
}

/* powBackward(x, p, dy, dx, accumulate) */
static napi_value js_pow_backward(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "powBackward", 5)) return NULL;
  int64_t nx, ndy, ndx;
  float *x = ecg_arg_f32(&a, 0, "x", &nx);
  double p = ecg_arg_num(&a, 1, "p");
  float *dy = ecg_arg_f32(&a, 2, "dy", &ndy);
  float *dx = ecg_arg_f32(&a, 3, "dx", &ndx);
  bool accumulate = ecg_arg_bool(&a, 4, "accumulate");
  ecg_need_len(&a, "x", nx, ndx);
  ecg_need_len(&a, "dy", ndy, ndx);
  if (a.failed) return NULL;
  ecg_active()->pow_backward(x, (float)p, dy, dx, ndx, accumulate);
  return ecg_finish(&a);
}

/* clamp(x, lo, hi, out) */
static napi_value js_clamp(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "clamp", 4)) return NULL;
  int64_t nx, nout;
  float *x = ecg_arg_f32(&a, 0, "x", &nx);
  double lo = ecg_arg_num(&a, 1, "lo"), hi = ecg_arg_num(&a, 2, "hi");
  float *out = ecg_arg_f32(&a, 3, "out", &nout);
  ecg_need_len(&a, "out", nout, nx);
  if (a.failed) return NULL;
  ecg_active()->clamp(x, (float)lo, (float)hi, out, nx);
  return ecg_finish(&a);
}

/* clampBackward(x, lo, hi, dy, dx, accumulate) */
static napi_value js_clamp_backward(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "clampBackward", 6)) return NULL;
  int64_t nx, ndy, ndx;
  float *x = ecg_arg_f32(&a, 0, "x", &nx);
  double lo = ecg_arg_num(&a, 1, "lo"), hi = ecg_arg_num(&a, 2, "hi");
  float *dy = ecg_arg_f32(&a, 3, "dy", &ndy);
  float *dx = ecg_arg_f32(&a, 4, "dx", &ndx);
  bool accumulate = ecg_arg_bool(&a, 5, "accumulate");
  ecg_need_len(&a, "x", nx, ndx);
  ecg_need_len(&a, "dy", ndy, ndx);
  if (a.failed) return NULL;
  ecg_active()->clamp_backward(x, (float)lo, (float)hi, dy, dx, ndx, accumulate);
  return ecg_finish(&a);
}

/* maskedFill(x, mask, value, out) */
static napi_value js_masked_fill(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "maskedFill", 4)) return NULL;
  int64_t nx, nmask, nout;
  float *x = ecg_arg_f32(&a, 0, "x", &nx);
  float *mask = ecg_arg_f32(&a, 1, "mask", &nmask);
  double value = ecg_arg_num(&a, 2, "value");
  float *out = ecg_arg_f32(&a, 3, "out", &nout);
  ecg_need_len(&a, "mask", nmask, nx);
  ecg_need_len(&a, "out", nout, nx);
  if (a.failed) return NULL;
  ecg_active()->masked_fill(x, mask, (float)value, out, nx);
  return ecg_finish(&a);
}

/* rowScaleBackward(dy, x, s, dx?, ds?, rows, n, accumulate) */
static napi_value js_row_scale_backward(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "rowScaleBackward", 8)) return NULL;
  int64_t ndy, nx, ns, ndx, nds;
  float *dy = ecg_arg_f32(&a, 0, "dy", &ndy);
  float *x = ecg_arg_f32(&a, 1, "x", &nx);
  float *s = ecg_arg_f32(&a, 2, "s", &ns);
  float *dx = ecg_arg_f32_opt(&a, 3, "dx", &ndx);
  float *ds = ecg_arg_f32_opt(&a, 4, "ds", &nds);
  int64_t rows = ecg_arg_int(&a, 5, "rows", 0), n = ecg_arg_int(&a, 6, "n", 0);
  bool accumulate = ecg_arg_bool(&a, 7, "accumulate");
  int64_t size = ecg_mul(&a, rows, n, "rows * n");
  ecg_need_len(&a, "dy", ndy, size);
  ecg_need_len(&a, "x", nx, size);
  ecg_need_len(&a, "s", ns, rows);
  if (dx) ecg_need_len(&a, "dx", ndx, size);
  if (ds) ecg_need_len(&a, "ds", nds, rows);
  if (a.failed) return NULL;
  ecg_active()->row_scale_backward(dy, x, s, dx, ds, rows, n, accumulate);
  return ecg_finish(&a);
}

/* adamwStep(p, g, m, v, decay, beta1, beta2, stepSize, correction2Sqrt, eps) */
static napi_value js_adamw_step(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "adamwStep", 10)) return NULL;
  int64_t np, ng, nm, nv;
  float *p = ecg_arg_f32(&a, 0, "p", &np);
  float *g = ecg_arg_f32(&a, 1, "g", &ng);
  float *m = ecg_arg_f32(&a, 2, "m", &nm);
  float *v = ecg_arg_f32(&a, 3, "v", &nv);
  double beta1 = ecg_arg_num(&a, 5, "beta1"), beta2 = ecg_arg_num(&a, 6, "beta2");
  /* (1 - beta in float32 from a rounded beta = 0.999 would be off by 1.3e-5 relative) */
  ecg_adamw_step h = {.decay = (float)ecg_arg_num(&a, 4, "decay"),
                      .beta1 = (float)beta1,
                      .beta2 = (float)beta2,
                      .one_minus_beta1 = (float)(1.0 - beta1),
                      .one_minus_beta2 = (float)(1.0 - beta2),
                      .step_size = (float)ecg_arg_num(&a, 7, "stepSize"),
                      .correction2_sqrt = (float)ecg_arg_num(&a, 8, "correction2Sqrt"),
                      .eps = (float)ecg_arg_num(&a, 9, "eps")};
  ecg_need_len(&a, "g", ng, np);
  ecg_need_len(&a, "m", nm, np);
  ecg_need_len(&a, "v", nv, np);
  if (a.failed) return NULL;
  ecg_active()->adamw_step(p, g, m, v, np, &h);
  return ecg_finish(&a);
}

const ecg_binding ecg_elementwise_bindings[] = {
    {"unary", js_unary},
    {"unaryBackward", js_unary_backward},
    {"binary", js_binary},
    {"affine", js_affine},
    {"axpy", js_axpy},
    {"pow", js_pow},
    {"powBackward", js_pow_backward},
    {"clamp", js_clamp},
    {"clampBackward", js_clamp_backward},
    {"maskedFill", js_masked_fill},
    {"rowScaleBackward", js_row_scale_backward},
    {"adamwStep", js_adamw_step},
    {NULL, NULL},
};
