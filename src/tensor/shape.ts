/** Shape arithmetic shared by the ops: sizes, strides, broadcasting and axis normalisation. */
import { expected } from "../errors.js";
import { ShapeError } from "./errors.js";

/** Returns the number of elements of a shape (1 for a scalar shape []). */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** Returns the row-major strides (in elements) of a dense tensor of this shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= shape[d];
  }
  return strides;
}

/** Returns "[2, 3, 4]" for error messages. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** Returns true when both shapes have the same rank and extents. */
export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Throws a ShapeError unless `shape` is an array of non-negative integers. */
export function checkShape(op: string, shape: readonly number[]): void {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(`${op}: ${expected("an array of non-negative integers", "shape", shape)}`);
  }
}

/** Returns the broadcast shape of a and b (NumPy rules), or throws a ShapeError naming the op. */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
    const db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast ` +
          `(axis ${i}: ${da} vs ${db}; sizes must match or one must be 1)`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Returns the strides (in elements) of a dense tensor of `shape` viewed at the rank of `outShape`, with 0 on
 * broadcast axes (missing leading axes and size-1 axes stretched to a larger size).
 */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): Int32Array {
  const rank = outShape.length;
  const strides = new Int32Array(rank);
  const offset = rank - shape.length;
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d + offset] = shape[d] === 1 && outShape[d + offset] !== 1 ? 0 : stride;
    stride *= shape[d];
  }
  return strides;
}

/** Returns axis in [0, rank), accepting negative axes counted from the end; throws a ShapeError otherwise. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ShapeError(
      `${op}: axis ${axis} is out of range for a tensor of rank ${rank} (valid: ${-rank} to ${rank - 1})`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** Throws a ShapeError unless `value` is an array of integers (extents, axes or a shape with -1). */
export function checkIntArray(op: string, name: string, value: unknown): asserts value is readonly number[] {
  if (!Array.isArray(value) || !value.every((d) => Number.isInteger(d))) {
    throw new ShapeError(`${op}: ${expected("an array of integers", name, value)}`);
  }
}

/** Returns the sorted, de-duplicated axes in [0, rank); undefined (or null) means every axis. */
export function normalizeAxes(
  op: string,
  axes: number | readonly number[] | undefined | null,
  rank: number,
): number[] {
  if (axes === undefined || axes === null) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === "number" ? [axes] : axes;
  checkIntArray(op, "axes", list);
  const out = list.map((a) => normalizeAxis(op, a, rank));
  const unique = [...new Set(out)].sort((x, y) => x - y);
  if (unique.length !== out.length) throw new ShapeError(`${op}: axes ${formatShape(list)} repeat an axis`);
  return unique;
}
