/**
 * 1-D convolution over (N, C, L) with stride, padding (number, [left, right] or "same"), dilation, groups,
 * an optional fused activation, and an optional per-sample gate on the input channels (squeeze-excitation).
 */
import { expected } from "../../errors.js";
import { kernelsFor } from "../backend.js";
import { ShapeError } from "../errors.js";
import { addGrad, gradBuffer, prepareGrad } from "../grad.js";
import type { Buf, Conv1dParams, ConvActivation, EngineKernels } from "../kernels/kernels.js";
import { formatShape } from "../shape.js";
import { attach, needsGrad } from "../tape.js";
import { emptyTensor, type Tensor } from "../tensor.js";
import { mul } from "./arithmetic.js";
import { sumAxes } from "./broadcast.js";
import { checkInt, checkRank, checkSameDtype, checkTensor } from "./checks.js";
import { relu, sigmoid, silu } from "./elementwise.js";

/** Options of conv1d (PyTorch's names and defaults). */
export interface Conv1dOptions {
  stride?: number;
  /** Zero padding: on both sides, [left, right], "valid" (0) or "same" (output length = input length; stride 1). */
  padding?: number | readonly [number, number] | "same" | "valid";
  dilation?: number;
  groups?: number;
  /**
   * An activation applied to the output (default none). Without gradients (inference) and with a backend
   * that has conv1dAct it is applied as the convolution stores its output (no pass over y); otherwise it is
   * the separate op.
   */
  activation?: ConvActivation | null;
  /**
   * Per-sample channel weights (N, C_in, 1) multiplying x before the convolution: conv1d(x * inputScale, w),
   * a squeeze-excitation gate applied by the convolution that follows it. For a pointwise conv on a backend
   * with conv1dGated the gate scales x as the product reads it, so the gated input is never stored.
   */
  inputScale?: Tensor | null;
}

const ACTIVATIONS: Record<ConvActivation, (x: Tensor) => Tensor> = { silu, relu, sigmoid };

/**
 * Returns the convolution y (N, C_out, L_out) of x (N, C_in, L_in) with w (C_out, C_in / groups, K) plus
 * bias (C_out), L_out = floor((L_in + pad_left + pad_right - dilation (K - 1) - 1) / stride) + 1, through
 * options.activation if given. dx = conv1d transposed of dy, dw = correlation of dy with x, dbias = sum of dy
 * over N and L.
 */
export function conv1d(x: Tensor, w: Tensor, bias?: Tensor | null, options?: Conv1dOptions): Tensor {
  const p = conv1dParams(x, w, bias ?? null, options);
  const k = kernelsFor(x.dtype);
  const inputScale = options?.inputScale ?? null;
  if (inputScale !== null) checkInputScale(x, inputScale, p);
  const activation = options?.activation ?? null;
  if (activation !== null && !Object.hasOwn(ACTIVATIONS, activation))
    throw new ShapeError(
      `conv1d: ${expected('"silu", "relu", "sigmoid" or null', "activation", activation)}`,
    );
  if (inputScale !== null) {
    if (!(k.conv1dGated && k.conv1dGatedBackwardWeight && k.rowScaleBackward) || !isPointwise(p))
      return conv1d(mul(x, inputScale), w, bias, { ...options, inputScale: null });
    const y = gatedConv1d(k, x, inputScale, w, bias ?? null, p);
    return activation ? ACTIVATIONS[activation](y) : y;
  }
  if (activation !== null) {
    if (k.conv1dAct && !needsGrad(x, w, bias)) {
      const y = emptyTensor([p.N, p.Cout, p.Lout], x.dtype);
      k.conv1dAct(x.data, w.data, bias ? bias.data : null, y.data, p, activation);
      return y;
    }
    return ACTIVATIONS[activation](conv1d(x, w, bias, { ...options, activation: null }));
  }
  const y = emptyTensor([p.N, p.Cout, p.Lout], x.dtype);
  k.conv1d(x.data, w.data, bias ? bias.data : null, y.data, p);
  if (needsGrad(x, w, bias)) {
    attach(y, "conv1d", bias ? [x, w, bias] : [x, w], (dy) => {
      if (x.requiresGrad) {
        const accumulate = prepareGrad(x);
        k.conv1dBackwardInput(dy.data, w.data, x.grad!.data, p, accumulate);
      }
      weightGradients(k, dy, w, bias ?? null, (dw, dbias, accumulate) =>
        k.conv1dBackwardWeight(dy.data, x.data, dw, dbias, p, accumulate),
      );
    });
  }
  return y;
}

