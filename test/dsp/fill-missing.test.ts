import { describe, expect, it } from "vitest";
import { DspError } from "../../src/dsp/errors.js";
import { fillMissing } from "../../src/dsp/fill-missing.js";

const NaN_ = Number.NaN;

describe("fillMissing", () => {
  it("interpolates interior gaps linearly and extends edge gaps with the nearest valid value", () => {
    const y = fillMissing(Float32Array.of(NaN_, 1, NaN_, NaN_, 4, 5, NaN_), 10);
    expect(Array.from(y)).toEqual([1, 1, 2, 3, 4, 5, 5]);
  });

  it("treats ±Infinity as missing and leaves the input untouched", () => {
    const x = Float32Array.of(0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 3);
    expect(Array.from(fillMissing(x, 10))).toEqual([0, 1, 2, 3]);
    expect(x[1]).toBe(Number.POSITIVE_INFINITY);
  });

  it("returns an equal copy when nothing is missing", () => {
    const x = Float32Array.of(1, 2, 3);
    const y = fillMissing(x, 10);
    expect(y).not.toBe(x);
    expect(Array.from(y)).toEqual([1, 2, 3]);
  });

  it("rejects a gap longer than maxGapSeconds (default 0.25 s), naming its samples and times", () => {
    const x = new Float32Array(1000);
    x.fill(NaN_, 100, 191); // 91 samples = 0.253 s at 360 Hz
    expect(() => fillMissing(x, 360)).toThrow(
      "x has 91 missing (NaN) samples at [100, 190] (0.278 s to 0.528 s), longer than maxGapSeconds = 0.25 s",
    );
    expect(fillMissing(x, 360, { maxGapSeconds: 0.5 })[150]).toBe(0);
    expect(fillMissing(x, 360, { maxGapSeconds: Number.POSITIVE_INFINITY })[150]).toBe(0);
    expect(() => fillMissing(Float32Array.of(1, NaN_, 2), 360, { maxGapSeconds: 0 })).toThrow(DspError);
  });

  it("rejects a signal without any valid sample and bad options", () => {
    expect(() => fillMissing([NaN_, NaN_], 10)).toThrow(
      "x has no valid sample: all 2 samples are NaN or infinite",
    );
    expect(() => fillMissing([1], 10, { maxGapSeconds: -1 })).toThrow(
      "Expected a number of seconds >= 0 (or Infinity) for maxGapSeconds but received -1",
    );
    expect(() => fillMissing([1], 10, { maxGap: 1 } as never)).toThrow(
      'Unknown option "maxGap" of fillMissing; valid options: maxGapSeconds',
    );
    expect(() => fillMissing([1], 0)).toThrow(DspError);
  });
});
