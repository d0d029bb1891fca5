import { describe, expect, it } from "vitest";
import { linear, matmul } from "../../../src/tensor/ops/matmul.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { expectGradcheck, randomInput } from "../helpers.js";

describe("matmul forward", () => {
  it("multiplies 2-D matrices", () => {
    const a = Tensor.from([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = Tensor.from([
      [7, 8],
      [9, 10],
      [11, 12],
    ]);
    expect(matmul(a, b).toArray()).toEqual([
      [58, 64],
      [139, 154],
    ]);
  });
  it("treats 1-D operands as vectors and drops their axis", () => {
    const m = Tensor.from([
      [1, 2],
      [3, 4],
    ]);
    const v = Tensor.from([1, 1]);
    expect(matmul(m, v).toArray()).toEqual([3, 7]);
    expect(matmul(v, m).toArray()).toEqual([4, 6]);
    expect(matmul(v, v).shape).toEqual([]);
    expect(matmul(v, v).item()).toBe(2);
  });
  it("broadcasts batch axes: (2,1,2,3) @ (4,3,2) -> (2,4,2,2)", () => {
    const a = Tensor.arange(12).reshape([2, 1, 2, 3]);
    const b = Tensor.arange(24).reshape([4, 3, 2]);
    const y = matmul(a, b);
    expect(y.shape).toEqual([2, 4, 2, 2]);
    // y[1, 2] = a[1, 0] @ b[2]
    const a1 = [
      [6, 7, 8],
      [9, 10, 11],
    ];
    const b2 = [
      [12, 13],
      [14, 15],
      [16, 17],
    ];
    const want = a1.map((row) => [0, 1].map((j) => row.reduce((s, v, p) => s + v * b2[p][j], 0)));
    expect(y.slice(0, 1, 2).slice(1, 2, 3).reshape([2, 2]).toArray()).toEqual(want);
  });
});

describe("linear forward", () => {
  it("computes x @ w^T + b over leading axes", () => {
    const x = Tensor.from([[[1, 2]], [[3, 4]]]); // (2, 1, 2)
    const w = Tensor.from([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    const b = Tensor.from([0.5, -0.5, 0]);
    expect(linear(x, w, b).toArray()).toEqual([[[1.5, 1.5, 3]], [[3.5, 3.5, 7]]]);
    expect(linear(x, w).toArray()).toEqual([[[1, 2, 3]], [[3, 4, 7]]]);
  });
});

describe("matmul and linear gradients (finite differences, float64)", () => {
  it("2-D and vector cases", () => {
    expectGradcheck(matmul, [randomInput([3, 4], 1), randomInput([4, 2], 2)]);
    expectGradcheck(matmul, [randomInput([4], 3), randomInput([4, 2], 4)]);
    expectGradcheck(matmul, [randomInput([3, 4], 5), randomInput([4], 6)]);
  });
  it("batched with equal batches, a stacked batch against a 2-D b, and a 2-D a against a batch", () => {
    expectGradcheck(matmul, [randomInput([2, 3, 4], 7), randomInput([2, 4, 5], 8)]);
    expectGradcheck(matmul, [randomInput([2, 3, 4], 9), randomInput([4, 5], 10)]);
    expectGradcheck(matmul, [randomInput([3, 4], 11), randomInput([2, 4, 5], 12)]);
  });
  it("partly broadcast batch axes (2,1,2,3) @ (4,3,2)", () => {
    expectGradcheck(matmul, [randomInput([2, 1, 2, 3], 13), randomInput([4, 3, 2], 14)]);
  });
  it("the same tensor on both sides", () => {
    expectGradcheck((t) => matmul(t, t), [randomInput([3, 3], 15)]);
  });
  it("linear with and without bias, on 3-D input", () => {
    expectGradcheck(linear, [randomInput([2, 3, 4], 16), randomInput([5, 4], 17), randomInput([5], 18)]);
    expectGradcheck((x, w) => linear(x, w), [randomInput([3, 4], 19), randomInput([2, 4], 20)]);
  });
});

describe("matmul and linear argument errors", () => {
  it("name the mismatching axes", () => {
    expect(() => matmul(Tensor.zeros([2, 3]), Tensor.zeros([4, 2]))).toThrow(
      "matmul: a's last axis (3) must equal b's second-to-last axis (4); shapes [2, 3] and [4, 2]",
    );
    expect(() => matmul(Tensor.zeros([2, 2, 3]), Tensor.zeros([3, 3, 2]))).toThrow(
      "matmul: shapes [2] and [3] cannot be broadcast",
    );
    expect(() => matmul(Tensor.zeros([]), Tensor.zeros([2]))).toThrow(
      "matmul: operands need at least 1 axis",
    );
    expect(() => linear(Tensor.zeros([2, 3]), Tensor.zeros([4, 2]))).toThrow(
      "linear: x's last axis must equal weight's in_features (2); got x [2, 3], weight [4, 2]",
    );
    expect(() => linear(Tensor.zeros([2, 3]), Tensor.zeros([4, 3]), Tensor.zeros([3]))).toThrow(
      "linear: bias must have shape [4], not [3]",
    );
    expect(() => linear(Tensor.zeros([2, 3]), Tensor.zeros([3]))).toThrow(
      "linear: weight must have rank 2, not shape [3]",
    );
  });
});
