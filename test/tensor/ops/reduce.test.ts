import { describe, expect, it } from "vitest";
import { argmax, max, mean, sum, variance } from "../../../src/tensor/ops/reduce.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { expectClose, expectGradcheck, randomInput } from "../helpers.js";

// x[i, j, k] = 100 i + 10 j + k for shape (2, 3, 4)
const cube = (): Tensor =>
  Tensor.from(
    Array.from({ length: 24 }, (_, n) => 100 * Math.floor(n / 12) + 10 * (Math.floor(n / 4) % 3) + (n % 4)),
    [2, 3, 4],
  );

describe("reduction forward values", () => {
  it("sum over all axes gives a scalar", () => {
    const s = sum(cube());
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(12 * 100 + 8 * 30 + 6 * 6); // 1200 + 240 + 36
  });

  it("sum over one axis, with and without keepDim", () => {
    expect(sum(cube(), 2).toArray()).toEqual([
      [6, 46, 86],
      [406, 446, 486],
    ]);
    expect(sum(cube(), 0, true).shape).toEqual([1, 3, 4]);
    expect(sum(cube(), -1, true).shape).toEqual([2, 3, 1]);
  });

  it("sum over non-adjacent axes (0, 2)", () => {
    // per j: sum_i sum_k (100 i + 10 j + k) = 4*100 + 8*10 j + 2*6
    expect(Array.from(sum(cube(), [0, 2]).data)).toEqual([412, 492, 572]);
  });

  it("mean over one run and over non-adjacent axes", () => {
    expect(Array.from(mean(cube(), [1, 2]).data)).toEqual([11.5, 111.5]);
    expect(Array.from(mean(cube(), [0, 2]).data)).toEqual([51.5, 61.5, 71.5]);
  });

  it("max over axes and the first-index argmax", () => {
    expect(Array.from(max(cube(), 1).data)).toEqual([20, 21, 22, 23, 120, 121, 122, 123]);
    expect(max(cube()).item()).toBe(123);
    expect(Array.from(max(cube(), [0, 2]).data)).toEqual([103, 113, 123]);
    const t = Tensor.from([
      [1, 7, 7],
      [9, 2, 9],
    ]);
    expect(Array.from(argmax(t, 1).data)).toEqual([1, 0]);
    expect(argmax(t).item()).toBe(3);
    expect(argmax(t, 0, true).shape).toEqual([1, 3]);
  });

  it("max propagates NaN", () => {
    expect(max(Tensor.from([1, Number.NaN, 3])).item()).toBeNaN();
  });

  it("variance is unbiased by default and biased with correction 0", () => {
    const t = Tensor.from([2, 4, 4, 4, 5, 5, 7, 9], [8], { dtype: "float64" });
    expectClose(variance(t).data, [32 / 7], 1e-14);
    expectClose(variance(t, 0, { correction: 0 }).data, [4], 1e-14);
  });
});

describe("reduction gradients (finite differences, float64)", () => {
  for (const axes of [undefined, 0, 1, 2, [0, 2], [1, 2], [0, 1, 2]] as const) {
    const label = JSON.stringify(axes ?? "all");
    it(`sum and mean over ${label}, keepDim on and off`, () => {
      const x = randomInput([2, 3, 4], 1);
      for (const keepDim of [false, true]) {
        expectGradcheck((t) => sum(t, axes, keepDim).mul(sum(t, axes, keepDim)), [x]);
        expectGradcheck((t) => mean(t, axes, keepDim).exp(), [x]);
      }
    });
    it(`max over ${label} (distinct values)`, () => {
      expectGradcheck((t) => max(t, axes, true), [randomInput([2, 3, 4], 2)]);
    });
  }
  it("var over several axes with either correction", () => {
    const x = randomInput([3, 2, 4], 3);
    expectGradcheck((t) => variance(t, [0, 2]), [x]);
    expectGradcheck((t) => variance(t, 1, { correction: 0, keepDim: true }), [x]);
  });
  it("max routes the whole gradient to the first maximum on ties", () => {
    const x = Tensor.from([3, 1, 3], [3], { requiresGrad: true });
    max(x).backward();
    expect(Array.from(x.grad!.data)).toEqual([1, 0, 0]);
  });
});

describe("reduction argument errors", () => {
  it("names the op and the valid axis range", () => {
    expect(() => sum(Tensor.zeros([2, 3]), 2)).toThrow(
      "sum: axis 2 is out of range for a tensor of rank 2 (valid: -2 to 1)",
    );
    expect(() => mean(Tensor.zeros([2, 3]), [1, -1])).toThrow("mean: axes [1, -1] repeat an axis");
    expect(() => max(Tensor.zeros([2, 0]), 1)).toThrow("max: cannot reduce over axes [1] of size 0");
    expect(() => variance(Tensor.zeros([2]), 0, { correction: -1 })).toThrow(
      "var: Expected an integer >= 0 for correction but received -1",
    );
  });
});
