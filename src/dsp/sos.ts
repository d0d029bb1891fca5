/**
 * The second-order-sections filter format shared by the design and filtering functions: one row per
 * biquad, `[b0, b1, b2, a0, a1, a2]`, a0 = 1, as `scipy.signal` uses (`output="sos"`).
 */
import { describe } from "../errors.js";
import { DspError } from "./errors.js";

/** A cascade of biquads: `sections x [b0 b1 b2 a0 a1 a2]` in float64, with a0 = 1 in every row. */
export type Sos = Float64Array[];

/** Returns the sections flattened row by row (length 6 * nSections) after checking shape, a0 = 1 and finiteness. */
export function flattenSos(sos: ReadonlyArray<ArrayLike<number>>, name = "sos"): Float64Array {
  if (!Array.isArray(sos) || sos.length === 0) {
    throw new DspError(
      `Expected a non-empty array of [b0, b1, b2, a0, a1, a2] rows for ${name} but received ${describe(sos)}`,
    );
  }
  const flat = new Float64Array(6 * sos.length);
  sos.forEach((row, s) => {
    if (row === null || typeof row !== "object" || row.length !== 6) {
      throw new DspError(
        `Expected 6 coefficients [b0, b1, b2, a0, a1, a2] for ${name}[${s}] but received ${describe(row)}`,
      );
    }
    for (let j = 0; j < 6; j++) {
      const c = row[j];
      if (typeof c !== "number" || !Number.isFinite(c)) {
        throw new DspError(
          `${name}[${s}][${j}] is ${describe(c)}: filter coefficients must be finite numbers`,
        );
      }
      flat[6 * s + j] = c;
    }
    if (row[3] !== 1) {
      throw new DspError(
        `${name}[${s}][3] (a0) is ${row[3]} but must be 1: divide that section's six coefficients by a0`,
      );
    }
  });
  return flat;
}
