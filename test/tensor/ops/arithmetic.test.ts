import { describe, expect, it } from "vitest";
import { setBackend } from "../../../src/tensor/backend.js";
import { ShapeError } from "../../../src/tensor/errors.js";
import { referenceKernels } from "../../../src/tensor/kernels/reference.js";
import { add, div, maskedFill, maximum, minimum, mul, sub } from "../../../src/tensor/ops/arithmetic.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { expectClose, expectGradcheck, randomInput, uniformInput } from "../helpers.js";

/** A float64 constant (no gradient) of seeded normal values. */
const f64Const = (shape: number[], seed: number) => randomInput(shape, seed).requiresGrad_(false);

describe("binary forward with broadcasting", () => {
  it("adds a row, a column and a scalar tensor as NumPy does", () => {
    const a = Tensor.from([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(add(a, Tensor.from([10, 20, 30])).toArray()).toEqual([
      [11, 22, 33],
      [14, 25, 36],
    ]);
    expect(add(a, Tensor.from([[100], [200]])).toArray()).toEqual([
      [101, 102, 103],
      [204, 205, 206],
    ]);
    expect(mul(a, Tensor.from(2, [])).toArray()).toEqual([
      [2, 4, 6],
      [8, 10, 12],
    ]);
  });

  it("broadcasts both operands into a larger shape", () => {
    const col = Tensor.from([[1], [2]]);
    const row = Tensor.from([10, 20, 30]);
    expect(sub(row, col).toArray()).toEqual([
      [9, 19, 29],
      [8, 18, 28],
    ]);
    expect(div(row, col).shape).toEqual([2, 3]);
  });

  it("applies numbers as scalars", () => {
    const a = Tensor.from([1, 2, 4]);
    expect(Array.from(add(a, 1).data)).toEqual([2, 3, 5]);
    expect(Array.from(sub(a, 1).data)).toEqual([0, 1, 3]);
    expect(Array.from(mul(a, -2).data)).toEqual([-2, -4, -8]);
    expect(Array.from(div(a, 4).data)).toEqual([0.25, 0.5, 1]);
  });

  it("maximum and minimum pick elementwise", () => {
    const a = Tensor.from([1, 5, 3]);
    const b = Tensor.from([4, 2, 3]);
    expect(Array.from(maximum(a, b).data)).toEqual([4, 5, 3]);
    expect(Array.from(minimum(a, b).data)).toEqual([1, 2, 3]);
  });

  it("maskedFill writes the value where the broadcast mask is non-zero (also -Infinity)", () => {
    const x = Tensor.from([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const mask = Tensor.from([0, 1, 0]);
    expect(maskedFill(x, mask, -Infinity).toArray()).toEqual([
      [1, -Infinity, 3],
      [4, -Infinity, 6],
    ]);
  });
});

describe("binary gradients (finite differences, float64)", () => {
  const ops = { add, sub, mul, div };
  for (const [name, op] of Object.entries(ops)) {
    it(`${name} on equal shapes`, () => {
      expectGradcheck(op, [randomInput([2, 3], 1), uniformInput([2, 3], 2, 0.5, 2)]);
    });
    it(`${name} broadcasting (2,3,4) with (3,1), and (1,4) with (2,1,1)`, () => {
      expectGradcheck(op, [randomInput([2, 3, 4], 3), uniformInput([3, 1], 4, 0.5, 2)]);
      expectGradcheck(op, [uniformInput([1, 4], 5, 0.5, 2), uniformInput([2, 1, 1], 6, 0.5, 2)]);
    });
    it(`${name} with a number`, () => {
      expectGradcheck((t) => op(t, 1.7), [randomInput([4], 7)]);
    });
  }
  it("mul scaling rows (x (N, C, L) * s (N, C, 1), either order; rowScaleBackward) and near misses", () => {
    expectGradcheck(mul, [randomInput([2, 3, 5], 21), randomInput([2, 3, 1], 22)]);
    expectGradcheck(mul, [randomInput([2, 3, 1], 23), randomInput([2, 3, 5], 24)]);
    expectGradcheck(mul, [randomInput([1, 3, 4], 25), randomInput([3, 1], 26)]); // leading 1 on both
    expectGradcheck(mul, [randomInput([2, 3, 4], 27), randomInput([1, 3, 1], 28)]); // s broadcast over N
    expectGradcheck((x) => mul(x, f64Const([2, 3, 1], 29)), [randomInput([2, 3, 4], 30)]); // s constant
    expectGradcheck((s) => mul(f64Const([2, 3, 4], 31), s), [randomInput([2, 3, 1], 32)]); // x constant
  });
  it("mul scaling rows gives the same gradients with and without the fused backward", () => {
    const run = () => {
      const x = Tensor.from(
        Array.from({ length: 24 }, (_, i) => Math.sin(i)),
        [2, 3, 4],
        { requiresGrad: true },
      );
      const s = Tensor.from([0.5, -1, 2, 3, 0.25, -0.5], [2, 3, 1], { requiresGrad: true });
      mul(x, s)
        .mul(
          Tensor.from(
            Array.from({ length: 24 }, (_, i) => i - 10),
            [2, 3, 4],
          ),
        )
        .sum()
        .backward();
      return [Array.from(x.grad!.data), Array.from(s.grad!.data)];
    };
    const fused = run();
    const { rowScaleBackward: _r, ...unfused } = referenceKernels;
    setBackend({ ...unfused, name: "unfused" });
    try {
      const composed = run();
      for (const [i, values] of fused.entries()) expectClose(values, composed[i], 1e-6);
    } finally {
      setBackend("reference");
    }
  });
  it("a tensor combined with itself gets both contributions", () => {
    expectGradcheck((t) => mul(t, t), [randomInput([3], 8)]);
    expectGradcheck((t) => div(t, t.add(3)), [randomInput([3], 9)]);
  });
  it("maximum and minimum without ties, broadcasting", () => {
    expectGradcheck(maximum, [randomInput([2, 3], 10), randomInput([3], 11)]);
    expectGradcheck(minimum, [randomInput([2, 3], 12), randomInput([2, 1], 13)]);
  });
  it("maximum splits the gradient evenly on ties, as PyTorch does", () => {
    const a = Tensor.from([1, 2], [2], { requiresGrad: true });
    const b = Tensor.from([1, 3], [2], { requiresGrad: true });
    maximum(a, b).sum().backward();
    expect(Array.from(a.grad!.data)).toEqual([0.5, 0]);
    expect(Array.from(b.grad!.data)).toEqual([0.5, 1]);
  });
  it("maskedFill sends no gradient to filled positions", () => {
    const mask = Tensor.from([[1], [0]], undefined, { dtype: "float64" });
    expectGradcheck((t) => maskedFill(t, mask, -3), [randomInput([2, 3], 14)]);
    const x = Tensor.from([1, 2], [2], { requiresGrad: true });
    maskedFill(x, Tensor.from([1, 0]), 0)
      .sum()
      .backward();
    expect(Array.from(x.grad!.data)).toEqual([0, 1]);
  });
});

describe("binary argument errors", () => {
  it("names the op, both shapes and the broadcasting rule", () => {
    expect(() => add(Tensor.zeros([2, 3]), Tensor.zeros([4]))).toThrow(
      new ShapeError(
        "add: shapes [2, 3] and [4] cannot be broadcast (axis 1: 3 vs 4; sizes must match or one must be 1)",
      ),
    );
  });
  it("rejects mixed dtypes", () => {
    expect(() => mul(Tensor.zeros([2]), Tensor.zeros([2], { dtype: "float64" }))).toThrow(
      "mul: dtypes differ (float32 and float64); both operands must have one dtype",
    );
  });
  it("rejects a mask that does not broadcast to x", () => {
    expect(() => maskedFill(Tensor.zeros([2]), Tensor.zeros([2, 2]), 0)).toThrow(
      "maskedFill: mask of shape [2, 2] must broadcast to x's shape [2]",
    );
  });
  it("rejects non-numbers as the scalar operand", () => {
    expect(() => add(Tensor.zeros([2]), Number.NaN)).toThrow("add: Expected a number for b but received NaN");
  });
});
