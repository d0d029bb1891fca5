/** Reductions over one or several axes (sum, mean, max, variance) and argmax, with their gradients. */
import { kernelsFor } from "../backend.js";
import { ShapeError } from "../errors.js";
import { gradBuffer } from "../grad.js";
import { normalizeAxes, normalizeAxis, sizeOf } from "../shape.js";
import { attach, needsGrad } from "../tape.js";
import { emptyTensor, type Tensor } from "../tensor.js";
import { mul, sub } from "./arithmetic.js";
import { broadcastInto, sumAxes } from "./broadcast.js";
import { checkInt, checkTensor } from "./checks.js";
import { permute } from "./movement.js";

/** The shapes of a reduction: the output's, and the output's with reduced axes kept as 1 (for broadcasting). */
function reducedShapes(
  shape: readonly number[],
  axes: readonly number[],
  keepDim: boolean,
): [number[], number[]] {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  return [keepDim ? kept : shape.filter((_, i) => !axes.includes(i)), kept];
}

/** Returns true when the sorted axes are adjacent (one run). */
function isRun(axes: readonly number[]): boolean {
  return axes.length > 0 && axes[axes.length - 1] - axes[0] === axes.length - 1;
}

/** Returns the sum over `axes` (default: every axis). dx = dy broadcast back over the reduced axes. */
export function sum(x: Tensor, axes?: number | readonly number[], keepDim = false): Tensor {
  checkTensor("sum", "x", x);
  return sumOrMean("sum", x, axes, keepDim);
}

/** Returns the mean over `axes` (default: every axis). dx = dy / count broadcast back. */
export function mean(x: Tensor, axes?: number | readonly number[], keepDim = false): Tensor {
  checkTensor("mean", "x", x);
  return sumOrMean("mean", x, axes, keepDim);
}

/** Shared forward and backward of sum and mean. */
function sumOrMean(
  op: "sum" | "mean",
  x: Tensor,
  axes: number | readonly number[] | undefined,
  keepDim: boolean,
) {
  const ax = normalizeAxes(op, axes, x.rank);
  const [shape, kept] = reducedShapes(x.shape, ax, keepDim);
  const count = x.size / Math.max(sizeOf(shape), 1);
  const k = kernelsFor(x.dtype);
  let y: Tensor;
  if (op === "mean" && isRun(ax)) {
    y = emptyTensor(shape, x.dtype);
    const outer = sizeOf(x.shape.slice(0, ax[0]));
    const inner = sizeOf(x.shape.slice(ax[ax.length - 1] + 1));
    k.reduce("mean", x.data, outer, count, inner, y.data);
  } else {
    y = sumAxes(k, x.data, x.shape, ax, x, true, shape);
    if (op === "mean") k.affine(y.data, 1 / count, 0, y.data);
  }
  if (needsGrad(x)) {
    attach(y, op, [x], (dy) => {
      const { buf, accumulate } = gradBuffer(x);
      if (op === "sum") {
        broadcastInto(k, dy.data, kept, buf, x.shape, accumulate);
        return;
      }
      const scaled = emptyTensor(kept, dy.dtype, false);
      k.affine(dy.data, 1 / count, 0, scaled.data);
      broadcastInto(k, scaled.data, kept, buf, x.shape, accumulate);
      scaled.dispose();
    });
  }
  return y;
}

/**
 * Returns the maximum over `axes` (default: every axis); NaN wins. dx = dy at the first maximum of each
 * reduced group, 0 elsewhere.
 */
export function max(x: Tensor, axes?: number | readonly number[], keepDim = false): Tensor {
  checkTensor("max", "x", x);
  const ax = normalizeAxes("max", axes, x.rank);
  if (ax.length === 0) return sum(x, [], keepDim);
  if (!isRun(ax)) {
    // Move the reduced axes to the end (a copy that records its own gradient), then reduce one run.
    const rest = x.shape.map((_, i) => i).filter((i) => !ax.includes(i));
    const moved = max(
      permute(x, [...rest, ...ax]),
      ax.map((_, i) => rest.length + i),
      false,
    );
    return keepDim ? moved.reshape(reducedShapes(x.shape, ax, true)[0]) : moved;
  }
  const [shape] = reducedShapes(x.shape, ax, keepDim);
  const outer = sizeOf(x.shape.slice(0, ax[0]));
  const n = sizeOf(x.shape.slice(ax[0], ax[ax.length - 1] + 1));
  const inner = sizeOf(x.shape.slice(ax[ax.length - 1] + 1));
  if (n === 0) throw new ShapeError(`max: cannot reduce over axes [${ax.join(", ")}] of size 0`);
  const k = kernelsFor(x.dtype);
  const y = emptyTensor(shape, x.dtype);
  const argmaxes = new Int32Array(outer * inner);
  k.reduce("max", x.data, outer, n, inner, y.data, argmaxes);
  if (needsGrad(x)) {
    attach(y, "max", [x], (dy) => {
      const { buf } = gradBuffer(x, true);
      const g = dy.data;
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++)
          buf[(o * n + argmaxes[o * inner + i]) * inner + i] += g[o * inner + i];
      }
    });
  }
  return y;
}

/**
 * Returns the index (as a float) of the first maximum along `axis`, or in the flattened tensor when `axis`
 * is omitted. Not differentiable.
 */
export function argmax(x: Tensor, axis?: number, keepDim = false): Tensor {
  checkTensor("argmax", "x", x);
  const ax = axis === undefined ? undefined : normalizeAxis("argmax", axis, x.rank);
  const n = ax === undefined ? x.size : x.shape[ax];
  if (n === 0) throw new ShapeError("argmax: cannot take the argmax of an empty axis");
  const outer = ax === undefined ? 1 : sizeOf(x.shape.slice(0, ax));
  const inner = ax === undefined ? 1 : sizeOf(x.shape.slice(ax + 1));
  const shape =
    ax === undefined ? (keepDim ? x.shape.map(() => 1) : []) : reducedShapes(x.shape, [ax], keepDim)[0];
  const k = kernelsFor(x.dtype);
  const values = emptyTensor([outer * inner], x.dtype, false);
  const indices = new Int32Array(outer * inner);
  k.reduce("max", x.data, outer, n, inner, values.data, indices);
  values.dispose();
  const y = emptyTensor(shape, x.dtype);
  y.data.set(indices);
  return y;
}

/**
 * Returns the variance over `axes` (default: every axis): sum((x - mean)^2) / (count - correction);
 * correction 1 (default) is Bessel's unbiased estimate, 0 the biased one. Composed of recorded ops.
 */
export function variance(
  x: Tensor,
  axes?: number | readonly number[],
  options?: { keepDim?: boolean; correction?: number },
): Tensor {
  checkTensor("var", "x", x);
  const correction = options?.correction ?? 1;
  checkInt("var", "correction", correction, 0);
  const ax = normalizeAxes("var", axes, x.rank);
  const count = ax.reduce((c, a) => c * x.shape[a], 1);
  const centred = sub(x, mean(x, ax, true));
  const squares = sum(mul(centred, centred), ax, options?.keepDim ?? false);
  return mul(squares, 1 / Math.max(count - correction, 0));
}
