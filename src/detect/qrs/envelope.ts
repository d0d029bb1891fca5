/**
 * The QRS energy envelope of the efficientecg detector: a zero-phase 5-20 Hz band-pass, the slope of the
 * result, and its root-mean-square over a centred 100 ms window. The envelope peaks at the centre of each
 * QRS complex whatever its polarity, in mV/s, with a height proportional to the complex's slope.
 */
import { filterSections, highpassSection, lowpassSection } from "./biquad.js";

/** Band-pass corners and RMS window of the envelope (Hz, Hz, s). */
export const ENVELOPE_BAND = { lowHz: 5, highHz: 20, windowS: 0.1 } as const;

/** Returns the signal band-passed forwards then backwards (zero phase) through the sections, in signal units. */
function zeroPhaseBandpass(signal: Float32Array, fs: number): Float32Array {
  const sections = [highpassSection(ENVELOPE_BAND.lowHz, fs), lowpassSection(ENVELOPE_BAND.highHz, fs)];
  const out = filterSections(sections, signal, new Float32Array(signal.length));
  out.reverse();
  filterSections(sections, out, out);
  return out.reverse();
}

/**
 * Returns the QRS envelope of a finite ECG lead sampled at fs Hz: the RMS slope (mV/s for a signal in mV)
 * of its 5-20 Hz zero-phase band-pass over a centred 100 ms window; same length as the signal.
 */
export function qrsEnvelope(signal: Float32Array, fs: number): Float32Array {
  const n = signal.length;
  const filtered = zeroPhaseBandpass(signal, fs);
  // Squared central-difference slope.
  const energy = new Float32Array(n);
  const scale = fs / 2;
  for (let i = 1; i < n - 1; i++) {
    const slope = (filtered[i + 1] - filtered[i - 1]) * scale;
    energy[i] = slope * slope;
  }
  // Centred moving average by a running float64 sum, then the square root (back to mV/s).
  const half = Math.max(1, Math.floor((ENVELOPE_BAND.windowS * fs) / 2));
  const envelope = filtered; // reuse: the band-passed signal is not needed any more
  let sum = 0;
  for (let i = 0; i < Math.min(half, n); i++) sum += energy[i];
  for (let i = 0; i < n; i++) {
    const enter = i + half;
    if (enter < n) sum += energy[enter];
    const leave = i - half - 1;
    if (leave >= 0) sum -= energy[leave];
    const count = Math.min(n - 1, i + half) - Math.max(0, i - half) + 1;
    envelope[i] = Math.sqrt(Math.max(0, sum) / count);
  }
  return envelope;
}
