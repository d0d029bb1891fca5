import { describe, expect, it } from "vitest";
import { embedding, gather } from "../../../src/tensor/ops/embedding.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { expectGradcheck, randomInput } from "../helpers.js";

const table = () =>
  Tensor.from([
    [0, 1],
    [10, 11],
    [20, 21],
  ]);

describe("embedding", () => {
  it("picks rows for indices of any shape", () => {
    expect(embedding(table(), [2, 0]).toArray()).toEqual([
      [20, 21],
      [0, 1],
    ]);
    const y = embedding(table(), Tensor.from([[1, 1, 2]]));
    expect(y.shape).toEqual([1, 3, 2]);
    expect(y.toArray()).toEqual([
      [
        [10, 11],
        [10, 11],
        [20, 21],
      ],
    ]);
  });
  it("repeated indices accumulate their gradients", () => {
    const t = Tensor.zeros([3, 2], { requiresGrad: true });
    embedding(t, Int32Array.from([1, 1, 2, 1]))
      .sum()
      .backward();
    expect(t.grad!.toArray()).toEqual([
      [0, 0],
      [3, 3],
      [1, 1],
    ]);
    expectGradcheck((w) => embedding(w, [0, 2, 2, 1, 2]).tanh(), [randomInput([3, 4], 1)]);
  });
});

describe("gather (index_select)", () => {
  it("selects entries along an inner axis", () => {
    const x = Tensor.arange(12).reshape([2, 3, 2]);
    expect(gather(x, 1, [2, 0]).toArray()).toEqual([
      [
        [4, 5],
        [0, 1],
      ],
      [
        [10, 11],
        [6, 7],
      ],
    ]);
  });
  it("gradients with repeated indices on each axis", () => {
    for (const axis of [0, 1, 2]) {
      expectGradcheck((t) => gather(t, axis, [1, 0, 1]).exp(), [randomInput([2, 3, 2], 2)]);
    }
  });
});

describe("index errors", () => {
  it("names the bad index and the valid range", () => {
    expect(() => embedding(table(), [0, 3])).toThrow(
      "embedding: index 3 at position 1 is not an integer in [0, 3)",
    );
    expect(() => embedding(table(), [0.5])).toThrow(
      "embedding: index 0.5 at position 0 is not an integer in [0, 3)",
    );
    expect(() => embedding(Tensor.zeros([3]), [0])).toThrow(
      "embedding: table must have rank 2 (V, D), not [3]",
    );
    expect(() => gather(table(), 0, Tensor.zeros([1, 1]))).toThrow(
      "gather: indices must be 1-D, not shape [1, 1]",
    );
    expect(() => embedding(table(), "1" as unknown as number[])).toThrow(
      "embedding: indices must be a Tensor, an Int32Array or an array of integers",
    );
  });
});
