import { describe, expect, it } from "vitest";
import { logSoftmax, softmax } from "../../../src/tensor/ops/softmax.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { expectClose, expectGradcheck, randomInput } from "../helpers.js";

describe("softmax and logSoftmax forward", () => {
  it("match the closed form and are shift invariant (no overflow at 1000)", () => {
    const e = [1, Math.E, Math.E ** 2];
    const total = e[0] + e[1] + e[2];
    const x = Tensor.from([0, 1, 2, 1000, 1001, 1002], [2, 3], { dtype: "float64" });
    expectClose(
      softmax(x).data,
      [...e, ...e].map((v) => v / total),
      1e-14,
    );
    expectClose(
      logSoftmax(x).data,
      [0, 1, 2, 0, 1, 2].map((v) => v - Math.log(total)),
      1e-12,
    );
  });
  it("work along an inner axis", () => {
    const x = Tensor.from([[0], [Math.log(3)]], undefined, { dtype: "float64" });
    expectClose(softmax(x, 0).data, [0.25, 0.75], 1e-14);
  });
  it("a row of -Infinity except one entry puts all mass there (attention masks)", () => {
    expect(Array.from(softmax(Tensor.from([-Infinity, 2, -Infinity])).data)).toEqual([0, 1, 0]);
  });
});

describe("softmax gradients (finite differences, float64)", () => {
  for (const axis of [-1, 0, 1]) {
    it(`softmax and logSoftmax along axis ${axis}`, () => {
      expectGradcheck((t) => softmax(t, axis), [randomInput([3, 4, 2], 1)]);
      expectGradcheck((t) => logSoftmax(t, axis), [randomInput([3, 4, 2], 2)]);
    });
  }
});

describe("softmax argument errors", () => {
  it("names the axis range", () => {
    expect(() => softmax(Tensor.zeros([2, 3]), 2)).toThrow(
      "softmax: axis 2 is out of range for a tensor of rank 2 (valid: -2 to 1)",
    );
  });
});
