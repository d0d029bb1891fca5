import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../src/simulate/random.js";

describe("SeededRandom", () => {
  it("repeats the same sequence for the same seed", () => {
    const a = new SeededRandom(123);
    const b = new SeededRandom(123);
    for (let i = 0; i < 100; i++) expect(a.nextUint32()).toBe(b.nextUint32());
  });

  it("gives different sequences for different seeds, seed 0 included", () => {
    const a = Array.from(
      { length: 8 },
      (
        (r) => () =>
          r.nextUint32()
      )(new SeededRandom(0)),
    );
    const b = Array.from(
      { length: 8 },
      (
        (r) => () =>
          r.nextUint32()
      )(new SeededRandom(1)),
    );
    expect(a).not.toEqual(b);
    expect(new Set(a).size).toBe(8);
  });

  it("draws uniform numbers in [0, 1) with mean 1/2 and variance 1/12", () => {
    const rng = new SeededRandom(7);
    const n = 100_000;
    let sum = 0;
    let squares = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      squares += u * u;
    }
    const mean = sum / n;
    expect(outside).toBe(0);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(squares / n - mean * mean).toBeCloseTo(1 / 12, 2);
  });

  it("draws standard normal numbers (mean 0, SD 1, 95 % within +-1.96)", () => {
    const rng = new SeededRandom(9);
    const n = 100_000;
    let sum = 0;
    let squares = 0;
    let inside = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      squares += z * z;
      if (Math.abs(z) < 1.96) inside++;
    }
    expect(sum / n).toBeCloseTo(0, 1);
    expect(Math.sqrt(squares / n)).toBeCloseTo(1, 1);
    expect(inside / n).toBeCloseTo(0.95, 2);
  });

  it("draws between(low, high) inside [low, high)", () => {
    const rng = new SeededRandom(3);
    for (let i = 0; i < 1000; i++) {
      const x = rng.between(-2, 5);
      expect(x >= -2 && x < 5).toBe(true);
    }
  });
});
