/** Binary elementwise ops with NumPy broadcasting (add, sub, mul, div, maximum, minimum) and maskedFill. */
import { kernelsFor } from "../backend.js";
import { ShapeError } from "../errors.js";
import { addGrad, gradBuffer } from "../grad.js";
import type { BinaryOp, EngineKernels } from "../kernels/kernels.js";
import { broadcastShapes, broadcastStrides, formatShape, shapesEqual, sizeOf } from "../shape.js";
import { attach, needsGrad } from "../tape.js";
import { emptyTensor, type Tensor } from "../tensor.js";
import { addGradReduced, broadcastInto } from "./broadcast.js";
import { checkNumber, checkSameDtype, checkTensor } from "./checks.js";

/** Returns a + b. da = dy, db = dy (each summed over its broadcast axes). */
export function add(a: Tensor, b: Tensor | number): Tensor {
  if (typeof b === "number") return affineOp("add", a, b, 1, b);
  return binaryOp("add", a, b, (k, dy) => {
    if (a.requiresGrad) addGradReduced(k, a, dy);
    if (b.requiresGrad) addGradReduced(k, b, dy);
  });
}

/** Returns a - b. da = dy, db = -dy. */
export function sub(a: Tensor, b: Tensor | number): Tensor {
  if (typeof b === "number") return affineOp("sub", a, b, 1, -b);
  return binaryOp("sub", a, b, (k, dy) => {
    if (a.requiresGrad) addGradReduced(k, a, dy);
    if (b.requiresGrad) addGradReduced(k, b, dy, -1);
  });
}

/**
 * Returns a * b. da = dy * b, db = dy * a. When one operand scales whole trailing blocks of the other (a
 * squeeze-excitation gate: x (N, C, L) * s (N, C, 1)) and the backend has rowScaleBackward, both gradients
 * come from one pass over dy and x, without the two full-size products.
 */
export function mul(a: Tensor, b: Tensor | number): Tensor {
  if (typeof b === "number") return affineOp("mul", a, b, b, 0);
  return binaryOp("mul", a, b, (k, dy) => {
    const rows = k.rowScaleBackward ? (rowScaleShape(a, b) ?? rowScaleShape(b, a)) : null;
    if (rows !== null) {
      const [x, s] = sizeOf(a.shape) > sizeOf(b.shape) ? [a, b] : [b, a];
      gradOfRowScale(k, x, s, dy, rows);
      return;
    }
    if (a.requiresGrad) gradOfProduct(k, "mul", a, dy, b);
    if (b.requiresGrad) gradOfProduct(k, "mul", b, dy, a);
  });
}

/**
 * Returns the number of rows when s scales rows of x: s has x's leading axes and only 1s after them (with
 * at least one trailing axis of x above 1), so x viewed as (rows, n) is multiplied by s[r] row by row; else
 * null.
 */
function rowScaleShape(x: Tensor, s: Tensor): number | null {
  if (s.rank > x.rank || x === s) return null;
  const offset = x.rank - s.rank;
  let lead = 0;
  while (lead < x.rank && (lead < offset ? 1 : s.shape[lead - offset]) === x.shape[lead]) lead++;
  for (let d = Math.max(lead, offset); d < x.rank; d++) if (s.shape[d - offset] !== 1) return null;
  if (lead < offset || lead === x.rank) return null;
  return sizeOf(x.shape.slice(0, lead));
}

/** Gradients of x * s, s scaling `rows` rows of x: dx = dy s[r], ds[r] = sum over the row of dy x. */
function gradOfRowScale(k: EngineKernels, x: Tensor, s: Tensor, dy: Tensor, rows: number): void {
  const n = x.size / Math.max(rows, 1);
  const dx = x.requiresGrad ? gradBuffer(x) : null;
  const ds = s.requiresGrad ? emptyTensor(s.shape, s.dtype, false) : null;
  k.rowScaleBackward!(
    dy.data,
    x.data,
    s.data,
    dx?.buf ?? null,
    ds?.data ?? null,
    rows,
    n,
    dx?.accumulate ?? false,
  );
  if (ds) {
    addGrad(s, ds);
    ds.dispose();
  }
}

/** Returns a / b. da = dy / b, db = -dy * a / b^2 = -(dy * y) / b. */
export function div(a: Tensor, b: Tensor | number): Tensor {
  if (typeof b === "number") return affineOp("div", a, b, 1 / b, 0);
  const y = binaryOp("div", a, b, (k, dy) => {
    if (a.requiresGrad) gradOfProduct(k, "div", a, dy, b);
    if (b.requiresGrad) {
      const dyTimesY = combine(k, "mul", dy, y);
      gradOfProduct(k, "div", b, dyTimesY, b, -1);
      dyTimesY.dispose();
    }
  });
  return y;
}

/** Returns the elementwise maximum. The gradient goes to the larger input; ties split it evenly (PyTorch). */
export function maximum(a: Tensor, b: Tensor): Tensor {
  return binaryOp("max", a, b, (k, dy) => gradOfExtremum(k, a, b, dy, 1));
}

/** Returns the elementwise minimum. The gradient goes to the smaller input; ties split it evenly. */
export function minimum(a: Tensor, b: Tensor): Tensor {
  return binaryOp("min", a, b, (k, dy) => gradOfExtremum(k, a, b, dy, -1));
}

