/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay, with PyTorch's
 * update equations (torch/optim/sgd.py):
 *   d = g + weight_decay * p
 *   b = d (first step) or momentum * b + (1 - dampening) * d;  d = nesterov ? d + momentum * b : b
 *   p -= lr * d
 * State per parameter uses PyTorch's name: momentum_buffer.
 */
import {
  type BaseOptions,
  checkRange,
  Optimizer,
  OptimizerError,
  type Parameter,
  type ParamGroupInput,
  type ParamState,
} from "./optimizer.js";

/** SGD options (PyTorch defaults: momentum 0, dampening 0, weightDecay 0, nesterov false; lr is required). */
export interface SgdOptions extends BaseOptions {
  momentum: number;
  dampening: number;
  nesterov: boolean;
}

export class SGD extends Optimizer<SgdOptions> {
  constructor(
    params: Iterable<Parameter> | Iterable<ParamGroupInput<SgdOptions>>,
    options: Partial<SgdOptions> & { lr: number },
  ) {
    super(params, { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, ...options });
  }

  protected validateOptions(options: SgdOptions, where: string): void {
    checkRange(options.lr, "lr", where, 0);
    checkRange(options.momentum, "momentum", where, 0);
    checkRange(options.dampening, "dampening", where, 0);
    checkRange(options.weightDecay, "weightDecay", where, 0);
    if (options.nesterov && (options.momentum <= 0 || options.dampening !== 0))
      throw new OptimizerError(`${where}: Nesterov momentum requires momentum > 0 and dampening = 0`);
  }

  protected update(
    param: Parameter,
    grad: Float32Array | Float64Array,
    state: ParamState,
    group: SgdOptions,
  ): void {
    const p = param.data;
    const n = p.length;
    const { lr, momentum, dampening, weightDecay, nesterov } = group;
    if (momentum === 0) {
      for (let i = 0; i < n; i++) p[i] -= lr * (grad[i] + weightDecay * p[i]);
      return;
    }
    let buffer = state.momentum_buffer as Float32Array | Float64Array | undefined;
    const first = buffer === undefined;
    if (!buffer)
      state.momentum_buffer = buffer = p instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const d = grad[i] + weightDecay * p[i];
      buffer[i] = first ? d : momentum * buffer[i] + (1 - dampening) * d;
      p[i] -= lr * (nesterov ? d + momentum * buffer[i] : buffer[i]);
    }
  }
}
