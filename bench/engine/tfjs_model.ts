/**
 * The engine benchmark's reference model in TensorFlow.js: the tfjs peer of bench/engine/torch_model.py, built
 * from reference-model.json with tfjs-core ops and trained through `tf.variableGrads`. Same architecture, layer
 * order, parameter count (150,761) and initialisation rules as PyTorch, with PyTorch semantics where tfjs differs
 * (LSTM gate order i,f,g,o with two bias vectors; MultiheadAttention's packed in-projection; symmetric conv
 * padding k//2). Tensors are channels-last, (N, L, C): tfjs convolutions are NHWC, run here with a height of 1.
 *
 * Two formulations of the same maths (same parameters, same outputs):
 * - `native`: what a tfjs user writes: conv2d / depthwiseConv2d / gather.
 * - `composed`: strided convolutions and embeddings built from slice, multiply, add and matMul, because the wasm
 *   backend has no kernels for the gradients of conv2d's filter, depthwiseConv2d and gather
 *   (Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropInput/Filter, UnsortedSegmentSum).
 */
import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs-core";

/** The reference model's configuration, as in reference-model.json. */
export interface ReferenceConfig {
  inChannels: number;
  classes: number;
  stem: { channels: number; kernel: number; stride: number };
  blocks: { expand: number; kernel: number; stride: number; channels: number; repeats: number }[];
  seRatio: number;
  dropConnect: number;
  headChannels: number;
  autoencoder: { steps: number; features: number; hidden: number; latent: number };
  attention: { dModel: number; heads: number; ageBuckets: number; sexes: number };
  dropout: number;
}

/** How convolutions and embeddings are expressed: tfjs's own ops, or ops whose gradients wasm can run. */
export type OpsMode = "native" | "composed";

/** Parameter count of the PyTorch reference model (`python3 bench/engine/torch_model.py`); tfjs must match it. */
export const PYTORCH_PARAMETERS = 150_761;

/** Returns the reference model configuration read from bench/engine/reference-model.json. */
export function loadReferenceConfig(): ReferenceConfig {
  return JSON.parse(
    readFileSync(new URL("./reference-model.json", import.meta.url), "utf8"),
  ) as ReferenceConfig;
}

/** One batch of model inputs: signal (N, L, inChannels), feature sequence (N, steps, features), int32 ids (N). */
export interface ReferenceInputs {
  signal: tf.Tensor3D;
  sequence: tf.Tensor3D;
  age: tf.Tensor1D;
  sex: tf.Tensor1D;
}

/** Holds the model's trainable parameters (by PyTorch-style dotted name) and BatchNorm buffers. */
class ParameterStore {
  readonly parameters = new Map<string, tf.Variable>();
  private seed: number;

  constructor(seed: number) {
    this.seed = seed;
  }

  uniform(name: string, shape: number[], bound: number): tf.Variable {
    return this.add(name, tf.randomUniform(shape, -bound, bound, "float32", this.seed++));
  }

  normal(name: string, shape: number[]): tf.Variable {
    return this.add(name, tf.randomNormal(shape, 0, 1, "float32", this.seed++));
  }

  constant(name: string, shape: number[], value: number): tf.Variable {
    return this.add(name, tf.fill(shape, value));
  }

  /** Returns a non-trainable variable (BatchNorm running statistics are buffers, not parameters). */
  buffer(shape: number[], value: number): tf.Variable {
    return tf.variable(tf.fill(shape, value), false);
  }

  private add(name: string, init: tf.Tensor): tf.Variable {
    const variable = tf.variable(init, true);
    init.dispose();
    this.parameters.set(name, variable);
    return variable;
  }
}

const silu = (x: tf.Tensor): tf.Tensor => tf.mul(x, tf.sigmoid(x));

