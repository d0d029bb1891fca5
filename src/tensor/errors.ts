/** Errors of the tensor engine: bad shapes or dtypes, kernel backend problems, and tensor misuse. */
import { EfficientEcgError } from "../errors.js";

/**
 * Raised when an op's inputs break a shape or dtype rule. The message names the op and the rule, e.g.
 * "conv1d: in_channels (3) must be divisible by groups (2)".
 */
export class ShapeError extends EfficientEcgError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_SHAPE", message, options);
  }
}

/** Raised when a kernel backend cannot be loaded or selected (e.g. native requested but not built). */
export class BackendError extends EfficientEcgError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_BACKEND", message, options);
  }
}

/** Raised for a tensor used in a way its lifecycle forbids: read after dispose, backward twice, ... */
export class TensorError extends EfficientEcgError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_TENSOR", message, options);
  }
}
