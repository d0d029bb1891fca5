import { EfficientEcgError } from "../errors.js";

/** Raised for bad input to beat detection or beat-by-beat scoring (signal, sampling rate, options). */
export class DetectError extends EfficientEcgError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_DETECT", message, options);
  }
}
