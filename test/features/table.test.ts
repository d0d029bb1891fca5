import { describe, expect, it } from "vitest";
import { FeatureError, featureColumn, joinFeatures } from "../../src/features/index.js";

describe("featureColumn", () => {
  const table = { names: ["a", "b"], beats: 2, values: Float32Array.from([1, 2, 3, 4]) };

  it("returns one column of a row-major feature table", () => {
    expect(Array.from(featureColumn(table, "b"))).toEqual([2, 4]);
  });

  it("throws a FeatureError listing the columns for an unknown name", () => {
    expect(() => featureColumn(table, "c")).toThrow(FeatureError);
    expect(() => featureColumn(table, "c")).toThrow('no feature "c"; the table has a, b');
  });
});

describe("joinFeatures", () => {
  it("puts the columns of tables with the same beats side by side", () => {
    const a = { names: ["a"], beats: 2, values: Float32Array.from([1, 2]) };
    const b = { names: ["b", "c"], beats: 2, values: Float32Array.from([10, 11, 20, 21]) };
    const joined = joinFeatures(a, b);
    expect(joined.names).toEqual(["a", "b", "c"]);
    expect(Array.from(joined.values)).toEqual([1, 10, 11, 2, 20, 21]);
  });

  it("throws a FeatureError for tables of different beats, or none", () => {
    const a = { names: ["a"], beats: 2, values: new Float32Array(2) };
    const b = { names: ["b"], beats: 3, values: new Float32Array(3) };
    expect(() => joinFeatures(a, b)).toThrow(/same beats, but one has 3 and the first 2/);
    expect(() => joinFeatures()).toThrow(FeatureError);
  });
});
