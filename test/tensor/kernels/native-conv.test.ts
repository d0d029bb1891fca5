/**
 * Parity of the native conv1d (forward, input gradient, weight and bias gradient) and pool1d kernels with
 * the reference kernels, on random shapes covering the three native paths (depthwise, pointwise GEMM,
 * im2col + GEMM), strides, dilations, paddings, groups and the accumulate flag, on every ISA path with 1
 * and 2 threads.
 *
 * Tolerance: |native - reference| <= 1e-5 * (the same kernel on |inputs|) per element, i.e. 1e-5 of the sum
 * of the absolute terms (plus |old value| when accumulating), as for GEMM: the native sums run in float32
 * (FMA, blocked), the reference in float64. Max pooling is exact, argmax included.
 */
import { expect, it } from "vitest";
import type { Conv1dParams, Kernels, Pool1dParams } from "../../../src/tensor/kernels/kernels.js";
import { referenceKernels } from "../../../src/tensor/kernels/reference.js";
import { abs, describeNative, expectClose, forEachConfig, Rng } from "./native-helpers.js";

/** Returns a random valid conv; `kind` forces one of the native paths. */
function randomConv(rng: Rng, kind: "depthwise" | "pointwise" | "general" | "stem"): Conv1dParams {
  const N = rng.pick([1, 2, 3]);
  const C = rng.pick([1, 3, 8, 17]);
  let Cin = C;
  let Cout = C;
  let groups = 1;
  let K = rng.pick([1, 2, 3, 5, 7, 9]);
  let stride = rng.pick([1, 1, 2, 3]);
  let dilation = rng.pick([1, 1, 2]);
  if (kind === "depthwise") groups = C;
  if (kind === "pointwise") [K, stride, dilation, Cout] = [1, 1, 1, rng.pick([1, 5, 16, 40])];
  if (kind === "general") {
    groups = rng.pick([1, 1, 2]);
    Cin = groups * rng.pick([1, 2, 5]);
    Cout = groups * rng.pick([1, 3, 4]);
  }
  if (kind === "stem")
    [Cin, Cout, K, stride, dilation] = [1, rng.pick([8, 16]), rng.pick([15, 16, 32]), 2, 1];
  const Lin = rng.pick([1, 2, 9, 31, 64, 101, 300]);
  const pad = kind === "pointwise" ? 0 : rng.int(0, K - 1);
  const padRight = kind === "pointwise" ? 0 : rng.int(0, K - 1);
  const Lout = Math.floor((Lin + pad + padRight - dilation * (K - 1) - 1) / stride) + 1;
  if (Lout < 1) return randomConv(rng, kind);
  return { N, Cin, Lin, Cout, K, Lout, stride, padLeft: pad, dilation, groups };
}

interface ConvData {
  p: Conv1dParams;
  x: Float32Array;
  w: Float32Array;
  bias: Float32Array | null;
  dy: Float32Array;
  dx0: Float32Array;
  dw0: Float32Array;
  db0: Float32Array;
  accumulate: boolean;
}

/** Returns [y, dx, dw, dbias] of one case under the given kernels (the backward on copies of the old values). */
function runConv(k: Kernels, d: ConvData, inputs = d): Float32Array[] {
  const { p } = d;
  const y = new Float32Array(p.N * p.Cout * p.Lout);
  k.conv1d(inputs.x, inputs.w, inputs.bias, y, p);
  const dx = inputs.dx0.slice();
  k.conv1dBackwardInput(inputs.dy, inputs.w, dx, p, d.accumulate);
  const dw = inputs.dw0.slice();
  const db = inputs.db0.slice();
  k.conv1dBackwardWeight(inputs.dy, inputs.x, dw, d.bias ? db : null, p, d.accumulate);
  return [y, dx, dw, db];
}

function convData(rng: Rng, p: Conv1dParams): ConvData {
  const wSize = p.Cout * (p.Cin / p.groups) * p.K;
  return {
    p,
    x: rng.f32(p.N * p.Cin * p.Lin),
    w: rng.f32(wSize),
    bias: rng.next() < 0.5 ? rng.f32(p.Cout) : null,
    dy: rng.f32(p.N * p.Cout * p.Lout),
    dx0: rng.f32(p.N * p.Cin * p.Lin),
    dw0: rng.f32(wSize),
    db0: rng.f32(p.Cout),
    accumulate: rng.next() < 0.5,
  };
}

/** The same case on |inputs|: each output is then the sum of its absolute terms (the tolerance scale). */
function magnitudes(d: ConvData): ConvData {
  return {
    ...d,
    x: abs(d.x),
    w: abs(d.w),
    bias: d.bias && abs(d.bias),
    dy: abs(d.dy),
    dx0: abs(d.dx0),
    dw0: abs(d.dw0),
    db0: abs(d.db0),
  };
}

const OUTPUTS = ["y", "dx", "dw", "dbias"];

