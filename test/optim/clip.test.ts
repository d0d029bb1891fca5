import { describe, expect, it } from "vitest";
import { clipGradNorm } from "../../src/optim/clip.js";
import { OptimizerError } from "../../src/optim/optimizer.js";
import { param, setGrad, torchOptim } from "./fixtures/params.js";

function twoParams(grads: number[]) {
  const a = param([0, 0, 0]);
  const b = param([0, 0]);
  setGrad(a, grads.slice(0, 3));
  setGrad(b, grads.slice(3));
  return [a, b];
}

describe("clipGradNorm", () => {
  for (const [key, normType] of [
    ["2.0", 2],
    ["1.0", 1],
    ["inf", Number.POSITIVE_INFINITY],
  ] as const) {
    it(`returns the global ${key}-norm and scales gradients as PyTorch's clip_grad_norm_`, () => {
      const { maxNorm, grads, results } = torchOptim.clip;
      const params = twoParams(grads);
      const norm = clipGradNorm(params, maxNorm, { normType });
      expect(norm).toBeCloseTo(results[key].norm, 14);
      const clipped = params.flatMap((p) => [...p.grad!.data]);
      expect(clipped).toEqual(results[key].grads.map((v) => expect.closeTo(v, 14)));
    });
  }

  it("leaves gradients below the limit untouched and skips parameters without gradients", () => {
    const [a, b] = twoParams([0.3, 0, 0, 0, 0.4]);
    const norm = clipGradNorm([a, b, param([1])], 1);
    expect(norm).toBeCloseTo(0.5, 15);
    expect([...a.grad!.data, ...b.grad!.data]).toEqual([0.3, 0, 0, 0, 0.4]);
  });

  it("throws for a non-finite norm when asked, and for a negative maxNorm", () => {
    const params = twoParams([Number.NaN, 0, 0, 0, 0]);
    expect(clipGradNorm(params, 1)).toBeNaN();
    expect(() => clipGradNorm(params, 1, { errorIfNonfinite: true })).toThrow(
      "the total gradient norm is NaN; gradients contain NaN or infinite values",
    );
    expect(() => clipGradNorm(params, -1)).toThrow(OptimizerError);
  });
});
