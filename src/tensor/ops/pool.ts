/** 1-D pooling over (N, C, L): max, average (padding counted, as PyTorch's default) and global average. */
import { kernelsFor } from "../backend.js";
import { ShapeError } from "../errors.js";
import { prepareGrad } from "../grad.js";
import type { Pool1dParams } from "../kernels/kernels.js";
import { attach, needsGrad } from "../tape.js";
import { emptyTensor, type Tensor } from "../tensor.js";
import { checkInt, checkRank, checkTensor } from "./checks.js";
import { mean } from "./reduce.js";

/** Options of maxPool1d and avgPool1d. */
export interface Pool1dOptions {
  /** Default: the kernel size. */
  stride?: number;
  /** Implicit padding on both sides (-Infinity for max, 0 for avg); at most half the kernel size. */
  padding?: number;
}

/**
 * Returns the maximum over each window: (N, C, L) -> (N, C, L_out), L_out = floor((L + 2 pad - K) / stride)
 * + 1. dx = dy at each window's first maximum.
 */
export function maxPool1d(x: Tensor, kernelSize: number, options?: Pool1dOptions): Tensor {
  return pool("max", x, kernelSize, options);
}

/** Returns the mean over each window, padding counted as zeros: (N, C, L) -> (N, C, L_out). dx = dy / K. */
export function avgPool1d(x: Tensor, kernelSize: number, options?: Pool1dOptions): Tensor {
  return pool("avg", x, kernelSize, options);
}

/** Returns the mean over L: (N, C, L) -> (N, C, 1). dx = dy / L. */
export function globalAvgPool1d(x: Tensor): Tensor {
  checkTensor("globalAvgPool1d", "x", x);
  checkRank("globalAvgPool1d", "x", x, 3);
  if (x.shape[2] === 0) throw new ShapeError("globalAvgPool1d: cannot average an empty length axis");
  return mean(x, 2, true);
}

/** Shared forward and backward of the windowed pools. */
function pool(kind: "max" | "avg", x: Tensor, kernelSize: number, options?: Pool1dOptions): Tensor {
  const op = `${kind}Pool1d`;
  checkTensor(op, "x", x);
  checkRank(op, "x", x, 3);
  checkInt(op, "kernelSize", kernelSize, 1);
  const stride = options?.stride ?? kernelSize;
  const padding = options?.padding ?? 0;
  checkInt(op, "stride", stride, 1);
  checkInt(op, "padding", padding, 0);
  if (padding > kernelSize / 2) {
    throw new ShapeError(`${op}: padding (${padding}) must be at most half the kernel size (${kernelSize})`);
  }
  const [N, C, Lin] = x.shape;
  const Lout = Math.floor((Lin + 2 * padding - kernelSize) / stride) + 1;
  if (Lout < 1) {
    throw new ShapeError(
      `${op}: input length ${Lin} plus padding ${2 * padding} is shorter than the kernel (${kernelSize})`,
    );
  }
  const p: Pool1dParams = { rows: N * C, Lin, K: kernelSize, Lout, stride, padLeft: padding };
  const k = kernelsFor(x.dtype);
  const y = emptyTensor([N, C, Lout], x.dtype);
  const argmax = kind === "max" ? new Int32Array(N * C * Lout) : null;
  k.pool1d(kind, x.data, y.data, p, argmax);
  if (needsGrad(x)) {
    attach(y, op, [x], (dy) => {
      prepareGrad(x, true);
      k.pool1dBackward(kind, dy.data, x.grad!.data, p, argmax);
    });
  }
  return y;
}
