/* Argument unpacking for the Node-API bindings: see args.h. */
#include "args.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void fail(ecg_args *a, bool range, const char *fmt, va_list ap) {
  if (a->failed) return;
  a->failed = true;
  char message[512];
  int used = snprintf(message, sizeof message, "%s: ", a->kernel);
  vsnprintf(message + used, sizeof message - (size_t)used, fmt, ap);
  if (range)
    napi_throw_range_error(a->env, "ERR_NATIVE_ARGUMENT", message);
  else
    napi_throw_type_error(a->env, "ERR_NATIVE_ARGUMENT", message);
}

void ecg_fail_type(ecg_args *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fail(a, false, fmt, ap);
  va_end(ap);
}

void ecg_fail_range(ecg_args *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fail(a, true, fmt, ap);
  va_end(ap);
}

bool ecg_args_init(ecg_args *a, napi_env env, napi_callback_info info, const char *kernel, size_t required) {
  a->env = env;
  a->kernel = kernel;
  a->failed = false;
  a->argc = ECG_MAX_ARGS;
  if (napi_get_cb_info(env, info, &a->argc, a->argv, NULL, NULL) != napi_ok) {
    ecg_fail_type(a, "could not read the arguments");
    return false;
  }
  if (a->argc < required) {
    ecg_fail_type(a, "expected %zu arguments but received %zu", required, a->argc);
    return false;
  }
  return true;
}

static const char *typed_array_name(napi_typedarray_type type) {
  switch (type) {
    case napi_int8_array:
      return "Int8Array";
    case napi_uint8_array:
      return "Uint8Array";
    case napi_uint8_clamped_array:
      return "Uint8ClampedArray";
    case napi_int16_array:
      return "Int16Array";
    case napi_uint16_array:
      return "Uint16Array";
    case napi_int32_array:
      return "Int32Array";
    case napi_uint32_array:
      return "Uint32Array";
    case napi_float32_array:
      return "Float32Array";
    case napi_float64_array:
      return "Float64Array";
    default:
      return "BigInt64Array";
  }
}

/* Writes a short description of a JS value ("Float64Array of length 12", "number 3", "null", ...). */
static void describe(napi_env env, napi_value value, char *out, size_t size) {
  napi_valuetype type;
  if (napi_typeof(env, value, &type) != napi_ok) {
    snprintf(out, size, "an unreadable value");
    return;
  }
  bool is_typed = false;
  if (type == napi_object) napi_is_typedarray(env, value, &is_typed);
  if (is_typed) {
    napi_typedarray_type kind;
    size_t length;
    napi_get_typedarray_info(env, value, &kind, &length, NULL, NULL, NULL);
    snprintf(out, size, "%s of length %zu", typed_array_name(kind), length);
  } else if (type == napi_number) {
    double d;
    napi_get_value_double(env, value, &d);
    snprintf(out, size, "%g", d);
  } else {
    static const char *const names[] = {"undefined", "null",   "boolean",  "number", "string",
                                        "symbol",    "object", "function", "external", "bigint"};
    snprintf(out, size, "%s", (unsigned)type < 10 ? names[type] : "a value");
  }
}

static napi_value arg_at(ecg_args *a, size_t i) {
  if (i < a->argc) return a->argv[i];
  napi_value undefined;
  napi_get_undefined(a->env, &undefined);
  return undefined;
}

static bool is_nullish(ecg_args *a, size_t i) {
  napi_valuetype type;
  if (napi_typeof(a->env, arg_at(a, i), &type) != napi_ok) return false;
  return type == napi_null || type == napi_undefined;
}

static void *typed(ecg_args *a, size_t i, const char *name, napi_typedarray_type want, int64_t *length) {
  *length = 0;
  if (a->failed) return NULL;
  napi_value value = arg_at(a, i);
  bool is_typed = false;
  napi_is_typedarray(a->env, value, &is_typed);
  napi_typedarray_type kind = napi_int8_array;
  size_t count = 0;
  void *data = NULL;
  if (is_typed) napi_get_typedarray_info(a->env, value, &kind, &count, &data, NULL, NULL);
  if (!is_typed || kind != want) {
    char got[96];
    describe(a->env, value, got, sizeof got);
    ecg_fail_type(a, "Expected %s for %s but received %s%s", typed_array_name(want), name, got,
                  want == napi_float32_array && is_typed && kind == napi_float64_array
                      ? " (the native kernels are float32 only; float64 tensors run on the reference kernels)"
                      : "");
    return NULL;
  }
  *length = (int64_t)count;
  /* An empty typed array may have no backing store; hand kernels a valid pointer anyway. */
  static float empty[1];
  return data ? data : (void *)empty;
}

float *ecg_arg_f32(ecg_args *a, size_t i, const char *name, int64_t *length) {
  return typed(a, i, name, napi_float32_array, length);
}

float *ecg_arg_f32_opt(ecg_args *a, size_t i, const char *name, int64_t *length) {
  if (!a->failed && is_nullish(a, i)) {
    *length = -1;
    return NULL;
  }
  return typed(a, i, name, napi_float32_array, length);
}

