/**
 * The safetensors byte format (https://github.com/huggingface/safetensors), over plain typed arrays:
 *
 *   [8 bytes: header length N, unsigned 64-bit little-endian]
 *   [N bytes: UTF-8 JSON object, padded with spaces so that 8 + N is a multiple of 8]
 *       { "__metadata__": { string: string }?,  "<name>": { "dtype": "F32", "shape": [..], "data_offsets": [b, e] }, ... }
 *   [data: each tensor's little-endian bytes at [b, e) relative to the end of the header]
 *
 * Decoding checks every number before use, as the reference implementation does: the header length against the
 * file, each tensor's byte range against its dtype and shape, and that the ranges tile the data exactly (no
 * overlap, no hole, nothing after the last one). Nothing here touches the file system (see safetensors-file.ts),
 * so it also runs in the browser.
 */
import { describe } from "../errors.js";
import { SafetensorsError } from "./errors.js";

/** Element types of the format that this reader and writer handle. F16/BF16 are kept as raw bits. */
export type SafetensorsDtype =
  | "F64"
  | "F32"
  | "F16"
  | "BF16"
  | "I64"
  | "U64"
  | "I32"
  | "U32"
  | "I16"
  | "U16"
  | "I8"
  | "U8"
  | "BOOL";

/** The typed array that holds each dtype's elements (F16 and BF16: their raw 16-bit patterns). */
export interface SafetensorsArrays {
  F64: Float64Array;
  F32: Float32Array;
  F16: Uint16Array;
  BF16: Uint16Array;
  I64: BigInt64Array;
  U64: BigUint64Array;
  I32: Int32Array;
  U32: Uint32Array;
  I16: Int16Array;
  U16: Uint16Array;
  I8: Int8Array;
  U8: Uint8Array;
  BOOL: Uint8Array;
}

/** One tensor of a safetensors file: dtype, shape (row-major) and its elements. */
export type SafetensorsEntry = {
  [D in SafetensorsDtype]: { dtype: D; shape: readonly number[]; data: SafetensorsArrays[D] };
}[SafetensorsDtype];

/** A decoded file: tensors in file order and the `__metadata__` strings. */
export interface SafetensorsContents {
  tensors: Map<string, SafetensorsEntry>;
  metadata: Record<string, string>;
}

type ArrayConstructor = { new (buffer: ArrayBuffer): SafetensorsArrays[SafetensorsDtype]; name: string };

const arrayTypes: Record<SafetensorsDtype, { bytes: number; Array: ArrayConstructor }> = {
  F64: { bytes: 8, Array: Float64Array },
  F32: { bytes: 4, Array: Float32Array },
  F16: { bytes: 2, Array: Uint16Array },
  BF16: { bytes: 2, Array: Uint16Array },
  I64: { bytes: 8, Array: BigInt64Array },
  U64: { bytes: 8, Array: BigUint64Array },
  I32: { bytes: 4, Array: Int32Array },
  U32: { bytes: 4, Array: Uint32Array },
  I16: { bytes: 2, Array: Int16Array },
  U16: { bytes: 2, Array: Uint16Array },
  I8: { bytes: 1, Array: Int8Array },
  U8: { bytes: 1, Array: Uint8Array },
  BOOL: { bytes: 1, Array: Uint8Array },
};

/** The largest header accepted (the reference implementation's limit): a guard against absurd lengths. */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

const METADATA_KEY = "__metadata__";

// NOTE: typed arrays use the host's byte order and the format is little-endian; every platform Node ships
// prebuilt binaries for is little-endian, so a big-endian host is refused rather than silently misread.
const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function checkHost(source: string): void {
  if (!littleEndianHost) throw new SafetensorsError(source, "big-endian hosts are not supported");
}

/** Returns the number of elements of `shape`, or throws naming the tensor if the shape is not valid. */
function elementCount(shape: unknown, name: string, source: string): number {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new SafetensorsError(
      source,
      `tensor "${name}": shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`,
    );
  }
  const count = shape.reduce((a: number, b: number) => a * b, 1);
  if (!Number.isSafeInteger(count))
    throw new SafetensorsError(source, `tensor "${name}": shape [${shape}] is too large`);
  return count;
}

/**
 * Returns the bytes of a safetensors file holding `tensors` (in the given order, regrouped by element size
 * so every tensor is aligned) and `metadata` strings. Throws a SafetensorsError for a dtype that does not
 * match its array, a shape that does not match the element count, or a reserved or empty name.
 */
