import { describe } from "../errors.js";
import { DspError } from "./errors.js";
import { flattenSos } from "./sos.js";
import { sosFilterInPlace } from "./sos-kernel.js";
import { finiteCopy } from "./validate.js";

/** Output of `sosfilt` when initial conditions are given: the filtered signal and the final filter state. */
export interface SosfiltResult {
  /** Filtered signal, same length and units as the input. */
  y: Float32Array;
  /** Final delay-register values (sections x 2), to pass as `zi` for the next block of a stream. */
  zf: Float64Array[];
}

/**
 * Returns `x` filtered causally through the second-order sections `sos` (Float32Array, same length and units
 * as `x`; direct form II transposed, computed in float64), like `scipy.signal.sosfilt(sos, x)`. With `zi`
 * (sections x 2 initial delay registers, e.g. `sosfiltZi(sos)` times the first sample, or a previous `zf`)
 * it returns `{ y, zf }` so that a long signal can be filtered block by block.
 *
 * Throws a DspError for a NaN or infinite sample (fill gaps first with `fillMissing`).
 */
export function sosfilt(sos: ReadonlyArray<ArrayLike<number>>, x: ArrayLike<number>): Float32Array;
/**
 * Returns `{ y, zf }`: `x` filtered causally through `sos` from the initial delay registers `zi` (sections x 2),
 * and the final registers to pass as `zi` with the next block of a stream. See the first signature.
 */
export function sosfilt(
  sos: ReadonlyArray<ArrayLike<number>>,
  x: ArrayLike<number>,
  zi: ReadonlyArray<ArrayLike<number>>,
): SosfiltResult;
export function sosfilt(
  sos: ReadonlyArray<ArrayLike<number>>,
  x: ArrayLike<number>,
  zi?: ReadonlyArray<ArrayLike<number>>,
): Float32Array | SosfiltResult {
  const coeffs = flattenSos(sos);
  const nSections = coeffs.length / 6;
  const state = zi === undefined ? new Float64Array(2 * nSections) : flattenState(zi, nSections);
  const buf = finiteCopy(x, "x");
  sosFilterInPlace(coeffs, state, buf);
  const y = new Float32Array(buf);
  if (zi === undefined) return y;
  return { y, zf: Array.from({ length: nSections }, (_, s) => state.slice(2 * s, 2 * s + 2)) };
}

function flattenState(zi: ReadonlyArray<ArrayLike<number>>, nSections: number): Float64Array {
  if (!Array.isArray(zi) || zi.length !== nSections) {
    throw new DspError(
      `Expected ${nSections} rows of 2 initial conditions (one per section) for zi but received ${describe(zi)}`,
    );
  }
  const state = new Float64Array(2 * nSections);
  zi.forEach((row, s) => {
    if (row === null || typeof row !== "object" || row.length !== 2) {
      throw new DspError(`Expected 2 initial conditions for zi[${s}] but received ${describe(row)}`);
    }
    for (let j = 0; j < 2; j++) {
      if (typeof row[j] !== "number" || !Number.isFinite(row[j])) {
        throw new DspError(
          `zi[${s}][${j}] is ${describe(row[j])}: initial conditions must be finite numbers`,
        );
      }
      state[2 * s + j] = row[j];
    }
  });
  return state;
}
