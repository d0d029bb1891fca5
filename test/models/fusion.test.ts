import { describe, expect, it } from "vitest";
import { AGE_BUCKETS, SEXES } from "../../src/features/index.js";
import { CrossAttentionFusion } from "../../src/models/fusion.js";
import { Generator, noGrad, Tensor } from "../../src/tensor/index.js";

const ids = (values: number[]) => Tensor.from(values, [values.length]);

describe("CrossAttentionFusion", () => {
  const fusion = new CrossAttentionFusion({
    channels: 12,
    dModel: 8,
    heads: 2,
    generator: new Generator(0),
  }).eval();
  const map = Tensor.randn([2, 12, 5], { generator: new Generator(1) });

  it("maps a feature map (N, C, L') and age and sex ids (N) to (N, 2 dModel)", () => {
    const out = noGrad(() => fusion.forward(map, ids([3, 0]), ids([1, 2])));
    expect(out.shape).toEqual([2, 16]);
    expect(fusion.outFeatures).toBe(16);
  });

  it("has as many age and sex ids as features' metadataTokens gives by default", () => {
    expect(fusion.age.numEmbeddings).toBe(AGE_BUCKETS);
    expect(fusion.sex.numEmbeddings).toBe(SEXES);
  });

  it("depends on the ECG (through attention) and on the patient's age", () => {
    const base = noGrad(() => fusion.forward(map, ids([3, 3]), ids([1, 1]))).toArray() as number[][];
    const otherMap = Tensor.randn([2, 12, 5], { generator: new Generator(9) });
    const moved = noGrad(() => fusion.forward(otherMap, ids([3, 3]), ids([1, 1]))).toArray() as number[][];
    const older = noGrad(() => fusion.forward(map, ids([7, 3]), ids([1, 1]))).toArray() as number[][];
    expect(moved[0]).not.toEqual(base[0]);
    expect(older[0]).not.toEqual(base[0]);
    expect(older[1]).toEqual(base[1]); // the other sample is unchanged
  });
});
