/**
 * Parity of the native reduction and data-movement kernels (reduce, copyStrided, gatherRows,
 * scatterAddRows) with the reference kernels, on every ISA path with 1 and 2 threads.
 *
 * Tolerances: copies, gathers and max are exact (no arithmetic). Sums and means: |native - reference| <=
 * 1e-6 * sum |x| (+ 1e-30): the native kernel adds float32 vector partial sums in double every 512 values,
 * so its error is a few float32 roundings of a partial sum, far below 1e-6 of the magnitude. scatterAddRows
 * and accumulating copies add in float32 like the reference stores do: within 1 ulp of the terms.
 */
import { expect, it } from "vitest";
import type { Kernels, ReduceOp } from "../../../src/tensor/kernels/kernels.js";
import { referenceKernels } from "../../../src/tensor/kernels/reference.js";
import { abs, denseStrides, describeNative, expectClose, forEachConfig, Rng } from "./native-helpers.js";

interface ReduceCase {
  op: ReduceOp;
  outer: number;
  n: number;
  inner: number;
}

/** Returns [out, argmax] of reduce under the given kernels. */
function reduce(k: Kernels, c: ReduceCase, x: Float32Array): [Float32Array, Int32Array] {
  const out = new Float32Array(c.outer * c.inner).fill(-7);
  const argmax = new Int32Array(c.outer * c.inner).fill(-1);
  k.reduce(c.op, x, c.outer, c.n, c.inner, out, c.op === "max" ? argmax : undefined);
  return [out, argmax];
}

interface CopyCase {
  shape: number[];
  src: Float32Array;
  srcOffset: number;
  srcStrides: number[];
  dstSize: number;
  dstOffset: number;
  dstStrides: number[];
  accumulate: boolean;
}

/** Returns dst after copyStrided on a copy of dst0. */
function copy(k: Kernels, c: CopyCase, dst0: Float32Array): Float32Array {
  const dst = dst0.slice();
  k.copyStrided(
    c.src,
    c.srcOffset,
    Int32Array.from(c.srcStrides),
    dst,
    c.dstOffset,
    Int32Array.from(c.dstStrides),
    Int32Array.from(c.shape),
    c.accumulate,
  );
  return dst;
}

/**
 * Returns a random copy: a block of a random shape read from a larger padded source (a slice, maybe
 * permuted) and written into a padded destination in another axis order (permute/concat), or summed through
 * a zero stride (the backward of a broadcast).
 */
function randomCopy(rng: Rng): CopyCase {
  const rank = rng.int(0, 4);
  const shape = Array.from({ length: rank }, () => rng.pick([1, 2, 3, 7, 16, 33]));
  const padded = (s: readonly number[]) => s.map((v) => v + rng.pick([0, 0, 2]));
  const layout = (dims: number[]) => {
    const order = dims.map((_, i) => i).sort(() => rng.next() - 0.5);
    const full = padded(order.map((d) => dims[d]));
    const dense = denseStrides(full);
    const strides = new Array<number>(dims.length);
    order.forEach((d, pos) => {
      strides[d] = dense[pos];
    });
    return { strides, size: full.reduce((p, v) => p * v, 1) };
  };
  const src = layout(shape);
  const reduceTo = rank > 0 && rng.next() < 0.25;
  const dst = layout(shape);
  const dstStrides = reduceTo ? dst.strides.map((s, d) => (d === 0 ? 0 : s)) : dst.strides;
  const srcOffset = rng.pick([0, 3]);
  const dstOffset = rng.pick([0, 5]);
  return {
    shape,
    src: rng.f32(src.size + srcOffset),
    srcOffset,
    srcStrides: src.strides,
    dstSize: dst.size + dstOffset,
    dstOffset,
    dstStrides,
    accumulate: reduceTo || rng.next() < 0.5,
  };
}

