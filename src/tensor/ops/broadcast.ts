/** Broadcasting helpers of the ops: sums over axes, reduction of a gradient to an input's shape, expansion. */
import { addGrad } from "../grad.js";
import type { Buf, EngineKernels } from "../kernels/kernels.js";
import { broadcastStrides, sizeOf, stridesOf } from "../shape.js";
import { emptyTensor, type Tensor } from "../tensor.js";

/**
 * Returns the sum of x (shape `shape`) over the sorted `axes`, as a tensor of `finalShape` (default: the
 * shape without those axes; any shape of that size). Each run of adjacent axes is one reduce kernel call,
 * last run first (so that earlier axes keep their indices).
 */
export function sumAxes(
  k: EngineKernels,
  x: Buf,
  shape: readonly number[],
  axes: readonly number[],
  like: Tensor,
  track: boolean,
  finalShape?: readonly number[],
): Tensor {
  let current = [...shape];
  let buf = x;
  let result: Tensor | null = null;
  for (let i = axes.length - 1; i >= 0; ) {
    const end = axes[i] + 1;
    let start = axes[i];
    while (i > 0 && axes[i - 1] === start - 1) start = axes[--i];
    i--;
    const outer = sizeOf(current.slice(0, start));
    const n = sizeOf(current.slice(start, end));
    const inner = sizeOf(current.slice(end));
    const next = [...current.slice(0, start), ...current.slice(end)];
    const out =
      i < 0 ? emptyTensor(finalShape ?? next, like.dtype, track) : emptyTensor(next, like.dtype, false);
    k.reduce("sum", buf, outer, n, inner, out.data);
    result?.dispose();
    result = out;
    buf = out.data;
    current = next;
  }
  if (result === null) {
    result = emptyTensor(finalShape ?? current, like.dtype, track);
    result.data.set(x);
  }
  return result;
}

/** Returns g (of a broadcast output's shape) summed down to `shape`, or g itself when no axis needs it. */
export function sumToShape(k: EngineKernels, g: Tensor, shape: readonly number[]): Tensor {
  if (sizeOf(shape) === g.size) return g;
  const offset = g.shape.length - shape.length;
  const axes: number[] = [];
  for (let d = 0; d < g.shape.length; d++) {
    if (d < offset || (shape[d - offset] === 1 && g.shape[d] !== 1)) axes.push(d);
  }
  return sumAxes(k, g.data, g.shape, axes, g, false, shape);
}

/** Adds alpha * (g summed down to t's shape) into t's gradient. */
export function addGradReduced(k: EngineKernels, t: Tensor, g: Tensor, alpha = 1): void {
  const reduced = sumToShape(k, g, t.shape);
  addGrad(t, reduced, alpha);
  if (reduced !== g) reduced.dispose();
}

/** dst (dense, dstShape) (+)= src (srcShape, broadcastable to dstShape) repeated along broadcast axes. */
export function broadcastInto(
  k: EngineKernels,
  src: Buf,
  srcShape: readonly number[],
  dst: Buf,
  dstShape: readonly number[],
  accumulate: boolean,
): void {
  k.copyStrided(
    src,
    0,
    broadcastStrides(srcShape, dstShape),
    dst,
    0,
    Int32Array.from(stridesOf(dstShape)),
    Int32Array.from(dstShape),
    accumulate,
  );
}
