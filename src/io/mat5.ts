/**
 * MATLAB v5 (Level 5, also written by v6 and v7) `.mat` files -> variables. Layout (MathWorks, "MAT-File
 * Format"): a 128-byte header ending in the version and an "IM"/"MI" endian mark, then data elements, each
 * an 8-byte tag (type, size) or a 4-byte "small element" tag, padded to 8 bytes. miCOMPRESSED elements hold
 * one zlib-compressed element; miMATRIX elements hold array flags, dimensions, a name and the contents.
 * Supported: numeric arrays of every class (real or complex, logical), char arrays, structs and cells.
 */
import { inflateSync } from "node:zlib";
import { RecordError } from "./errors.js";
import type { MatChar, MatNumericClass, MatValue, MatVariables } from "./matTypes.js";
import { readValues, STORAGE_SIZE, type StorageType } from "./matValues.js";

/** Most bytes one compressed element may inflate to (guards against corrupt or hostile files). */
const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

const MI_INT8 = 1;
const MI_UINT8 = 2;
const MI_UINT16 = 4;
const MI_INT32 = 5;
const MI_UINT32 = 6;
const MI_MATRIX = 14;
const MI_COMPRESSED = 15;
const MI_UTF8 = 16;
const MI_UTF16 = 17;
const MI_UTF32 = 18;

const STORAGE: Record<number, StorageType> = {
  1: "int8",
  2: "uint8",
  3: "int16",
  4: "uint16",
  5: "int32",
  6: "uint32",
  7: "single",
  9: "double",
  12: "int64",
  13: "uint64",
};

const NUMERIC_CLASS: Record<number, MatNumericClass> = {
  6: "double",
  7: "single",
  8: "int8",
  9: "uint8",
  10: "int16",
  11: "uint16",
  12: "int32",
  13: "uint32",
  14: "int64",
  15: "uint64",
};

const UNSUPPORTED_CLASS: Record<number, string> = {
  3: "object",
  5: "sparse",
  16: "function handle",
  17: "opaque",
};

const MX_CELL = 1;
const MX_STRUCT = 2;
const MX_CHAR = 4;
const FLAG_COMPLEX = 0x0800;
const FLAG_LOGICAL = 0x0200;
const MAX_DEPTH = 64;

interface Context {
  littleEndian: boolean;
  fail: (reason: string) => never;
}

interface Element {
  type: number;
  data: Uint8Array;
  next: number;
}

/** Returns true when the bytes carry a MATLAB v5 header (version 0x0100 and an "IM"/"MI" endian mark). */
export function looksLikeMat5(bytes: Uint8Array): boolean {
  if (bytes.length < 128) return false;
  const mark = String.fromCharCode(bytes[126], bytes[127]);
  const version = mark === "IM" ? bytes[124] | (bytes[125] << 8) : (bytes[124] << 8) | bytes[125];
  return (mark === "IM" || mark === "MI") && version === 0x0100;
}

/**
 * Returns the variables of a MATLAB v5 file. Throws RecordError (naming `file`) for truncated or malformed
 * files, compressed data that fails to inflate, and unsupported classes (sparse, objects, function handles).
 */
export function parseMat5(bytes: Uint8Array, file = "<mat>"): MatVariables {
  const fail = (reason: string): never => {
    throw new RecordError(file, reason);
  };
  if (!looksLikeMat5(bytes))
    fail("not a MAT v5 file (no version 0x0100 and IM/MI mark in the 128-byte header)");
  const context: Context = { littleEndian: bytes[126] === 0x49, fail };
  const variables: MatVariables = {};
  let at = 128;
  while (at < bytes.length) {
    let element = readElement(bytes, at, context);
    at = element.next;
    if (element.type === MI_COMPRESSED) element = readElement(inflate(element.data, context), 0, context);
    if (element.type !== MI_MATRIX) fail(`top-level data element of type ${element.type} is not a matrix`);
    const { name, value } = parseMatrix(element.data, context, 0);
    variables[name] = value;
  }
  return variables;
}

