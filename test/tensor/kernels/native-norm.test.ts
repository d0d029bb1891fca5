/**
 * Parity of the native batch norm, layer norm and softmax kernels (forward and backward) with the
 * reference kernels, on every ISA path with 1 and 2 threads.
 *
 * Tolerances, all relative to the scale of the tensor being compared (its largest |reference| value, m):
 * - outputs and input gradients: |native - reference| <= 1e-5 * (|reference| + m). The native kernels keep
 *   the statistics in double but store mean and invstd as float32 and normalise in float32, so an element
 *   carries a few float32 roundings of the tensor's scale rather than of its own (possibly tiny) value;
 * - parameter gradients and running statistics (sums over N * L or rows): 1e-5 * (|reference| + m);
 * - softmax probabilities: 1e-5 relative + 1e-7 absolute (exp is ~1 ulp, the sum is double).
 */
import { it } from "vitest";
import type {
  BatchNormParams,
  EngineKernels,
  Kernels,
  NormActivation,
} from "../../../src/tensor/kernels/kernels.js";
import { referenceKernels } from "../../../src/tensor/kernels/reference.js";
import { describeNative, expectClose, forEachConfig, maxAbs, Rng } from "./native-helpers.js";

/** Asserts closeness at 1e-5 of (|reference| + the tensor's largest |reference|). */
function expectScaled(got: Float32Array, want: Float32Array, label: string): void {
  const m = maxAbs(want);
  expectClose(got, want, { rtol: 1e-5, atol: 1e-5 * m }, label);
}

interface BnCase {
  N: number;
  C: number;
  L: number;
  training: boolean;
  affine: boolean;
  running: boolean;
  accumulate: boolean;
  /** the fused batchNormAct kernels with this activation, else plain batchNorm */
  activation?: NormActivation;
}

/** Runs batchNorm (or the fused batchNormAct) forward and backward; returns every buffer it writes. */
function runBn(k: EngineKernels, c: BnCase, seed: number): Record<string, Float32Array> {
  const r = new Rng(seed);
  const size = c.N * c.C * c.L;
  const x = r.f32(size, 2).map((v, i) => v + (i % 7) - 1);
  const dy = r.f32(size);
  const gamma = c.affine ? r.f32(c.C) : null;
  const beta = c.affine ? r.f32(c.C) : null;
  const runningMean = c.running || !c.training ? r.f32(c.C) : null;
  const runningVar = c.running || !c.training ? r.f32(c.C).map((v) => Math.abs(v) + 0.5) : null;
  const mean = new Float32Array(c.C);
  const invstd = new Float32Array(c.C);
  const p: BatchNormParams = {
    N: c.N,
    C: c.C,
    L: c.L,
    eps: 1e-5,
    momentum: 0.1,
    training: c.training,
    gamma,
    beta,
    runningMean,
    runningVar,
    mean,
    invstd,
  };
  const y = new Float32Array(size);
  const dx = r.f32(size);
  const dgamma = r.f32(c.C);
  const dbeta = r.f32(c.C);
  const [dg, db] = [c.affine ? dgamma : null, c.affine ? dbeta : null];
  if (c.activation) {
    k.batchNormAct!(x, y, p, c.activation);
    k.batchNormActBackward!(dy, x, dx, dg, db, p, c.activation, c.accumulate);
  } else {
    k.batchNorm(x, y, p);
    k.batchNormBackward(dy, x, dx, dg, db, p, c.accumulate);
  }
  const out: Record<string, Float32Array> = { y, mean, invstd, dx, dgamma, dbeta };
  // In training, dx = gamma invstd (dy - mean(dy) - xhat mean(dy xhat)) can cancel to ~0 (e.g. N L = 2), so
  // its scale is that of the terms: max |gamma invstd| * max |dy| * (2 + max xhat^2).
  let gain = 0;
  let xhat = 0;
  for (let ch = 0; ch < c.C; ch++) gain = Math.max(gain, Math.abs((gamma ? gamma[ch] : 1) * p.invstd[ch]));
  for (let i = 0; i < size; i++) {
    const ch = Math.floor(i / c.L) % c.C;
    xhat = Math.max(xhat, Math.abs((x[i] - p.mean[ch]) * p.invstd[ch]));
  }
  out.dxScale = Float32Array.of(gain * maxAbs(dy) * (2 + xhat * xhat));
  if (runningMean && runningVar) Object.assign(out, { runningMean, runningVar });
  return out;
}

