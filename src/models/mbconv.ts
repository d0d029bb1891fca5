/**
 * The MBConv block of EfficientNet (Tan & Le 2019; Sandler et al. 2018), in 1D: the building block of the
 * EfficientECG backbone (the paper's Fig. 1).
 *
 *   x -> [1x1 expand, BN, SiLU] -> depthwise conv k (stride s), BN, SiLU -> squeeze-excitation
 *     -> 1x1 project, BN -> (+ x, through drop-connect, when s = 1 and C_in = C_out)
 *
 * NOTE: "BN, SiLU" is one BatchNorm1d with a fused activation (one kernel, one stored tensor fewer); its
 * parameter names are those of PyTorch's Sequential(conv, BatchNorm1d, SiLU), so weights load either way.
 */
import {
  BatchNorm1d,
  Conv1d,
  DropConnect,
  Identity,
  Module,
  type ParameterOptions,
  Sequential,
} from "../nn/index.js";
import { F, isGradEnabled, type Tensor } from "../tensor/index.js";

/**
 * Squeeze-and-excitation (Hu et al. 2018): channel weights from the globally pooled input, through a
 * bottleneck of `squeezed` channels. (N, C, L) -> (N, C, L).
 */
export class SqueezeExcite1d extends Module {
  readonly reduce: Conv1d;
  readonly expand: Conv1d;

  constructor(channels: number, squeezed: number, options: ParameterOptions = {}) {
    super();
    this.reduce = this.registerModule(
      "reduce",
      new Conv1d(channels, squeezed, 1, { ...options, activation: "silu" }),
    );
    this.expand = this.registerModule(
      "expand",
      new Conv1d(squeezed, channels, 1, { ...options, activation: "sigmoid" }),
    );
  }

  /** Returns the channel weights (N, C, 1) of x: sigmoid(expand(silu(reduce(mean over L of x)))). */
  gate(x: Tensor): Tensor {
    return this.expand.forward(this.reduce.forward(x.mean(2, true)));
  }

  /** Returns x scaled per channel by its gate. */
  forward(x: Tensor): Tensor {
    return x.mul(this.gate(x));
  }
}

/** Input length from which MBConv1d runs its depthwise stage through F.depthwiseNormAct in training. */
const FUSED_MIN_LENGTH = 160;

/** Hyper-parameters of one MBConv block. */
export interface MBConvOptions extends ParameterOptions {
  /** Expansion ratio of the inner channels (1: no expansion conv). */
  expand: number;
  kernel: number;
  stride: number;
  /** SE bottleneck as a fraction of the block's INPUT channels (EfficientNet: 0.25). */
  seRatio: number;
  /** Probability of dropping the residual branch per sample in training (stochastic depth). */
  dropConnect: number;
}

/** An MBConv block, (N, C_in, L) -> (N, C_out, ceil(L / stride)); the kernel is odd ("same"-style padding). */
export class MBConv1d extends Module {
  readonly expansion: Sequential | null;
  readonly depthwise: Sequential;
  readonly se: SqueezeExcite1d;
  readonly project: Sequential;
  readonly dropConnect: DropConnect;
  readonly residual: boolean;

  constructor(inChannels: number, outChannels: number, options: MBConvOptions) {
    super();
    const { expand, kernel, stride, seRatio, dropConnect, ...parameterOptions } = options;
    const mid = inChannels * expand;
    const conv = { ...parameterOptions, bias: false };
    this.expansion = this.registerModule(
      "expand",
      expand === 1
        ? null
        : new Sequential(new Conv1d(inChannels, mid, 1, conv), new BatchNorm1d(mid, { activation: "silu" })),
    );
    this.depthwise = this.registerModule(
      "depthwise",
      new Sequential(
        new Conv1d(mid, mid, kernel, { ...conv, stride, padding: Math.floor(kernel / 2), groups: mid }),
        new BatchNorm1d(mid, { activation: "silu" }),
      ),
    );
    const squeezed = Math.max(1, Math.floor(inChannels * seRatio));
    this.se = this.registerModule("se", new SqueezeExcite1d(mid, squeezed, parameterOptions));
    this.project = this.registerModule(
      "project",
      new Sequential(new Conv1d(mid, outChannels, 1, conv), new BatchNorm1d(outChannels)),
    );
    this.residual = stride === 1 && inChannels === outChannels;
    this.dropConnect = this.registerModule(
      "drop_connect",
      new DropConnect(dropConnect, parameterOptions.generator),
    );
  }