function inflate(data: Uint8Array, context: Context): Uint8Array {
  try {
    return new Uint8Array(inflateSync(data, { maxOutputLength: MAX_INFLATED_BYTES }));
  } catch (error) {
    const tooLarge = (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
    return context.fail(
      tooLarge
        ? `compressed element inflates past ${MAX_INFLATED_BYTES} bytes`
        : `compressed element does not inflate: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function readElement(bytes: Uint8Array, at: number, context: Context): Element {
  const { fail, littleEndian } = context;
  if (at + 8 > bytes.length) fail(`data element tag at byte ${at} is cut off`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, 8);
  const first = view.getUint32(0, littleEndian);
  if (first >>> 16 !== 0) {
    // Small data element: size in the high half, type in the low half, up to 4 bytes of data.
    const size = first >>> 16;
    if (size > 4) fail(`small data element at byte ${at} claims ${size} bytes`);
    return { type: first & 0xffff, data: bytes.subarray(at + 4, at + 4 + size), next: at + 8 };
  }
  const size = view.getUint32(4, littleEndian);
  const start = at + 8;
  if (start + size > bytes.length) {
    fail(
      `data element at byte ${at} needs ${size} bytes but only ${bytes.length - start} remain (truncated?)`,
    );
  }
  const padded = first === MI_COMPRESSED ? size : Math.ceil(size / 8) * 8;
  return {
    type: first,
    data: bytes.subarray(start, start + size),
    next: Math.min(bytes.length, start + padded),
  };
}

function parseMatrix(data: Uint8Array, context: Context, depth: number): { name: string; value: MatValue } {
  const { fail, littleEndian } = context;
  if (depth > MAX_DEPTH) fail(`arrays nested deeper than ${MAX_DEPTH} levels`);
  if (data.length === 0) {
    return {
      name: "",
      value: { kind: "numeric", class: "double", dims: [0, 0], real: new Float64Array(0), logical: false },
    };
  }
  const flags = readElement(data, 0, context);
  if (flags.type !== MI_UINT32 || flags.data.length !== 8) fail("array flags element is malformed");
  const flagWord = new DataView(flags.data.buffer, flags.data.byteOffset, 8).getUint32(0, littleEndian);
  const arrayClass = flagWord & 0xff;
  const dimsElement = readElement(data, flags.next, context);
  if (dimsElement.type !== MI_INT32 || dimsElement.data.length < 8 || dimsElement.data.length % 4 !== 0) {
    fail("dimensions element is malformed");
  }
  const dimsView = new DataView(
    dimsElement.data.buffer,
    dimsElement.data.byteOffset,
    dimsElement.data.length,
  );
  const dims = Array.from({ length: dimsElement.data.length / 4 }, (_, i) =>
    dimsView.getInt32(4 * i, littleEndian),
  );
  if (dims.some((d) => d < 0)) fail(`negative array dimension in [${dims.join(", ")}]`);
  const count = dims.reduce((a, b) => a * b, 1);
  const nameElement = readElement(data, dimsElement.next, context);
  if (nameElement.type !== MI_INT8 && nameElement.type !== MI_UINT8) fail("array name element is malformed");
  const name = latin1(nameElement.data);
  let at = nameElement.next;
  const next = (): Element => {
    const element = readElement(data, at, context);
    at = element.next;
    return element;
  };

  const numericClass = NUMERIC_CLASS[arrayClass];
  if (numericClass !== undefined) {
    const part = (): ReturnType<typeof readValues> => {
      const element = next();
      const storage = STORAGE[element.type] ?? fail(`numeric data stored as unknown type ${element.type}`);
      if (element.data.length !== count * STORAGE_SIZE[storage]) {
        fail(`array "${name}" of ${count} values has ${element.data.length} bytes of ${storage} data`);
      }
      return readValues(element.data, 0, count, storage, littleEndian, numericClass);
    };
    const real = part();
    const value: MatValue = {
      kind: "numeric",
      class: numericClass,
      dims,
      real,
      logical: (flagWord & FLAG_LOGICAL) !== 0,
    };
    if (flagWord & FLAG_COMPLEX) value.imag = part();
    return { name, value };
  }
  if (arrayClass === MX_CHAR) return { name, value: charArray(next(), dims, count, context) };
  // Every cell or struct element takes at least one 8-byte tag: bound the count before looping over it.
  if ((arrayClass === MX_CELL || arrayClass === MX_STRUCT) && count > data.length) {
    fail(`array "${name}" claims ${count} elements in ${data.length} bytes`);
  }
  if (arrayClass === MX_CELL) {
    const elements = Array.from({ length: count }, () => {
      const element = next();
      if (element.type !== MI_MATRIX) fail(`cell "${name}" holds a non-matrix element`);
      return parseMatrix(element.data, context, depth + 1).value;
    });
    return { name, value: { kind: "cell", dims, elements } };
  }
  if (arrayClass === MX_STRUCT) {
    const lengthElement = next();
    if (lengthElement.type !== MI_INT32 || lengthElement.data.length !== 4)
      fail("struct field name length is malformed");
    const nameLength = new DataView(lengthElement.data.buffer, lengthElement.data.byteOffset, 4).getInt32(
      0,
      littleEndian,
    );
    const namesElement = next();
    if (nameLength <= 0 || namesElement.data.length % nameLength !== 0)
      fail(`struct "${name}" field names are malformed`);
    const fields = Array.from({ length: namesElement.data.length / nameLength }, (_, i) => {
      const chunk = namesElement.data.subarray(i * nameLength, (i + 1) * nameLength);
      const nul = chunk.indexOf(0);
      return latin1(nul === -1 ? chunk : chunk.subarray(0, nul));
    });
    const elements = Array.from({ length: count }, () => {
      const element: Record<string, MatValue> = {};
      for (const field of fields) {
        const child = next();
        if (child.type !== MI_MATRIX) fail(`struct "${name}" field "${field}" is not a matrix`);
        element[field] = parseMatrix(child.data, context, depth + 1).value;
      }
      return element;
    });
    return { name, value: { kind: "struct", dims, fields, elements } };
  }
  return fail(`array "${name}" has unsupported class ${UNSUPPORTED_CLASS[arrayClass] ?? arrayClass}`);
}

function charArray(element: Element, dims: number[], count: number, context: Context): MatChar {
  const { data } = element;
  let codes: number[];
  if (element.type === MI_UTF8) {
    codes = Array.from(new TextDecoder().decode(data), (c) => c.codePointAt(0)!);
  } else if (element.type === MI_UINT16 || element.type === MI_UTF16) {
    const values = readValues(data, 0, Math.floor(data.length / 2), "uint16", context.littleEndian, "uint16");
    codes = Array.from(values as Uint16Array);
  } else if (element.type === MI_UTF32) {
    const values = readValues(data, 0, Math.floor(data.length / 4), "uint32", context.littleEndian, "uint32");
    codes = Array.from(values as Uint32Array);
  } else if (element.type === MI_UINT8 || element.type === MI_INT8) {
    codes = Array.from(data);
  } else {
    return context.fail(`char data stored as unsupported type ${element.type}`);
  }
  if (codes.length !== count) context.fail(`char array of ${count} characters holds ${codes.length}`);
  const rowCount = dims[0];
  const columns = rowCount === 0 ? 0 : count / rowCount;
  const rows = Array.from({ length: rowCount }, (_, r) => {
    let text = "";
    for (let c = 0; c < columns; c++) {
      const code = codes[r + rowCount * c];
      text += String.fromCodePoint(code <= 0x10ffff ? code : 0xfffd);
    }
    return text;
  });
  return { kind: "char", dims, rows };
}

/** Returns bytes as text, one character per byte (ISO-8859-1), as MATLAB stores names. */
function latin1(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}
