/**
 * Safetensors files on disk: atomic writes (temporary file in the same folder, flushed, then renamed over the
 * target, so a crash never leaves a half-written checkpoint) and reads with errors that name the file.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { SafetensorsError } from "./errors.js";
import {
  decodeSafetensors,
  encodeSafetensors,
  type SafetensorsContents,
  type SafetensorsEntry,
} from "./safetensors.js";

/** Writes `bytes` to `path` atomically (temp file + fsync + rename in the same folder). Returns nothing. */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`,
  );
  try {
    const fd = openSync(temporary, "w");
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new SafetensorsError(path, `could not write the file (${(error as Error).message})`, {
      cause: error,
    });
  }
}

/** Saves `tensors` and `metadata` as a safetensors file at `path` (atomically). Returns the bytes written. */
export function saveSafetensors(
  path: string,
  tensors: ReadonlyMap<string, SafetensorsEntry> | Readonly<Record<string, SafetensorsEntry>>,
  metadata: Readonly<Record<string, string>> = {},
): number {
  const bytes = encodeSafetensors(tensors, metadata);
  writeFileAtomic(path, bytes);
  return bytes.length;
}

/** Returns the tensors (file order) and metadata of the safetensors file at `path`; errors name the file. */
export function loadSafetensors(path: string): SafetensorsContents {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new SafetensorsError(path, `could not read the file (${(error as Error).message})`, {
      cause: error,
    });
  }
  return decodeSafetensors(bytes, path);
}
