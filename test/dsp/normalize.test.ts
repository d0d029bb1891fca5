import { describe, expect, it } from "vitest";
import { DspError } from "../../src/dsp/errors.js";
import { type NormalizeMethod, normalize } from "../../src/dsp/normalize.js";
import { expectAllClose } from "./helpers/expect.js";

const mean = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0) / v.length;

describe("normalize", () => {
  it("zscore (the default) gives mean 0 and population standard deviation 1", () => {
    const y = normalize(Float32Array.of(2, 4, 4, 4, 5, 5, 7, 9));
    // mean 5, population std 2
    expectAllClose(y, [-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2], 1e-7);
    expect(mean(y)).toBeCloseTo(0, 7);
  });

  it("minmax maps the range onto [0, 1]", () => {
    expectAllClose(normalize([-1, 0, 3], "minmax"), [0, 0.25, 1], 1e-7);
  });

  it("robust centres on the median and divides by numpy's linear-interpolated IQR", () => {
    // python3 -c "import numpy as np; x=np.array([3.,1,4,1,5,9,2,6,5,3,5]);
    //   print(((x-np.median(x))/(np.percentile(x,75)-np.percentile(x,25))).tolist())"  (and x[:8])
    expectAllClose(
      normalize([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5], "robust"),
      [-0.4, -1.2, 0.0, -1.2, 0.4, 2.0, -0.8, 0.8, 0.4, -0.4, 0.4],
      1e-7,
    );
    expectAllClose(
      normalize([3, 1, 4, 1, 5, 9, 2, 6], "robust"),
      [
        -0.14285714285714285, -0.7142857142857143, 0.14285714285714285, -0.7142857142857143,
        0.42857142857142855, 1.5714285714285714, -0.42857142857142855, 0.7142857142857143,
      ],
      1e-7,
    );
  });

  it.each(["zscore", "minmax", "robust"] as NormalizeMethod[])(
    "%s gives all zeros, not NaN, for a flat signal",
    (method) => {
      expect(Array.from(normalize(new Float32Array(5).fill(2.5), method))).toEqual([0, 0, 0, 0, 0]);
    },
  );

  it("robust only centres when the IQR is 0 (more than half the samples equal)", () => {
    expectAllClose(normalize([1, 1, 1, 1, 1, 1, 9], "robust"), [0, 0, 0, 0, 0, 0, 8], 0);
  });

  it("rejects an unknown method, NaN samples and an empty signal", () => {
    expect(() => normalize([1, 2], "l2" as NormalizeMethod)).toThrow(
      'Expected one of "zscore", "minmax", "robust" for method but received "l2"',
    );
    expect(() => normalize([1, Number.NaN])).toThrow("x[1] is NaN");
    expect(() => normalize([])).toThrow(DspError);
  });
});
