/* Per-thread scratch buffers: see scratch.h. */
#include "scratch.h"

#include <stdatomic.h>
#include <stdlib.h>

static _Thread_local float *buffers[ECG_SCRATCH_SLOTS];
static _Thread_local size_t capacities[ECG_SCRATCH_SLOTS];
static atomic_bool out_of_memory;

float *ecg_scratch(ecg_scratch_slot slot, size_t floats) {
  if (floats <= capacities[slot]) return buffers[slot];
  /* Grow by at least half again so a slowly rising size does not reallocate every call. */
  size_t want = floats + capacities[slot] / 2;
  void *fresh = NULL;
  if (posix_memalign(&fresh, 64, want * sizeof(float)) != 0) {
    atomic_store(&out_of_memory, true);
    return NULL;
  }
  free(buffers[slot]);
  buffers[slot] = fresh;
  capacities[slot] = want;
  return fresh;
}

bool ecg_take_out_of_memory(void) { return atomic_exchange(&out_of_memory, false); }
