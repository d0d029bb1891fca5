import { describe, expect, it } from "vitest";
import { qrsEnvelope } from "../../../src/detect/qrs/envelope.js";

describe("qrsEnvelope", () => {
  it("is zero for a constant signal and keeps the signal's length", () => {
    const env = qrsEnvelope(new Float32Array(1000).fill(1.2), 360);
    expect(env.length).toBe(1000);
    for (const v of env) expect(v).toBeCloseTo(0, 6);
    expect(qrsEnvelope(new Float32Array(2), 360).length).toBe(2);
  });

  it("peaks at the centre of a QRS-like pulse whatever its polarity, and scales with its amplitude", () => {
    const fs = 500;
    const pulse = (sign: number, amplitude: number) =>
      Float32Array.from(
        { length: 2 * fs },
        (_, i) => sign * amplitude * Math.exp(-(((i - fs) / (0.012 * fs)) ** 2)),
      );
    const argmax = (x: Float32Array) => x.indexOf(Math.max(...x));
    const up = qrsEnvelope(pulse(1, 1), fs);
    const down = qrsEnvelope(pulse(-1, 1), fs);
    const tall = qrsEnvelope(pulse(1, 3), fs);
    // The 100 ms average gives a flat top: its maximum lies within 25 ms of the centre.
    expect(Math.abs(argmax(up) - fs)).toBeLessThanOrEqual(0.025 * fs);
    expect(argmax(down)).toBe(argmax(up));
    expect(Math.max(...tall) / Math.max(...up)).toBeCloseTo(3, 4);
  });

  it("passes QRS frequencies and rejects baseline wander and high-frequency noise", () => {
    const fs = 360;
    const tone = (hz: number) =>
      Float32Array.from({ length: 10 * fs }, (_, i) => Math.sin((2 * Math.PI * hz * i) / fs));
    // Mid-signal envelope of a unit sine, relative to its ideal RMS slope 2*pi*f/sqrt(2).
    const gain = (hz: number) => qrsEnvelope(tone(hz), fs)[5 * fs] / ((2 * Math.PI * hz) / Math.SQRT2);
    expect(gain(10)).toBeGreaterThan(0.7);
    expect(gain(0.5)).toBeLessThan(0.001);
    expect(gain(60)).toBeLessThan(0.02);
  });
});
