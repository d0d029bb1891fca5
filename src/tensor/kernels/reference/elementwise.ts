/** Reference elementwise kernels: unary functions and their derivatives, broadcast binary ops, affine, axpy. */
import type { BinaryOp, Buf, UnaryOp } from "../kernels.js";
import { erf } from "./erf.js";

const INV_SQRT2 = 1 / Math.SQRT2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Returns the logistic sigmoid 1 / (1 + e^-x), computed without overflow for large |x|. */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** out[i] = f(x[i]); `out` may alias `x`. */
export function unary(op: UnaryOp, x: Buf, out: Buf): void {
  const n = x.length;
  switch (op) {
    case "neg":
      for (let i = 0; i < n; i++) out[i] = -x[i];
      return;
    case "exp":
      for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]);
      return;
    case "log":
      for (let i = 0; i < n; i++) out[i] = Math.log(x[i]);
      return;
    case "sqrt":
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]);
      return;
    case "abs":
      for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]);
      return;
    case "relu":
      for (let i = 0; i < n; i++) out[i] = Math.max(x[i], 0);
      return;
    case "silu":
      for (let i = 0; i < n; i++) out[i] = x[i] * sigmoid(x[i]);
      return;
    case "gelu":
      for (let i = 0; i < n; i++) out[i] = 0.5 * x[i] * (1 + erf(x[i] * INV_SQRT2));
      return;
    case "sigmoid":
      for (let i = 0; i < n; i++) out[i] = sigmoid(x[i]);
      return;
    case "tanh":
      for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]);
      return;
  }
}

/** dx[i] (+)= f'(x[i]) * dy[i], using x or the forward output y, whichever is cheaper. */
export function unaryBackward(op: UnaryOp, x: Buf, y: Buf, dy: Buf, dx: Buf, accumulate: boolean): void {
  const n = dy.length;
  // NOTE: one loop per op (no per-element closure call); dx is only read when accumulating, because a
  // pooled output buffer may hold anything, NaN included.
  switch (op) {
    case "neg":
      for (let i = 0; i < n; i++) dx[i] = accumulate ? dx[i] - dy[i] : -dy[i];
      return;
    case "exp":
      for (let i = 0; i < n; i++) dx[i] = accumulate ? dx[i] + y[i] * dy[i] : y[i] * dy[i];
      return;
    case "log":
      for (let i = 0; i < n; i++) dx[i] = accumulate ? dx[i] + dy[i] / x[i] : dy[i] / x[i];
      return;
    case "sqrt":
      for (let i = 0; i < n; i++) dx[i] = accumulate ? dx[i] + (0.5 / y[i]) * dy[i] : (0.5 / y[i]) * dy[i];
      return;
    case "abs":
      for (let i = 0; i < n; i++) {
        const g = x[i] > 0 ? dy[i] : x[i] < 0 ? -dy[i] : 0;
        dx[i] = accumulate ? dx[i] + g : g;
      }
      return;
    case "relu":
      for (let i = 0; i < n; i++) {
        const g = x[i] > 0 ? dy[i] : 0;
        dx[i] = accumulate ? dx[i] + g : g;
      }
      return;
    case "silu":
      for (let i = 0; i < n; i++) {
        const s = sigmoid(x[i]);
        const g = s * (1 + x[i] * (1 - s)) * dy[i];
        dx[i] = accumulate ? dx[i] + g : g;
      }
      return;
    case "gelu":
      for (let i = 0; i < n; i++) {
        const v = x[i];
        const g = (0.5 * (1 + erf(v * INV_SQRT2)) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v)) * dy[i];
        dx[i] = accumulate ? dx[i] + g : g;
      }
      return;
    case "sigmoid":
      for (let i = 0; i < n; i++) {
        const g = y[i] * (1 - y[i]) * dy[i];
        dx[i] = accumulate ? dx[i] + g : g;
      }
      return;
    case "tanh":
      for (let i = 0; i < n; i++) {
        const g = (1 - y[i] * y[i]) * dy[i];
        dx[i] = accumulate ? dx[i] + g : g;
      }
      return;
  }
}