/**
 * Returns x with `value` wherever `mask` (same dtype, broadcastable to x's shape) is non-zero.
 * dx = dy where mask is 0, else 0; the mask gets no gradient.
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  checkTensor("maskedFill", "x", x);
  checkTensor("maskedFill", "mask", mask);
  checkSameDtype("maskedFill", x, mask);
  checkNumber("maskedFill", "value", value, true);
  const full = broadcastShapes("maskedFill", x.shape, mask.shape);
  if (!shapesEqual(full, x.shape)) {
    throw new ShapeError(
      `maskedFill: mask of shape ${formatShape(mask.shape)} must broadcast to x's shape ${formatShape(x.shape)}`,
    );
  }
  const k = kernelsFor(x.dtype);
  let m = mask;
  if (!shapesEqual(mask.shape, x.shape)) {
    m = emptyTensor(x.shape, x.dtype);
    broadcastInto(k, mask.data, mask.shape, m.data, x.shape, false);
  }
  const y = emptyTensor(x.shape, x.dtype);
  k.maskedFill(x.data, m.data, value, y.data);
  if (needsGrad(x)) {
    attach(y, "maskedFill", [x], (dy) => {
      const dx = emptyTensor(x.shape, x.dtype, false);
      k.maskedFill(dy.data, m.data, 0, dx.data);
      addGrad(x, dx);
      dx.dispose();
    });
  }
  return y;
}

/** Returns alpha * x + beta (the tensor-with-number forms of add, sub, mul, div). dx = alpha * dy. */
function affineOp(op: string, x: Tensor, scalar: number, alpha: number, beta: number): Tensor {
  checkTensor(op, "a", x);
  checkNumber(op, "b", scalar, true);
  const k = kernelsFor(x.dtype);
  const y = emptyTensor(x.shape, x.dtype);
  k.affine(x.data, alpha, beta, y.data);
  if (needsGrad(x)) attach(y, op, [x], (dy) => addGrad(x, dy, alpha));
  return y;
}

/** Runs a broadcast binary kernel and records `backward` when an input requires grad. */
function binaryOp(
  op: BinaryOp,
  a: Tensor,
  b: Tensor,
  backward: (k: EngineKernels, dy: Tensor) => void,
): Tensor {
  const name = op === "max" ? "maximum" : op === "min" ? "minimum" : op;
  checkTensor(name, "a", a);
  checkTensor(name, "b", b);
  checkSameDtype(name, a, b);
  const k = kernelsFor(a.dtype);
  const y = combine(k, op, a, b, name, true);
  if (needsGrad(a, b)) attach(y, name, [a, b], (dy) => backward(k, dy));
  return y;
}

/** Returns a (op) b broadcast, as a new tensor (recorded by the scope only when `track`). */
function combine(
  k: EngineKernels,
  op: BinaryOp,
  a: Tensor,
  b: Tensor,
  name: string = op,
  track = false,
): Tensor {
  if (shapesEqual(a.shape, b.shape)) {
    const y = emptyTensor(a.shape, a.dtype, track);
    const flat = Int32Array.of(1);
    k.binary(op, a.data, flat, b.data, flat, y.data, Int32Array.of(a.size));
    return y;
  }
  const shape = broadcastShapes(name, a.shape, b.shape);
  const y = emptyTensor(shape, a.dtype, track);
  k.binary(
    op,
    a.data,
    broadcastStrides(a.shape, shape),
    b.data,
    broadcastStrides(b.shape, shape),
    y.data,
    Int32Array.from(shape),
  );
  return y;
}

/** Adds alpha * (dy (op) other), summed to t's shape, into t's gradient. */
function gradOfProduct(
  k: EngineKernels,
  op: BinaryOp,
  t: Tensor,
  dy: Tensor,
  other: Tensor,
  alpha = 1,
): void {
  const product = combine(k, op, dy, other);
  addGradReduced(k, t, product, alpha);
  product.dispose();
}

/** Gradient of maximum (sign 1) or minimum (sign -1): the winner takes dy, a tie gives each half. */
function gradOfExtremum(k: EngineKernels, a: Tensor, b: Tensor, dy: Tensor, sign: 1 | -1): void {
  const n = sizeOf(dy.shape);
  const wide = (t: Tensor): Tensor => {
    const out = emptyTensor(dy.shape, t.dtype, false);
    broadcastInto(k, t.data, t.shape, out.data, dy.shape, false);
    return out;
  };
  const [wa, wb] = [wide(a), wide(b)];
  const ga = emptyTensor(dy.shape, dy.dtype, false);
  const gb = emptyTensor(dy.shape, dy.dtype, false);
  const [x, y, g, gA, gB] = [wa.data, wb.data, dy.data, ga.data, gb.data];
  for (let i = 0; i < n; i++) {
    const share = x[i] === y[i] ? 0.5 : (x[i] - y[i]) * sign > 0 ? 1 : 0;
    gA[i] = g[i] * share;
    gB[i] = g[i] * (x[i] === y[i] ? 0.5 : 1 - share);
  }
  if (a.requiresGrad) addGradReduced(k, a, ga);
  if (b.requiresGrad) addGradReduced(k, b, gb);
  for (const t of [wa, wb, ga, gb]) t.dispose();
}
