/* Internal GEMM entry points shared by the conv kernels (same ISA build). */
#ifndef ECG_GEMM_H
#define ECG_GEMM_H

#include <stdbool.h>
#include <stdint.h>

#include "kernels.h"
#include "simd.h"

/* A strided matrix view: element (i, j) is at p[i * rs + j * cs]. */
typedef struct {
  const float *p;
  int64_t rs, cs;
} ecg_mat;

/*
 * What a GEMM applies to C as it stores it: C = act(alpha A B + beta C + bias[row] + col_bias[col]) (either
 * bias may be NULL), and
 * optionally B's rows scaled per batch item, B_b(k, :) * scale[b * scale_stride + k] (a per-channel gate
 * folded into the product instead of a pass over B). A NULL epilogue is the plain GEMM.
 */
typedef struct {
  const float *bias;
  const float *col_bias; /* a bias per column of C instead (or as well), indexed from column 0 */
  ecg_activation act;
  const float *b_row_scale;
  int64_t b_row_scale_stride;
  const float *b_col_scale; /* B's columns scaled per batch item, b_col_scale[b * stride + j] */
  int64_t b_col_scale_stride;
} ecg_epilogue;

/*
 * C (M, N, row stride ldc) = alpha * A (M, K) @ B (K, N) + beta * C on the calling thread only
 * (beta = 0 ignores C's old contents), then the epilogue (NULL: none; its bias indexed from row 0 of this
 * call, its B row scale from k = 0). Returns false if scratch memory ran out.
 */
bool KFN(ecg_gemm_serial)(ecg_mat A, ecg_mat B, float *C, int64_t ldc, int64_t M, int64_t N, int64_t K,
                          float alpha, float beta, const ecg_epilogue *ep);

/* The public batched GEMM (kernels.ts `gemm`), multi-threaded. */
void KFN(ecg_gemm)(bool transA, bool transB, int64_t batch, int64_t M, int64_t N, int64_t K, float alpha,
                   const float *A, int64_t strideA, const float *B, int64_t strideB, float beta, float *C,
                   int64_t strideC);

/* The batched GEMM with an epilogue (bias per row of M, activation, per-batch scaling of B's rows). */
void KFN(ecg_gemm_ep)(bool transA, bool transB, int64_t batch, int64_t M, int64_t N, int64_t K, float alpha,
                      const float *A, int64_t strideA, const float *B, int64_t strideB, float beta, float *C,
                      int64_t strideC, const ecg_epilogue *ep);

/* C (M, N) = beta * C + alpha * sum over b < batch of op(A_b) @ op(B_b), batches added in order. */
void KFN(ecg_gemm_sum)(bool transA, bool transB, int64_t batch, int64_t M, int64_t N, int64_t K, float alpha,
                       const float *A, int64_t strideA, const float *B, int64_t strideB, float beta, float *C);

/* ecg_gemm_sum with B's rows or columns scaled per batch item (the epilogue's B scales; nothing else of it). */
void KFN(ecg_gemm_sum_ep)(bool transA, bool transB, int64_t batch, int64_t M, int64_t N, int64_t K, float alpha,
                          const float *A, int64_t strideA, const float *B, int64_t strideB, float beta, float *C,
                          const ecg_epilogue *ep);

#endif