  /** Returns the block's output; the residual branch is dropped per sample in training (drop-connect). */
  forward(x: Tensor): Tensor {
    // NOTE: after fuseForInference, inference runs the whole block as one op (one kernel call).
    const folded = this.training || isGradEnabled() ? null : this.foldedWeights();
    if (folded) return F.mbconv(x, folded);
    const d =
      this.fusedDepthwise(x) ?? this.depthwise.forward(this.expansion ? this.expansion.forward(x) : x);
    // squeeze-excitation, then the projection: the gate scales d's channels inside the projection's product
    // (the same as this.project.forward(this.se.forward(d)), without storing the gated copy of d)
    const [conv, norm] = [this.project.at(0) as Conv1d, this.project.at(1)];
    const y = norm.forward(conv.forward(d, this.se.gate(d)));
    return this.residual ? x.add(this.dropConnect.forward(y)) : y;
  }

  /**
   * Returns the depthwise stage's output in training as one op: the expansion conv, then its BN + SiLU, the
   * depthwise conv and its BN + SiLU through F.depthwiseNormAct, which stores neither the expanded nor the
   * convolved tensor. Returns null where that op does not apply (eval mode, or layers it cannot express).
   */
  private fusedDepthwise(x: Tensor): Tensor | null {
    // NOTE: the fused kernel pays fixed costs per row of a channel; on short rows they outweigh the passes over
    // memory it saves (native, 1 thread, batch 64, forward + backward, best of 7: 64 x 64 x 128 stride 2
    // fused 1.79 ms vs unfused 1.63 ms; 64 x 168 x 188 7.55 vs 7.57 ms; 64 x 96 x 750 17.5 vs 21.1 ms).
    if (!this.training || x.rank !== 3 || x.shape[2] < FUSED_MIN_LENGTH) return null;
    const [conv, norm] = [this.depthwise.at(0), this.depthwise.at(1)];
    const [expandConv, expandNorm] = this.expansion
      ? [this.expansion.at(0), this.expansion.at(1)]
      : [null, null];
    const plainConv = (c: unknown): c is Conv1d => c instanceof Conv1d && c.activation === null;
    if (!plainConv(conv) || conv.bias !== null || typeof conv.padding !== "number") return null;
    if (!(norm instanceof BatchNorm1d) || (norm.activation !== "silu" && norm.activation !== "relu"))
      return null;
    const expanded = expandNorm instanceof BatchNorm1d && expandNorm.activation === norm.activation;
    if (this.expansion && !(plainConv(expandConv) && expanded)) return null;
    return F.depthwiseNormAct(expandConv ? expandConv.forward(x) : x, conv.weight, {
      ...{ stride: conv.stride, padding: conv.padding, dilation: conv.dilation, activation: norm.activation },
      inNorm: expanded ? expandNorm.trainingWeights() : null,
      outNorm: norm.trainingWeights(),
    });
  }

  /**
   * Returns the block's weights for F.mbconv once fuseForInference has folded its batch norms (each stage a
   * conv with its bias and activation, followed by an Identity), else null.
   */
  foldedWeights(): F.MBConvWeights | null {
    const stage = (layers: Sequential | null) => {
      const [conv, rest] = layers ? [layers.at(0), layers.at(1)] : [null, null];
      return conv instanceof Conv1d && rest instanceof Identity ? conv : null;
    };
    const [expand, depthwise, project] = [stage(this.expansion), stage(this.depthwise), stage(this.project)];
    if ((this.expansion && !expand) || !depthwise || !project || project.activation !== null) return null;
    const activation = depthwise.activation;
    if (typeof depthwise.padding !== "number" || (expand && expand.activation !== activation)) return null;
    if (activation !== "silu" && activation !== "relu") return null;
    return {
      expand: expand && { weight: expand.weight, bias: expand.bias },
      depthwise: {
        weight: depthwise.weight,
        bias: depthwise.bias,
        stride: depthwise.stride,
        padding: depthwise.padding,
      },
      se: { reduce: this.se.reduce, gate: this.se.expand },
      project: { weight: project.weight, bias: project.bias },
      activation,
      residual: this.residual,
    };
  }
}
