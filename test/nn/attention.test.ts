import { describe, expect, it } from "vitest";
import { MultiheadAttention } from "../../src/nn/attention.js";
import { Generator, Tensor } from "../../src/tensor/index.js";
import { checkAgainstTorch } from "./fixtures/torch.js";

describe("MultiheadAttention", () => {
  it("matches PyTorch's self-attention: output, head-averaged weights and every gradient", () => {
    const attention = new MultiheadAttention(8, 2, { batchFirst: true, dtype: "float64" });
    checkAgainstTorch("selfAttention", attention, (x) => attention.forward(x, x, x));
  });

  it("matches PyTorch's cross-attention with a key padding mask and per-head weights", () => {
    const attention = new MultiheadAttention(8, 4, { batchFirst: true, dtype: "float64" });
    checkAgainstTorch(
      "crossAttentionMasked",
      attention,
      (q, k, v, mask) => attention.forward(q, k, v, { keyPaddingMask: mask, averageAttnWeights: false }),
      { integerInputs: [3] },
    );
  });

  it("names its parameters as PyTorch (in_proj_weight, in_proj_bias, out_proj.weight, out_proj.bias)", () => {
    const attention = new MultiheadAttention(8, 2);
    expect(attention.namedParameters().map(([n, t]) => `${n} [${t.shape}]`)).toEqual([
      "in_proj_weight [24,8]",
      "in_proj_bias [24]",
      "out_proj.weight [8,8]",
      "out_proj.bias [8]",
    ]);
    expect([...attention.inProjBias!.data].every((v) => v === 0)).toBe(true);
    expect([...attention.outProj.bias!.data].every((v) => v === 0)).toBe(true);
  });

  it("gives the same result sequence-first as batch-first on transposed inputs", () => {
    const a = new MultiheadAttention(4, 2, {
      batchFirst: true,
      generator: new Generator(1),
      dtype: "float64",
    });
    const b = new MultiheadAttention(4, 2, { generator: new Generator(1), dtype: "float64" });
    const q = Tensor.randn([2, 3, 4], { dtype: "float64", generator: new Generator(2) });
    const kv = Tensor.randn([2, 5, 4], { dtype: "float64", generator: new Generator(3) });
    const [batchFirst] = a.forward(q, kv, kv);
    const [sequenceFirst, weights] = b.forward(q.transpose(0, 1), kv.transpose(0, 1), kv.transpose(0, 1));
    expect([...sequenceFirst.transpose(0, 1).data]).toEqual(
      [...batchFirst.data].map((v) => expect.closeTo(v, 13)),
    );
    expect(weights!.shape).toEqual([2, 3, 5]);
  });

  it("returns no weights when needWeights is false, and eval mode switches attention dropout off", () => {
    const attention = new MultiheadAttention(4, 1, {
      dropout: 0.5,
      batchFirst: true,
      generator: new Generator(0),
    });
    const x = Tensor.randn([1, 3, 4], { generator: new Generator(4) });
    attention.eval();
    const [first, none] = attention.forward(x, x, x, { needWeights: false });
    const [second] = attention.forward(x, x, x);
    expect(none).toBeNull();
    expect(second.data).toEqual(first.data);
  });
});
