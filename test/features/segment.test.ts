import { describe, expect, it } from "vitest";
import { beatWindows, FeatureError } from "../../src/features/index.js";

describe("beatWindows", () => {
  const signal = Float32Array.from({ length: 10 }, (_, i) => i);

  it("cuts before + after samples around each R peak, the R peak at index before", () => {
    const w = beatWindows(signal, new Int32Array([5]), { before: 2, after: 3 });
    expect(Array.from(w)).toEqual([3, 4, 5, 6, 7]);
  });

  it("repeats the end samples where a window passes either end of the signal", () => {
    const w = beatWindows(signal, new Int32Array([0, 9]), { before: 2, after: 3 });
    expect(Array.from(w)).toEqual([0, 0, 0, 1, 2, 7, 8, 9, 9, 9]);
  });

  it("defaults to 256-sample windows with the R peak at index 90 (MIT-BIH beats at 360 Hz)", () => {
    const long = Float32Array.from({ length: 1000 }, (_, i) => i);
    const w = beatWindows(long, new Int32Array([500]));
    expect(w.length).toBe(256);
    expect(w[90]).toBe(500);
  });

  it("throws a FeatureError for bad options or R peaks", () => {
    expect(() => beatWindows(signal, new Int32Array([5]), { before: -1 })).toThrow(FeatureError);
    expect(() => beatWindows(signal, new Int32Array([5]), { after: 0 })).toThrow(/after/);
    expect(() => beatWindows(signal, new Int32Array([12]))).toThrow(/outside the signal/);
  });
});
