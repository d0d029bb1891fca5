/**
 * Determinism of the native kernels: the same call twice gives bit-identical outputs with 1 and with 2
 * threads, and (by design: work is split only where it does not change any sum's order) 1 and 2 threads
 * give the same bits too. Sizes are large enough for every kernel to actually split its work.
 */
import { expect, it } from "vitest";
import type { Conv1dParams } from "../../../src/tensor/kernels/kernels.js";
import type { NativeKernels } from "../../../src/tensor/kernels/native.js";
import { describeNative, Rng, sameBits } from "./native-helpers.js";

/** A named kernel call writing fresh output buffers. */
type Job = [string, (k: NativeKernels) => Float32Array[]];

/** Batch norm plain and fused with SiLU, forward and backward, over the first N * C * L values of x and dy. */
function batchNormJob(name: string, x: Float32Array, dy: Float32Array, N: number, C: number, L: number): Job {
  const [xs, dys] = [x.subarray(0, N * C * L), dy.subarray(0, N * C * L)];
  return [
    name,
    (k) => {
      const p = {
        ...{ N, C, L, eps: 1e-5, momentum: 0.1, training: true, gamma: null, beta: null },
        ...{ runningMean: new Float32Array(C), runningVar: new Float32Array(C).fill(1) },
        ...{ mean: new Float32Array(C), invstd: new Float32Array(C) },
      };
      const y = new Float32Array(xs.length);
      k.batchNorm(xs, y, p);
      const dx = new Float32Array(xs.length);
      k.batchNormBackward(dys, xs, dx, null, null, p, false);
      const [z, dz] = [new Float32Array(xs.length), new Float32Array(xs.length)];
      k.batchNormAct(xs, z, p, "silu");
      k.batchNormActBackward(dys, xs, dz, null, null, p, "silu", false);
      return [y, dx, z, dz, p.mean, p.invstd, p.runningMean, p.runningVar];
    },
  ];
}

/** A pointwise conv of a gated input and its weight gradient (summed over the batch), data drawn once. */
function gatedJob(p: Conv1dParams, x: Float32Array, rng: Rng): Job {
  const w = rng.f32(p.Cout * p.Cin);
  const scale = rng.f32(p.N * p.Cin);
  const g = rng.f32(p.N * p.Cout * p.Lout);
  return [
    "conv1dGated with its weight gradient (summed over the batch)",
    (k) => {
      const y = new Float32Array(g.length);
      k.conv1dGated(x, scale, w, null, y, p);
      const [dw, db] = [new Float32Array(w.length), new Float32Array(p.Cout)];
      k.conv1dGatedBackwardWeight(g, x, scale, dw, db, p, false);
      return [y, dw, db];
    },
  ];
}

