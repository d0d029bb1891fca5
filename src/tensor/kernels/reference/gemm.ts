/** Reference batched matrix multiply. */
import type { Buf } from "../kernels.js";

/**
 * C_b = alpha * op(A_b) @ op(B_b) + beta * C_b for b < batch, op(A) (M, K), op(B) (K, N). Each output row is
 * accumulated in float64; beta = 0 ignores C's old contents (NaN-safe).
 */
export function gemm(
  transA: boolean,
  transB: boolean,
  batch: number,
  M: number,
  N: number,
  K: number,
  alpha: number,
  A: Buf,
  strideA: number,
  B: Buf,
  strideB: number,
  beta: number,
  C: Buf,
  strideC: number,
): void {
  const row = new Float64Array(N);
  for (let b = 0; b < batch; b++) {
    const a0 = b * strideA;
    const b0 = b * strideB;
    const c0 = b * strideC;
    for (let i = 0; i < M; i++) {
      if (!transB) {
        row.fill(0);
        for (let p = 0; p < K; p++) {
          const aip = transA ? A[a0 + p * M + i] : A[a0 + i * K + p];
          const bRow = b0 + p * N;
          for (let j = 0; j < N; j++) row[j] += aip * B[bRow + j];
        }
      } else {
        for (let j = 0; j < N; j++) {
          const bRow = b0 + j * K;
          let sum = 0;
          if (transA) for (let p = 0; p < K; p++) sum += A[a0 + p * M + i] * B[bRow + p];
          else for (let p = 0, aRow = a0 + i * K; p < K; p++) sum += A[aRow + p] * B[bRow + p];
          row[j] = sum;
        }
      }
      const cRow = c0 + i * N;
      if (beta === 0) for (let j = 0; j < N; j++) C[cRow + j] = alpha * row[j];
      else for (let j = 0; j < N; j++) C[cRow + j] = alpha * row[j] + beta * C[cRow + j];
    }
  }
}