describeNative("native conv1d and pool1d", (k) => {
  it("conv1d forward and both gradients match the reference on 64 random convs over all four paths", () => {
    const rng = new Rng(61);
    const kinds = ["depthwise", "pointwise", "general", "stem"] as const;
    const cases = Array.from({ length: 64 }, (_, i) => {
      const d = convData(rng, randomConv(rng, kinds[i % 4]));
      return { d, want: runConv(referenceKernels, d), scale: runConv(referenceKernels, d, magnitudes(d)) };
    });
    forEachConfig(k, (config) => {
      for (const { d, want, scale } of cases) {
        const got = runConv(k, d);
        for (let o = 0; o < 4; o++) {
          if (o === 3 && !d.bias) continue;
          const label = `${config} ${OUTPUTS[o]} ${JSON.stringify(d.p)} accumulate=${d.accumulate}`;
          expectClose(got[o], want[o], { rtol: 1e-5, atol: 1e-30, scale: scale[o] }, label);
        }
      }
    });
  });

  it("depthwise conv1d matches the reference with kernels longer than one register pass and many short rows", () => {
    // K = 21 at stride 1 (and 35 at stride 2) puts more than 16 taps in a phase and more than 8 in a
    // weight-gradient pass; N = 40 rows of 16 or 40 outputs flush the float partial sums several times.
    const rng = new Rng(63);
    const layers: Conv1dParams[] = [
      { N: 40, Cin: 6, Lin: 16, Cout: 6, K: 21, Lout: 16, stride: 1, padLeft: 10, dilation: 1, groups: 6 },
      { N: 40, Cin: 5, Lin: 80, Cout: 5, K: 35, Lout: 40, stride: 2, padLeft: 17, dilation: 1, groups: 5 },
      { N: 33, Cin: 9, Lin: 48, Cout: 9, K: 3, Lout: 48, stride: 1, padLeft: 1, dilation: 1, groups: 9 },
    ];
    const cases = layers.map((p) => {
      const d = convData(rng, p);
      return { d, want: runConv(referenceKernels, d), scale: runConv(referenceKernels, d, magnitudes(d)) };
    });
    forEachConfig(k, (config) => {
      for (const { d, want, scale } of cases) {
        const got = runConv(k, d);
        for (let o = 0; o < 4; o++) {
          if (o === 3 && !d.bias) continue;
          const label = `${config} ${OUTPUTS[o]} ${JSON.stringify(d.p)}`;
          expectClose(got[o], want[o], { rtol: 1e-5, atol: 1e-30, scale: scale[o] }, label);
        }
      }
    });
  });

  it("conv1d matches the reference on the model's long-signal layers (L = 3000: stem, depthwise stride 2)", () => {
    const rng = new Rng(62);
    const layers: Conv1dParams[] = [
      { N: 4, Cin: 1, Lin: 3000, Cout: 16, K: 16, Lout: 1500, stride: 2, padLeft: 7, dilation: 1, groups: 1 },
      { N: 4, Cin: 24, Lin: 1500, Cout: 24, K: 5, Lout: 750, stride: 2, padLeft: 2, dilation: 1, groups: 24 },
      { N: 4, Cin: 24, Lin: 750, Cout: 40, K: 1, Lout: 750, stride: 1, padLeft: 0, dilation: 1, groups: 1 },
    ];
    const cases = layers.map((p) => {
      const d = convData(rng, p);
      return { d, want: runConv(referenceKernels, d), scale: runConv(referenceKernels, d, magnitudes(d)) };
    });
    forEachConfig(k, (config) => {
      for (const { d, want, scale } of cases) {
        const got = runConv(k, d);
        for (let o = 0; o < 3; o++) {
          const label = `${config} ${OUTPUTS[o]} ${JSON.stringify(d.p)}`;
          expectClose(got[o], want[o], { rtol: 1e-5, atol: 1e-30, scale: scale[o] }, label);
        }
      }
    });
  });

  it("pool1d (max with argmax, avg) and its backward match the reference", () => {
    const rng = new Rng(71);
    forEachConfig(k, (config) => {
      for (let i = 0; i < 30; i++) {
        const K = rng.pick([1, 2, 3, 4, 7]);
        const stride = rng.pick([1, 2, 3]);
        const padLeft = rng.int(0, Math.floor(K / 2));
        const Lin = rng.pick([1, 5, 16, 33, 300]);
        const Lout = Math.floor((Lin + 2 * padLeft - K) / stride) + 1;
        if (Lout < 1) continue;
        const p: Pool1dParams = { rows: rng.pick([1, 3, 64]), Lin, K, Lout, stride, padLeft };
        const x = rng.f32(p.rows * Lin);
        const dy = rng.f32(p.rows * Lout);
        for (const kind of ["max", "avg"] as const) {
          const label = `${config} ${kind} ${JSON.stringify(p)}`;
          const run = (kk: Kernels) => {
            const y = new Float32Array(p.rows * Lout);
            const argmax = kind === "max" ? new Int32Array(p.rows * Lout) : null;
            kk.pool1d(kind, x, y, p, argmax);
            const dx = new Float32Array(p.rows * Lin).fill(0.25);
            kk.pool1dBackward(kind, dy, dx, p, argmax);
            return { y, argmax, dx };
          };
          const want = run(referenceKernels);
          const got = run(k);
          expectClose(got.y, want.y, { rtol: kind === "max" ? 0 : 1e-6, atol: 1e-7 }, label);
          if (kind === "max") expect(Array.from(got.argmax!), label).toEqual(Array.from(want.argmax!));
          expectClose(got.dx, want.dx, { rtol: 1e-6, atol: 1e-6 }, `${label} backward`);
        }
      }
    });
  });
});
