/**
 * EfficientECG (Deng, Li, Luo, Wu): the paper's Fig. 2 and Fig. 4 as one module.
 *
 *   signal (N, leads, L) -> EfficientNet1d -> feature map (N, C, L') -> global average pool -> (N, C)
 *   R-peak sequence (N, steps, 5) -> LSTM autoencoder -> R code (N, latent)         [optional]
 *   P-wave sequence (N, steps, 4) -> LSTM autoencoder -> P code (N, latent)         [optional]
 *   age, sex ids (N) -> cross-attention over the feature map -> (N, 2 dModel)       [optional]
 *   concat -> dropout -> linear -> logits (N, classes)
 *
 * The autoencoders also return their reconstructions, so that training can add their MSE to the loss.
 */
import { Dropout, Linear, Module, type ParameterOptions } from "../nn/index.js";
import { F, ShapeError, type Tensor } from "../tensor/index.js";
import { LstmAutoencoder } from "./autoencoder.js";
import { EFFICIENTNET_B0, EfficientNet1d, type EfficientNetConfig } from "./efficientnet.js";
import { CrossAttentionFusion } from "./fusion.js";

/** Sizes of one feature-sequence branch (an LSTM autoencoder). */
export interface SequenceBranchOptions {
  /** Beats per sequence. */
  steps: number;
  /** Features per beat (R_PEAK_FEATURES: 7, P_WAVE_FEATURES: 4). */
  features: number;
  hidden: number;
  latent: number;
}

/** Options of EfficientECG; a branch set to null (the default) is left out. */
export interface EfficientEcgOptions extends ParameterOptions {
  leads: number;
  classes: number;
  /** Compound scaling of the backbone (default 1 and 1: EfficientNet-B0's sizes). */
  width?: number;
  depth?: number;
  backbone?: EfficientNetConfig;
  rPeak?: SequenceBranchOptions | null;
  pWave?: SequenceBranchOptions | null;
  fusion?: { dModel: number; heads: number; ageIds?: number; sexIds?: number } | null;
  /** Dropout before the classifier (default 0.2, EfficientNet-B0's). */
  dropout?: number;
}

/** The inputs of one batch; the sequences and ids are needed exactly when the model has their branch. */
export interface EfficientEcgInput {
  /** (N, leads, L) in mV. */
  signal: Tensor;
  /** (N, steps, R-peak features). */
  rPeak?: Tensor;
  /** (N, steps, P-wave features). */
  pWave?: Tensor;
  /** (N) age ids. */
  age?: Tensor;
  /** (N) sex ids. */
  sex?: Tensor;
}

/** What EfficientECG returns: class logits and, per autoencoder branch, its reconstruction (else null). */
export interface EfficientEcgOutput {
  logits: Tensor;
  rPeakReconstruction: Tensor | null;
  pWaveReconstruction: Tensor | null;
}

/** EfficientECG: backbone + optional R-peak and P-wave autoencoders + optional age/sex fusion + classifier. */
export class EfficientECG extends Module {
  readonly backbone: EfficientNet1d;
  readonly rPeak: LstmAutoencoder | null;
  readonly pWave: LstmAutoencoder | null;
  readonly fusion: CrossAttentionFusion | null;
  readonly dropout: Dropout;
  readonly classifier: Linear;

  constructor(options: EfficientEcgOptions) {
    super();
    const {
      leads,
      classes,
      width = 1,
      depth = 1,
      backbone = EFFICIENTNET_B0,
      rPeak = null,
      pWave = null,
      fusion = null,
      dropout = 0.2,
      ...parameterOptions
    } = options;
    this.backbone = this.registerModule(
      "backbone",
      new EfficientNet1d({ ...parameterOptions, leads, width, depth, config: backbone }),
    );
    const branch = (name: string, sizes: SequenceBranchOptions | null) =>
      sizes && this.registerModule(name, new LstmAutoencoder({ ...parameterOptions, ...sizes }));
    this.rPeak = branch("r_peak", rPeak);
    this.pWave = branch("p_wave", pWave);
    const channels = this.backbone.outChannels;
    this.fusion =
      fusion &&
      this.registerModule("fusion", new CrossAttentionFusion({ ...parameterOptions, ...fusion, channels }));
    this.dropout = this.registerModule("dropout", new Dropout(dropout, parameterOptions.generator));
    const combined = channels + (rPeak?.latent ?? 0) + (pWave?.latent ?? 0) + (this.fusion?.outFeatures ?? 0);
    this.classifier = this.registerModule("classifier", new Linear(combined, classes, parameterOptions));
  }

  /** Returns the logits and the autoencoders' reconstructions; throws a ShapeError for a missing input. */
  forward(input: EfficientEcgInput): EfficientEcgOutput {
    const featureMap = this.backbone.forward(input.signal); // (N, C, L')
    const parts = [featureMap.mean(2)];
    // each sequence branch adds its code to the parts and returns its reconstruction (null without the branch)
    const encode = (branch: LstmAutoencoder | null, sequence: Tensor | undefined, name: string) => {
      if (!branch) return null;
      const [code, reconstruction] = branch.forward(required(sequence, name, "(N, steps, features)"));
      parts.push(code);
      return reconstruction;
    };
    const rPeakReconstruction = encode(this.rPeak, input.rPeak, "rPeak");
    const pWaveReconstruction = encode(this.pWave, input.pWave, "pWave");
    if (this.fusion) {
      const age = required(input.age, "age", "(N) of age ids");
      const sex = required(input.sex, "sex", "(N) of sex ids");
      parts.push(this.fusion.forward(featureMap, age, sex));
    }
    const combined = parts.length === 1 ? parts[0] : F.concat(parts, 1);
    return {
      logits: this.classifier.forward(this.dropout.forward(combined)),
      rPeakReconstruction,
      pWaveReconstruction,
    };
  }
}

/** Returns input[name] or throws a ShapeError saying the model's branch needs it. */
function required(tensor: Tensor | undefined, name: string, shape: string): Tensor {
  if (tensor === undefined) {
    throw new ShapeError(
      `EfficientECG: this model has a branch for ${name}; pass input.${name}, a tensor ${shape}`,
    );
  }
  return tensor;
}
