import { describe, expect, it } from "vitest";
import {
  addBaselineWander,
  addFibrillatoryWaves,
  addPowerline,
  addWhiteNoise,
} from "../../src/simulate/noise.js";
import { SeededRandom } from "../../src/simulate/random.js";

const fs = 500;

/** Amplitude of the DFT of x at hz (Hz), scaled so that a sinusoid of amplitude A gives A. */
function amplitudeAt(x: Float64Array, hz: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < x.length; i++) {
    re += x[i] * Math.cos((2 * Math.PI * hz * i) / fs);
    im -= x[i] * Math.sin((2 * Math.PI * hz * i) / fs);
  }
  return (2 * Math.hypot(re, im)) / x.length;
}

describe("noise sources", () => {
  it("adds powerline interference of the requested amplitude at 50 or 60 Hz", () => {
    for (const hz of [50, 60]) {
      const x = new Float64Array(10 * fs);
      addPowerline(x, fs, 0.2, hz, new SeededRandom(1));
      expect(amplitudeAt(x, hz)).toBeCloseTo(0.2, 3);
      expect(Math.max(...x)).toBeCloseTo(0.2, 2);
    }
  });

  it("adds white noise with the requested standard deviation", () => {
    const x = new Float64Array(100_000);
    addWhiteNoise(x, 0.05, new SeededRandom(2));
    const rms = Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length);
    expect(rms).toBeCloseTo(0.05, 3);
  });

  it("adds baseline wander bounded by its amplitude with all power below 0.5 Hz", () => {
    const x = new Float64Array(60 * fs);
    addBaselineWander(x, fs, 0.4, new SeededRandom(3));
    expect(Math.max(...x.map(Math.abs))).toBeLessThanOrEqual(0.4);
    expect(Math.max(...x.map(Math.abs))).toBeGreaterThan(0.1);
    for (const hz of [1, 2, 5]) expect(amplitudeAt(x, hz)).toBeLessThan(0.01);
  });

  it("adds fibrillatory waves whose power lies at 4-10 Hz", () => {
    const x = new Float64Array(20 * fs);
    addFibrillatoryWaves(x, fs, 0.05, new SeededRandom(4));
    let inBand = 0;
    let total = 0;
    for (let hz = 0.5; hz < 40; hz += 0.25) {
      const a = amplitudeAt(x, hz) ** 2;
      total += a;
      if (hz >= 4 && hz <= 10) inBand += a;
    }
    expect(inBand / total).toBeGreaterThan(0.6);
    const rms = Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length);
    expect(rms).toBeGreaterThan(0.03);
    expect(rms).toBeLessThan(0.07);
  });
});
