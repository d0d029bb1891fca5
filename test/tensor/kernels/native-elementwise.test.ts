/**
 * Parity of the native elementwise kernels (unary, unaryBackward, binary with broadcasting, affine, axpy,
 * and the added pow, clamp and maskedFill with their gradients) with the reference kernels, on every ISA
 * path with 1 and 2 threads.
 *
 * Tolerances: |native - reference| <= 1e-7 + 1e-5 |reference|. The native exp/tanh are ~1 ulp (1.2e-7
 * relative, measured over [-87, 88]) and the activations built on them (sigmoid, SiLU and their
 * gradients) stack a handful of float32 roundings; the reference computes in float64 and rounds once.
 * The absolute 1e-7 covers exp underflowing to 0 below -87.3 where float64 still gives a denormal.
 * Arithmetic (add, mul, max, affine, axpy) is within 1 ulp: one float32 rounding against one float64 one.
 * Gradients: 1e-5 * (|reference dx| + |dx before| + |dy|), because derivative expressions such as SiLU's
 * s (1 + x (1 - s)) cancel in float32 (absolute error a few ulp of |dy|), and accumulating adds |dx before|.
 * adamwStep (five steps in a row): every value within 1e-6 of its magnitude plus that of its update's terms
 * (m: + 0.01, v: + 1e-4, p: + 1e-3, the scales of the data below): float32 arithmetic against float64 rounded
 * per store, where m's and v's sums of terms of either sign may cancel.
 */
import { expect, it } from "vitest";
import type { BinaryOp, Kernels, UnaryOp } from "../../../src/tensor/kernels/kernels.js";
import { referenceKernels } from "../../../src/tensor/kernels/reference.js";
import { denseStrides, describeNative, expectClose, forEachConfig, Rng } from "./native-helpers.js";

const UNARY_OPS: readonly UnaryOp[] = [
  "neg",
  "exp",
  "log",
  "sqrt",
  "abs",
  "relu",
  "silu",
  "gelu",
  "sigmoid",
  "tanh",
];
const BINARY_OPS: readonly BinaryOp[] = ["add", "sub", "mul", "div", "max", "min"];
const TOL = { rtol: 1e-5, atol: 1e-7 };

/** Lengths around the vector widths (8, 16) and the per-thread split (32768). */
const LENGTHS = [0, 1, 7, 15, 16, 17, 33, 100, 1000, 70001];

/** Returns input values for an op: positive for log/sqrt; wide range with specials for the rest. */
function inputs(op: UnaryOp, n: number, rng: Rng): Float32Array {
  const x = rng.f32(n, 4);
  if (op === "log" || op === "sqrt") return x.map((v) => Math.abs(v) + 1e-3);
  const specials = [0, -0, 90, -90, 1e-8, -1e-8, 20, -20, Number.NaN];
  for (let i = 0; i < Math.min(n, specials.length); i++) x[i * 7 < n ? i * 7 : i] = specials[i];
  return x;
}

/** Returns out = op(x) under the given kernels. */
function unary(k: Kernels, op: UnaryOp, x: Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  k.unary(op, x, out);
  return out;
}

interface BroadcastCase {
  shape: number[];
  aShape: number[];
  bShape: number[];
}

/** Returns the strides of `shape` viewed at the rank of outShape, 0 on broadcast (size-1) axes. */
function broadcastStrides(shape: number[], outShape: number[]): Int32Array {
  const dense = denseStrides(shape);
  return Int32Array.from(shape.map((s, d) => (s === 1 && outShape[d] !== 1 ? 0 : dense[d])));
}

/** Returns a random output shape (rank 0-4) and operand shapes with random size-1 (broadcast) axes. */
function randomBroadcast(rng: Rng): BroadcastCase {
  const rank = rng.int(0, 4);
  const shape = Array.from({ length: rank }, () => rng.pick([1, 2, 3, 5, 16, 17, 40]));
  const squeeze = (s: number) => (rng.next() < 0.35 ? 1 : s);
  return { shape, aShape: shape.map(squeeze), bShape: shape.map(squeeze) };
}

/** Returns out = a op b for the case under the given kernels. */
function binary(k: Kernels, op: BinaryOp, c: BroadcastCase, a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(c.shape.reduce((p, s) => p * s, 1));
  const aStrides = broadcastStrides(c.aShape, c.shape);
  const bStrides = broadcastStrides(c.bShape, c.shape);
  k.binary(op, a, aStrides, b, bStrides, out, Int32Array.from(c.shape));
  return out;
}

