import { describe, expect, it } from "vitest";
import { DspError } from "../../src/dsp/errors.js";
import { type ResamplePadType, resamplePoly } from "../../src/dsp/resample-poly.js";
import { inputLength, resampleCases } from "./fixtures/resample.js";
import { expectMatchesSummary } from "./helpers/expect.js";
import { sine, testEcgLike } from "./helpers/signals.js";

describe("resamplePoly", () => {
  it.each(resampleCases.map((c) => [`${c.fsIn} -> ${c.fsOut} Hz, padtype ${c.padtype}`, c] as const))(
    "matches scipy.signal.resample_poly within 1e-5: %s",
    (_, c) => {
      // up/down given unreduced (times 10) to check the reduction to lowest terms as well.
      const y = resamplePoly(testEcgLike(inputLength, c.fsIn), c.fsOut * 10, c.fsIn * 10, {
        padtype: c.padtype as ResamplePadType,
      });
      expect(y).toBeInstanceOf(Float32Array);
      expect(y).toHaveLength(c.length);
      expectMatchesSummary(y, c.indices, c, 1e-5);
    },
  );

  it("returns a copy when up equals down", () => {
    const x = Float32Array.of(1, 2, 3);
    const y = resamplePoly(x, 7, 7);
    expect(Array.from(y)).toEqual([1, 2, 3]);
    expect(y).not.toBe(x);
  });

  it("keeps a low-frequency sine in place (delay compensated) when halving the rate", () => {
    const x = sine(4000, 500, 3);
    const y = resamplePoly(x, 1, 2);
    const expected = sine(2000, 250, 3);
    for (let j = 200; j < 1800; j++) expect(Math.abs(y[j] - expected[j])).toBeLessThan(1e-3);
  });

  it("rejects non-integer or non-positive factors, ratios beyond 1000 and NaN samples", () => {
    const x = new Float32Array(100);
    expect(() => resamplePoly(x, 0, 2)).toThrow("Expected an integer >= 1 for up but received 0");
    expect(() => resamplePoly(x, 2, 1.5)).toThrow("Expected an integer >= 1 for down but received 1.5");
    expect(() => resamplePoly(x, 1009, 1000)).toThrow(
      "The reduced resampling ratio 1009/1000 needs a 20181-tap filter",
    );
    expect(() => resamplePoly(x, 2, 1, { padtype: "edge" as ResamplePadType })).toThrow(
      'Expected one of "constant", "mean", "median" for padtype but received "edge"',
    );
    expect(() => resamplePoly(x, 1000, 1)).not.toThrow();
    expect(() => resamplePoly(new Float32Array(2_000_000), 1000, 1)).toThrow(
      "Resampling 2000000 samples by 1000/1 would give 2000000000 samples, more than 1073741824",
    );
    x[3] = Number.NaN;
    expect(() => resamplePoly(x, 2, 1)).toThrow("x[3] is NaN");
    expect(() => resamplePoly([], 2, 1)).toThrow(DspError);
  });
});
