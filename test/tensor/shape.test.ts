import { describe, expect, it } from "vitest";
import {
  broadcastShapes,
  broadcastStrides,
  checkShape,
  formatShape,
  normalizeAxes,
  normalizeAxis,
  shapesEqual,
  sizeOf,
  stridesOf,
} from "../../src/tensor/shape.js";

describe("shape arithmetic", () => {
  it("sizes, strides and formatting", () => {
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([2, 3, 4])).toBe(24);
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(formatShape([2, 3])).toBe("[2, 3]");
    expect(shapesEqual([2, 3], [2, 3])).toBe(true);
    expect(shapesEqual([2, 3], [3, 2])).toBe(false);
    expect(shapesEqual([2], [2, 1])).toBe(false);
  });
  it("broadcasts as NumPy does and gives zero strides on stretched axes", () => {
    expect(broadcastShapes("op", [2, 1, 4], [3, 1])).toEqual([2, 3, 4]);
    expect(broadcastShapes("op", [], [5])).toEqual([5]);
    expect(Array.from(broadcastStrides([3, 1], [2, 3, 4]))).toEqual([0, 1, 0]);
    expect(Array.from(broadcastStrides([2, 3, 4], [2, 3, 4]))).toEqual([12, 4, 1]);
    expect(() => broadcastShapes("mul", [2, 3], [2])).toThrow(
      "mul: shapes [2, 3] and [2] cannot be broadcast (axis 1: 3 vs 2; sizes must match or one must be 1)",
    );
  });
  it("normalises negative axes and rejects out-of-range and repeated ones", () => {
    expect(normalizeAxis("op", -1, 3)).toBe(2);
    expect(normalizeAxes("op", undefined, 3)).toEqual([0, 1, 2]);
    expect(normalizeAxes("op", [-1, 0], 3)).toEqual([0, 2]);
    expect(() => normalizeAxis("sum", 0, 0)).toThrow("sum: axis 0 is out of range for a tensor of rank 0");
    expect(() => normalizeAxis("sum", 1.5, 3)).toThrow("sum: axis 1.5 is out of range");
    expect(() => normalizeAxes("sum", [0, -3], 3)).toThrow("sum: axes [0, -3] repeat an axis");
  });
  it("checkShape accepts non-negative integer arrays only", () => {
    expect(() => checkShape("zeros", [2, 0])).not.toThrow();
    expect(() => checkShape("zeros", [2.5])).toThrow(
      "zeros: Expected an array of non-negative integers for shape but received array of length 1",
    );
    expect(() => checkShape("zeros", "3" as unknown as number[])).toThrow("zeros: Expected an array");
  });
});
