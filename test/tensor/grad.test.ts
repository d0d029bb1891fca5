import { describe, expect, it } from "vitest";
import { addGrad, gradBuffer, prepareGrad } from "../../src/tensor/grad.js";
import { attach } from "../../src/tensor/tape.js";
import { Tensor } from "../../src/tensor/tensor.js";

/** Returns a non-leaf tensor (an op output) for the helpers to write gradients into. */
function internal(): Tensor {
  const out = Tensor.zeros([2]);
  return attach(out, "test", [Tensor.zeros([2], { requiresGrad: true })], () => {});
}

describe("prepareGrad and gradBuffer", () => {
  it("creates a gradient the kernels may overwrite, then asks them to accumulate", () => {
    const t = Tensor.zeros([3], { requiresGrad: true });
    expect(prepareGrad(t)).toBe(false);
    t.grad!.data.fill(1);
    expect(prepareGrad(t)).toBe(true);
    expect(Array.from(t.grad!.data)).toEqual([1, 1, 1]);
  });
  it("zero-fills a fresh gradient on request (for kernels that always add)", () => {
    const t = Tensor.zeros([2], { requiresGrad: true });
    const { buf, accumulate } = gradBuffer(t, true);
    expect(accumulate).toBe(true);
    expect(Array.from(buf)).toEqual([0, 0]);
  });
});

describe("addGrad", () => {
  it("copies into a leaf's gradient (never shares) and scales by alpha", () => {
    const leaf = Tensor.zeros([2], { requiresGrad: true });
    const g = Tensor.from([1, 2]);
    addGrad(leaf, g, -2);
    g.data[0] = 100;
    expect(Array.from(leaf.grad!.data)).toEqual([-2, -4]);
  });
  it("shares an internal tensor's first gradient, and copies on the next write", () => {
    const t = internal();
    const g = Tensor.from([1, 2]);
    addGrad(t, g);
    expect(t.grad!.data).toBe(g.data);
    addGrad(t, Tensor.from([10, 10]));
    expect(t.grad!.data).not.toBe(g.data);
    expect(Array.from(t.grad!.data)).toEqual([11, 12]);
    expect(Array.from(g.data)).toEqual([1, 2]);
  });
  it("copies before a kernel writes into a shared gradient", () => {
    const t = internal();
    const g = Tensor.from([1, 2]);
    addGrad(t, g);
    expect(prepareGrad(t)).toBe(true);
    t.grad!.data[0] = 50;
    expect(g.data[0]).toBe(1);
  });
});
