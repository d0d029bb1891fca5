/** Losses: cross-entropy (class weights, label smoothing, soft targets), BCE with logits, mean squared error. */
import { expected } from "../../errors.js";
import { kernelsFor } from "../backend.js";
import { ShapeError } from "../errors.js";
import { prepareGrad } from "../grad.js";
import { formatShape, shapesEqual } from "../shape.js";
import { attach, needsGrad } from "../tape.js";
import { emptyTensor, Tensor } from "../tensor.js";
import { add, mul, sub } from "./arithmetic.js";
import { broadcastInto } from "./broadcast.js";
import { checkSameDtype, checkTensor } from "./checks.js";
import { mean, sum } from "./reduce.js";
import { logSoftmax } from "./softmax.js";

/** How per-sample losses are combined. */
export type Reduction = "mean" | "sum" | "none";

/** Options of crossEntropy (PyTorch's F.cross_entropy). */
export interface CrossEntropyOptions {
  /** Per-class weights (C). */
  weight?: Tensor | null;
  /** Mixes the target with the uniform distribution: (1 - s) target + s / C (default 0). */
  labelSmoothing?: number;
  reduction?: Reduction;
  /** Samples whose class target equals this get no loss and do not count in the mean (default -100). */
  ignoreIndex?: number;
}

/**
 * Returns the cross-entropy of logits (N, C) against class indices (N) (a tensor of integer values, an
 * Int32Array or numbers) or class probabilities (N, C), as PyTorch computes it: with smoothing s and class
 * weights w, loss_i = -sum_c q_ic log softmax(x_i)_c where q_ic = (1 - s) w_c [c = y_i] + s w_c / C; "mean"
 * divides by sum_i w_{y_i} (class targets) or N (probabilities). Built from recorded ops, so dlogits =
 * (softmax(x_i) sum_c q_ic - q_i) / denominator, and probability targets get dq = -log softmax(x) / denominator.
 */
export function crossEntropy(
  logits: Tensor,
  target: Tensor | Int32Array | readonly number[],
  options?: CrossEntropyOptions,
): Tensor {
  checkTensor("crossEntropy", "logits", logits);
  if (logits.rank !== 2) {
    throw new ShapeError(`crossEntropy: logits must have shape (N, C), not ${formatShape(logits.shape)}`);
  }
  const [N, C] = logits.shape;
  const smoothing = options?.labelSmoothing ?? 0;
  if (typeof smoothing !== "number" || !(smoothing >= 0 && smoothing <= 1)) {
    throw new ShapeError(`crossEntropy: ${expected("a number in [0, 1]", "labelSmoothing", smoothing)}`);
  }
  const reduction = checkReduction("crossEntropy", options?.reduction);
  const weight = classWeights(logits, options?.weight);
  let coefficients: Tensor;
  let denominator = N;
  if (target instanceof Tensor && target.rank === 2) {
    checkSameDtype("crossEntropy", logits, target);
    if (!shapesEqual(target.shape, logits.shape)) {
      throw new ShapeError(
        `crossEntropy: probability targets must have the logits' shape ${formatShape(logits.shape)}, not ${formatShape(target.shape)}`,
      );
    }
    // Recorded ops, so that soft targets get a gradient too: q = ((1 - s) t + s / C) * w.
    const smoothed = add(mul(target, 1 - smoothing), smoothing / C);
    coefficients = options?.weight ? mul(smoothed, options.weight) : smoothed;
  } else {
    const classes = classTargets(target, N, C, options?.ignoreIndex ?? -100);
    coefficients = emptyTensor([N, C], logits.dtype);
    const q = coefficients.data;
    denominator = 0;
    for (let i = 0; i < N; i++) {
      const y = classes[i];
      for (let c = 0; c < C; c++) q[i * C + c] = y < 0 ? 0 : (smoothing * weight[c]) / C;
      if (y < 0) continue;
      q[i * C + y] += (1 - smoothing) * weight[y];
      denominator += weight[y];
    }
  }
  const weighted = mul(logSoftmax(logits, 1), coefficients);
  if (reduction === "none") return mul(sum(weighted, 1), -1);
  // NOTE: a mean over zero weight (every target ignored) is 0/0 = NaN, as in PyTorch.
  return mul(sum(weighted), reduction === "sum" ? -1 : -1 / denominator);
}

/** Options of bceWithLogits (PyTorch's F.binary_cross_entropy_with_logits). */
export interface BceOptions {
  /** Per-element weights, broadcast to the logits' shape. */
  weight?: Tensor | null;
  /** Weight of positive targets, broadcast to the logits' shape (typically one per class, the last axis). */
  posWeight?: Tensor | null;
  reduction?: Reduction;
}

/**
 * Returns the binary cross-entropy of sigmoid(logits) against targets in [0, 1] (same shape), computed
 * stably: l = w ((1 - t) x + (1 + (pw - 1) t) softplus(-x)). dx = w ((1 - t) - (1 + (pw - 1) t) sigmoid(-x));
 * dt = w (-x + (pw - 1) softplus(-x)).
 */
