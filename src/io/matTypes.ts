/** Values read from MATLAB `.mat` files (v4 and v5), shared by both readers. */

/** MATLAB numeric classes. */
export type MatNumericClass =
  | "double"
  | "single"
  | "int8"
  | "uint8"
  | "int16"
  | "uint16"
  | "int32"
  | "uint32"
  | "int64"
  | "uint64";

/** Typed array holding the values of one numeric class (64-bit integers as BigInt arrays). */
export type MatTypedArray =
  | Float64Array
  | Float32Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** A numeric or logical array; values in column-major order (MATLAB's), `dims` as MATLAB reports them. */
export interface MatNumeric {
  kind: "numeric";
  class: MatNumericClass;
  dims: number[];
  real: MatTypedArray;
  /** Imaginary parts of a complex array. */
  imag?: MatTypedArray;
  /** True for a logical array (stored as uint8). */
  logical: boolean;
}

/** A character array; `rows` holds one string per row (a 1 x N char array is one string). */
export interface MatChar {
  kind: "char";
  dims: number[];
  rows: string[];
}

/** A struct array: field names and, per element (column-major), a value per field. */
export interface MatStruct {
  kind: "struct";
  dims: number[];
  fields: string[];
  elements: Array<Record<string, MatValue>>;
}

/** A cell array: one value per element (column-major). */
export interface MatCell {
  kind: "cell";
  dims: number[];
  elements: MatValue[];
}

/** Any value a `.mat` file may hold that the readers support. */
export type MatValue = MatNumeric | MatChar | MatStruct | MatCell;

/** The variables of a `.mat` file by name, in file order. */
export type MatVariables = Record<string, MatValue>;
