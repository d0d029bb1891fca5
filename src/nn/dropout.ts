/** Regularisers active only in training mode: Dropout (per element) and DropConnect (per sample). */
import { F, type Generator, type Tensor } from "../tensor/index.js";
import { checkProbability } from "./check.js";
import { Module } from "./module.js";

/**
 * Zeroes each element with probability p in training mode and scales the rest by 1 / (1 - p); identity in eval
 * mode. Any shape -> the same shape.
 */
export class Dropout extends Module {
  readonly p: number;

  /** `generator`: where the masks come from (default: the engine's default generator at each call). */
  constructor(
    p = 0.5,
    readonly generator?: Generator,
  ) {
    super();
    this.p = checkProbability("Dropout", "p", p);
  }

  /** Returns x with dropped elements in training mode, x itself in eval mode. */
  forward(x: Tensor): Tensor {
    return F.dropout(x, this.p, this.training, this.generator);
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}

/**
 * Stochastic depth (Huang et al. 2016) as EfficientNet's drop_connect: in training mode each sample's whole
 * tensor is zeroed with probability p and the kept samples are scaled by 1 / (1 - p); identity in eval mode.
 * Used on a residual branch before the skip addition. (N, ...) -> (N, ...).
 */
export class DropConnect extends Module {
  readonly p: number;

  constructor(
    p: number,
    readonly generator?: Generator,
  ) {
    super();
    this.p = checkProbability("DropConnect", "p", p);
  }

  /** Returns x with dropped samples in training mode, x itself in eval mode. */
  forward(x: Tensor): Tensor {
    return F.dropConnect(x, this.p, this.training, this.generator);
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
