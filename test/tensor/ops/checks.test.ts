import { describe, expect, it } from "vitest";
import { ShapeError } from "../../../src/tensor/errors.js";
import {
  checkInt,
  checkNumber,
  checkRank,
  checkSameDtype,
  checkTensor,
} from "../../../src/tensor/ops/checks.js";
import { Tensor } from "../../../src/tensor/tensor.js";

describe("argument checks", () => {
  it("each throws a ShapeError naming the op and the argument", () => {
    expect(() => checkTensor("op", "x", 3)).toThrow(
      new ShapeError("op: Expected a Tensor for x but received 3"),
    );
    expect(() => checkSameDtype("op", Tensor.zeros([1]), Tensor.zeros([1], { dtype: "float64" }))).toThrow(
      "op: dtypes differ (float32 and float64); both operands must have one dtype",
    );
    expect(() => checkRank("op", "x", Tensor.zeros([2]), 2, 3)).toThrow(
      "op: x must have rank 2 or 3, not shape [2]",
    );
    expect(() => checkInt("op", "k", 0, 1)).toThrow("op: Expected an integer >= 1 for k but received 0");
    expect(() => checkInt("op", "k", "2")).toThrow('op: Expected an integer for k but received "2"');
    expect(() => checkNumber("op", "p", Infinity)).toThrow(
      "op: Expected a finite number for p but received Infinity",
    );
    expect(() => checkNumber("op", "p", Infinity, true)).not.toThrow();
  });
});
