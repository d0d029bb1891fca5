import { describe, expect, it } from "vitest";
import { detectLead, efficientecg2026 } from "../../../src/detect/qrs/efficientecg2026.js";
import { ecgSimulate } from "../../../src/simulate/index.js";

// Largest distance (samples) from each true R peak to the nearest detection; -1 if counts differ.
function worstOffset(truth: Int32Array, found: Int32Array): number {
  if (truth.length !== found.length) return -1;
  return Math.max(0, ...Array.from(truth, (t, i) => Math.abs(t - found[i])));
}

describe("efficientecg2026", () => {
  it("finds every beat of a clean synthetic ECG within 10 ms, with one envelope height per beat", () => {
    const sim = ecgSimulate({ durationS: 60, fs: 360, heartRate: 75, seed: 1 });
    const lead = detectLead(sim.signal, 360);
    expect(worstOffset(sim.rPeaks, lead.peaks)).toBeGreaterThanOrEqual(0);
    expect(worstOffset(sim.rPeaks, lead.peaks)).toBeLessThanOrEqual(0.01 * 360);
    expect(lead.heights.length).toBe(lead.peaks.length);
    expect(lead.envelope.length).toBe(sim.signal.length);
  });

  it("handles noise with baseline wander, PVCs with compensatory pauses, AF and fast rates", () => {
    // [options, largest allowed offset in s]: noise of 0.15 mV moves the sharpest sample a little.
    const cases: Array<[object, number]> = [
      [{ noise: 0.15, baselineWander: 0.4, powerline: 0.1 }, 0.05],
      [{ pvcFraction: 0.25 }, 0.02],
      [{ rhythm: "af" }, 0.02],
      [{ heartRate: 190 }, 0.02],
      [{ heartRate: 35 }, 0.02],
    ];
    for (const [extra, tolerance] of cases) {
      const sim = ecgSimulate({ durationS: 60, fs: 250, heartRate: 70, seed: 4, ...extra });
      const offset = worstOffset(sim.rPeaks, efficientecg2026(sim.signal, 250));
      expect(offset, JSON.stringify(extra)).toBeGreaterThanOrEqual(0);
      expect(offset, JSON.stringify(extra)).toBeLessThanOrEqual(tolerance * 250);
    }
  });

  it("gives no beats for pure white or coloured noise", () => {
    let seed = 11;
    const gauss = () => {
      const u = (seed = (seed * 16807) % 2147483647) / 2147483647;
      const v = (seed = (seed * 16807) % 2147483647) / 2147483647;
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    };
    for (const fs of [128, 360, 1000]) {
      const white = Float32Array.from({ length: 120 * fs }, () => 0.1 * gauss());
      let w = 0;
      const brown = Float32Array.from({ length: 120 * fs }, () => (w = 0.98 * w + 0.1 * gauss()));
      expect(efficientecg2026(white, fs).length).toBe(0);
      expect(efficientecg2026(brown, fs).length).toBe(0);
    }
  });
});
