/** Matrix products: matmul (1-D, 2-D and batched with broadcast batch axes) and linear (x @ w^T + b). */
import { kernelsFor } from "../backend.js";
import { ShapeError } from "../errors.js";
import { addGrad, gradBuffer } from "../grad.js";
import { broadcastShapes, formatShape, sizeOf } from "../shape.js";
import { attach, needsGrad } from "../tape.js";
import { emptyTensor, type Tensor } from "../tensor.js";
import { checkRank, checkSameDtype, checkTensor } from "./checks.js";
import { expand, reshape } from "./movement.js";

/**
 * Returns a @ b. 1-D operands are treated as a row (a) or column (b) vector and that axis is dropped from
 * the result; otherwise a (..., M, K) @ b (..., K, N) -> (batch..., M, N) with the batch axes broadcast.
 * dA = dY @ B^T, dB = A^T @ dY (summed over broadcast batch axes).
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensor("matmul", "a", a);
  checkTensor("matmul", "b", b);
  checkSameDtype("matmul", a, b);
  if (a.rank === 0 || b.rank === 0) {
    throw new ShapeError(
      `matmul: operands need at least 1 axis, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  }
  if (a.rank === 1 || b.rank === 1) {
    const y = matmul(
      a.rank === 1 ? reshape(a, [1, a.shape[0]]) : a,
      b.rank === 1 ? reshape(b, [b.shape[0], 1]) : b,
    );
    const [M, N] = y.shape.slice(-2);
    return reshape(y, [...y.shape.slice(0, -2), ...(a.rank === 1 ? [] : [M]), ...(b.rank === 1 ? [] : [N])]);
  }
  const [M, K] = a.shape.slice(-2);
  const [K2, N] = b.shape.slice(-2);
  if (K !== K2) {
    throw new ShapeError(
      `matmul: a's last axis (${K}) must equal b's second-to-last axis (${K2}); shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  }
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch = broadcastShapes("matmul", batchA, batchB);
  const count = sizeOf(batch);
  if (sizeOf(batchB) === 1) return matmulStacked(a, b, [...batch, M, N], count * M, K, N);
  // NOTE: an operand whose batch size equals the broadcast count already has the full batch layout (only
  // leading 1s can differ); a partly broadcast one is expanded (a recorded copy), a batch-1 `a` gets stride 0.
  const aa = sizeOf(batchA) === 1 || sizeOf(batchA) === count ? a : expand(a, [...batch, M, K]);
  const bb = sizeOf(batchB) === count ? b : expand(b, [...batch, K, N]);
  return matmulBatched(aa, bb, [...batch, M, N], count, M, K, N);
}

/** a's rows stacked (rows, K) @ b (K, N), b having no real batch axes: one GEMM forward and one per input. */
function matmulStacked(a: Tensor, b: Tensor, shape: number[], rows: number, K: number, N: number): Tensor {
  const k = kernelsFor(a.dtype);
  const y = emptyTensor(shape, a.dtype);
  k.gemm(false, false, 1, rows, N, K, 1, a.data, 0, b.data, 0, 0, y.data, 0);
  if (needsGrad(a, b)) {
    attach(y, "matmul", [a, b], (dy) => {
      if (a.requiresGrad) {
        const { buf, accumulate } = gradBuffer(a);
        k.gemm(false, true, 1, rows, K, N, 1, dy.data, 0, b.data, 0, accumulate ? 1 : 0, buf, 0);
      }
      if (b.requiresGrad) {
        const { buf, accumulate } = gradBuffer(b);
        k.gemm(true, false, 1, K, N, rows, 1, a.data, 0, dy.data, 0, accumulate ? 1 : 0, buf, 0);
      }
    });
  }
  return y;
}

