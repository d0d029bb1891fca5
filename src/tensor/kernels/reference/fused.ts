/**
 * Reference versions of the optional fused kernels (the LSTM's are in recurrent.ts): mostly the unfused
 * kernels run one after the other.
 */
import type { BatchNormParams, Buf, Conv1dParams, ConvActivation, NormActivation } from "../kernels.js";
import { conv1d } from "./conv.js";
import { unary } from "./elementwise.js";
import { batchNorm, batchNormBackward } from "./norm.js";

/** Returns act'(u) for the activations that can follow batch norm. */
function activationSlope(activation: NormActivation, u: number): number {
  if (activation === "relu") return u > 0 ? 1 : 0;
  const s = u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u));
  return s * (1 + u * (1 - s));
}

/** y = act(batchNorm(x)): batch norm into y, then the unary activation kernel in place. */
export function batchNormAct(x: Buf, y: Buf, p: BatchNormParams, activation: NormActivation): void {
  batchNorm(x, y, p);
  unary(activation, y, y);
}

/**
 * Backward of act(batchNorm(x)): recomputes u = (x - mean) * invstd * gamma + beta, forms du = dy * act'(u)
 * in a float64 scratch buffer, then runs batchNormBackward on du.
 */
export function batchNormActBackward(
  dy: Buf,
  x: Buf,
  dx: Buf,
  dgamma: Buf | null,
  dbeta: Buf | null,
  p: BatchNormParams,
  activation: NormActivation,
  accumulate: boolean,
): void {
  const { N, C, L, gamma, beta, mean, invstd } = p;
  const du = new Float64Array(dy.length);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const scale = invstd[c] * (gamma ? gamma[c] : 1);
      const shift = beta ? beta[c] : 0;
      for (let l = 0, i = (n * C + c) * L; l < L; l++, i++) {
        du[i] = dy[i] * activationSlope(activation, (x[i] - mean[c]) * scale + shift);
      }
    }
  }
  batchNormBackward(du, x, dx, dgamma, dbeta, p, accumulate);
}

/** y = act(conv1d(x, w) + bias): the convolution into y, then the unary activation kernel in place. */
export function conv1dAct(
  x: Buf,
  w: Buf,
  bias: Buf | null,
  y: Buf,
  p: Conv1dParams,
  activation: ConvActivation,
): void {
  conv1d(x, w, bias, y, p);
  unary(activation, y, y);
}

/** Backward of y[r, i] = x[r, i] * s[r]: dx (+)= dy * s[r]; ds[r] = sum_i dy x, summed in float64. */
export function rowScaleBackward(
  dy: Buf,
  x: Buf,
  s: Buf,
  dx: Buf | null,
  ds: Buf | null,
  rows: number,
  n: number,
  accumulate: boolean,
): void {
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let i = r * n; i < (r + 1) * n; i++) {
      if (dx) dx[i] = (accumulate ? dx[i] : 0) + dy[i] * s[r];
      sum += dy[i] * x[i];
    }
    if (ds) ds[r] = sum;
  }
}
