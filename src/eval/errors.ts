import { EfficientEcgError } from "../errors.js";

/**
 * Raised for bad input to evaluation: class ids, confusion matrices, logits, chart series and plot options.
 * NOTE: the name shadows JavaScript's built-in EvalError; a file that throws it without importing it would
 * throw the built-in one, so the tests check `instanceof EfficientEcgError` and the code "ERR_EVAL".
 */
// biome-ignore lint/suspicious/noShadowRestrictedNames: the eval layer's error class, named as the API asks.
export class EvalError extends EfficientEcgError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_EVAL", message, options);
  }
}
