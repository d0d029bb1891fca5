/**
 * MATLAB v4 `.mat` files -> variables. Each matrix: a 20-byte header (type MOPT, rows, columns, imaginary
 * flag, name length), the name, then the real and optional imaginary parts, column-major. PhysioNet's
 * CinC 2017 files and WFDB's `wfdb2mat` output are of this kind (an int16 `val`, data at byte 24).
 */
import { RecordError } from "./errors.js";
import type { MatValue, MatVariables } from "./matTypes.js";
import { readValues, STORAGE_SIZE, type StorageType } from "./matValues.js";

const PRECISION: Array<{
  storage: StorageType;
  class: "double" | "single" | "int32" | "int16" | "uint16" | "uint8";
}> = [
  { storage: "double", class: "double" },
  { storage: "single", class: "single" },
  { storage: "int32", class: "int32" },
  { storage: "int16", class: "int16" },
  { storage: "uint16", class: "uint16" },
  { storage: "uint8", class: "uint8" },
];

/** Returns true when the bytes start like a MATLAB v4 matrix header (little- or big-endian). */
export function looksLikeMat4(bytes: Uint8Array): boolean {
  return bytes.length >= 20 && typeCode(bytes, 0) !== undefined;
}

/**
 * Returns the variables of a MATLAB v4 file: numeric (double, single, int32, int16, uint16, uint8) and text
 * matrices. Throws RecordError (naming `file`) for truncated, malformed or sparse/VAX/Cray matrices.
 */
export function parseMat4(bytes: Uint8Array, file = "<mat>"): MatVariables {
  const fail = (reason: string): never => {
    throw new RecordError(file, reason);
  };
  const variables: MatVariables = {};
  let at = 0;
  while (at < bytes.length) {
    if (bytes.length - at < 20) fail(`truncated MAT v4 matrix header at byte ${at}`);
    const type = typeCode(bytes, at) ?? fail(`byte ${at} does not start a MAT v4 matrix (unknown type code)`);
    const view = new DataView(bytes.buffer, bytes.byteOffset + at, 20);
    const le = type.littleEndian;
    const [rows, columns, imaginary, nameLength] = [4, 8, 12, 16].map((offset) => view.getInt32(offset, le));
    if (type.matrix === 2) fail("sparse MAT v4 matrices are not supported");
    if (
      rows < 0 ||
      columns < 0 ||
      nameLength < 1 ||
      nameLength > 4096 ||
      (imaginary !== 0 && imaginary !== 1)
    ) {
      fail(`malformed MAT v4 matrix header at byte ${at}`);
    }
    const { storage, class: matClass } = PRECISION[type.precision];
    const count = rows * columns;
    const partBytes = count * STORAGE_SIZE[storage];
    const dataStart = at + 20 + nameLength;
    const end = dataStart + partBytes * (imaginary ? 2 : 1);
    if (end > bytes.length) {
      fail(`MAT v4 matrix at byte ${at} needs ${end} bytes but the file has ${bytes.length} (truncated?)`);
    }
    const nameBytes = bytes.subarray(at + 20, dataStart);
    const nul = nameBytes.indexOf(0);
    const name = new TextDecoder().decode(nul === -1 ? nameBytes : nameBytes.subarray(0, nul));
    const real = readValues(bytes, dataStart, count, storage, le, matClass);
    let value: MatValue;
    if (type.matrix === 1) {
      const rowsText = Array.from({ length: rows }, (_, r) => {
        let text = "";
        for (let c = 0; c < columns; c++) text += String.fromCharCode(Number(real[r + rows * c]));
        return text;
      });
      value = { kind: "char", dims: [rows, columns], rows: rowsText };
    } else {
      value = { kind: "numeric", class: matClass, dims: [rows, columns], real, logical: false };
      if (imaginary) value.imag = readValues(bytes, dataStart + partBytes, count, storage, le, matClass);
    }
    variables[name] = value;
    at = end;
  }
  if (at === 0) fail("empty MAT file");
  return variables;
}

/** Decodes the MOPT type code at `at`, trying little- then big-endian; undefined if neither is valid. */
function typeCode(
  bytes: Uint8Array,
  at: number,
): { littleEndian: boolean; precision: number; matrix: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, 4);
  for (const littleEndian of [true, false]) {
    const code = view.getInt32(0, littleEndian);
    if (code < 0 || code > 1999) continue;
    const machine = Math.floor(code / 1000);
    const reserved = Math.floor(code / 100) % 10;
    const precision = Math.floor(code / 10) % 10;
    const matrix = code % 10;
    if (machine !== (littleEndian ? 0 : 1) || reserved !== 0 || precision > 5 || matrix > 2) continue;
    return { littleEndian, precision, matrix };
  }
  return undefined;
}
