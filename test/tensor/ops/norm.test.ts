import { describe, expect, it } from "vitest";
import { setBackend } from "../../../src/tensor/backend.js";
import { referenceKernels } from "../../../src/tensor/kernels/reference.js";
import { memoryInfo } from "../../../src/tensor/memory.js";
import { batchNorm, layerNorm } from "../../../src/tensor/ops/norm.js";
import { scope } from "../../../src/tensor/scope.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { expectClose, expectGradcheck, randomInput, uniformInput } from "../helpers.js";

const f64 = (values: number[], shape?: number[]) => Tensor.from(values, shape, { dtype: "float64" });

describe("batchNorm forward", () => {
  it("training normalises with batch statistics and updates running stats as PyTorch does", () => {
    // one channel, values 1..4: mean 2.5, biased var 1.25, unbiased var 5/3
    const x = f64([1, 2, 3, 4], [2, 1, 2]);
    const runningMean = f64([0]);
    const runningVar = f64([1]);
    const y = batchNorm(x, runningMean, runningVar, null, null, { training: true, momentum: 0.1, eps: 1e-5 });
    const s = 1 / Math.sqrt(1.25 + 1e-5);
    expectClose(y.data, [-1.5 * s, -0.5 * s, 0.5 * s, 1.5 * s], 1e-14);
    expectClose(runningMean.data, [0.25], 1e-14);
    expectClose(runningVar.data, [0.9 + 0.1 * (5 / 3)], 1e-14);
  });

  it("eval uses the running statistics, gamma and beta", () => {
    const x = f64([1, 2, 3, 4], [2, 2]); // (N, C) input
    const y = batchNorm(x, f64([1, 2]), f64([4, 1]), f64([2, 1]), f64([0, 10]), { eps: 0 });
    // channel 0: (x - 1) / 2 * 2; channel 1: (x - 2) / 1 + 10
    expectClose(y.data, [0, 10, 2, 12], 1e-14);
  });
});

describe("batchNorm gradients (finite differences, float64)", () => {
  it("training mode, with gamma and beta, (N, C, L)", () => {
    expectGradcheck(
      (x, g, b) => batchNorm(x, null, null, g, b, { training: true }),
      [randomInput([3, 2, 4], 1), randomInput([2], 2), randomInput([2], 3)],
    );
  });
  it("training mode without affine parameters, (N, C), running stats present", () => {
    const rm = Tensor.zeros([3], { dtype: "float64" });
    const rv = Tensor.ones([3], { dtype: "float64" });
    expectGradcheck(
      (x) => batchNorm(x, rm, rv, null, null, { training: true }).pow(2),
      [randomInput([4, 3], 4)],
    );
  });
  it("eval mode", () => {
    const rm = randomInput([2], 5).detach();
    const rv = uniformInput([2], 6, 0.5, 2).detach();
    expectGradcheck(
      (x, g, b) => batchNorm(x, rm, rv, g, b, { training: false }),
      [randomInput([2, 2, 3], 7), randomInput([2], 8), randomInput([2], 9)],
    );
  });
  it("gamma and beta only (x not requiring grad)", () => {
    const x = Tensor.randn([3, 2, 4], { dtype: "float64" });
    expectGradcheck(
      (g, b) => batchNorm(x, null, null, g, b, { training: true }).exp(),
      [randomInput([2], 10), randomInput([2], 11)],
    );
  });
});

