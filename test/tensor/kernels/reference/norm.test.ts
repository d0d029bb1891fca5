import { describe, expect, it } from "vitest";
import type { BatchNormParams } from "../../../../src/tensor/kernels/kernels.js";
import {
  batchNorm,
  batchNormBackward,
  layerNorm,
  layerNormBackward,
  softmax,
  softmaxBackward,
} from "../../../../src/tensor/kernels/reference/norm.js";

describe("batchNorm kernels", () => {
  const params = (training: boolean): BatchNormParams => ({
    N: 2,
    C: 1,
    L: 2,
    eps: 0,
    momentum: 0.5,
    training,
    gamma: Float64Array.of(2),
    beta: Float64Array.of(1),
    runningMean: Float64Array.of(0),
    runningVar: Float64Array.of(1),
    mean: new Float64Array(1),
    invstd: new Float64Array(1),
  });
  it("training saves mean and invstd and moves the running stats by momentum (unbiased variance)", () => {
    const p = params(true);
    const y = new Float64Array(4);
    batchNorm(Float64Array.of(1, 3, 5, 7), y, p); // mean 4, biased var 5, unbiased 20/3
    expect(p.mean[0]).toBe(4);
    expect(p.invstd[0]).toBeCloseTo(1 / Math.sqrt(5), 15);
    expect(p.runningMean![0]).toBe(2);
    expect(p.runningVar![0]).toBeCloseTo(0.5 + 0.5 * (20 / 3), 14);
    expect(y[0]).toBeCloseTo((-3 / Math.sqrt(5)) * 2 + 1, 14);
  });
  it("eval uses the running stats; the backward is dy * gamma * invstd with dgamma and dbeta added", () => {
    const p = params(false);
    p.runningVar![0] = 4;
    const y = new Float64Array(4);
    batchNorm(Float64Array.of(0, 2, 4, 6), y, p);
    expect(Array.from(y)).toEqual([1, 3, 5, 7]);
    const dx = new Float64Array(4);
    const dgamma = Float64Array.of(1);
    const dbeta = Float64Array.of(1);
    batchNormBackward(Float64Array.of(1, 1, 1, 1), Float64Array.of(0, 2, 4, 6), dx, dgamma, dbeta, p, false);
    expect(Array.from(dx)).toEqual([1, 1, 1, 1]);
    expect([dgamma[0], dbeta[0]]).toEqual([1 + (0 + 1 + 2 + 3) / 1, 5]);
  });
  it("training backward of a constant dy is zero (the mean absorbs it)", () => {
    const p = params(true);
    batchNorm(Float64Array.of(1, 3, 5, 7), new Float64Array(4), p);
    const dx = new Float64Array(4);
    batchNormBackward(Float64Array.of(1, 1, 1, 1), Float64Array.of(1, 3, 5, 7), dx, null, null, p, false);
    for (const v of dx) expect(Math.abs(v)).toBeLessThan(1e-15);
  });
});

describe("layerNorm kernels", () => {
  it("normalise rows, save mean and rstd, and give a zero gradient for constant dy", () => {
    const y = new Float64Array(4);
    const mean = new Float64Array(2);
    const rstd = new Float64Array(2);
    layerNorm(Float64Array.of(1, 3, 10, 14), 2, 2, null, null, 0, y, mean, rstd);
    expect(Array.from(y)).toEqual([-1, 1, -1, 1]);
    expect(Array.from(mean)).toEqual([2, 12]);
    expect(Array.from(rstd)).toEqual([1, 0.5]);
    const dx = new Float64Array(4);
    const dbeta = new Float64Array(2);
    layerNormBackward(
      Float64Array.of(1, 1, 1, 1),
      Float64Array.of(1, 3, 10, 14),
      2,
      2,
      null,
      mean,
      rstd,
      dx,
      null,
      dbeta,
      false,
    );
    expect(Array.from(dx)).toEqual([0, 0, 0, 0]);
    expect(Array.from(dbeta)).toEqual([2, 2]);
  });
});

describe("softmax kernels", () => {
  it("softmax and log-softmax rows; backward of a constant dy through softmax is zero", () => {
    const y = new Float64Array(2);
    softmax(Float64Array.of(0, Math.log(3)), 1, 2, y, false);
    expect(y[0]).toBeCloseTo(0.25, 15);
    softmax(Float64Array.of(0, Math.log(3)), 1, 2, y, true);
    expect(y[1]).toBeCloseTo(Math.log(0.75), 15);
    const dx = new Float64Array(2);
    softmax(Float64Array.of(0, Math.log(3)), 1, 2, y, false);
    softmaxBackward(Float64Array.of(5, 5), y, 1, 2, dx, false, false);
    expect(Array.from(dx).map((v) => Math.abs(v) < 1e-15)).toEqual([true, true]);
  });
});
