/* Internal GEMM entry points shared by the conv kernels (same ISA build). */
#ifndef ECG_GEMM_H
#define ECG_GEMM_H

#include <stdbool.h>
#include <stdint.h>

#include "simd.h"

/* A strided matrix view: element (i, j) is at p[i * rs + j * cs]. */
typedef struct {
  const float *p;
  int64_t rs, cs;
} ecg_mat;

/*
 * C (M, N, row stride ldc) = alpha * A (M, K) @ B (K, N) + beta * C on the calling thread only
 * (beta = 0 ignores C's old contents). Returns false if scratch memory ran out.
 */
bool KFN(ecg_gemm_serial)(ecg_mat A, ecg_mat B, float *C, int64_t ldc, int64_t M, int64_t N, int64_t K,
                          float alpha, float beta);

/* The public batched GEMM (kernels.ts `gemm`), multi-threaded. */
void KFN(ecg_gemm)(bool transA, bool transB, int64_t batch, int64_t M, int64_t N, int64_t K, float alpha,
                   const float *A, int64_t strideA, const float *B, int64_t strideB, float beta, float *C,
                   int64_t strideC);

/* C (M, N) = beta * C + alpha * sum over b < batch of op(A_b) @ op(B_b), batches added in order. */
void KFN(ecg_gemm_sum)(bool transA, bool transB, int64_t batch, int64_t M, int64_t N, int64_t K, float alpha,
                       const float *A, int64_t strideA, const float *B, int64_t strideB, float beta, float *C);

#endif
