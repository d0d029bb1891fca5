import { DspError } from "./errors.js";
import { firwinKaiser } from "./firwin.js";
import { checkChoice, checkInteger, finiteCopy } from "./validate.js";

/** What `resamplePoly` assumes lies beyond both ends of the signal (scipy's `padtype`). */
export type ResamplePadType = "constant" | "mean" | "median";

const RESAMPLE_PAD_TYPES: readonly ResamplePadType[] = ["constant", "mean", "median"];

/** Largest reduced up or down factor: the FIR filter has 20 * max(up, down) + 1 taps. */
export const MAX_RESAMPLE_FACTOR = 1000;

/** Largest output accepted (2^30 samples, 4 GiB as float32): beyond it the allocation itself would fail. */
const MAX_OUTPUT_LENGTH = 2 ** 30;

/** Options of `resamplePoly`. */
export interface ResamplePolyOptions {
  /**
   * "constant" (default, as scipy): zeros beyond the ends; "mean" / "median": the signal's mean or median
   * is subtracted first and added back, so an offset (e.g. baseline) does not ring at the edges.
   */
  padtype?: ResamplePadType;
}

/**
 * Returns `x` resampled by the rational factor up / down (Float32Array of `ceil(x.length * up / down)`
 * samples, same units), like `scipy.signal.resample_poly(x, up, down)`: zero-stuff by `up`, low-pass with
 * a Kaiser-windowed (beta 5) sinc of 20 * max(up, down) + 1 taps and cut-off at the lower Nyquist, keep
 * every `down`-th sample, the filter's delay compensated so that output sample j lies at input time
 * j * down / up. Computed in float64.
 */
export function resamplePoly(
  x: ArrayLike<number>,
  up: number,
  down: number,
  options: ResamplePolyOptions = {},
): Float32Array {
  checkInteger(up, "up", 1);
  checkInteger(down, "down", 1);
  const padtype = checkChoice(options.padtype ?? "constant", RESAMPLE_PAD_TYPES, "padtype");
  const signal = finiteCopy(x, "x");
  const g = gcd(up, down);
  up = (up / g) | 0;
  down = (down / g) | 0;
  if (up === 1 && down === 1) return new Float32Array(signal);
  const maxRate = Math.max(up, down);
  if (maxRate > MAX_RESAMPLE_FACTOR) {
    throw new DspError(
      `The reduced resampling ratio ${up}/${down} needs a ${20 * maxRate + 1}-tap filter: up and down ` +
        `must reduce to at most ${MAX_RESAMPLE_FACTOR}; round the target rate to a simpler ratio`,
    );
  }
  const halfLen = 10 * maxRate;
  const h = firwinKaiser(2 * halfLen + 1, 1 / maxRate, 5);
  for (let k = 0; k < h.length; k++) h[k] *= up;

  const background = padtype === "mean" ? mean(signal) : padtype === "median" ? median(signal) : 0;
  if (background !== 0) for (let i = 0; i < signal.length; i++) signal[i] -= background;

  // NOTE: scipy pads h with down - halfLen % down leading zeros and drops as many leading outputs as that
  // padding plus the filter's delay fill; the net effect is that output j is sample m = halfLen + j * down of
  // the full convolution of h with the zero-stuffed x (halfLen = the delay of the centre tap), i.e. the sum
  // over input samples i of x[i] * h[m - up * i], which involves only the taps of phase m % up.
  const phases = polyphase(h, up);
  const n = signal.length;
  const nOut = Math.ceil((n * up) / down);
  if (nOut > MAX_OUTPUT_LENGTH) {
    throw new DspError(
      `Resampling ${n} samples by ${up}/${down} would give ${nOut} samples, more than ${MAX_OUTPUT_LENGTH}`,
    );
  }
  const y = new Float32Array(nOut);
  // m advances by `down` per output: track m % up and floor(m / up) incrementally (integers, no division).
  let phase = halfLen % up;
  let top = (halfLen - phase) / up;
  const stepTop = Math.floor(down / up);
  const stepPhase = down % up;
  for (let j = 0; j < nOut; j++) {
    const taps = phases[phase];
    // taps[t] multiplies x[start + t]; clip to the samples that exist (zeros beyond the ends).
    const start = top - taps.length + 1;
    const first = Math.max(0, -start);
    const last = Math.min(taps.length, n - start);
    let acc = 0;
    for (let t = first; t < last; t++) acc += taps[t] * signal[start + t];
    y[j] = acc + background;
    top += stepTop;
    phase += stepPhase;
    if (phase >= up) {
      phase -= up;
      top++;
    }
  }
  return y;
}

/** Splits h into its `up` phases, h[p], h[p + up], ..., each reversed so that it runs forward over the input. */
function polyphase(h: Float64Array, up: number): Float64Array[] {
  return Array.from({ length: up }, (_, p) => {
    const count = Math.ceil((h.length - p) / up);
    const taps = new Float64Array(count);
    for (let q = 0; q < count; q++) taps[count - 1 - q] = h[p + up * q];
    return taps;
  });
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function mean(x: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i];
  return sum / x.length;
}

function median(x: Float64Array): number {
  const sorted = Float64Array.from(x).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
