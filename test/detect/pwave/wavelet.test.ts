import { describe, expect, it } from "vitest";
import { waveletDelay, waveletTransform } from "../../../src/detect/pwave/wavelet.js";

const bump = Array.from({ length: 200 }, (_, i) => Math.exp(-0.5 * ((i - 100) / 6) ** 2));

describe("waveletTransform", () => {
  it("returns one detail signal per scale, as long as the input", () => {
    const { detail } = waveletTransform(bump, 4);
    expect(detail.length).toBe(4);
    for (const d of detail) expect(d.length).toBe(200);
  });

  it("is positive on the rising edge, negative on the falling one, and crosses zero at the peak (after the delay)", () => {
    const { detail } = waveletTransform(bump, 4);
    for (let k = 1; k <= 4; k++) {
      const w = detail[k - 1];
      const d = waveletDelay(k);
      expect(w[Math.round(92 + d)]).toBeGreaterThan(0);
      expect(w[Math.round(108 + d)]).toBeLessThan(0);
      let crossing = Number.NaN;
      for (let i = 60; i < 170; i++)
        if (w[i - 1] > 0 && w[i] <= 0) crossing = i - 1 + w[i - 1] / (w[i - 1] - w[i]);
      expect(crossing - d).toBeCloseTo(100, 5);
    }
  });

  it("is zero for a constant signal, and for a ramp equals 2 x slope x 2^(k-1) away from the start", () => {
    const flat = waveletTransform(new Array(50).fill(3), 3);
    for (const d of flat.detail) expect(Array.from(d).every((v) => v === 0)).toBe(true);
    const ramp = waveletTransform(
      Array.from({ length: 100 }, (_, i) => 0.5 * i),
      3,
    );
    for (let k = 1; k <= 3; k++) expect(ramp.detail[k - 1][80]).toBeCloseTo(2 * 0.5 * 2 ** (k - 1), 10);
  });
});

describe("waveletDelay", () => {
  it("is 2^k - 1.5 samples", () => {
    expect([1, 2, 3, 4].map(waveletDelay)).toEqual([0.5, 2.5, 6.5, 14.5]);
  });
});
