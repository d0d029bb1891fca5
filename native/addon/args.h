/*
 * Argument unpacking for the Node-API bindings. The TypeScript layer validates shapes before it calls;
 * these helpers only make sure a bad direct call can never crash the process: wrong types, negative or
 * overflowing sizes and buffers too short for the call all throw a JS error naming the kernel and the
 * argument. After the first failure every helper is a no-op and the binding returns without running.
 */
#ifndef ECG_ARGS_H
#define ECG_ARGS_H

#include <node_api.h>
#include <stdbool.h>
#include <stdint.h>

#define ECG_MAX_ARGS 24
#define ECG_MAX_DIMS 16

typedef struct {
  napi_env env;
  const char *kernel;
  napi_value argv[ECG_MAX_ARGS];
  size_t argc;
  bool failed;
} ecg_args;

/* Reads the call's arguments; fails (TypeError) if fewer than `required` were passed. */
bool ecg_args_init(ecg_args *a, napi_env env, napi_callback_info info, const char *kernel, size_t required);

/* Throws a TypeError ("<kernel>: <message>") once; later failures are ignored. */
void ecg_fail_type(ecg_args *a, const char *fmt, ...);

/* Throws a RangeError ("<kernel>: <message>") once. */
void ecg_fail_range(ecg_args *a, const char *fmt, ...);

/* Returns the Float32Array's data and its length in *length, or NULL after throwing. */
float *ecg_arg_f32(ecg_args *a, size_t i, const char *name, int64_t *length);

/* Like ecg_arg_f32, but null or undefined give NULL with *length = -1 and no error. */
float *ecg_arg_f32_opt(ecg_args *a, size_t i, const char *name, int64_t *length);

/* Returns the Int32Array's data (NULL after throwing); optional variant accepts null/undefined. */
int32_t *ecg_arg_i32(ecg_args *a, size_t i, const char *name, int64_t *length);
int32_t *ecg_arg_i32_opt(ecg_args *a, size_t i, const char *name, int64_t *length);

/* Returns an integer argument >= min (throws otherwise: non-numbers, fractions, huge values). */
int64_t ecg_arg_int(ecg_args *a, size_t i, const char *name, int64_t min);

/* Returns a finite-or-not number argument. */
double ecg_arg_num(ecg_args *a, size_t i, const char *name);

/* Returns a boolean argument. */
bool ecg_arg_bool(ecg_args *a, size_t i, const char *name);

/* Returns the index of the string argument in names[0..count), throwing with the valid list if absent. */
int ecg_arg_enum(ecg_args *a, size_t i, const char *name, const char *const *names, int count);

/* Reads an Int32Array of at most ECG_MAX_RANK values >= min into out; returns how many (0 after throwing). */
int ecg_arg_dims(ecg_args *a, size_t i, const char *name, int64_t *out, int64_t min);

/* Returns a * b, or throws a RangeError naming `what` when it overflows. */
int64_t ecg_mul(ecg_args *a, int64_t x, int64_t y, const char *what);

/* Throws unless the buffer `name` has exactly `want` elements. */
void ecg_need_len(ecg_args *a, const char *name, int64_t have, int64_t want);

/* Throws unless the buffer `name` has at least `want` elements. */
void ecg_need_min_len(ecg_args *a, const char *name, int64_t have, int64_t want);

/* Returns undefined (the value bindings return). */
napi_value ecg_undefined(napi_env env);

#endif
