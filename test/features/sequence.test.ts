import { describe, expect, it } from "vitest";
import { beatSequences, FeatureError, type FeatureTable } from "../../src/features/index.js";

// Five beats with two features each: beat i holds [i, 10 i].
const table: FeatureTable = {
  names: ["a", "b"],
  beats: 5,
  values: Float32Array.from([0, 0, 1, 10, 2, 20, 3, 30, 4, 40]),
};
const firstFeature = (seq: Float32Array, steps: number, beat: number) =>
  Array.from({ length: steps }, (_, s) => seq[(beat * steps + s) * 2]);

describe("beatSequences", () => {
  it("puts each beat at its position among its neighbours, repeating the edge beats", () => {
    const seq = beatSequences(table, { steps: 4 }); // position 2: two before, one after
    expect(seq.length).toBe(5 * 4 * 2);
    expect(firstFeature(seq, 4, 0)).toEqual([0, 0, 0, 1]);
    expect(firstFeature(seq, 4, 2)).toEqual([0, 1, 2, 3]);
    expect(firstFeature(seq, 4, 4)).toEqual([2, 3, 4, 4]);
    expect(Array.from(seq.subarray(2 * 4 * 2, 2 * 4 * 2 + 8))).toEqual([0, 0, 1, 10, 2, 20, 3, 30]);
  });

  it("takes the beat's position in its sequence from options", () => {
    expect(firstFeature(beatSequences(table, { steps: 3, position: 2 }), 3, 3)).toEqual([1, 2, 3]);
    expect(firstFeature(beatSequences(table, { steps: 3, position: 0 }), 3, 3)).toEqual([3, 4, 4]);
  });

  it("throws a FeatureError for an empty table or a bad option", () => {
    const empty: FeatureTable = { names: ["a"], beats: 0, values: new Float32Array(0) };
    expect(() => beatSequences(empty)).toThrow(FeatureError);
    expect(() => beatSequences(table, { steps: 0 })).toThrow(/steps/);
    expect(() => beatSequences(table, { steps: 4, position: 4 })).toThrow(/position/);
  });
});
