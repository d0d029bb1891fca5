/** Reference reduction and data-movement kernels: reduce, strided copy, row gather and scatter-add. */
import type { Buf, ReduceOp } from "../kernels.js";

/**
 * out[o, i] = reduce_j x[o, j, i] over x viewed as (outer, n, inner). Sums accumulate in float64. For "max",
 * NaN wins (as in PyTorch) and `argmax` receives the first j holding the maximum.
 */
export function reduce(
  op: ReduceOp,
  x: Buf,
  outer: number,
  n: number,
  inner: number,
  out: Buf,
  argmax?: Int32Array,
): void {
  if (op === "max") {
    reduceMax(x, outer, n, inner, out, argmax);
    return;
  }
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    const base = o * n * inner;
    for (let j = 0; j < n; j++) {
      const row = base + j * inner;
      for (let i = 0; i < inner; i++) acc[i] += x[row + i];
    }
    const divisor = op === "mean" ? n : 1;
    for (let i = 0; i < inner; i++) out[o * inner + i] = acc[i] / divisor;
  }
}

/** The "max" case of reduce. */
function reduceMax(x: Buf, outer: number, n: number, inner: number, out: Buf, argmax?: Int32Array): void {
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    for (let i = 0; i < inner; i++) {
      let best = -Infinity;
      let at = 0;
      for (let j = 0; j < n; j++) {
        const v = x[base + j * inner + i];
        if (v > best || (Number.isNaN(v) && !Number.isNaN(best))) {
          best = v;
          at = j;
        }
      }
      out[o * inner + i] = best;
      if (argmax) argmax[o * inner + i] = at;
    }
  }
}

/** dst[dstOffset + i.dstStrides] (+)= src[srcOffset + i.srcStrides] for every index i < shape. */
export function copyStrided(
  src: Buf,
  srcOffset: number,
  srcStrides: Int32Array,
  dst: Buf,
  dstOffset: number,
  dstStrides: Int32Array,
  shape: Int32Array,
  accumulate: boolean,
): void {
  const rank = shape.length;
  if (rank === 0) {
    dst[dstOffset] = accumulate ? dst[dstOffset] + src[srcOffset] : src[srcOffset];
    return;
  }
  let total = 1;
  for (let d = 0; d < rank; d++) total *= shape[d];
  const n = shape[rank - 1];
  if (total === 0) return;
  const ss = srcStrides[rank - 1];
  const ds = dstStrides[rank - 1];
  const rows = total / n;
  const index = new Int32Array(rank);
  let s = srcOffset;
  let t = dstOffset;
  for (let row = 0; row < rows; row++) {
    if (accumulate) for (let j = 0; j < n; j++) dst[t + j * ds] += src[s + j * ss];
    else for (let j = 0; j < n; j++) dst[t + j * ds] = src[s + j * ss];
    for (let d = rank - 2; d >= 0; d--) {
      index[d]++;
      s += srcStrides[d];
      t += dstStrides[d];
      if (index[d] < shape[d]) break;
      s -= srcStrides[d] * shape[d];
      t -= dstStrides[d] * shape[d];
      index[d] = 0;
    }
  }
}

/** out[r, :] = table[index[r], :] for a (rows, dim) table. */
export function gatherRows(table: Buf, dim: number, index: Int32Array, out: Buf): void {
  for (let r = 0; r < index.length; r++) {
    const from = index[r] * dim;
    out.set(table.subarray(from, from + dim), r * dim);
  }
}

/** table[index[r], :] += src[r, :], duplicates accumulating in order r = 0, 1, ... */
export function scatterAddRows(src: Buf, dim: number, index: Int32Array, table: Buf): void {
  for (let r = 0; r < index.length; r++) {
    const to = index[r] * dim;
    const from = r * dim;
    for (let j = 0; j < dim; j++) table[to + j] += src[from + j];
  }
}
