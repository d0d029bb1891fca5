/**
 * Parity of the native depthwiseNormAct kernels (the fused middle of an MBConv block in training) with the
 * reference kernels, on random shapes and the reference model's own layers, on every ISA path with 1 and 2
 * threads; bit-identical results across repeats and thread counts; bad direct calls throw.
 *
 * Tolerance: every output (y, the saved means and invstds, the running statistics, dx, dw and both norms'
 * dgamma and dbeta, all accumulated into non-zero buffers) within 5e-5 of the largest |reference value| of its
 * tensor, plus 1e-6. The native kernels chain two float32 batch norms and a convolution whose sums the
 * reference keeps in float64; the largest error measured on these shapes is 6.0e-6 of that scale (dbeta of
 * the input norm, 5 x 3 x 600), so the bound has a margin of about 8. Except dw with K = 1: batch norm
 * cancels any scale of its input, so that weight gradient is zero in exact arithmetic and what remains is the
 * rounding of a sum of N * Lout terms; it is held to 1e-5 of N * Lout * max|x| * max|dy| (plus the buffer's
 * initial contents, which it accumulates into).
 */
import { expect, it } from "vitest";
import type {
  BatchNormParams,
  DepthwiseNormParams,
  NormActivation,
} from "../../../src/tensor/kernels/kernels.js";
import type { NativeKernels } from "../../../src/tensor/kernels/native.js";
import { referenceKernels } from "../../../src/tensor/kernels/reference.js";
import { describeNative, expectClose, forEachConfig, maxAbs, Rng, sameBits } from "./native-helpers.js";

interface Shape {
  N: number;
  C: number;
  Lin: number;
  K: number;
  stride: number;
  dilation: number;
  inNorm: boolean;
  activation: NormActivation;
}

/** Returns one batch norm's parameters with random affine weights and running statistics. */
function norm(rng: Rng, N: number, C: number, L: number): BatchNormParams {
  return {
    ...{ N, C, L, eps: 1e-5, momentum: 0.1, training: true },
    gamma: rng.f32(C).map((v) => 1 + 0.3 * v),
    beta: rng.f32(C, 0.3),
    runningMean: rng.f32(C, 0.2),
    runningVar: rng.f32(C).map((v) => 1 + 0.2 * Math.abs(v)),
    mean: new Float32Array(C),
    invstd: new Float32Array(C),
  };
}

interface Case {
  p: DepthwiseNormParams;
  x: Float32Array;
  w: Float32Array;
  dy: Float32Array;
  /** Initial contents of the accumulated gradients: dx, dw, dgammaIn, dbetaIn, dgammaOut, dbetaOut. */
  grads: Float32Array[];
}

function makeCase(rng: Rng, s: Shape): Case {
  const pad = Math.floor(s.K / 2) * s.dilation;
  const Lout = Math.floor((s.Lin + 2 * pad - s.dilation * (s.K - 1) - 1) / s.stride) + 1;
  const p: DepthwiseNormParams = {
    ...{ N: s.N, C: s.C, Lin: s.Lin, K: s.K, Lout, stride: s.stride, padLeft: pad, dilation: s.dilation },
    activation: s.activation,
    inNorm: s.inNorm ? norm(rng, s.N, s.C, s.Lin) : null,
    outNorm: norm(rng, s.N, s.C, Lout),
  };
  const grads = [s.N * s.C * s.Lin, s.C * s.K, s.C, s.C, s.C, s.C].map((n) => rng.f32(n, 0.5));
  return {
    p,
    x: rng.f32(s.N * s.C * s.Lin, 2),
    w: rng.f32(s.C * s.K, 0.5),
    dy: rng.f32(s.N * s.C * Lout),
    grads,
  };
}

/** Runs forward and backward (accumulating) under k on private copies; returns every output, named. */
function run(k: Pick<NativeKernels, "depthwiseNormAct" | "depthwiseNormActBackward">, c: Case) {
  const fresh = (n: BatchNormParams): BatchNormParams => ({
    ...n,
    runningMean: Float32Array.from(n.runningMean!),
    runningVar: Float32Array.from(n.runningVar!),
    mean: new Float32Array(n.C),
    invstd: new Float32Array(n.C),
  });
  const p = { ...c.p, inNorm: c.p.inNorm && fresh(c.p.inNorm), outNorm: fresh(c.p.outNorm) };
  const y = new Float32Array(c.p.N * c.p.C * c.p.Lout);
  k.depthwiseNormAct(c.x, c.w, y, p);
  const [dx, dw, dgi, dbi, dgo, dbo] = c.grads.map((g) => Float32Array.from(g));
  k.depthwiseNormActBackward(c.dy, c.x, c.w, dx, dw, dgi, dbi, dgo, dbo, p, true);
  const outputs: Record<string, Float32Array> = { y, dx, dw, dgammaOut: dgo, dbetaOut: dbo };
  for (const [name, n] of [
    ["in", p.inNorm],
    ["out", p.outNorm],
  ] as const) {
    if (!n) continue;
    outputs[`${name} mean`] = n.mean as Float32Array;
    outputs[`${name} invstd`] = n.invstd as Float32Array;
    outputs[`${name} runningMean`] = n.runningMean as Float32Array;
    outputs[`${name} runningVar`] = n.runningVar as Float32Array;
  }
  if (p.inNorm) Object.assign(outputs, { dgammaIn: dgi, dbetaIn: dbi });
  return outputs;
}

