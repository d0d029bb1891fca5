/**
 * Reference versions of the optional fused kernels (the LSTM's are in recurrent.ts): mostly the unfused
 * kernels run one after the other.
 */
import type {
  BatchNormParams,
  Buf,
  Conv1dParams,
  ConvActivation,
  MBConvParams,
  NormActivation,
} from "../kernels.js";
import { conv1d, conv1dBackwardWeight } from "./conv.js";
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

/**
 * The MBConv block of p on x (the definition in kernels.ts MBConvParams): the expansion and depthwise convs
 * with their activation (conv1dAct), the gate from float64 row means and matrix-vector products, then the
 * projection of the gated d, its bias and the residual. Intermediates in float64.
 */
export function mbconvForward(x: Buf, y: Buf, p: MBConvParams): void {
  const { N, Cin, L, Cmid, Cout, K, Lout, S } = p;
  const conv = (Ci: number, Co: number, k: number, Li: number, Lo: number, extra: Partial<Conv1dParams>) => ({
    ...{ N, Cin: Ci, Lin: Li, Cout: Co, K: k, Lout: Lo, stride: 1, padLeft: 0, dilation: 1, groups: 1 },
    ...extra,
  });
  let e: Buf = x;
  if (p.expandWeight) {
    e = new Float64Array(N * Cmid * L);
    conv1dAct(x, p.expandWeight, p.expandBias, e, conv(Cin, Cmid, 1, L, L, {}), p.activation);
  }
  const d = new Float64Array(N * Cmid * Lout);
  const depthwise = conv(Cmid, Cmid, K, L, Lout, { stride: p.stride, padLeft: p.padLeft, groups: Cmid });
  conv1dAct(e, p.depthwiseWeight, p.depthwiseBias, d, depthwise, p.activation);
  const silu = (v: number) => v / (1 + Math.exp(-v));
  const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
  for (let n = 0; n < N; n++) {
    if (S === 0 || !p.reduceWeight || !p.gateWeight) break;
    const rows = d.subarray(n * Cmid * Lout, (n + 1) * Cmid * Lout);
    const means = Array.from({ length: Cmid }, (_, c) => {
      let sum = 0;
      for (let l = 0; l < Lout; l++) sum += rows[c * Lout + l];
      return sum / Lout;
    });
    const squeezed = Array.from({ length: S }, (_, j) => {
      let z = p.reduceBias ? p.reduceBias[j] : 0;
      for (let c = 0; c < Cmid; c++) z += p.reduceWeight![j * Cmid + c] * means[c];
      return silu(z);
    });
    for (let c = 0; c < Cmid; c++) {
      let z = p.gateBias ? p.gateBias[c] : 0;
      for (let j = 0; j < S; j++) z += p.gateWeight![c * S + j] * squeezed[j];
      const gate = sigmoid(z);
      for (let l = 0; l < Lout; l++) rows[c * Lout + l] *= gate;
    }
  }
  conv1d(d, p.projectWeight, p.projectBias, y, conv(Cmid, Cout, 1, Lout, Lout, {}));
  if (p.residual) for (let i = 0; i < y.length; i++) y[i] += x[i];
}

/** Returns x (N, Cin, L) with channel c of sample n multiplied by scale[n * Cin + c], in float64. */
function gated(x: Buf, scale: Buf, p: Conv1dParams): Float64Array {
  const out = new Float64Array(p.N * p.Cin * p.Lin);
  for (let r = 0; r < p.N * p.Cin; r++)
    for (let l = 0; l < p.Lin; l++) out[r * p.Lin + l] = x[r * p.Lin + l] * scale[r];
  return out;
}

/** y = conv1d(x * scale, w) + bias (pointwise): the gated input formed in float64, then the convolution. */
export function conv1dGated(x: Buf, scale: Buf, w: Buf, bias: Buf | null, y: Buf, p: Conv1dParams): void {
  conv1d(gated(x, scale, p), w, bias, y, p);
}

/** dw (+)= sum_n dy_n (x_n * scale_n)^T, dbias (+)= sum of dy: conv1dBackwardWeight on the gated input. */
export function conv1dGatedBackwardWeight(
  dy: Buf,
  x: Buf,
  scale: Buf,
  dw: Buf,
  dbias: Buf | null,
  p: Conv1dParams,
  accumulate: boolean,
): void {
  conv1dBackwardWeight(dy, gated(x, scale, p), dw, dbias, p, accumulate);
}
