import { expected } from "../errors.js";
import { DspError } from "./errors.js";
import { checkFs, checkOptions, checkSignal } from "./validate.js";

/** Options of `fillMissing`. */
export interface FillMissingOptions {
  /**
   * Longest run of missing samples filled, in seconds (default 0.25: shorter than the shortest RR interval,
   * about 0.25 s at 240 bpm, so a filled gap can hide at most one beat). 0 rejects any missing sample;
   * Infinity fills every gap.
   */
  maxGapSeconds?: number;
}

/** Default of `FillMissingOptions.maxGapSeconds`: 0.25 s. */
export const DEFAULT_MAX_GAP_SECONDS = 0.25;

/** Returns `seconds` after checking it is a valid `maxGapSeconds`: a number >= 0, Infinity allowed. */
export function checkMaxGap(seconds: number): number {
  if (typeof seconds !== "number" || Number.isNaN(seconds) || seconds < 0) {
    throw new DspError(expected("a number of seconds >= 0 (or Infinity)", "maxGapSeconds", seconds));
  }
  return seconds;
}

/**
 * Returns a copy of `x` (Float32Array, same length and units) with each run of missing samples (NaN or
 * ±Infinity, as WFDB readers return invalid samples) replaced by the straight line between the valid samples
 * on either side; a run at either end takes the value of the nearest valid sample.
 *
 * Throws a DspError, naming the first offending run's samples and times, when a run is longer than
 * `maxGapSeconds` or when no sample is valid: filling it would invent signal.
 */
export function fillMissing(x: ArrayLike<number>, fs: number, options?: FillMissingOptions): Float32Array {
  checkSignal(x);
  checkFs(fs);
  const { maxGapSeconds = DEFAULT_MAX_GAP_SECONDS } = checkOptions(options, ["maxGapSeconds"], "fillMissing");
  checkMaxGap(maxGapSeconds);
  const n = x.length;
  const y = Float32Array.from(x);
  let i = 0;
  while (i < n) {
    if (Number.isFinite(y[i])) {
      i++;
      continue;
    }
    let end = i;
    while (end < n && !Number.isFinite(y[end])) end++;
    // Missing run is [i, end).
    if (i === 0 && end === n)
      throw new DspError(`x has no valid sample: all ${n} samples are NaN or infinite`);
    const length = end - i;
    if (length / fs > maxGapSeconds) {
      throw new DspError(
        `x has ${length} missing (NaN) samples at [${i}, ${end - 1}] (${(i / fs).toFixed(3)} s to ` +
          `${((end - 1) / fs).toFixed(3)} s), longer than maxGapSeconds = ${maxGapSeconds} s: ` +
          "trim or split the record there, or raise maxGapSeconds",
      );
    }
    const before = i > 0 ? y[i - 1] : y[end];
    const after = end < n ? y[end] : y[i - 1];
    for (let k = i; k < end; k++) y[k] = before + ((after - before) * (k - i + 1)) / (length + 1);
    i = end;
  }
  return y;
}
