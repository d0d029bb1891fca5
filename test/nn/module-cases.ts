/**
 * The table of module cases (in the spirit of PyTorch's ModuleInfo in common_modules.py): constructor
 * arguments, inputs, expected output shapes or expected errors. test/nn/modules.test.ts walks it with generic
 * checks; module-specific behaviour is tested in each module's own test file.
 */
import { ConfigError } from "../../src/errors.js";
import { GELU, ReLU, Sigmoid, SiLU, Tanh } from "../../src/nn/activation.js";
import { MultiheadAttention } from "../../src/nn/attention.js";
import { Flatten, Sequential } from "../../src/nn/container.js";
import { Conv1d } from "../../src/nn/conv.js";
import { DropConnect, Dropout } from "../../src/nn/dropout.js";
import { Embedding } from "../../src/nn/embedding.js";
import { Identity, Linear } from "../../src/nn/linear.js";
import { LSTM } from "../../src/nn/lstm.js";
import type { Module } from "../../src/nn/module.js";
import { BatchNorm1d, LayerNorm } from "../../src/nn/norm.js";
import { AdaptiveAvgPool1d, AvgPool1d, MaxPool1d } from "../../src/nn/pooling.js";
import { type DType, type Generator, ShapeError, Tensor } from "../../src/tensor/index.js";

type ErrorClass = typeof ConfigError | typeof ShapeError;

/** An input: a shape (random normal values) or a function building a tensor (e.g. integer ids). */
export type CaseInput = number[] | ((dtype: DType) => Tensor);

export interface ModuleCase {
  /** Test title: the module and what the case exercises. */
  name: string;
  /** Builds the module (in `dtype` where the module has parameters) from a seeded generator. */
  make: (dtype: DType, generator: Generator) => Module;
  inputs?: CaseInput[];
  /** Calls forward; the default passes the inputs positionally. Returns the output tensors. */
  call?: (module: Module, inputs: Tensor[]) => (Tensor | null)[] | Tensor;
  /** Expected output shapes (one per returned tensor). */
  outputShapes?: number[][];
  /** Expected error of the constructor, or of the forward call. */
  constructError?: [ErrorClass, string | RegExp];
  forwardError?: [ErrorClass, string | RegExp];
  /** Whether the output carries gradient to the parameters in training mode (default true). */
  differentiable?: boolean;
}

const ids = (shape: number[], values: number[]) => (dtype: DType) => Tensor.from(values, shape, { dtype });
const lstmCall = (m: Module, [x, h, c]: Tensor[]) => {
  const [out, [hn, cn]] = (m as LSTM).forward(x, h ? [h, c] : undefined);
  return [out, hn, cn];
};
const attentionCall = (m: Module, [q, k, v]: Tensor[]) =>
  (m as MultiheadAttention).forward(q, k ?? q, v ?? k ?? q);

