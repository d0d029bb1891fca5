import { EfficientEcgError } from "../errors.js";

/** Raised for bad input to feature extraction (signal, R peaks, P waves, sampling rate, options). */
export class FeatureError extends EfficientEcgError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_FEATURE", message, options);
  }
}
