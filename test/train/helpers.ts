/** Simulated labelled records for the training tests: normal beats (class 0) and PVCs (class 1), no data needed. */
import { ecgSimulate } from "../../src/simulate/index.js";
import type { LabelledRecord } from "../../src/train/index.js";

/** Returns a record of `seconds` at 360 Hz with 20 % PVCs, its beats labelled N = 0 and V = 1. */
export function simulatedRecord(name: string, seed: number, seconds = 60): LabelledRecord {
  const ecg = ecgSimulate({
    durationS: seconds,
    fs: 360,
    heartRate: 70,
    seed,
    pvcFraction: 0.2,
    noise: 0.01,
  });
  return {
    name,
    signal: ecg.signal,
    fs: ecg.fs,
    meta: { age: 30 + seed, sex: seed % 2 ? "M" : "F" },
    beats: ecg.rPeaks,
    labels: Int32Array.from(ecg.beatKinds, (kind) => (kind === "N" ? 0 : 1)),
  };
}

/** A small EfficientECG for two classes (N, V): width and depth 0.25, an R-peak autoencoder and the fusion. */
export const smallModelOptions = {
  leads: 1,
  classes: 2,
  width: 0.25,
  depth: 0.25,
  rPeak: { steps: 16, features: 7, hidden: 8, latent: 4 },
  fusion: { dModel: 8, heads: 2 },
};
