import { describe, expect, it } from "vitest";
import { fromWork, toWork, workSignal } from "../../../src/detect/pwave/work-signal.js";

function sine(fs: number, seconds: number, hz: number, amplitude = 1): Float32Array {
  return Float32Array.from(
    { length: Math.round(fs * seconds) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / fs),
  );
}

/** Peak absolute value of y away from its first and last second (edge effects). */
function innerPeak(y: Float32Array, fs: number): number {
  let peak = 0;
  for (let i = Math.round(fs); i < y.length - fs; i++) peak = Math.max(peak, Math.abs(y[i]));
  return peak;
}

describe("workSignal", () => {
  it.each([
    [128, 1],
    [250, 2],
    [360, 3],
    [500, 4],
    [1000, 8],
  ])("decimates %i Hz by %i to about 125 Hz", (fs, step) => {
    const w = workSignal(new Float32Array(fs * 4), fs);
    expect(w.step).toBe(step);
    expect(w.fs).toBe(fs / step);
    expect(w.y.length).toBe(Math.floor((fs * 4) / step));
    expect(w.origin).toBe((step - 1) / 2);
  });

  it("keeps a constant level and P-wave frequencies (5 Hz within 1 %), and removes 50 Hz (below 5 %)", () => {
    expect(
      Array.from(workSignal(new Float32Array(3600).fill(0.7), 360).y).every((v) => Math.abs(v - 0.7) < 1e-6),
    ).toBe(true);
    const slow = workSignal(sine(500, 10, 5), 500);
    expect(innerPeak(slow.y, slow.fs)).toBeGreaterThan(0.99);
    const hum = workSignal(sine(500, 10, 50), 500);
    expect(innerPeak(hum.y, hum.fs)).toBeLessThan(0.05);
  });

  it("adds no delay: a symmetric bump keeps its peak position", () => {
    const fs = 360;
    const x = Float32Array.from({ length: 3600 }, (_, i) => Math.exp(-0.5 * ((i - 1800) / 18) ** 2));
    const w = workSignal(x, fs);
    let argmax = 0;
    for (let j = 0; j < w.y.length; j++) if (w.y[j] > w.y[argmax]) argmax = j;
    expect(Math.abs(fromWork(w, argmax) - 1800)).toBeLessThanOrEqual(w.step);
  });

  it("fills invalid samples: NaN blocks take the last valid value, leading ones the first", () => {
    const x = new Float32Array(1000).fill(1);
    x.fill(Number.NaN, 0, 100);
    x.fill(Number.NaN, 500, 600);
    x[700] = Number.POSITIVE_INFINITY;
    const w = workSignal(x, 250);
    expect(Array.from(w.y).every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
    expect(Array.from(workSignal(new Float32Array(500).fill(Number.NaN), 250).y).every((v) => v === 0)).toBe(
      true,
    );
  });

  it("maps between input and work indices", () => {
    const w = workSignal(new Float32Array(5000), 500);
    expect(toWork(w, 1.5)).toBe(0);
    expect(toWork(w, 401.5)).toBe(100);
    expect(fromWork(w, 100)).toBe(401.5);
    expect(toWork(w, -50)).toBe(0);
    expect(toWork(w, 10_000)).toBe(w.y.length - 1);
  });

  it("returns an empty work signal for an input shorter than one block", () => {
    expect(workSignal(new Float32Array(3), 1000).y.length).toBe(0);
  });
});
