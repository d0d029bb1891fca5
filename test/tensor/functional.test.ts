import { describe, expect, it } from "vitest";
import { describe as describeValue, EfficientEcgError } from "../../src/errors.js";
import * as F from "../../src/tensor/functional.js";
import { Tensor } from "../../src/tensor/tensor.js";

describe("functional namespace", () => {
  it("gathers every op of the engine plan under one name each", () => {
    const expected = [
      "abs",
      "add",
      "argmax",
      "avgPool1d",
      "batchNorm",
      "bceWithLogits",
      "clamp",
      "clone",
      "concat",
      "conv1d",
      "crossEntropy",
      "depthwiseNormAct",
      "div",
      "dropConnect",
      "dropout",
      "embedding",
      "exp",
      "expand",
      "flatten",
      "gather",
      "gelu",
      "globalAvgPool1d",
      "layerNorm",
      "linear",
      "log",
      "logSoftmax",
      "lstmLayer",
      "maskedFill",
      "matmul",
      "max",
      "maxPool1d",
      "maximum",
      "mbconv",
      "mean",
      "minimum",
      "mse",
      "mul",
      "neg",
      "permute",
      "pow",
      "relu",
      "reshape",
      "sigmoid",
      "silu",
      "slice",
      "softmax",
      "sqrt",
      "squeeze",
      "stack",
      "sub",
      "sum",
      "tanh",
      "transpose",
      "unsqueeze",
      "variance",
    ];
    expect(Object.keys(F).sort()).toEqual(expected.sort());
    for (const name of expected) expect(typeof (F as Record<string, unknown>)[name]).toBe("function");
  });
});

describe("bad arguments", () => {
  it("every op answers garbage with a typed error (never a TypeError or a crash)", () => {
    const garbage: unknown[] = [
      undefined,
      null,
      0,
      -1,
      1.5,
      Number.NaN,
      "x",
      {},
      [],
      [1, 2],
      Tensor.zeros([0]),
      Tensor.zeros([3]),
      Tensor.zeros([2, 3]),
      Tensor.zeros([1, 2, 3], { dtype: "float64" }),
    ];
    const ops = Object.entries(F) as [string, (...args: unknown[]) => unknown][];
    let calls = 0;
    const failures = new Map<string, string>();
    for (const [name, op] of ops) {
      for (const a of garbage) {
        for (const b of garbage) {
          for (const c of [undefined, 1, "same", Tensor.zeros([3])]) {
            calls++;
            try {
              op(a, b, c);
            } catch (error) {
              if (!(error instanceof EfficientEcgError) && !failures.has(name)) {
                failures.set(
                  name,
                  `(${describeValue(a)}, ${describeValue(b)}, ${describeValue(c)}) threw ${String(error)}`,
                );
              }
            }
          }
        }
      }
    }
    expect(Object.fromEntries(failures)).toEqual({});
    expect(calls).toBe(ops.length * garbage.length * garbage.length * 4);
  });
});
