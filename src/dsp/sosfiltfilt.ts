import { DspError } from "./errors.js";
import { flattenSos } from "./sos.js";
import { sosFilterInPlace } from "./sos-kernel.js";
import { stepStateFlat } from "./sosfilt-zi.js";
import { checkChoice, checkInteger, checkSignal, finiteCopy } from "./validate.js";

/** How `sosfiltfilt` extends the signal at both ends before filtering (scipy's `padtype`, "none" = None). */
export type PadType = "odd" | "even" | "constant" | "none";

const PAD_TYPES: readonly PadType[] = ["odd", "even", "constant", "none"];

/** Options of `sosfiltfilt`; the defaults are scipy's. */
export interface SosfiltfiltOptions {
  /** End extension: "odd" (default; point-symmetric about the end sample), "even" (mirror), "constant", "none". */
  padtype?: PadType;
  /** Samples added at each end (default 3 * (2 * sections + 1 - trailing-zero sections), as scipy). */
  padlen?: number;
}

/**
 * Returns `x` filtered forward then backward through `sos` (Float32Array, same length and units as `x`):
 * zero phase, magnitude response squared. Equal to `scipy.signal.sosfiltfilt(sos, x, padtype, padlen)`:
 * the signal is extended at both ends, each pass starts from `sosfiltZi` scaled by its first sample, and the
 * extension is cut off again. Computed in float64.
 *
 * Throws a DspError when `x` is not longer than padlen, or holds a NaN or infinite sample.
 */
export function sosfiltfilt(
  sos: ReadonlyArray<ArrayLike<number>>,
  x: ArrayLike<number>,
  options: SosfiltfiltOptions = {},
): Float32Array {
  const coeffs = flattenSos(sos);
  const padtype = checkChoice(options.padtype ?? "odd", PAD_TYPES, "padtype");
  const edge = padtype === "none" ? 0 : (options.padlen ?? defaultPadlen(coeffs));
  checkInteger(edge, "padlen", 0);
  if (checkSignal(x).length <= edge) {
    throw new DspError(
      `x has ${x.length} samples but sosfiltfilt needs more than padlen = ${edge}: ` +
        'pass a longer signal, a smaller padlen, or padtype: "none"',
    );
  }
  const buf = finiteCopy(x, "x", edge);
  extend(buf, edge, padtype);
  const zi = stepStateFlat(coeffs);
  const state = new Float64Array(zi.length);
  for (let pass = 0; pass < 2; pass++) {
    const first = buf[0];
    for (let j = 0; j < zi.length; j++) state[j] = zi[j] * first;
    sosFilterInPlace(coeffs, state, buf);
    buf.reverse();
  }
  return new Float32Array(buf.subarray(edge, buf.length - edge));
}

/** scipy's padlen: 3 * the filter's tap count, where trailing-zero (first-order) sections count one less. */
function defaultPadlen(coeffs: Float64Array): number {
  const nSections = coeffs.length / 6;
  let zeroB2 = 0;
  let zeroA2 = 0;
  for (let s = 0; s < nSections; s++) {
    if (coeffs[6 * s + 2] === 0) zeroB2++;
    if (coeffs[6 * s + 5] === 0) zeroA2++;
  }
  return 3 * (2 * nSections + 1 - Math.min(zeroB2, zeroA2));
}

/** Fills the `edge` free slots at both ends of `buf` (signal in between) with the chosen extension. */
function extend(buf: Float64Array, edge: number, padtype: PadType): void {
  const first = edge;
  const last = buf.length - edge - 1;
  const x0 = buf[first];
  const xn = buf[last];
  for (let k = 1; k <= edge; k++) {
    if (padtype === "odd") {
      buf[first - k] = 2 * x0 - buf[first + k];
      buf[last + k] = 2 * xn - buf[last - k];
    } else if (padtype === "even") {
      buf[first - k] = buf[first + k];
      buf[last + k] = buf[last - k];
    } else {
      buf[first - k] = x0;
      buf[last + k] = xn;
    }
  }
}