const MODEL_LAYERS: Shape[] = [
  // the reference model's depthwise stages at L = 3000 (fewer samples, to keep the reference fast)
  { N: 4, C: 64, Lin: 1500, K: 5, stride: 2, dilation: 1, inNorm: true, activation: "silu" },
  { N: 4, C: 16, Lin: 1500, K: 3, stride: 1, dilation: 1, inNorm: false, activation: "silu" },
  { N: 8, C: 24, Lin: 375, K: 5, stride: 2, dilation: 1, inNorm: true, activation: "silu" },
  { N: 6, C: 168, Lin: 188, K: 3, stride: 1, dilation: 1, inNorm: true, activation: "silu" },
];

function randomShape(rng: Rng): Shape {
  return {
    N: rng.pick([1, 2, 5]),
    C: rng.pick([1, 3, 16, 19]),
    Lin: rng.pick([2, 7, 16, 33, 100, 600]),
    K: rng.pick([1, 3, 5]),
    stride: rng.pick([1, 2, 3]),
    dilation: rng.pick([1, 1, 2]),
    inNorm: rng.next() < 0.7,
    activation: rng.pick(["silu", "relu"] as const),
  };
}

describeNative("native depthwiseNormAct (fused depthwise conv + batch norms) vs reference", (k) => {
  const rng = new Rng(41);
  const shapes = [...MODEL_LAYERS, ...Array.from({ length: 14 }, () => randomShape(rng))].filter(
    (s) =>
      s.N * s.Lin > 1 &&
      Math.floor((s.Lin + 2 * Math.floor(s.K / 2) * s.dilation - s.dilation * (s.K - 1) - 1) / s.stride) +
        1 >=
        1,
  );
  for (const s of shapes) {
    const label = `${s.N}x${s.C}x${s.Lin} K${s.K} s${s.stride} d${s.dilation} ${s.inNorm ? "in+out norm" : "out norm"} ${s.activation}`;
    it(`forward and backward match the reference: ${label}`, () => {
      const c = makeCase(new Rng(s.N * 1000 + s.C * 10 + s.Lin), s);
      if (c.p.N * c.p.Lout <= 1) return; // a norm needs 2 values per channel
      const want = run(referenceKernels as Required<typeof referenceKernels>, c);
      forEachConfig(k, (config) => {
        const got = run(k, c);
        for (const [name, ref] of Object.entries(want)) {
          const cancelled = name === "dw" && s.K === 1;
          const scale = cancelled ? 0.2 * c.p.N * c.p.Lout * maxAbs(c.x) * maxAbs(c.dy) : maxAbs(ref);
          expectClose(got[name], ref, { rtol: 0, atol: 1e-6 + 5e-5 * scale }, `${label}, ${config}: ${name}`);
        }
      });
    });
  }

  it("is bit-identical on repeat and between 1 and 2 threads", () => {
    const c = makeCase(new Rng(5), MODEL_LAYERS[2]);
    const before = k.info().threads;
    try {
      const results = [1, 1, 2, 2].map((t) => {
        k.setThreads(t);
        return run(k, c);
      });
      for (const r of results.slice(1))
        for (const name of Object.keys(results[0]))
          expect(sameBits(r[name], results[0][name]), name).toBe(true);
    } finally {
      k.setThreads(before);
    }
  });

  it("throws instead of crashing on bad direct calls", () => {
    const c = makeCase(new Rng(6), { ...MODEL_LAYERS[2], N: 2 });
    const y = new Float32Array(c.p.N * c.p.C * c.p.Lout);
    expect(() => k.depthwiseNormAct(c.x.subarray(1), c.w, y, c.p)).toThrow(
      /x has \d+ elements but the call needs/,
    );
    expect(() => k.depthwiseNormAct(c.x, c.w, y.subarray(1), c.p)).toThrow(/y has \d+ elements/);
    expect(() => k.depthwiseNormAct(c.x, c.w, y, { ...c.p, K: 0 })).toThrow(/must be at least 1/);
    const shortNorm = { ...c.p.outNorm, mean: new Float32Array(1) };
    expect(() => k.depthwiseNormAct(c.x, c.w, y, { ...c.p, outNorm: shortNorm })).toThrow(
      /outMean has 1 elements/,
    );
    expect(() =>
      k.depthwiseNormActBackward(
        c.dy,
        c.x,
        c.w,
        new Float32Array(3),
        null,
        null,
        null,
        null,
        null,
        c.p,
        false,
      ),
    ).toThrow(/dx has 3 elements/);
  });
});
