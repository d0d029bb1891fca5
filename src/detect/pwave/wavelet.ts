/**
 * The dyadic wavelet transform of the wavelet-based ECG delineators: the quadratic spline wavelet (a derivative
 * of a cubic-spline smoothing function) computed with the "algorithme a trous", low-pass h = [1 3 3 1] / 8 and
 * high-pass g = [2 -2] with 2^(k-1) - 1 zeros inserted at scale 2^k (Mallat & Zhong 1992; Li, Zheng & Tai,
 * IEEE TBME 42(1), 1995; Martinez et al., IEEE TBME 51(4), 2004). W at scale 2^k is positive on rising slopes
 * of the signal smoothed at that scale.
 */

/** The transform of one signal: detail[k - 1] is scale 2^k, computed causally. */
export interface WaveletTransform {
  detail: Float64Array[];
}

/**
 * Returns the details of y at scales 2^1..2^levels. The causal filters delay scale 2^k by `waveletDelay(k)`
 * samples: detail[k - 1][n] describes the signal around n - waveletDelay(k). Samples before the start are
 * taken equal to y[0].
 */
export function waveletTransform(y: ArrayLike<number>, levels: number): WaveletTransform {
  const n = y.length;
  let approximation = Float64Array.from(y);
  const detail: Float64Array[] = [];
  for (let k = 1; k <= levels; k++) {
    const s = 2 ** (k - 1);
    const at = (i: number): number => approximation[Math.max(0, i)];
    const w = new Float64Array(n);
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      w[i] = 2 * (at(i) - at(i - s));
      next[i] = (at(i) + 3 * at(i - s) + 3 * at(i - 2 * s) + at(i - 3 * s)) / 8;
    }
    detail.push(w);
    approximation = next;
  }
  return { detail };
}

/** Returns the delay in samples of scale 2^k: half a high-pass tap plus 1.5 taps per low-pass stage before it. */
export function waveletDelay(k: number): number {
  return 2 ** k - 1.5;
}
