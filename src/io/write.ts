/** Synchronous, atomic file-system writers: records (header + format 16/212 signal file) and annotations. */
import { join } from "node:path";
import type { Annotation } from "./annotations.js";
import { encodeAnnotations } from "./annotationWriter.js";
import { refuseExisting, writeFileAtomic } from "./atomicWrite.js";
import { RecordError } from "./errors.js";
import type { WfdbHeader } from "./header.js";
import { formatHeader } from "./headerWriter.js";
import { recordPaths } from "./read.js";
import { type EncodeOptions, encodeRecord, type RecordToWrite } from "./signalWriter.js";

/** Write options: storage (see EncodeOptions) and whether existing files may be replaced. */
export interface WriteOptions extends EncodeOptions {
  /** Replace existing files (default false: an existing file is an error and nothing is written). */
  overwrite?: boolean;
}

/**
 * Writes `<dir>/<name>.hea` and `<dir>/<name>.dat` for a record given as "<dir>/<name>" (the record's own
 * `name` is replaced by that name) and returns the header written. The signal file is written before the
 * header, each atomically. Throws RecordError if either file exists and `overwrite` is not set, or when the
 * path ends in a folder rather than a record name.
 */
export function writeRecord(
  path: string,
  record: Omit<RecordToWrite, "name">,
  options: WriteOptions = {},
): WfdbHeader {
  const { headerPath, dir, name } = recordPaths(path);
  // NOTE: "dir/" would otherwise become the hidden files "dir/.hea" and "dir/.hea.dat".
  if (name === "" || name.startsWith(".")) {
    throw new RecordError(path, 'expected a record path that ends with the record\'s name, e.g. "data/100"');
  }
  const signalPath = join(dir, `${name}.dat`);
  if (!options.overwrite) refuseExisting([headerPath, signalPath]);
  const { header, signalBytes } = encodeRecord({ ...record, name }, options);
  const text = formatHeader(header, headerPath);
  writeFileAtomic(signalPath, signalBytes, options.overwrite);
  writeFileAtomic(headerPath, text, options.overwrite);
  return header;
}

/** Writes an MIT-format annotation file (e.g. ".../100.atr") atomically; see encodeAnnotations for the rules. */
export function writeAnnotations(
  file: string,
  annotations: readonly Annotation[],
  options: { overwrite?: boolean } = {},
): void {
  writeFileAtomic(file, encodeAnnotations(annotations, file), options.overwrite);
}
