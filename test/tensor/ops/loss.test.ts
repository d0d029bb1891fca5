import { describe, expect, it } from "vitest";
import { bceWithLogits, crossEntropy, mse } from "../../../src/tensor/ops/loss.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { expectClose, expectGradcheck, randomInput, uniformInput } from "../helpers.js";

const f64 = (values: number[] | number[][]) => Tensor.from(values, undefined, { dtype: "float64" });

// Reference values: numpy implementation of PyTorch's cross_entropy reference formula (its test suite's
// cross_entropy_loss_indices_target_reference: weighted NLL + label_smoothing / C * weighted smooth loss, the
// mean divided by the summed target weights; probability targets: the mean divided by N), run on
// x = [[1,2,.5],[.1,-1,3],[2,2,-2],[0,.3,.2]], y = [1,2,0,2], w = [.5,2,1].
const logits = () =>
  f64([
    [1, 2, 0.5],
    [0.1, -1, 3],
    [2, 2, -2],
    [0, 0.3, 0.2],
  ]);
const targets = [1, 2, 0, 2];
const weight = () => f64([0.5, 2, 1]);

describe("crossEntropy forward (values from PyTorch's reference formula)", () => {
  it("plain mean", () => expectClose(crossEntropy(logits(), targets).data, [0.5775813094082975], 1e-14));
  it("class weights", () => {
    expectClose(crossEntropy(logits(), targets, { weight: weight() }).data, [0.5385694135603527], 1e-14);
  });
  it("class weights with label smoothing 0.1", () => {
    const loss = crossEntropy(logits(), targets, { weight: weight(), labelSmoothing: 0.1 });
    expectClose(loss.data, [0.6583134968836964], 1e-14);
  });
  it("sum with label smoothing 0.2", () => {
    const loss = crossEntropy(logits(), Int32Array.from(targets), { labelSmoothing: 0.2, reduction: "sum" });
    expectClose(loss.data, [3.2103252376331906], 1e-14);
  });
  it("per-sample losses with reduction none", () => {
    const loss = crossEntropy(logits(), f64(targets), {
      weight: weight(),
      labelSmoothing: 0.1,
      reduction: "none",
    });
    expect(loss.shape).toEqual([4]);
    expectClose(
      loss.data,
      [0.9567068362068945, 0.3869537892764995, 0.5312825488154873, 1.0874675616777527],
      1e-14,
    );
  });
  it("ignored samples count neither in the loss nor in the mean", () => {
    const loss = crossEntropy(logits(), [1, -100, 0, 2], { weight: weight(), labelSmoothing: 0.1 });
    expectClose(loss.data, [0.7358448419143241], 1e-14);
  });
  it("probability targets with weights and smoothing", () => {
    const probabilities = f64([
      [0.2, 0.8, 0],
      [0, 0, 1],
      [0.5, 0.5, 0],
      [1 / 3, 1 / 3, 1 / 3],
    ]);
    const loss = crossEntropy(logits(), probabilities, { weight: weight(), labelSmoothing: 0.1 });
    expectClose(loss.data, [0.8829991858019318], 1e-14);
  });
});

describe("crossEntropy gradients (finite differences, float64)", () => {
  it("with and without weights and smoothing, every reduction", () => {
    for (const options of [
      {},
      { weight: weight() },
      { labelSmoothing: 0.15 },
      { weight: weight(), labelSmoothing: 0.1, reduction: "sum" as const },
      { weight: weight(), reduction: "none" as const },
    ]) {
      expectGradcheck((x) => crossEntropy(x, targets, options), [randomInput([4, 3], 1)]);
    }
  });
  it("probability targets (gradient to both logits and targets)", () => {
    expectGradcheck(
      (x, t) => crossEntropy(x, t, { weight: f64([1, 2, 0.5, 1]), labelSmoothing: 0.1 }),
      [randomInput([3, 4], 2), uniformInput([3, 4], 3, 0, 1)],
    );
  });
});

