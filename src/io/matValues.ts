/** Numbers stored in `.mat` files -> typed arrays of a MATLAB class, converting the storage type if needed. */
import type { MatNumericClass, MatTypedArray } from "./matTypes.js";

/**
 * How values are stored in the file, named like the classes (MATLAB may store e.g. a double array as uint8 to
 * save space).
 */
export type StorageType = MatNumericClass;

/** Bytes per stored value of each storage type. */
export const STORAGE_SIZE: Record<StorageType, number> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
  single: 4,
  double: 8,
};

type ArrayConstructor = { new (length: number): MatTypedArray; BYTES_PER_ELEMENT: number };

const CLASS_ARRAY: Record<MatNumericClass, ArrayConstructor> = {
  double: Float64Array,
  single: Float32Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
};

const littleEndianMachine = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Returns `count` values stored as `storage` at `offset` in `bytes`, as a typed array of MATLAB class
 * `target`. The caller guarantees the bytes exist.
 */
export function readValues(
  bytes: Uint8Array,
  offset: number,
  count: number,
  storage: StorageType,
  littleEndian: boolean,
  target: MatNumericClass,
): MatTypedArray {
  const Target = CLASS_ARRAY[target];
  const size = STORAGE_SIZE[storage];
  if (storage === target && littleEndian === littleEndianMachine) {
    // Same layout: one copy into an aligned buffer.
    const copy = bytes.slice(offset, offset + count * size);
    return new (Target as unknown as new (buffer: ArrayBuffer) => MatTypedArray)(copy.buffer);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * size);
  const get = getter(view, storage, littleEndian);
  const out = new Target(count);
  const bigTarget = target === "int64" || target === "uint64";
  for (let i = 0; i < count; i++) {
    const value = get(i * size);
    if (bigTarget) (out as BigInt64Array)[i] = typeof value === "bigint" ? value : BigInt(Math.trunc(value));
    else (out as Float64Array)[i] = typeof value === "bigint" ? Number(value) : value;
  }
  return out;
}

function getter(view: DataView, storage: StorageType, le: boolean): (at: number) => number | bigint {
  switch (storage) {
    case "int8":
      return (at) => view.getInt8(at);
    case "uint8":
      return (at) => view.getUint8(at);
    case "int16":
      return (at) => view.getInt16(at, le);
    case "uint16":
      return (at) => view.getUint16(at, le);
    case "int32":
      return (at) => view.getInt32(at, le);
    case "uint32":
      return (at) => view.getUint32(at, le);
    case "int64":
      return (at) => view.getBigInt64(at, le);
    case "uint64":
      return (at) => view.getBigUint64(at, le);
    case "single":
      return (at) => view.getFloat32(at, le);
    case "double":
      return (at) => view.getFloat64(at, le);
  }
}
