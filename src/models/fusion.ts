/**
 * Multi-feature fusion by cross-attention (the paper's Figs. 4 and 5): the patient's age and sex, as embedded
 * tokens, query the ECG's feature map. Each metadata token gathers what in the recording matters for a
 * patient of that age or sex; a residual connection and layer norm keep the token's own embedding.
 *
 *   queries = [age embedding, sex embedding] (N, 2, d);  keys = values = linear(feature map^T) (N, L', d)
 *   fused = LayerNorm(queries + MultiheadAttention(queries, keys, values)) -> flattened (N, 2d)
 */
import {
  Embedding,
  LayerNorm,
  Linear,
  Module,
  MultiheadAttention,
  type ParameterOptions,
} from "../nn/index.js";
import { F, type Tensor } from "../tensor/index.js";

/** Sizes of the fusion. */
export interface CrossAttentionFusionOptions extends ParameterOptions {
  /** Channels of the ECG feature map. */
  channels: number;
  /** Width of tokens and attention (d_model). */
  dModel: number;
  heads: number;
  /** Age ids (default 10: unknown + 9 decade buckets, features' metadataTokens). */
  ageIds?: number;
  /** Sex ids (default 3: unknown, male, female). */
  sexIds?: number;
}

/** (feature map (N, C, L'), age ids (N), sex ids (N)) -> fused metadata tokens (N, 2 dModel). */
export class CrossAttentionFusion extends Module {
  readonly age: Embedding;
  readonly sex: Embedding;
  readonly tokens: Linear;
  readonly attention: MultiheadAttention;
  readonly norm: LayerNorm;
  readonly outFeatures: number;

  constructor(options: CrossAttentionFusionOptions) {
    super();
    const { channels, dModel, heads, ageIds = 10, sexIds = 3, ...parameterOptions } = options;
    this.age = this.registerModule("age", new Embedding(ageIds, dModel, parameterOptions));
    this.sex = this.registerModule("sex", new Embedding(sexIds, dModel, parameterOptions));
    this.tokens = this.registerModule("tokens", new Linear(channels, dModel, parameterOptions));
    this.attention = this.registerModule(
      "attention",
      new MultiheadAttention(dModel, heads, { ...parameterOptions, batchFirst: true }),
    );
    this.norm = this.registerModule("norm", new LayerNorm(dModel, { dtype: parameterOptions.dtype }));
    this.outFeatures = 2 * dModel;
  }

  /** Returns the fused tokens, flattened (N, 2 dModel). */
  forward(featureMap: Tensor, age: Tensor, sex: Tensor): Tensor {
    const queries = F.stack([this.age.forward(age), this.sex.forward(sex)], 1); // (N, 2, d)
    const keys = this.tokens.forward(featureMap.transpose(1, 2)); // (N, L', d)
    const [attended] = this.attention.forward(queries, keys, keys, { needWeights: false });
    return this.norm.forward(queries.add(attended)).flatten(1);
  }
}
