import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { butter } from "../../src/dsp/butter.js";
import { ecgClean, ecgCleanSos } from "../../src/dsp/ecg-clean.js";
import { DspError } from "../../src/dsp/errors.js";
import { freqzSos } from "../../src/dsp/freqz-sos.js";
import { iirnotch } from "../../src/dsp/iirnotch.js";
import { removeBaseline } from "../../src/dsp/remove-baseline.js";
import { sosfiltfilt } from "../../src/dsp/sosfiltfilt.js";
import { readRecord } from "../../src/io/index.js";
import { ecgSimulate } from "../../src/simulate/index.js";
import { dbDir, describeWithData } from "../helpers/data.js";
import { expectAllClose } from "./helpers/expect.js";

const fs = 360;
const simulated = () => ecgSimulate({ durationS: 20, fs, heartRate: 75, seed: 11 });

/** Largest |a - b| over the samples at least `margin` from both ends. */
function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>, margin: number): number {
  let worst = 0;
  for (let i = margin; i < a.length - margin; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe("ecgCleanSos", () => {
  it("is a 0.5-40 Hz order-2 Butterworth band-pass by default, plus a Q = 30 notch when asked", () => {
    expect(ecgCleanSos(fs)).toEqual(butter(2, [0.5, 40], "bandpass", fs));
    expect(ecgCleanSos(fs, { powerlineHz: 60 })).toEqual([
      ...butter(2, [0.5, 40], "bandpass", fs),
      ...iirnotch(60, 30, fs),
    ]);
  });

  it("gives -6 dB at both edges after the forward-backward pass, and passes 5-20 Hz within 0.5 dB", () => {
    const r = freqzSos(ecgCleanSos(fs), [0.5, 40, 5, 10, 20], fs);
    const db = Array.from(r.magnitude, (m) => 20 * Math.log10(m * m));
    expect(db[0]).toBeCloseTo(-6.02, 2);
    expect(db[1]).toBeCloseTo(-6.02, 2);
    for (const v of db.slice(2)) expect(Math.abs(v)).toBeLessThan(0.5);
  });

  it("builds a high-pass or low-pass alone when the other edge is null", () => {
    expect(ecgCleanSos(fs, { highHz: null })).toEqual(butter(2, 0.5, "highpass", fs));
    expect(ecgCleanSos(fs, { lowHz: null, order: 3 })).toEqual(butter(3, 40, "lowpass", fs));
    expect(ecgCleanSos(fs, { lowHz: null, highHz: null })).toEqual([Float64Array.of(1, 0, 0, 1, 0, 0)]);
  });

  it("rejects edges outside (0, fs/2) by option name, crossed edges and a misspelled option", () => {
    expect(() => ecgCleanSos(64)).toThrow(
      "Expected a frequency inside (0, fs/2) = (0, 32) Hz for highHz but received 40",
    );
    expect(() => ecgCleanSos(fs, { lowHz: 50, highHz: 40 })).toThrow("lowHz (50) must be below highHz (40)");
    expect(() => ecgCleanSos(100, { powerlineHz: 60 })).toThrow("for powerlineHz but received 60");
    expect(() => ecgCleanSos(fs, { powerlineHz: 50, notchQ: 0 })).toThrow("for notchQ but received 0");
    expect(() => ecgCleanSos(fs, { order: 0 })).toThrow(
      "Expected an integer in [1, 16] for order but received 0",
    );
    expect(() => ecgCleanSos(fs, { highhz: 30 } as never)).toThrow(
      'Misspelled option "highhz" of ecgClean should be "highHz"',
    );
  });
});

describe("ecgClean", () => {
  it("equals sosfiltfilt with ecgCleanSos on a signal without missing samples", () => {
    const x = simulated().signal;
    expectAllClose(
      ecgClean(x, fs, { powerlineHz: 50 }),
      sosfiltfilt(ecgCleanSos(fs, { powerlineHz: 50 }), x),
      0,
    );
  });

  it("removes 0.1 Hz baseline wander and 50 Hz hum, leaving the beats (max residual < 0.02 mV)", () => {
    const x = simulated().signal;
    const noisy = x.map(
      (v, i) =>
        v + 0.5 * Math.sin((2 * Math.PI * 0.1 * i) / fs) + 0.2 * Math.sin((2 * Math.PI * 50 * i) / fs),
    );
    const options = { powerlineHz: 50 };
    expect(maxAbsDifference(ecgClean(noisy, fs, options), ecgClean(x, fs, options), 2 * fs)).toBeLessThan(
      0.02,
    );
  });

  it("keeps R peaks where they were (zero phase): each stays the maximum within ±1 sample", () => {
    const { signal, rPeaks } = simulated();
    const y = ecgClean(signal, fs);
    for (const r of rPeaks.slice(2, -2)) {
      let best = r - 10;
      for (let i = r - 10; i <= r + 10; i++) if (y[i] > y[best]) best = i;
      expect(Math.abs(best - r)).toBeLessThanOrEqual(1);
    }
  });

  it("fills short runs of NaN before filtering and rejects runs longer than maxGapSeconds", () => {
    const x = simulated().signal;
    const gappy = Float32Array.from(x);
    gappy.fill(Number.NaN, 1000, 1036); // 0.1 s
    const y = ecgClean(gappy, fs);
    expect(y.every(Number.isFinite)).toBe(true);
    // More than 1 s away from the gap, the output is that of the complete signal.
    const reference = ecgClean(x, fs);
    let worst = 0;
    for (let i = 0; i < y.length; i++)
      if (Math.abs(i - 1018) > fs) worst = Math.max(worst, Math.abs(y[i] - reference[i]));
    expect(worst).toBeLessThan(0.02);
    gappy.fill(Number.NaN, 5000, 5180); // 0.5 s
    expect(() => ecgClean(gappy, fs)).toThrow("x has 180 missing (NaN) samples at [5000, 5179]");
    expect(ecgClean(gappy, fs, { maxGapSeconds: 1 }).every(Number.isFinite)).toBe(true);
  });

  it("rejects a bad maxGapSeconds even when nothing is missing", () => {
    expect(() => ecgClean(new Float32Array(100), fs, { maxGapSeconds: -1 })).toThrow(
      "Expected a number of seconds >= 0 (or Infinity) for maxGapSeconds but received -1",
    );
  });

  it("rejects an empty signal and a bad fs", () => {
    expect(() => ecgClean(new Float32Array(0), fs)).toThrow("Expected a non-empty signal for x");
    expect(() => ecgClean(new Float32Array(100), 0)).toThrow(DspError);
  });
});

describeWithData("ecgClean on MIT-BIH records", () => {
  /** Pearson correlation of a[i] with b[i + lag] over the middle of the signals. */
  function correlation(a: ArrayLike<number>, b: ArrayLike<number>, lag: number): number {
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let i = 1000; i < a.length - 1000; i++) {
      ab += a[i] * b[i + lag];
      aa += a[i] * a[i];
      bb += b[i + lag] * b[i + lag];
    }
    return ab / Math.sqrt(aa * bb);
  }

  it.each(["100", "105", "203", "208"])(
    "record %s, lead 0: no shift against the median-detrended signal, baseline centred in every 10 s",
    (name) => {
      const record = readRecord(join(dbDir("mitdb"), name));
      const x = record.signals[0];
      const y = ecgClean(x, record.fs);
      expect(y).toHaveLength(650_000);
      expect(y.every(Number.isFinite)).toBe(true);
      // Zero phase: the cleaned lead lines up best with the unfiltered (median-detrended) one at lag 0.
      const detrended = removeBaseline(x, record.fs, "median");
      const atZero = correlation(detrended, y, 0);
      for (const lag of [-2, -1, 1, 2]) expect(correlation(detrended, y, lag)).toBeLessThan(atZero);
      // The band-pass leaves no offset or wander: each 10 s window averages within 0.05 mV of 0.
      const window = 10 * record.fs;
      for (let start = 0; start + window <= y.length; start += window) {
        let sum = 0;
        for (let i = start; i < start + window; i++) sum += y[i];
        expect(Math.abs(sum / window)).toBeLessThan(0.05);
      }
    },
  );
});
