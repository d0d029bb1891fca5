import { describe, expect, it } from "vitest";
import { pantompkins1985 } from "../../../src/detect/qrs/pantompkins1985.js";
import { ecgSimulate } from "../../../src/simulate/index.js";

describe("pantompkins1985", () => {
  it("finds every beat of synthetic ECGs at 128, 360 and 1000 Hz within 20 ms, upright or inverted", () => {
    for (const fs of [128, 360, 1000]) {
      for (const inverted of [false, true]) {
        const sim = ecgSimulate({ durationS: 60, fs, heartRate: 80, seed: 5, inverted, noise: 0.03 });
        const found = pantompkins1985(sim.signal, fs);
        expect(found.length, `${fs} Hz inverted=${inverted}`).toBe(sim.rPeaks.length);
        found.forEach((p, i) => {
          expect(Math.abs(p - sim.rPeaks[i])).toBeLessThanOrEqual(0.02 * fs);
        });
      }
    }
  });

  it("respects the 200 ms refractory period and finds nothing in a flat line", () => {
    const sim = ecgSimulate({ durationS: 30, fs: 360, heartRate: 150, seed: 6, pvcFraction: 0.2 });
    const found = pantompkins1985(sim.signal, 360);
    for (let i = 1; i < found.length; i++) expect(found[i] - found[i - 1]).toBeGreaterThanOrEqual(0.2 * 360);
    expect(pantompkins1985(new Float32Array(3600).fill(1), 360).length).toBe(0);
  });
});
