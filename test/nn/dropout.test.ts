import { describe, expect, it } from "vitest";
import { DropConnect, Dropout } from "../../src/nn/dropout.js";
import { Generator, Tensor } from "../../src/tensor/index.js";

describe("Dropout", () => {
  it("zeroes about p of the elements and scales the rest by 1 / (1 - p) in training mode", () => {
    const dropout = new Dropout(0.25, new Generator(0));
    const y = dropout.forward(Tensor.ones([20000], { dtype: "float64" }));
    const values = Array.from(y.data);
    const zeros = values.filter((v) => v === 0).length;
    expect(zeros / values.length).toBeCloseTo(0.25, 1);
    expect(values.every((v) => v === 0 || Math.abs(v - 4 / 3) < 1e-12)).toBe(true);
  });

  it("is the identity in eval mode", () => {
    const x = Tensor.ones([10]);
    expect(new Dropout(0.5).eval().forward(x)).toBe(x);
  });

  it("draws the same mask from the same seed", () => {
    const a = new Dropout(0.5, new Generator(3)).forward(Tensor.ones([64]));
    const b = new Dropout(0.5, new Generator(3)).forward(Tensor.ones([64]));
    expect(b.data).toEqual(a.data);
  });
});

describe("DropConnect", () => {
  it("drops whole samples: every element of a sample is 0 or scaled by 1 / (1 - p)", () => {
    const layer = new DropConnect(0.5, new Generator(1));
    const y = layer.forward(Tensor.ones([64, 3, 4], { dtype: "float64" }));
    for (let n = 0; n < 64; n++) {
      const sample = new Set(Array.from(y.data.slice(n * 12, (n + 1) * 12)));
      expect(sample.size).toBe(1);
      expect([0, 2]).toContain([...sample][0]);
    }
    expect(layer.eval().forward(y)).toBe(y);
  });
});
