/** The MultiheadAttention module: PyTorch's in_proj_weight / out_proj layout, self- and cross-attention. */
import { ConfigError } from "../errors.js";
import { Tensor } from "../tensor/index.js";
import { checkBoolean, checkInt, checkProbability, pyBool } from "./check.js";
import { type MultiHeadOptions, multiHeadAttention } from "./functional/attention.js";
import { constant_, xavierUniform_ } from "./init.js";
import { Linear, type ParameterOptions } from "./linear.js";
import { Module } from "./module.js";

/** Options of MultiheadAttention, named and defaulted as PyTorch's nn.MultiheadAttention (kdim = vdim = E). */
export interface MultiheadAttentionOptions extends ParameterOptions {
  /** Dropout on the attention weights in training mode. */
  dropout?: number;
  bias?: boolean;
  /** Inputs and output are (N, L, E) when true, (L, N, E) when false (PyTorch's default). */
  batchFirst?: boolean;
}

/** Options of one forward call: masks and what to return. */
export type MultiheadAttentionCallOptions = Pick<
  MultiHeadOptions,
  "keyPaddingMask" | "attnMask" | "needWeights" | "averageAttnWeights"
>;

/**
 * Multi-head attention (Vaswani et al. 2017). With batchFirst: query (N, L, E), key (N, S, E), value (N, S, E)
 * -> [output (N, L, E), weights (N, L, S) averaged over heads (or (N, heads, L, S), or null)]; without,
 * sequences come first: (L, N, E) etc. Self-attention passes the same tensor three times; cross-attention takes
 * key/value from another sequence. Parameters: in_proj_weight (3E, E) (xavier-uniform), in_proj_bias (3E)
 * (zeros), out_proj.weight (E, E), out_proj.bias (E) (zeros), as PyTorch initialises them.
 */
export class MultiheadAttention extends Module {
  readonly inProjWeight: Tensor;
  readonly inProjBias: Tensor | null;
  readonly outProj: Linear;
  readonly dropout: number;
  readonly batchFirst: boolean;

  constructor(
    readonly embedDim: number,
    readonly numHeads: number,
    private readonly options: MultiheadAttentionOptions = {},
  ) {
    super();
    const { dropout = 0, bias = true, batchFirst = false, dtype, generator } = options;
    checkInt("MultiheadAttention", "embedDim", embedDim, 1);
    checkInt("MultiheadAttention", "numHeads", numHeads, 1);
    if (embedDim % numHeads !== 0)
      throw new ConfigError(
        `MultiheadAttention: embedDim (${embedDim}) must be divisible by numHeads (${numHeads})`,
      );
    this.dropout = checkProbability("MultiheadAttention", "dropout", dropout);
    checkBoolean("MultiheadAttention", "bias", bias);
    this.batchFirst = checkBoolean("MultiheadAttention", "batchFirst", batchFirst);
    this.inProjWeight = this.registerParameter(
      "in_proj_weight",
      Tensor.zeros([3 * embedDim, embedDim], { dtype }),
    );
    this.inProjBias = this.registerParameter(
      "in_proj_bias",
      bias ? Tensor.zeros([3 * embedDim], { dtype }) : null,
    );
    this.outProj = this.registerModule(
      "out_proj",
      new Linear(embedDim, embedDim, { bias, dtype, generator }),
    );
    xavierUniform_(this.inProjWeight, 1, generator);
    if (this.outProj.bias) constant_(this.outProj.bias, 0);
  }

  /** Returns [output, attention weights or null]; see the class comment for shapes. */
  forward(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    options: MultiheadAttentionCallOptions = {},
  ): [Tensor, Tensor | null] {
    const toBatchFirst = (t: Tensor) => (this.batchFirst || t.shape.length !== 3 ? t : t.transpose(0, 1));
    const q = toBatchFirst(query);
    // Keep tensor identity so that self-attention is recognised and projected in one product.
    const k = key === query ? q : toBatchFirst(key);
    const v = value === key ? k : toBatchFirst(value);
    const [output, weights] = multiHeadAttention(
      q,
      k,
      v,
      this.numHeads,
      {
        inProjWeight: this.inProjWeight,
        inProjBias: this.inProjBias,
        outProjWeight: this.outProj.weight,
        outProjBias: this.outProj.bias,
      },
      { ...options, dropout: this.dropout, training: this.training, generator: this.options.generator },
    );
    return [this.batchFirst ? output : output.transpose(0, 1), weights];
  }

  /**
   * Multiply-adds of the q, k, v projections, the scores, the weighted sum and the output projection (out_proj's
   * weights are applied here, not through its forward, so they are counted here).
   */
  override macs(inputs: readonly (readonly number[])[]): number {
    const e = this.embedDim;
    const [q, k] = inputs;
    const [n, l] = this.batchFirst ? [q[0], q[1]] : [q[1], q[0]];
    const s = this.batchFirst ? k[1] : k[0];
    return n * (2 * l * e * e + 2 * s * e * e + 2 * l * s * e);
  }

  override extraRepr(): string {
    return `embed_dim=${this.embedDim}, num_heads=${this.numHeads}, dropout=${this.dropout}, batch_first=${pyBool(this.batchFirst)}`;
  }
}
