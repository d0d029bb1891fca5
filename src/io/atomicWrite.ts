/** Atomic file writes: a temporary file in the target's folder, then a rename (or a no-clobber link). */
import { existsSync, linkSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fsErrorReason, RecordError } from "./errors.js";

/**
 * Returns nothing; throws a RecordError naming the first of `paths` that exists ("file already exists;
 * <howToReplace> to replace it"), so that a caller writing several files can refuse before writing any.
 */
export function refuseExisting(paths: readonly string[], howToReplace = "pass overwrite: true"): void {
  for (const path of paths) if (existsSync(path)) throw new RecordError(path, alreadyExists(howToReplace));
}

/**
 * Writes `bytes` to `path` so that readers see either the old file or the whole new one, never a part.
 * Without `overwrite`, an existing file is left alone and a RecordError says so.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array | string, overwrite = false): void {
  if (!overwrite) refuseExisting([path]);
  const folder = dirname(path);
  const temporary = join(folder, `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let created = false;
  try {
    writeFileSync(temporary, bytes, { flag: "wx" });
    created = true;
    if (overwrite) renameSync(temporary, path);
    else linkSync(temporary, path); // NOTE: link fails if the target appeared meanwhile, so nothing is clobbered.
  } catch (error) {
    throw new RecordError(path, writeFailure(error, path), { cause: error });
  } finally {
    // NOTE: only a temporary file that was created is removed: removing one under a missing folder or a
    // file would throw in turn and hide the error above.
    if (created) rmSync(temporary, { force: true });
  }
}

/** Returns why writing `path` failed, in words: it exists, its folder is missing or a file, or as fsErrorReason. */
function writeFailure(error: unknown, path: string): string {
  const code = (error as { code?: string }).code;
  if (code === "EEXIST") return alreadyExists("pass overwrite: true");
  if (code === "ENOENT") return `cannot write: folder ${dirname(path)} does not exist`;
  if (code === "ENOTDIR") return `cannot write: ${dirname(path)} is not a folder`;
  return `cannot write: ${fsErrorReason(error)}`;
}

function alreadyExists(howToReplace: string): string {
  return `file already exists; ${howToReplace} to replace it`;
}
