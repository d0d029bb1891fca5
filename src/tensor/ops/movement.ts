/**
 * Movement ops: reshape and its relatives (flatten, squeeze, unsqueeze) share memory; permute, transpose,
 * slice, expand, clone, concat and stack write dense copies through the strided-copy kernel.
 */
import { kernelsFor } from "../backend.js";
import { ShapeError } from "../errors.js";
import { addGrad, gradBuffer } from "../grad.js";
import { checkIntArray, formatShape, normalizeAxis, sizeOf, stridesOf } from "../shape.js";
import { attach, needsGrad } from "../tape.js";
import { emptyTensor, shareTensor, type Tensor } from "../tensor.js";
import { addGradReduced, broadcastInto } from "./broadcast.js";
import { checkInt, checkSameDtype, checkTensor } from "./checks.js";

/** Returns x's elements in `shape` (one entry may be -1: inferred), sharing memory. dx = dy reshaped. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor("reshape", "x", x);
  checkIntArray("reshape", "shape", shape);
  const target = resolveShape(x, shape);
  const y = shareTensor(x, target, true);
  if (needsGrad(x)) attach(y, "reshape", [x], (dy) => addGrad(x, dy));
  return y;
}

/** Returns `shape` with a -1 resolved, or throws when it does not hold x's elements. */
function resolveShape(x: Tensor, shape: readonly number[]): number[] {
  const inferred = shape.filter((d) => d === -1).length;
  if (inferred > 1 || !shape.every((d) => d === -1 || (Number.isInteger(d) && d >= 0))) {
    throw new ShapeError(
      `reshape: shape ${formatShape(shape)} must hold non-negative integers and at most one -1`,
    );
  }
  const known = sizeOf(shape.filter((d) => d !== -1));
  const out = shape.map((d) => (d === -1 ? (known === 0 ? 0 : x.size / known) : d));
  if (sizeOf(out) !== x.size || !out.every(Number.isInteger)) {
    throw new ShapeError(
      `reshape: cannot view shape ${formatShape(x.shape)} (${x.size} elements) as ${formatShape(shape)}`,
    );
  }
  return out;
}

/** Returns x with axes startDim..endDim (inclusive) merged into one, sharing memory. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  checkTensor("flatten", "x", x);
  if (x.rank === 0) return reshape(x, [1]);
  const start = normalizeAxis("flatten", startDim, x.rank);
  const end = normalizeAxis("flatten", endDim, x.rank);
  if (start > end)
    throw new ShapeError(`flatten: startDim (${startDim}) must not come after endDim (${endDim})`);
  const merged = sizeOf(x.shape.slice(start, end + 1));
  return reshape(x, [...x.shape.slice(0, start), merged, ...x.shape.slice(end + 1)]);
}

/** Returns x without its size-1 axes (or without `axis` only, which must have size 1), sharing memory. */
export function squeeze(x: Tensor, axis?: number): Tensor {
  checkTensor("squeeze", "x", x);
  if (axis === undefined)
    return reshape(
      x,
      x.shape.filter((d) => d !== 1),
    );
  const a = normalizeAxis("squeeze", axis, x.rank);
  if (x.shape[a] !== 1) {
    throw new ShapeError(
      `squeeze: axis ${axis} has size ${x.shape[a]}, not 1, in shape ${formatShape(x.shape)}`,
    );
  }
  return reshape(
    x,
    x.shape.filter((_, i) => i !== a),
  );
}

/** Returns x with a new size-1 axis at `axis` (in [-rank-1, rank]), sharing memory. */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  checkTensor("unsqueeze", "x", x);
  const a = normalizeAxis("unsqueeze", axis, x.rank + 1);
  return reshape(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)]);
}

