/** One-dimensional convolution over (N, C, L) signals. */
import { ConfigError, expected } from "../errors.js";
import { type ConvActivation, F, Tensor } from "../tensor/index.js";
import { checkBoolean, checkInput, checkInt } from "./check.js";
import { biasUniform_, kaimingUniform_ } from "./init.js";
import type { ParameterOptions } from "./linear.js";
import { Module } from "./module.js";

/** Options of Conv1d, named and defaulted as PyTorch's nn.Conv1d. */
export interface Conv1dOptions extends ParameterOptions {
  stride?: number;
  /** Zero padding on both sides, or "same" (output length = input length; stride 1 only) or "valid" (0). */
  padding?: number | "same" | "valid";
  dilation?: number;
  /** Input and output channels are split into this many independent groups (= channels: depthwise). */
  groups?: number;
  bias?: boolean;
  /** An activation applied to the output, fused into the convolution when no gradient is needed. */
  activation?: ConvActivation | null;
}

/**
 * 1-D convolution, shape (N, C_in, L_in) -> (N, C_out, L_out) with
 * L_out = floor((L_in + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1, optionally followed
 * by an activation (fuseForInference folds a following batch norm and its activation into the conv).
 * Weight (C_out, C_in / groups, kernel_size) and bias (C_out) are initialised as PyTorch's nn.Conv1d:
 * U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = C_in / groups * kernel_size.
 */
export class Conv1d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly stride: number;
  readonly padding: number | "same";
  readonly dilation: number;
  readonly groups: number;
  readonly activation: ConvActivation | null;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernelSize: number,
    options: Conv1dOptions = {},
  ) {
    super();
    const {
      stride = 1,
      padding = 0,
      dilation = 1,
      groups = 1,
      bias = true,
      activation = null,
      dtype,
      generator,
    } = options;
    checkInt("Conv1d", "inChannels", inChannels, 1);
    checkInt("Conv1d", "outChannels", outChannels, 1);
    checkInt("Conv1d", "kernelSize", kernelSize, 1);
    this.stride = checkInt("Conv1d", "stride", stride, 1);
    this.dilation = checkInt("Conv1d", "dilation", dilation, 1);
    this.groups = checkInt("Conv1d", "groups", groups, 1);
    checkBoolean("Conv1d", "bias", bias);
    if (activation !== null && activation !== "silu" && activation !== "relu" && activation !== "sigmoid")
      throw new ConfigError(
        `Conv1d: ${expected('"silu", "relu", "sigmoid" or null', "activation", activation)}`,
      );
    this.activation = activation;
    if (padding === "same" || padding === "valid") this.padding = padding === "valid" ? 0 : "same";
    else this.padding = checkInt("Conv1d", "padding", padding, 0);
    if (inChannels % groups !== 0)
      throw new ConfigError(`Conv1d: inChannels (${inChannels}) must be divisible by groups (${groups})`);
    if (outChannels % groups !== 0)
      throw new ConfigError(`Conv1d: outChannels (${outChannels}) must be divisible by groups (${groups})`);
    if (this.padding === "same" && stride !== 1)
      throw new ConfigError(`Conv1d: padding "same" needs stride 1 (got stride ${stride})`);
    const shape = [outChannels, inChannels / groups, kernelSize];
    this.weight = this.registerParameter("weight", Tensor.zeros(shape, { dtype }));
    this.bias = this.registerParameter("bias", bias ? Tensor.zeros([outChannels], { dtype }) : null);
    kaimingUniform_(this.weight, Math.sqrt(5), generator);
    if (this.bias) biasUniform_(this.bias, (inChannels / groups) * kernelSize, generator);
  }

  /**
   * Returns the convolution (through the activation, if any): (N, C_in, L_in) -> (N, C_out, L_out). With
   * inputScale (N, C_in, 1), the convolution of x * inputScale (a squeeze-excitation gate), which a pointwise
   * conv applies inside its product.
   */
  forward(x: Tensor, inputScale: Tensor | null = null): Tensor {
    checkInput("Conv1d", x, [3], `(N, ${this.inChannels}, L)`, 1, this.inChannels);
    return F.conv1d(x, this.weight, this.bias, {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      groups: this.groups,
      activation: this.activation,
      inputScale,
    });
  }

  /** Multiply-adds: C_in / groups * kernel_size per output element. */
  override macs(_inputs: readonly (readonly number[])[], outputs: readonly (readonly number[])[]): number {
    const [n, c, l] = outputs[0];
    return n * c * l * (this.inChannels / this.groups) * this.kernelSize;
  }

  override extraRepr(): string {
    const parts = [`${this.inChannels}, ${this.outChannels}, kernel_size=(${this.kernelSize},)`];
    parts.push(`stride=(${this.stride},)`);
    if (this.padding !== 0)
      parts.push(this.padding === "same" ? "padding=same" : `padding=(${this.padding},)`);
    if (this.dilation !== 1) parts.push(`dilation=(${this.dilation},)`);
    if (this.groups !== 1) parts.push(`groups=${this.groups}`);
    if (this.bias === null) parts.push("bias=False");
    if (this.activation) parts.push(`activation=${this.activation}`);
    return parts.join(", ");
  }
}