describeNative("native batch norm, layer norm and softmax", (k) => {
  it("batchNorm, plain and fused with SiLU/ReLU, forward and backward match the reference (training and eval, affine or not, accumulate)", () => {
    const rng = new Rng(81);
    const cases: BnCase[] = [];
    for (let i = 0; i < 36; i++) {
      cases.push({
        N: rng.pick([1, 2, 8]),
        C: rng.pick([1, 3, 16]),
        L: rng.pick([1, 5, 17, 256, 1000]),
        training: i % 3 !== 0,
        affine: rng.next() < 0.7,
        running: rng.next() < 0.7,
        accumulate: rng.next() < 0.5,
        activation: ([undefined, "silu", "relu"] as const)[i % 3],
      });
    }
    const wants = cases.map((c, i) => runBn(referenceKernels, c, 1000 + i));
    forEachConfig(k, (config) => {
      cases.forEach((c, i) => {
        const got = runBn(k, c, 1000 + i);
        for (const [name, want] of Object.entries(wants[i])) {
          if (name === "dxScale") continue;
          const label = `${config} ${name} ${JSON.stringify(c)}`;
          if (name === "dx")
            expectClose(got.dx, want, { rtol: 1e-5, atol: 1e-5 * wants[i].dxScale[0] }, label);
          else expectScaled(got[name], want, label);
        }
      });
    });
  });

  it("batchNorm, plain and fused, matches the reference on model-like shapes (many samples, short rows, blocks of channels)", () => {
    // N = 64 with rows of one or two vectors flushes the float partial sums several times; C * N * L beyond
    // one block of channels (64 K floats) splits a task's channels into blocks; L = 600 takes the long-row path.
    const cases: BnCase[] = [
      {
        N: 64,
        C: 70,
        L: 16,
        training: true,
        affine: true,
        running: true,
        accumulate: false,
        activation: "silu",
      },
      {
        N: 64,
        C: 40,
        L: 33,
        training: true,
        affine: true,
        running: false,
        accumulate: true,
        activation: "relu",
      },
      { N: 48, C: 24, L: 7, training: true, affine: false, running: true, accumulate: false },
      {
        N: 64,
        C: 5,
        L: 600,
        training: true,
        affine: true,
        running: true,
        accumulate: true,
        activation: "silu",
      },
      {
        N: 64,
        C: 70,
        L: 16,
        training: false,
        affine: true,
        running: true,
        accumulate: false,
        activation: "silu",
      },
    ];
    const wants = cases.map((c, i) => runBn(referenceKernels, c, 2000 + i));
    forEachConfig(k, (config) => {
      cases.forEach((c, i) => {
        const got = runBn(k, c, 2000 + i);
        for (const [name, want] of Object.entries(wants[i])) {
          if (name === "dxScale") continue;
          const label = `${config} ${name} ${JSON.stringify(c)}`;
          if (name === "dx")
            expectClose(got.dx, want, { rtol: 1e-5, atol: 1e-5 * wants[i].dxScale[0] }, label);
          else expectScaled(got[name], want, label);
        }
      });
    });
  });

  it("layerNorm forward and backward match the reference", () => {
    const rng = new Rng(91);
    forEachConfig(k, (config) => {
      for (const [rows, dim] of [
        [1, 1],
        [3, 7],
        [64, 16],
        [10, 100],
        [50, 333],
      ]) {
        for (const affine of [false, true]) {
          const x = rng.f32(rows * dim, 3).map((v) => v + 2);
          const dy = rng.f32(rows * dim);
          const gamma = affine ? rng.f32(dim) : null;
          const beta = affine ? rng.f32(dim) : null;
          const dx0 = rng.f32(rows * dim);
          const dg0 = rng.f32(dim);
          const db0 = rng.f32(dim);
          const run = (kk: Kernels) => {
            const y = new Float32Array(rows * dim);
            const mean = new Float32Array(rows);
            const rstd = new Float32Array(rows);
            kk.layerNorm(x, rows, dim, gamma, beta, 1e-5, y, mean, rstd);
            const [dx, dgamma, dbeta] = [dx0.slice(), dg0.slice(), db0.slice()];
            kk.layerNormBackward(
              dy,
              x,
              rows,
              dim,
              gamma,
              mean,
              rstd,
              dx,
              affine ? dgamma : null,
              affine ? dbeta : null,
              true,
            );
            return { y, mean, rstd, dx, dgamma, dbeta };
          };
          const want = run(referenceKernels);
          const got = run(k);
          for (const name of Object.keys(want) as (keyof typeof want)[]) {
            expectScaled(got[name], want[name], `${config} ${name} rows=${rows} dim=${dim} affine=${affine}`);
          }
        }
      }
    });
  });

  it("softmax and log-softmax, forward and backward, match the reference", () => {
    const rng = new Rng(101);
    forEachConfig(k, (config) => {
      for (const [rows, dim] of [
        [1, 1],
        [4, 5],
        [64, 16],
        [8, 100],
        [3, 2000],
      ]) {
        for (const log of [false, true]) {
          const x = rng.f32(rows * dim, 5);
          const dy = rng.f32(rows * dim);
          const dx0 = rng.f32(rows * dim);
          const run = (kk: Kernels) => {
            const y = new Float32Array(rows * dim);
            kk.softmax(x, rows, dim, y, log);
            const dx = dx0.slice();
            kk.softmaxBackward(dy, y, rows, dim, dx, log, false);
            return { y, dx };
          };
          const want = run(referenceKernels);
          const got = run(k);
          const label = `${config} rows=${rows} dim=${dim} log=${log}`;
          expectClose(got.y, want.y, { rtol: 1e-5, atol: 1e-7 }, `${label} y`);
          expectScaled(got.dx, want.dx, `${label} dx`);
        }
      }
    });
  });

  it("softmax of a row of -Infinity gives NaN like the reference, and NaN inputs propagate", () => {
    const x = new Float32Array([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, 1, Number.NaN]);
    for (const log of [false, true]) {
      const want = new Float32Array(4);
      const got = new Float32Array(4);
      referenceKernels.softmax(x, 2, 2, want, log);
      k.softmax(x, 2, 2, got, log);
      expectClose(got, want, { rtol: 0 }, `log=${log}`);
    }
  });
});