describeNative("native reduction and data-movement kernels", (k) => {
  it("reduce (sum, mean, max with argmax) matches the reference over random (outer, n, inner) views", () => {
    const rng = new Rng(31);
    const cases: { c: ReduceCase; x: Float32Array; want: [Float32Array, Int32Array]; scale: Float32Array }[] =
      [];
    for (const op of ["sum", "mean", "max"] as const) {
      for (let i = 0; i < 25; i++) {
        const c = {
          op,
          outer: rng.pick([1, 2, 5, 64]),
          n: rng.pick([1, 2, 17, 100, 3000]),
          inner: rng.pick([1, 1, 3, 40, 70]),
        };
        if (c.outer * c.n * c.inner > 1e6) c.outer = 1;
        const x = rng.f32(c.outer * c.n * c.inner);
        if (op === "max" && i % 5 === 0) x[rng.int(0, x.length - 1)] = Number.NaN;
        const scale = reduce(referenceKernels, { ...c, op: op === "max" ? "max" : op }, abs(x))[0];
        cases.push({ c, x, want: reduce(referenceKernels, c, x), scale });
      }
    }
    forEachConfig(k, (config) => {
      for (const { c, x, want, scale } of cases) {
        const [out, argmax] = reduce(k, c, x);
        const label = `${config} ${JSON.stringify(c)}`;
        if (c.op === "max") {
          expectClose(out, want[0], { rtol: 0 }, label);
          expect(Array.from(argmax), `${label} argmax`).toEqual(Array.from(want[1]));
        } else {
          expectClose(out, want[0], { rtol: 1e-6, atol: 1e-30, scale }, label);
        }
      }
    });
  });

  it("copyStrided matches the reference on 80 random slices, permutations and zero-stride sums", () => {
    const rng = new Rng(41);
    const cases = Array.from({ length: 80 }, () => {
      const c = randomCopy(rng);
      const dst0 = rng.f32(c.dstSize);
      return { c, dst0, want: copy(referenceKernels, c, dst0) };
    });
    forEachConfig(k, (config) => {
      for (const { c, dst0, want } of cases) {
        const label = `${config} shape ${JSON.stringify(c.shape)} src ${c.srcStrides} dst ${c.dstStrides}`;
        expectClose(copy(k, c, dst0), want, { rtol: 1e-6, atol: 1e-6 }, label);
      }
    });
  });

  it("copyStrided transposes a large (64, 40, 3000) block exactly", () => {
    const rng = new Rng(4);
    const shape = [64, 40, 3000];
    const src = rng.f32(64 * 40 * 3000);
    // out (64, 3000, 40) = src.permute(0, 2, 1), read through permuted strides
    const c: CopyCase = {
      shape,
      src,
      srcOffset: 0,
      srcStrides: denseStrides(shape),
      dstSize: src.length,
      dstOffset: 0,
      dstStrides: [3000 * 40, 1, 40],
      accumulate: false,
    };
    const want = copy(referenceKernels, c, new Float32Array(src.length));
    forEachConfig(k, (config) => {
      expectClose(copy(k, c, new Float32Array(src.length)), want, { rtol: 0 }, config);
    });
  });

  it("gatherRows and scatterAddRows match the reference, duplicates accumulating", () => {
    const rng = new Rng(51);
    forEachConfig(k, (config) => {
      for (const dim of [1, 5, 16, 33]) {
        const rows = 13;
        const table = rng.f32(rows * dim);
        const index = Int32Array.from({ length: 40 }, () => rng.int(0, rows - 1));
        const want = new Float32Array(index.length * dim);
        const got = new Float32Array(index.length * dim);
        referenceKernels.gatherRows(table, dim, index, want);
        k.gatherRows(table, dim, index, got);
        expectClose(got, want, { rtol: 0 }, `${config} gather dim=${dim}`);
        const src = rng.f32(index.length * dim);
        const wantTable = table.slice();
        const gotTable = table.slice();
        referenceKernels.scatterAddRows(src, dim, index, wantTable);
        k.scatterAddRows(src, dim, index, gotTable);
        expectClose(gotTable, wantTable, { rtol: 1e-6, atol: 1e-6 }, `${config} scatter dim=${dim}`);
      }
    });
  });
});
