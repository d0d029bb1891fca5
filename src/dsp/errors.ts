import { EfficientEcgError } from "../errors.js";

/** Raised for a bad argument to a signal-processing function (sampling rate, cut-off, signal, coefficients). */
export class DspError extends EfficientEcgError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_DSP", message, options);
  }
}
