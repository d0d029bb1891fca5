/* Bindings: lstmForward, lstmBackward (one LSTM layer over a sequence, recurrent.c). */
#include "bindings.h"

/* Throws unless the buffer `name` holds exactly `per` floats for each of the N samples. */
static void need_per_sample(ecg_args *a, const char *name, int64_t have, int64_t N, int64_t per) {
  ecg_need_len(a, name, have, ecg_mul(a, N, per, name));
}

/* lstmForward(xg, h0, c0, wHh, N, T, H, hs, cs, gates?) */
static napi_value js_lstm_forward(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "lstmForward", 10)) return NULL;
  int64_t nxg, nh0, nc0, nw, nhs, ncs, ng;
  float *xg = ecg_arg_f32(&a, 0, "xg", &nxg);
  float *h0 = ecg_arg_f32(&a, 1, "h0", &nh0);
  float *c0 = ecg_arg_f32(&a, 2, "c0", &nc0);
  float *w = ecg_arg_f32(&a, 3, "wHh", &nw);
  int64_t N = ecg_arg_int(&a, 4, "N", 0), T = ecg_arg_int(&a, 5, "T", 0), H = ecg_arg_int(&a, 6, "H", 0);
  float *hs = ecg_arg_f32(&a, 7, "hs", &nhs);
  float *cs = ecg_arg_f32(&a, 8, "cs", &ncs);
  float *gates = ecg_arg_f32_opt(&a, 9, "gates", &ng);
  if (a.failed) return NULL;
  int64_t th = ecg_mul(&a, T, H, "T * H"), h4 = ecg_mul(&a, 4, H, "4 * H");
  int64_t th4 = ecg_mul(&a, th, 4, "T * 4H");
  need_per_sample(&a, "xg", nxg, N, th4);
  need_per_sample(&a, "h0", nh0, N, H);
  need_per_sample(&a, "c0", nc0, N, H);
  ecg_need_len(&a, "wHh", nw, ecg_mul(&a, h4, H, "4H * H"));
  need_per_sample(&a, "hs", nhs, N, th);
  need_per_sample(&a, "cs", ncs, N, th);
  if (gates) need_per_sample(&a, "gates", ng, N, th4);
  if (a.failed) return NULL;
  ecg_active()->lstm_forward(xg, h0, c0, w, N, T, H, hs, cs, gates);
  return ecg_finish(&a);
}

/* lstmBackward(dhs?, dcT?, gates, cs, hs, h0, c0, wHh, N, T, H, dxg, dh0?, dc0?, dwHh?) */
static napi_value js_lstm_backward(napi_env env, napi_callback_info info) {
  ecg_args a;
  if (!ecg_args_init(&a, env, info, "lstmBackward", 15)) return NULL;
  int64_t ndhs, ndc, ng, ncs, nhs, nh0, nc0, nw, ndxg, ndh0, ndc0, ndw;
  float *dhs = ecg_arg_f32_opt(&a, 0, "dhs", &ndhs);
  float *dcT = ecg_arg_f32_opt(&a, 1, "dcT", &ndc);
  float *gates = ecg_arg_f32(&a, 2, "gates", &ng);
  float *cs = ecg_arg_f32(&a, 3, "cs", &ncs);
  float *hs = ecg_arg_f32(&a, 4, "hs", &nhs);
  float *h0 = ecg_arg_f32(&a, 5, "h0", &nh0);
  float *c0 = ecg_arg_f32(&a, 6, "c0", &nc0);
  float *w = ecg_arg_f32(&a, 7, "wHh", &nw);
  int64_t N = ecg_arg_int(&a, 8, "N", 0), T = ecg_arg_int(&a, 9, "T", 0), H = ecg_arg_int(&a, 10, "H", 0);
  float *dxg = ecg_arg_f32(&a, 11, "dxg", &ndxg);
  float *dh0 = ecg_arg_f32_opt(&a, 12, "dh0", &ndh0);
  float *dc0 = ecg_arg_f32_opt(&a, 13, "dc0", &ndc0);
  float *dw = ecg_arg_f32_opt(&a, 14, "dwHh", &ndw);
  if (a.failed) return NULL;
  int64_t th = ecg_mul(&a, T, H, "T * H"), h4 = ecg_mul(&a, 4, H, "4 * H");
  int64_t th4 = ecg_mul(&a, th, 4, "T * 4H");
  if (dhs) need_per_sample(&a, "dhs", ndhs, N, th);
  if (dcT) need_per_sample(&a, "dcT", ndc, N, H);
  need_per_sample(&a, "gates", ng, N, th4);
  need_per_sample(&a, "cs", ncs, N, th);
  need_per_sample(&a, "hs", nhs, N, th);
  need_per_sample(&a, "h0", nh0, N, H);
  need_per_sample(&a, "c0", nc0, N, H);
  ecg_need_len(&a, "wHh", nw, ecg_mul(&a, h4, H, "4H * H"));
  need_per_sample(&a, "dxg", ndxg, N, th4);
  if (dh0) need_per_sample(&a, "dh0", ndh0, N, H);
  if (dc0) need_per_sample(&a, "dc0", ndc0, N, H);
  if (dw) ecg_need_len(&a, "dwHh", ndw, ecg_mul(&a, h4, H, "4H * H"));
  if (a.failed) return NULL;
  ecg_active()->lstm_backward(dhs, dcT, gates, cs, hs, h0, c0, w, N, T, H, dxg, dh0, dc0, dw);
  return ecg_finish(&a);
}

const ecg_binding ecg_recurrent_bindings[] = {
    {"lstmForward", js_lstm_forward},
    {"lstmBackward", js_lstm_backward},
    {NULL, NULL},
};
