import { EfficientEcgError } from "../errors.js";

/** Raised for bad input to evaluation: class ids, confusion matrices, logits, chart series and plot options. */
export class EvaluationError extends EfficientEcgError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_EVAL", message, options);
  }
}
