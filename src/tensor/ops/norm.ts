/** Normalisation ops: batch norm over (N, C[, L]) per channel and layer norm over trailing axes. */

import { expected } from "../../errors.js";
import { kernelsFor } from "../backend.js";
import { ShapeError } from "../errors.js";
import { gradBuffer, inputGradBuffer } from "../grad.js";
import type { BatchNormParams, NormActivation } from "../kernels/kernels.js";
import { checkIntArray, formatShape, sizeOf } from "../shape.js";
import { attach, needsGrad } from "../tape.js";
import { emptyTensor, type Tensor } from "../tensor.js";
import { checkNumber, checkRank, checkSameDtype, checkTensor } from "./checks.js";
import { relu, silu } from "./elementwise.js";

/** Options of batchNorm (PyTorch's F.batch_norm defaults). */
export interface BatchNormOptions {
  /** Use batch statistics and update the running ones (default false: use the running statistics). */
  training?: boolean;
  /** Weight of the new batch in the running statistics (default 0.1). */
  momentum?: number;
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /**
   * Apply SiLU or ReLU to the output (default none). Fused into one kernel when the backend has
   * batchNormAct, which also saves memory: the normalised tensor is never stored.
   */
  activation?: NormActivation | null;
}

/**
 * Returns (x - mean) / sqrt(var + eps) * gamma + beta per channel of x (N, C) or (N, C, L). Training: batch
 * mean and biased variance over N and L, and runningMean/runningVar updated in place with momentum
 * (unbiased variance); eval: the running statistics. gamma, beta and the running stats are (C) or null.
 * Gradients (training, xhat = normalised x, M = N L): dx = gamma invstd / M (M dy - sum dy - xhat sum(dy
 * xhat)); eval: dx = dy gamma invstd; dgamma = sum(dy xhat), dbeta = sum(dy). With an activation, dy is
 * first multiplied by act'(u) of the normalised u.
 */
export function batchNorm(
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  gamma: Tensor | null,
  beta: Tensor | null,
  options?: BatchNormOptions,
): Tensor {
  checkTensor("batchNorm", "x", x);
  checkRank("batchNorm", "x", x, 2, 3);
  const [N, C] = x.shape;
  const L = x.rank === 3 ? x.shape[2] : 1;
  const activation = options?.activation ?? null;
  if (activation !== null && activation !== "silu" && activation !== "relu") {
    throw new ShapeError(`batchNorm: ${expected('"silu", "relu" or null', "activation", activation)}`);
  }
  const training = options?.training ?? false;
  const momentum = options?.momentum ?? 0.1;
  const eps = options?.eps ?? 1e-5;
  checkNumber("batchNorm", "momentum", momentum);
  checkNumber("batchNorm", "eps", eps);
  const named = { runningMean, runningVar, gamma, beta };
  for (const [name, t] of Object.entries(named)) {
    if (t === null || t === undefined) continue;
    checkTensor("batchNorm", name, t);
    checkSameDtype("batchNorm", x, t);
    if (t.size !== C || t.rank !== 1) {
      throw new ShapeError(
        `batchNorm: ${name} must have shape [${C}] (the channels of x), not ${formatShape(t.shape)}`,
      );
    }
  }
  if (!training && (!runningMean || !runningVar)) {
    throw new ShapeError("batchNorm: eval mode (training: false) needs runningMean and runningVar");
  }
  if (training && N * L <= 1) {
    throw new ShapeError(
      `batchNorm: training needs more than 1 value per channel, got x of shape ${formatShape(x.shape)}`,
    );
  }
  const k = kernelsFor(x.dtype);
  if (activation !== null && !(k.batchNormAct && k.batchNormActBackward)) {
    const normalised = batchNorm(x, runningMean, runningVar, gamma, beta, { ...options, activation: null });
    return activation === "silu" ? silu(normalised) : relu(normalised);
  }
  const saved = emptyTensor([2, C], x.dtype); // mean and invstd, released with the scope
  const p: BatchNormParams = {
    N,
    C,
    L,
    eps,
    momentum,
    training,
    gamma: gamma ? gamma.data : null,
    beta: beta ? beta.data : null,
    runningMean: runningMean ? runningMean.data : null,
    runningVar: runningVar ? runningVar.data : null,
    mean: saved.data.subarray(0, C),
    invstd: saved.data.subarray(C),
  };
  const y = emptyTensor(x.shape, x.dtype);
  if (activation === null) k.batchNorm(x.data, y.data, p);
  else k.batchNormAct!(x.data, y.data, p, activation);
  if (needsGrad(x, gamma, beta)) {
    const inputs = [x, gamma, beta].filter((t): t is Tensor => t !== null);
    attach(y, activation === null ? "batchNorm" : `batchNorm+${activation}`, inputs, (dy) => {
      const { dx, accumulate, release } = inputGradBuffer(x);
      const dgamma = gamma?.requiresGrad ? gradBuffer(gamma, true).buf : null;
      const dbeta = beta?.requiresGrad ? gradBuffer(beta, true).buf : null;
      if (activation === null) k.batchNormBackward(dy.data, x.data, dx, dgamma, dbeta, p, accumulate);
      else k.batchNormActBackward!(dy.data, x.data, dx, dgamma, dbeta, p, activation, accumulate);
      release();
    });
  }
  return y;
}

