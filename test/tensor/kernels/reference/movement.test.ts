import { describe, expect, it } from "vitest";
import {
  copyStrided,
  gatherRows,
  reduce,
  scatterAddRows,
} from "../../../../src/tensor/kernels/reference/movement.js";

describe("reduce", () => {
  // x as (outer 2, n 3, inner 2): x[o, j, i] = 10 o + 2 j + i
  const x = Float32Array.from(
    { length: 12 },
    (_, k) => 10 * Math.floor(k / 6) + 2 * (Math.floor(k / 2) % 3) + (k % 2),
  );
  it("sums, averages and maximises over the middle axis", () => {
    const out = new Float32Array(4);
    reduce("sum", x, 2, 3, 2, out);
    expect(Array.from(out)).toEqual([6, 9, 36, 39]);
    reduce("mean", x, 2, 3, 2, out);
    expect(Array.from(out)).toEqual([2, 3, 12, 13]);
    const argmax = new Int32Array(4);
    reduce("max", x, 2, 3, 2, out, argmax);
    expect(Array.from(out)).toEqual([4, 5, 14, 15]);
    expect(Array.from(argmax)).toEqual([2, 2, 2, 2]);
  });
  it("max takes the first of equal maxima and lets NaN win", () => {
    const out = new Float64Array(1);
    const at = new Int32Array(1);
    reduce("max", Float64Array.of(1, 3, 3), 1, 3, 1, out, at);
    expect([out[0], at[0]]).toEqual([3, 1]);
    reduce("max", Float64Array.of(1, Number.NaN, 3), 1, 3, 1, out, at);
    expect([out[0], at[0]]).toEqual([Number.NaN, 1]);
  });
  it("accumulates sums in float64 (1e8 + many ones in float32 output)", () => {
    const values = new Float32Array(1001).fill(1);
    values[0] = 1e8;
    const out = new Float32Array(1);
    reduce("sum", values, 1, 1001, 1, out);
    expect(out[0]).toBe(Math.fround(1e8 + 1000));
  });
});

describe("copyStrided", () => {
  it("transposes a (2, 3) block and accumulates a broadcast source", () => {
    const src = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const dst = new Float32Array(6);
    copyStrided(src, 0, Int32Array.of(1, 3), dst, 0, Int32Array.of(2, 1), Int32Array.of(3, 2), false);
    expect(Array.from(dst)).toEqual([1, 4, 2, 5, 3, 6]);
    copyStrided(
      Float32Array.of(10, 20),
      0,
      Int32Array.of(0, 1),
      dst,
      0,
      Int32Array.of(2, 1),
      Int32Array.of(3, 2),
      true,
    );
    expect(Array.from(dst)).toEqual([11, 24, 12, 25, 13, 26]);
  });
  it("honours offsets (a slice) and rank 0", () => {
    const dst = new Float64Array(2);
    copyStrided(
      Float64Array.of(0, 1, 2, 3),
      2,
      Int32Array.of(1),
      dst,
      0,
      Int32Array.of(1),
      Int32Array.of(2),
      false,
    );
    expect(Array.from(dst)).toEqual([2, 3]);
    copyStrided(Float64Array.of(7), 0, new Int32Array(0), dst, 1, new Int32Array(0), new Int32Array(0), true);
    expect(Array.from(dst)).toEqual([2, 10]);
  });
});

describe("gatherRows and scatterAddRows", () => {
  it("gather rows by index; scatter adds repeated rows in order", () => {
    const table = Float32Array.from([0, 1, 10, 11, 20, 21]);
    const out = new Float32Array(6);
    gatherRows(table, 2, Int32Array.of(2, 0, 2), out);
    expect(Array.from(out)).toEqual([20, 21, 0, 1, 20, 21]);
    const grad = new Float32Array(6);
    scatterAddRows(Float32Array.from([1, 1, 2, 2, 3, 3]), 2, Int32Array.of(2, 0, 2), grad);
    expect(Array.from(grad)).toEqual([2, 2, 0, 0, 4, 4]);
  });
});
