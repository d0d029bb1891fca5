import { describe, expect, it } from "vitest";
import type { Conv1dParams, Pool1dParams } from "../../../../src/tensor/kernels/kernels.js";
import {
  conv1d,
  conv1dBackwardInput,
  conv1dBackwardWeight,
  pool1d,
  pool1dBackward,
} from "../../../../src/tensor/kernels/reference/conv.js";

const p: Conv1dParams = {
  N: 1,
  Cin: 1,
  Lin: 4,
  Cout: 1,
  K: 3,
  Lout: 2,
  stride: 2,
  padLeft: 1,
  dilation: 1,
  groups: 1,
};

describe("conv kernels (hand-computed, x = [1, 2, 3, 4], w = [1, 10, 100], stride 2, pad 1)", () => {
  it("forward: y[l] = sum_k w[k] x[2l + k - 1] + bias", () => {
    const y = new Float32Array(2);
    conv1d(Float32Array.of(1, 2, 3, 4), Float32Array.of(1, 10, 100), Float32Array.of(0.5), y, p);
    // l = 0: 0*1 + 1*10 + 2*100; l = 1: 2*1 + 3*10 + 4*100
    expect(Array.from(y)).toEqual([210.5, 432.5]);
  });
  it("backward input spreads dy through the taps; accumulate adds", () => {
    const dx = Float32Array.of(1, 1, 1, 1);
    conv1dBackwardInput(Float32Array.of(1, 2), Float32Array.of(1, 10, 100), dx, p, true);
    // x0: w1*dy0 = 10; x1: w2*dy0 + w0*dy1 = 100 + 2; x2: w1*dy1 = 20; x3: w2*dy1 = 200
    expect(Array.from(dx)).toEqual([11, 103, 21, 201]);
  });
  it("backward weight correlates dy with x and sums dy into dbias", () => {
    const dw = new Float32Array(3);
    const db = Float32Array.of(5);
    conv1dBackwardWeight(Float32Array.of(1, 2), Float32Array.of(1, 2, 3, 4), dw, db, p, false);
    // k0: dy1*x1 = 4 (x[-1] is padding); k1: dy0*x0 + dy1*x2 = 1 + 6; k2: dy0*x1 + dy1*x3 = 2 + 8
    expect(Array.from(dw)).toEqual([4, 7, 10]);
    expect(Array.from(db)).toEqual([3]);
  });
});

describe("pool kernels", () => {
  const q: Pool1dParams = { rows: 1, Lin: 5, K: 2, Lout: 3, stride: 2, padLeft: 1 };
  it("max pool records argmax; its backward routes dy there", () => {
    const y = new Float32Array(3);
    const at = new Int32Array(3);
    pool1d("max", Float32Array.of(3, 1, 4, 1, 5), y, q, at);
    expect(Array.from(y)).toEqual([3, 4, 5]);
    expect(Array.from(at)).toEqual([0, 2, 4]);
    const dx = new Float32Array(5);
    pool1dBackward("max", Float32Array.of(1, 2, 3), dx, q, at);
    expect(Array.from(dx)).toEqual([1, 0, 2, 0, 3]);
  });
  it("average pool divides by K including padding; backward spreads dy / K", () => {
    const y = new Float32Array(3);
    pool1d("avg", Float32Array.of(3, 1, 4, 1, 5), y, q, null);
    expect(Array.from(y)).toEqual([1.5, 2.5, 3]);
    const dx = new Float32Array(5);
    pool1dBackward("avg", Float32Array.of(2, 4, 6), dx, q, null);
    expect(Array.from(dx)).toEqual([1, 2, 2, 3, 3]);
  });
});
