/**
 * The features on detected beats end to end: a simulated ECG with known rhythm (detect -> features), and a
 * MIT-BIH record with its reference beats.
 */
import { describe, expect, it } from "vitest";
import { readMitdb } from "../../src/datasets/index.js";
import { ecgDelineate, ecgPeaks } from "../../src/detect/index.js";
import { ecgClean } from "../../src/dsp/index.js";
import {
  beatSequences,
  featureColumn,
  joinFeatures,
  P_WAVE_FEATURES,
  pWaveFeatures,
  R_PEAK_FEATURES,
  rPeakFeatures,
} from "../../src/features/index.js";
import { ecgSimulate } from "../../src/simulate/index.js";
import { dbDir, describeWithData } from "../helpers/data.js";

const mean = (x: Float32Array) => x.reduce((s, v) => s + v, 0) / x.length;

function features(rhythm: "sinus" | "af") {
  const ecg = ecgSimulate({ durationS: 60, fs: 360, heartRate: 75, seed: 3, rhythm, noise: 0.01 });
  const clean = ecgClean(ecg.signal, ecg.fs);
  const rPeaks = ecgPeaks(ecg.signal, ecg.fs);
  const pWaves = ecgDelineate(clean, rPeaks, ecg.fs);
  return {
    r: rPeakFeatures(clean, rPeaks, ecg.fs),
    p: pWaveFeatures(clean, rPeaks, pWaves, ecg.fs),
  };
}

describe("features of detected beats (simulated ECG, 60 s at 360 Hz, 75 bpm)", () => {
  it("sinus rhythm: mean RR 0.8 s, a P wave in almost every beat, 0.1-0.3 s before R", () => {
    const { r, p } = features("sinus");
    expect(mean(featureColumn(r, "rrPre"))).toBeCloseTo(0.8, 1);
    expect(mean(featureColumn(p, "pPresent"))).toBeGreaterThan(0.95);
    const onsetToR = featureColumn(p, "pOnsetToR").filter((v) => v > 0);
    expect(Math.min(...onsetToR)).toBeGreaterThan(0.1);
    expect(Math.max(...onsetToR)).toBeLessThan(0.3);
  });

  it("atrial fibrillation: irregular RR and (almost) no P waves", () => {
    const { r, p } = features("af");
    const rr = featureColumn(r, "rrPre");
    const sd = Math.sqrt(mean(rr.map((v) => (v - mean(rr)) ** 2)));
    expect(sd).toBeGreaterThan(0.05);
    expect(mean(featureColumn(p, "pPresent"))).toBeLessThan(0.1);
  });

  it("joinFeatures and beatSequences turn the two tables into 16-step sequences of their 11 columns", () => {
    const { r, p } = features("sinus");
    const both = joinFeatures(r, p);
    expect(both.names).toEqual([...R_PEAK_FEATURES, ...P_WAVE_FEATURES]);
    expect(beatSequences(both).length).toBe(r.beats * 16 * 11);
  });
});

describeWithData("features of MIT-BIH record 100 (reference beats)", () => {
  it("mean rrPre is the record's mean RR, 1805 s over 2273 beats (0.794 s), and R amplitudes are positive", () => {
    const { record, beats } = readMitdb("100", { dir: dbDir("mitdb") });
    const rPeaks = Int32Array.from(beats, (b) => b.sample);
    const table = rPeakFeatures(ecgClean(record.signals[0], record.fs), rPeaks, record.fs);
    const rr = featureColumn(table, "rrPre");
    expect(mean(rr)).toBeCloseTo(
      (rPeaks[rPeaks.length - 1] - rPeaks[0]) / record.fs / (rPeaks.length - 1),
      2,
    );
    expect(mean(rr)).toBeCloseTo(0.794, 2);
    expect(mean(featureColumn(table, "rAmplitude"))).toBeGreaterThan(0.5);
  });
});
