/** Synchronous file-system wrappers around the pure parsers: paths in, records and annotations out. */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { type Annotation, parseAnnotations } from "./annotations.js";
import { type DigitalRecord, decodeDigital, planRecord, type ReadOptions } from "./digital.js";
import { fsErrorReason, RecordError } from "./errors.js";
import { parseHeader, type WfdbHeader } from "./header.js";
import { parseMat } from "./mat.js";
import type { MatVariables } from "./matTypes.js";
import { type EcgRecord, parseRecord } from "./record.js";

/** Largest file read into memory (2 GiB): beyond it, reading would exhaust memory rather than fail cleanly. */
const MAX_FILE_BYTES = 2 ** 31;

/** Returns the bytes of a file, or throws RecordError naming it when it is missing, a folder or unreadable. */
export function readBytes(path: string): Uint8Array {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new RecordError(path, "not a regular file");
    size = stat.size;
  } catch (error) {
    if (error instanceof RecordError) throw error;
    throw new RecordError(path, fsErrorReason(error), { cause: error });
  }
  if (size > MAX_FILE_BYTES) throw new RecordError(path, `file of ${size} bytes is too large to read`);
  try {
    const buffer = readFileSync(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    throw new RecordError(path, fsErrorReason(error), { cause: error });
  }
}

/** Returns the header path and the folder of a record given as "<dir>/<name>" or "<dir>/<name>.hea". */
export function recordPaths(path: string): { headerPath: string; dir: string; name: string } {
  const headerPath = path.endsWith(".hea") ? path : `${path}.hea`;
  return { headerPath, dir: dirname(headerPath), name: basename(headerPath, ".hea") };
}

/** Returns the parsed header of a record (path with or without ".hea"). Throws RecordError. */
export function readHeader(path: string): WfdbHeader {
  const { headerPath } = recordPaths(path);
  if (headerPath !== path && !existsSync(headerPath) && isFolder(path)) {
    throw new RecordError(
      path,
      "is a folder, not a record: give the path of a record inside it (without .hea)",
    );
  }
  return parseHeader(new TextDecoder().decode(readBytes(headerPath)), headerPath);
}

/**
 * Returns the record at `path` (with or without ".hea") in physical units, reading the signal files its
 * header names from the header's folder. Options select signals and a sample range (see parseRecord).
 */
export function readRecord(path: string, options?: ReadOptions): EcgRecord {
  const header = readHeader(path);
  return parseRecord(header, signalFileReader(path), options, recordPaths(path).headerPath);
}

/** Returns the record's digital (ADC) samples, as readRecord does for physical ones. */
export function readRecordDigital(path: string, options?: ReadOptions): DigitalRecord {
  const header = readHeader(path);
  return decodeDigital(header, signalFileReader(path), options, recordPaths(path).headerPath);
}

/**
 * Returns the number of frames of the record at `path` (the header's sample count, or what its signal files hold
 * when it gives none) after checking that every signal file exists and holds them; decodes no sample. Throws
 * RecordError, e.g. for a missing or truncated signal file.
 */
export function readFrameCount(path: string): number {
  const header = readHeader(path);
  return planRecord(header, signalFileReader(path), {}, recordPaths(path).headerPath).frames;
}

/** Returns the annotations of an MIT-format annotation file, e.g. ".../100.atr" or ".../1.ii". */
export function readAnnotations(file: string): Annotation[] {
  return parseAnnotations(readBytes(file), file);
}

/** Returns the variables of a MATLAB v4 or v5 `.mat` file (see parseMat). */
export function readMat(file: string): MatVariables {
  return parseMat(readBytes(file), file);
}

function signalFileReader(path: string): (fileName: string) => Uint8Array {
  const { dir, headerPath } = recordPaths(path);
  return (fileName) => {
    if (fileName === "-" || fileName.includes("\0")) {
      throw new RecordError(headerPath, `signal file name "${fileName}" cannot be read (standard input)`);
    }
    return readBytes(join(dir, fileName));
  };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
