/** Normalisation layers: BatchNorm1d (running statistics as buffers) and LayerNorm. */
import { ConfigError, expected } from "../errors.js";
import { F, ShapeError, Tensor } from "../tensor/index.js";
import { checkBoolean, checkInput, checkInt, checkPositive, pyBool, pyNumber } from "./check.js";
import type { ParameterOptions } from "./linear.js";
import { Module } from "./module.js";

/** Options of BatchNorm1d, named and defaulted as PyTorch's nn.BatchNorm1d. */
export interface BatchNormOptions extends Pick<ParameterOptions, "dtype"> {
  eps?: number;
  /** Weight of the new batch in the running averages; null: cumulative average over all batches. */
  momentum?: number | null;
  /** Learnable per-channel scale (weight, init 1) and shift (bias, init 0). */
  affine?: boolean;
  /** Keep running_mean/running_var (used in eval mode); false: always normalise with batch statistics. */
  trackRunningStats?: boolean;
  /**
   * An activation applied to the output, fused into the batch-norm kernel: BatchNorm1d(c, { activation: "silu" })
   * computes what BatchNorm1d(c) followed by SiLU() does, in one pass and without storing the normalised tensor.
   */
  activation?: "silu" | "relu" | null;
}

/**
 * Batch normalisation per channel (Ioffe & Szegedy 2015), shape (N, C) or (N, C, L) -> the same shape. In
 * training mode it normalises with the batch mean and biased variance and updates the running averages
 * (unbiased variance) with `momentum`; in eval mode it uses the running averages. Parameters: weight, bias
 * (C). Buffers (saved, not trained): running_mean, running_var, num_batches_tracked.
 */
export class BatchNorm1d extends Module {
  /** Version 2 added num_batches_tracked, as in PyTorch. */
  static override version = 2;
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly runningMean: Tensor | null;
  readonly runningVar: Tensor | null;
  readonly numBatchesTracked: Tensor | null;
  readonly eps: number;
  readonly momentum: number | null;
  readonly activation: "silu" | "relu" | null;

  constructor(
    readonly numFeatures: number,
    options: BatchNormOptions = {},
  ) {
    super();
    const {
      eps = 1e-5,
      momentum = 0.1,
      affine = true,
      trackRunningStats = true,
      activation = null,
      dtype,
    } = options;
    checkInt("BatchNorm1d", "numFeatures", numFeatures, 1);
    this.eps = checkPositive("BatchNorm1d", "eps", eps);
    if (momentum !== null && !(typeof momentum === "number" && momentum >= 0 && momentum <= 1))
      throw new ConfigError(`BatchNorm1d: ${expected("a number in [0, 1] or null", "momentum", momentum)}`);
    this.momentum = momentum;
    if (activation !== null && activation !== "silu" && activation !== "relu")
      throw new ConfigError(`BatchNorm1d: ${expected('"silu", "relu" or null', "activation", activation)}`);
    this.activation = activation;
    checkBoolean("BatchNorm1d", "affine", affine);
    checkBoolean("BatchNorm1d", "trackRunningStats", trackRunningStats);
    this.weight = this.registerParameter("weight", affine ? Tensor.ones([numFeatures], { dtype }) : null);
    this.bias = this.registerParameter("bias", affine ? Tensor.zeros([numFeatures], { dtype }) : null);
    const track = trackRunningStats;
    this.runningMean = this.registerBuffer(
      "running_mean",
      track ? Tensor.zeros([numFeatures], { dtype }) : null,
    );
    this.runningVar = this.registerBuffer(
      "running_var",
      track ? Tensor.ones([numFeatures], { dtype }) : null,
    );
    // float64 whatever the model's dtype: the counter stays exact far beyond float32's 2^24.
    this.numBatchesTracked = this.registerBuffer(
      "num_batches_tracked",
      track ? Tensor.zeros([], { dtype: "float64" }) : null,
    );
  }