/**
 * Returns x normalised over its trailing `normalizedShape` axes: (x - mean) / sqrt(var + eps) * gamma +
 * beta, biased variance, gamma and beta of shape normalizedShape (or null). With g = dy gamma and xhat the
 * normalised x over D elements: dx = rstd (g - mean(g) - xhat mean(g xhat)); dgamma = sum(dy xhat), dbeta =
 * sum(dy) over the leading axes.
 */
export function layerNorm(
  x: Tensor,
  normalizedShape: number | readonly number[],
  gamma?: Tensor | null,
  beta?: Tensor | null,
  eps = 1e-5,
): Tensor {
  checkTensor("layerNorm", "x", x);
  const shape = typeof normalizedShape === "number" ? [normalizedShape] : normalizedShape;
  checkIntArray("layerNorm", "normalizedShape", shape);
  const trailing = x.shape.slice(x.rank - shape.length);
  if (shape.length === 0 || x.rank < shape.length || trailing.some((d, i) => d !== shape[i])) {
    throw new ShapeError(
      `layerNorm: x of shape ${formatShape(x.shape)} must end with normalizedShape ${formatShape(shape)}`,
    );
  }
  checkNumber("layerNorm", "eps", eps);
  for (const [name, t] of Object.entries({ gamma, beta })) {
    if (t === null || t === undefined) continue;
    checkTensor("layerNorm", name, t);
    checkSameDtype("layerNorm", x, t);
    if (t.rank !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new ShapeError(
        `layerNorm: ${name} must have shape ${formatShape(shape)}, not ${formatShape(t.shape)}`,
      );
    }
  }
  const dim = sizeOf(shape);
  const rows = dim === 0 ? 0 : x.size / dim;
  const k = kernelsFor(x.dtype);
  const saved = emptyTensor([2, rows], x.dtype); // mean and rstd per row, released with the scope
  const mean = saved.data.subarray(0, rows);
  const rstd = saved.data.subarray(rows);
  const g = gamma ? gamma.data : null;
  const y = emptyTensor(x.shape, x.dtype);
  k.layerNorm(x.data, rows, dim, g, beta ? beta.data : null, eps, y.data, mean, rstd);
  if (needsGrad(x, gamma, beta)) {
    const inputs = [x, gamma, beta].filter((t): t is Tensor => t !== null && t !== undefined);
    attach(y, "layerNorm", inputs, (dy) => {
      const { dx, accumulate, release } = inputGradBuffer(x);
      const dgamma = gamma?.requiresGrad ? gradBuffer(gamma, true).buf : null;
      const dbeta = beta?.requiresGrad ? gradBuffer(beta, true).buf : null;
      k.layerNormBackward(dy.data, x.data, rows, dim, g, mean, rstd, dx, dgamma, dbeta, accumulate);
      release();
    });
  }
  return y;
}