/** Returns a dense copy of x with its axes reordered: y.shape[i] = x.shape[axes[i]]. dx = dy permuted back. */
export function permute(x: Tensor, axes: readonly number[]): Tensor {
  checkTensor("permute", "x", x);
  checkIntArray("permute", "axes", axes);
  const order = axes.map((a) => normalizeAxis("permute", a, x.rank));
  if (order.length !== x.rank || new Set(order).size !== x.rank) {
    throw new ShapeError(
      `permute: axes ${formatShape(axes)} must list each of the ${x.rank} axes exactly once`,
    );
  }
  if (order.every((a, i) => a === i)) return reshape(x, x.shape);
  const k = kernelsFor(x.dtype);
  const shape = order.map((a) => x.shape[a]);
  const xStrides = stridesOf(x.shape);
  const permutedStrides = Int32Array.from(order.map((a) => xStrides[a]));
  const denseStrides = Int32Array.from(stridesOf(shape));
  const extents = Int32Array.from(shape);
  const y = emptyTensor(shape, x.dtype);
  k.copyStrided(x.data, 0, permutedStrides, y.data, 0, denseStrides, extents, false);
  if (needsGrad(x)) {
    attach(y, "permute", [x], (dy) => {
      const { buf, accumulate } = gradBuffer(x);
      k.copyStrided(dy.data, 0, denseStrides, buf, 0, permutedStrides, extents, accumulate);
    });
  }
  return y;
}

/** Returns a dense copy of x with axes a and b swapped. */
export function transpose(x: Tensor, a: number, b: number): Tensor {
  checkTensor("transpose", "x", x);
  const order = x.shape.map((_, i) => i);
  const i = normalizeAxis("transpose", a, x.rank);
  const j = normalizeAxis("transpose", b, x.rank);
  [order[i], order[j]] = [order[j], order[i]];
  return permute(x, order);
}

/**
 * Returns a dense copy of positions [start, end) along `axis`; negative positions count from the end and
 * both are clamped to the axis, as in Python slicing. dx = dy placed back at those positions, 0 elsewhere.
 */
export function slice(x: Tensor, axis: number, start: number, end?: number): Tensor {
  checkTensor("slice", "x", x);
  const a = normalizeAxis("slice", axis, x.rank);
  const n = x.shape[a];
  checkInt("slice", "start", start);
  if (end !== undefined) checkInt("slice", "end", end);
  const clampIndex = (i: number): number => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
  const from = clampIndex(start);
  const to = Math.max(from, clampIndex(end ?? n));
  const shape = x.shape.map((d, i) => (i === a ? to - from : d));
  const k = kernelsFor(x.dtype);
  const xStrides = Int32Array.from(stridesOf(x.shape));
  const denseStrides = Int32Array.from(stridesOf(shape));
  const extents = Int32Array.from(shape);
  const offset = from * xStrides[a];
  const y = emptyTensor(shape, x.dtype);
  k.copyStrided(x.data, offset, xStrides, y.data, 0, denseStrides, extents, false);
  if (needsGrad(x)) {
    attach(y, "slice", [x], (dy) => {
      const { buf } = gradBuffer(x, true);
      k.copyStrided(dy.data, 0, denseStrides, buf, offset, xStrides, extents, true);
    });
  }
  return y;
}

/**
 * Returns a dense copy of x broadcast to `shape` (NumPy rules; -1 keeps x's size on that axis).
 * dx = dy summed over the broadcast axes.
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor("expand", "x", x);
  checkIntArray("expand", "shape", shape);
  const offset = shape.length - x.rank;
  const target = shape.map((d, i) => (d === -1 && i >= offset ? x.shape[i - offset] : d));
  const fits =
    offset >= 0 &&
    target.every((d) => Number.isInteger(d) && d >= 0) &&
    x.shape.every((d, i) => d === target[i + offset] || d === 1);
  if (!fits) {
    throw new ShapeError(
      `expand: shape ${formatShape(x.shape)} cannot be expanded to ${formatShape(shape)} ` +
        "(each axis must match or be 1, and the target needs at least as many axes)",
    );
  }
  const k = kernelsFor(x.dtype);
  const y = emptyTensor(target, x.dtype);
  broadcastInto(k, x.data, x.shape, y.data, target, false);
  if (needsGrad(x)) attach(y, "expand", [x], (dy) => addGradReduced(k, x, dy));
  return y;
}

/** Returns a dense copy of x. dx = dy. */
export function clone(x: Tensor): Tensor {
  checkTensor("clone", "x", x);
  const y = emptyTensor(x.shape, x.dtype);
  y.data.set(x.data);
  if (needsGrad(x)) attach(y, "clone", [x], (dy) => addGrad(x, dy));
  return y;
}