  /** Returns the normalised input: (N, C) or (N, C, L) -> the same shape. */
  forward(x: Tensor): Tensor {
    const c = this.numFeatures;
    checkInput("BatchNorm1d", x, [2, 3], `(N, ${c}) or (N, ${c}, L)`, 1, c);
    const batchStats = this.training || this.runningMean === null;
    const perChannel = x.size / c;
    if (batchStats && perChannel <= 1) {
      throw new ShapeError(
        `BatchNorm1d: expected more than 1 value per channel when training, got input [${x.shape.join(", ")}]`,
      );
    }
    return F.batchNorm(x, this.runningMean, this.runningVar, this.weight, this.bias, {
      training: batchStats,
      momentum: this.training ? this.countBatch() : (this.momentum ?? 0),
      eps: this.eps,
      activation: this.activation,
    });
  }

  /**
   * Returns this layer's weights for a fused op that normalises with batch statistics (F.depthwiseNormAct),
   * counting the batch as forward() does in training.
   */
  trainingWeights(): F.NormWeights {
    const { weight: gamma, bias: beta, runningMean, runningVar, eps } = this;
    return { gamma, beta, runningMean, runningVar, eps, momentum: this.countBatch() };
  }

  /** Counts one more training batch; returns the momentum of its running update (1 / count when null). */
  private countBatch(): number {
    if (!this.numBatchesTracked) return this.momentum ?? 0;
    const count = ++this.numBatchesTracked.data[0];
    return this.momentum ?? 1 / count;
  }

  /** Adds num_batches_tracked = 0 to checkpoints that predate it (version 1, or PyTorch files without it). */
  protected override migrateStateDict(
    dict: Map<string, Tensor>,
    prefix: string,
    version: number | undefined,
  ): void {
    const key = `${prefix}num_batches_tracked`;
    if ((version === undefined || version < 2) && this.numBatchesTracked && !dict.has(key))
      dict.set(key, Tensor.zeros([], { dtype: "float64" }));
  }

  override extraRepr(): string {
    return (
      `${this.numFeatures}, eps=${pyNumber(this.eps)}, momentum=${this.momentum ?? "None"}, affine=${pyBool(this.weight !== null)}, ` +
      `track_running_stats=${pyBool(this.runningMean !== null)}` +
      (this.activation ? `, activation=${this.activation}` : "")
    );
  }
}

/**
 * Layer normalisation over the trailing `normalizedShape` axes (Ba et al. 2016), shape (..., *normalizedShape)
 * -> the same shape. Parameters: weight (init 1) and bias (init 0) of shape normalizedShape.
 */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly eps: number;

  constructor(
    normalizedShape: number | readonly number[],
    options: Pick<ParameterOptions, "dtype"> & {
      eps?: number;
      elementwiseAffine?: boolean;
      bias?: boolean;
    } = {},
  ) {
    super();
    const { eps = 1e-5, elementwiseAffine = true, bias = true, dtype } = options;
    const shape = typeof normalizedShape === "number" ? [normalizedShape] : [...normalizedShape];
    if (shape.length === 0)
      throw new ConfigError(`LayerNorm: ${expected("at least one axis", "normalizedShape", shape)}`);
    for (const [i, d] of shape.entries()) checkInt("LayerNorm", `normalizedShape[${i}]`, d, 1);
    this.normalizedShape = shape;
    this.eps = checkPositive("LayerNorm", "eps", eps);
    checkBoolean("LayerNorm", "elementwiseAffine", elementwiseAffine);
    checkBoolean("LayerNorm", "bias", bias);
    this.weight = this.registerParameter("weight", elementwiseAffine ? Tensor.ones(shape, { dtype }) : null);
    this.bias = this.registerParameter(
      "bias",
      elementwiseAffine && bias ? Tensor.zeros(shape, { dtype }) : null,
    );
  }

  /** Returns the normalised input: (..., *normalizedShape) -> the same shape. */
  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    const trailing = x.shape.slice(x.shape.length - k);
    if (x.shape.length < k || trailing.some((d, i) => d !== this.normalizedShape[i])) {
      throw new ShapeError(
        `LayerNorm: expected input of shape (..., ${this.normalizedShape.join(", ")}) but got [${x.shape.join(", ")}]`,
      );
    }
    return F.layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `(${this.normalizedShape.join(", ")},), eps=${pyNumber(this.eps)}, elementwise_affine=${pyBool(this.weight !== null)}`;
  }
}
