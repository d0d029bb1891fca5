/**
 * Weight initialisation in place, as torch.nn.init does it, drawing from the engine's seeded Generator so
 * that the same seed builds bit-identical models. Modules use these to reproduce PyTorch's default inits
 * (kaiming-uniform with a = sqrt(5) for conv and linear weights, uniform(+-1/sqrt(fan_in)) for their biases).
 */
import { ConfigError, expected } from "../errors.js";
import { defaultGenerator, type Generator, type Tensor } from "../tensor/index.js";

/** Returns [fanIn, fanOut] of a weight: (out, in, ...kernel) -> (in * kernel, out * kernel), as PyTorch. */
export function fans(shape: readonly number[]): [number, number] {
  if (shape.length < 2)
    throw new ConfigError(expected("a weight shape with at least 2 dimensions", "fans(shape)", shape));
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return [shape[1] * receptive, shape[0] * receptive];
}

/** Fills `tensor` with uniform samples in [low, high). Returns it. */
export function uniform_(tensor: Tensor, low: number, high: number, generator?: Generator): Tensor {
  (generator ?? defaultGenerator()).fillUniform(tensor.data, low, high);
  return tensor;
}

/** Fills `tensor` with normal samples of mean `mean` and standard deviation `std`. Returns it. */
export function normal_(tensor: Tensor, mean = 0, std = 1, generator?: Generator): Tensor {
  (generator ?? defaultGenerator()).fillNormal(tensor.data, mean, std);
  return tensor;
}

/** Fills `tensor` with `value`. Returns it. */
export function constant_(tensor: Tensor, value: number): Tensor {
  tensor.data.fill(value);
  return tensor;
}

/**
 * Fills a weight with U(-b, b), b = gain * sqrt(3 / fan_in), gain = sqrt(2 / (1 + a^2)) (He et al. 2015, leaky
 * ReLU slope `a`). PyTorch's default for conv and linear layers is a = sqrt(5), i.e. b = 1 / sqrt(fan_in).
 * Returns the tensor.
 */
export function kaimingUniform_(tensor: Tensor, a = Math.sqrt(5), generator?: Generator): Tensor {
  const [fanIn] = fans(tensor.shape);
  const bound = fanIn === 0 ? 0 : Math.sqrt(2 / (1 + a * a)) * Math.sqrt(3 / fanIn);
  return uniform_(tensor, -bound, bound, generator);
}

/** Fills a weight with U(-b, b), b = gain * sqrt(6 / (fan_in + fan_out)) (Glorot & Bengio 2010). Returns it. */
export function xavierUniform_(tensor: Tensor, gain = 1, generator?: Generator): Tensor {
  const [fanIn, fanOut] = fans(tensor.shape);
  const bound = fanIn + fanOut === 0 ? 0 : gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(tensor, -bound, bound, generator);
}

/** Fills a bias with U(-1/sqrt(fanIn), 1/sqrt(fanIn)) (PyTorch's conv and linear bias init). Returns it. */
export function biasUniform_(tensor: Tensor, fanIn: number, generator?: Generator): Tensor {
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  return uniform_(tensor, -bound, bound, generator);
}