/** Returns the k taps of a 1D convolution window, each (N, L_out, C): tap j holds x_padded[j + stride * t]. */
function convTaps(x: tf.Tensor3D, kernel: number, stride: number, pad: number): tf.Tensor3D[] {
  const [n, length, channels] = x.shape;
  const outLength = Math.floor((length + 2 * pad - kernel) / stride) + 1;
  // NOTE: seen as (N, rows, stride, C), padded index j + stride * t is [row floor(j / stride) + t, phase
  // j % stride], so each tap is one slice. Rows past the last one any tap reads are cut or zero-filled.
  const rows = outLength + Math.floor((kernel - 1) / stride);
  const right = rows * stride - length - pad;
  let padded = tf.pad(x, [
    [0, 0],
    [pad, Math.max(0, right)],
    [0, 0],
  ]);
  if (right < 0) padded = tf.slice(padded, [0, 0, 0], [n, rows * stride, channels]);
  const phased = tf.reshape(padded, [n, rows, stride, channels]);
  const taps: tf.Tensor3D[] = [];
  for (let j = 0; j < kernel; j++) {
    const tap = tf.slice(phased, [0, Math.floor(j / stride), j % stride, 0], [n, outLength, 1, channels]);
    taps.push(tf.reshape(tap, [n, outLength, channels]));
  }
  return taps;
}

/** Returns tfjs explicit NHWC padding that pads only the width (length) axis by `pad` on both sides. */
function widthPadding(pad: number): tf.backend_util.ExplicitPadding {
  return [
    [0, 0],
    [0, 0],
    [pad, pad],
    [0, 0],
  ];
}

/** Shape of a 1D convolution, padding kernel // 2 as in torch_model.py. */
interface ConvSpec {
  cin: number;
  cout: number;
  kernel: number;
  stride: number;
  bias: boolean;
  /** groups = channels (cin = cout): one filter per channel, no channel mixing. */
  depthwise: boolean;
}

/** A 1D convolution; weight (1, k, C_in, C_out), or (1, k, C, 1) when depthwise, as tfjs's conv ops want. */
class Conv1d {
  private readonly weight: tf.Variable;
  private readonly bias: tf.Variable | undefined;

  constructor(
    store: ParameterStore,
    name: string,
    private readonly spec: ConvSpec,
    private readonly ops: OpsMode,
  ) {
    const { cin, cout, kernel, depthwise } = spec;
    const bound = 1 / Math.sqrt((depthwise ? 1 : cin) * kernel); // PyTorch's kaiming_uniform_(a=sqrt(5))
    this.weight = store.uniform(`${name}.weight`, [1, kernel, cin, depthwise ? 1 : cout], bound);
    this.bias = spec.bias ? store.uniform(`${name}.bias`, [cout], bound) : undefined;
  }

  /** Returns (N, L_out, C_out) for x (N, L, C_in). */
  forward(x: tf.Tensor3D): tf.Tensor3D {
    const y = this.ops === "native" ? this.native(x) : this.composed(x);
    return this.bias === undefined ? y : tf.add(y, this.bias);
  }

  private native(x: tf.Tensor3D): tf.Tensor3D {
    const { cin, cout, kernel, stride, depthwise } = this.spec;
    const [n, length] = x.shape;
    const x4 = tf.reshape(x, [n, 1, length, cin]) as tf.Tensor4D;
    const filter = this.weight as tf.Tensor4D;
    const padding = widthPadding(Math.floor(kernel / 2));
    const y4 = depthwise
      ? tf.depthwiseConv2d(x4, filter, [1, stride], padding)
      : tf.conv2d(x4, filter, [1, stride], kernel === 1 ? "valid" : padding);
    return tf.reshape(y4, [n, y4.shape[2], cout]);
  }

  private composed(x: tf.Tensor3D): tf.Tensor3D {
    const { cin, cout, kernel, stride, depthwise } = this.spec;
    const n = x.shape[0];
    const pointwise = kernel === 1 && stride === 1;
    const taps = pointwise ? [x] : convTaps(x, kernel, stride, Math.floor(kernel / 2));
    const outLength = taps[0].shape[1];
    if (depthwise) {
      const weights = tf.reshape(this.weight, [kernel, cin]);
      return tf.addN(taps.map((tap, j) => tf.mul(tap, tf.slice(weights, [j, 0], [1, cin])))) as tf.Tensor3D;
    }
    const columns = tf.reshape(pointwise ? x : tf.concat(taps, 2), [n * outLength, kernel * cin]);
    const product = tf.matMul(columns, tf.reshape(this.weight, [kernel * cin, cout]));
    return tf.reshape(product, [n, outLength, cout]);
  }
}

