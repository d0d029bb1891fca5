import { describe, expect, it } from "vitest";
import { butter } from "../../src/dsp/butter.js";
import { DspError } from "../../src/dsp/errors.js";
import { type BaselineMethod, removeBaseline } from "../../src/dsp/remove-baseline.js";
import { runningMedian } from "../../src/dsp/running-median.js";
import { sosfiltfilt } from "../../src/dsp/sosfiltfilt.js";
import { ecgSimulate } from "../../src/simulate/index.js";
import { expectAllClose } from "./helpers/expect.js";
import { testEcgLike } from "./helpers/signals.js";

/** A simulated ECG and the same ECG plus a 0.3 mV offset and a 0.4 mV, 0.1 Hz baseline wander. */
function ecgWithWander(fs: number) {
  const clean = ecgSimulate({ durationS: 30, fs, heartRate: 70, seed: 5 }).signal;
  const wandering = clean.map((v, i) => v + 0.3 + 0.4 * Math.sin((2 * Math.PI * 0.1 * i) / fs));
  return { clean, wandering };
}

/** Mean |a - b| over the samples at least `margin` from both ends. */
function meanAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>, margin: number): number {
  let sum = 0;
  for (let i = margin; i < a.length - margin; i++) sum += Math.abs(a[i] - b[i]);
  return sum / (a.length - 2 * margin);
}

describe("removeBaseline", () => {
  it("highpass (the default) is a zero-phase 0.5 Hz order-2 Butterworth high-pass", () => {
    const x = testEcgLike(3000, 360);
    expectAllClose(removeBaseline(x, 360), sosfiltfilt(butter(2, 0.5, "highpass", 360), x), 0);
    expectAllClose(
      removeBaseline(x, 360, "highpass", { cutoffHz: 1, order: 3 }),
      sosfiltfilt(butter(3, 1, "highpass", 360), x),
      0,
    );
  });

  it("median subtracts the 600 ms median of the 200 ms median (73 and 217 samples at 360 Hz)", () => {
    const x = testEcgLike(3000, 360);
    const baseline = runningMedian(runningMedian(x, 73), 217);
    expectAllClose(
      removeBaseline(x, 360, "median"),
      x.map((v, i) => v - baseline[i]),
      0,
    );
  });

  it.each(["highpass", "median"] as BaselineMethod[])(
    "%s removes an offset and a 0.1 Hz wander from a simulated ECG (mean residual < 0.02 mV)",
    (method) => {
      const fs = 360;
      const { clean, wandering } = ecgWithWander(fs);
      const residual = meanAbsDifference(
        removeBaseline(wandering, fs, method),
        removeBaseline(clean, fs, method),
        fs,
      );
      expect(residual).toBeLessThan(0.02);
      // Without removal the two differ by the 0.3 mV offset plus the wander.
      expect(meanAbsDifference(wandering, clean, fs)).toBeGreaterThan(0.3);
    },
  );

  it("rejects an unknown method, a misspelled option and a bad fs", () => {
    const x = new Float32Array(100);
    expect(() => removeBaseline(x, 360, "wavelet" as BaselineMethod)).toThrow(
      'Expected one of "highpass", "median" for method but received "wavelet"',
    );
    expect(() => removeBaseline(x, 360, "highpass", { cutoffhz: 1 } as never)).toThrow(
      'Misspelled option "cutoffhz" of removeBaseline should be "cutoffHz"',
    );
    expect(() => removeBaseline(x, -1)).toThrow(DspError);
    expect(() => removeBaseline(new Float32Array(0), 360)).toThrow("Expected a non-empty signal for x");
  });
});
