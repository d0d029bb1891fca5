/**
 * The engine benchmark's reference model in efficientecg, layer for layer the same as torch_model.py (same
 * config file, same parameter names and count): a small 1D EfficientNet (stem, MBConv blocks with SE, head),
 * an LSTM autoencoder on a 16-step feature sequence, and cross-attention from age/sex tokens to the
 * backbone's feature map.
 */
import { readFileSync } from "node:fs";
import { LstmAutoencoder } from "../../src/models/autoencoder.js";
import { MBConv1d } from "../../src/models/mbconv.js";
import {
  BatchNorm1d,
  Conv1d,
  Dropout,
  Embedding,
  LayerNorm,
  Linear,
  Module,
  MultiheadAttention,
  type ParameterOptions,
  Sequential,
} from "../../src/nn/index.js";
import { F, type Tensor } from "../../src/tensor/index.js";

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

/** Returns the reference model's config (bench/engine/reference-model.json). */
export function loadConfig(): ReferenceConfig {
  return JSON.parse(readFileSync(new URL("./reference-model.json", import.meta.url), "utf8"));
}

/** (x (N, C, L), seq (N, steps, features), age (N), sex (N)) -> [logits (N, classes), reconstruction]. */
export class ReferenceModel extends Module {
  readonly stem: Sequential;
  readonly blocks: Sequential;
  readonly head: Sequential;
  readonly autoencoder: LstmAutoencoder;
  readonly age: Embedding;
  readonly sex: Embedding;
  readonly tokens: Linear;
  readonly attention: MultiheadAttention;
  readonly norm: LayerNorm;
  readonly dropout: Dropout;
  readonly classifier: Linear;

  constructor(cfg: ReferenceConfig, options: ParameterOptions = {}) {
    super();
    const { stem, attention: at, autoencoder: ae } = cfg;
    this.stem = this.registerModule(
      "stem",
      new Sequential(
        new Conv1d(cfg.inChannels, stem.channels, stem.kernel, {
          ...options,
          stride: stem.stride,
          padding: Math.floor(stem.kernel / 2),
          bias: false,
        }),
        new BatchNorm1d(stem.channels, { activation: "silu" }),
      ),
    );
    const blocks = new Sequential();
    const total = cfg.blocks.reduce((sum, b) => sum + b.repeats, 0);
    let channels = stem.channels;
    for (const b of cfg.blocks) {
      for (let r = 0; r < b.repeats; r++) {
        const dropConnect = (cfg.dropConnect * blocks.length) / total; // linear in depth, as EfficientNet
        const stride = r === 0 ? b.stride : 1;
        blocks.append(
          new MBConv1d(channels, b.channels, {
            ...options,
            expand: b.expand,
            kernel: b.kernel,
            stride,
            seRatio: cfg.seRatio,
            dropConnect,
          }),
        );
        channels = b.channels;
      }
    }
    this.blocks = this.registerModule("blocks", blocks);
    const hc = cfg.headChannels;
    this.head = this.registerModule(
      "head",
      new Sequential(
        new Conv1d(channels, hc, 1, { ...options, bias: false }),
        new BatchNorm1d(hc, { activation: "silu" }),
      ),
    );
    this.autoencoder = this.registerModule("autoencoder", new LstmAutoencoder({ ...options, ...ae }));
    this.age = this.registerModule("age", new Embedding(at.ageBuckets, at.dModel, options));
    this.sex = this.registerModule("sex", new Embedding(at.sexes, at.dModel, options));
    this.tokens = this.registerModule("tokens", new Linear(hc, at.dModel, options));
    this.attention = this.registerModule(
      "attention",
      new MultiheadAttention(at.dModel, at.heads, { ...options, batchFirst: true }),
    );
    this.norm = this.registerModule("norm", new LayerNorm(at.dModel));
    this.dropout = this.registerModule("dropout", new Dropout(cfg.dropout, options.generator));
    this.classifier = this.registerModule(
      "classifier",
      new Linear(hc + ae.latent + 2 * at.dModel, cfg.classes, options),
    );
  }

  forward(x: Tensor, seq: Tensor, age: Tensor, sex: Tensor): [Tensor, Tensor] {
    const fmap = this.head.forward(this.blocks.forward(this.stem.forward(x))); // (N, hc, L')
    const pooled = fmap.mean(2); // (N, hc)
    const [code, recon] = this.autoencoder.forward(seq); // (N, latent), (N, steps, features)
    const query = F.stack([this.age.forward(age), this.sex.forward(sex)], 1); // (N, 2, d)
    const keys = this.tokens.forward(fmap.transpose(1, 2)); // (N, L', d)
    const [fused] = this.attention.forward(query, keys, keys, { needWeights: false });
    const tokens = this.norm.forward(query.add(fused)).flatten(1); // (N, 2d)
    const logits = this.classifier.forward(this.dropout.forward(F.concat([pooled, code, tokens], 1)));
    return [logits, recon];
  }
}
