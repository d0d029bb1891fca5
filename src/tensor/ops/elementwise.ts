/** Unary elementwise ops (y = f(x)) with their gradients: activations, exp/log, pow and clamp. */
import { kernelsFor } from "../backend.js";
import { prepareGrad } from "../grad.js";
import type { UnaryOp } from "../kernels/kernels.js";
import { attach, needsGrad } from "../tape.js";
import { emptyTensor, type Tensor } from "../tensor.js";
import { checkNumber, checkTensor } from "./checks.js";

/** Returns f(x) elementwise, recording dx = f'(x) * dy. */
function unaryOp(op: UnaryOp, x: Tensor): Tensor {
  checkTensor(op, "x", x);
  const k = kernelsFor(x.dtype);
  const y = emptyTensor(x.shape, x.dtype);
  k.unary(op, x.data, y.data);
  if (needsGrad(x)) {
    attach(y, op, [x], (dy) => {
      const accumulate = prepareGrad(x);
      k.unaryBackward(op, x.data, y.data, dy.data, x.grad!.data, accumulate);
    });
  }
  return y;
}

/** Returns -x. dx = -dy. */
export function neg(x: Tensor): Tensor {
  return unaryOp("neg", x);
}

/** Returns e^x. dx = dy * y. */
export function exp(x: Tensor): Tensor {
  return unaryOp("exp", x);
}

/** Returns ln(x) (NaN below 0, -Infinity at 0). dx = dy / x. */
export function log(x: Tensor): Tensor {
  return unaryOp("log", x);
}

/** Returns sqrt(x). dx = dy / (2 y). */
export function sqrt(x: Tensor): Tensor {
  return unaryOp("sqrt", x);
}

/** Returns |x|. dx = dy * sign(x) (0 at 0). */
export function abs(x: Tensor): Tensor {
  return unaryOp("abs", x);
}

/** Returns max(x, 0). dx = dy where x > 0, else 0. */
export function relu(x: Tensor): Tensor {
  return unaryOp("relu", x);
}

/** Returns x * sigmoid(x) (SiLU / swish). dx = dy * s * (1 + x (1 - s)), s = sigmoid(x). */
export function silu(x: Tensor): Tensor {
  return unaryOp("silu", x);
}

/** Returns the exact GELU x * Phi(x). dx = dy * (Phi(x) + x * phi(x)). */
export function gelu(x: Tensor): Tensor {
  return unaryOp("gelu", x);
}

/** Returns 1 / (1 + e^-x). dx = dy * y (1 - y). */
export function sigmoid(x: Tensor): Tensor {
  return unaryOp("sigmoid", x);
}

/** Returns tanh(x). dx = dy * (1 - y^2). */
export function tanh(x: Tensor): Tensor {
  return unaryOp("tanh", x);
}

/** Returns x ** exponent elementwise. dx = dy * exponent * x^(exponent - 1). */
export function pow(x: Tensor, exponent: number): Tensor {
  checkTensor("pow", "x", x);
  checkNumber("pow", "exponent", exponent);
  const k = kernelsFor(x.dtype);
  const y = emptyTensor(x.shape, x.dtype);
  k.pow(x.data, exponent, y.data);
  if (needsGrad(x)) {
    attach(y, "pow", [x], (dy) => {
      const accumulate = prepareGrad(x);
      k.powBackward(x.data, exponent, dy.data, x.grad!.data, accumulate);
    });
  }
  return y;
}

/** Returns x clamped to [min, max] (an omitted bound is open). dx = dy where min <= x <= max, else 0. */
export function clamp(x: Tensor, min?: number, max?: number): Tensor {
  checkTensor("clamp", "x", x);
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  checkNumber("clamp", "min", lo, true);
  checkNumber("clamp", "max", hi, true);
  const k = kernelsFor(x.dtype);
  const y = emptyTensor(x.shape, x.dtype);
  k.clamp(x.data, lo, hi, y.data);
  if (needsGrad(x)) {
    attach(y, "clamp", [x], (dy) => {
      const accumulate = prepareGrad(x);
      k.clampBackward(x.data, lo, hi, dy.data, x.grad!.data, accumulate);
    });
  }
  return y;
}
