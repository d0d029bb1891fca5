import { describe, expect, it } from "vitest";
import type { BatchNormParams, NormActivation } from "../../../../src/tensor/kernels/kernels.js";
import { unary, unaryBackward } from "../../../../src/tensor/kernels/reference/elementwise.js";
import { batchNormAct, batchNormActBackward } from "../../../../src/tensor/kernels/reference/fused.js";
import { batchNorm, batchNormBackward } from "../../../../src/tensor/kernels/reference/norm.js";

const x = Float64Array.from({ length: 12 }, (_, i) => Math.sin(1.3 * i) * 2);
const dy = Float64Array.from({ length: 12 }, (_, i) => Math.cos(0.7 * i));
const params = (): BatchNormParams => ({
  N: 2,
  C: 2,
  L: 3,
  eps: 1e-5,
  momentum: 0.1,
  training: true,
  gamma: Float64Array.of(1.5, -0.5),
  beta: Float64Array.of(0.2, 0.1),
  runningMean: Float64Array.of(0, 0),
  runningVar: Float64Array.of(1, 1),
  mean: new Float64Array(2),
  invstd: new Float64Array(2),
});

describe("fused batch norm + activation kernels", () => {
  for (const activation of ["silu", "relu"] as NormActivation[]) {
    it(`${activation}: equal batchNorm followed by the unary kernel, forward and backward`, () => {
      const fusedParams = params();
      const fused = new Float64Array(12);
      batchNormAct(x, fused, fusedParams, activation);
      const plainParams = params();
      const u = new Float64Array(12);
      batchNorm(x, u, plainParams);
      const y = new Float64Array(12);
      unary(activation, u, y);
      expect(Array.from(fused)).toEqual(Array.from(y));
      expect(Array.from(fusedParams.runningVar!)).toEqual(Array.from(plainParams.runningVar!));

      const [dx, dgamma, dbeta] = [new Float64Array(12), new Float64Array(2), new Float64Array(2)];
      batchNormActBackward(dy, x, dx, dgamma, dbeta, fusedParams, activation, false);
      const du = new Float64Array(12);
      unaryBackward(activation, u, y, dy, du, false);
      const [dx2, dgamma2, dbeta2] = [new Float64Array(12), new Float64Array(2), new Float64Array(2)];
      batchNormBackward(du, x, dx2, dgamma2, dbeta2, plainParams, false);
      for (const [a, b] of [
        [dx, dx2],
        [dgamma, dgamma2],
        [dbeta, dbeta2],
      ]) {
        for (const [i, v] of a.entries()) expect(Math.abs(v - b[i])).toBeLessThan(1e-13);
      }
    });
  }
});