/** Throws a ShapeError unless inputScale is a tensor of x's dtype and shape (N, C_in, 1). */
function checkInputScale(x: Tensor, inputScale: Tensor, p: Conv1dParams): void {
  checkTensor("conv1d", "inputScale", inputScale);
  checkSameDtype("conv1d", x, inputScale);
  const [n, c, l] = inputScale.rank === 3 ? inputScale.shape : [-1, -1, -1];
  if (n !== p.N || c !== p.Cin || l !== 1)
    throw new ShapeError(
      `conv1d: inputScale must have shape [${p.N}, ${p.Cin}, 1] (N, in_channels, 1), not ${formatShape(inputScale.shape)}`,
    );
}

/** True for a 1x1 convolution: kernel 1, stride 1, no padding, one group. */
function isPointwise(p: Conv1dParams): boolean {
  return p.K === 1 && p.stride === 1 && p.padLeft === 0 && p.Lout === p.Lin && p.groups === 1;
}

/**
 * Returns the pointwise conv1d(x * s, w) + bias with the gate applied inside the product. Gradients, with
 * g = x * s never stored: dg = W^T dy (conv1d's input gradient), then dx = dg * s and ds = sum over L of
 * dg * x (one rowScaleBackward pass); dw = sum_n dy_n g_n^T (the gate applied as the product reads x);
 * dbias = sum of dy.
 */
function gatedConv1d(
  k: EngineKernels,
  x: Tensor,
  s: Tensor,
  w: Tensor,
  bias: Tensor | null,
  p: Conv1dParams,
): Tensor {
  const y = emptyTensor([p.N, p.Cout, p.Lout], x.dtype);
  k.conv1dGated!(x.data, s.data, w.data, bias ? bias.data : null, y.data, p);
  if (!needsGrad(x, s, w, bias)) return y;
  return attach(y, "conv1d (gated input)", bias ? [x, s, w, bias] : [x, s, w], (dy) => {
    if (x.requiresGrad || s.requiresGrad) {
      const dg = emptyTensor(x.shape, x.dtype, false);
      k.conv1dBackwardInput(dy.data, w.data, dg.data, p, false);
      const dx = x.requiresGrad ? gradBuffer(x) : null;
      const ds = s.requiresGrad ? emptyTensor(s.shape, s.dtype, false) : null;
      const rows = p.N * p.Cin;
      k.rowScaleBackward!(
        dg.data,
        x.data,
        s.data,
        dx?.buf ?? null,
        ds?.data ?? null,
        rows,
        p.Lin,
        dx?.accumulate ?? false,
      );
      dg.dispose();
      if (ds) {
        addGrad(s, ds);
        ds.dispose();
      }
    }
    weightGradients(k, dy, w, bias, (dw, dbias, accumulate) =>
      k.conv1dGatedBackwardWeight!(dy.data, x.data, s.data, dw, dbias, p, accumulate),
    );
  });
}

/**
 * Adds dw and dbias through `kernel` (which computes both, accumulating or writing as told); a bias without a
 * weight gradient is summed from dy directly.
 */
