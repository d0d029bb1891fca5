/**
 * The QRS energy envelope of the efficientecg detector: a zero-phase 5-20 Hz band-pass, the slope of the
 * result, and its root-mean-square over a centred 100 ms window. The envelope peaks at the centre of each
 * QRS complex whatever its polarity, in mV/s, with a height proportional to the complex's slope.
 */
import { filterSections, highpassSection, lowpassSection } from "./biquad.js";

/** Band-pass corners and RMS window of the envelope (Hz, Hz, s). */
const ENVELOPE_BAND = { lowHz: 5, highHz: 20, windowS: 0.1 } as const;

/** Returns the signal band-passed forwards then backwards (zero phase), in signal units. */
function zeroPhaseBandpass(signal: Float32Array, fs: number): Float32Array {
  const sections = [
    highpassSection(ENVELOPE_BAND.lowHz, fs),
    lowpassSection(ENVELOPE_BAND.highHz, fs),
  ] as const;
  const out = filterSections(sections, signal, new Float32Array(signal.length));
  return filterSections(sections, out, out, true);
}

/**
 * Returns the QRS envelope of a finite ECG lead sampled at fs Hz: the RMS slope (mV/s for a signal in mV)
 * of its 5-20 Hz zero-phase band-pass over a centred 100 ms window; same length as the signal.
 */
export function qrsEnvelope(signal: Float32Array, fs: number): Float32Array {
  const n = signal.length;
  const envelope = new Float32Array(n);
  if (n < 3) return envelope;
  // Squared central-difference slope, in (units/s)^2, written over the band-passed signal as it is read.
  const energy = zeroPhaseBandpass(signal, fs);
  const scale = fs / 2;
  let previous = energy[0];
  for (let i = 1; i < n - 1; i++) {
    const slope = (energy[i + 1] - previous) * scale;
    previous = energy[i];
    energy[i] = slope * slope;
  }
  energy[0] = 0;
  energy[n - 1] = 0;
  // Centred moving average by a running float64 sum, then the square root (back to units/s).
  const half = Math.min(n - 1, Math.max(1, Math.floor((ENVELOPE_BAND.windowS * fs) / 2)));
  let sum = 0;
  for (let i = 0; i < half; i++) sum += energy[i];
  const fullWidth = 2 * half + 1;
  for (let i = 0; i < n; i++) {
    if (i + half < n) sum += energy[i + half];
    if (i > half) sum -= energy[i - half - 1];
    const count =
      i >= half && i + half < n ? fullWidth : Math.min(n - 1, i + half) - Math.max(0, i - half) + 1;
    envelope[i] = Math.sqrt(sum > 0 ? sum / count : 0);
  }
  return envelope;
}
