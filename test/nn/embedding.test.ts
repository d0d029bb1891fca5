import { describe, expect, it } from "vitest";
import { Embedding } from "../../src/nn/embedding.js";
import { Generator, Tensor } from "../../src/tensor/index.js";
import { checkAgainstTorch } from "./fixtures/torch.js";

describe("Embedding", () => {
  it("matches PyTorch's lookup and table gradient (repeated ids accumulate)", () => {
    const embedding = new Embedding(10, 4, { dtype: "float64" });
    checkAgainstTorch("embedding", embedding, (ids) => embedding.forward(ids), { integerInputs: [0] });
  });

  it("initialises N(0, 1) and keeps the padding row at zero with no gradient", () => {
    const embedding = new Embedding(5, 3, { paddingIdx: -1, generator: new Generator(0), dtype: "float64" });
    expect(embedding.paddingIdx).toBe(4);
    expect([...embedding.weight.data.slice(12)]).toEqual([0, 0, 0]);
    const out = embedding.forward(Tensor.from([4, 1, 4], [3], { dtype: "float64" }));
    expect([...out.data.slice(0, 3)]).toEqual([0, 0, 0]);
    out.sum().backward();
    const grad = embedding.weight.grad!.data;
    expect([...grad.slice(12)]).toEqual([0, 0, 0]);
    expect([...grad.slice(3, 6)]).toEqual([1, 1, 1]);
  });
});
