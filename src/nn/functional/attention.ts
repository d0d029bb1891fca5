/**
 * Scaled dot-product and multi-head attention composed from tensor ops (Vaswani et al. 2017), with PyTorch's
 * packed projection layout (nn.MultiheadAttention: in_proj_weight (3E, E) = [W_q; W_k; W_v], in_proj_bias (3E),
 * out_proj (E, E)) so PyTorch weights load unchanged.
 */
import { ConfigError, expected } from "../../errors.js";
import { F, type Generator, ShapeError, Tensor } from "../../tensor/index.js";

/** Options of the attention functions. */
export interface AttentionOptions {
  /** Additive mask (L, S) added to the scores (use -Infinity to forbid a position, e.g. causal masks). */
  attnMask?: Tensor | null;
  /** Dropout on the attention weights, in training mode. */
  dropout?: number;
  training?: boolean;
  generator?: Generator;
}

/**
 * Returns [output, weights] of softmax(q k^T / sqrt(d) + mask) v: q (..., L, d), k (..., S, d), v (..., S, d_v)
 * -> output (..., L, d_v), weights (..., L, S) (after dropout, as PyTorch returns them). A row whose every
 * position is masked gives NaN, as in PyTorch.
 */
export function scaledDotProductAttention(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  options: AttentionOptions = {},
): [Tensor, Tensor] {
  const { attnMask = null, dropout = 0, training = false, generator } = options;
  const d = q.shape[q.shape.length - 1];
  const rank = k.shape.length;
  // NOTE: q is scaled before the product, as PyTorch does, so float32 results round the same way.
  let scores = q.mul(1 / Math.sqrt(d)).matmul(k.transpose(rank - 2, rank - 1));
  if (attnMask) scores = scores.add(attnMask);
  let weights = F.softmax(scores, -1);
  if (dropout > 0 && training) weights = F.dropout(weights, dropout, true, generator);
  return [weights.matmul(v), weights];
}

/** The projection weights of multi-head attention, in PyTorch's layout. */
export interface MultiHeadWeights {
  inProjWeight: Tensor;
  inProjBias: Tensor | null;
  outProjWeight: Tensor;
  outProjBias: Tensor | null;
}

/** Options of multiHeadAttention. */
export interface MultiHeadOptions extends AttentionOptions {
  /** (N, S): 1 where a key is padding (ignored), 0 where it is attended (PyTorch's boolean key_padding_mask). */
  keyPaddingMask?: Tensor | null;
  /** Return the attention weights (default true); averaged over heads unless averageAttnWeights is false. */
  needWeights?: boolean;
  averageAttnWeights?: boolean;
}

/** Returns x (N, T, E) split into heads: (N, heads, T, E / heads). */
function splitHeads(x: Tensor, heads: number): Tensor {
  const [n, t, e] = x.shape;
  return x.reshape([n, t, heads, e / heads]).permute([0, 2, 1, 3]);
}

/**
 * Returns [output, weights] of multi-head attention, batch first: query (N, L, E), key (N, S, E), value (N, S, E)
 * -> output (N, L, E), weights (N, L, S) averaged over heads, (N, heads, L, S) per head, or null when
 * needWeights is false. Self-attention (query, key and value the same tensor) projects in one product.
 */
export function multiHeadAttention(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  heads: number,
  weights: MultiHeadWeights,
  options: MultiHeadOptions = {},
): [Tensor, Tensor | null] {
  const { keyPaddingMask = null, attnMask = null, needWeights = true, averageAttnWeights = true } = options;
  const e = weights.inProjWeight.shape[1];
  if (!Number.isInteger(heads) || heads < 1 || e % heads !== 0)
    throw new ConfigError(expected(`a divisor of the embedding size ${e}`, "heads", heads));
  for (const [name, t] of [
    ["query", query],
    ["key", key],
    ["value", value],
  ] as const) {
    if (t.shape.length !== 3 || t.shape[2] !== e || t.shape[0] !== query.shape[0])
      throw new ShapeError(
        `multiHeadAttention: expected ${name} of shape (${query.shape[0]}, ${name === "query" ? "L" : "S"}, ${e}) but got [${t.shape.join(", ")}]`,
      );
  }
  const [n, l] = query.shape;
  const s = key.shape[1];
  if (value.shape[1] !== s)
    throw new ShapeError(`multiHeadAttention: key and value lengths differ (${s} vs ${value.shape[1]})`);
  const { inProjWeight: w, inProjBias: b } = weights;
  let q: Tensor;
  let k: Tensor;
  let v: Tensor;
  if (query === key && key === value) {
    const packed = F.linear(query, w, b);
    [q, k, v] = [0, 1, 2].map((i) => packed.slice(2, i * e, (i + 1) * e));
  } else {
    [q, k, v] = [query, key, value].map((x, i) =>
      F.linear(x, w.slice(0, i * e, (i + 1) * e), b ? b.slice(0, i * e, (i + 1) * e) : null),
    );
  }
  let mask = attnMask;
  if (attnMask && (attnMask.shape.length !== 2 || attnMask.shape[0] !== l || attnMask.shape[1] !== s))
    throw new ShapeError(
      `multiHeadAttention: expected attnMask of shape [${l}, ${s}] but got [${attnMask.shape.join(", ")}]`,
    );
  if (keyPaddingMask) {
    if (keyPaddingMask.shape.length !== 2 || keyPaddingMask.shape[0] !== n || keyPaddingMask.shape[1] !== s)
      throw new ShapeError(
        `multiHeadAttention: expected keyPaddingMask of shape [${n}, ${s}] but got [${keyPaddingMask.shape.join(", ")}]`,
      );
    const additive = Tensor.zeros([n, 1, 1, s], { dtype: query.dtype });
    const flags = keyPaddingMask.data;
    for (let i = 0; i < flags.length; i++) if (flags[i] !== 0) additive.data[i] = Number.NEGATIVE_INFINITY;
    mask = mask ? additive.add(mask) : additive;
  }
  const [attended, attention] = scaledDotProductAttention(
    splitHeads(q, heads),
    splitHeads(k, heads),
    splitHeads(v, heads),
    {
      ...options,
      attnMask: mask,
    },
  );
  const merged = attended.permute([0, 2, 1, 3]).reshape([n, l, e]);
  const output = F.linear(merged, weights.outProjWeight, weights.outProjBias);
  if (!needWeights) return [output, null];
  return [output, averageAttnWeights ? attention.mean(1) : attention];
}
