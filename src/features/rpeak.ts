/**
 * R-peak features of every beat: the RR intervals around it and its R amplitude, the rhythm features of
 * de Chazal et al. 2004 (IEEE TBME 51(7), "Automatic classification of heartbeats using ECG morphology and
 * heartbeat interval features") plus the R amplitude.
 */
import { selectMedian } from "../detect/quantile.js";
import {
  checkFiniteSignal,
  checkFs,
  checkInteger,
  checkOptions,
  checkPositive,
  checkRPeaks,
} from "./checks.js";
import { FeatureError } from "./errors.js";
import { emptyTable, type FeatureTable } from "./table.js";

/** The columns of rPeakFeatures: seconds, the two ratios without unit, rAmplitude in the signal's units (mV). */
export const R_PEAK_FEATURES = [
  "rrPre",
  "rrPost",
  "rrLocal",
  "rrGlobal",
  "rrPreRatio",
  "rrPostRatio",
  "rAmplitude",
] as const;

/** Options of rPeakFeatures. */
export interface RPeakFeatureOptions {
  /** RR intervals averaged into rrLocal, centred on the beat (default 10, as de Chazal). */
  localBeats?: number;
  /** Span of signal, centred on the beat, whose RR intervals average into rrGlobal (default 300 s). */
  globalSeconds?: number;
  /** Half-width of the window around R whose median is the baseline of rAmplitude (default 0.3 s). */
  baselineSeconds?: number;
}

/**
 * Returns the R-peak features of every beat (one row per R peak, columns R_PEAK_FEATURES):
 * - rrPre, rrPost: seconds from the previous R peak and to the next (the first beat's rrPre is its rrPost,
 *   the last beat's rrPost its rrPre);
 * - rrLocal: mean rrPre of the `localBeats` beats centred on this one;
 * - rrGlobal: mean rrPre of the beats within `globalSeconds` / 2 of this one;
 * - rrPreRatio, rrPostRatio: rrPre and rrPost over rrLocal (below 1 for a premature beat, above for the pause
 *   after it: the rhythm relative to the patient's own, comparable between patients);
 * - rAmplitude: signal at R minus the median of the signal within `baselineSeconds` of R (negative for an
 *   inverted QRS).
 * Needs at least two R peaks; throws a FeatureError otherwise, or for a bad signal, R peaks, fs or option.
 *
 * @param signal one ECG lead (finite samples, e.g. ecgClean's output)
 * @param rPeaks R-peak sample indices, strictly ascending (ecgPeaks, or reference annotations)
 * @param fs sampling frequency in Hz
 */
export function rPeakFeatures(
  signal: Float32Array,
  rPeaks: Int32Array,
  fs: number,
  options: RPeakFeatureOptions = {},
): FeatureTable {
  checkFiniteSignal(signal);
  checkRPeaks(rPeaks, signal.length);
  checkFs(fs);
  checkOptions(options, ["localBeats", "globalSeconds", "baselineSeconds"], "rPeakFeatures");
  const { localBeats = 10, globalSeconds = 300, baselineSeconds = 0.3 } = options;
  checkInteger(localBeats, "localBeats", 1);
  checkPositive(globalSeconds, "globalSeconds");
  checkPositive(baselineSeconds, "baselineSeconds");
  const n = rPeaks.length;
  if (n < 2) {
    throw new FeatureError(`RR intervals need at least 2 R peaks, but rPeaks has ${n}`);
  }

  const rrPre = new Float64Array(n);
  for (let i = 1; i < n; i++) rrPre[i] = (rPeaks[i] - rPeaks[i - 1]) / fs;
  rrPre[0] = rrPre[1];
  // prefix sums make every window mean O(1)
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + rrPre[i];
  const meanOf = (from: number, to: number) => (prefix[to] - prefix[from]) / (to - from);

  const table = emptyTable(R_PEAK_FEATURES, n);
  const width = R_PEAK_FEATURES.length;
  const halfGlobal = (globalSeconds / 2) * fs;
  const halfBaseline = Math.max(1, Math.round(baselineSeconds * fs));
  const window = new Float64Array(2 * halfBaseline + 1);
  let globalFrom = 0;
  let globalTo = 0;
  for (let i = 0; i < n; i++) {
    const row = table.values.subarray(i * width, (i + 1) * width);
    row[0] = rrPre[i];
    row[1] = i + 1 < n ? rrPre[i + 1] : rrPre[i];
    const localFrom = Math.max(0, Math.min(i - Math.floor((localBeats - 1) / 2), n - localBeats));
    row[2] = meanOf(localFrom, Math.min(n, localFrom + localBeats));
    while (rPeaks[globalFrom] < rPeaks[i] - halfGlobal) globalFrom++;
    while (globalTo < n && rPeaks[globalTo] <= rPeaks[i] + halfGlobal) globalTo++;
    row[3] = meanOf(globalFrom, globalTo);
    row[4] = row[0] / row[2];
    row[5] = row[1] / row[2];
    const from = Math.max(0, rPeaks[i] - halfBaseline);
    const to = Math.min(signal.length, rPeaks[i] + halfBaseline + 1);
    for (let t = from; t < to; t++) window[t - from] = signal[t];
    row[6] = signal[rPeaks[i]] - selectMedian(window, to - from);
  }
  return table;
}