export const moduleCases: ModuleCase[] = [
  {
    name: "Linear on a batch of rows",
    make: (dtype, generator) => new Linear(4, 3, { dtype, generator }),
    inputs: [[5, 4]],
    outputShapes: [[5, 3]],
  },
  {
    name: "Linear on a sequence (..., in)",
    make: (dtype, generator) => new Linear(4, 2, { dtype, generator }),
    inputs: [[2, 7, 4]],
    outputShapes: [[2, 7, 2]],
  },
  {
    name: "Linear without bias",
    make: (dtype, generator) => new Linear(3, 3, { bias: false, dtype, generator }),
    inputs: [[1, 3]],
    outputShapes: [[1, 3]],
  },
  {
    name: "Linear rejects in_features 0",
    make: () => new Linear(0, 2),
    constructError: [ConfigError, "Linear: Expected an integer >= 1 for inFeatures but received 0"],
  },
  {
    name: "Linear rejects a wrong last axis",
    make: () => new Linear(4, 2),
    inputs: [[3, 5]],
    forwardError: [ShapeError, /last axis must equal weight's in_features \(4\)/],
  },
  {
    name: "Conv1d with stride, padding and groups",
    make: (dtype, generator) => new Conv1d(4, 6, 3, { stride: 2, padding: 1, groups: 2, dtype, generator }),
    inputs: [[2, 4, 9]],
    outputShapes: [[2, 6, 5]],
  },
  {
    name: "Conv1d depthwise with padding same and dilation",
    make: (dtype, generator) =>
      new Conv1d(3, 3, 5, { padding: "same", dilation: 2, groups: 3, dtype, generator }),
    inputs: [[2, 3, 11]],
    outputShapes: [[2, 3, 11]],
  },
  {
    name: "Conv1d 1x1 without bias",
    make: (dtype, generator) => new Conv1d(8, 16, 1, { bias: false, dtype, generator }),
    inputs: [[2, 8, 10]],
    outputShapes: [[2, 16, 10]],
  },
  {
    name: "Conv1d rejects in_channels not divisible by groups",
    make: () => new Conv1d(3, 4, 3, { groups: 2 }),
    constructError: [ConfigError, "Conv1d: inChannels (3) must be divisible by groups (2)"],
  },
  {
    name: "Conv1d rejects out_channels not divisible by groups",
    make: () => new Conv1d(4, 3, 3, { groups: 2 }),
    constructError: [ConfigError, "Conv1d: outChannels (3) must be divisible by groups (2)"],
  },
  {
    name: "Conv1d rejects padding same with stride 2",
    make: () => new Conv1d(1, 1, 3, { stride: 2, padding: "same" }),
    constructError: [ConfigError, 'Conv1d: padding "same" needs stride 1 (got stride 2)'],
  },
  {
    name: "Conv1d rejects a wrong channel count",
    make: () => new Conv1d(3, 4, 3),
    inputs: [[2, 5, 10]],
    forwardError: [ShapeError, "Conv1d: expected input of shape (N, 3, L) but got [2, 5, 10]"],
  },
  {
    name: "Conv1d rejects an input shorter than the kernel",
    make: () => new Conv1d(1, 1, 5),
    inputs: [[1, 1, 3]],
    forwardError: [ShapeError, /conv1d/],
  },
  {
    name: "BatchNorm1d on (N, C, L)",
    make: (dtype) => new BatchNorm1d(3, { dtype }),
    inputs: [[4, 3, 5]],
    outputShapes: [[4, 3, 5]],
  },
  {
    name: "BatchNorm1d on (N, C)",
    make: (dtype) => new BatchNorm1d(3, { dtype }),
    inputs: [[6, 3]],
    outputShapes: [[6, 3]],
  },
  {
    name: "BatchNorm1d with a fused SiLU",
    make: (dtype) => new BatchNorm1d(3, { activation: "silu", dtype }),
    inputs: [[4, 3, 5]],
    outputShapes: [[4, 3, 5]],
  },
  {
    name: "BatchNorm1d rejects an unknown activation",
    make: () => new BatchNorm1d(3, { activation: "tanh" as "silu" }),
    constructError: [
      ConfigError,
      'BatchNorm1d: Expected "silu", "relu" or null for activation but received "tanh"',
    ],
  },
  {
    name: "BatchNorm1d without affine or running stats",
    make: (dtype) => new BatchNorm1d(2, { affine: false, trackRunningStats: false, dtype }),
    inputs: [[3, 2, 4]],
    outputShapes: [[3, 2, 4]],
    differentiable: false,
  },
  {
    name: "BatchNorm1d rejects a single value per channel in training",
    make: () => new BatchNorm1d(3),
    inputs: [[1, 3, 1]],
    forwardError: [
      ShapeError,
      "BatchNorm1d: expected more than 1 value per channel when training, got input [1, 3, 1]",
    ],
  },
  {
    name: "BatchNorm1d rejects a momentum above 1",
    make: () => new BatchNorm1d(3, { momentum: 2 }),
    constructError: [
      ConfigError,
      "BatchNorm1d: Expected a number in [0, 1] or null for momentum but received 2",
    ],
  },
  {
    name: "LayerNorm over the last axis",
    make: (dtype) => new LayerNorm(5, { dtype }),
    inputs: [[2, 3, 5]],
    outputShapes: [[2, 3, 5]],
  },
  {
    name: "LayerNorm over the last two axes",
    make: (dtype) => new LayerNorm([3, 5], { dtype }),
    inputs: [[2, 3, 5]],
    outputShapes: [[2, 3, 5]],
  },
  {
    name: "LayerNorm rejects a mismatched trailing shape",
    make: () => new LayerNorm(4),
    inputs: [[2, 5]],
    forwardError: [ShapeError, "LayerNorm: expected input of shape (..., 4) but got [2, 5]"],
  },
  {
    name: "Dropout keeps the shape",
    make: (_, generator) => new Dropout(0.3, generator),
    inputs: [[4, 6]],
    outputShapes: [[4, 6]],
    differentiable: false,
  },
  {
    name: "Dropout rejects p = 1",
    make: () => new Dropout(1),
    constructError: [ConfigError, "Dropout: Expected a probability in [0, 1) for p but received 1"],
  },
  {
    name: "DropConnect keeps the shape",
    make: (_, generator) => new DropConnect(0.2, generator),
    inputs: [[4, 3, 5]],
    outputShapes: [[4, 3, 5]],
    differentiable: false,
  },
  {
    name: "Embedding looks up (N, T) ids",
    make: (dtype, generator) => new Embedding(10, 4, { dtype, generator }),
    inputs: [ids([2, 3], [1, 3, 3, 9, 0, 1])],
    outputShapes: [[2, 3, 4]],
  },
  {
    name: "Embedding rejects an id out of range",
    make: () => new Embedding(10, 4),
    inputs: [ids([2], [1, 10])],
    forwardError: [ShapeError, "Embedding: ids must be integers in [0, 10), got 10 at flat index 1"],
  },
  {
    name: "Embedding rejects a padding index out of range",
    make: () => new Embedding(3, 2, { paddingIdx: 3 }),
    constructError: [ConfigError, "Embedding: Expected an integer in [-3, 3) for paddingIdx but received 3"],
  },
  { name: "ReLU", make: () => new ReLU(), inputs: [[2, 3]], outputShapes: [[2, 3]], differentiable: false },
  { name: "SiLU", make: () => new SiLU(), inputs: [[2, 3]], outputShapes: [[2, 3]], differentiable: false },
  { name: "GELU", make: () => new GELU(), inputs: [[2, 3]], outputShapes: [[2, 3]], differentiable: false },
  {
    name: "Sigmoid",
    make: () => new Sigmoid(),
    inputs: [[2, 3]],
    outputShapes: [[2, 3]],
    differentiable: false,
  },
  { name: "Tanh", make: () => new Tanh(), inputs: [[2, 3]], outputShapes: [[2, 3]], differentiable: false },
  {
    name: "Identity",
    make: () => new Identity(),
    inputs: [[2, 3]],
    outputShapes: [[2, 3]],
    differentiable: false,
  },
  {
    name: "MaxPool1d with padding",
    make: () => new MaxPool1d(3, { stride: 2, padding: 1 }),
    inputs: [[2, 3, 8]],
    outputShapes: [[2, 3, 4]],
    differentiable: false,
  },
  {
    name: "AvgPool1d with the default stride",
    make: () => new AvgPool1d(2),
    inputs: [[2, 3, 9]],
    outputShapes: [[2, 3, 4]],
    differentiable: false,
  },
  {
    name: "AdaptiveAvgPool1d(1) pools globally",
    make: () => new AdaptiveAvgPool1d(1),
    inputs: [[2, 3, 8]],
    outputShapes: [[2, 3, 1]],
    differentiable: false,
  },
  {
    name: "MaxPool1d rejects padding above half the kernel",
    make: () => new MaxPool1d(2, { padding: 2 }),
    constructError: [ConfigError, "MaxPool1d: padding (2) must be at most half of kernelSize (2)"],
  },
  {
    name: "AdaptiveAvgPool1d rejects an output size other than 1",
    make: () => new AdaptiveAvgPool1d(4),
    constructError: [
      ConfigError,
      "AdaptiveAvgPool1d: Expected 1 (global pooling) for outputSize but received 4",
    ],
  },
  {
    name: "AvgPool1d rejects a 2-D input",
    make: () => new AvgPool1d(2),
    inputs: [[3, 8]],
    forwardError: [ShapeError, "AvgPool1d: expected input of shape (N, C, L) but got [3, 8]"],
  },
  {
    name: "Flatten (N, C, L) -> (N, C * L)",
    make: () => new Flatten(),
    inputs: [[2, 3, 4]],
    outputShapes: [[2, 12]],
    differentiable: false,
  },
  {
    name: "Sequential of conv, norm, activation, pool and linear",
    make: (dtype, generator) =>
      new Sequential(
        new Conv1d(1, 4, 5, { padding: 2, dtype, generator }),
        new BatchNorm1d(4, { dtype }),
        new SiLU(),
        new AdaptiveAvgPool1d(),
        new Flatten(),
        new Linear(4, 2, { dtype, generator }),
      ),
    inputs: [[3, 1, 16]],
    outputShapes: [[3, 2]],
  },
  {
    name: "LSTM, 2 layers, batch first",
    make: (dtype, generator) => new LSTM(3, 4, { numLayers: 2, batchFirst: true, dtype, generator }),
    inputs: [[2, 5, 3]],
    call: lstmCall,
    outputShapes: [
      [2, 5, 4],
      [2, 2, 4],
      [2, 2, 4],
    ],
  },
  {
    name: "LSTM, sequence first, with an initial state",
    make: (dtype, generator) => new LSTM(3, 2, { dtype, generator }),
    inputs: [
      [6, 2, 3],
      [1, 2, 2],
      [1, 2, 2],
    ],
    call: lstmCall,
    outputShapes: [
      [6, 2, 2],
      [1, 2, 2],
      [1, 2, 2],
    ],
  },
  {
    name: "LSTM with inter-layer dropout",
    make: (dtype, generator) =>
      new LSTM(2, 3, { numLayers: 2, dropout: 0.5, batchFirst: true, dtype, generator }),
    inputs: [[2, 4, 2]],
    call: lstmCall,
    outputShapes: [
      [2, 4, 3],
      [2, 2, 3],
      [2, 2, 3],
    ],
  },
  {
    name: "LSTM rejects a wrong feature size",
    make: () => new LSTM(3, 2),
    inputs: [[6, 2, 4]],
    call: lstmCall,
    forwardError: [ShapeError, "LSTM: expected input of shape (T, N, 3) but got [6, 2, 4]"],
  },
  {
    name: "MultiheadAttention, self-attention, batch first",
    make: (dtype, generator) => new MultiheadAttention(8, 2, { batchFirst: true, dtype, generator }),
    inputs: [[2, 5, 8]],
    call: attentionCall,
    outputShapes: [
      [2, 5, 8],
      [2, 5, 5],
    ],
  },
  {
    name: "MultiheadAttention, cross-attention, sequence first",
    make: (dtype, generator) => new MultiheadAttention(8, 4, { dtype, generator }),
    inputs: [
      [3, 2, 8],
      [6, 2, 8],
      [6, 2, 8],
    ],
    call: attentionCall,
    outputShapes: [
      [3, 2, 8],
      [2, 3, 6],
    ],
  },
  {
    name: "MultiheadAttention rejects heads that do not divide the size",
    make: () => new MultiheadAttention(10, 3),
    constructError: [ConfigError, "MultiheadAttention: embedDim (10) must be divisible by numHeads (3)"],
  },
  {
    name: "MultiheadAttention rejects a key of another size",
    make: () => new MultiheadAttention(8, 2, { batchFirst: true }),
    inputs: [
      [2, 5, 8],
      [2, 4, 6],
      [2, 4, 6],
    ],
    call: attentionCall,
    forwardError: [ShapeError, "multiHeadAttention: expected key of shape (2, S, 8) but got [2, 4, 6]"],
  },
];
