import { describe, expect, it } from "vitest";
import { selectMedian, selectQuantile } from "../../src/detect/quantile.js";
import { SeededRandom } from "../../src/simulate/random.js";

function sortedRank(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

describe("selectQuantile and selectMedian", () => {
  it("agree with sorting on random data, duplicates included", () => {
    let seed = 42;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 200; trial++) {
      const count = 1 + Math.floor(random() * 40);
      const values = Array.from({ length: count }, () => Math.floor(random() * 10));
      for (const q of [0, 0.1, 0.4, 0.5, 0.9, 1]) {
        expect(selectQuantile(Float64Array.from(values), count, q)).toBe(sortedRank(values, q));
      }
      const sorted = [...values].sort((a, b) => a - b);
      const median = count % 2 ? sorted[count >> 1] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
      expect(selectMedian(Float64Array.from(values), count)).toBe(median);
    }
  });

  it("only look at the first `count` values and return NaN for none", () => {
    expect(selectQuantile(Float64Array.of(5, 1, 100, 100), 2, 1)).toBe(5);
    expect(selectMedian(Float64Array.of(4, 2, 100), 2)).toBe(3);
    expect(selectQuantile(new Float64Array(3), 0, 0.5)).toBeNaN();
    expect(selectMedian(new Float64Array(0), 0)).toBeNaN();
  });

  it("selectMedian takes every value by default: the median of the sorted values, odd and even counts", () => {
    const rng = new SeededRandom(1);
    for (let trial = 0; trial < 500; trial++) {
      const n = 1 + (rng.nextUint32() % 40);
      const values = Float64Array.from({ length: n }, () => Math.round(10 * rng.uniform()));
      const sorted = Float64Array.from(values).sort();
      const expected = n % 2 ? sorted[n >> 1] : (sorted[(n >> 1) - 1] + sorted[n >> 1]) / 2;
      expect(selectMedian(values)).toBe(expected);
    }
    expect(selectMedian(new Float64Array(0))).toBeNaN();
  });
});
