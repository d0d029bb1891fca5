import { describe, expect, it } from "vitest";
import { DspError } from "../../src/dsp/errors.js";
import { runningMedian } from "../../src/dsp/running-median.js";
import { lcgUniform } from "./helpers/signals.js";

/** Oracle: sort each truncated window from scratch. */
function naiveMedian(x: ArrayLike<number>, w: number): number[] {
  const half = (w - 1) / 2;
  return Array.from({ length: x.length }, (_, i) => {
    const window = Array.from(x).slice(Math.max(0, i - half), Math.min(x.length, i + half + 1));
    window.sort((a, b) => a - b);
    const mid = window.length >> 1;
    return window.length % 2 ? window[mid] : (window[mid - 1] + window[mid]) / 2;
  });
}

describe("runningMedian", () => {
  it.each([1, 3, 5, 73, 217])("equals the median of each truncated window (window %i)", (w) => {
    const x = Float32Array.from(lcgUniform(1000, 7), (u) => u * 4 - 2);
    expect(Array.from(runningMedian(x, w))).toEqual(naiveMedian(x, w).map(Math.fround));
  });

  it("handles many equal values (ties) and windows longer than the signal", () => {
    const ties = Float32Array.from(lcgUniform(500, 3), (u) => Math.floor(u * 4));
    expect(Array.from(runningMedian(ties, 31))).toEqual(naiveMedian(ties, 31));
    const short = Float32Array.of(5, 1, 4, 2);
    expect(Array.from(runningMedian(short, 9))).toEqual(naiveMedian(short, 9));
    expect(Array.from(runningMedian(short, 9))).toEqual([3, 3, 3, 3]);
  });

  it("takes a window far longer than the signal as the median of all samples, without allocating it", () => {
    expect(Array.from(runningMedian([3, 1, 2], 1_000_000_001))).toEqual([2, 2, 2]);
  });

  it("removes a narrow spike that a mean would smear", () => {
    const x = new Float32Array(21).fill(1);
    x[10] = 100;
    expect(Array.from(runningMedian(x, 5))).toEqual(new Array(21).fill(1));
  });

  it("rejects an even or non-positive window and NaN samples", () => {
    expect(() => runningMedian([1, 2, 3], 4)).toThrow(
      "Expected an odd window length for windowLength but received 4",
    );
    expect(() => runningMedian([1, 2, 3], 0)).toThrow(
      "Expected an integer >= 1 for windowLength but received 0",
    );
    expect(() => runningMedian([1, Number.NaN, 3], 3)).toThrow("x[1] is NaN");
    expect(() => runningMedian([], 3)).toThrow(DspError);
  });
});
