/** Element-wise activation layers (no parameters): any shape -> the same shape. */
import type { Tensor } from "../tensor/index.js";
import { Module } from "./module.js";

/** max(x, 0). */
export class ReLU extends Module {
  /** Returns max(x, 0) element-wise. */
  forward(x: Tensor): Tensor {
    return x.relu();
  }
}

/** x * sigmoid(x) (swish), EfficientNet's activation. */
export class SiLU extends Module {
  /** Returns x * sigmoid(x) element-wise. */
  forward(x: Tensor): Tensor {
    return x.silu();
  }
}

/** x * Phi(x) with the exact Gaussian CDF (PyTorch's default approximate="none"). */
export class GELU extends Module {
  /** Returns x * Phi(x) element-wise. */
  forward(x: Tensor): Tensor {
    return x.gelu();
  }
}

/** 1 / (1 + exp(-x)). */
export class Sigmoid extends Module {
  /** Returns sigmoid(x) element-wise, in (0, 1). */
  forward(x: Tensor): Tensor {
    return x.sigmoid();
  }
}

/** tanh(x). */
export class Tanh extends Module {
  /** Returns tanh(x) element-wise, in (-1, 1). */
  forward(x: Tensor): Tensor {
    return x.tanh();
  }
}
