import { describe, expect, it } from "vitest";
import { medianTemplate, pacingSpikeOffset, qrsOnset } from "../../../src/detect/pwave/beat-template.js";

const gauss = (k: number, center: number, width: number) => Math.exp(-0.5 * ((k - center) / width) ** 2);

describe("medianTemplate", () => {
  it("recovers the common beat despite offsets between beats and one outlier beat", () => {
    const beat = (k: number) => gauss(k, 40, 3) + 0.2 * gauss(k, 20, 5);
    const y = new Float32Array(1000);
    const centres = [100, 250, 400, 550, 700];
    centres.forEach((c, b) => {
      for (let k = -40; k <= 20; k++)
        y[c + k] = beat(k + 40) + 0.3 * b + (b === 2 ? 2 * gauss(k, -10, 4) : 0);
    });
    const template = medianTemplate(y, centres, 40, 20, 10);
    expect(template.length).toBe(61);
    for (let k = 0; k <= 60; k++) expect(template[k]).toBeCloseTo(beat(k) - beat(0), 2);
  });
});

describe("qrsOnset", () => {
  it("finds the start of a Q-R-S complex, not the P wave before it", () => {
    const fs = 125;
    const r = 60;
    // P wave at R - 150 ms; QRS from a Q wave at R - 25 ms: onset about 40 ms before R.
    const t = Float64Array.from(
      { length: 80 },
      (_, k) =>
        0.15 * gauss(k, r - 0.15 * fs, 0.02 * fs) -
        0.1 * gauss(k, r - 0.025 * fs, 0.008 * fs) +
        gauss(k, r, 0.01 * fs),
    );
    const onset = qrsOnset(t, r, fs);
    expect((r - onset) / fs).toBeGreaterThan(0.03);
    expect((r - onset) / fs).toBeLessThan(0.07);
  });
});

describe("qrsOnset on a slurred upstroke", () => {
  it("walks back through a notch in the upstroke to where the complex leaves the baseline", () => {
    // Piecewise-linear beat at 125 Hz: flat, a slow rise for 7 samples (56 ms), a notch where the slope dips
    // to 40 % of the steepest, then the steep rise to R at index 60.
    const slopes = new Map<number, number>();
    for (let k = 41; k <= 47; k++) slopes.set(k, 0.03);
    slopes.set(48, 0.02);
    for (let k = 49; k <= 60; k++) slopes.set(k, 0.05);
    const t = new Float64Array(80);
    for (let k = 1; k < t.length; k++) t[k] = t[k - 1] + (slopes.get(k) ?? (k > 60 ? -0.05 : 0));
    const onset = qrsOnset(t, 60, 125);
    expect(onset).toBeGreaterThanOrEqual(39);
    expect(onset).toBeLessThanOrEqual(42);
  });
});

describe("pacingSpikeOffset", () => {
  const fs = 500;
  const beats = [500, 1000, 1500, 2000, 2500];
  function ecg(withSpikes: boolean): Float32Array {
    const x = new Float32Array(3000);
    for (const r of beats) {
      for (let k = r - 50; k < r + 50; k++) x[k] += gauss(k, r, 5);
      if (withSpikes) x[r - 30] += 3;
    }
    return x;
  }

  it("finds a spike 60 ms before each R peak", () => {
    expect(pacingSpikeOffset(ecg(true), beats, fs)).toBe(-31);
  });

  it("finds none in unpaced beats, or below 250 Hz", () => {
    expect(pacingSpikeOffset(ecg(false), beats, fs)).toBeNull();
    expect(pacingSpikeOffset(ecg(true), beats, 200)).toBeNull();
  });

  it("takes no jump after the QRS upstroke for a spike (the flat top of a clipped R wave falling at once)", () => {
    const x = ecg(false);
    for (const r of beats) {
      x.fill(0.9, r - 8, r + 4);
      x[r + 4] = 0.05;
    }
    expect(pacingSpikeOffset(x, beats, fs)).toBeNull();
  });
});
