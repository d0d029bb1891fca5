import { describe, expect, it } from "vitest";
import { Generator } from "../../src/tensor/index.js";
import { batchInput, batchLabels, buildBeatSet, shuffled } from "../../src/train/index.js";
import { simulatedRecord } from "./helpers.js";

describe("batches", () => {
  const set = buildBeatSet([simulatedRecord("a", 1, 20)], ["N", "V"]);

  it("batchInput gathers the beats' rows into the model's input shapes", () => {
    const input = batchInput(set, [3, 0]);
    expect(input.signal.shape).toEqual([2, 1, 256]);
    expect(input.rPeak.shape).toEqual([2, 16, 7]);
    expect(input.pWave.shape).toEqual([2, 16, 4]);
    expect(input.age.shape).toEqual([2]);
    expect(Array.from(input.signal.data.subarray(0, 256))).toEqual(
      Array.from(set.signals.subarray(3 * 256, 4 * 256)),
    );
    expect(Array.from(batchLabels(set, [3, 0]))).toEqual([set.labels[3], set.labels[0]]);
  });

  it("shuffled is a permutation, the same for the same seed", () => {
    const a = shuffled(100, new Generator(5));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(shuffled(100, new Generator(5)))).toEqual(Array.from(a));
    expect(Array.from(shuffled(100, new Generator(6)))).not.toEqual(Array.from(a));
  });
});
