/**
 * Windowed-sinc FIR low-pass design, the default filter of `scipy.signal.resample_poly`
 * (`firwin(numtaps, cutoff, window=("kaiser", beta))` in scipy/signal/_fir_filter_design.py).
 */

/**
 * Returns the taps (length `numtaps`, float64, sum 1: unit DC gain) of a linear-phase low-pass with cut-off
 * `cutoff` as a fraction of Nyquist (0 < cutoff < 1), windowed by a symmetric Kaiser window of shape `beta`.
 */
export function firwinKaiser(numtaps: number, cutoff: number, beta: number): Float64Array {
  const h = new Float64Array(numtaps);
  const alpha = 0.5 * (numtaps - 1);
  const i0Beta = besselI0(beta);
  let sum = 0;
  for (let n = 0; n < numtaps; n++) {
    const m = n - alpha;
    const ratio = (n - alpha) / alpha;
    const window = besselI0(beta * Math.sqrt(1 - ratio * ratio)) / i0Beta;
    h[n] = cutoff * sinc(cutoff * m) * window;
    sum += h[n];
  }
  for (let n = 0; n < numtaps; n++) h[n] /= sum;
  return h;
}

/** Returns sin(pi x) / (pi x), 1 at x = 0 (numpy's normalised sinc). */
function sinc(x: number): number {
  if (x === 0) return 1;
  const y = Math.PI * x;
  return Math.sin(y) / y;
}

/** Returns the modified Bessel function of the first kind, order 0, by its power series (converges for all x). */
export function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; term > sum * 1e-17; k++) {
    term *= q / (k * k);
    sum += term;
  }
  return sum;
}
