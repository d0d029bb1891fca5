/**
 * AdamW (Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization"), with PyTorch's update equations
 * (torch/optim/adamw.py, single-tensor path, amsgrad off):
 *   t += 1;  p *= 1 - lr * weight_decay
 *   m = beta1 * m + (1 - beta1) * g;  v = beta2 * v + (1 - beta2) * g^2
 *   p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * State per parameter uses PyTorch's names: step, exp_avg, exp_avg_sq.
 */
import { kernelsFor } from "../tensor/index.js";
import {
  type BaseOptions,
  checkRange,
  Optimizer,
  type Parameter,
  type ParamGroupInput,
  type ParamState,
} from "./optimizer.js";

/** AdamW options (PyTorch defaults: lr 1e-3, betas [0.9, 0.999], eps 1e-8, weightDecay 1e-2). */
export interface AdamWOptions extends BaseOptions {
  betas: [number, number];
  eps: number;
}

export class AdamW extends Optimizer<AdamWOptions> {
  constructor(
    params: Iterable<Parameter> | Iterable<ParamGroupInput<AdamWOptions>>,
    options: Partial<AdamWOptions> = {},
  ) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, ...options });
  }

  protected validateOptions(options: AdamWOptions, where: string): void {
    checkRange(options.lr, "lr", where, 0);
    checkRange(options.eps, "eps", where, 0);
    checkRange(options.weightDecay, "weightDecay", where, 0);
    const betas = Array.isArray(options.betas) ? options.betas : [];
    checkRange(betas[0], "betas[0]", where, 0, 1, true);
    checkRange(betas[1], "betas[1]", where, 0, 1, true);
  }

  protected update(
    param: Parameter,
    grad: Float32Array | Float64Array,
    state: ParamState,
    group: AdamWOptions,
  ): void {
    const p = param.data;
    const n = p.length;
    if (state.step === undefined) {
      state.step = 0;
      state.exp_avg = p instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
      state.exp_avg_sq = p instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
    }
    const step = (state.step as number) + 1;
    state.step = step;
    const m = state.exp_avg as Float32Array | Float64Array;
    const v = state.exp_avg_sq as Float32Array | Float64Array;
    const { lr, eps, weightDecay } = group;
    const [beta1, beta2] = group.betas;
    kernelsFor(p instanceof Float32Array ? "float32" : "float64").adamwStep(p, grad, m, v, {
      ...{ decay: 1 - lr * weightDecay, beta1, beta2, eps },
      stepSize: lr / (1 - beta1 ** step),
      correction2Sqrt: Math.sqrt(1 - beta2 ** step),
    });
  }
}
