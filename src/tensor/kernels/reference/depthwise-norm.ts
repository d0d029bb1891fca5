/**
 * Reference versions of the fused depthwiseNormAct kernels (the middle of an MBConv block in training): the
 * unfused reference kernels run one after the other on float64 intermediates.
 */
import type { BatchNormParams, Buf, Conv1dParams, DepthwiseNormParams, NormActivation } from "../kernels.js";
import { conv1d, conv1dBackwardInput, conv1dBackwardWeight } from "./conv.js";
import { unary } from "./elementwise.js";
import { batchNormAct, batchNormActBackward } from "./fused.js";

/** Returns the depthwise conv's parameters: C groups of one channel, no bias. */
function convParams(p: DepthwiseNormParams): Conv1dParams {
  const { N, C, Lin, K, Lout, stride, padLeft, dilation } = p;
  return { N, Cin: C, Lin, Cout: C, K, Lout, stride, padLeft, dilation, groups: C };
}

/** Returns act((x - mean) * invstd * gamma + beta) in float64 from the statistics saved in `norm`. */
function normalised(x: Buf, norm: BatchNormParams, activation: NormActivation): Float64Array {
  const { N, C, L, gamma, beta, mean, invstd } = norm;
  const out = new Float64Array(N * C * L);
  for (let i = 0; i < out.length; i++) {
    const c = Math.floor(i / L) % C;
    out[i] = (x[i] - mean[c]) * invstd[c] * (gamma ? gamma[c] : 1) + (beta ? beta[c] : 0);
  }
  unary(activation, out, out);
  return out;
}

/** y = act(outNorm(depthwise(act(inNorm(x)), w))): batchNormAct, conv1d and batchNormAct in training mode. */
export function depthwiseNormAct(x: Buf, w: Buf, y: Buf, p: DepthwiseNormParams): void {
  const { N, C, Lin, Lout, activation, inNorm, outNorm } = p;
  let e: Buf = x;
  if (inNorm) {
    e = new Float64Array(N * C * Lin);
    batchNormAct(x, e, { ...inNorm, training: true }, activation);
  }
  const z = new Float64Array(N * C * Lout);
  conv1d(e, w, null, z, convParams(p));
  batchNormAct(z, y, { ...outNorm, training: true }, activation);
}

/**
 * Backward of depthwiseNormAct: recomputes the conv's input e and output z from x and the saved statistics,
 * then batchNormActBackward (output norm), the conv's two gradients, and batchNormActBackward (input norm).
 */
export function depthwiseNormActBackward(
  dy: Buf,
  x: Buf,
  w: Buf,
  dx: Buf,
  dw: Buf | null,
  dgammaIn: Buf | null,
  dbetaIn: Buf | null,
  dgammaOut: Buf | null,
  dbetaOut: Buf | null,
  p: DepthwiseNormParams,
  accumulate: boolean,
): void {
  const { N, C, Lin, Lout, activation, inNorm, outNorm } = p;
  const conv = convParams(p);
  const e = inNorm ? normalised(x, inNorm, activation) : x;
  const z = new Float64Array(N * C * Lout);
  conv1d(e, w, null, z, conv);
  const dz = new Float64Array(z.length);
  batchNormActBackward(dy, z, dz, dgammaOut, dbetaOut, { ...outNorm, training: true }, activation, false);
  if (dw) conv1dBackwardWeight(dz, e, dw, null, conv, true);
  if (!inNorm) {
    conv1dBackwardInput(dz, w, dx, conv, accumulate);
    return;
  }
  const de = new Float64Array(N * C * Lin);
  conv1dBackwardInput(dz, w, de, conv, false);
  batchNormActBackward(de, x, dx, dgammaIn, dbetaIn, { ...inNorm, training: true }, activation, accumulate);
}