function weightGradients(
  k: EngineKernels,
  dy: Tensor,
  w: Tensor,
  bias: Tensor | null,
  kernel: (dw: Buf, dbias: Buf | null, accumulate: boolean) => void,
): void {
  const wantBias = bias?.requiresGrad === true;
  if (w.requiresGrad) {
    let accumulate = prepareGrad(w);
    if (wantBias) {
      // NOTE: one accumulate flag serves dw and dbias: when only one of them already holds a gradient,
      // zero the fresh one and accumulate into both.
      const accumulateBias = prepareGrad(bias!);
      if (accumulate !== accumulateBias) {
        (accumulate ? bias! : w).grad!.data.fill(0);
        accumulate = true;
      }
    }
    kernel(w.grad!.data, wantBias ? bias!.grad!.data : null, accumulate);
  } else if (wantBias) {
    const dbias = sumAxes(k, dy.data, dy.shape, [0, 2], dy, false);
    addGrad(bias!, dbias);
    dbias.dispose();
  }
}

/**
 * Validates conv1d's arguments and returns the kernel parameters (padding resolved to padLeft and Lout); `op`
 * names the op in errors (depthwiseNormAct checks its convolution here too).
 */
export function conv1dParams(
  x: Tensor,
  w: Tensor,
  bias: Tensor | null,
  options?: Conv1dOptions,
  op = "conv1d",
): Conv1dParams {
  checkTensor(op, "x", x);
  checkTensor(op, "weight", w);
  checkRank(op, "x", x, 3);
  checkRank(op, "weight", w, 3);
  checkSameDtype(op, x, w);
  const stride = options?.stride ?? 1;
  const dilation = options?.dilation ?? 1;
  const groups = options?.groups ?? 1;
  checkInt(op, "stride", stride, 1);
  checkInt(op, "dilation", dilation, 1);
  checkInt(op, "groups", groups, 1);
  const [N, Cin, Lin] = x.shape;
  const [Cout, cinPerGroup, K] = w.shape;
  if (Cin % groups !== 0)
    throw new ShapeError(`${op}: in_channels (${Cin}) must be divisible by groups (${groups})`);
  if (Cout % groups !== 0) {
    throw new ShapeError(`${op}: out_channels (${Cout}) must be divisible by groups (${groups})`);
  }
  if (cinPerGroup * groups !== Cin) {
    throw new ShapeError(
      `${op}: weight ${formatShape(w.shape)} expects ${cinPerGroup * groups} input channels ` +
        `(${cinPerGroup} per group x ${groups} groups) but x ${formatShape(x.shape)} has ${Cin}`,
    );
  }
  if (K < 1) throw new ShapeError(`${op}: kernel size must be at least 1, weight is ${formatShape(w.shape)}`);
  if (bias) {
    checkTensor(op, "bias", bias);
    checkSameDtype(op, x, bias);
    if (bias.rank !== 1 || bias.shape[0] !== Cout) {
      throw new ShapeError(
        `${op}: bias must have shape [${Cout}] (out_channels), not ${formatShape(bias.shape)}`,
      );
    }
  }
  const span = dilation * (K - 1);
  const [padLeft, padRight] = resolvePadding(options?.padding ?? 0, span, stride, op);
  const Lout = Math.floor((Lin + padLeft + padRight - span - 1) / stride) + 1;
  if (Lout < 1) {
    throw new ShapeError(
      `${op}: input length ${Lin} plus padding ${padLeft + padRight} is shorter than the dilated kernel (${span + 1})`,
    );
  }
  return { N, Cin, Lin, Cout, K, Lout, stride, padLeft, dilation, groups };
}

/** Returns [left, right] zero padding; "same" splits dilation (K - 1) with the extra element on the right. */
function resolvePadding(
  padding: Conv1dOptions["padding"],
  span: number,
  stride: number,
  op: string,
): [number, number] {
  if (padding === "valid") return [0, 0];
  if (padding === "same") {
    if (stride !== 1) throw new ShapeError(`${op}: padding "same" needs stride 1, not ${stride}`);
    return [Math.floor(span / 2), span - Math.floor(span / 2)];
  }
  const [left, right] = typeof padding === "number" ? [padding, padding] : (padding ?? [0, 0]);
  checkInt(op, "padding", left, 0);
  checkInt(op, "padding", right, 0);
  return [left, right];
}
