import { describe, expect, it } from "vitest";
import { delineateTemplate, templateParameters } from "../../../src/detect/pwave/template-method.js";
import { ecgSimulate } from "../../../src/simulate/index.js";

describe("delineateTemplate", () => {
  it("works block by block over a long recording (several templates)", () => {
    const ecg = ecgSimulate({
      durationS: 200,
      fs: 360,
      heartRate: 75,
      seed: 21,
      noise: 0.02,
      heartRateStd: 3,
    });
    expect(ecg.rPeaks.length).toBeGreaterThan(3 * templateParameters.blockBeats);
    const found = delineateTemplate(ecg.signal, ecg.rPeaks, ecg.fs);
    const hits = found.filter((p, i) => p !== null && Math.abs(p.peak - ecg.pWaves[i]!.peak) < 0.02 * ecg.fs);
    expect(hits.length).toBeGreaterThanOrEqual(ecg.rPeaks.length - 1);
  });

  it.each([false, true])(
    "gives ventricular-paced beats (a pacemaker spike before each QRS) no P wave (P waves before them: %s)",
    (pWaves) => {
      const fs = 500;
      const ecg = ecgSimulate({ durationS: 30, fs, heartRate: 70, seed: 22, pWaves, noise: 0.005 });
      for (const r of ecg.rPeaks) {
        ecg.signal[r - 0.04 * fs] += 2;
        ecg.signal[r - 0.04 * fs + 1] -= 1;
      }
      expect(delineateTemplate(ecg.signal, ecg.rPeaks, fs).every((p) => p === null)).toBe(true);
    },
  );

  it("finds the P wave of beats whose R peak was put on another part of the QRS complex", () => {
    const fs = 360;
    const ecg = ecgSimulate({ durationS: 40, fs, heartRate: 70, seed: 24, noise: 0.01 });
    // Every fourth R peak 30 ms late, as a detector may mark the S wave instead of the R wave.
    const moved = ecg.rPeaks.map((r, i) => (i % 4 === 2 ? r + Math.round(0.03 * fs) : r));
    const found = delineateTemplate(ecg.signal, moved, fs);
    found.forEach((p, i) => {
      const truth = ecg.pWaves[i];
      if (truth === null || i === 0) return;
      expect(p).not.toBeNull();
      expect(Math.abs(p!.peak - truth.peak)).toBeLessThanOrEqual(0.02 * fs);
    });
  });

  it("gives no P wave in atrial flutter with a fixed 5:1 conduction (flutter waves locked to the QRS)", () => {
    const fs = 360;
    const ecg = ecgSimulate({ durationS: 40, fs, heartRate: 50, seed: 26, pWaves: false, noise: 0.01 });
    // Five flutter waves (0.1 mV, 30 ms wide) per RR interval of 1.2 s: 250 per minute, the last 60 ms before R.
    const cycle = 0.24 * fs;
    for (const r of ecg.rPeaks) {
      for (let wave = 1; wave <= 5; wave++) {
        const centre = Math.round(r - wave * cycle + 0.18 * fs);
        for (let k = Math.max(0, centre - 22); k <= Math.min(ecg.signal.length - 1, centre + 22); k++) {
          ecg.signal[k] -= 0.1 * Math.exp(-0.5 * ((k - centre) / (0.03 * fs)) ** 2);
        }
      }
    }
    expect(delineateTemplate(ecg.signal, ecg.rPeaks, fs).every((p) => p === null)).toBe(true);
  });

  it("finds the P waves of beats whose PR interval varies within a block only when RR is regular", () => {
    // Sinus rhythm: steady PR, P waves found although RR varies a lot (respiratory arrhythmia).
    const sinus = ecgSimulate({ durationS: 60, fs: 250, heartRate: 60, seed: 23, heartRateStd: 8 });
    const found = delineateTemplate(sinus.signal, sinus.rPeaks, sinus.fs);
    expect(found.filter((p) => p !== null).length).toBeGreaterThan(0.95 * found.length);
  });

  it("has its parameters frozen", () => {
    expect(Object.isFrozen(templateParameters)).toBe(true);
  });
});