/** Returns the spec of a 1x1 convolution (stride 1, no padding). */
const pointwise = (cin: number, cout: number, bias: boolean): ConvSpec => ({
  cin,
  cout,
  kernel: 1,
  stride: 1,
  bias,
  depthwise: false,
});

/** BatchNorm over (N, L) per channel, eps 1e-5, momentum 0.1, running statistics as buffers (PyTorch rules). */
class BatchNorm {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;
  private readonly runningMean: tf.Variable;
  private readonly runningVar: tf.Variable;

  constructor(store: ParameterStore, name: string, channels: number) {
    this.weight = store.constant(`${name}.weight`, [channels], 1);
    this.bias = store.constant(`${name}.bias`, [channels], 0);
    this.runningMean = store.buffer([channels], 0);
    this.runningVar = store.buffer([channels], 1);
  }

  /** Returns x normalised per channel, (N, L, C); in training also updates the running statistics. */
  forward(x: tf.Tensor3D, training: boolean): tf.Tensor3D {
    if (!training)
      return tf.batchNorm(x, this.runningMean, this.runningVar, this.bias, this.weight, 1e-5) as tf.Tensor3D;
    const { mean, variance } = tf.moments(x, [0, 1]);
    const count = x.shape[0] * x.shape[1];
    const unbiased = tf.mul(variance, count / Math.max(1, count - 1));
    this.runningMean.assign(tf.add(tf.mul(this.runningMean, 0.9), tf.mul(mean, 0.1)));
    this.runningVar.assign(tf.add(tf.mul(this.runningVar, 0.9), tf.mul(unbiased, 0.1)));
    return tf.batchNorm(x, mean, variance, this.bias, this.weight, 1e-5) as tf.Tensor3D;
  }
}

/** A linear layer y = x W + b on the last axis; weight stored (in, out). */
class Linear {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;

  constructor(store: ParameterStore, name: string, inputs: number, outputs: number) {
    const bound = 1 / Math.sqrt(inputs);
    this.weight = store.uniform(`${name}.weight`, [inputs, outputs], bound);
    this.bias = store.uniform(`${name}.bias`, [outputs], bound);
  }

  /** Returns (..., out) for x (..., in). */
  forward(x: tf.Tensor): tf.Tensor {
    const [inputs, outputs] = this.weight.shape;
    const flat = tf.reshape(x, [-1, inputs]);
    return tf.reshape(tf.add(tf.matMul(flat, this.weight), this.bias), [...x.shape.slice(0, -1), outputs]);
  }
}

/** MBConv: [1x1 expand + BN + SiLU] -> depthwise + BN + SiLU -> squeeze-excitation -> 1x1 project + BN. */
class MBConv {
  private readonly expand: { conv: Conv1d; bn: BatchNorm } | undefined;
  private readonly depthwise: Conv1d;
  private readonly depthwiseBn: BatchNorm;
  private readonly seReduce: Conv1d;
  private readonly seExpand: Conv1d;
  private readonly project: Conv1d;
  private readonly projectBn: BatchNorm;
  private readonly residual: boolean;

  constructor(
    store: ParameterStore,
    name: string,
    spec: { cin: number; cout: number; expand: number; kernel: number; stride: number; seRatio: number },
    private readonly dropConnect: number,
    ops: OpsMode,
  ) {
    const mid = spec.cin * spec.expand;
    if (spec.expand !== 1) {
      const conv = new Conv1d(store, `${name}.expand.0`, pointwise(spec.cin, mid, false), ops);
      this.expand = { conv, bn: new BatchNorm(store, `${name}.expand.1`, mid) };
    }
    const { kernel, stride } = spec;
    const depthwise = { cin: mid, cout: mid, kernel, stride, bias: false, depthwise: true };
    this.depthwise = new Conv1d(store, `${name}.depthwise.0`, depthwise, ops);
    this.depthwiseBn = new BatchNorm(store, `${name}.depthwise.1`, mid);
    const squeezed = Math.max(1, Math.floor(spec.cin * spec.seRatio));
    this.seReduce = new Conv1d(store, `${name}.se.reduce`, pointwise(mid, squeezed, true), ops);
    this.seExpand = new Conv1d(store, `${name}.se.expand`, pointwise(squeezed, mid, true), ops);
    this.project = new Conv1d(store, `${name}.project.0`, pointwise(mid, spec.cout, false), ops);
    this.projectBn = new BatchNorm(store, `${name}.project.1`, spec.cout);
    this.residual = spec.stride === 1 && spec.cin === spec.cout;
  }

