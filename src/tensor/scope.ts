/**
 * scope(fn), tfjs-style tidy: every tensor created while fn runs goes back to the buffer pool when it returns,
 * except the tensors it returns (found in arrays and plain objects), leaves that require grad (parameters)
 * and tensors marked with keep(). A training loop that wraps each step in scope() keeps memory flat.
 */
import { TensorError } from "./errors.js";
import { closeScope, openScope, type Tracked } from "./memory.js";
import { Tensor } from "./tensor.js";

/**
 * Returns fn()'s result after disposing every tensor fn created that is not part of the result, not a
 * parameter and not kept. fn must be synchronous; backward() must run inside the scope that built the graph.
 */
export function scope<T>(fn: () => T): T {
  openScope();
  let result: T;
  try {
    result = fn();
  } catch (error) {
    closeScope(new Set());
    throw error;
  }
  if (result !== null && typeof (result as { then?: unknown })?.then === "function") {
    closeScope(new Set());
    throw new TensorError("scope: fn must be synchronous (it returned a Promise); await outside the scope");
  }
  closeScope(collectTensors(result));
  return result;
}

/** Marks a tensor to survive every scope (e.g. optimiser state created during a step); returns it. */
export function keep<T extends Tensor>(t: T): T {
  t._kept = true;
  return t;
}

/** Returns the tensors inside a value: itself, or nested in arrays and plain objects. */
function collectTensors(value: unknown, found = new Set<Tracked>()): Set<Tracked> {
  if (value instanceof Tensor) found.add(value);
  else if (Array.isArray(value)) for (const v of value) collectTensors(v, found);
  else if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collectTensors(v, found);
  }
  return found;
}
