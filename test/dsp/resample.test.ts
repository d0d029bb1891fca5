import { describe, expect, it } from "vitest";
import { DspError } from "../../src/dsp/errors.js";
import { resample } from "../../src/dsp/resample.js";
import { resamplePoly } from "../../src/dsp/resample-poly.js";
import { inputLength, resampleCases } from "./fixtures/resample.js";
import { expectAllClose, expectMatchesSummary } from "./helpers/expect.js";
import { testEcgLike } from "./helpers/signals.js";

describe("resample", () => {
  it.each(
    resampleCases
      .filter((c) => c.padtype === "constant")
      .map((c) => [`${c.fsIn} -> ${c.fsOut} Hz`, c] as const),
  )("matches scipy.signal.resample_poly within 1e-5: %s", (_, c) => {
    const y = resample(testEcgLike(inputLength, c.fsIn), c.fsIn, c.fsOut);
    expect(y).toHaveLength(c.length);
    expectMatchesSummary(y, c.indices, c, 1e-5);
  });

  it("uses the ratio in lowest terms (360 -> 250 Hz is 25/36)", () => {
    const x = testEcgLike(720, 360);
    expectAllClose(resample(x, 360, 250), resamplePoly(x, 25, 36), 0);
    expect(resample(x, 360, 250)).toHaveLength(500);
  });

  it("passes options through (padtype)", () => {
    const x = testEcgLike(720, 360);
    expectAllClose(
      resample(x, 360, 250, { padtype: "mean" }),
      resamplePoly(x, 25, 36, { padtype: "mean" }),
      0,
    );
  });

  it("rejects bad rates and rates without an exact decimal ratio", () => {
    const x = new Float32Array(100);
    expect(() => resample(x, 0, 250)).toThrow(
      "Expected a finite sampling rate > 0 (Hz) for fsIn but received 0",
    );
    expect(() => resample(x, 360, Number.NaN)).toThrow("for fsOut but received NaN");
    expect(() => resample(x, Math.PI, 250)).toThrow(
      "Cannot resample from 3.141592653589793 Hz to 250 Hz: sampling rates must have at most 6 decimals",
    );
    expect(() => resample(x, 360, 250.0001)).toThrow(DspError);
  });
});
