import { describe, expect, it } from "vitest";
import { gemm } from "../../../../src/tensor/kernels/reference/gemm.js";

/** Returns the (rows, cols) matrix stored row-major, or its transpose stored row-major. */
function stored(m: number[][], transposed: boolean): Float64Array {
  const rows = transposed ? m[0].map((_, j) => m.map((r) => r[j])) : m;
  return Float64Array.from(rows.flat());
}

describe("gemm", () => {
  const A = [
    [1, 2, 3],
    [4, 5, 6],
  ]; // (2, 3)
  const B = [
    [1, 0],
    [0, 1],
    [2, -1],
  ]; // (3, 2)
  const AB = [7, -1, 16, -1];
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      it(`computes alpha A B + beta C with transA=${transA}, transB=${transB}`, () => {
        const C = Float64Array.of(1, 1, 1, 1);
        gemm(transA, transB, 1, 2, 2, 3, 2, stored(A, transA), 0, stored(B, transB), 0, 0.5, C, 0);
        expect(Array.from(C)).toEqual(AB.map((v) => 2 * v + 0.5));
      });
    }
  }
  it("beta = 0 ignores NaN in C; batches with a zero stride broadcast an operand", () => {
    const C = new Float64Array(8).fill(Number.NaN);
    const b2 = Float64Array.from([...stored(B, false), ...stored(B, false).map((v) => -v)]);
    gemm(false, false, 2, 2, 2, 3, 1, stored(A, false), 0, b2, 6, 0, C, 4);
    expect(Array.from(C)).toEqual([...AB, ...AB.map((v) => -v)]);
  });
});
