/** Shared signal helpers of the QRS detectors: sanitising input and cheap running-window features. */

/**
 * Returns a copy of the signal with every non-finite sample (NaN marks invalid samples in records)
 * replaced by the last finite value before it (0 before the first), so filters never see NaN.
 */
export function bridgeNonFinite(signal: Float32Array): Float32Array {
  const out = new Float32Array(signal.length);
  let last = 0;
  for (let i = 0; i < signal.length; i++) {
    const v = signal[i];
    if (Number.isFinite(v)) last = v;
    out[i] = last;
  }
  return out;
}

/**
 * Returns the trailing moving average of `x` over `width` samples (out[i] = mean of x[i-width+1..i],
 * fewer at the start), in the units of x. Runs in O(n) with a float64 running sum.
 */
export function trailingMean(x: Float32Array, width: number): Float32Array {
  const out = new Float32Array(x.length);
  const w = Math.max(1, Math.round(width));
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    sum += x[i];
    if (i >= w) sum -= x[i - w];
    out[i] = sum / Math.min(i + 1, w);
  }
  return out;
}

/** Returns the indices of local maxima of x (x[i] > x[i-1] and x[i] >= x[i+1]), ascending. */
export function localMaxima(x: Float32Array): Int32Array {
  const found = new Int32Array(Math.max(0, x.length >> 1));
  let count = 0;
  for (let i = 1; i < x.length - 1; i++) if (x[i] > x[i - 1] && x[i] >= x[i + 1]) found[count++] = i;
  return found.slice(0, count);
}

/**
 * Returns the peaks (ascending sample indices into x) that remain when, taking them from the highest down,
 * every smaller peak closer than `distance` samples to a kept one is dropped (the rule of
 * scipy.signal.find_peaks' `distance`).
 */
export function suppressNeighbours(x: Float32Array, peaks: Int32Array, distance: number): Int32Array {
  const order = new Uint32Array(peaks.length);
  for (let k = 0; k < order.length; k++) order[k] = k;
  order.sort((a, b) => x[peaks[b]] - x[peaks[a]] || a - b);
  const removed = new Uint8Array(peaks.length);
  for (const k of order) {
    if (removed[k]) continue;
    for (let j = k - 1; j >= 0 && peaks[k] - peaks[j] < distance; j--) removed[j] = 1;
    for (let j = k + 1; j < peaks.length && peaks[j] - peaks[k] < distance; j++) removed[j] = 1;
  }
  return peaks.filter((_, k) => !removed[k]);
}

/** Returns the local maxima of x (ascending) left by `suppressNeighbours` within `distance` samples. */
export function separatedPeaks(x: Float32Array, distance: number): Int32Array {
  return suppressNeighbours(x, localMaxima(x), distance);
}

/**
 * Returns the index of the R peak near `center`: the sample in [center - halfWidth, center + halfWidth]
 * that deviates most from the window's baseline (the mean of its two ends), so that inverted (QS)
 * complexes are marked at their negative extremum.
 */
export function dominantExtremum(signal: Float32Array, center: number, halfWidth: number): number {
  const lo = Math.max(0, center - halfWidth);
  const hi = Math.min(signal.length - 1, center + halfWidth);
  const baseline = (signal[lo] + signal[hi]) / 2;
  let best = center;
  let bestDeviation = -1;
  for (let i = lo; i <= hi; i++) {
    const deviation = Math.abs(signal[i] - baseline);
    if (deviation > bestDeviation) {
      bestDeviation = deviation;
      best = i;
    }
  }
  return best;
}
