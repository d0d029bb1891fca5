/**
 * Gradient buffers for the backward closures: where an input's gradient goes, and how a computed gradient is
 * added to it. Gradients are tensors that no scope records (they belong to their tensor); an internal
 * (non-leaf) tensor may share its gradient's storage with the output gradient it came from, copy-on-write.
 */
import { kernelsFor } from "./backend.js";
import type { Buf } from "./kernels/kernels.js";
import { emptyTensor, shareTensor, type Tensor } from "./tensor.js";

/**
 * Ensures `t.grad` exists and is not shared; returns true when kernels must ADD into it (it already held a
 * gradient, or `zeroed` asked for a fresh zero-filled one) and false when they may overwrite it.
 */
export function prepareGrad(t: Tensor, zeroed = false): boolean {
  const g = t.grad;
  if (g === null) {
    const fresh = emptyTensor(t.shape, t.dtype, false);
    t.grad = fresh;
    if (zeroed) fresh.data.fill(0);
    return zeroed;
  }
  if (g._storage !== null && g._storage.refs > 1) {
    const copy = emptyTensor(t.shape, t.dtype, false);
    copy.data.set(g.data);
    g.dispose();
    t.grad = copy;
  }
  return true;
}

/** Returns t.grad's buffer after prepareGrad(t, zeroed), with the accumulate flag, for one kernel call. */
export function gradBuffer(t: Tensor, zeroed = false): { buf: Buf; accumulate: boolean } {
  const accumulate = prepareGrad(t, zeroed);
  return { buf: t.grad!.data, accumulate };
}

/**
 * Adds alpha * g (g has t's size; its shape may differ, as in reshape) into t's gradient. The caller keeps
 * ownership of g: when t is an internal tensor with no gradient yet, it shares g's storage instead of copying.
 */
export function addGrad(t: Tensor, g: Tensor, alpha = 1): void {
  const k = kernelsFor(t.dtype);
  if (t.grad === null) {
    if (alpha === 1 && t._node !== null && !t._retainGrad) {
      t.grad = shareTensor(g, t.shape, false);
      return;
    }
    const fresh = emptyTensor(t.shape, t.dtype, false);
    k.affine(g.data, alpha, 0, fresh.data);
    t.grad = fresh;
    return;
  }
  prepareGrad(t);
  k.axpy(alpha, g.data, t.grad.data);
}

/** Returns where the kernels write dx: x's gradient, or a scratch buffer when x needs none. */
export function inputGradBuffer(x: Tensor): { dx: Buf; accumulate: boolean; release: () => void } {
  if (x.requiresGrad) {
    const accumulate = prepareGrad(x);
    return { dx: x.grad!.data, accumulate, release: () => {} };
  }
  const scratch = emptyTensor(x.shape, x.dtype, false);
  return { dx: scratch.data, accumulate: false, release: () => scratch.dispose() };
}
