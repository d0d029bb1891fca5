/** Linear (fully connected) and Identity layers. */
import { type DType, F, type Generator, Tensor } from "../tensor/index.js";
import { checkBoolean, checkInt, pyBool } from "./check.js";
import { biasUniform_, kaimingUniform_ } from "./init.js";
import { Module } from "./module.js";

/** Options shared by layers with weights: element type and the generator their initial values come from. */
export interface ParameterOptions {
  /** Element type of the parameters; default "float32". */
  dtype?: DType;
  /** Generator for the initial values; default the engine's default generator (see manualSeed). */
  generator?: Generator;
}

/**
 * y = x W^T + b, shape (..., in_features) -> (..., out_features). Weight (out, in) and bias (out) are
 * initialised as PyTorch's nn.Linear: U(-1/sqrt(in), 1/sqrt(in)).
 */
export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: ParameterOptions & { bias?: boolean } = {},
  ) {
    super();
    checkInt("Linear", "inFeatures", inFeatures, 1);
    checkInt("Linear", "outFeatures", outFeatures, 1);
    const { dtype, generator, bias = true } = options;
    checkBoolean("Linear", "bias", bias);
    this.weight = this.registerParameter("weight", Tensor.zeros([outFeatures, inFeatures], { dtype }));
    this.bias = this.registerParameter("bias", bias ? Tensor.zeros([outFeatures], { dtype }) : null);
    kaimingUniform_(this.weight, Math.sqrt(5), generator);
    if (this.bias) biasUniform_(this.bias, inFeatures, generator);
  }

  /** Returns x W^T + b: (..., in_features) -> (..., out_features). */
  forward(x: Tensor): Tensor {
    return F.linear(x, this.weight, this.bias);
  }

  /** Multiply-adds: one per weight element per input row. */
  override macs(inputs: readonly (readonly number[])[]): number {
    return (inputs[0].reduce((a, b) => a * b, 1) / this.inFeatures) * this.inFeatures * this.outFeatures;
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}

/** Returns its input unchanged: any shape -> the same shape (a placeholder, e.g. for an absent layer). */
export class Identity extends Module {
  /** Returns x. */
  forward(x: Tensor): Tensor {
    return x;
  }
}
