import { describe, expect, it } from "vitest";
import { Generator } from "../../src/tensor/random.js";
import { scope } from "../../src/tensor/scope.js";
import { isGradEnabled, noGrad } from "../../src/tensor/tape.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { sgdStep, tinyNet } from "./helpers.js";

describe("grad mode", () => {
  it("noGrad records nothing and restores the mode, also after a throw", () => {
    const x = Tensor.ones([2], { requiresGrad: true });
    const y = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return x.mul(2);
    });
    expect(y.requiresGrad).toBe(false);
    expect(y.isLeaf).toBe(true);
    expect(isGradEnabled()).toBe(true);
    expect(() =>
      noGrad(() => {
        throw new Error("inner");
      }),
    ).toThrow("inner");
    expect(isGradEnabled()).toBe(true);
  });

  it("ops on inputs without requiresGrad record nothing", () => {
    const y = Tensor.ones([2]).mul(3).exp();
    expect(y.requiresGrad).toBe(false);
    expect(y.isLeaf).toBe(true);
  });
});

describe("the backward walk", () => {
  it("sums the gradients of a diamond (x used by two branches that meet again)", () => {
    const x = Tensor.from([2], undefined, { dtype: "float64", requiresGrad: true });
    const a = x.mul(3);
    const b = x.pow(2);
    a.mul(b).sum().backward(); // d(3x * x^2)/dx = 9x^2 = 36
    expect(x.grad!.item()).toBe(36);
  });

  it("handles a 20,000-op chain without overflowing the stack", () => {
    const x = Tensor.from([1], undefined, { dtype: "float64", requiresGrad: true });
    let y = x;
    for (let i = 0; i < 20000; i++) y = y.mul(1.0001);
    y.sum().backward();
    expect(x.grad!.item()).toBeCloseTo(1.0001 ** 20000, 8);
  });

  it("leaves branches that do not lead to the root alone", () => {
    const x = Tensor.ones([2], { requiresGrad: true });
    const unused = x.mul(5);
    x.mul(2).sum().backward();
    expect(unused.grad).toBeNull();
    expect(Array.from(x.grad!.data)).toEqual([2, 2]);
  });
});

describe("end to end", () => {
  it("a small conv net overfits a tiny batch to near-zero loss", () => {
    const net = tinyNet(21, 8, 3, 0);
    const x = Tensor.randn([6, 1, 24], { generator: new Generator(22) });
    const target = [0, 1, 2, 0, 1, 2];
    let loss = Number.POSITIVE_INFINITY;
    for (let step = 0; step < 300; step++) loss = scope(() => sgdStep(net, x, target, 1));
    expect(loss).toBeLessThan(0.02);
  });
});
