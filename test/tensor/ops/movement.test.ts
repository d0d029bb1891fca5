import { describe, expect, it } from "vitest";
import {
  clone,
  concat,
  expand,
  flatten,
  permute,
  reshape,
  slice,
  squeeze,
  stack,
  transpose,
  unsqueeze,
} from "../../../src/tensor/ops/movement.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { expectGradcheck, randomInput } from "../helpers.js";

const range = (...shape: number[]): Tensor => Tensor.arange(shape.reduce((a, b) => a * b, 1)).reshape(shape);

describe("views that share memory", () => {
  it("reshape infers -1 and shares the storage", () => {
    const x = range(2, 3);
    const y = reshape(x, [3, -1]);
    expect(y.shape).toEqual([3, 2]);
    x.data[0] = 42;
    expect(y.data[0]).toBe(42);
  });
  it("flatten, squeeze and unsqueeze only change the shape", () => {
    const x = range(2, 1, 3, 1);
    expect(flatten(x).shape).toEqual([6]);
    expect(flatten(x, 1).shape).toEqual([2, 3]);
    expect(flatten(x, 1, 2).shape).toEqual([2, 3, 1]);
    expect(squeeze(x).shape).toEqual([2, 3]);
    expect(squeeze(x, -1).shape).toEqual([2, 1, 3]);
    expect(unsqueeze(x, 0).shape).toEqual([1, 2, 1, 3, 1]);
    expect(unsqueeze(x, -1).shape).toEqual([2, 1, 3, 1, 1]);
  });
});

describe("copies", () => {
  it("transpose and permute reorder the elements", () => {
    expect(transpose(range(2, 3), 0, 1).toArray()).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    const p = permute(range(2, 3, 4), [2, 0, 1]);
    expect(p.shape).toEqual([4, 2, 3]);
    // p[k, i, j] = x[i, j, k] = 12 i + 4 j + k
    expect(p.toArray()).toEqual(
      Array.from({ length: 4 }, (_, k) =>
        Array.from({ length: 2 }, (_, i) => [0, 1, 2].map((j) => 12 * i + 4 * j + k)),
      ),
    );
  });
  it("slice follows Python's rules for negative and out-of-range positions", () => {
    const x = range(2, 5);
    expect(slice(x, 1, 1, 3).toArray()).toEqual([
      [1, 2],
      [6, 7],
    ]);
    expect(slice(x, -1, -2).toArray()).toEqual([
      [3, 4],
      [8, 9],
    ]);
    expect(slice(x, 1, 3, 100).shape).toEqual([2, 2]);
    expect(slice(x, 1, 4, 2).shape).toEqual([2, 0]);
    expect(slice(x, 0, 1).toArray()).toEqual([[5, 6, 7, 8, 9]]);
  });
  it("expand repeats size-1 axes and adds leading ones", () => {
    expect(expand(Tensor.from([[1], [2]]), [2, 3]).toArray()).toEqual([
      [1, 1, 1],
      [2, 2, 2],
    ]);
    expect(expand(Tensor.from([1, 2]), [2, -1]).toArray()).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });
  it("concat joins along any axis and stack adds a new one", () => {
    const a = range(2, 2);
    const b = range(2, 1).add(10);
    expect(concat([a, b], 1).toArray()).toEqual([
      [0, 1, 10],
      [2, 3, 11],
    ]);
    expect(concat([a, a], 0).shape).toEqual([4, 2]);
    expect(stack([a, a.add(4)], 0).shape).toEqual([2, 2, 2]);
    expect(stack([a, a.add(4)], -1).toArray()).toEqual([
      [
        [0, 4],
        [1, 5],
      ],
      [
        [2, 6],
        [3, 7],
      ],
    ]);
  });
  it("clone copies the memory", () => {
    const x = range(3);
    const y = clone(x);
    x.data[0] = 7;
    expect(y.data[0]).toBe(0);
  });
});

describe("movement gradients (finite differences, float64)", () => {
  const x = randomInput([2, 3, 4], 1);
  const weights = randomInput([64], 2); // makes each output position's gradient distinct
  const mix = (y: Tensor): Tensor =>
    y
      .reshape([-1])
      .mul(weights.slice(0, 0, y.size))
      .sum();
  it("reshape, flatten, squeeze, unsqueeze", () => {
    expectGradcheck((t) => mix(reshape(t, [4, 6]).exp()), [x]);
    expectGradcheck((t) => mix(unsqueeze(flatten(t, 1), 1).tanh()), [x]);
    expectGradcheck((t) => mix(squeeze(reshape(t, [2, 1, 12]), 1).sigmoid()), [x]);
  });
  it("transpose and permute", () => {
    expectGradcheck((t) => mix(transpose(t, 0, 2)), [x]);
    expectGradcheck((t) => mix(permute(t, [1, 2, 0])), [x]);
  });
  it("slice on each axis, including an empty slice", () => {
    for (const axis of [0, 1, 2])
      expectGradcheck((t) => mix(slice(t, axis, 1, 3).mul(t.slice(axis, 0, 2))), [x]);
    expectGradcheck((t) => slice(t, 2, 2, 2).sum().add(t.sum()), [x]);
  });
  it("expand sums the gradient over the repeated axes", () => {
    expectGradcheck((t) => mix(expand(t, [2, 2, 3, 2])), [randomInput([2, 3, 1], 3)]);
  });
  it("concat and stack, with one input not requiring grad", () => {
    const c = Tensor.from([[[5, 6, 7, 8]]], undefined, { dtype: "float64" });
    expectGradcheck((t, u) => mix(concat([t, c.expand([2, 1, 4]), u], 1)), [x, randomInput([2, 2, 4], 4)]);
    expectGradcheck((t, u) => mix(stack([t, u], 1)), [randomInput([3, 4], 5), randomInput([3, 4], 6)]);
  });
  it("clone", () => expectGradcheck((t) => mix(clone(t).mul(t)), [x]));
});

describe("movement argument errors", () => {
  it("name the op and the rule", () => {
    expect(() => reshape(range(2, 3), [4, -1])).toThrow(
      "reshape: cannot view shape [2, 3] (6 elements) as [4, -1]",
    );
    expect(() => reshape(range(2, 3), [-1, -1])).toThrow(
      "reshape: shape [-1, -1] must hold non-negative integers and at most one -1",
    );
    expect(() => squeeze(range(2, 3), 0)).toThrow("squeeze: axis 0 has size 2, not 1, in shape [2, 3]");
    expect(() => permute(range(2, 3), [0, 0])).toThrow(
      "permute: axes [0, 0] must list each of the 2 axes exactly once",
    );
    expect(() => expand(range(2, 3), [3, 3])).toThrow("expand: shape [2, 3] cannot be expanded to [3, 3]");
    expect(() => concat([range(2, 3), range(3, 3)], 1)).toThrow(
      "concat: tensors[1] has shape [3, 3] but tensors[0] has [2, 3]; shapes must match except on axis 1",
    );
    expect(() => stack([])).toThrow("stack: needs a non-empty array of tensors");
    expect(() => slice(range(4), 0, 1.5)).toThrow("slice: Expected an integer for start but received 1.5");
    expect(() => flatten(range(2, 3, 4), 2, 1)).toThrow(
      "flatten: startDim (2) must not come after endDim (1)",
    );
  });
});
