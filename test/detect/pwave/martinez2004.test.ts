import { describe, expect, it } from "vitest";
import { delineateMartinez2004 } from "../../../src/detect/pwave/martinez2004.js";
import { ecgSimulate } from "../../../src/simulate/index.js";

describe("delineateMartinez2004", () => {
  it("finds the P waves of a clean synthetic ECG, peaks within 12 ms and boundaries within 40 ms", () => {
    for (const fs of [250, 360, 500]) {
      const ecg = ecgSimulate({ durationS: 30, fs, heartRate: 70, seed: 31 });
      const found = delineateMartinez2004(ecg.signal, ecg.rPeaks, fs);
      found.forEach((p, i) => {
        const truth = ecg.pWaves[i]!;
        expect(p).not.toBeNull();
        expect((Math.abs(p!.peak - truth.peak) * 1000) / fs).toBeLessThanOrEqual(12);
        expect((Math.abs(p!.onset - truth.onset) * 1000) / fs).toBeLessThanOrEqual(40);
        expect((Math.abs(p!.offset - truth.offset) * 1000) / fs).toBeLessThanOrEqual(40);
      });
    }
  });

  it("keeps the P wave between the previous R peak and its own", () => {
    const ecg = ecgSimulate({ durationS: 60, fs: 360, heartRate: 110, seed: 32, noise: 0.03, rhythm: "af" });
    const found = delineateMartinez2004(ecg.signal, ecg.rPeaks, 360);
    found.forEach((p, i) => {
      if (p === null) return;
      expect(p.onset).toBeLessThan(p.peak);
      expect(p.peak).toBeLessThan(p.offset);
      expect(p.offset).toBeLessThan(ecg.rPeaks[i]);
      if (i > 0) expect(p.onset).toBeGreaterThanOrEqual(ecg.rPeaks[i - 1]);
    });
  });

  it("returns nulls for beats too close to the ends and for a flat signal", () => {
    const ecg = ecgSimulate({ durationS: 10, fs: 360, heartRate: 70, seed: 33 });
    expect(delineateMartinez2004(ecg.signal, Int32Array.from([10, ecg.signal.length - 5]), 360)).toEqual([
      null,
      null,
    ]);
    expect(delineateMartinez2004(new Float32Array(3600), ecg.rPeaks, 360).every((p) => p === null)).toBe(
      true,
    );
  });
});
