import { describe, expect, it } from "vitest";
import { butter } from "../../src/dsp/butter.js";
import { DspError } from "../../src/dsp/errors.js";
import { sosfilt } from "../../src/dsp/sosfilt.js";
import { sosfiltZi } from "../../src/dsp/sosfilt-zi.js";
import { indices, signalLength, sosfiltCases, ziCases } from "./fixtures/filters.js";
import { expectAllClose, expectMatchesSummary } from "./helpers/expect.js";
import { designOf, nameOf } from "./helpers/fixtures.js";
import { testEcgLike } from "./helpers/signals.js";

describe("sosfilt", () => {
  it.each(sosfiltCases.map((c) => [nameOf(c), c] as const))(
    "matches scipy.signal.sosfilt within 1e-6 relative: %s",
    (_, c) => {
      const y = sosfilt(designOf(c), testEcgLike(signalLength, c.fs));
      expect(y).toBeInstanceOf(Float32Array);
      expect(y).toHaveLength(signalLength);
      expectMatchesSummary(y, indices, c, 1e-6);
    },
  );

  it.each(ziCases.map((c) => [nameOf(c), c] as const))(
    "with zi returns { y, zf } equal to scipy's sosfilt(sos, x, zi=zi * x[0]): %s",
    (_, c) => {
      const sos = designOf(c);
      const x = testEcgLike(signalLength, c.fs);
      const zi = sosfiltZi(sos).map((row) => row.map((v) => v * x[0]));
      const { y, zf } = sosfilt(sos, x, zi);
      expectMatchesSummary(y, indices, c, 1e-6);
      for (const [s, row] of zf.entries()) expectAllClose(row, c.zf[s], 1e-9);
    },
  );

  it("filters a signal in blocks exactly as in one call when each block starts from the last zf", () => {
    const sos = butter(4, [1, 30], "bandpass", 360);
    const x = testEcgLike(2000, 360);
    const whole = sosfilt(sos, x);
    let state = sos.map(() => [0, 0]) as ArrayLike<number>[];
    const blocks: number[] = [];
    for (const [start, end] of [
      [0, 1],
      [1, 700],
      [700, 2000],
    ]) {
      const { y, zf } = sosfilt(sos, x.subarray(start, end), state);
      blocks.push(...y);
      state = zf;
    }
    expectAllClose(blocks, whole, 0);
  });

  it("accepts a Float64Array or a plain array and returns a Float32Array", () => {
    const sos = butter(2, 10, "lowpass", 100);
    const y = sosfilt(sos, [1, 2, 3]);
    expect(y).toBeInstanceOf(Float32Array);
    expectAllClose(sosfilt(sos, Float64Array.of(1, 2, 3)), y, 0);
  });

  it("rejects an empty signal, NaN samples (naming the first) and malformed zi", () => {
    const sos = butter(2, 10, "lowpass", 100);
    expect(() => sosfilt(sos, new Float32Array(0))).toThrow("Expected a non-empty signal for x");
    expect(() => sosfilt(sos, Float32Array.of(1, 2, Number.NaN, 4))).toThrow(
      "x[2] is NaN: the signal must be finite. Fill missing (NaN) samples first",
    );
    expect(() => sosfilt(sos, [1, Number.POSITIVE_INFINITY])).toThrow(DspError);
    expect(() => sosfilt(sos, [1, 2], [])).toThrow("Expected 1 rows of 2 initial conditions");
    expect(() => sosfilt(sos, [1, 2], [[0, 0, 0]])).toThrow("Expected 2 initial conditions for zi[0]");
    expect(() => sosfilt(sos, [1, 2], [[0, Number.NaN]])).toThrow("zi[0][1] is NaN");
  });

  it("rejects coefficients with NaN, a0 != 1 or the wrong shape", () => {
    expect(() => sosfilt([[1, 0, 0, 1, Number.NaN, 0]], [1])).toThrow("sos[0][4] is NaN");
    expect(() => sosfilt([[2, 0, 0, 0.5, 0, 0]], [1])).toThrow("sos[0][3] (a0) is 0.5 but must be 1");
    expect(() => sosfilt([], [1])).toThrow("Expected a non-empty array of [b0, b1, b2, a0, a1, a2] rows");
  });
});
