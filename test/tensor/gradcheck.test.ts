import { describe, expect, it } from "vitest";
import { addGrad } from "../../src/tensor/grad.js";
import { gradcheck } from "../../src/tensor/gradcheck.js";
import { attach } from "../../src/tensor/tape.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { randomInput } from "./helpers.js";

/** y = 2x with a deliberately wrong backward (dx = 3 dy). */
function wrongDouble(x: Tensor): Tensor {
  const y = Tensor.from(
    x.data.map((v) => 2 * v),
    [...x.shape],
    { dtype: x.dtype },
  );
  return attach(y, "wrongDouble", [x], (dy) => addGrad(x, dy, 3));
}

describe("gradcheck", () => {
  it("passes a correct gradient and reports how many elements it checked", () => {
    const result = gradcheck((a, b) => a.mul(b).tanh(), [randomInput([2, 3], 1), randomInput([3], 2)]);
    expect(result.ok).toBe(true);
    expect(result.checked).toBe(9);
    expect(result.maxAbsError).toBeLessThan(1e-8);
  });

  it("reports the elements whose analytic gradient is wrong", () => {
    const x = randomInput([4], 3);
    const result = gradcheck(wrongDouble, [x]);
    expect(result.ok).toBe(false);
    expect(result.mismatches).toHaveLength(4);
    const { input, index, analytic, numeric } = result.mismatches[0];
    expect([input, index]).toEqual([0, 0]);
    expect(analytic / numeric).toBeCloseTo(1.5, 6);
  });

  it("skips inputs that do not require grad and leaves every grad cleared", () => {
    const fixed = Tensor.from([1, 2, 3], undefined, { dtype: "float64" });
    const x = randomInput([3], 4);
    const result = gradcheck((a, b) => a.mul(b), [x, fixed]);
    expect(result.checked).toBe(3);
    expect(x.grad).toBeNull();
  });

  it("refuses float32 inputs", () => {
    expect(() => gradcheck((a) => a, [Tensor.ones([2])])).toThrow(
      "gradcheck: inputs[0] must be a float64 Tensor (finite differences need float64)",
    );
  });
});
