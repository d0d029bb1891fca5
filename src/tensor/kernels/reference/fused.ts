/** Reference versions of the optional fused kernels: the unfused kernels run one after the other. */
import type { BatchNormParams, Buf, NormActivation } from "../kernels.js";
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
