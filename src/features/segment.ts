/** Beat segments: a fixed window of the signal around every R peak (the backbone's input for beat tasks). */
import { checkFiniteSignal, checkInteger, checkOptions, checkRPeaks } from "./checks.js";

/** Options of beatWindows, in samples. */
export interface BeatWindowOptions {
  /** Samples before the R peak (default 90: 0.25 s at 360 Hz). */
  before?: number;
  /** Samples from the R peak on, the R peak included (default 166: 256 samples in all). */
  after?: number;
}

/**
 * Returns the windows (beats, before + after) row-major: row i is signal[r - before, r + after) for R peak r,
 * with samples past either end of the signal repeating the end sample. Resample the signal first for another
 * rate (dsp's resample); the defaults give MIT-BIH's 360 Hz beats of 256 samples, R at index 90. Throws a
 * FeatureError for a bad signal, R peaks or option.
 */
export function beatWindows(
  signal: Float32Array,
  rPeaks: Int32Array,
  options: BeatWindowOptions = {},
): Float32Array {
  checkFiniteSignal(signal);
  checkRPeaks(rPeaks, signal.length);
  checkOptions(options, ["before", "after"], "beatWindows");
  const { before = 90, after = 166 } = options;
  checkInteger(before, "before", 0, 1_000_000);
  checkInteger(after, "after", 1, 1_000_000);
  const width = before + after;
  const out = new Float32Array(rPeaks.length * width);
  const last = signal.length - 1;
  for (let i = 0; i < rPeaks.length; i++) {
    const start = rPeaks[i] - before;
    const row = out.subarray(i * width, (i + 1) * width);
    const from = Math.max(0, -start);
    const to = Math.min(width, last + 1 - start);
    row.set(signal.subarray(start + from, start + to), from);
    row.fill(signal[0], 0, from);
    row.fill(signal[last], to);
  }
  return out;
}
