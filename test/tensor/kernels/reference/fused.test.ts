import { describe, expect, it } from "vitest";
import type { BatchNormParams, NormActivation } from "../../../../src/tensor/kernels/kernels.js";
import { conv1d } from "../../../../src/tensor/kernels/reference/conv.js";
import { unary, unaryBackward } from "../../../../src/tensor/kernels/reference/elementwise.js";
import {
  batchNormAct,
  batchNormActBackward,
  conv1dAct,
  rowScaleBackward,
} from "../../../../src/tensor/kernels/reference/fused.js";
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

describe("fused conv1d + activation kernel", () => {
  it("equals conv1d followed by the unary kernel, with and without bias", () => {
    const p = { N: 2, Cin: 2, Lin: 6, Cout: 3, K: 3, Lout: 6, stride: 1, padLeft: 1, dilation: 1, groups: 1 };
    const w = Float64Array.from({ length: 18 }, (_, i) => Math.cos(i));
    for (const bias of [null, Float64Array.of(0.5, -1, 2)]) {
      for (const activation of ["silu", "relu", "sigmoid"] as const) {
        const fused = new Float64Array(36);
        const plain = new Float64Array(36);
        conv1d(x.subarray(0, 24), w, bias, plain, p);
        unary(activation, plain, plain);
        conv1dAct(x.subarray(0, 24), w, bias, fused, p, activation);
        expect(Array.from(fused)).toEqual(Array.from(plain));
      }
    }
  });
});

describe("row scale backward kernel", () => {
  it("gives dx = dy * s per row (written or accumulated) and ds = the row sums of dy * x", () => {
    const s = Float64Array.of(2, -1, 0.5);
    const dx = new Float64Array(12).fill(1);
    const ds = new Float64Array(3);
    rowScaleBackward(dy, x, s, dx, ds, 3, 4, true);
    for (let i = 0; i < 12; i++) expect(dx[i]).toBeCloseTo(1 + dy[i] * s[Math.floor(i / 4)], 14);
    for (let r = 0; r < 3; r++) {
      let want = 0;
      for (let i = 4 * r; i < 4 * r + 4; i++) want += dy[i] * x[i];
      expect(ds[r]).toBeCloseTo(want, 14);
    }
    const written = new Float64Array(12).fill(7);
    rowScaleBackward(dy, x, s, written, null, 3, 4, false);
    expect(written[5]).toBeCloseTo(dy[5] * -1, 14);
  });
});
