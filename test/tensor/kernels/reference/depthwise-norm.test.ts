import { describe, expect, it } from "vitest";
import type { BatchNormParams, DepthwiseNormParams } from "../../../../src/tensor/kernels/kernels.js";
import {
  depthwiseNormAct,
  depthwiseNormActBackward,
} from "../../../../src/tensor/kernels/reference/depthwise-norm.js";

const norm = (L: number): BatchNormParams => ({
  ...{ N: 2, C: 1, L, eps: 0, momentum: 0.5, training: true, gamma: null, beta: null },
  runningMean: Float64Array.of(0),
  runningVar: Float64Array.of(1),
  mean: new Float64Array(1),
  invstd: new Float64Array(1),
});

/** One channel, x = [[1, 2], [3, 4]], a 1-tap conv of weight 2 (z = 2x), then batch norm and ReLU. */
const params = (): DepthwiseNormParams => ({
  ...{ N: 2, C: 1, Lin: 2, K: 1, Lout: 2, stride: 1, padLeft: 0, dilation: 1, activation: "relu" },
  inNorm: null,
  outNorm: norm(2),
});
const x = Float64Array.of(1, 2, 3, 4);
const w = Float64Array.of(2);

describe("reference depthwiseNormAct", () => {
  it("normalises the conv output with its batch statistics (hand-computed: z = 2x, mean 5, variance 5)", () => {
    const p = params();
    const y = new Float64Array(4);
    depthwiseNormAct(x, w, y, p);
    const s = 1 / Math.sqrt(5);
    expect(Array.from(y)).toEqual([0, 0, 1 * s, 3 * s]);
    expect(p.outNorm.mean[0]).toBe(5);
    expect(p.outNorm.invstd[0]).toBeCloseTo(s, 15);
    // running stats with momentum 0.5: mean 0.5 * 5, variance 0.5 * 1 + 0.5 * (unbiased 20 / 3)
    expect(p.outNorm.runningMean![0]).toBe(2.5);
    expect(p.outNorm.runningVar![0]).toBeCloseTo(0.5 + 10 / 3, 14);
  });

  it("gives a zero weight gradient to a 1-tap conv (batch norm cancels any scale of its input)", () => {
    const p = params();
    depthwiseNormAct(x, w, new Float64Array(4), p);
    const dw = new Float64Array(1);
    const dx = new Float64Array(4);
    depthwiseNormActBackward(
      Float64Array.of(0.3, -1, 2, 0.5),
      x,
      w,
      dx,
      dw,
      null,
      null,
      null,
      null,
      p,
      false,
    );
    expect(Math.abs(dw[0])).toBeLessThan(1e-15);
    expect(dx.some((v) => v !== 0)).toBe(true);
  });
});
