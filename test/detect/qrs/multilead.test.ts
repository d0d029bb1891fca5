import { describe, expect, it } from "vitest";
import { efficientecg2026 } from "../../../src/detect/qrs/efficientecg2026.js";
import { efficientecg2026Multilead } from "../../../src/detect/qrs/multilead.js";
import { ecgSimulate } from "../../../src/simulate/index.js";

const fs = 360;
// Two leads of one rhythm: the simulated lead and a smaller, inverted copy with its own noise.
function twoLeads() {
  const sim = ecgSimulate({ durationS: 60, fs, heartRate: 70, seed: 2, noise: 0.02 });
  const other = ecgSimulate({ durationS: 60, fs, heartRate: 70, seed: 2, noise: 0.02, inverted: true });
  return { truth: sim.rPeaks, first: sim.signal, second: other.signal.map((v) => 0.7 * v) };
}

describe("efficientecg2026Multilead", () => {
  it("uses the second lead's beats where the first lead goes flat (electrode off for 15 s)", () => {
    const { truth, first, second } = twoLeads();
    first.fill(first[20 * fs], 20 * fs, 35 * fs);
    const single = efficientecg2026(first, fs);
    const fused = efficientecg2026Multilead([first, second], fs);
    expect(truth.length - single.length).toBeGreaterThanOrEqual(15);
    expect(fused.length).toBe(truth.length);
    fused.forEach((p, i) => {
      expect(Math.abs(p - truth[i])).toBeLessThanOrEqual(0.02 * fs);
    });
  });

  it("equals the first lead's detection when that lead is clean, and with a single lead", () => {
    const { first, second } = twoLeads();
    expect(Array.from(efficientecg2026Multilead([first, second], fs))).toEqual(
      Array.from(efficientecg2026(first, fs)),
    );
    expect(Array.from(efficientecg2026Multilead([first], fs))).toEqual(
      Array.from(efficientecg2026(first, fs)),
    );
  });

  it("drops the first lead's sharp P waves that the second lead does not see (record 108's pattern)", () => {
    const { truth, first, second } = twoLeads();
    // A spike as sharp as a QRS 220 ms before every second R peak, in lead 0 only.
    truth.forEach((r, i) => {
      if (i % 2 === 0) return;
      for (let j = -10; j <= 10; j++) first[r - Math.round(0.22 * fs) + j] += 2 * Math.exp(-((j / 2.5) ** 2));
    });
    const single = efficientecg2026(first, fs);
    const fused = efficientecg2026Multilead([first, second], fs);
    expect(single.length - truth.length).toBeGreaterThan(10);
    expect(fused.length).toBe(truth.length);
  });

  it("does not fill a pause of the first lead with the second lead's noise", () => {
    const { first, second } = twoLeads();
    let seed = 3;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
    // A 5 s sinus arrest: lead 0 keeps its usual noise (0.02 mV rms), lead 1 carries large artefacts.
    for (let i = 20 * fs; i < 25 * fs; i++) {
      first[i] = 0.07 * random();
      second[i] = 1.5 * random();
    }
    const fused = efficientecg2026Multilead([first, second], fs);
    expect(Array.from(fused).filter((p) => p > 20.3 * fs && p < 24.7 * fs)).toEqual([]);
  });

  it("keeps the first lead where every lead is dead", () => {
    const flat = new Float32Array(30 * fs);
    expect(efficientecg2026Multilead([flat, flat], fs).length).toBe(0);
  });
});
