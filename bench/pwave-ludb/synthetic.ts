/**
 * ecgDelineate on seeded synthetic ECGs (ecgSimulate) with exact ground truth: per scenario, missed and extra
 * P waves and the boundary errors (detected minus true, ms). The true onset and offset are the ends of the
 * simulator's raised-cosine P wave; the delineator's boundary rule is calibrated to expert marks instead.
 */
import { ecgDelineate, type PWaveMethod } from "../../src/detect/delineate.js";
import { ecgSimulate, type SimulatedEcg, type SimulateOptions } from "../../src/simulate/index.js";
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

/** Changes made to a simulated ECG after the simulator: waves it cannot draw itself. */
type Addition = (ecg: SimulatedEcg) => void;

/**
 * Adds atrial flutter waves locked to the QRS complexes (fixed conduction, `ratio` waves per RR interval):
 * negative Gaussians of 0.1 mV and 30 ms SD, the last one 60 ms before each R peak. The ECG has no P waves.
 */
function flutterWaves(ratio: number): Addition {
  return (ecg) => {
    const rr = ecg.rPeaks[1] - ecg.rPeaks[0];
    const width = 0.03 * ecg.fs;
    const half = Math.round(3 * width);
    for (const r of ecg.rPeaks) {
      for (let wave = 1; wave <= ratio; wave++) {
        const centre = Math.round(r - 0.06 * ecg.fs - ((wave - 1) * rr) / ratio);
        for (let k = Math.max(0, centre - half); k <= Math.min(ecg.signal.length - 1, centre + half); k++) {
          ecg.signal[k] -= 0.1 * Math.exp(-0.5 * ((k - centre) / width) ** 2);
        }
      }
    }
  };
}

/**
 * Adds a pacemaker spike (2 mV, one sample, then -1 mV) 40 ms before each R peak: ventricular pacing. Its
 * beats are not conducted from the atria, so the expected output is no P wave, although P waves precede them
 * (P-synchronous pacing).
 */
const pacingSpikes: Addition = (ecg) => {
  for (const r of ecg.rPeaks) {
    const spike = r - Math.round(0.04 * ecg.fs);
    ecg.signal[spike] += 2;
    ecg.signal[spike + 1] -= 1;
  }
  ecg.pWaves.fill(null);
};

const scenarios: Array<[string, SimulateOptions, Addition?]> = [
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
  [
    "atrial flutter 5:1 (250/min), 50 bpm, 360 Hz",
    { ...base, fs: 360, heartRate: 50, pWaves: false, noise: 0.01 },
    flutterWaves(5),
  ],
  ["atrial flutter 4:1 (288/min), 360 Hz", { ...base, fs: 360, pWaves: false, noise: 0.01 }, flutterWaves(4)],
  ["ventricular pacing (P waves present), 500 Hz", { ...base, fs: 500, noise: 0.005 }, pacingSpikes],
];

/** Returns one row per scenario for the given method. */
export function syntheticCheck(method: PWaveMethod): SyntheticRow[] {
  return scenarios.map(([scenario, options, addition]) => {
    const ecg = ecgSimulate(options);
    addition?.(ecg);
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
