/** Pooling over the length axis of (N, C, L) signals. */
import { ConfigError, expected } from "../errors.js";
import { F, type Tensor } from "../tensor/index.js";
import { checkInput, checkInt } from "./check.js";
import { Module } from "./module.js";

/** Options of MaxPool1d and AvgPool1d, as PyTorch's (stride defaults to the kernel size). */
export interface Pool1dOptions {
  stride?: number;
  /** Implicit padding on both sides, at most half the kernel size (max: -inf, avg: zeros counted). */
  padding?: number;
}

function poolSettings(owner: string, kernelSize: number, options: Pool1dOptions): [number, number] {
  checkInt(owner, "kernelSize", kernelSize, 1);
  const stride = checkInt(owner, "stride", options.stride ?? kernelSize, 1);
  const padding = checkInt(owner, "padding", options.padding ?? 0, 0);
  if (padding > kernelSize / 2)
    throw new ConfigError(
      `${owner}: padding (${padding}) must be at most half of kernelSize (${kernelSize})`,
    );
  return [stride, padding];
}

/**
 * Sliding-window maximum, shape (N, C, L_in) -> (N, C, L_out),
 * L_out = floor((L_in + 2 * padding - kernel_size) / stride) + 1.
 */
export class MaxPool1d extends Module {
  readonly stride: number;
  readonly padding: number;

  constructor(
    readonly kernelSize: number,
    options: Pool1dOptions = {},
  ) {
    super();
    [this.stride, this.padding] = poolSettings("MaxPool1d", kernelSize, options);
  }

  /** Returns the window maxima: (N, C, L_in) -> (N, C, L_out). */
  forward(x: Tensor): Tensor {
    checkInput("MaxPool1d", x, [3], "(N, C, L)");
    return F.maxPool1d(x, this.kernelSize, { stride: this.stride, padding: this.padding });
  }

  override extraRepr(): string {
    return `kernel_size=${this.kernelSize}, stride=${this.stride}, padding=${this.padding}`;
  }
}

/**
 * Sliding-window mean (padding zeros counted, PyTorch's count_include_pad=True), shape (N, C, L_in) ->
 * (N, C, L_out), L_out = floor((L_in + 2 * padding - kernel_size) / stride) + 1.
 */
export class AvgPool1d extends Module {
  readonly stride: number;
  readonly padding: number;

  constructor(
    readonly kernelSize: number,
    options: Pool1dOptions = {},
  ) {
    super();
    [this.stride, this.padding] = poolSettings("AvgPool1d", kernelSize, options);
  }

  /** Returns the window means: (N, C, L_in) -> (N, C, L_out). */
  forward(x: Tensor): Tensor {
    checkInput("AvgPool1d", x, [3], "(N, C, L)");
    return F.avgPool1d(x, this.kernelSize, { stride: this.stride, padding: this.padding });
  }

  override extraRepr(): string {
    return `kernel_size=(${this.kernelSize},), stride=(${this.stride},), padding=(${this.padding},)`;
  }
}

/** Mean over the whole length (global average pooling), shape (N, C, L) -> (N, C, 1). Output size 1 only. */
export class AdaptiveAvgPool1d extends Module {
  constructor(readonly outputSize = 1) {
    super();
    if (outputSize !== 1)
      throw new ConfigError(`AdaptiveAvgPool1d: ${expected("1 (global pooling)", "outputSize", outputSize)}`);
  }

  /** Returns the mean over L: (N, C, L) -> (N, C, 1). */
  forward(x: Tensor): Tensor {
    checkInput("AdaptiveAvgPool1d", x, [3], "(N, C, L)");
    return F.globalAvgPool1d(x);
  }

  override extraRepr(): string {
    return `output_size=${this.outputSize}`;
  }
}
