import { describe, expect, it } from "vitest";
import { Conv1d } from "../../src/nn/conv.js";
import { countFlops } from "../../src/nn/summary.js";
import { Generator, noGrad, Tensor } from "../../src/tensor/index.js";
import { checkAgainstTorch } from "./fixtures/torch.js";

describe("Conv1d", () => {
  it("matches PyTorch with stride 2, padding 1 and 2 groups (output, input and weight gradients)", () => {
    const conv = new Conv1d(4, 6, 3, { stride: 2, padding: 1, groups: 2, dtype: "float64" });
    checkAgainstTorch("conv1dGroupsStride", conv, (x) => conv.forward(x));
  });

  it("matches PyTorch depthwise with padding 'same', dilation 2 and no bias", () => {
    const conv = new Conv1d(3, 3, 5, {
      padding: "same",
      dilation: 2,
      groups: 3,
      bias: false,
      dtype: "float64",
    });
    checkAgainstTorch("conv1dSameDilated", conv, (x) => conv.forward(x));
  });

  it("matches PyTorch's asymmetric 'same' padding for an even kernel (extra zero on the right)", () => {
    const conv = new Conv1d(2, 3, 4, { padding: "same", dtype: "float64" });
    checkAgainstTorch("conv1dSameEvenKernel", conv, (x) => conv.forward(x));
  });

  it("initialises within 1/sqrt(C_in / groups * K) and counts C_in / groups * K multiply-adds per output", () => {
    const conv = new Conv1d(8, 16, 5, { groups: 2, generator: new Generator(0) });
    const bound = 1 / Math.sqrt(4 * 5);
    for (const t of conv.parameters()) expect(Math.max(...t.data.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(countFlops(conv, [2, 8, 20]).macs).toBe(2 * 16 * 16 * 4 * 5);
  });

  it("applies its activation (the fused kernel without gradients, the op with them) and rejects unknown ones", () => {
    const conv = new Conv1d(2, 3, 3, { padding: 1, activation: "relu", generator: new Generator(1) });
    const plain = new Conv1d(2, 3, 3, { padding: 1, generator: new Generator(1) });
    const x = Tensor.randn([2, 2, 7], { generator: new Generator(2) });
    const want = Array.from(noGrad(() => plain.forward(x)).data, (v) => Math.max(v, 0));
    expect(Array.from(noGrad(() => conv.forward(x)).data)).toEqual(want);
    const y = conv.forward(x);
    expect(y.requiresGrad).toBe(true);
    expect(Array.from(y.data)).toEqual(want);
    expect(conv.toString()).toBe(
      "Conv1d(2, 3, kernel_size=(3,), stride=(1,), padding=(1,), activation=relu)",
    );
    expect(() => new Conv1d(2, 3, 3, { activation: "tanh" as never })).toThrow(
      'Conv1d: Expected "silu", "relu", "sigmoid" or null for activation but received "tanh"',
    );
  });

  it("convolves x * inputScale when given a gate (N, C_in, 1)", () => {
    const conv = new Conv1d(3, 2, 1, { generator: new Generator(4) });
    const x = Tensor.randn([2, 3, 6], { generator: new Generator(5) });
    const gate = Tensor.rand([2, 3, 1], { generator: new Generator(6) });
    const want = Array.from(conv.forward(x.mul(gate)).data);
    const got = Array.from(conv.forward(x, gate).data);
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 6);
  });

  it("prints PyTorch's repr", () => {
    expect(new Conv1d(4, 6, 3, { stride: 2, padding: 1, groups: 2, bias: false }).toString()).toBe(
      "Conv1d(4, 6, kernel_size=(3,), stride=(2,), padding=(1,), groups=2, bias=False)",
    );
  });
});
