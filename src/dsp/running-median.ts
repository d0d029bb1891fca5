import { expected } from "../errors.js";
import { DspError } from "./errors.js";
import { checkInteger, finiteCopy } from "./validate.js";

/**
 * Returns the running median of `x` over a centred window of `windowLength` samples (odd, >= 1)
 * (Float32Array, same length and units as `x`). Near the ends the window is truncated to the samples that
 * exist (MATLAB's `medfilt1(..., "truncate")`) and the median of an even count is the mean of the middle
 * two, so the ends are not pulled towards 0 as by the zero padding of `scipy.signal.medfilt`.
 *
 * The window is kept sorted: each step finds the leaving and the arriving sample by binary search
 * (O(log w)) and moves only the values ranked between them, one block copy.
 */
export function runningMedian(x: ArrayLike<number>, windowLength: number): Float32Array {
  checkInteger(windowLength, "windowLength", 1);
  if (windowLength % 2 === 0)
    throw new DspError(expected("an odd window length", "windowLength", windowLength));
  const signal = finiteCopy(x, "x");
  const n = signal.length;
  const half = (windowLength - 1) / 2;
  // The window never holds more than n samples, however long it is.
  const sorted = new Float64Array(Math.min(windowLength, n));
  let count = 0;
  const insert = (v: number) => {
    const at = lowerBound(sorted, count, v);
    sorted.copyWithin(at + 1, at, count);
    sorted[at] = v;
    count++;
  };
  const remove = (v: number) => {
    const at = lowerBound(sorted, count, v);
    sorted.copyWithin(at, at + 1, count);
    count--;
  };
  const replace = (outgoing: number, incoming: number) => {
    const from = lowerBound(sorted, count, outgoing);
    const to = lowerBound(sorted, count, incoming);
    if (to > from) {
      sorted.copyWithin(from, from + 1, to);
      sorted[to - 1] = incoming;
    } else {
      sorted.copyWithin(to + 1, to, from);
      sorted[to] = incoming;
    }
  };

  for (let i = 0; i < Math.min(half, n); i++) insert(signal[i]);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const enters = i + half < n;
    const leaves = i - half - 1 >= 0;
    if (enters && leaves) replace(signal[i - half - 1], signal[i + half]);
    else if (enters) insert(signal[i + half]);
    else if (leaves) remove(signal[i - half - 1]);
    const mid = count >> 1;
    y[i] = count % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
  return y;
}

/** Returns the first index in sorted[0, count) whose value is >= v. */
function lowerBound(sorted: Float64Array, count: number, v: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
