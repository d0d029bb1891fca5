import { EfficientEcgError } from "../errors.js";

/**
 * Raised for any record, annotation or MATLAB file that cannot be read or written: missing, truncated,
 * malformed, inconsistent with its header, or an unsupported variant. `file` names the file (or the
 * argument, for in-memory input) and `reason` says what is wrong with it.
 */
export class RecordError extends EfficientEcgError {
  readonly file: string;
  readonly reason: string;
  constructor(file: string, reason: string, options?: { cause?: unknown }) {
    super("ERR_RECORD", `${file}: ${reason}`, options);
    this.file = file;
    this.reason = reason;
  }
}

/**
 * Returns a file-system error in words for a RecordError's reason: "file not found", "permission denied",
 * "is a folder, not a file", or the system's own message for anything else.
 */
export function fsErrorReason(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT") return "file not found";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "is a folder, not a file";
  return error instanceof Error ? error.message : String(error);
}
