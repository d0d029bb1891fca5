/** Softmax and log-softmax along one axis (max-subtracted for stability). */
import { kernelsFor } from "../backend.js";
import { prepareGrad } from "../grad.js";
import { normalizeAxis } from "../shape.js";
import { attach, needsGrad } from "../tape.js";
import { emptyTensor, type Tensor } from "../tensor.js";
import { checkTensor } from "./checks.js";
import { transpose } from "./movement.js";

/** Returns e^x / sum(e^x) along `axis` (default: the last). dx = y (dy - sum(dy y)). */
export function softmax(x: Tensor, axis = -1): Tensor {
  return softmaxOp("softmax", x, axis, false);
}

/** Returns x - log(sum(e^x)) along `axis` (default: the last). dx = dy - softmax(x) sum(dy). */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return softmaxOp("logSoftmax", x, axis, true);
}

/** Shared forward and backward; an inner axis is moved last by transposes, which record their gradients. */
function softmaxOp(op: string, x: Tensor, axis: number, log: boolean): Tensor {
  checkTensor(op, "x", x);
  if (x.rank === 0) return softmaxOp(op, x.reshape([1]), 0, log).reshape([]);
  const a = normalizeAxis(op, axis, x.rank);
  if (a !== x.rank - 1) return transpose(softmaxOp(op, transpose(x, a, -1), -1, log), a, -1);
  const dim = x.shape[a];
  const rows = dim === 0 ? 0 : x.size / dim;
  const k = kernelsFor(x.dtype);
  const y = emptyTensor(x.shape, x.dtype);
  k.softmax(x.data, rows, dim, y.data, log);
  if (needsGrad(x)) {
    attach(y, op, [x], (dy) => {
      const accumulate = prepareGrad(x);
      k.softmaxBackward(dy.data, y.data, rows, dim, x.grad!.data, log, accumulate);
    });
  }
  return y;
}