int32_t *ecg_arg_i32(ecg_args *a, size_t i, const char *name, int64_t *length) {
  return typed(a, i, name, napi_int32_array, length);
}

int32_t *ecg_arg_i32_opt(ecg_args *a, size_t i, const char *name, int64_t *length) {
  if (!a->failed && is_nullish(a, i)) {
    *length = -1;
    return NULL;
  }
  return typed(a, i, name, napi_int32_array, length);
}

int64_t ecg_arg_int(ecg_args *a, size_t i, const char *name, int64_t min) {
  if (a->failed) return min;
  napi_value value = arg_at(a, i);
  double d;
  char got[96];
  if (napi_get_value_double(a->env, value, &d) != napi_ok) {
    describe(a->env, value, got, sizeof got);
    ecg_fail_type(a, "Expected an integer for %s but received %s", name, got);
    return min;
  }
  /* 2^40 elements is far beyond any buffer; the cap keeps every size product below int64 overflow. */
  if (!(d == floor(d)) || d < (double)min || d > 1099511627776.0) {
    if (d == floor(d) && d < (double)min)
      ecg_fail_range(a, "Expected an integer >= %lld for %s but received %g", (long long)min, name, d);
    else
      ecg_fail_range(a, "Expected an integer for %s but received %g", name, d);
    return min;
  }
  return (int64_t)d;
}

double ecg_arg_num(ecg_args *a, size_t i, const char *name) {
  if (a->failed) return 0.0;
  napi_value value = arg_at(a, i);
  double d;
  if (napi_get_value_double(a->env, value, &d) != napi_ok) {
    char got[96];
    describe(a->env, value, got, sizeof got);
    ecg_fail_type(a, "Expected a number for %s but received %s", name, got);
    return 0.0;
  }
  return d;
}

bool ecg_arg_bool(ecg_args *a, size_t i, const char *name) {
  if (a->failed) return false;
  napi_value value = arg_at(a, i);
  bool b;
  if (napi_get_value_bool(a->env, value, &b) != napi_ok) {
    char got[96];
    describe(a->env, value, got, sizeof got);
    ecg_fail_type(a, "Expected a boolean for %s but received %s", name, got);
    return false;
  }
  return b;
}

int ecg_arg_enum(ecg_args *a, size_t i, const char *name, const char *const *names, int count) {
  if (a->failed) return 0;
  char text[32];
  size_t len = 0;
  napi_value value = arg_at(a, i);
  if (napi_get_value_string_utf8(a->env, value, text, sizeof text, &len) == napi_ok) {
    for (int k = 0; k < count; k++)
      if (strcmp(text, names[k]) == 0) return k;
  }
  char valid[256] = "";
  for (int k = 0; k < count; k++) {
    strncat(valid, k ? ", " : "", sizeof valid - strlen(valid) - 1);
    strncat(valid, names[k], sizeof valid - strlen(valid) - 1);
  }
  char got[96];
  describe(a->env, value, got, sizeof got);
  if (len > 0)
    ecg_fail_type(a, "Expected one of %s for %s but received \"%s\"", valid, name, text);
  else
    ecg_fail_type(a, "Expected one of %s for %s but received %s", valid, name, got);
  return 0;
}

int ecg_arg_dims(ecg_args *a, size_t i, const char *name, int64_t *out, int64_t min) {
  int64_t n;
  int32_t *dims = ecg_arg_i32(a, i, name, &n);
  if (!dims) return 0;
  if (n > ECG_MAX_DIMS) {
    ecg_fail_range(a, "%s has rank %lld but at most %d axes are supported", name, (long long)n, ECG_MAX_DIMS);
    return 0;
  }
  for (int64_t d = 0; d < n; d++) {
    if (dims[d] < min) {
      ecg_fail_range(a, "Expected values >= %lld in %s but received %d at index %lld", (long long)min, name,
                     dims[d], (long long)d);
      return 0;
    }
    out[d] = dims[d];
  }
  return (int)n;
}

int64_t ecg_mul(ecg_args *a, int64_t x, int64_t y, const char *what) {
  int64_t r;
  if (__builtin_mul_overflow(x, y, &r)) {
    ecg_fail_range(a, "%s overflows", what);
    return 0;
  }
  return r;
}

void ecg_need_len(ecg_args *a, const char *name, int64_t have, int64_t want) {
  if (!a->failed && have != want)
    ecg_fail_range(a, "%s has %lld elements but the call needs exactly %lld", name, (long long)have,
                   (long long)want);
}

void ecg_need_min_len(ecg_args *a, const char *name, int64_t have, int64_t want) {
  if (!a->failed && have < want)
    ecg_fail_range(a, "%s has %lld elements but the call reads up to %lld", name, (long long)have,
                   (long long)want);
}

napi_value ecg_undefined(napi_env env) {
  napi_value undefined;
  napi_get_undefined(env, &undefined);
  return undefined;
}