export function encodeSafetensors(
  tensors: ReadonlyMap<string, SafetensorsEntry> | Readonly<Record<string, SafetensorsEntry>>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const source = "<encode>";
  checkHost(source);
  const entries: Array<[string, SafetensorsEntry]> =
    tensors instanceof Map
      ? [...(tensors as ReadonlyMap<string, SafetensorsEntry>).entries()]
      : Object.entries(tensors as Readonly<Record<string, SafetensorsEntry>>);
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== "string")
      throw new SafetensorsError(source, `metadata "${key}" must be a string, got ${describe(value)}`);
  }
  for (const [name, entry] of entries) {
    if (name === "" || name === METADATA_KEY)
      throw new SafetensorsError(source, `tensor name ${JSON.stringify(name)} is reserved or empty`);
    const type = arrayTypes[entry.dtype];
    if (!type) throw new SafetensorsError(source, `tensor "${name}": unknown dtype ${describe(entry.dtype)}`);
    if (!(entry.data instanceof type.Array)) {
      throw new SafetensorsError(
        source,
        `tensor "${name}": dtype ${entry.dtype} needs a ${type.Array.name}, got ${describe(entry.data)}`,
      );
    }
    const count = elementCount(entry.shape, name, source);
    if (count !== entry.data.length) {
      throw new SafetensorsError(
        source,
        `tensor "${name}": shape [${entry.shape}] holds ${count} elements but data has ${entry.data.length}`,
      );
    }
  }
  // Largest elements first: with the data start 8-aligned, every tensor then starts on its own alignment.
  const ordered = entries
    .map((entry, index) => ({ entry, index }))
    .sort(
      (a, b) => arrayTypes[b.entry[1].dtype].bytes - arrayTypes[a.entry[1].dtype].bytes || a.index - b.index,
    )
    .map(({ entry }) => entry);

  const parts: string[] = [];
  if (Object.keys(metadata).length > 0)
    parts.push(`${JSON.stringify(METADATA_KEY)}:${JSON.stringify(metadata)}`);
  let offset = 0;
  for (const [name, entry] of ordered) {
    const end = offset + entry.data.byteLength;
    const info = { dtype: entry.dtype, shape: [...entry.shape], data_offsets: [offset, end] };
    // Built by hand so the header keeps this order even for integer-like names such as "0".
    parts.push(`${JSON.stringify(name)}:${JSON.stringify(info)}`);
    offset = end;
  }
  const json = new TextEncoder().encode(`{${parts.join(",")}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let position = 8 + headerLength;
  for (const [, entry] of ordered) {
    out.set(new Uint8Array(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength), position);
    position += entry.data.byteLength;
  }
  return out;
}

/** Returns the parsed JSON header object, or throws naming `source` and what is wrong with it. */
function readHeader(
  bytes: Uint8Array,
  source: string,
): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8)
    throw new SafetensorsError(
      source,
      `file has ${bytes.length} bytes, too short for the 8-byte header length`,
    );
  const length = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (length > BigInt(Math.min(MAX_HEADER_BYTES, bytes.length - 8))) {
    throw new SafetensorsError(
      source,
      `bad header length ${length}: the file has ${bytes.length - 8} bytes after the length field` +
        ` (limit ${MAX_HEADER_BYTES})`,
    );
  }
  const dataStart = 8 + Number(length);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, dataStart));
  } catch (error) {
    throw new SafetensorsError(source, "header is not valid UTF-8", { cause: error });
  }
  if (!text.startsWith("{"))
    throw new SafetensorsError(source, "header must be a JSON object starting with '{'");
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    throw new SafetensorsError(source, `header is not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (header === null || typeof header !== "object" || Array.isArray(header))
    throw new SafetensorsError(source, "header must be a JSON object");
  return { header: header as Record<string, unknown>, dataStart };
}

/**
 * Returns the tensors (copied into fresh, aligned arrays, in file order) and metadata of safetensors `bytes`.
 * Throws a SafetensorsError naming `source` for a bad header length, invalid JSON, an unknown dtype, a byte
 * range that is out of range or does not match dtype and shape, ranges that overlap or leave holes, or
 * non-string metadata.
 */
