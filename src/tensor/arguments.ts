/** Argument handling of the Tensor factories and methods: dtype and generator options, nested arrays. */
import { expected } from "../errors.js";
import { ShapeError } from "./errors.js";
import type { DType } from "./memory.js";
import { defaultGenerator, Generator } from "./random.js";
import type { NestedArray, RandomOptions, Tensor, TensorOptions } from "./tensor.js";

/** Returns options.dtype (or the fallback), or throws a ShapeError for an unknown dtype. */
export function dtypeOf(op: string, options: TensorOptions | undefined, fallback: DType = "float32"): DType {
  const dtype = options?.dtype ?? fallback;
  if (dtype !== "float32" && dtype !== "float64") {
    throw new ShapeError(`${op}: ${expected('"float32" or "float64"', "dtype", dtype)}`);
  }
  return dtype;
}

/** Returns options.generator (or the default one), or throws a ShapeError for something else. */
export function generatorOf(op: string, options: RandomOptions | undefined): Generator {
  const generator = options?.generator ?? defaultGenerator();
  if (!(generator instanceof Generator)) {
    throw new ShapeError(`${op}: ${expected("a Generator", "generator", generator)}`);
  }
  return generator;
}

/** Applies options.requiresGrad to a freshly created leaf. */
export function withGrad(t: Tensor, options?: TensorOptions): Tensor {
  if (options?.requiresGrad) t.requiresGrad = true;
  return t;
}

/** Accepts both f(2, 3) and f([2, 3]). */
export function flatArgs(args: number[] | [readonly number[]]): readonly number[] {
  return Array.isArray(args[0]) ? (args[0] as readonly number[]) : (args as number[]);
}

/** Returns the shape of nested arrays (throws a ShapeError for ragged ones). */
export function nestedShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  return shape;
}

/** Returns the numbers of nested arrays in row-major order, checking that they are not ragged. */
export function flattenNested(data: NestedArray): number[] {
  const shape = nestedShape(data);
  const out: number[] = [];
  const walk = (value: NestedArray, axis: number): void => {
    if (axis === shape.length) {
      if (typeof value !== "number")
        throw new ShapeError(`Tensor.from: ${expected("a number", "element", value)}`);
      out.push(value);
      return;
    }
    if (!Array.isArray(value) || value.length !== shape[axis]) {
      throw new ShapeError(
        `Tensor.from: ragged nested arrays (axis ${axis} should have length ${shape[axis]})`,
      );
    }
    for (const v of value) walk(v, axis + 1);
  };
  walk(data, 0);
  return out;
}
