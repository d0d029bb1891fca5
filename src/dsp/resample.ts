import { DspError } from "./errors.js";
import { type ResamplePolyOptions, resamplePoly } from "./resample-poly.js";
import { checkFs } from "./validate.js";

/**
 * Returns `x` resampled from `fsIn` to `fsOut` Hz (Float32Array of `ceil(x.length * fsOut / fsIn)` samples,
 * same units) by `resamplePoly` with up / down = fsOut / fsIn in lowest terms (360 -> 250 Hz: 25 / 36).
 * Rates with up to 6 decimals are accepted (128.5 Hz = 257 / 2); output sample j lies at time j / fsOut.
 */
export function resample(
  x: ArrayLike<number>,
  fsIn: number,
  fsOut: number,
  options?: ResamplePolyOptions,
): Float32Array {
  checkFs(fsIn, "fsIn");
  checkFs(fsOut, "fsOut");
  const [up, down] = rationalRatio(fsOut, fsIn);
  return resamplePoly(x, up, down, options);
}

/** Returns [p, q] integers with p / q = a / b exactly for rates given with at most 6 decimals. */
function rationalRatio(a: number, b: number): [number, number] {
  for (let scale = 1; scale <= 1e6; scale *= 10) {
    const p = Math.round(a * scale);
    const q = Math.round(b * scale);
    if (Math.abs(p - a * scale) < 1e-9 * scale && Math.abs(q - b * scale) < 1e-9 * scale) return [p, q];
  }
  throw new DspError(
    `Cannot resample from ${b} Hz to ${a} Hz: sampling rates must have at most 6 decimals to form an exact ratio`,
  );
}
