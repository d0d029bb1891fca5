/**
 * EfficientNet (Tan & Le 2019) in 1D: the EfficientECG backbone (the paper's Fig. 1). A stem conv, stages of
 * MBConv blocks, a 1x1 head conv; compound scaling multiplies every stage's channels by `width` and its
 * repeats by `depth`, as EfficientNet-B0..B7 do.
 *
 *   x (N, leads, L) -> stem conv k/s, BN, SiLU -> MBConv stages -> 1x1 head conv, BN, SiLU -> (N, C_head, L')
 */
import { BatchNorm1d, Conv1d, Module, type ParameterOptions, Sequential } from "../nn/index.js";
import type { Tensor } from "../tensor/index.js";
import { MBConv1d } from "./mbconv.js";

/** One stage of MBConv blocks, before scaling. */
export interface StageConfig {
  expand: number;
  kernel: number;
  /** Stride of the stage's first block (the others have 1). */
  stride: number;
  channels: number;
  repeats: number;
}

/** The backbone's shape, before compound scaling. */
export interface EfficientNetConfig {
  stem: { channels: number; kernel: number; stride: number };
  stages: readonly StageConfig[];
  headChannels: number;
  /** SE bottleneck as a fraction of each block's input channels (EfficientNet: 0.25). */
  seRatio: number;
  /** Drop-connect probability of the last block; earlier blocks get less, linearly in depth (0.2). */
  dropConnect: number;
}

/** EfficientNet-B0's stages (Tan & Le 2019, Table 1) with k x k kernels read as k. */
export const EFFICIENTNET_B0: EfficientNetConfig = {
  stem: { channels: 32, kernel: 3, stride: 2 },
  stages: [
    { expand: 1, kernel: 3, stride: 1, channels: 16, repeats: 1 },
    { expand: 6, kernel: 3, stride: 2, channels: 24, repeats: 2 },
    { expand: 6, kernel: 5, stride: 2, channels: 40, repeats: 2 },
    { expand: 6, kernel: 3, stride: 2, channels: 80, repeats: 3 },
    { expand: 6, kernel: 5, stride: 1, channels: 112, repeats: 3 },
    { expand: 6, kernel: 5, stride: 2, channels: 192, repeats: 4 },
    { expand: 6, kernel: 3, stride: 1, channels: 320, repeats: 1 },
  ],
  headChannels: 1280,
  seRatio: 0.25,
  dropConnect: 0.2,
};

/** Returns channels x width rounded to a multiple of 8, never below 8 or 10 % under the product (EfficientNet's round_filters). */
export function scaleChannels(channels: number, width: number, divisor = 8): number {
  const scaled = channels * width;
  let rounded = Math.max(divisor, Math.floor((scaled + divisor / 2) / divisor) * divisor);
  if (rounded < 0.9 * scaled) rounded += divisor;
  return rounded;
}

/** Returns repeats x depth rounded up (EfficientNet's round_repeats). */
export function scaleRepeats(repeats: number, depth: number): number {
  return Math.ceil(repeats * depth);
}

/** Options of EfficientNet1d: input leads, the scaling coefficients and the weights' dtype and generator. */
export interface EfficientNet1dOptions extends ParameterOptions {
  leads: number;
  /** Channel multiplier (B0: 1). */
  width?: number;
  /** Repeat multiplier (B0: 1). */
  depth?: number;
  /** The unscaled shape (default EFFICIENTNET_B0). */
  config?: EfficientNetConfig;
}

/** The 1D EfficientNet backbone: (N, leads, L) -> feature map (N, outChannels, L / total stride). */
export class EfficientNet1d extends Module {
  readonly stem: Sequential;
  readonly blocks: Sequential;
  readonly head: Sequential;
  /** Channels of the feature map (the scaled head). */
  readonly outChannels: number;

  constructor(options: EfficientNet1dOptions) {
    super();
    const { leads, width = 1, depth = 1, config = EFFICIENTNET_B0, ...parameterOptions } = options;
    const { stem, stages, seRatio, dropConnect } = config;
    const stemChannels = scaleChannels(stem.channels, width);
    this.stem = this.registerModule(
      "stem",
      new Sequential(
        new Conv1d(leads, stemChannels, stem.kernel, {
          ...parameterOptions,
          stride: stem.stride,
          padding: Math.floor(stem.kernel / 2),
          bias: false,
        }),
        new BatchNorm1d(stemChannels, { activation: "silu" }),
      ),
    );
    const repeats = stages.map((s) => scaleRepeats(s.repeats, depth));
    const total = repeats.reduce((a, b) => a + b, 0);
    const blocks = new Sequential();
    let channels = stemChannels;
    stages.forEach((stage, s) => {
      const out = scaleChannels(stage.channels, width);
      for (let r = 0; r < repeats[s]; r++) {
        blocks.append(
          new MBConv1d(channels, out, {
            ...parameterOptions,
            expand: stage.expand,
            kernel: stage.kernel,
            stride: r === 0 ? stage.stride : 1,
            seRatio,
            dropConnect: (dropConnect * blocks.length) / total,
          }),
        );
        channels = out;
      }
    });
    this.blocks = this.registerModule("blocks", blocks);
    this.outChannels = scaleChannels(config.headChannels, width);
    this.head = this.registerModule(
      "head",
      new Sequential(
        new Conv1d(channels, this.outChannels, 1, { ...parameterOptions, bias: false }),
        new BatchNorm1d(this.outChannels, { activation: "silu" }),
      ),
    );
  }

  /** Returns the feature map (N, outChannels, L'). */
  forward(x: Tensor): Tensor {
    return this.head.forward(this.blocks.forward(this.stem.forward(x)));
  }
}