/** out = a (op) b over `outShape`, reading a and b through (possibly zero) strides. */
export function binary(
  op: BinaryOp,
  a: Buf,
  aStrides: Int32Array,
  b: Buf,
  bStrides: Int32Array,
  out: Buf,
  outShape: Int32Array,
): void {
  const rank = outShape.length;
  if (rank === 0) {
    binaryRow(op, a, 0, 0, b, 0, 0, out, 0, 1);
    return;
  }
  const n = outShape[rank - 1];
  if (n === 0 || out.length === 0) return;
  const sa = aStrides[rank - 1];
  const sb = bStrides[rank - 1];
  const rows = out.length / n;
  const index = new Int32Array(rank);
  let offA = 0;
  let offB = 0;
  for (let row = 0, offOut = 0; row < rows; row++, offOut += n) {
    binaryRow(op, a, offA, sa, b, offB, sb, out, offOut, n);
    for (let d = rank - 2; d >= 0; d--) {
      index[d]++;
      offA += aStrides[d];
      offB += bStrides[d];
      if (index[d] < outShape[d]) break;
      offA -= aStrides[d] * outShape[d];
      offB -= bStrides[d] * outShape[d];
      index[d] = 0;
    }
  }
}

/** One row of `binary`: out[o + j] = a[ia + j*sa] (op) b[ib + j*sb] for j < n. */
function binaryRow(
  op: BinaryOp,
  a: Buf,
  ia: number,
  sa: number,
  b: Buf,
  ib: number,
  sb: number,
  out: Buf,
  o: number,
  n: number,
): void {
  switch (op) {
    case "add":
      for (let j = 0; j < n; j++) out[o + j] = a[ia + j * sa] + b[ib + j * sb];
      return;
    case "sub":
      for (let j = 0; j < n; j++) out[o + j] = a[ia + j * sa] - b[ib + j * sb];
      return;
    case "mul":
      for (let j = 0; j < n; j++) out[o + j] = a[ia + j * sa] * b[ib + j * sb];
      return;
    case "div":
      for (let j = 0; j < n; j++) out[o + j] = a[ia + j * sa] / b[ib + j * sb];
      return;
    case "max":
      for (let j = 0; j < n; j++) out[o + j] = Math.max(a[ia + j * sa], b[ib + j * sb]);
      return;
    case "min":
      for (let j = 0; j < n; j++) out[o + j] = Math.min(a[ia + j * sa], b[ib + j * sb]);
      return;
  }
}

/** out[i] = alpha * x[i] + beta; `out` may alias `x`. */
export function affine(x: Buf, alpha: number, beta: number, out: Buf): void {
  for (let i = 0; i < x.length; i++) out[i] = alpha * x[i] + beta;
}

/** y[i] += alpha * x[i]. */
export function axpy(alpha: number, x: Buf, y: Buf): void {
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
}

/** out[i] = x[i] ** p. */
export function pow(x: Buf, p: number, out: Buf): void {
  for (let i = 0; i < x.length; i++) out[i] = x[i] ** p;
}

/** dx[i] (+)= p * x[i] ** (p - 1) * dy[i]. */
export function powBackward(x: Buf, p: number, dy: Buf, dx: Buf, accumulate: boolean): void {
  const n = dy.length;
  if (accumulate) for (let i = 0; i < n; i++) dx[i] += p * x[i] ** (p - 1) * dy[i];
  else for (let i = 0; i < n; i++) dx[i] = p * x[i] ** (p - 1) * dy[i];
}

/** out[i] = min(max(x[i], lo), hi). */
export function clamp(x: Buf, lo: number, hi: number, out: Buf): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = v < lo ? lo : Math.min(v, hi);
  }
}

/** dx[i] (+)= dy[i] where lo <= x[i] <= hi, else 0. */
export function clampBackward(x: Buf, lo: number, hi: number, dy: Buf, dx: Buf, accumulate: boolean): void {
  const n = dy.length;
  for (let i = 0; i < n; i++) {
    const g = x[i] >= lo && x[i] <= hi ? dy[i] : 0;
    dx[i] = accumulate ? dx[i] + g : g;
  }
}

/** out[i] = mask[i] !== 0 ? value : x[i]. */
export function maskedFill(x: Buf, mask: Buf, value: number, out: Buf): void {
  for (let i = 0; i < x.length; i++) out[i] = mask[i] !== 0 ? value : x[i];
}