describe("batchNorm with a fused activation", () => {
  for (const activation of ["silu", "relu"] as const) {
    it(`${activation}: gradients in training and eval (fused reference kernels)`, () => {
      expectGradcheck(
        (x, g, b) => batchNorm(x, null, null, g, b, { training: true, activation }),
        [randomInput([3, 2, 4], 12), randomInput([2], 13), randomInput([2], 14)],
      );
      const rm = randomInput([2], 15).detach();
      const rv = uniformInput([2], 16, 0.5, 2).detach();
      expectGradcheck(
        (x, g, b) => batchNorm(x, rm, rv, g, b, { activation }),
        [randomInput([2, 2, 3], 17), randomInput([2], 18), randomInput([2], 19)],
      );
    });
    it(`${activation}: the fused kernels and the composed ops agree (values, gradients, running stats)`, () => {
      const run = () => {
        const x = randomInput([4, 3, 5], 20);
        const g = randomInput([3], 21);
        const b = randomInput([3], 22);
        const rm = Tensor.zeros([3], { dtype: "float64" });
        const rv = Tensor.ones([3], { dtype: "float64" });
        const y = batchNorm(x, rm, rv, g, b, { training: true, activation });
        y.mul(randomInput([4, 3, 5], 23).detach())
          .sum()
          .backward();
        return [y, x.grad!, g.grad!, b.grad!, rm, rv].map((t) => Array.from(t.data));
      };
      const composed = (x: Tensor, ...rest: [Tensor | null, Tensor | null, Tensor | null, Tensor | null]) =>
        activation === "silu"
          ? batchNorm(x, ...rest, { training: true }).silu()
          : batchNorm(x, ...rest, { training: true }).relu();
      const fused = run();
      const x = randomInput([4, 3, 5], 20);
      const g = randomInput([3], 21);
      const b = randomInput([3], 22);
      const rm = Tensor.zeros([3], { dtype: "float64" });
      const rv = Tensor.ones([3], { dtype: "float64" });
      const y = composed(x, rm, rv, g, b);
      y.mul(randomInput([4, 3, 5], 23).detach())
        .sum()
        .backward();
      const unfused = [y, x.grad!, g.grad!, b.grad!, rm, rv].map((t) => Array.from(t.data));
      for (const [i, values] of fused.entries()) expectClose(values, unfused[i], 1e-12);
    });
  }
  it("fused, keeps one tensor fewer alive than the composed ops (no normalised intermediate)", () => {
    const x = randomInput([2, 3, 4], 24);
    const created = (fn: () => Tensor): number =>
      scope(() => {
        const before = memoryInfo().liveTensors;
        fn();
        return memoryInfo().liveTensors - before;
      });
    const fused = created(() => batchNorm(x, null, null, null, null, { training: true, activation: "silu" }));
    const composed = created(() => batchNorm(x, null, null, null, null, { training: true }).silu());
    expect(composed - fused).toBe(1);
  });

  it("composes batch norm and the activation when the backend has no fused kernels", () => {
    const { batchNormAct: _a, batchNormActBackward: _b, ...unfused } = referenceKernels;
    setBackend({ ...unfused, name: "unfused" });
    try {
      const x = Tensor.from([[[1, -2, 3, -4]]], undefined, { requiresGrad: true });
      const y = batchNorm(x, null, null, null, null, { training: true, activation: "relu", eps: 0 });
      const s = 1 / Math.sqrt(7.25); // mean -0.5, biased variance (2.25 + 2.25 + 12.25 + 12.25) / 4
      expectClose(y.data, [1.5 * s, 0, 3.5 * s, 0], 1e-6);
      y.sum().backward();
      expect(x.grad!.size).toBe(4);
    } finally {
      setBackend("reference");
    }
  });
});

describe("layerNorm", () => {
  it("normalises each row over the trailing axes with biased variance", () => {
    const y = layerNorm(f64([1, 2, 3, 4, 2, 2, 2, 2], [2, 4]), 4, null, null, 1e-5);
    const s = 1 / Math.sqrt(1.25 + 1e-5);
    expectClose(y.data, [-1.5 * s, -0.5 * s, 0.5 * s, 1.5 * s, 0, 0, 0, 0], 1e-14);
  });
  it("gradients over one and two trailing axes, with and without gamma/beta", () => {
    expectGradcheck(
      (x, g, b) => layerNorm(x, [4], g, b),
      [randomInput([3, 4], 1), randomInput([4], 2), randomInput([4], 3)],
    );
    expectGradcheck(
      (x, g, b) => layerNorm(x, [2, 3], g, b),
      [randomInput([2, 2, 3], 4), randomInput([2, 3], 5), randomInput([2, 3], 6)],
    );
    expectGradcheck((x) => layerNorm(x, 5).pow(3), [randomInput([2, 5], 7)]);
  });
});

describe("norm argument errors", () => {
  it("names the rule", () => {
    const x = Tensor.zeros([4, 3, 5]);
    expect(() => batchNorm(x, null, null, null, null)).toThrow(
      "batchNorm: eval mode (training: false) needs runningMean and runningVar",
    );
    expect(() => batchNorm(Tensor.zeros([1, 3]), null, null, null, null, { training: true })).toThrow(
      "batchNorm: training needs more than 1 value per channel, got x of shape [1, 3]",
    );
    expect(() => batchNorm(x, null, null, Tensor.ones([4]), null, { training: true })).toThrow(
      "batchNorm: gamma must have shape [3] (the channels of x), not [4]",
    );
    expect(() => batchNorm(Tensor.zeros([4]), null, null, null, null)).toThrow(
      "batchNorm: x must have rank 2 or 3, not shape [4]",
    );
    expect(() =>
      batchNorm(x, null, null, null, null, { training: true, activation: "gelu" as "silu" }),
    ).toThrow('batchNorm: Expected "silu", "relu" or null for activation but received "gelu"');
    expect(() => layerNorm(x, [3])).toThrow(
      "layerNorm: x of shape [4, 3, 5] must end with normalizedShape [3]",
    );
    expect(() => layerNorm(x, 5, Tensor.ones([4]))).toThrow("layerNorm: gamma must have shape [5], not [4]");
  });
});
