/**
 * The middle of an MBConv block in training as one op: [batch norm + activation] -> depthwise conv -> batch
 * norm + activation, both batch norms with batch statistics. With a backend that has depthwiseNormAct it is
 * one kernel per direction that takes each channel through the whole chain in cache and stores neither
 * intermediate tensor (the backward recomputes them); otherwise it is composed from batchNorm and conv1d.
 */
import { expected } from "../../errors.js";
import { kernelsFor } from "../backend.js";
import { ShapeError } from "../errors.js";
import { gradBuffer, inputGradBuffer } from "../grad.js";
import type { BatchNormParams, DepthwiseNormParams, NormActivation } from "../kernels/kernels.js";
import { formatShape } from "../shape.js";
import { attach, isGradEnabled } from "../tape.js";
import { emptyTensor, type Tensor } from "../tensor.js";
import { checkNumber, checkRank, checkSameDtype, checkTensor } from "./checks.js";
import { conv1d, conv1dParams } from "./conv.js";
import { batchNorm } from "./norm.js";

/** One batch norm of depthwiseNormAct: its parameters and running statistics, each (C) or null. */
export interface NormWeights {
  gamma: Tensor | null;
  beta: Tensor | null;
  runningMean: Tensor | null;
  runningVar: Tensor | null;
  /** Weight of the new batch in the running statistics (default 0.1). */
  momentum?: number;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

/** Options of depthwiseNormAct. */
export interface DepthwiseNormOptions {
  stride?: number;
  /** Zero padding on both sides (default 0). */
  padding?: number;
  dilation?: number;
  /** The activation after each batch norm. */
  activation: NormActivation;
  /** The batch norm (then the activation) applied to x before the convolution; null or absent: none. */
  inNorm?: NormWeights | null;
  /** The batch norm (then the activation) applied to the convolution's output. */
  outNorm: NormWeights;
}

const OP = "depthwiseNormAct";

/**
 * Returns act(outNorm(depthwise conv1d(act(inNorm(x)), w))) (N, C, L_out) for x (N, C, L) and w (C, 1, K)
 * without bias, L_out = floor((L + 2 padding - dilation (K - 1) - 1) / stride) + 1. Both batch norms are in
 * training mode: batch mean and biased variance, running statistics updated in place with their momentum.
 * The same as batchNorm, conv1d (groups = C) and batchNorm in turn, with the same gradients.
 */
export function depthwiseNormAct(x: Tensor, weight: Tensor, options: DepthwiseNormOptions): Tensor {
  const p = depthwiseNormParams(x, weight, options);
  const { inNorm = null, outNorm, activation } = options;
  const k = kernelsFor(x.dtype);
  if (!(k.depthwiseNormAct && k.depthwiseNormActBackward)) {
    const norm = (t: Tensor, w: NormWeights) =>
      batchNorm(t, w.runningMean, w.runningVar, w.gamma, w.beta, {
        training: true,
        momentum: w.momentum,
        eps: w.eps,
        activation,
      });
    const e = inNorm ? norm(x, inNorm) : x;
    const { stride, padLeft: padding, dilation, C: groups } = p;
    return norm(conv1d(e, weight, null, { stride, padding, dilation, groups }), outNorm);
  }
  const y = emptyTensor([p.N, p.C, p.Lout], x.dtype);
  k.depthwiseNormAct(x.data, weight.data, y.data, p);
  const inputs = [x, weight, inNorm?.gamma, inNorm?.beta, outNorm.gamma, outNorm.beta].filter(
    (t): t is Tensor => t !== null && t !== undefined,
  );
  if (!isGradEnabled() || !inputs.some((t) => t.requiresGrad)) return y;
  // Gradients (each norm as batchNorm's, the conv as conv1d's): g = dy act'(u_out), dz = batch norm's dx of
  // g; dw = correlation of dz with act(u_in); de = conv1d transposed of dz; dx = batch norm's dx of
  // de act'(u_in) (or de without inNorm); dgamma = sum(g xhat), dbeta = sum(g) per norm.
  return attach(y, `${OP}+${activation}`, inputs, (dy) => {
    const { dx, accumulate, release } = inputGradBuffer(x);
    const grad = (t: Tensor | null | undefined) => (t?.requiresGrad ? gradBuffer(t, true).buf : null);
    k.depthwiseNormActBackward!(
      dy.data,
      x.data,
      weight.data,
      dx,
      grad(weight),
      grad(inNorm?.gamma),
      grad(inNorm?.beta),
      grad(outNorm.gamma),
      grad(outNorm.beta),
      p,
      accumulate,
    );
    release();
  });
}

/** Validates depthwiseNormAct's arguments and returns the kernel parameters. */
function depthwiseNormParams(x: Tensor, w: Tensor, options: DepthwiseNormOptions): DepthwiseNormParams {
  checkTensor(OP, "x", x);
  checkTensor(OP, "weight", w);
  checkRank(OP, "x", x, 3);
  checkSameDtype(OP, x, w);
  const [N, C, Lin] = x.shape;
  if (w.rank !== 3 || w.shape[0] !== C || w.shape[1] !== 1)
    throw new ShapeError(
      `${OP}: weight must have shape [${C}, 1, K] (one filter per channel of x), not ${formatShape(w.shape)}`,
    );
  const { stride = 1, padding = 0, dilation = 1, activation, inNorm = null, outNorm } = options;
  const { K, Lout } = conv1dParams(x, w, null, { stride, padding, dilation, groups: C }, OP);
  if (activation !== "silu" && activation !== "relu")
    throw new ShapeError(`${OP}: ${expected('"silu" or "relu"', "activation", activation)}`);
  if (inNorm !== null) checkNorm("inNorm", inNorm, x, Lin);
  checkNorm("outNorm", outNorm, x, Lout);
  const saved = emptyTensor([4, C], x.dtype); // mean and invstd of both norms, released with the scope
  const params = (n: NormWeights, L: number, at: number): BatchNormParams => {
    const data = (t: Tensor | null | undefined) => (t ? t.data : null);
    return {
      ...{ N, C, L, eps: n.eps ?? 1e-5, momentum: n.momentum ?? 0.1, training: true },
      ...{ gamma: data(n.gamma), beta: data(n.beta), runningMean: data(n.runningMean) },
      runningVar: data(n.runningVar),
      mean: saved.data.subarray(at * C, (at + 1) * C),
      invstd: saved.data.subarray((at + 1) * C, (at + 2) * C),
    };
  };
  return {
    ...{ N, C, Lin, K, Lout, stride, padLeft: padding, dilation, activation },
    inNorm: inNorm === null ? null : params(inNorm, Lin, 0),
    outNorm: params(outNorm, Lout, 2),
  };
}

/** Throws a ShapeError unless `n` holds a batch norm's weights for x's channels over rows of length L. */
function checkNorm(name: string, n: NormWeights, x: Tensor, L: number): void {
  const [N, C] = x.shape;
  if (typeof n !== "object" || n === null)
    throw new ShapeError(`${OP}: ${expected("the weights of a batch norm", name, n)}`);
  checkNumber(OP, `${name}.momentum`, n.momentum ?? 0.1);
  checkNumber(OP, `${name}.eps`, n.eps ?? 1e-5);
  for (const key of ["gamma", "beta", "runningMean", "runningVar"] as const) {
    const t = n[key];
    if (t === null || t === undefined) continue;
    checkTensor(OP, `${name}.${key}`, t);
    checkSameDtype(OP, x, t);
    if (t.rank !== 1 || t.size !== C)
      throw new ShapeError(
        `${OP}: ${name}.${key} must have shape [${C}] (the channels of x), not ${formatShape(t.shape)}`,
      );
  }
  if (N * L <= 1)
    throw new ShapeError(`${OP}: ${name} needs more than 1 value per channel in training, got ${N} x ${L}`);
}
