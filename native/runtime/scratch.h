/*
 * Per-thread scratch buffers for kernels (packed GEMM panels, im2col columns, padded rows): allocated on
 * first use, grown on demand, kept for the life of the thread so steady-state training allocates nothing.
 * Each kernel family uses its own slot, so a kernel that calls another never shares a buffer with it.
 */
#ifndef ECG_SCRATCH_H
#define ECG_SCRATCH_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
  ECG_SCRATCH_GEMM_A,
  ECG_SCRATCH_GEMM_B,
  ECG_SCRATCH_GEMM_SHARED_A,
  ECG_SCRATCH_GEMM_C,
  ECG_SCRATCH_CONV_COLS,
  ECG_SCRATCH_CONV_ROW,
  ECG_SCRATCH_CONV_ROW2,
  ECG_SCRATCH_NORM_GRAD,
  ECG_SCRATCH_NORM_STATS,
  ECG_SCRATCH_RNN,
  ECG_SCRATCH_BLOCK,
  ECG_SCRATCH_SLOTS
} ecg_scratch_slot;

/*
 * Returns a 64-byte aligned buffer of at least `floats` floats for this thread and slot, or NULL when
 * memory ran out (then ecg_out_of_memory() reports it and the kernel stops early).
 */
float *ecg_scratch(ecg_scratch_slot slot, size_t floats);

/* Returns true (once) if some scratch allocation failed since the last call; the addon then throws. */
bool ecg_take_out_of_memory(void);

#endif
