/** The LSTM module: multi-layer, PyTorch's parameter names and layout so that PyTorch weights load. */
import { Tensor } from "../tensor/index.js";
import { checkBoolean, checkInput, checkInt, checkProbability } from "./check.js";
import { type LstmLayerWeights, lstm } from "./functional/lstm.js";
import { uniform_ } from "./init.js";
import type { ParameterOptions } from "./linear.js";
import { Module } from "./module.js";

/** Options of LSTM, named and defaulted as PyTorch's nn.LSTM (unidirectional, no projection). */
export interface LstmModuleOptions extends ParameterOptions {
  numLayers?: number;
  bias?: boolean;
  /** Input and output are (N, T, features) when true, (T, N, features) when false (PyTorch's default). */
  batchFirst?: boolean;
  /** Dropout on the outputs of every layer but the last, in training mode. */
  dropout?: number;
}

/**
 * Long short-term memory (Hochreiter & Schmidhuber 1997) with PyTorch's gate order i, f, g, o:
 * (N, T, input_size) with batchFirst (else (T, N, input_size)), optional [h0, c0] (num_layers, N, hidden_size)
 * -> [output (N, T, hidden_size) (else (T, N, hidden_size)), [h_n, c_n] (num_layers, N, hidden_size)].
 * Parameters weight_ih_l{k} (4H, I_k), weight_hh_l{k} (4H, H), bias_ih_l{k}, bias_hh_l{k} (4H), all initialised
 * U(-1/sqrt(H), 1/sqrt(H)) as in PyTorch.
 */
export class LSTM extends Module {
  readonly numLayers: number;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly hasBias: boolean;
  private readonly layerWeights: LstmLayerWeights[] = [];

  constructor(
    readonly inputSize: number,
    readonly hiddenSize: number,
    private readonly options: LstmModuleOptions = {},
  ) {
    super();
    const { numLayers = 1, bias = true, batchFirst = false, dropout = 0, dtype, generator } = options;
    checkInt("LSTM", "inputSize", inputSize, 1);
    checkInt("LSTM", "hiddenSize", hiddenSize, 1);
    this.numLayers = checkInt("LSTM", "numLayers", numLayers, 1);
    this.hasBias = checkBoolean("LSTM", "bias", bias);
    this.batchFirst = checkBoolean("LSTM", "batchFirst", batchFirst);
    this.dropout = checkProbability("LSTM", "dropout", dropout);
    const bound = 1 / Math.sqrt(hiddenSize);
    const make = (name: string, shape: number[]): Tensor =>
      uniform_(this.registerParameter(name, Tensor.zeros(shape, { dtype })), -bound, bound, generator);
    for (let k = 0; k < numLayers; k++) {
      const layerInput = k === 0 ? inputSize : hiddenSize;
      this.layerWeights.push({
        weightIh: make(`weight_ih_l${k}`, [4 * hiddenSize, layerInput]),
        weightHh: make(`weight_hh_l${k}`, [4 * hiddenSize, hiddenSize]),
        biasIh: bias ? make(`bias_ih_l${k}`, [4 * hiddenSize]) : null,
        biasHh: bias ? make(`bias_hh_l${k}`, [4 * hiddenSize]) : null,
      });
    }
  }

  /** Returns [output, [h_n, c_n]] for a sequence x and an optional initial state [h0, c0] (zeros if absent). */
  forward(x: Tensor, state?: readonly [Tensor, Tensor]): [Tensor, [Tensor, Tensor]] {
    const line = this.batchFirst ? `(N, T, ${this.inputSize})` : `(T, N, ${this.inputSize})`;
    checkInput("LSTM", x, [3], line, 2, this.inputSize);
    return lstm(x, this.layerWeights, {
      batchFirst: this.batchFirst,
      state,
      dropout: this.dropout,
      training: this.training,
      generator: this.options.generator,
    });
  }

  /** Multiply-adds: 4H (I_k + H) per layer, sample and step (the gate products). */
  override macs(inputs: readonly (readonly number[])[]): number {
    const [a, b] = inputs[0];
    const h = this.hiddenSize;
    let perStep = 0;
    for (let k = 0; k < this.numLayers; k++) perStep += 4 * h * ((k === 0 ? this.inputSize : h) + h);
    return a * b * perStep;
  }

  override extraRepr(): string {
    const parts = [`${this.inputSize}, ${this.hiddenSize}`];
    if (this.numLayers !== 1) parts.push(`num_layers=${this.numLayers}`);
    if (!this.hasBias) parts.push("bias=False");
    if (this.batchFirst) parts.push("batch_first=True");
    if (this.dropout !== 0) parts.push(`dropout=${this.dropout}`);
    return parts.join(", ");
  }
}
