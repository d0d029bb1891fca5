/**
 * Beat morphology of the synthetic ECG: each beat is a sum of Gaussian waves (Q, R, S, T), as in McSharry's
 * ECGSYN (McSharry et al., IEEE TBME 50(3), 2003) and NeuroKit2's `ecg_simulate`, except the P wave, which is
 * a raised-cosine (sin^2) bump: it has exact onset and offset samples, so the ground truth is unambiguous.
 */
import type { PWave } from "../detect/pwave.js";
import type { SeededRandom } from "./random.js";
import type { TimedBeat } from "./rhythm.js";

/** Per-record wave parameters (seconds and mV), drawn once from the seed within normal adult ranges. */
export interface Morphology {
  /** P-wave amplitude, mV (negative for an inverted P wave). */
  pAmplitude: number;
  /** P-wave duration, s. */
  pDuration: number;
  /** P onset to R peak at a heart rate of 60 bpm, s (shortens mildly at faster rates). */
  pOnsetToR: number;
  qAmplitude: number;
  rAmplitude: number;
  sAmplitude: number;
  /** Width (Gaussian SD) of the R wave, s. */
  rWidth: number;
  tAmplitude: number;
}

/** Returns a record's morphology for the given P amplitude (mV), the rest drawn from rng. */
export function drawMorphology(pAmplitude: number, rng: SeededRandom): Morphology {
  return {
    pAmplitude,
    pDuration: rng.between(0.08, 0.12),
    pOnsetToR: rng.between(0.17, 0.22),
    qAmplitude: -rng.between(0.05, 0.15),
    rAmplitude: rng.between(0.8, 1.4),
    sAmplitude: -rng.between(0.15, 0.35),
    rWidth: rng.between(0.009, 0.012),
    tAmplitude: rng.between(0.2, 0.4),
  };
}

/**
 * Adds one beat with its R peak at sample rPeak to out (mV at fs Hz); returns its P wave in samples, or null when
 * the beat has none (withP false, or a ventricular beat). Amplitudes jitter by a few percent from beat to beat.
 */
export function addBeat(
  out: Float64Array,
  fs: number,
  rPeak: number,
  beat: TimedBeat,
  shape: Morphology,
  withP: boolean,
  rng: SeededRandom,
): PWave | null {
  const jitter = (): number => 1 + 0.04 * rng.normal();
  // QT shortens with the square root of RR (Bazett); ECGSYN scales its wave angles the same way.
  const rrRoot = Math.sqrt(Math.min(2, Math.max(0.25, beat.rr)));
  if (beat.kind === "V") {
    addGaussian(out, fs, rPeak, 0, 0.028, 1.3 * shape.rAmplitude * jitter());
    addGaussian(out, fs, rPeak, 0.3 * rrRoot, 0.07 * rrRoot, -1.5 * shape.tAmplitude * jitter());
    return null;
  }
  addGaussian(out, fs, rPeak, -2.6 * shape.rWidth, 0.7 * shape.rWidth, shape.qAmplitude * jitter());
  addGaussian(out, fs, rPeak, 0, shape.rWidth, shape.rAmplitude * jitter());
  addGaussian(out, fs, rPeak, 2.8 * shape.rWidth, 0.9 * shape.rWidth, shape.sAmplitude * jitter());
  // An asymmetric T wave: a slow ascending limb (ST segment) then the main, faster-falling wave.
  addGaussian(out, fs, rPeak, 0.22 * rrRoot, 0.05 * rrRoot, 0.25 * shape.tAmplitude * jitter());
  addGaussian(out, fs, rPeak, 0.3 * rrRoot, 0.045 * rrRoot, shape.tAmplitude * jitter());
  if (!withP) return null;
  const prScale = Math.min(2, Math.max(0.25, beat.rr)) ** 0.15;
  const onset = rPeak - Math.round(shape.pOnsetToR * prScale * fs);
  const half = Math.max(1, Math.round((shape.pDuration * fs) / 2));
  addSineSquaredBump(out, onset, 2 * half, shape.pAmplitude * jitter());
  return { onset, peak: onset + half, offset: onset + 2 * half };
}

/** Adds amplitude * exp(-(t - c)^2 / (2 width^2)) over +-5 widths, c = rPeak/fs + delay (s), to out. */
function addGaussian(
  out: Float64Array,
  fs: number,
  rPeak: number,
  delay: number,
  width: number,
  amplitude: number,
): void {
  const center = rPeak + delay * fs;
  const sigma = width * fs;
  const from = Math.max(0, Math.ceil(center - 5 * sigma));
  const to = Math.min(out.length - 1, Math.floor(center + 5 * sigma));
  for (let i = from; i <= to; i++) {
    const z = (i - center) / sigma;
    out[i] += amplitude * Math.exp(-0.5 * z * z);
  }
}

/** Adds amplitude * sin^2(pi (i - onset) / length) for samples onset..onset+length (zero at both ends). */
function addSineSquaredBump(out: Float64Array, onset: number, length: number, amplitude: number): void {
  const to = Math.min(out.length - 1, onset + length);
  for (let i = Math.max(0, onset); i <= to; i++) {
    const s = Math.sin((Math.PI * (i - onset)) / length);
    out[i] += amplitude * s * s;
  }
}