describeNative("native elementwise kernels", (k) => {
  it("unary matches the reference for every op and length, specials (0, +-90, NaN) included", () => {
    const rng = new Rng(7);
    const data = UNARY_OPS.flatMap((op) => LENGTHS.map((n) => ({ op, x: inputs(op, n, rng) })));
    const wants = data.map(({ op, x }) => unary(referenceKernels, op, x));
    forEachConfig(k, (config) => {
      data.forEach(({ op, x }, i) => {
        expectClose(unary(k, op, x), wants[i], TOL, `${config} ${op} n=${x.length}`);
      });
    });
  });

  it("unary may write in place (out aliases x)", () => {
    const x = new Rng(3).f32(100);
    const want = unary(referenceKernels, "silu", x);
    k.unary("silu", x, x);
    expectClose(x, want, TOL, "in place");
  });

  it("unaryBackward matches the reference for every op, writing and accumulating", () => {
    const rng = new Rng(11);
    forEachConfig(k, (config) => {
      for (const op of UNARY_OPS) {
        for (const n of [1, 17, 1000, 40000]) {
          const x = inputs(op, n, rng).map((v) => (Number.isNaN(v) ? 0.5 : v));
          const y = unary(referenceKernels, op, x);
          const dy = rng.f32(n);
          for (const accumulate of [false, true]) {
            const d0 = rng.f32(n);
            const want = d0.slice();
            const got = d0.slice();
            referenceKernels.unaryBackward(op, x, y, dy, want, accumulate);
            k.unaryBackward(op, x, y, dy, got, accumulate);
            const scale = want.map((w, i) => Math.abs(w) + Math.abs(d0[i]) + Math.abs(dy[i]));
            const label = `${config} ${op}' n=${n} accumulate=${accumulate}`;
            expectClose(got, want, { rtol: 1e-5, atol: 1e-7, scale }, label);
          }
        }
      }
    });
  });

  it("binary matches the reference on 40 random broadcast patterns per op", () => {
    const rng = new Rng(21);
    const cases = Array.from({ length: 40 }, () => {
      const c = randomBroadcast(rng);
      const size = (s: number[]) => s.reduce((p, v) => p * v, 1);
      return { c, a: rng.f32(size(c.aShape)), b: rng.f32(size(c.bShape)).map((v) => v + 0.1) };
    });
    forEachConfig(k, (config) => {
      for (const op of BINARY_OPS) {
        for (const { c, a, b } of cases) {
          const want = binary(referenceKernels, op, c, a, b);
          expectClose(binary(k, op, c, a, b), want, TOL, `${config} ${op} ${JSON.stringify(c)}`);
        }
      }
    });
  });

  it("binary matches the reference on the model's broadcasts: SE scale (N, C, 1) * (N, C, L) and bias (1, C, 1)", () => {
    const rng = new Rng(5);
    const se = { shape: [16, 24, 3000], aShape: [16, 24, 1], bShape: [16, 24, 3000] };
    const bias = { shape: [8, 40, 127], aShape: [8, 40, 127], bShape: [1, 40, 1] };
    const size = (shape: number[]) => shape.reduce((p, v) => p * v, 1);
    const cases = [se, bias].flatMap((c) => {
      const [a, b] = [rng.f32(size(c.aShape)), rng.f32(size(c.bShape))];
      return (["mul", "add"] as const).map((op) => ({
        c,
        a,
        b,
        op,
        want: binary(referenceKernels, op, c, a, b),
      }));
    });
    forEachConfig(k, (config) => {
      for (const { c, a, b, op, want } of cases) {
        expectClose(binary(k, op, c, a, b), want, TOL, `${config} ${op} ${JSON.stringify(c.shape)}`);
      }
    });
  });

  it("binary max and min return NaN when either side is NaN, like Math.max", () => {
    const a = new Float32Array([Number.NaN, 1, 2, Number.NaN]);
    const b = new Float32Array([1, Number.NaN, 3, Number.NaN]);
    const c = { shape: [4], aShape: [4], bShape: [4] };
    for (const op of ["max", "min"] as const) {
      expectClose(binary(k, op, c, a, b), binary(referenceKernels, op, c, a, b), TOL, op);
    }
  });

  it("affine and axpy match the reference", () => {
    const rng = new Rng(8);
    forEachConfig(k, (config) => {
      for (const n of LENGTHS) {
        const x = rng.f32(n);
        const [alpha, beta] = [rng.normal(), rng.normal()];
        const want = new Float32Array(n);
        const got = new Float32Array(n);
        referenceKernels.affine(x, alpha, beta, want);
        k.affine(x, alpha, beta, got);
        expectClose(got, want, { rtol: 1e-6, atol: 1e-6 }, `${config} affine n=${n}`);
        const y0 = rng.f32(n);
        const wantY = y0.slice();
        const gotY = y0.slice();
        referenceKernels.axpy(alpha, x, wantY);
        k.axpy(alpha, x, gotY);
        expectClose(gotY, wantY, { rtol: 1e-6, atol: 1e-6 }, `${config} axpy n=${n}`);
      }
    });
  });

  it("pow, clamp and maskedFill (and the pow and clamp gradients) match the reference", () => {
    const rng = new Rng(9);
    forEachConfig(k, (config) => {
      for (const n of [1, 17, 1000, 40000]) {
        const x = rng.f32(n, 3);
        x[0] = Number.NaN;
        const positive = x.map((v) => Math.abs(v) + 0.1);
        const dy = rng.f32(n);
        const d0 = rng.f32(n);
        const mask = x.map((v, i) => (i % 3 === 0 ? 1 : v > 1 ? 2 : 0));
        const label = `${config} n=${n}`;
        for (const p of [2, 3, 0.5, -1, 1.7]) {
          const base = Number.isInteger(p) ? x : positive;
          const [want, got] = [new Float32Array(n), new Float32Array(n)];
          referenceKernels.pow(base, p, want);
          k.pow(base, p, got);
          expectClose(got, want, TOL, `${label} pow ${p}`);
          const [wantD, gotD] = [d0.slice(), d0.slice()];
          referenceKernels.powBackward(base, p, dy, wantD, true);
          k.powBackward(base, p, dy, gotD, true);
          const scale = wantD.map((w, i) => Math.abs(w) + Math.abs(d0[i]) + Math.abs(dy[i]));
          expectClose(gotD, wantD, { rtol: 1e-5, atol: 1e-7, scale }, `${label} pow' ${p}`);
        }
        for (const [lo, hi] of [
          [-1, 1],
          [0, Number.POSITIVE_INFINITY],
          [Number.NEGATIVE_INFINITY, 0.5],
        ]) {
          const [want, got] = [new Float32Array(n), new Float32Array(n)];
          referenceKernels.clamp(x, lo, hi, want);
          k.clamp(x, lo, hi, got);
          expectClose(got, want, { rtol: 0 }, `${label} clamp ${lo} ${hi}`);
          for (const accumulate of [false, true]) {
            const [wantD, gotD] = [d0.slice(), d0.slice()];
            referenceKernels.clampBackward(x, lo, hi, dy, wantD, accumulate);
            k.clampBackward(x, lo, hi, dy, gotD, accumulate);
            expectClose(gotD, wantD, { rtol: 1e-6, atol: 1e-7 }, `${label} clamp' ${lo} ${hi} ${accumulate}`);
          }
        }
        const [want, got] = [new Float32Array(n), new Float32Array(n)];
        referenceKernels.maskedFill(x, mask, -1e9, want);
        k.maskedFill(x, mask, -1e9, got);
        expectClose(got, want, { rtol: 0 }, `${label} maskedFill`);
      }
    });
  });

  it("adamwStep matches the reference over five steps, on every length class (tails, several chunks)", () => {
    const rng = new Rng(91);
    for (const n of [1, 7, 16, 33, 1000, 70001]) {
      const start = [rng.f32(n), rng.f32(n, 0.01), rng.f32(n, 1e-4).map(Math.abs)];
      const grads = Array.from({ length: 5 }, () => rng.f32(n, 0.1));
      const run = (kk: Pick<Kernels, "name"> & { adamwStep: typeof referenceKernels.adamwStep }) => {
        const [p, m, v] = start.map((a) => Float32Array.from(a));
        for (const [t, g] of grads.entries()) {
          const h = { decay: 1 - 1e-3 * 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
          kk.adamwStep(p, g, m, v, {
            ...h,
            stepSize: 1e-3 / (1 - 0.9 ** (t + 1)),
            correction2Sqrt: Math.sqrt(1 - 0.999 ** (t + 1)),
          });
        }
        return { p, m, v };
      };
      const want = run(referenceKernels);
      forEachConfig(k, (config) => {
        const got = run(k);
        const label = `${config} adamwStep n=${n}`;
        for (const [name, terms] of [
          ["m", 0.01],
          ["v", 1e-4],
          ["p", 1e-3],
        ] as const) {
          const scale = want[name].map((x) => Math.abs(x) + terms);
          expectClose(got[name], want[name], { rtol: 1e-6, scale }, `${label} ${name}`);
        }
      });
    }
  });

  it("adamwStep rejects buffers of different lengths", () => {
    const h = { decay: 1, beta1: 0.9, beta2: 0.999, stepSize: 1e-3, correction2Sqrt: 1, eps: 1e-8 };
    const f = (n: number) => new Float32Array(n);
    expect(() => k.adamwStep(f(4), f(3), f(4), f(4), h)).toThrow(
      "g has 3 elements but the call needs exactly 4",
    );
  });

  it("exp, tanh and sigmoid stay within 1.5e-7, 1.5e-7 and 3e-7 relative of float64 on every ISA path", () => {
    // 2 million points over exp's normal range (results above float32's smallest normal, 1.2e-38)
    const n = 2_000_000;
    const x = Float32Array.from({ length: n }, (_, i) => -87.3 + (176 * i) / n);
    const worst = (op: UnaryOp, exact: (v: number) => number) => {
      const y = unary(k, op, x);
      let max = 0;
      for (let i = 0; i < n; i++) {
        const want = exact(x[i]);
        if (Math.abs(want) > 1.2e-38) max = Math.max(max, Math.abs(y[i] - want) / Math.abs(want));
      }
      return max;
    };
    forEachConfig(k, (config) => {
      expect(worst("exp", Math.exp), `${config} exp`).toBeLessThan(1.5e-7);
      expect(worst("tanh", Math.tanh), `${config} tanh`).toBeLessThan(1.5e-7);
      expect(
        worst("sigmoid", (v) => 1 / (1 + Math.exp(-v))),
        `${config} sigmoid`,
      ).toBeLessThan(3e-7);
    });
  });
});