/**
 * Returns the tensors joined along `axis` (equal shapes elsewhere, one dtype). Each input's gradient is its
 * slice of dy.
 */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors as unknown) || tensors.length === 0) {
    throw new ShapeError("concat: needs a non-empty array of tensors");
  }
  for (const [i, t] of tensors.entries()) checkTensor("concat", `tensors[${i}]`, t);
  const first = tensors[0];
  const a = normalizeAxis("concat", axis, first.rank);
  for (const [i, t] of tensors.entries()) {
    checkSameDtype("concat", first, t);
    if (t.rank !== first.rank || t.shape.some((d, j) => j !== a && d !== first.shape[j])) {
      throw new ShapeError(
        `concat: tensors[${i}] has shape ${formatShape(t.shape)} but tensors[0] has ${formatShape(first.shape)}; ` +
          `shapes must match except on axis ${a}`,
      );
    }
  }
  const total = tensors.reduce((s, t) => s + t.shape[a], 0);
  const shape = first.shape.map((d, j) => (j === a ? total : d));
  const outer = sizeOf(first.shape.slice(0, a));
  const inner = sizeOf(first.shape.slice(a + 1));
  const k = kernelsFor(first.dtype);
  const y = emptyTensor(shape, first.dtype);
  const dstStrides = Int32Array.of(total * inner, 1);
  // Each input is a 2-D block (outer, n_i * inner) written at column offset_i * inner of (outer, total * inner).
  const blocks = tensors.map((t, i) => {
    const offset = tensors.slice(0, i).reduce((s, u) => s + u.shape[a], 0) * inner;
    const width = t.shape[a] * inner;
    return { offset, srcStrides: Int32Array.of(width, 1), extents: Int32Array.of(outer, width) };
  });
  tensors.forEach((t, i) => {
    const { offset, srcStrides, extents } = blocks[i];
    k.copyStrided(t.data, 0, srcStrides, y.data, offset, dstStrides, extents, false);
  });
  if (tensors.some((t) => needsGrad(t))) {
    attach(y, "concat", tensors, (dy) => {
      tensors.forEach((t, i) => {
        if (!t.requiresGrad) return;
        const { offset, srcStrides, extents } = blocks[i];
        const { buf, accumulate } = gradBuffer(t);
        k.copyStrided(dy.data, offset, dstStrides, buf, 0, srcStrides, extents, accumulate);
      });
    });
  }
  return y;
}

/** Returns the tensors (all of one shape) stacked along a new axis `axis`. */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors as unknown) || tensors.length === 0) {
    throw new ShapeError("stack: needs a non-empty array of tensors");
  }
  for (const [i, t] of tensors.entries()) checkTensor("stack", `tensors[${i}]`, t);
  const first = tensors[0];
  for (const [i, t] of tensors.entries()) {
    if (t.rank !== first.rank || t.shape.some((d, j) => d !== first.shape[j])) {
      throw new ShapeError(
        `stack: tensors[${i}] has shape ${formatShape(t.shape)} but tensors[0] has ${formatShape(first.shape)}; ` +
          "all must have one shape",
      );
    }
  }
  const a = normalizeAxis("stack", axis, first.rank + 1);
  return concat(
    tensors.map((t) => unsqueeze(t, a)),
    a,
  );
}
