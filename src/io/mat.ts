/** MATLAB `.mat` files of either level (v4 or v5) -> variables, and helpers to pull signals out of them. */
import { RecordError } from "./errors.js";
import { looksLikeMat4, parseMat4 } from "./mat4.js";
import { looksLikeMat5, parseMat5 } from "./mat5.js";
import type { MatValue, MatVariables } from "./matTypes.js";

/**
 * Returns the variables of a MATLAB file, detecting v5 (Level 5, as saved by MATLAB 5-7) or v4. Throws
 * RecordError (naming `file`) for v7.3 (HDF5) files, which are not supported, and for anything else.
 */
export function parseMat(bytes: Uint8Array, file = "<mat>"): MatVariables {
  if (looksLikeMat5(bytes)) return parseMat5(bytes, file);
  if (bytes.length >= 19 && new TextDecoder().decode(bytes.subarray(0, 19)) === "MATLAB 7.3 MAT-file") {
    throw new RecordError(file, "MAT v7.3 (HDF5) files are not supported; save with -v7 or -v6");
  }
  if (looksLikeMat4(bytes)) return parseMat4(bytes, file);
  throw new RecordError(file, bytes.length === 0 ? "empty MAT file" : "not a MATLAB v4 or v5 file");
}

/**
 * Returns the rows of a 2-D numeric MATLAB array as Float64Arrays (e.g. 12 leads x N samples -> 12 arrays
 * of N). Throws RecordError when the value is not a real 2-D numeric array.
 */
export function matrixRows(value: MatValue, label = "<mat>"): Float64Array[] {
  if (value.kind !== "numeric" || value.dims.length !== 2 || value.imag) {
    throw new RecordError(
      label,
      `expected a real 2-D numeric array but found ${value.kind} [${value.dims.join("x")}]`,
    );
  }
  const [rows, columns] = value.dims;
  const out = Array.from({ length: rows }, () => new Float64Array(columns));
  const real = value.real;
  for (let c = 0; c < columns; c++) {
    for (let r = 0; r < rows; r++) out[r][c] = Number(real[r + rows * c]);
  }
  return out;
}
