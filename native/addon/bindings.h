/* The flat Node-API surface: one JS function per kernel, grouped by family (bind_*.c). */
#ifndef ECG_BINDINGS_H
#define ECG_BINDINGS_H

#include <node_api.h>

#include "../runtime/dispatch.h"
#include "args.h"

typedef struct {
  const char *name;
  napi_callback fn;
} ecg_binding;

/* Each family's table ends with a {NULL, NULL} entry. */
extern const ecg_binding ecg_elementwise_bindings[];
extern const ecg_binding ecg_data_bindings[];
extern const ecg_binding ecg_linalg_bindings[];
extern const ecg_binding ecg_norm_bindings[];
extern const ecg_binding ecg_recurrent_bindings[];
extern const ecg_binding ecg_depthwise_norm_bindings[];

/* Returns undefined after a kernel ran, or throws if it ran out of scratch memory. */
napi_value ecg_finish(ecg_args *a);

#endif