describe("bceWithLogits", () => {
  const x = () =>
    f64([
      [0.5, -2, 3],
      [0, 1, -0.5],
    ]);
  const t = () =>
    f64([
      [1, 0, 1],
      [0.5, 1, 0],
    ]);
  it("matches -(pw t log s + (1 - t) log(1 - s)) and stays finite for large logits", () => {
    // numpy: mean of the stable form on these values with posWeight [2, 1, 0.5]; equals the naive formula
    const loss = bceWithLogits(x(), t(), { posWeight: f64([2, 1, 0.5]) });
    expectClose(loss.data, [0.4877391829547175], 1e-14);
    const big = bceWithLogits(f64([1000, -1000]), f64([0, 1]), { reduction: "none" });
    expect(Array.from(big.data)).toEqual([1000, 1000]);
  });
  it("gradients to logits and targets with weight and posWeight, every reduction", () => {
    for (const reduction of ["mean", "sum", "none"] as const) {
      expectGradcheck(
        (a, b) => bceWithLogits(a, b, { weight: f64([[1], [2]]), posWeight: f64([2, 1, 0.5]), reduction }),
        [randomInput([2, 3], 4), uniformInput([2, 3], 5, 0, 1)],
      );
    }
  });
  it("the gradient at logit 0 is sigmoid(0) - t", () => {
    const logit = Tensor.from([0], undefined, { dtype: "float64", requiresGrad: true });
    bceWithLogits(logit, f64([1])).backward();
    expect(logit.grad!.data[0]).toBe(-0.5);
  });
});

describe("mse", () => {
  it("averages, sums or keeps squared differences", () => {
    const p = f64([1, 2, 3]);
    const q = f64([1, 0, 0]);
    expect(mse(p, q).item()).toBeCloseTo(13 / 3, 14);
    expect(mse(p, q, { reduction: "sum" }).item()).toBe(13);
    expect(Array.from(mse(p, q, { reduction: "none" }).data)).toEqual([0, 4, 9]);
  });
  it("gradient", () =>
    expectGradcheck((p, q) => mse(p, q), [randomInput([2, 3], 6), randomInput([2, 3], 7)]));
});

describe("loss argument errors", () => {
  it("names the rule", () => {
    expect(() => crossEntropy(logits(), [1, 2, 3, 0])).toThrow(
      "crossEntropy: target[2] = 3 is not a class index in [0, 3)",
    );
    expect(() => crossEntropy(logits(), [1, 2])).toThrow(
      "crossEntropy: 2 targets for 4 samples; need one class index per sample",
    );
    expect(() => crossEntropy(f64([1, 2]), [0])).toThrow(
      "crossEntropy: logits must have shape (N, C), not [2]",
    );
    expect(() => crossEntropy(logits(), targets, { weight: f64([1, 2]) })).toThrow(
      "crossEntropy: weight must have shape [3] (one per class), not [2]",
    );
    expect(() => crossEntropy(logits(), targets, { labelSmoothing: 2 })).toThrow(
      "crossEntropy: Expected a number in [0, 1] for labelSmoothing but received 2",
    );
    expect(() => crossEntropy(logits(), targets, { reduction: "avg" as "mean" })).toThrow(
      'crossEntropy: Expected "mean", "sum" or "none" for reduction but received "avg"',
    );
    expect(() => bceWithLogits(f64([1, 2]), f64([1]))).toThrow(
      "bceWithLogits: target shape [1] must equal the logits' shape [2]",
    );
    expect(() => bceWithLogits(f64([1, 2]), f64([1, 0]), { posWeight: f64([1, 2, 3]) })).toThrow(
      "bceWithLogits: posWeight of shape [3] must broadcast to the logits' shape [2]",
    );
    expect(() => mse(f64([1, 2]), f64([[1, 2]]))).toThrow(
      "mse: target shape [1, 2] must equal the prediction's shape [2]",
    );
  });
});
