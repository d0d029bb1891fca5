import { describe, expect, it } from "vitest";
import type { UnaryOp } from "../../../../src/tensor/kernels/kernels.js";
import {
  affine,
  axpy,
  binary,
  clamp,
  clampBackward,
  maskedFill,
  pow,
  powBackward,
  unary,
  unaryBackward,
} from "../../../../src/tensor/kernels/reference/elementwise.js";

const ops: UnaryOp[] = ["neg", "exp", "log", "sqrt", "abs", "relu", "silu", "gelu", "sigmoid", "tanh"];

describe("unary kernels", () => {
  it("unaryBackward equals the central difference of unary for every op (float64)", () => {
    const x = Float64Array.from([0.3, 0.9, 1.7, 2.5, -0.4, -1.9]);
    for (const op of ops) {
      const input = op === "log" || op === "sqrt" ? x.map(Math.abs) : x;
      const y = new Float64Array(6);
      unary(op, input, y);
      const dx = new Float64Array(6);
      unaryBackward(op, input, y, new Float64Array(6).fill(1), dx, false);
      const h = 1e-6;
      const plus = new Float64Array(6);
      const minus = new Float64Array(6);
      unary(
        op,
        input.map((v) => v + h),
        plus,
      );
      unary(
        op,
        input.map((v) => v - h),
        minus,
      );
      for (let i = 0; i < 6; i++) expect(Math.abs(dx[i] - (plus[i] - minus[i]) / (2 * h))).toBeLessThan(1e-7);
    }
  });
  it("accumulates when asked and may write in place", () => {
    const x = Float32Array.from([1, -1]);
    const dx = Float32Array.from([10, 10]);
    unaryBackward("relu", x, x, Float32Array.from([3, 3]), dx, true);
    expect(Array.from(dx)).toEqual([13, 10]);
    unary("neg", x, x);
    expect(Array.from(x)).toEqual([-1, 1]);
  });
});

describe("binary, affine, axpy", () => {
  it("binary reads operands through strides (a zero stride broadcasts)", () => {
    // a (2, 3) dense, b (3) broadcast over rows: out = a - b
    const out = new Float32Array(6);
    binary(
      "sub",
      Float32Array.from([1, 2, 3, 4, 5, 6]),
      Int32Array.of(3, 1),
      Float32Array.from([1, 1, 2]),
      Int32Array.of(0, 1),
      out,
      Int32Array.of(2, 3),
    );
    expect(Array.from(out)).toEqual([0, 1, 1, 3, 4, 4]);
    const o = new Float64Array(4);
    binary(
      "max",
      Float64Array.of(1, 5),
      Int32Array.of(1, 0),
      Float64Array.of(2, 3),
      Int32Array.of(0, 1),
      o,
      Int32Array.of(2, 2),
    );
    expect(Array.from(o)).toEqual([2, 3, 5, 5]);
    const scalar = new Float64Array(1);
    binary(
      "div",
      Float64Array.of(3),
      new Int32Array(0),
      Float64Array.of(4),
      new Int32Array(0),
      scalar,
      new Int32Array(0),
    );
    expect(scalar[0]).toBe(0.75);
  });
  it("affine and axpy", () => {
    const x = Float32Array.from([1, 2]);
    const y = new Float32Array(2);
    affine(x, 3, -1, y);
    expect(Array.from(y)).toEqual([2, 5]);
    axpy(0.5, x, y);
    expect(Array.from(y)).toEqual([2.5, 6]);
  });
});

describe("added kernels", () => {
  it("pow and powBackward", () => {
    const out = new Float64Array(2);
    pow(Float64Array.of(2, 3), 3, out);
    expect(Array.from(out)).toEqual([8, 27]);
    const dx = Float64Array.of(1, 1);
    powBackward(Float64Array.of(2, 3), 3, Float64Array.of(1, 2), dx, true);
    expect(Array.from(dx)).toEqual([13, 55]); // 1 + 3*4*1, 1 + 3*9*2
  });
  it("clamp passes NaN through and its backward includes the bounds", () => {
    const out = new Float64Array(4);
    clamp(Float64Array.of(-2, 0.5, 2, Number.NaN), -1, 1, out);
    expect(Array.from(out)).toEqual([-1, 0.5, 1, Number.NaN]);
    const dx = new Float64Array(4);
    clampBackward(Float64Array.of(-2, -1, 1, 2), -1, 1, Float64Array.of(1, 1, 1, 1), dx, false);
    expect(Array.from(dx)).toEqual([0, 1, 1, 0]);
  });
  it("maskedFill", () => {
    const out = new Float32Array(3);
    maskedFill(Float32Array.of(1, 2, 3), Float32Array.of(0, 1, 0), -Infinity, out);
    expect(Array.from(out)).toEqual([1, -Infinity, 3]);
  });
});
