import { describe, expect, it } from "vitest";
import { dtypeOf, flatArgs, flattenNested, generatorOf, nestedShape } from "../../src/tensor/arguments.js";
import { defaultGenerator, Generator } from "../../src/tensor/random.js";

describe("factory arguments", () => {
  it("dtypeOf defaults, passes through and rejects unknown dtypes", () => {
    expect(dtypeOf("op", undefined)).toBe("float32");
    expect(dtypeOf("op", {}, "float64")).toBe("float64");
    expect(dtypeOf("op", { dtype: "float64" })).toBe("float64");
    expect(() => dtypeOf("op", { dtype: "int8" as "float32" })).toThrow(
      'op: Expected "float32" or "float64" for dtype but received "int8"',
    );
  });
  it("generatorOf defaults to the process-wide generator", () => {
    const g = new Generator(1);
    expect(generatorOf("op", { generator: g })).toBe(g);
    expect(generatorOf("op", undefined)).toBe(defaultGenerator());
  });
  it("flatArgs accepts spread numbers or one array", () => {
    expect(flatArgs([2, 3])).toEqual([2, 3]);
    expect(flatArgs([[2, 3]])).toEqual([2, 3]);
  });
  it("nestedShape and flattenNested read nested arrays row-major and reject ragged ones", () => {
    const data = [
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ];
    expect(nestedShape(data)).toEqual([2, 2, 2]);
    expect(flattenNested(data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(nestedShape(5)).toEqual([]);
    expect(() => flattenNested([[1], 2])).toThrow(
      "Tensor.from: ragged nested arrays (axis 1 should have length 1)",
    );
    expect(() => flattenNested([["a"]] as unknown as number[][])).toThrow(
      'Tensor.from: Expected a number for element but received "a"',
    );
  });
});
