/* Runtime ISA dispatch: see dispatch.h. */
#include "dispatch.h"

#include <stdlib.h>
#include <string.h>

static const ecg_kernels *active;
static const char *names[3];
static int name_count;

ecg_cpu_features ecg_cpu(void) {
  ecg_cpu_features f = {0};
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  /* NOTE: __builtin_cpu_supports also checks that the OS saves the AVX/AVX-512 register state (XCR0). */
  __builtin_cpu_init();
  f.x86 = true;
  f.avx2 = __builtin_cpu_supports("avx2");
  f.fma = __builtin_cpu_supports("fma");
  f.avx512f = __builtin_cpu_supports("avx512f");
  f.avx512dq = __builtin_cpu_supports("avx512dq");
  f.avx512bw = __builtin_cpu_supports("avx512bw");
  f.avx512vl = __builtin_cpu_supports("avx512vl");
#endif
  return f;
}

static const ecg_kernels *table_for(const char *name) {
  ecg_cpu_features f = ecg_cpu();
  if (strcmp(name, "scalar") == 0) return &ecg_kernels_scalar;
#if defined(ECG_HAVE_X86_ISAS)
  if (strcmp(name, "avx2") == 0 && f.avx2 && f.fma) return &ecg_kernels_avx2;
  if (strcmp(name, "avx512") == 0 && f.avx512f && f.avx512dq && f.avx512bw && f.avx512vl && f.avx2 && f.fma)
    return &ecg_kernels_avx512;
#endif
  (void)f;
  return NULL;
}

const char *const *ecg_available_isas(int *count) {
  if (name_count == 0) {
    static const char *const all[] = {"scalar", "avx2", "avx512"};
    for (int i = 0; i < 3; i++)
      if (table_for(all[i])) names[name_count++] = all[i];
  }
  *count = name_count;
  return names;
}

const ecg_kernels *ecg_active(void) {
  if (active) return active;
  int count;
  const char *const *isas = ecg_available_isas(&count);
  const char *wanted = getenv("EFFICIENTECG_ISA");
  active = table_for(isas[count - 1]);
  if (wanted && *wanted) {
    /* Use the named path if this CPU can run it; an unknown or unsupported name keeps the best one. */
    for (int i = count - 1; i >= 0; i--)
      if (strcmp(isas[i], wanted) == 0) active = table_for(isas[i]);
  }
  return active;
}

bool ecg_set_isa(const char *name) {
  const ecg_kernels *table = table_for(name);
  if (!table) return false;
  active = table;
  return true;
}
