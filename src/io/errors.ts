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