function jobs(): Job[] {
  const rng = new Rng(5);
  const [N, C, L] = [64, 24, 750];
  const x = rng.f32(N * C * L);
  const dy = rng.f32(N * C * L);
  const gamma = rng.f32(L);
  const conv = (p: Conv1dParams, wSize: number): Job => {
    const w = rng.f32(wSize);
    const xin = rng.f32(p.N * p.Cin * p.Lin);
    const g = rng.f32(p.N * p.Cout * p.Lout);
    return [
      `conv1d ${p.groups === p.Cin && p.groups > 1 ? "depthwise" : p.K === 1 ? "pointwise" : "im2col"}`,
      (k) => {
        const y = new Float32Array(g.length);
        k.conv1d(xin, w, null, y, p);
        const dx = new Float32Array(xin.length);
        k.conv1dBackwardInput(g, w, dx, p, false);
        const dw = new Float32Array(w.length);
        const db = new Float32Array(p.Cout);
        k.conv1dBackwardWeight(g, xin, dw, db, p, false);
        return [y, dx, dw, db];
      },
    ];
  };
  const depthwise = {
    N,
    Cin: C,
    Lin: L,
    Cout: C,
    K: 5,
    Lout: 375,
    stride: 2,
    padLeft: 2,
    dilation: 1,
    groups: C,
  };
  const pointwise = {
    N,
    Cin: C,
    Lin: L,
    Cout: 40,
    K: 1,
    Lout: L,
    stride: 1,
    padLeft: 0,
    dilation: 1,
    groups: 1,
  };
  const stem = {
    N,
    Cin: 1,
    Lin: 3000,
    Cout: 16,
    K: 16,
    Lout: 1500,
    stride: 2,
    padLeft: 7,
    dilation: 1,
    groups: 1,
  };
  return [
    [
      "gemm (batched, shared weights)",
      (k) => {
        const A = x.subarray(0, 96 * 60);
        const C2 = new Float32Array(64 * 96 * 250);
        k.gemm(false, false, 64, 96, 250, 60, 1, A, 0, dy, 60 * 250, 0, C2, 96 * 250);
        return [C2];
      },
    ],
    [
      "gemm (weight gradient summed over the batch)",
      (k) => {
        const C2 = new Float32Array(C * C);
        k.gemm(false, true, N, C, C, L, 1, dy, C * L, x, C * L, 0, C2, 0);
        return [C2];
      },
    ],
    conv(depthwise, C * 5),
    gatedJob(pointwise, x, rng),
    conv(pointwise, 40 * C),
    conv(stem, 16 * 16),
    batchNormJob("batchNorm and batchNormAct (training) with their backward", x, dy, N, C, L),
    // short rows: channels are processed in blocks, samples in memory order
    batchNormJob("batchNorm and batchNormAct, short rows (L = 16)", x, dy, N, 120, 16),
    [
      "reduce sum over L and over N",
      (k) => {
        const a = new Float32Array(N * C);
        k.reduce("sum", x, N * C, L, 1, a);
        const b = new Float32Array(C * L);
        k.reduce("sum", x, 1, N, C * L, b);
        return [a, b];
      },
    ],
    [
      "softmax and layerNorm with their gradients",
      (k) => {
        const rows = N * C;
        const y = new Float32Array(x.length);
        k.softmax(x, rows, L, y, true);
        const dx = new Float32Array(x.length);
        k.softmaxBackward(dy, y, rows, L, dx, true, false);
        const [m, r, z, dz] = [
          new Float32Array(rows),
          new Float32Array(rows),
          new Float32Array(x.length),
          new Float32Array(x.length),
        ];
        const [dg, db] = [new Float32Array(L), new Float32Array(L)];
        k.layerNorm(x, rows, L, gamma, null, 1e-5, z, m, r);
        k.layerNormBackward(dy, x, rows, L, gamma, m, r, dz, dg, db, false);
        return [y, dx, z, dz, dg, db];
      },
    ],
    [
      "unary silu and its gradient",
      (k) => {
        const y = new Float32Array(x.length);
        k.unary("silu", x, y);
        const dx = new Float32Array(x.length);
        k.unaryBackward("silu", x, y, dy, dx, false);
        return [y, dx];
      },
    ],
  ];
}

describeNative("native kernel determinism", (k) => {
  const before = k.info().threads;
  for (const [name, run] of jobs()) {
    it(`${name}: bit-identical on repeat with 1 and 2 threads, and across the two counts`, () => {
      try {
        const results: Float32Array[][] = [];
        for (const threads of [1, 2]) {
          k.setThreads(threads);
          const first = run(k);
          const second = run(k);
          first.forEach((out, i) => {
            expect(sameBits(out, second[i]), `output ${i} with ${threads} threads`).toBe(true);
          });
          results.push(first);
        }
        results[0].forEach((out, i) => {
          expect(sameBits(out, results[1][i]), `output ${i}, 1 vs 2 threads`).toBe(true);
        });
      } finally {
        k.setThreads(before);
      }
    });
  }
});
