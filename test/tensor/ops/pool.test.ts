import { describe, expect, it } from "vitest";
import { avgPool1d, globalAvgPool1d, maxPool1d } from "../../../src/tensor/ops/pool.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { expectGradcheck, randomInput } from "../helpers.js";

const x = (): Tensor => Tensor.from([[[1, 3, 2, 5, 4, 0]]]);

describe("pool forward", () => {
  it("maxPool1d with the default stride (= kernel) and with stride 1", () => {
    expect(maxPool1d(x(), 2).toArray()).toEqual([[[3, 5, 4]]]);
    expect(maxPool1d(x(), 3, { stride: 1 }).toArray()).toEqual([[[3, 5, 5, 5]]]);
  });
  it("maxPool1d pads with -Infinity, so padding never wins", () => {
    const neg = Tensor.from([[[-1, -2, -3]]]);
    expect(maxPool1d(neg, 2, { stride: 2, padding: 1 }).toArray()).toEqual([[[-1, -2]]]);
  });
  it("avgPool1d counts the zero padding in the divisor (count_include_pad)", () => {
    expect(avgPool1d(x(), 2).toArray()).toEqual([[[2, 3.5, 2]]]);
    expect(avgPool1d(Tensor.from([[[3, 6]]]), 2, { stride: 1, padding: 1 }).toArray()).toEqual([
      [[1.5, 4.5, 3]],
    ]);
  });
  it("globalAvgPool1d averages over L and keeps a length-1 axis", () => {
    const y = globalAvgPool1d(
      Tensor.from([
        [
          [1, 2, 3],
          [4, 5, 9],
        ],
      ]),
    );
    expect(y.shape).toEqual([1, 2, 1]);
    expect(y.toArray()).toEqual([[[2], [6]]]);
  });
});

describe("pool gradients (finite differences, float64)", () => {
  it("maxPool1d with overlapping windows and padding (distinct values)", () => {
    expectGradcheck((t) => maxPool1d(t, 3, { stride: 2, padding: 1 }), [randomInput([2, 3, 9], 1)]);
  });
  it("avgPool1d with overlapping windows and padding", () => {
    expectGradcheck((t) => avgPool1d(t, 3, { stride: 2, padding: 1 }), [randomInput([2, 3, 9], 2)]);
    expectGradcheck((t) => avgPool1d(t, 2), [randomInput([1, 2, 7], 3)]);
  });
  it("globalAvgPool1d", () => {
    expectGradcheck(globalAvgPool1d, [randomInput([2, 3, 5], 4)]);
  });
  it("maxPool1d sends each window's gradient to its first maximum", () => {
    const t = Tensor.from([[[2, 2, 1, 0]]], undefined, { requiresGrad: true });
    maxPool1d(t, 2, { stride: 1 }).sum().backward();
    // windows [2, 2] -> position 0 (the first of a tie), [2, 1] -> 1, [1, 0] -> 2
    expect(t.grad!.toArray()).toEqual([[[1, 1, 1, 0]]]);
  });
});

describe("pool argument errors", () => {
  it("names the rule", () => {
    expect(() => maxPool1d(x(), 2, { padding: 2 })).toThrow(
      "maxPool1d: padding (2) must be at most half the kernel size (2)",
    );
    expect(() => avgPool1d(x(), 7)).toThrow(
      "avgPool1d: input length 6 plus padding 0 is shorter than the kernel (7)",
    );
    expect(() => maxPool1d(Tensor.zeros([2, 3]), 2)).toThrow(
      "maxPool1d: x must have rank 3, not shape [2, 3]",
    );
    expect(() => maxPool1d(x(), 0)).toThrow(
      "maxPool1d: Expected an integer >= 1 for kernelSize but received 0",
    );
    expect(() => globalAvgPool1d(Tensor.zeros([1, 2, 0]))).toThrow(
      "globalAvgPool1d: cannot average an empty length axis",
    );
  });
});
