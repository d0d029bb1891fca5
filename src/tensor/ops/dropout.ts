/** Dropout (per element) and drop-connect (per sample, stochastic depth), both inverted: kept values scale by 1/(1-p). */

import { expected } from "../../errors.js";
import { ShapeError } from "../errors.js";
import { defaultGenerator, Generator } from "../random.js";
import { emptyTensor, type Tensor } from "../tensor.js";
import { mul } from "./arithmetic.js";
import { checkTensor } from "./checks.js";

/**
 * Returns x with each element zeroed with probability p and the rest scaled by 1 / (1 - p), or x itself
 * when not training or p = 0. dx = dy * mask (the same mask).
 */
export function dropout(x: Tensor, p: number, training = true, generator?: Generator): Tensor {
  checkTensor("dropout", "x", x);
  checkProbability("dropout", p);
  if (!training || p === 0) return x;
  return mul(x, bernoulliMask("dropout", x.shape, 1 - p, x, generator));
}

/**
 * Returns x (N, ...) with each whole sample zeroed with probability p and the others scaled by 1 / (1 - p)
 * (drop-connect / stochastic depth of EfficientNet's residual branches), or x itself when not training or
 * p = 0. dx = dy * mask.
 */
export function dropConnect(x: Tensor, p: number, training = true, generator?: Generator): Tensor {
  checkTensor("dropConnect", "x", x);
  checkProbability("dropConnect", p);
  if (x.rank === 0) throw new ShapeError("dropConnect: x needs a batch axis, got a scalar");
  if (!training || p === 0) return x;
  const perSample = [x.shape[0], ...x.shape.slice(1).map(() => 1)];
  return mul(x, bernoulliMask("dropConnect", perSample, 1 - p, x, generator));
}

/** Throws unless p is a probability in [0, 1]. */
function checkProbability(op: string, p: number): void {
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
    throw new ShapeError(`${op}: ${expected("a probability in [0, 1]", "p", p)}`);
  }
}

/** Returns a tensor of `shape` holding 1/keep with probability keep and 0 otherwise (24-bit uniform draws). */
function bernoulliMask(
  op: string,
  shape: readonly number[],
  keep: number,
  like: Tensor,
  generator?: Generator,
): Tensor {
  const gen = generator ?? defaultGenerator();
  if (!(gen instanceof Generator))
    throw new ShapeError(`${op}: ${expected("a Generator", "generator", gen)}`);
  const mask = emptyTensor(shape, like.dtype);
  const data = mask.data;
  const threshold = keep * 16777216;
  const scale = keep === 0 ? 0 : 1 / keep;
  for (let i = 0; i < data.length; i++) data[i] = gen.nextUint32() >>> 8 < threshold ? scale : 0;
  return mask;
}
