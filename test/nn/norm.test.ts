import { describe, expect, it } from "vitest";
import { BatchNorm1d, LayerNorm } from "../../src/nn/norm.js";
import { Tensor } from "../../src/tensor/index.js";
import { checkAgainstTorch } from "./fixtures/torch.js";

describe("BatchNorm1d", () => {
  it("matches PyTorch in training mode: output, gradients and the updated running statistics", () => {
    const bn = new BatchNorm1d(3, { momentum: 0.2, dtype: "float64" });
    checkAgainstTorch("batchNormTrain", bn, (x) => bn.forward(x));
    expect(bn.numBatchesTracked!.data[0]).toBe(1);
  });

  it("matches PyTorch in eval mode (running statistics, unchanged) and on (N, C) input", () => {
    const bn = new BatchNorm1d(3, { dtype: "float64" });
    checkAgainstTorch("batchNormEval", bn, (x) => bn.forward(x));
    expect(bn.numBatchesTracked!.data[0]).toBe(0);
    const flat = new BatchNorm1d(3, { dtype: "float64" });
    checkAgainstTorch("batchNorm2d", flat, (x) => flat.forward(x));
  });

  it("keeps running statistics as buffers, not parameters", () => {
    const bn = new BatchNorm1d(4);
    expect(bn.namedParameters().map(([n]) => n)).toEqual(["weight", "bias"]);
    expect(bn.namedBuffers().map(([n]) => n)).toEqual(["running_mean", "running_var", "num_batches_tracked"]);
  });

  it("uses a cumulative average when momentum is null", () => {
    const bn = new BatchNorm1d(1, { momentum: null, dtype: "float64" });
    bn.forward(Tensor.from([1, 3], [2, 1], { dtype: "float64" }));
    bn.forward(Tensor.from([5, 7], [2, 1], { dtype: "float64" }));
    expect(bn.runningMean!.data[0]).toBeCloseTo(4, 14); // (2 + 6) / 2
  });

  it("migrates version-1 checkpoints (no num_batches_tracked) as PyTorch's BatchNorm does", () => {
    const bn = new BatchNorm1d(2);
    const old = { ...bn.stateDict() };
    delete old.num_batches_tracked;
    expect(() => bn.loadStateDict(old, { versions: { "": 1 } })).not.toThrow();
    expect(() => bn.loadStateDict(old, { versions: { "": 2 } })).toThrow(/missing keys: num_batches_tracked/);
  });

  it("with a fused activation equals batch norm followed by that activation, in value and gradient", () => {
    for (const training of [true, false]) {
      const x = Tensor.randn([4, 3, 7], { dtype: "float64" });
      const fused = new BatchNorm1d(3, { activation: "silu", dtype: "float64" });
      const plain = new BatchNorm1d(3, { dtype: "float64" });
      for (const bn of [fused, plain]) {
        bn.weight!.data.set([0.5, -1.5, 2]);
        bn.bias!.data.set([0.1, 0.2, -0.3]);
        if (!training) bn.eval();
      }
      const xa = x.clone().requiresGrad_();
      const xb = x.clone().requiresGrad_();
      const ya = fused.forward(xa);
      const yb = plain.forward(xb).silu();
      ya.mul(ya).sum().backward();
      yb.mul(yb).sum().backward();
      for (const [a, b] of [
        [ya, yb],
        [xa.grad!, xb.grad!],
        [fused.weight!.grad!, plain.weight!.grad!],
        [fused.bias!.grad!, plain.bias!.grad!],
        [fused.runningVar!, plain.runningVar!],
      ]) {
        const expected = Array.from(b.data);
        for (let i = 0; i < expected.length; i++) expect(a.data[i]).toBeCloseTo(expected[i], 12);
      }
    }
  });

  it("prints PyTorch's repr", () => {
    expect(new BatchNorm1d(4).toString()).toBe(
      "BatchNorm1d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)",
    );
  });
});

describe("LayerNorm", () => {
  it("matches PyTorch's nn.LayerNorm forward and gradients", () => {
    const ln = new LayerNorm(5, { dtype: "float64" });
    checkAgainstTorch("layerNorm", ln, (x) => ln.forward(x));
  });

  it("has no bias when asked and rejects a non-positive size", () => {
    expect(new LayerNorm(3, { bias: false }).namedParameters().map(([n]) => n)).toEqual(["weight"]);
    expect(() => new LayerNorm([3, 0])).toThrow(
      "LayerNorm: Expected an integer >= 1 for normalizedShape[1] but received 0",
    );
  });
});
