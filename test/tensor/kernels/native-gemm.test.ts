/**
 * Parity of the native GEMM with the reference kernel on random shapes, for every ISA path and 1 and 2
 * threads.
 *
 * Tolerance: |native - reference| <= 1e-5 * (|alpha| * sum_k |a_ik| |b_kj| + |beta| |c_ij|) per element.
 * The reference sums in float64; the native kernel sums in float32 with FMA in blocks of 256, whose rounding
 * error is a few units of 6e-8 times that magnitude (1e-5 leaves a wide margin, while any indexing mistake
 * is off by O(1) of it).
 */
import { it } from "vitest";
import type { Kernels } from "../../../src/tensor/kernels/kernels.js";
import { referenceKernels } from "../../../src/tensor/kernels/reference.js";
import { abs, describeNative, expectClose, forEachConfig, Rng } from "./native-helpers.js";

interface GemmCase {
  transA: boolean;
  transB: boolean;
  batch: number;
  M: number;
  N: number;
  K: number;
  alpha: number;
  beta: number;
  strideA: number;
  strideB: number;
  strideC: number;
}

/** Returns C after gemm on a copy of c0. */
function run(k: Kernels, g: GemmCase, A: Float32Array, B: Float32Array, c0: Float32Array): Float32Array {
  const C = c0.slice();
  k.gemm(
    g.transA,
    g.transB,
    g.batch,
    g.M,
    g.N,
    g.K,
    g.alpha,
    A,
    g.strideA,
    B,
    g.strideB,
    g.beta,
    C,
    g.strideC,
  );
  return C;
}

interface Prepared {
  g: GemmCase;
  A: Float32Array;
  B: Float32Array;
  c0: Float32Array;
  want: Float32Array;
  scale: Float32Array;
}

/** Draws the operands of a case and runs the reference once (on the data, and on |data| for the bound). */
function prepare(g: GemmCase, rng: Rng): Prepared {
  const A = rng.f32((g.batch - 1) * g.strideA + g.M * g.K);
  const B = rng.f32((g.batch - 1) * g.strideB + g.K * g.N);
  const c0 = rng.f32((g.batch - 1) * g.strideC + g.M * g.N);
  const want = run(referenceKernels, g, A, B, c0);
  const bound = { ...g, alpha: Math.abs(g.alpha), beta: Math.abs(g.beta) };
  const scale = run(referenceKernels, bound, abs(A), abs(B), abs(c0));
  return { g, A, B, c0, want, scale };
}

/** Checks one prepared case against its reference result. */
function check(k: Kernels, p: Prepared, label: string): void {
  const got = run(k, p.g, p.A, p.B, p.c0);
  expectClose(got, p.want, { rtol: 1e-5, atol: 1e-30, scale: p.scale }, `${label} ${JSON.stringify(p.g)}`);
}

/** Returns a random case; sizes straddle the micro-kernel tiles (12 x 32, 6 x 16) and the 256-deep K blocks. */
function randomCase(rng: Rng): GemmCase {
  const M = rng.pick([1, 2, 5, 11, 12, 13, 17, 31, 64, 97]);
  const N = rng.pick([1, 3, 8, 15, 16, 17, 31, 32, 33, 47, 100]);
  const K = rng.pick([0, 1, 2, 7, 16, 33, 100, 257, 300]);
  const batch = rng.pick([1, 1, 2, 3]);
  const shareA = batch > 1 && rng.next() < 0.3;
  const sumC = batch > 1 && rng.next() < 0.2;
  return {
    transA: rng.next() < 0.5,
    transB: rng.next() < 0.5,
    batch,
    M,
    N,
    K,
    alpha: rng.pick([1, 1, -0.5, 2.25]),
    beta: sumC ? 1 : rng.pick([0, 0, 1, 0.5]),
    strideA: shareA ? 0 : M * K + rng.pick([0, 0, 5]),
    strideB: N * K + rng.pick([0, 0, 3]),
    strideC: sumC ? 0 : M * N + rng.pick([0, 0, 2]),
  };
}

describeNative("native gemm", (k) => {
  it("matches the reference on 60 random shapes, transposes, batch strides and alpha/beta, on every ISA path", () => {
    const rng = new Rng(1234);
    const cases = Array.from({ length: 60 }, () => prepare(randomCase(rng), rng));
    forEachConfig(k, (config) => {
      for (const c of cases) check(k, c, config);
    });
  });

  it("matches the reference on the model's pointwise-conv shapes (batch 64, weights shared through stride 0)", () => {
    const rng = new Rng(99);
    const cases: Prepared[] = [];
    for (const [M, N, K] of [
      [96, 256, 16],
      [24, 64, 144],
      [144, 375, 24],
    ]) {
      const common = { transA: false, batch: 64, M, alpha: 1 };
      cases.push(
        prepare({ ...common, transB: false, N, K, beta: 0, strideA: 0, strideB: K * N, strideC: M * N }, rng),
      );
      // weight gradient: dW (M, K) = sum_b dY_b (M, N) @ X_b^T, the batches summed into one C (stride 0)
      cases.push(
        prepare(
          { ...common, transB: true, N: K, K: N, beta: 1, strideA: M * N, strideB: K * N, strideC: 0 },
          rng,
        ),
      );
    }
    forEachConfig(k, (config) => {
      for (const c of cases) check(k, c, config);
    });
  });

  it("ignores C's old contents when beta = 0, even NaN", () => {
    const A = new Float32Array([1, 2, 3, 4]);
    const B = new Float32Array([5, 6, 7, 8]);
    const C = new Float32Array([Number.NaN, Number.NaN, Number.POSITIVE_INFINITY, Number.NaN]);
    k.gemm(false, false, 1, 2, 2, 2, 1, A, 0, B, 0, 0, C, 0);
    expectClose(C, [19, 22, 43, 50], { rtol: 0 }, "beta = 0");
  });
});