  /** Returns (N, L_out, C_out) for x (N, L, C_in). */
  forward(x: tf.Tensor3D, training: boolean): tf.Tensor3D {
    let y = x;
    if (this.expand !== undefined)
      y = silu(this.expand.bn.forward(this.expand.conv.forward(y), training)) as tf.Tensor3D;
    y = silu(this.depthwiseBn.forward(this.depthwise.forward(y), training)) as tf.Tensor3D;
    const squeezed = tf.mean(y, 1, true) as tf.Tensor3D;
    const gate = tf.sigmoid(this.seExpand.forward(silu(this.seReduce.forward(squeezed)) as tf.Tensor3D));
    y = this.projectBn.forward(this.project.forward(tf.mul(y, gate) as tf.Tensor3D), training);
    if (!this.residual) return y;
    if (training && this.dropConnect > 0) {
      // Drop-connect: keep each sample's branch with probability keep, scaled by 1 / keep (torch bernoulli_).
      const keep = 1 - this.dropConnect;
      const mask = tf.div(tf.floor(tf.add(tf.randomUniform([y.shape[0], 1, 1]), keep)), keep);
      y = tf.mul(y, mask) as tf.Tensor3D;
    }
    return tf.add(x, y) as tf.Tensor3D;
  }
}

/** A one-layer LSTM, batch first, PyTorch gates (i, f, g, o) and biases b_ih + b_hh, zero initial state. */
class Lstm {
  private readonly weightIh: tf.Variable;
  private readonly weightHh: tf.Variable;
  private readonly biasIh: tf.Variable;
  private readonly biasHh: tf.Variable;

  constructor(store: ParameterStore, name: string, inputs: number, hidden: number) {
    const bound = 1 / Math.sqrt(hidden);
    this.weightIh = store.uniform(`${name}.weight_ih_l0`, [inputs, 4 * hidden], bound);
    this.weightHh = store.uniform(`${name}.weight_hh_l0`, [hidden, 4 * hidden], bound);
    this.biasIh = store.uniform(`${name}.bias_ih_l0`, [4 * hidden], bound);
    this.biasHh = store.uniform(`${name}.bias_hh_l0`, [4 * hidden], bound);
  }

  /** Returns the outputs (N, T, H) and the last hidden state (N, H) for x (N, T, I). */
  forward(x: tf.Tensor3D): { outputs: tf.Tensor3D; last: tf.Tensor2D } {
    const [n, steps, inputs] = x.shape;
    const hidden = this.weightHh.shape[0];
    // One matMul for every step's input projection, as PyTorch's CPU LSTM does.
    const projected = tf.matMul(tf.reshape(x, [n * steps, inputs]), this.weightIh);
    const biased = tf.add(tf.reshape(projected, [n, steps, 4 * hidden]), tf.add(this.biasIh, this.biasHh));
    let h: tf.Tensor2D = tf.zeros([n, hidden]);
    let c: tf.Tensor2D = tf.zeros([n, hidden]);
    const outputs: tf.Tensor2D[] = [];
    for (const input of tf.unstack(biased, 1)) {
      const [i, f, g, o] = tf.split(tf.add(input, tf.matMul(h, this.weightHh)), 4, 1);
      c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
      h = tf.mul(tf.sigmoid(o), tf.tanh(c));
      outputs.push(h);
    }
    return { outputs: tf.stack(outputs, 1) as tf.Tensor3D, last: h };
  }
}

