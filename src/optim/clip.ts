/** Gradient clipping by global norm (PyTorch's torch.nn.utils.clip_grad_norm_). */
import { expected } from "../errors.js";
import { OptimizerError, type Parameter } from "./optimizer.js";

/**
 * Returns the global norm of all gradients (before clipping), the `normType`-norm of the vector made of every
 * gradient element; if it exceeds `maxNorm`, scales every gradient in place by maxNorm / (norm + 1e-6) as
 * PyTorch does. Parameters without a gradient are skipped. With `errorIfNonfinite`, a NaN or infinite norm
 * throws an OptimizerError instead of spreading NaN into the gradients.
 */
export function clipGradNorm(
  params: Iterable<Parameter>,
  maxNorm: number,
  options: { normType?: number; errorIfNonfinite?: boolean } = {},
): number {
  const { normType = 2, errorIfNonfinite = false } = options;
  if (!(maxNorm >= 0) || !Number.isFinite(maxNorm))
    throw new OptimizerError(expected("a finite number >= 0", "maxNorm", maxNorm));
  if (!(normType > 0)) throw new OptimizerError(expected("a number > 0 or Infinity", "normType", normType));
  const grads = [...params].flatMap((p) => (p.grad ? [p.grad.data] : []));
  let norm = 0;
  if (normType === Number.POSITIVE_INFINITY) {
    for (const g of grads) for (let i = 0; i < g.length; i++) norm = Math.max(norm, Math.abs(g[i]));
  } else {
    for (const g of grads) for (let i = 0; i < g.length; i++) norm += Math.abs(g[i]) ** normType;
    norm **= 1 / normType;
  }
  if (errorIfNonfinite && !Number.isFinite(norm))
    throw new OptimizerError(`the total gradient norm is ${norm}; gradients contain NaN or infinite values`);
  const scale = maxNorm / (norm + 1e-6);
  if (scale < 1) for (const g of grads) for (let i = 0; i < g.length; i++) g[i] *= scale;
  return norm;
}
