import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import {
  checkInput,
  checkInt,
  checkPositive,
  checkProbability,
  pyBool,
  pyNumber,
} from "../../src/nn/check.js";
import { ShapeError, Tensor } from "../../src/tensor/index.js";

describe("argument checks", () => {
  it("name the owner, the argument and the rule", () => {
    expect(() => checkInt("Conv1d", "stride", 1.5, 1)).toThrow(
      "Conv1d: Expected an integer >= 1 for stride but received 1.5",
    );
    expect(() => checkPositive("LayerNorm", "eps", 0)).toThrow(ConfigError);
    expect(checkPositive("X", "lr", 0, true)).toBe(0);
    expect(() => checkProbability("Dropout", "p", Number.NaN)).toThrow(
      "Dropout: Expected a probability in [0, 1) for p but received NaN",
    );
  });

  it("checkInput names the expected shape line", () => {
    expect(() => checkInput("Conv1d", Tensor.zeros([2, 3]), [3], "(N, 3, L)")).toThrow(ShapeError);
    expect(() => checkInput("Conv1d", Tensor.zeros([2, 4, 5]), [3], "(N, 3, L)", 1, 3)).toThrow(
      "Conv1d: expected input of shape (N, 3, L) but got [2, 4, 5]",
    );
    expect(() => checkInput("Linear", Tensor.zeros([2, 4]), [2], "(..., 4)", -1, 4)).not.toThrow();
  });

  it("prints booleans and numbers as Python's repr", () => {
    expect(pyBool(true)).toBe("True");
    expect([1e-5, 1e-7, 0.1, 1e20, 0, 3].map(pyNumber)).toEqual(["1e-05", "1e-07", "0.1", "1e+20", "0", "3"]);
  });
});