/** Returns (N, dim) rows of `table` (rows, dim) for int32 ids (N): gather, or one-hot matMul when composed. */
function embed(table: tf.Variable, ids: tf.Tensor1D, ops: OpsMode): tf.Tensor2D {
  if (ops === "native") return tf.gather(table, ids) as tf.Tensor2D;
  return tf.matMul(tf.oneHot(ids, table.shape[0], 1, 0, "float32") as tf.Tensor2D, table as tf.Tensor2D);
}

/** torch.nn.MultiheadAttention(batch_first, no dropout): packed in-projection (3d, d) stored (d, 3d). */
class MultiheadAttention {
  private readonly inWeight: tf.Variable;
  private readonly inBias: tf.Variable;
  private readonly out: Linear;
  private readonly heads: number;

  constructor(store: ParameterStore, name: string, dim: number, heads: number) {
    this.inWeight = store.uniform(`${name}.in_proj_weight`, [dim, 3 * dim], Math.sqrt(6 / (4 * dim))); // xavier
    this.inBias = store.constant(`${name}.in_proj_bias`, [3 * dim], 0);
    this.out = new Linear(store, `${name}.out_proj`, dim, dim);
    this.out.bias.assign(tf.zerosLike(this.out.bias)); // PyTorch zeroes out_proj.bias
    this.heads = heads;
  }

  /** Returns (N, Tq, d) for query (N, Tq, d) attending over keys = values (N, Tk, d). */
  forward(query: tf.Tensor3D, keys: tf.Tensor3D): tf.Tensor3D {
    const d = this.inWeight.shape[0];
    const headDim = d / this.heads;
    const project = (x: tf.Tensor3D, part: number): tf.Tensor => {
      const [n, steps] = x.shape;
      const w = tf.slice(this.inWeight, [0, part * d], [d, d]);
      const y = tf.add(tf.matMul(tf.reshape(x, [n * steps, d]), w), tf.slice(this.inBias, [part * d], [d]));
      return tf.transpose(tf.reshape(y, [n, steps, this.heads, headDim]), [0, 2, 1, 3]); // (N, heads, T, hd)
    };
    const q = project(query, 0);
    const k = project(keys, 1);
    const v = project(keys, 2);
    const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(headDim));
    const mixed = tf.matMul(tf.softmax(scores), v); // (N, heads, Tq, hd)
    const [n, , steps] = mixed.shape;
    return this.out.forward(tf.reshape(tf.transpose(mixed, [0, 2, 1, 3]), [n, steps, d])) as tf.Tensor3D;
  }
}

/** Returns x normalised over its last axis with learned scale and shift (torch.nn.LayerNorm, eps 1e-5). */
function layerNorm(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), weight), bias);
}

/** The reference model: backbone + LSTM autoencoder + metadata cross-attention + classifier. */
export interface ReferenceModel {
  /** Trainable parameters by PyTorch's dotted names (BatchNorm running statistics are not among them). */
  parameters: Map<string, tf.Variable>;
  /** Returns the number of trainable scalars (PyTorch's sum of p.numel()). */
  parameterCount(): number;
  /** Returns logits (N, classes) and the feature-sequence reconstruction (N, steps, features). */
  forward(inputs: ReferenceInputs, training: boolean): { logits: tf.Tensor2D; recon: tf.Tensor3D };
  /** Returns the scalar training loss: cross-entropy(logits, labels) + MSE(recon, sequence), both means. */
  loss(inputs: ReferenceInputs, labels: tf.Tensor1D): tf.Scalar;
}