export function decodeSafetensors(bytes: Uint8Array, source = "<bytes>"): SafetensorsContents {
  checkHost(source);
  const { header, dataStart } = readHeader(bytes, source);
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const infos: Array<{ name: string; dtype: SafetensorsDtype; shape: number[]; begin: number; end: number }> =
    [];
  for (const [name, info] of Object.entries(header)) {
    if (name === METADATA_KEY) {
      if (info === null || typeof info !== "object" || Array.isArray(info))
        throw new SafetensorsError(source, "__metadata__ must be an object of strings");
      for (const [key, value] of Object.entries(info)) {
        if (typeof value !== "string")
          throw new SafetensorsError(
            source,
            `__metadata__ "${key}" must be a string, got ${describe(value)}`,
          );
        metadata[key] = value;
      }
      continue;
    }
    if (info === null || typeof info !== "object")
      throw new SafetensorsError(source, `tensor "${name}": entry must be an object`);
    const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
    if (typeof dtype !== "string" || !Object.hasOwn(arrayTypes, dtype)) {
      throw new SafetensorsError(
        source,
        `tensor "${name}": unsupported dtype ${describe(dtype)} (supported: ${Object.keys(arrayTypes).join(", ")})`,
      );
    }
    const count = elementCount(shape, name, source);
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
      offsets[0] > offsets[1]
    ) {
      throw new SafetensorsError(
        source,
        `tensor "${name}": data_offsets must be [begin, end] with 0 <= begin <= end, got ${JSON.stringify(offsets)}`,
      );
    }
    const [begin, end] = offsets as [number, number];
    if (end > dataLength) {
      throw new SafetensorsError(
        source,
        `tensor "${name}": data_offsets [${begin}, ${end}] out of range: the data section has ${dataLength} bytes`,
      );
    }
    const expectedBytes = count * arrayTypes[dtype as SafetensorsDtype].bytes;
    if (end - begin !== expectedBytes) {
      throw new SafetensorsError(
        source,
        `tensor "${name}": dtype ${dtype} and shape [${shape}] need ${expectedBytes} bytes but data_offsets` +
          ` [${begin}, ${end}] span ${end - begin}`,
      );
    }
    infos.push({ name, dtype: dtype as SafetensorsDtype, shape: shape as number[], begin, end });
  }
  infos.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expectedBegin = 0;
  for (const info of infos) {
    if (info.begin !== expectedBegin) {
      throw new SafetensorsError(
        source,
        `tensor "${info.name}": data_offsets start at ${info.begin}, expected ${expectedBegin}` +
          ` (tensor data must be contiguous without overlaps or holes)`,
      );
    }
    expectedBegin = info.end;
  }
  if (expectedBegin !== dataLength) {
    throw new SafetensorsError(
      source,
      `tensors cover ${expectedBegin} bytes of a ${dataLength}-byte data section (truncated or trailing bytes)`,
    );
  }
  const tensors = new Map<string, SafetensorsEntry>();
  for (const { name, dtype, shape, begin, end } of infos) {
    // NOTE: a fresh buffer at offset 0 keeps every typed array view aligned; bytes.slice() would not do, as
    // Node's Buffer.slice() returns a view into the (possibly pooled) file buffer rather than a copy.
    const copy = new Uint8Array(end - begin);
    copy.set(bytes.subarray(dataStart + begin, dataStart + end));
    const data = new arrayTypes[dtype].Array(copy.buffer);
    tensors.set(name, { dtype, shape, data } as SafetensorsEntry);
  }
  return { tensors, metadata };
}

/** Returns the value of an IEEE 754 half-precision bit pattern. */
function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/**
 * Returns the entry's elements as a new Float32Array or Float64Array (`dtype`), converting from any dtype of
 * the format (F16/BF16 decoded, integers converted; I64/U64 beyond 2^53 lose precision as in a float cast).
 */
export function toFloatArray(
  entry: SafetensorsEntry,
  dtype: "float32" | "float64",
): Float32Array | Float64Array {
  const out = dtype === "float32" ? new Float32Array(entry.data.length) : new Float64Array(entry.data.length);
  if (entry.dtype === "BF16") {
    // bfloat16 is the top half of a float32.
    const widened = new Uint32Array(entry.data.length);
    for (let i = 0; i < widened.length; i++) widened[i] = entry.data[i] << 16;
    out.set(new Float32Array(widened.buffer));
  } else if (entry.dtype === "F16") {
    for (let i = 0; i < out.length; i++) out[i] = halfToNumber(entry.data[i]);
  } else if (entry.dtype === "I64" || entry.dtype === "U64") {
    for (let i = 0; i < out.length; i++) out[i] = Number(entry.data[i]);
  } else {
    out.set(entry.data);
  }
  return out;
}
