/**
 * Errors of the nn layer: state-dict problems (ModuleError) and weight-file problems (SafetensorsError).
 * Bad constructor arguments are ConfigErrors (src/errors.ts); bad input shapes are the tensor layer's ShapeError.
 */
import { EfficientEcgError } from "../errors.js";

/** Raised when a state dict does not fit a module (missing or unexpected keys, size mismatches). */
export class ModuleError extends EfficientEcgError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_MODULE", message, options);
  }
}

/** Raised for a corrupt or unsupported safetensors file; `source` names the file (or "<bytes>"). */
export class SafetensorsError extends EfficientEcgError {
  readonly source: string;
  constructor(source: string, message: string, options?: { cause?: unknown }) {
    super("ERR_SAFETENSORS", `${source}: ${message}`, options);
    this.source = source;
  }
}
