/*
 * efficientecg native kernels: Node-API module entry. Exposes one flat function per kernel (see
 * bind_*.c) plus setThreads, setIsa and info. Built by binding.gyp; loaded by
 * src/tensor/kernels/native.ts, which wraps these functions into the Kernels interface.
 */
#include "../runtime/pool.h"
#include "../runtime/scratch.h"
#include "bindings.h"

#define ECG_ADDON_VERSION 8

napi_value ecg_finish(ecg_args *a) {
  if (ecg_take_out_of_memory()) {
    napi_throw_error(a->env, "ERR_NATIVE_OUT_OF_MEMORY", "native kernel ran out of memory for its scratch buffers");
    return NULL;
  }
  return ecg_undefined(a->env);
}

/* setThreads(n) -> the thread count in effect */
static napi_value js_set_threads(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "setThreads", 1)) return NULL;
  int64_t n = ecg_arg_int(&a, 0, "n", 1);
  if (a.failed) return NULL;
  napi_value result;
  napi_create_int32(env, ecg_set_threads(n > ECG_MAX_THREADS ? ECG_MAX_THREADS : (int)n), &result);
  return result;
}

/* setIsa(name) -> the ISA in effect; throws if this CPU cannot run it */
static napi_value js_set_isa(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "setIsa", 1)) return NULL;
  static const char *const isa_names[] = {"scalar", "avx2", "avx512"};
  int which = ecg_arg_enum(&a, 0, "name", isa_names, 3);
  if (a.failed) return NULL;
  if (!ecg_set_isa(isa_names[which])) {
    ecg_fail_range(&a, "this CPU cannot run the %s kernels (or they were not built)", isa_names[which]);
    return NULL;
  }
  napi_value result;
  napi_create_string_utf8(env, ecg_active()->isa, NAPI_AUTO_LENGTH, &result);
  return result;
}

static void set_bool(napi_env env, napi_value obj, const char *key, bool value) {
  napi_value v;
  napi_get_boolean(env, value, &v);
  napi_set_named_property(env, obj, key, v);
}

static void set_int(napi_env env, napi_value obj, const char *key, int value) {
  napi_value v;
  napi_create_int32(env, value, &v);
  napi_set_named_property(env, obj, key, v);
}

static void set_string(napi_env env, napi_value obj, const char *key, const char *value) {
  napi_value v;
  napi_create_string_utf8(env, value, NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, obj, key, v);
}

/* info() -> { version, isa, isas, cpu: { x86, avx2, fma, avx512f, ... }, threads, cores, compiler } */
static napi_value js_info(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value obj, cpu, isas;
  napi_create_object(env, &obj);
  set_int(env, obj, "version", ECG_ADDON_VERSION);
  set_string(env, obj, "isa", ecg_active()->isa);
  int count;
  const char *const *names = ecg_available_isas(&count);
  napi_create_array_with_length(env, (size_t)count, &isas);
  for (int i = 0; i < count; i++) {
    napi_value s;
    napi_create_string_utf8(env, names[i], NAPI_AUTO_LENGTH, &s);
    napi_set_element(env, isas, (uint32_t)i, s);
  }
  napi_set_named_property(env, obj, "isas", isas);
  ecg_cpu_features f = ecg_cpu();
  napi_create_object(env, &cpu);
  set_bool(env, cpu, "x86", f.x86);
  set_bool(env, cpu, "avx2", f.avx2);
  set_bool(env, cpu, "fma", f.fma);
  set_bool(env, cpu, "avx512f", f.avx512f);
  set_bool(env, cpu, "avx512dq", f.avx512dq);
  set_bool(env, cpu, "avx512bw", f.avx512bw);
  set_bool(env, cpu, "avx512vl", f.avx512vl);
  napi_set_named_property(env, obj, "cpu", cpu);
  set_int(env, obj, "threads", ecg_get_threads());
  set_int(env, obj, "cores", ecg_available_cores());
#if defined(__clang__)
  set_string(env, obj, "compiler", "clang " __clang_version__);
#elif defined(__GNUC__)
  set_string(env, obj, "compiler", "gcc " __VERSION__);
#else
  set_string(env, obj, "compiler", "unknown");
#endif
  return obj;
}

static void release_pool(void *arg) {
  (void)arg;
  ecg_pool_release();
}

static void register_all(napi_env env, napi_value exports, const ecg_binding *bindings) {
  for (const ecg_binding *b = bindings; b->name; b++) {
    napi_value fn;
    napi_create_function(env, b->name, NAPI_AUTO_LENGTH, b->fn, NULL, &fn);
    napi_set_named_property(env, exports, b->name, fn);
  }
}

static napi_value init(napi_env env, napi_value exports) {
  static const ecg_binding meta[] = {
      {"setThreads", js_set_threads}, {"setIsa", js_set_isa}, {"info", js_info}, {NULL, NULL}};
  register_all(env, exports, meta);
  register_all(env, exports, ecg_elementwise_bindings);
  register_all(env, exports, ecg_data_bindings);
  register_all(env, exports, ecg_linalg_bindings);
  register_all(env, exports, ecg_norm_bindings);
  register_all(env, exports, ecg_recurrent_bindings);
  register_all(env, exports, ecg_depthwise_norm_bindings);
  /* One pool per process, shared by every environment (worker thread) that loads the addon. */
  ecg_pool_acquire();
  napi_add_env_cleanup_hook(env, release_pool, NULL);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
