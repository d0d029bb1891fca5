import { describe, expect, it } from "vitest";
import { AGE_BUCKETS, metadataTokens, SEXES } from "../../src/features/index.js";

describe("metadataTokens", () => {
  it("maps age to 1 + its decade, capped at 80 and over, and unknown or invalid age to 0", () => {
    const ages: Array<[number | undefined, number]> = [
      [0, 1],
      [9.9, 1],
      [10, 2],
      [69, 7],
      [80, 9],
      [104, 9],
      [undefined, 0],
      [-1, 0],
      [Number.NaN, 0],
    ];
    for (const [age, id] of ages) expect(metadataTokens({ age }).age, String(age)).toBe(id);
    expect(AGE_BUCKETS).toBe(10);
  });

  it("maps sex to 1 for male, 2 for female, 0 for unknown", () => {
    expect(metadataTokens({ sex: "M" }).sex).toBe(1);
    expect(metadataTokens({ sex: "F" }).sex).toBe(2);
    expect(metadataTokens({}).sex).toBe(0);
    expect(SEXES).toBe(3);
  });
});
