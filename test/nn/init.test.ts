import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import {
  biasUniform_,
  constant_,
  fans,
  kaimingUniform_,
  normal_,
  xavierUniform_,
} from "../../src/nn/init.js";
import { Generator, Tensor } from "../../src/tensor/index.js";

const maxAbs = (t: Tensor) => Math.max(...t.data.map(Math.abs));

describe("init", () => {
  it("computes fans as PyTorch: (out, in, k) -> (in * k, out * k)", () => {
    expect(fans([8, 4, 3])).toEqual([12, 24]);
    expect(fans([5, 7])).toEqual([7, 5]);
    expect(() => fans([3])).toThrow(ConfigError);
  });

  it("kaiming-uniform with a = sqrt(5) stays within 1/sqrt(fan_in) and nearly reaches it", () => {
    const w = kaimingUniform_(Tensor.zeros([64, 16, 4]), Math.sqrt(5), new Generator(0));
    expect(maxAbs(w)).toBeLessThanOrEqual(1 / 8);
    expect(maxAbs(w)).toBeGreaterThan(0.99 / 8);
  });

  it("xavier-uniform stays within gain * sqrt(6 / (fan_in + fan_out))", () => {
    const w = xavierUniform_(Tensor.zeros([96, 32]), 1, new Generator(0));
    const bound = Math.sqrt(6 / 128);
    expect(maxAbs(w)).toBeLessThanOrEqual(bound);
    expect(maxAbs(w)).toBeGreaterThan(0.99 * bound);
  });

  it("normal_ has the requested mean and std, and the same seed gives the same values", () => {
    const a = normal_(Tensor.zeros([20000], { dtype: "float64" }), 1, 2, new Generator(5));
    const values = Array.from(a.data);
    const mean = values.reduce((s, v) => s + v, 0) / a.size;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / a.size);
    expect(mean).toBeCloseTo(1, 1);
    expect(std).toBeCloseTo(2, 1);
    const b = normal_(Tensor.zeros([20000], { dtype: "float64" }), 1, 2, new Generator(5));
    expect(b.data).toEqual(a.data);
  });

  it("biasUniform_ and constant_ fill as documented", () => {
    expect(maxAbs(biasUniform_(Tensor.zeros([100]), 4, new Generator(1)))).toBeLessThanOrEqual(0.5);
    expect([...constant_(Tensor.zeros([2]), 3).data]).toEqual([3, 3]);
  });
});
