import { describe, expect, it } from "vitest";
import { flattenSos } from "../../src/dsp/sos.js";

describe("flattenSos", () => {
  it("flattens rows in order into one Float64Array", () => {
    const flat = flattenSos([[1, 2, 3, 1, 4, 5], Float64Array.of(6, 7, 8, 1, 9, 10)]);
    expect(flat).toBeInstanceOf(Float64Array);
    expect(Array.from(flat)).toEqual([1, 2, 3, 1, 4, 5, 6, 7, 8, 1, 9, 10]);
  });

  it("names the bad row or coefficient", () => {
    expect(() => flattenSos("x" as unknown as number[][])).toThrow(
      "Expected a non-empty array of [b0, b1, b2, a0, a1, a2] rows for sos",
    );
    expect(() =>
      flattenSos([
        [1, 0, 0, 1, 0, 0],
        [1, 0],
      ]),
    ).toThrow("Expected 6 coefficients [b0, b1, b2, a0, a1, a2] for sos[1]");
    expect(() => flattenSos([[1, 0, Number.POSITIVE_INFINITY, 1, 0, 0]])).toThrow("sos[0][2] is Infinity");
    expect(() => flattenSos([[1, 0, 0, 0, 0, 0]])).toThrow("sos[0][3] (a0) is 0 but must be 1");
  });
});
