/** Argument checks shared by the ops: each throws a ShapeError naming the op before any kernel runs. */
import { expected } from "../../errors.js";
import { ShapeError } from "../errors.js";
import { Tensor } from "../tensor.js";

/** Throws a ShapeError unless `value` is a live Tensor. */
export function checkTensor(op: string, name: string, value: unknown): asserts value is Tensor {
  if (!(value instanceof Tensor)) throw new ShapeError(`${op}: ${expected("a Tensor", name, value)}`);
}

/** Throws a ShapeError unless both tensors have the same dtype. */
export function checkSameDtype(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) {
    throw new ShapeError(
      `${op}: dtypes differ (${a.dtype} and ${b.dtype}); both operands must have one dtype`,
    );
  }
}

/** Throws a ShapeError unless the tensor has exactly `rank` axes (or one of several ranks). */
export function checkRank(op: string, name: string, t: Tensor, ...ranks: number[]): void {
  if (!ranks.includes(t.shape.length)) {
    const want = ranks.length === 1 ? `${ranks[0]}` : ranks.join(" or ");
    throw new ShapeError(`${op}: ${name} must have rank ${want}, not shape [${t.shape.join(", ")}]`);
  }
}

/** Throws a ShapeError unless `value` is an integer (>= min when min is given). */
export function checkInt(op: string, name: string, value: unknown, min?: number): asserts value is number {
  if (!Number.isInteger(value) || (min !== undefined && (value as number) < min)) {
    throw new ShapeError(
      `${op}: ${expected(min === undefined ? "an integer" : `an integer >= ${min}`, name, value)}`,
    );
  }
}

/** Throws a ShapeError unless `value` is a finite number (or, with allowInfinite, any non-NaN number). */
export function checkNumber(
  op: string,
  name: string,
  value: unknown,
  allowInfinite = false,
): asserts value is number {
  if (typeof value !== "number" || Number.isNaN(value) || (!allowInfinite && !Number.isFinite(value))) {
    throw new ShapeError(`${op}: ${expected(allowInfinite ? "a number" : "a finite number", name, value)}`);
  }
}
