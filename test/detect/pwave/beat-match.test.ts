import { describe, expect, it } from "vitest";
import { matchBeat } from "../../../src/detect/pwave/beat-match.js";
import { SeededRandom } from "../../../src/simulate/random.js";

const template = Float64Array.from({ length: 21 }, (_, k) => Math.exp(-0.5 * ((k - 10) / 3) ** 2));

/** A beat holding gain x template shifted by `shift` samples from 40, on a sloping baseline. */
function beat(shift: number, gain: number, noise = 0): Float32Array {
  const rng = new SeededRandom(2);
  return Float32Array.from({ length: 120 }, (_, i) => {
    const k = i - 40 - shift;
    return 1 + 0.01 * i + gain * Math.exp(-0.5 * ((k - 10) / 3) ** 2) + noise * rng.normal();
  });
}

describe("matchBeat", () => {
  it("finds the shift, gain and a near-perfect fit of a scaled, shifted copy", () => {
    const m = matchBeat(beat(4, 1.5), 40, template, 8)!;
    expect(m.lag).toBeCloseTo(4, 1);
    expect(m.gain).toBeCloseTo(1.5, 3);
    expect(m.explained).toBeGreaterThan(0.999);
    expect(m.residual).toBeLessThan(1e-3);
  });

  it("refines the shift between samples", () => {
    expect(matchBeat(beat(-2.5, 1), 40, template, 8)!.lag).toBeCloseTo(-2.5, 0);
    expect(Math.abs(matchBeat(beat(-2.5, 1), 40, template, 8)!.lag + 2.5)).toBeLessThan(0.3);
  });

  it("reports a poor fit for noise", () => {
    const m = matchBeat(beat(0, 0, 0.1), 40, template, 8);
    expect(m === null || m.explained < 0.5).toBe(true);
  });

  it("skips shifts that leave the signal and returns null when none fits", () => {
    expect(matchBeat(beat(-38, 1), 2, template, 4)?.lag).toBeCloseTo(0, 1);
    expect(matchBeat(new Float32Array(10), 0, template, 2)).toBeNull();
  });
});
