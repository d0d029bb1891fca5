/**
 * ecgDelineate on seeded synthetic ECGs (ecgSimulate) with exact ground truth: per scenario, missed and extra
 * P waves and the boundary errors (detected minus true, ms). The true onset and offset are the ends of the
 * simulator's raised-cosine P wave; the delineator's boundary rule is calibrated to expert marks instead.
 */
import { ecgDelineate, type PWaveMethod } from "../../src/detect/delineate.js";
import { ecgSimulate, type SimulateOptions } from "../../src/simulate/index.js";
import { meanSd } from "./score.js";

/** One scenario's result. */
export interface SyntheticRow {
  scenario: string;
  beats: number;
  truePWaves: number;
  missed: number;
  extra: number;
  onset: { mean: number; sd: number };
  peak: { mean: number; sd: number };
  offset: { mean: number; sd: number };
}

const base = { durationS: 60, heartRate: 72, seed: 1 };

const scenarios: Array<[string, SimulateOptions]> = [
  ["clean, 128 Hz", { ...base, fs: 128 }],
  ["clean, 360 Hz", { ...base, fs: 360 }],
  ["clean, 1000 Hz", { ...base, fs: 1000 }],
  ["noise 0.05 mV, 360 Hz", { ...base, fs: 360, noise: 0.05 }],
  ["wander 0.5 mV + 50 Hz 0.1 mV, 500 Hz", { ...base, fs: 500, baselineWander: 0.5, powerline: 0.1 }],
  ["HRV 6 bpm + noise 0.02, 250 Hz", { ...base, fs: 250, heartRateStd: 6, noise: 0.02 }],
  ["130 bpm, 500 Hz", { ...base, fs: 500, heartRate: 130 }],
  ["inverted P waves, 500 Hz", { ...base, fs: 500, pWaveAmplitude: -0.15 }],
  ["15 % PVCs + noise 0.02, 360 Hz", { ...base, fs: 360, pvcFraction: 0.15, noise: 0.02 }],
  ["atrial fibrillation, 360 Hz", { ...base, fs: 360, rhythm: "af", noise: 0.01 }],
  ["AF, coarse f-waves 0.1 mV, 360 Hz", { ...base, fs: 360, rhythm: "af", fWaveAmplitude: 0.1 }],
  ["no P waves (junctional), 360 Hz", { ...base, fs: 360, pWaves: false, noise: 0.01 }],
];

/** Returns one row per scenario for the given method. */
export function syntheticCheck(method: PWaveMethod): SyntheticRow[] {
  return scenarios.map(([scenario, options]) => {
    const ecg = ecgSimulate(options);
    const found = ecgDelineate(ecg.signal, ecg.rPeaks, ecg.fs, { method });
    const ms = 1000 / ecg.fs;
    const errors = { onset: [] as number[], peak: [] as number[], offset: [] as number[] };
    let missed = 0;
    let extra = 0;
    found.forEach((p, i) => {
      const truth = ecg.pWaves[i];
      if (p && truth) {
        errors.onset.push((p.onset - truth.onset) * ms);
        errors.peak.push((p.peak - truth.peak) * ms);
        errors.offset.push((p.offset - truth.offset) * ms);
      } else if (truth) missed++;
      else if (p) extra++;
    });
    return {
      scenario,
      beats: ecg.rPeaks.length,
      truePWaves: ecg.pWaves.filter((p) => p !== null).length,
      missed,
      extra,
      onset: meanSd(errors.onset),
      peak: meanSd(errors.peak),
      offset: meanSd(errors.offset),
    };
  });
}
