/** Embedding: a trainable lookup table from integer ids to vectors. */
import { ConfigError, expected } from "../errors.js";
import { F, ShapeError, Tensor } from "../tensor/index.js";
import { checkInt } from "./check.js";
import { normal_ } from "./init.js";
import type { ParameterOptions } from "./linear.js";
import { Module } from "./module.js";

/**
 * Looks up rows of a (num_embeddings, embedding_dim) table, shape (*) integer ids -> (*, embedding_dim).
 * Initialised N(0, 1) as PyTorch's nn.Embedding; the `paddingIdx` row starts at zero and gets no gradient.
 */
export class Embedding extends Module {
  readonly weight: Tensor;
  readonly paddingIdx: number | null;

  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    options: ParameterOptions & { paddingIdx?: number } = {},
  ) {
    super();
    checkInt("Embedding", "numEmbeddings", numEmbeddings, 1);
    checkInt("Embedding", "embeddingDim", embeddingDim, 1);
    const { paddingIdx, dtype, generator } = options;
    let padding: number | null = null;
    if (paddingIdx !== undefined) {
      if (!Number.isSafeInteger(paddingIdx) || paddingIdx < -numEmbeddings || paddingIdx >= numEmbeddings) {
        throw new ConfigError(
          `Embedding: ${expected(`an integer in [-${numEmbeddings}, ${numEmbeddings})`, "paddingIdx", paddingIdx)}`,
        );
      }
      padding = paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
    }
    this.paddingIdx = padding;
    this.weight = this.registerParameter("weight", Tensor.zeros([numEmbeddings, embeddingDim], { dtype }));
    normal_(this.weight, 0, 1, generator);
    if (padding !== null) this.weight.data.fill(0, padding * embeddingDim, (padding + 1) * embeddingDim);
  }

  /** Returns the rows of the table for `ids` (integers in [0, numEmbeddings)): (*) -> (*, embedding_dim). */
  forward(ids: Tensor): Tensor {
    const data = ids.data;
    for (let i = 0; i < data.length; i++) {
      const id = data[i];
      if (!Number.isInteger(id) || id < 0 || id >= this.numEmbeddings) {
        throw new ShapeError(
          `Embedding: ids must be integers in [0, ${this.numEmbeddings}), got ${id} at flat index ${i}`,
        );
      }
    }
    const out = F.embedding(this.weight, ids);
    if (this.paddingIdx === null) return out;
    // Multiplying the padding rows by 0 keeps their output at zero and stops their gradient, as PyTorch does.
    const keep = Tensor.zeros([...ids.shape, 1], { dtype: out.dtype });
    for (let i = 0; i < data.length; i++) keep.data[i] = data[i] === this.paddingIdx ? 0 : 1;
    return out.mul(keep);
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx === null ? "" : `, padding_idx=${this.paddingIdx}`}`;
  }
}
