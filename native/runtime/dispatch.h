/*
 * Runtime ISA dispatch: detects what the CPU (and OS) support and picks the widest kernel table built
 * for it: avx512 (F, DQ, BW, VL) > avx2 (+ FMA) > scalar. EFFICIENTECG_ISA=scalar|avx2|avx512 picks a
 * narrower path at load; ecg_set_isa() switches at run time (tests run every path this way).
 */
#ifndef ECG_DISPATCH_H
#define ECG_DISPATCH_H

#include <stdbool.h>

#include "../kernels/kernels.h"

typedef struct {
  bool x86, avx2, fma, avx512f, avx512dq, avx512bw, avx512vl;
} ecg_cpu_features;

/* Returns the CPU features relevant to the kernels (all false off x86). */
ecg_cpu_features ecg_cpu(void);

/* Returns the kernel table in use (selected on first call). */
const ecg_kernels *ecg_active(void);

/* Returns the names of the ISA paths this CPU can run, best last; *count receives how many. */
const char *const *ecg_available_isas(int *count);

/* Switches to the named ISA path; returns false (and keeps the current one) if it cannot run here. */
bool ecg_set_isa(const char *name);

#endif