/** Returns the reference model built from `cfg` with `ops`, initialised by PyTorch's rules from `seed`. */
export function createReferenceModel(cfg: ReferenceConfig, ops: OpsMode, seed = 0): ReferenceModel {
  const store = new ParameterStore(seed);
  const st = cfg.stem;
  const stemSpec = { cin: cfg.inChannels, cout: st.channels, kernel: st.kernel, stride: st.stride };
  const stem = new Conv1d(store, "stem.0", { ...stemSpec, bias: false, depthwise: false }, ops);
  const stemBn = new BatchNorm(store, "stem.1", st.channels);
  const blocks: MBConv[] = [];
  const total = cfg.blocks.reduce((sum, b) => sum + b.repeats, 0);
  let cin = st.channels;
  for (const b of cfg.blocks) {
    for (let r = 0; r < b.repeats; r++) {
      const index = blocks.length;
      const stride = r === 0 ? b.stride : 1;
      const spec = {
        cin,
        cout: b.channels,
        expand: b.expand,
        kernel: b.kernel,
        stride,
        seRatio: cfg.seRatio,
      };
      blocks.push(new MBConv(store, `blocks.${index}`, spec, (cfg.dropConnect * index) / total, ops));
      cin = b.channels;
    }
  }
  const hc = cfg.headChannels;
  const head = new Conv1d(store, "head.0", pointwise(cin, hc, false), ops);
  const headBn = new BatchNorm(store, "head.1", hc);
  const ae = cfg.autoencoder;
  const encoder = new Lstm(store, "autoencoder.encoder", ae.features, ae.hidden);
  const toLatent = new Linear(store, "autoencoder.to_latent", ae.hidden, ae.latent);
  const decoder = new Lstm(store, "autoencoder.decoder", ae.latent, ae.hidden);
  const toFeatures = new Linear(store, "autoencoder.to_features", ae.hidden, ae.features);
  const at = cfg.attention;
  const age = store.normal("age.weight", [at.ageBuckets, at.dModel]);
  const sex = store.normal("sex.weight", [at.sexes, at.dModel]);
  const tokens = new Linear(store, "tokens", hc, at.dModel);
  const attention = new MultiheadAttention(store, "attention", at.dModel, at.heads);
  const normWeight = store.constant("norm.weight", [at.dModel], 1);
  const normBias = store.constant("norm.bias", [at.dModel], 0);
  const classifier = new Linear(store, "classifier", hc + ae.latent + 2 * at.dModel, cfg.classes);

  // NOTE: one tf.tidy per stage frees the intermediates that no gradient needs as soon as the stage ends, as
  // PyTorch's reference counting does; tensors saved for backward survive it (tfjs keeps its own copies).
  const backbone = (signal: tf.Tensor3D, training: boolean): tf.Tensor3D => {
    let fmap = tf.tidy(() => silu(stemBn.forward(stem.forward(signal), training)) as tf.Tensor3D);
    for (const block of blocks) {
      const input = fmap;
      fmap = tf.tidy(() => block.forward(input, training));
    }
    const trunk = fmap;
    return tf.tidy(() => silu(headBn.forward(head.forward(trunk), training)) as tf.Tensor3D);
  };

  const forward = (inputs: ReferenceInputs, training: boolean) => {
    const fmap = backbone(inputs.signal, training); // (N, L', hc)
    const pooled = tf.mean(fmap, 1); // (N, hc)
    const code = toLatent.forward(encoder.forward(inputs.sequence).last) as tf.Tensor2D; // (N, latent)
    const repeated = tf.tile(tf.expandDims(code, 1), [1, ae.steps, 1]) as tf.Tensor3D;
    const recon = toFeatures.forward(decoder.forward(repeated).outputs) as tf.Tensor3D;
    const query = tf.stack([embed(age, inputs.age, ops), embed(sex, inputs.sex, ops)], 1) as tf.Tensor3D;
    const keys = tokens.forward(fmap) as tf.Tensor3D; // (N, L', d)
    const fused = layerNorm(tf.add(query, attention.forward(query, keys)), normWeight, normBias);
    let features = tf.concat([pooled, code, tf.reshape(fused, [fused.shape[0], -1])], 1);
    if (training) features = tf.dropout(features, cfg.dropout);
    return { logits: classifier.forward(features) as tf.Tensor2D, recon };
  };

  return {
    parameters: store.parameters,
    parameterCount: () => [...store.parameters.values()].reduce((sum, p) => sum + p.size, 0),
    forward,
    loss(inputs, labels) {
      const { logits, recon } = forward(inputs, true);
      const targets = tf.oneHot(labels, cfg.classes, 1, 0, "float32");
      const crossEntropy = tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), 1)));
      return tf.add(crossEntropy, tf.mean(tf.squaredDifference(recon, inputs.sequence))) as tf.Scalar;
    },
  };
}
