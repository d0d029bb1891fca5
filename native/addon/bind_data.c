/* Bindings: reduce, copyStrided, gatherRows, scatterAddRows. */
#include "bindings.h"

static const char *const reduce_names[] = {"sum", "mean", "max"};

/* reduce(op, x, outer, n, inner, out, argmax?) */
static napi_value js_reduce(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "reduce", 6)) return NULL;
  int op = ecg_arg_enum(&a, 0, "op", reduce_names, ECG_REDUCE_COUNT);
  int64_t nx, nout, nargmax;
  float *x = ecg_arg_f32(&a, 1, "x", &nx);
  int64_t outer = ecg_arg_int(&a, 2, "outer", 0);
  int64_t n = ecg_arg_int(&a, 3, "n", 0);
  int64_t inner = ecg_arg_int(&a, 4, "inner", 0);
  float *out = ecg_arg_f32(&a, 5, "out", &nout);
  int32_t *argmax = ecg_arg_i32_opt(&a, 6, "argmax", &nargmax);
  int64_t kept = ecg_mul(&a, outer, inner, "outer * inner");
  ecg_need_len(&a, "x", nx, ecg_mul(&a, kept, n, "outer * n * inner"));
  ecg_need_len(&a, "out", nout, kept);
  if (argmax) ecg_need_len(&a, "argmax", nargmax, kept);
  if (!a.failed && op == ECG_REDUCE_MAX && n == 0 && kept > 0)
    ecg_fail_range(&a, "max over an empty axis (n = 0) has no value");
  if (a.failed) return NULL;
  ecg_active()->reduce((ecg_reduce_op)op, x, outer, n, inner, out, op == ECG_REDUCE_MAX ? argmax : NULL);
  return ecg_finish(&a);
}

/* Checks that offset + sum(i_k * strides[k]) stays inside [0, length) for every index below shape. */
static void check_span(ecg_args *a, const char *name, int64_t length, int64_t offset, const int64_t *strides,
                       const int64_t *shape, int rank) {
  int64_t lo = offset, hi = offset;
  for (int d = 0; d < rank; d++) {
    if (shape[d] == 0) return;
    int64_t step = ecg_mul(a, shape[d] - 1, strides[d], "the strided extent");
    if (step < 0)
      lo += step;
    else
      hi += step;
  }
  if (!a->failed && (lo < 0 || hi >= length))
    ecg_fail_range(a, "%s has %lld elements but the copy reaches elements %lld..%lld", name, (long long)length,
                   (long long)lo, (long long)hi);
}

/* copyStrided(src, srcOffset, srcStrides, dst, dstOffset, dstStrides, shape, accumulate) */
static napi_value js_copy_strided(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "copyStrided", 8)) return NULL;
  int64_t nsrc, ndst, ss[ECG_MAX_DIMS], ds[ECG_MAX_DIMS], shape[ECG_MAX_DIMS];
  const int64_t big = -((int64_t)1 << 31);
  float *src = ecg_arg_f32(&a, 0, "src", &nsrc);
  int64_t src_offset = ecg_arg_int(&a, 1, "srcOffset", 0);
  int rs = ecg_arg_dims(&a, 2, "srcStrides", ss, big);
  float *dst = ecg_arg_f32(&a, 3, "dst", &ndst);
  int64_t dst_offset = ecg_arg_int(&a, 4, "dstOffset", 0);
  int rd = ecg_arg_dims(&a, 5, "dstStrides", ds, big);
  int rank = ecg_arg_dims(&a, 6, "shape", shape, 0);
  bool accumulate = ecg_arg_bool(&a, 7, "accumulate");
  if (!a.failed && (rs != rank || rd != rank))
    ecg_fail_range(&a, "srcStrides (%d) and dstStrides (%d) must have the rank of shape (%d)", rs, rd, rank);
  check_span(&a, "src", nsrc, src_offset, ss, shape, rank);
  check_span(&a, "dst", ndst, dst_offset, ds, shape, rank);
  if (a.failed) return NULL;
  for (int d = 0; d < rank; d++)
    if (shape[d] == 0) return ecg_finish(&a);
  ecg_active()->copy_strided(src + src_offset, ss, dst + dst_offset, ds, shape, rank, accumulate);
  return ecg_finish(&a);
}

/* Checks every index against the table's row count. */
static void check_indices(ecg_args *a, const int32_t *index, int64_t rows, int64_t table_rows) {
  for (int64_t r = 0; r < rows && !a->failed; r++)
    if (index[r] < 0 || index[r] >= table_rows)
      ecg_fail_range(a, "index[%lld] = %d is outside the table's %lld rows", (long long)r, index[r],
                     (long long)table_rows);
}

/* gatherRows(table, dim, index, out) */
static napi_value js_gather_rows(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "gatherRows", 4)) return NULL;
  int64_t ntable, nindex, nout;
  float *table = ecg_arg_f32(&a, 0, "table", &ntable);
  int64_t dim = ecg_arg_int(&a, 1, "dim", 1);
  int32_t *index = ecg_arg_i32(&a, 2, "index", &nindex);
  float *out = ecg_arg_f32(&a, 3, "out", &nout);
  if (!a.failed && ntable % dim != 0)
    ecg_fail_range(&a, "table has %lld elements, not a whole number of rows of dim %lld", (long long)ntable,
                   (long long)dim);
  ecg_need_len(&a, "out", nout, ecg_mul(&a, nindex, dim, "index.length * dim"));
  if (!a.failed) check_indices(&a, index, nindex, ntable / dim);
  if (a.failed) return NULL;
  ecg_active()->gather_rows(table, dim, index, nindex, out);
  return ecg_finish(&a);
}

/* scatterAddRows(src, dim, index, table) */
static napi_value js_scatter_add_rows(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "scatterAddRows", 4)) return NULL;
  int64_t nsrc, nindex, ntable;
  float *src = ecg_arg_f32(&a, 0, "src", &nsrc);
  int64_t dim = ecg_arg_int(&a, 1, "dim", 1);
  int32_t *index = ecg_arg_i32(&a, 2, "index", &nindex);
  float *table = ecg_arg_f32(&a, 3, "table", &ntable);
  if (!a.failed && ntable % dim != 0)
    ecg_fail_range(&a, "table has %lld elements, not a whole number of rows of dim %lld", (long long)ntable,
                   (long long)dim);
  ecg_need_len(&a, "src", nsrc, ecg_mul(&a, nindex, dim, "index.length * dim"));
  if (!a.failed) check_indices(&a, index, nindex, ntable / dim);
  if (a.failed) return NULL;
  ecg_active()->scatter_add_rows(src, dim, index, nindex, table);
  return ecg_finish(&a);
}

const ecg_binding ecg_data_bindings[] = {
    {"reduce", js_reduce},         {"copyStrided", js_copy_strided}, {"gatherRows", js_gather_rows},
    {"scatterAddRows", js_scatter_add_rows}, {NULL, NULL},
};