export function bceWithLogits(logits: Tensor, target: Tensor, options?: BceOptions): Tensor {
  checkTensor("bceWithLogits", "logits", logits);
  checkTensor("bceWithLogits", "target", target);
  checkSameDtype("bceWithLogits", logits, target);
  if (!shapesEqual(logits.shape, target.shape)) {
    throw new ShapeError(
      `bceWithLogits: target shape ${formatShape(target.shape)} must equal the logits' shape ${formatShape(logits.shape)}`,
    );
  }
  const reduction = checkReduction("bceWithLogits", options?.reduction);
  const w = expandedConstant("weight", logits, options?.weight);
  const pw = expandedConstant("posWeight", logits, options?.posWeight);
  const x = logits.data;
  const t = target.data;
  const losses = emptyTensor(logits.shape, logits.dtype);
  const l = losses.data;
  for (let i = 0; i < l.length; i++) {
    const positive = 1 + ((pw ? pw[i] : 1) - 1) * t[i];
    l[i] = (w ? w[i] : 1) * ((1 - t[i]) * x[i] + positive * softplus(-x[i]));
  }
  if (needsGrad(logits, target)) {
    attach(losses, "bceWithLogits", [logits, target], (dy) => {
      const g = dy.data;
      if (logits.requiresGrad) {
        const accumulate = prepareGrad(logits);
        const dx = logits.grad!.data;
        for (let i = 0; i < l.length; i++) {
          const positive = 1 + ((pw ? pw[i] : 1) - 1) * t[i];
          const d = g[i] * (w ? w[i] : 1) * (1 - t[i] - positive * sigmoid(-x[i]));
          dx[i] = accumulate ? dx[i] + d : d;
        }
      }
      if (target.requiresGrad) {
        const accumulate = prepareGrad(target);
        const dt = target.grad!.data;
        for (let i = 0; i < l.length; i++) {
          const d = g[i] * (w ? w[i] : 1) * (-x[i] + ((pw ? pw[i] : 1) - 1) * softplus(-x[i]));
          dt[i] = accumulate ? dt[i] + d : d;
        }
      }
    });
  }
  if (reduction === "none") return losses;
  return reduction === "sum" ? sum(losses) : mean(losses);
}

/** Returns the mean squared error ((prediction - target)^2, reduced); shapes must be equal. */
export function mse(prediction: Tensor, target: Tensor, options?: { reduction?: Reduction }): Tensor {
  checkTensor("mse", "prediction", prediction);
  checkTensor("mse", "target", target);
  if (!shapesEqual(prediction.shape, target.shape)) {
    throw new ShapeError(
      `mse: target shape ${formatShape(target.shape)} must equal the prediction's shape ${formatShape(prediction.shape)}`,
    );
  }
  const reduction = checkReduction("mse", options?.reduction);
  const difference = sub(prediction, target);
  const squares = mul(difference, difference);
  if (reduction === "none") return squares;
  return reduction === "sum" ? sum(squares) : mean(squares);
}

/** Returns log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/** Returns 1 / (1 + e^-z) without overflow. */
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Returns the reduction, default "mean", or throws for an unknown one. */
function checkReduction(op: string, reduction: Reduction | undefined): Reduction {
  const r = reduction ?? "mean";
  if (r !== "mean" && r !== "sum" && r !== "none") {
    throw new ShapeError(`${op}: ${expected('"mean", "sum" or "none"', "reduction", r)}`);
  }
  return r;
}

/** Returns the class weights (C) as numbers (all 1 without a weight tensor). */
function classWeights(logits: Tensor, weight: Tensor | null | undefined): ArrayLike<number> {
  const C = logits.shape[1];
  if (!weight) return new Float64Array(C).fill(1);
  checkTensor("crossEntropy", "weight", weight);
  if (weight.rank !== 1 || weight.shape[0] !== C) {
    throw new ShapeError(
      `crossEntropy: weight must have shape [${C}] (one per class), not ${formatShape(weight.shape)}`,
    );
  }
  return weight.data;
}

/** Returns class indices as integers (-1 for ignored samples), validating each. */
function classTargets(
  target: Tensor | Int32Array | readonly number[],
  N: number,
  C: number,
  ignore: number,
): Int32Array {
  const values: ArrayLike<number> | undefined =
    target instanceof Tensor
      ? target.data
      : target instanceof Int32Array || Array.isArray(target)
        ? target
        : undefined;
  if (values === undefined || (target instanceof Tensor && target.rank !== 1)) {
    throw new ShapeError(
      "crossEntropy: target must be class indices (N) as a Tensor, Int32Array or numbers, or probabilities (N, C)",
    );
  }
  if (values.length !== N) {
    throw new ShapeError(
      `crossEntropy: ${values.length} targets for ${N} samples; need one class index per sample`,
    );
  }
  const classes = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const y = values[i];
    if (y === ignore) {
      classes[i] = -1;
      continue;
    }
    if (!Number.isInteger(y) || y < 0 || y >= C) {
      throw new ShapeError(`crossEntropy: target[${i}] = ${y} is not a class index in [0, ${C})`);
    }
    classes[i] = y;
  }
  return classes;
}

/** Returns a constant tensor broadcast to the logits' shape as a dense buffer (undefined when absent). */
function expandedConstant(
  name: string,
  logits: Tensor,
  value: Tensor | null | undefined,
): ArrayLike<number> | undefined {
  if (!value) return undefined;
  checkTensor("bceWithLogits", name, value);
  checkSameDtype("bceWithLogits", logits, value);
  const fits =
    value.rank <= logits.rank &&
    value.shape.every((d, i) => d === 1 || d === logits.shape[i + logits.rank - value.rank]);
  if (!fits) {
    throw new ShapeError(
      `bceWithLogits: ${name} of shape ${formatShape(value.shape)} must broadcast to the logits' shape ${formatShape(logits.shape)}`,
    );
  }
  const full = emptyTensor(logits.shape, logits.dtype);
  broadcastInto(kernelsFor(logits.dtype), value.data, value.shape, full.data, logits.shape, false);
  return full.data;
}
