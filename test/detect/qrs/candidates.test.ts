import { describe, expect, it } from "vitest";
import { qrsCandidates } from "../../../src/detect/qrs/candidates.js";
import { qrsEnvelope } from "../../../src/detect/qrs/envelope.js";

const fs = 360;
// Narrow Gaussian pulses (QRS-like, 25 ms wide) every `rr` seconds on a flat line, plus optional noise.
function pulses(rr: number, seconds: number, noise = 0): { signal: Float32Array; truth: number[] } {
  let seed = 9;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const truth: number[] = [];
  for (let t = 0.5; t < seconds - 0.5; t += rr) truth.push(Math.round(t * fs));
  const signal = new Float32Array(seconds * fs);
  for (let i = 0; i < signal.length; i++) {
    for (const c of truth) if (Math.abs(i - c) < 30) signal[i] += Math.exp(-(((i - c) / 4.5) ** 2));
    signal[i] += noise * (random() - 0.5);
  }
  return { signal, truth };
}

describe("qrsCandidates", () => {
  it("finds one candidate per pulse, within 20 ms of it, with the noise floor at each", () => {
    const { signal, truth } = pulses(0.8, 20, 0.05);
    const { positions, floors } = qrsCandidates(qrsEnvelope(signal, fs), fs);
    expect(positions.length).toBe(truth.length);
    positions.forEach((p, i) => {
      expect(Math.abs(p - truth[i])).toBeLessThanOrEqual(0.02 * fs);
    });
    expect(floors.length).toBe(positions.length);
    for (const f of floors) expect(f).toBeGreaterThan(0);
  });

  it("keeps candidates at least 150 ms apart", () => {
    const { signal } = pulses(0.17, 10, 0.3);
    const { positions } = qrsCandidates(qrsEnvelope(signal, fs), fs);
    for (let i = 1; i < positions.length; i++)
      expect(positions[i] - positions[i - 1]).toBeGreaterThanOrEqual(0.15 * fs);
  });

  it("gives none for a flat line and none for an empty envelope", () => {
    expect(qrsCandidates(qrsEnvelope(new Float32Array(5000).fill(0.7), fs), fs).positions.length).toBe(0);
    expect(qrsCandidates(new Float32Array(0), fs).positions.length).toBe(0);
  });
});
