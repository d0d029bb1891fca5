import { DspError } from "./errors.js";
import { flattenSos } from "./sos.js";

/**
 * Returns the initial delay-register values (sections x 2, float64) for which a unit step input gives a
 * constant output from the first sample on: multiply them by the first sample to start a filter in steady
 * state. Equal to `scipy.signal.sosfilt_zi(sos)`.
 */
export function sosfiltZi(sos: ReadonlyArray<ArrayLike<number>>): Float64Array[] {
  const zi = stepStateFlat(flattenSos(sos));
  return Array.from({ length: zi.length / 2 }, (_, s) => zi.slice(2 * s, 2 * s + 2));
}

/** Returns sosfiltZi's values for validated, flattened coefficients, flat (2 per section). */
export function stepStateFlat(coeffs: Float64Array): Float64Array {
  const nSections = coeffs.length / 6;
  const zi = new Float64Array(2 * nSections);
  // Each section sees the steady-state output of the ones before it: the product of their DC gains.
  let scale = 1;
  for (let s = 0; s < nSections; s++) {
    const [b0, b1, b2, , a1, a2] = coeffs.subarray(6 * s, 6 * s + 6);
    const denominator = 1 + a1 + a2;
    if (denominator === 0) {
      throw new DspError(`sos[${s}] has a pole at z = 1 (1 + a1 + a2 = 0): it has no step steady state`);
    }
    // lfilter_zi: solve (I - A^T) zi = b[1:] - a[1:] b0 for the 2x2 companion matrix A of [1, a1, a2].
    const r0 = b1 - a1 * b0;
    const r1 = b2 - a2 * b0;
    const z0 = (r0 + r1) / denominator;
    zi[2 * s] = scale * z0;
    zi[2 * s + 1] = scale * (r1 - a2 * z0);
    scale *= (b0 + b1 + b2) / denominator;
  }
  return zi;
}
