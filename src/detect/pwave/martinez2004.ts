/**
 * The "martinez2004" P-wave delineator: beat by beat, on the dyadic wavelet transform, after Martinez, Almeida,
 * Olmos, Rocha & Laguna, "A wavelet-based ECG delineator: evaluation on standard databases", IEEE TBME 51(4),
 * 570-581, 2004, section II-E, with the constants of their P-wave rules:
 *
 * - in a window of 200 ms before the beat's QRS onset, the modulus maxima of W at the P scale that exceed
 *   0.02 RMS(W) over the whole signal and 1.25 % of the largest one in the window are significant; a P wave needs
 *   at least two;
 * - its peak is the zero crossing of W between the pair of consecutive opposite-signed maxima with the largest
 *   moduli (for a biphasic wave, its larger phase);
 * - onset and offset: going outwards from the first and last significant maxima (at most 40 ms), the first
 *   sample where |W| falls below 0.5 (onset) or 0.9 (offset) of that maximum, or stops falling.
 *
 * The paper works at 250 Hz with P waves at scale 2^4; here the work signal runs at ~125 Hz, so the same
 * time scale is 2^3. It has no rule for absent P waves beyond the thresholds, so in atrial fibrillation it reports
 * f-waves as P waves: a baseline to compare the "template" method against.
 */
import type { PWave } from "../pwave.js";
import { qrsOnset } from "./beat-template.js";
import { waveletDelay, waveletTransform } from "./wavelet.js";
import { fromWork, toWork, workSignal } from "./work-signal.js";

const scale = 3;
const searchWindow = 0.2;
const boundaryWindow = 0.04;
const significantRms = 0.02;
const significantInWindow = 0.0125;
const onsetFraction = 0.5;
const offsetFraction = 0.9;

/** Returns one entry per R peak: its P wave (input sample indices) or null; see the file comment. */
export function delineateMartinez2004(
  signal: Float32Array,
  rPeaks: Int32Array,
  fs: number,
): Array<PWave | null> {
  const work = workSignal(signal, fs);
  const out: Array<PWave | null> = new Array(rPeaks.length).fill(null);
  if (work.y.length === 0) return out;
  const w = waveletTransform(work.y, scale).detail[scale - 1];
  const delay = waveletDelay(scale);
  let squares = 0;
  for (const v of w) squares += v * v;
  const threshold = significantRms * Math.sqrt(squares / w.length);
  const wfs = work.fs;
  const window = Math.round(searchWindow * wfs);
  const reach = Math.round(boundaryWindow * wfs);
  const before = Math.round(0.2 * wfs);
  const after = Math.round(0.1 * wfs);
  rPeaks.forEach((rPeak, i) => {
    const r = toWork(work, rPeak);
    if (r - before < 0 || r + after >= work.y.length) return;
    const beat = Float64Array.from(work.y.subarray(r - before, r + after + 1));
    const qrsStart = r - before + qrsOnset(beat, before, wfs);
    // Indices into w are delayed: the window [qrsStart - window, qrsStart) of the signal is shifted by `delay`.
    const from = Math.max(1, Math.ceil(qrsStart - window + delay));
    const to = Math.min(w.length - 2, Math.floor(qrsStart + delay));
    const maxima = significantMaxima(w, from, to, threshold);
    if (maxima.length < 2) return;
    const pair = strongestOppositePair(w, maxima);
    if (pair < 0) return;
    const peak = zeroCrossing(w, maxima[pair], maxima[pair + 1]);
    const onset = boundary(w, maxima[0], -1, onsetFraction, reach);
    const offset = boundary(w, maxima[maxima.length - 1], 1, offsetFraction, reach);
    const wave = {
      onset: Math.round(fromWork(work, onset - delay)),
      peak: Math.round(fromWork(work, peak - delay)),
      offset: Math.round(fromWork(work, offset - delay)),
    };
    const earliest = i > 0 ? rPeaks[i - 1] : 0;
    if (wave.onset >= earliest && wave.onset < wave.peak && wave.peak < wave.offset && wave.offset < rPeak) {
      out[i] = wave;
    }
  });
  return out;
}

/** Returns the local maxima of |w| in [from, to] above threshold and above 1.25 % of the largest there. */
function significantMaxima(w: Float64Array, from: number, to: number, threshold: number): number[] {
  let largest = 0;
  for (let k = from; k <= to; k++) largest = Math.max(largest, Math.abs(w[k]));
  const floor = Math.max(threshold, significantInWindow * largest);
  const maxima: number[] = [];
  for (let k = from; k <= to; k++) {
    const m = Math.abs(w[k]);
    if (m > floor && m >= Math.abs(w[k - 1]) && m > Math.abs(w[k + 1])) maxima.push(k);
  }
  return maxima;
}

/** Returns the index i of the consecutive maxima (i, i + 1) of opposite sign with the largest total modulus, or -1. */
function strongestOppositePair(w: Float64Array, maxima: number[]): number {
  let best = -1;
  let bestModulus = 0;
  for (let i = 0; i + 1 < maxima.length; i++) {
    const a = w[maxima[i]];
    const b = w[maxima[i + 1]];
    if (Math.sign(a) === Math.sign(b)) continue;
    if (Math.abs(a) + Math.abs(b) > bestModulus) {
      bestModulus = Math.abs(a) + Math.abs(b);
      best = i;
    }
  }
  return best;
}

/** Returns the (fractional) position of the sign change of w between indices a and b. */
function zeroCrossing(w: Float64Array, a: number, b: number): number {
  for (let k = a; k < b; k++) {
    if (Math.sign(w[k]) !== Math.sign(w[k + 1])) return k + w[k] / (w[k] - w[k + 1]);
  }
  return (a + b) / 2;
}

/** Walks from a maximum in `direction` until |w| drops below fraction x its modulus or stops falling. */
function boundary(
  w: Float64Array,
  start: number,
  direction: 1 | -1,
  fraction: number,
  reach: number,
): number {
  const floor = fraction * Math.abs(w[start]);
  let k = start + direction;
  for (; Math.abs(k - start) < reach && k > 0 && k < w.length - 1; k += direction) {
    if (Math.abs(w[k]) < floor || Math.abs(w[k + direction]) > Math.abs(w[k])) return k;
  }
  return k;
}