/** Batched a (count or 1, M, K) @ b (count, K, N): a batch-1 `a` is broadcast with a zero batch stride. */
function matmulBatched(
  a: Tensor,
  b: Tensor,
  shape: number[],
  count: number,
  M: number,
  K: number,
  N: number,
): Tensor {
  const k = kernelsFor(a.dtype);
  const strideA = a.size === M * K ? 0 : M * K;
  const y = emptyTensor(shape, a.dtype);
  k.gemm(false, false, count, M, N, K, 1, a.data, strideA, b.data, K * N, 0, y.data, M * N);
  if (needsGrad(a, b)) {
    attach(y, "matmul", [a, b], (dy) => {
      if (a.requiresGrad) {
        const { buf, accumulate } = gradBuffer(a);
        if (strideA !== 0) {
          k.gemm(
            false,
            true,
            count,
            M,
            K,
            N,
            1,
            dy.data,
            M * N,
            b.data,
            K * N,
            accumulate ? 1 : 0,
            buf,
            M * K,
          );
        } else {
          // A was shared by every batch: dA = sum_b dY_b @ B_b^T, one GEMM per batch accumulating into dA.
          for (let i = 0; i < count; i++) {
            const dyI = dy.data.subarray(i * M * N, (i + 1) * M * N);
            const bI = b.data.subarray(i * K * N, (i + 1) * K * N);
            k.gemm(false, true, 1, M, K, N, 1, dyI, 0, bI, 0, accumulate || i > 0 ? 1 : 0, buf, 0);
          }
        }
      }
      if (b.requiresGrad) {
        const { buf, accumulate } = gradBuffer(b);
        k.gemm(
          true,
          false,
          count,
          K,
          N,
          M,
          1,
          a.data,
          strideA,
          dy.data,
          M * N,
          accumulate ? 1 : 0,
          buf,
          K * N,
        );
      }
    });
  }
  return y;
}

/**
 * Returns x @ w^T + b for x (..., in), w (out, in), b (out) -> (..., out): the affine map of a Linear layer
 * without copying w. dx = dY @ w, dw = dY^T @ x (rows stacked), db = sum of dY over rows.
 */
export function linear(x: Tensor, w: Tensor, b?: Tensor | null): Tensor {
  checkTensor("linear", "x", x);
  checkTensor("linear", "weight", w);
  checkRank("linear", "weight", w, 2);
  checkSameDtype("linear", x, w);
  const [outF, inF] = w.shape;
  if (x.rank === 0 || x.shape[x.rank - 1] !== inF) {
    throw new ShapeError(
      `linear: x's last axis must equal weight's in_features (${inF}); got x ${formatShape(x.shape)}, weight ${formatShape(w.shape)}`,
    );
  }
  if (b) {
    checkTensor("linear", "bias", b);
    checkSameDtype("linear", x, b);
    if (b.rank !== 1 || b.shape[0] !== outF) {
      throw new ShapeError(`linear: bias must have shape [${outF}], not ${formatShape(b.shape)}`);
    }
  }
  const rows = x.size / inF;
  const k = kernelsFor(x.dtype);
  const y = emptyTensor([...x.shape.slice(0, -1), outF], x.dtype);
  if (b) {
    k.copyStrided(
      b.data,
      0,
      Int32Array.of(0, 1),
      y.data,
      0,
      Int32Array.of(outF, 1),
      Int32Array.of(rows, outF),
      false,
    );
  }
  k.gemm(false, true, 1, rows, outF, inF, 1, x.data, 0, w.data, 0, b ? 1 : 0, y.data, 0);
  if (needsGrad(x, w, b)) {
    attach(y, "linear", b ? [x, w, b] : [x, w], (dy) => {
      if (x.requiresGrad) {
        const { buf, accumulate } = gradBuffer(x);
        k.gemm(false, false, 1, rows, inF, outF, 1, dy.data, 0, w.data, 0, accumulate ? 1 : 0, buf, 0);
      }
      if (w.requiresGrad) {
        const { buf, accumulate } = gradBuffer(w);
        k.gemm(true, false, 1, outF, inF, rows, 1, dy.data, 0, x.data, 0, accumulate ? 1 : 0, buf, 0);
      }
      if (b?.requiresGrad) {
        const db = emptyTensor([outF], b.dtype, false);
        k.reduce("sum", dy.data, 1, rows, outF, db.data);
        addGrad(b, db);
        db.dispose();
      }
    });
  }
  return y;
}
