/**
 * `ecgSimulate`: a seeded synthetic single-lead ECG with its exact ground truth (R peaks and P waves), for
 * tests, demos and detector benchmarks. In the spirit of McSharry's ECGSYN and NeuroKit2's `ecg_simulate`:
 * a sum-of-waves beat model on a rhythm with heart-rate variability, plus optional baseline wander, powerline
 * and white noise, premature ventricular beats, inverted polarity and atrial fibrillation.
 */
import type { PWave } from "../detect/pwave.js";
import { ConfigError, expected, unknownOptionMessage } from "../errors.js";
import { addBaselineWander, addFibrillatoryWaves, addPowerline, addWhiteNoise } from "./noise.js";
import { SeededRandom } from "./random.js";
import { beatTimeline, type SimulatedRhythm } from "./rhythm.js";
import { addBeat, drawMorphology } from "./waves.js";

export type { SimulatedRhythm } from "./rhythm.js";

/** Options of ecgSimulate; amplitudes in mV, times in seconds, rates in beats per minute. */
export interface SimulateOptions {
  /** Length of the signal, s (> 0, at most one day). */
  durationS: number;
  /** Sampling frequency, Hz (100-10000; the detectors support 128-1000). */
  fs: number;
  /** Mean heart rate, bpm (20-240). */
  heartRate: number;
  /** Seed of the random generator: the same options give the same signal, sample for sample. */
  seed: number;
  /** Standard deviation of the heart rate in sinus rhythm, bpm (default 1). */
  heartRateStd?: number;
  /** "sinus" (default) or "af": atrial fibrillation, with irregular RR, f-waves and no P waves. */
  rhythm?: SimulatedRhythm;
  /** Whether sinus beats have P waves (default true; false gives e.g. a junctional rhythm). */
  pWaves?: boolean;
  /** P-wave amplitude, mV (default 0.15; negative for inverted P waves). */
  pWaveAmplitude?: number;
  /** Flip the polarity of the whole ECG, as with swapped electrodes or lead aVR (default false). */
  inverted?: boolean;
  /** Fraction of beats replaced by premature ventricular beats without P waves, 0-0.5 (default 0). */
  pvcFraction?: number;
  /** Standard deviation of additive white Gaussian noise, mV (default 0). */
  noise?: number;
  /** Peak amplitude of baseline wander (0.05-0.5 Hz), mV (default 0). */
  baselineWander?: number;
  /** Amplitude of powerline interference, mV (default 0). */
  powerline?: number;
  /** Powerline frequency, Hz: 50 (default) or 60. */
  powerlineHz?: 50 | 60;
  /** Amplitude of the f-waves in atrial fibrillation, mV (default 0.05; ignored in sinus rhythm). */
  fWaveAmplitude?: number;
}

/** A synthetic ECG and its ground truth. */
export interface SimulatedEcg {
  /** The ECG in mV, round(durationS * fs) samples. */
  signal: Float32Array;
  fs: number;
  /** Sample index of every R peak (the extremum of the QRS complex), ascending. */
  rPeaks: Int32Array;
  /** One entry per R peak: its P wave, or null when the beat has none. */
  pWaves: Array<PWave | null>;
  /** One entry per R peak: "N" for a supraventricular beat, "V" for a premature ventricular beat. */
  beatKinds: Array<"N" | "V">;
}

const optionNames = [
  "durationS",
  "fs",
  "heartRate",
  "seed",
  "heartRateStd",
  "rhythm",
  "pWaves",
  "pWaveAmplitude",
  "inverted",
  "pvcFraction",
  "noise",
  "baselineWander",
  "powerline",
  "powerlineHz",
  "fWaveAmplitude",
] as const;

/**
 * Returns a synthetic ECG (Float32Array in mV at options.fs Hz) with its R peaks, P waves (sample indices)
 * and beat kinds. Deterministic: the same options and seed give the same result on every platform.
 */
