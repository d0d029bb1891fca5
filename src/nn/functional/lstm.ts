/**
 * The LSTM over layers and sequences, with PyTorch's gate order and equations (torch.nn.LSTM); each layer's
 * recurrence is the tensor op F.lstmLayer (one fused kernel call where the backend has it):
 *   i, f, g, o = split(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh, 4)
 *   c_t = sigmoid(f) * c_{t-1} + sigmoid(i) * tanh(g);   h_t = sigmoid(o) * tanh(c_t)
 */
import { F, type Generator, ShapeError, Tensor } from "../../tensor/index.js";

/** One layer's weights, with PyTorch's shapes: W_ih (4H, I), W_hh (4H, H), biases (4H) or null. */
export interface LstmLayerWeights {
  weightIh: Tensor;
  weightHh: Tensor;
  biasIh: Tensor | null;
  biasHh: Tensor | null;
}

/** Options of the functional LSTM. */
export interface LstmOptions {
  /** x is (N, T, I) when true, (T, N, I) when false (PyTorch's default). Default false. */
  batchFirst?: boolean;
  /** Initial [h0, c0], each (layers, N, H); zeros when absent. */
  state?: readonly [Tensor, Tensor];
  /** Dropout on the outputs of every layer but the last, in training mode. */
  dropout?: number;
  training?: boolean;
  generator?: Generator;
}

/** Returns one LSTM step [h_t, c_t], each (N, H), for x_t (N, I) and the previous h, c (N, H). */
export function lstmCell(x: Tensor, h: Tensor, c: Tensor, weights: LstmLayerWeights): [Tensor, Tensor] {
  const projected = F.linear(x, weights.weightIh, combinedBias(weights));
  const [n, gates] = projected.shape;
  const [output, cell] = F.lstmLayer(projected.reshape([n, 1, gates]), h, c, weights.weightHh);
  return [output.reshape([n, gates / 4]), cell];
}

function combinedBias(weights: LstmLayerWeights): Tensor | null {
  const { biasIh, biasHh } = weights;
  if (biasIh && biasHh) return biasIh.add(biasHh);
  return biasIh ?? biasHh;
}

/**
 * Returns [output, [h_n, c_n]] of a multi-layer LSTM: x (N, T, I) with batchFirst, else (T, N, I) ->
 * output (N, T, H) or (T, N, H) (the last layer's h at every step), h_n and c_n (layers, N, H).
 * Throws a ShapeError when x or the initial state does not fit the weights.
 */
export function lstm(
  x: Tensor,
  layers: readonly LstmLayerWeights[],
  options: LstmOptions = {},
): [Tensor, [Tensor, Tensor]] {
  const { batchFirst = false, state, dropout = 0, training = false, generator } = options;
  const inputSize = layers[0].weightIh.shape[1];
  const hidden = layers[0].weightHh.shape[1];
  const line = batchFirst ? `(N, T, ${inputSize})` : `(T, N, ${inputSize})`;
  if (x.shape.length !== 3 || x.shape[2] !== inputSize)
    throw new ShapeError(`lstm: expected input of shape ${line} but got [${x.shape.join(", ")}]`);
  let sequence = batchFirst ? x : x.transpose(0, 1);
  const [n, steps] = sequence.shape;
  if (steps === 0) throw new ShapeError("lstm: the input sequence has no time steps");
  const stateShape = [layers.length, n, hidden];
  if (state) {
    for (const [index, t] of state.entries()) {
      if (t.shape.length !== 3 || t.shape.some((d, k) => d !== stateShape[k]))
        throw new ShapeError(
          `lstm: expected ${index === 0 ? "h0" : "c0"} of shape [${stateShape.join(", ")}] but got [${t.shape.join(", ")}]`,
        );
    }
  }
  const hs: Tensor[] = [];
  const cs: Tensor[] = [];
  for (const [layer, weights] of layers.entries()) {
    let h = state
      ? state[0].slice(0, layer, layer + 1).reshape([n, hidden])
      : Tensor.zeros([n, hidden], { dtype: x.dtype });
    let c = state
      ? state[1].slice(0, layer, layer + 1).reshape([n, hidden])
      : Tensor.zeros([n, hidden], { dtype: x.dtype });
    // The input projection of all steps in one product: (N, T, I) -> (N, T, 4H); then the recurrence.
    const projected = F.linear(sequence, weights.weightIh, combinedBias(weights));
    [sequence, c] = F.lstmLayer(projected, h, c, weights.weightHh);
    h = sequence.slice(1, steps - 1, steps).reshape([n, hidden]);
    hs.push(h);
    cs.push(c);
    if (dropout > 0 && training && layer < layers.length - 1)
      sequence = F.dropout(sequence, dropout, true, generator);
  }
  const output = batchFirst ? sequence : sequence.transpose(0, 1);
  return [output, [F.stack(hs, 0), F.stack(cs, 0)]];
}
