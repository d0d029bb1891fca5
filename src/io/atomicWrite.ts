/** Atomic file writes: a temporary file in the target's folder, then a rename (or a no-clobber link). */
import { existsSync, linkSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { RecordError } from "./errors.js";

/**
 * Writes `bytes` to `path` so that readers see either the old file or the whole new one, never a part.
 * Without `overwrite`, an existing file is left alone and a RecordError says so.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array | string, overwrite = false): void {
  if (!overwrite && existsSync(path)) {
    throw new RecordError(path, "file already exists; pass overwrite: true to replace it");
  }
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    writeFileSync(temporary, bytes, { flag: "wx" });
    if (overwrite) renameSync(temporary, path);
    else linkSync(temporary, path); // NOTE: link fails if the target appeared meanwhile, so nothing is clobbered.
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === "EEXIST"
        ? "file already exists; pass overwrite: true to replace it"
        : `cannot write: ${error instanceof Error ? error.message : String(error)}`;
    throw new RecordError(path, reason, { cause: error });
  } finally {
    rmSync(temporary, { force: true });
  }
}