export function ecgSimulate(options: SimulateOptions): SimulatedEcg {
  const o = validate(options);
  const rng = new SeededRandom(o.seed);
  const length = Math.round(o.durationS * o.fs);
  const shape = drawMorphology(o.pWaveAmplitude, rng);
  const meanRr = 60 / o.heartRate;
  // The first R peak comes late enough for its whole P wave to lie inside the signal.
  const firstBeat = 0.3 + rng.between(0, 0.5 * meanRr);
  const timeline = beatTimeline(
    {
      rhythm: o.rhythm,
      heartRate: o.heartRate,
      heartRateStd: o.heartRateStd,
      pvcFraction: o.pvcFraction,
      firstBeat,
      end: (length - 0.5) / o.fs,
    },
    rng,
  );
  const out = new Float64Array(length);
  const rPeaks = new Int32Array(timeline.length);
  const pWaves: Array<PWave | null> = [];
  const withP = o.pWaves && o.rhythm === "sinus";
  timeline.forEach((beat, i) => {
    rPeaks[i] = Math.round(beat.time * o.fs);
    pWaves.push(addBeat(out, o.fs, rPeaks[i], beat, shape, withP, rng));
  });
  if (o.rhythm === "af") addFibrillatoryWaves(out, o.fs, o.fWaveAmplitude, rng);
  if (o.baselineWander > 0) addBaselineWander(out, o.fs, o.baselineWander, rng);
  if (o.powerline > 0) addPowerline(out, o.fs, o.powerline, o.powerlineHz, rng);
  if (o.noise > 0) addWhiteNoise(out, o.noise, rng);
  const signal = new Float32Array(length);
  const polarity = o.inverted ? -1 : 1;
  for (let i = 0; i < length; i++) signal[i] = polarity * out[i];
  return { signal, fs: o.fs, rPeaks, pWaves, beatKinds: timeline.map((beat) => beat.kind) };
}

type ResolvedOptions = Required<SimulateOptions>;

function validate(options: SimulateOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) {
    throw new ConfigError(expected("an options object", "ecgSimulate options", options));
  }
  const unknown = unknownOptionMessage(options, optionNames, "ecgSimulate");
  if (unknown !== undefined) throw new ConfigError(unknown);
  const o: ResolvedOptions = {
    heartRateStd: 1,
    rhythm: "sinus",
    pWaves: true,
    pWaveAmplitude: 0.15,
    inverted: false,
    pvcFraction: 0,
    noise: 0,
    baselineWander: 0,
    powerline: 0,
    powerlineHz: 50,
    fWaveAmplitude: 0.05,
    ...stripUndefined(options),
  };
  checkRange(o.durationS, "durationS", 0, 86_400, "a number of seconds in (0, 86400]", true);
  checkRange(o.fs, "fs", 100, 10_000, "a sampling frequency in Hz between 100 and 10000");
  checkRange(o.heartRate, "heartRate", 20, 240, "a heart rate in bpm between 20 and 240");
  if (!Number.isSafeInteger(o.seed)) throw new ConfigError(expected("an integer", "seed", o.seed));
  checkRange(o.heartRateStd, "heartRateStd", 0, 30, "a heart-rate SD in bpm between 0 and 30");
  if (o.rhythm !== "sinus" && o.rhythm !== "af") {
    throw new ConfigError(expected('"sinus" or "af"', "rhythm", o.rhythm));
  }
  if (typeof o.pWaves !== "boolean") throw new ConfigError(expected("a boolean", "pWaves", o.pWaves));
  if (typeof o.inverted !== "boolean") throw new ConfigError(expected("a boolean", "inverted", o.inverted));
  checkRange(o.pWaveAmplitude, "pWaveAmplitude", -2, 2, "an amplitude in mV between -2 and 2");
  checkRange(o.pvcFraction, "pvcFraction", 0, 0.5, "a fraction between 0 and 0.5");
  checkRange(o.noise, "noise", 0, 10, "a noise SD in mV between 0 and 10");
  checkRange(o.baselineWander, "baselineWander", 0, 10, "an amplitude in mV between 0 and 10");
  checkRange(o.powerline, "powerline", 0, 10, "an amplitude in mV between 0 and 10");
  checkRange(o.fWaveAmplitude, "fWaveAmplitude", 0, 2, "an amplitude in mV between 0 and 2");
  if (o.powerlineHz !== 50 && o.powerlineHz !== 60) {
    throw new ConfigError(expected("50 or 60", "powerlineHz", o.powerlineHz));
  }
  if (o.powerline > 0 && o.fs <= 2 * o.powerlineHz) {
    throw new ConfigError(
      `powerlineHz ${o.powerlineHz} is above the Nyquist frequency of fs ${o.fs}; raise fs or set powerline to 0`,
    );
  }
  return o;
}

function checkRange(
  value: unknown,
  name: string,
  low: number,
  high: number,
  what: string,
  lowExclusive = false,
): void {
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (lowExclusive ? value > low : value >= low) &&
    value <= high;
  if (!ok) throw new ConfigError(expected(what, name, value));
}

function stripUndefined(options: SimulateOptions): SimulateOptions {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as unknown as SimulateOptions;
}
