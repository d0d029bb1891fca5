import { describe, expect, it } from "vitest";
import {
  bridgeNonFinite,
  dominantExtremum,
  localMaxima,
  separatedPeaks,
  suppressNeighbours,
  trailingMean,
} from "../../../src/detect/qrs/features.js";

describe("QRS feature helpers", () => {
  it("bridgeNonFinite bridges NaN and infinities with the last finite value (0 before the first)", () => {
    const x = Float32Array.of(Number.NaN, 1, Number.NaN, Number.POSITIVE_INFINITY, 2, Number.NaN);
    expect(Array.from(bridgeNonFinite(x))).toEqual([0, 1, 1, 1, 2, 2]);
    expect(Number.isNaN(x[0])).toBe(true); // the input is left alone
  });

  it("localMaxima and separatedPeaks agree with scipy.signal.find_peaks (plain and distance=3)", () => {
    // Reference: scipy.signal.find_peaks(x) -> [1 3 5 7 9 11 14]; find_peaks(x, distance=3) -> [1 7 11 14].
    const x = Float32Array.of(0, 5, 0, 3, 0, 4, 0, 6, 0, 2, 0, 1, 1, 0, 7, 7, 0);
    expect(Array.from(localMaxima(x))).toEqual([1, 3, 5, 7, 9, 11, 14]);
    expect(Array.from(separatedPeaks(x, 3))).toEqual([1, 7, 11, 14]);
  });

  it("suppressNeighbours only considers the peaks it is given", () => {
    const x = Float32Array.of(0, 5, 0, 9, 0, 4, 0);
    expect(Array.from(suppressNeighbours(x, Int32Array.of(1, 5), 3))).toEqual([1, 5]);
    expect(Array.from(suppressNeighbours(x, Int32Array.of(1, 3, 5), 3))).toEqual([3]);
  });

  it("dominantExtremum marks a QS complex at its negative extremum and an R wave at its peak", () => {
    const qs = Float32Array.from({ length: 40 }, (_, i) => (i === 20 ? -2 : i === 24 ? 0.5 : 0));
    expect(dominantExtremum(qs, 22, 10)).toBe(20);
    const r = Float32Array.from({ length: 40 }, (_, i) => 1 + (i === 18 ? 1.5 : i === 21 ? -0.6 : 0));
    expect(dominantExtremum(r, 20, 10)).toBe(18);
    expect(dominantExtremum(r, 0, 5)).toBe(0); // clipped to the signal
  });

  it("trailingMean averages the last `width` samples (fewer at the start)", () => {
    expect(Array.from(trailingMean(Float32Array.of(2, 4, 6, 8), 2))).toEqual([2, 3, 5, 7]);
  });
});
