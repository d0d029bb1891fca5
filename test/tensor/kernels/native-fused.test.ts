/**
 * Parity of the native fused kernels added for speed (conv1dAct, conv1dGated and its weight gradient,
 * rowScaleBackward, lstmForward, lstmBackward, mbconvForward) with the reference kernels, on random shapes, on every ISA path with 1 and 2
 * threads.
 *
 * Tolerances:
 * - conv1dAct: |native - reference| <= 1.1e-5 * s + 1e-6 |reference| + 1e-7, with s the convolution on
 *   |inputs| (the sum of the absolute terms, as in native-conv.test.ts): the convolution's float32 sum
 *   error, through an activation whose slope is at most 1.1 (SiLU), plus the activation's own rounding;
 * - conv1dGated and its weight gradient: within 1e-5 of the sum of the absolute terms (native-conv.test.ts);
 * - rowScaleBackward: dx within 1e-6 of |dy s| (+ |dx| when accumulating: one product, one add); ds within
 *   1e-5 of sum |dy x|;
 * - LSTM: the recurrence carries float32 rounding through T steps of a bounded map (|h|, |gates| <= 1):
 *   outputs within 2e-6 absolute + 1e-5 relative, gradients within 1e-5 of the largest |gradient| of their
 *   tensor. The largest errors measured on these shapes are below 1/10 (outputs) and 1/20 (gradients) of
 *   these bounds on every ISA path;
 * - mbconvForward: within 1e-5 of the largest |output| (three float32 sums of products and rounded
 *   activations against float64).
 */
import { expect, it } from "vitest";
import type {
  Conv1dParams,
  ConvActivation,
  Kernels,
  MBConvParams,
} from "../../../src/tensor/kernels/kernels.js";
import type { NativeKernels } from "../../../src/tensor/kernels/native.js";
import { referenceKernels } from "../../../src/tensor/kernels/reference.js";
import { abs, describeNative, expectClose, forEachConfig, maxAbs, Rng, sameBits } from "./native-helpers.js";

/** Returns y = act(conv1d(x, w) + bias) under the given kernels. */
function convAct(
  k: Required<Pick<NativeKernels, "conv1dAct">> | typeof referenceKernels,
  x: Float32Array,
  w: Float32Array,
  bias: Float32Array | null,
  p: Conv1dParams,
  activation: ConvActivation,
): Float32Array {
  const y = new Float32Array(p.N * p.Cout * p.Lout);
  k.conv1dAct!(x, w, bias, y, p, activation);
  return y;
}

/** A random conv on one of the native paths: depthwise, pointwise (GEMM), or general (im2col). */
function randomConv(rng: Rng, kind: number): Conv1dParams {
  const N = rng.pick([1, 2, 5]);
  const C = rng.pick([1, 3, 16, 19]);
  if (kind === 0) {
    const K = rng.pick([1, 3, 5]);
    const stride = rng.pick([1, 2]);
    const Lin = rng.pick([7, 33, 100]);
    const pad = Math.floor(K / 2);
    return {
      N,
      Cin: C,
      Lin,
      Cout: C,
      K,
      Lout: Math.floor((Lin + 2 * pad - K) / stride) + 1,
      stride,
      padLeft: pad,
      dilation: 1,
      groups: C,
    };
  }
  const Lin = rng.pick([1, 16, 45, 130]);
  if (kind === 1) {
    const Cout = rng.pick([1, 8, 13, 40]);
    return { N, Cin: C, Lin, Cout, K: 1, Lout: Lin, stride: 1, padLeft: 0, dilation: 1, groups: 1 };
  }
  const K = rng.pick([3, 9]);
  const Lout = Math.floor((Lin + 2 * 4 - K) / 2) + 1;
  return { N, Cin: C, Lin, Cout: rng.pick([4, 16]), K, Lout, stride: 2, padLeft: 4, dilation: 1, groups: 1 };
}

/** Runs the LSTM forward and backward under the given kernels; returns every output. */
function runLstm(
  k: Pick<Kernels, "name"> & Required<Pick<NativeKernels, "lstmForward" | "lstmBackward">>,
  N: number,
  T: number,
  H: number,
  seed: number,
  withDcT: boolean,
): Record<string, Float32Array> {
  const r = new Rng(seed);
  const xg = r.f32(N * T * 4 * H);
  const h0 = r.f32(N * H, 0.5);
  const c0 = r.f32(N * H, 0.5);
  const wHh = r.f32(4 * H * H, 1 / Math.sqrt(H));
  const dhs = r.f32(N * T * H);
  const dcT = withDcT ? r.f32(N * H) : null;
  const [hs, cs] = [new Float32Array(N * T * H), new Float32Array(N * T * H)];
  const gates = new Float32Array(N * T * 4 * H);
  k.lstmForward(xg, h0, c0, wHh, N, T, H, hs, cs, gates);
  const dxg = new Float32Array(N * T * 4 * H);
  const [dh0, dc0] = [new Float32Array(N * H), new Float32Array(N * H)];
  const dwHh = new Float32Array(4 * H * H);
  k.lstmBackward(dhs, dcT, gates, cs, hs, h0, c0, wHh, N, T, H, dxg, dh0, dc0, dwHh);
  return { hs, cs, gates, dxg, dh0, dc0, dwHh };
}

/** Seeded inputs and weights of one MBConv block; returns the params (buffers filled) and x. */
function mbconvCase(
  seed: number,
  shape: {
    N: number;
    Cin: number;
    L: number;
    Cmid: number;
    Cout: number;
    K: number;
    stride: number;
    S: number;
  },
  options: { expand: boolean; residual: boolean; biases: boolean; activation: "silu" | "relu" },
): { p: MBConvParams; x: Float32Array } {
  const r = new Rng(seed);
  const { N, Cin, L, Cmid, Cout, K, stride, S } = shape;
  const padLeft = Math.floor(K / 2);
  const Lout = Math.floor((L + 2 * padLeft - K) / stride) + 1;
  const bias = (n: number) => (options.biases ? r.f32(n, 0.2) : null);
  const p: MBConvParams = {
    ...{ N, Cin, L, Cmid, Cout, K, stride, padLeft, Lout, S },
    activation: options.activation,
    residual: options.residual,
    expandWeight: options.expand ? r.f32(Cmid * Cin, 0.4) : null,
    expandBias: options.expand ? bias(Cmid) : null,
    depthwiseWeight: r.f32(Cmid * K, 0.5),
    depthwiseBias: bias(Cmid),
    reduceWeight: S > 0 ? r.f32(S * Cmid, 0.4) : null,
    reduceBias: S > 0 ? bias(S) : null,
    gateWeight: S > 0 ? r.f32(Cmid * S, 0.4) : null,
    gateBias: S > 0 ? bias(Cmid) : null,
    projectWeight: r.f32(Cout * Cmid, 0.3),
    projectBias: bias(Cout),
  };
  return { p, x: r.f32(N * Cin * L) };
}

describeNative("native fused kernels", (k) => {
  it("conv1dAct (SiLU, ReLU, sigmoid; with and without bias) matches conv1d + activation of the reference on every conv path", () => {
    const rng = new Rng(71);
    const activations: ConvActivation[] = ["silu", "relu", "sigmoid"];
    const cases = Array.from({ length: 30 }, (_, i) => {
      const p = randomConv(rng, i % 3);
      const x = rng.f32(p.N * p.Cin * p.Lin);
      const w = rng.f32(p.Cout * (p.Cin / p.groups) * p.K);
      const bias = i % 2 === 0 ? rng.f32(p.Cout) : null;
      const activation = activations[i % 3];
      const want = convAct(referenceKernels, x, w, bias, p, activation);
      // the convolution alone on |inputs|: the sum of its absolute terms
      const scale = new Float32Array(want.length);
      referenceKernels.conv1d(abs(x), abs(w), bias && abs(bias), scale, p);
      return {
        p,
        x,
        w,
        bias,
        activation,
        want,
        scale: scale.map((v, j) => 1.1e-5 * v + 1e-6 * Math.abs(want[j])),
      };
    });
    forEachConfig(k, (config) => {
      for (const c of cases) {
        const got = convAct(k, c.x, c.w, c.bias, c.p, c.activation);
        const label = `${config} ${c.activation} bias=${c.bias !== null} ${JSON.stringify(c.p)}`;
        expectClose(got, c.want, { rtol: 1, atol: 1e-7, scale: c.scale }, label);
      }
    });
  });

  it("rowScaleBackward matches the reference (dx accumulated or written, ds; either output absent)", () => {
    const rng = new Rng(72);
    forEachConfig(k, (config) => {
      for (const [rows, n] of [
        [1, 1],
        [5, 7],
        [64, 16],
        [96, 750],
        [3, 2049],
      ]) {
        const [dy, x, s] = [rng.f32(rows * n), rng.f32(rows * n), rng.f32(rows)];
        const dx0 = rng.f32(rows * n);
        for (const accumulate of [false, true]) {
          const run = (kk: typeof k | typeof referenceKernels) => {
            const [dx, ds] = [dx0.slice(), new Float32Array(rows)];
            kk.rowScaleBackward!(dy, x, s, dx, ds, rows, n, accumulate);
            return { dx, ds };
          };
          const want = run(referenceKernels);
          const got = run(k);
          const label = `${config} rows=${rows} n=${n} accumulate=${accumulate}`;
          // accumulated, dx0 + dy s may cancel: the scale is that of its terms
          const dxScale = dy.map(
            (v, i) => Math.abs(v * s[Math.floor(i / n)]) + (accumulate ? Math.abs(dx0[i]) : 0),
          );
          expectClose(got.dx, want.dx, { rtol: 1e-6, atol: 1e-30, scale: dxScale }, `${label} dx`);
          const scale = new Float32Array(rows);
          for (let i = 0; i < rows * n; i++) scale[Math.floor(i / n)] += Math.abs(dy[i] * x[i]);
          expectClose(got.ds, want.ds, { rtol: 1e-5, atol: 1e-30, scale }, `${label} ds`);
        }
        const onlyDs = new Float32Array(rows);
        k.rowScaleBackward(dy, x, s, null, onlyDs, rows, n, false);
        const dxOnly = new Float32Array(rows * n);
        k.rowScaleBackward(dy, x, s, dxOnly, null, rows, n, false);
        const want = new Float32Array(rows);
        referenceKernels.rowScaleBackward!(dy, x, s, null, want, rows, n, false);
        const scale = want.map((v) => Math.abs(v) + maxAbs(want));
        expectClose(
          onlyDs,
          want,
          { rtol: 1e-5, atol: 1e-30, scale },
          `${config} ds alone rows=${rows} n=${n}`,
        );
        expectClose(
          dxOnly,
          dy.map((v, i) => v * s[Math.floor(i / n)]),
          { rtol: 1e-6 },
          `${config} dx alone`,
        );
      }
    });
  });

  it("lstmForward and lstmBackward match the reference (hidden sizes around the vector width, one and many steps)", () => {
    const shapes = [
      [1, 1, 1, false],
      [3, 1, 5, true],
      [4, 7, 16, false],
      [64, 16, 32, true],
      [5, 9, 19, true],
    ] as const;
    const wants = shapes.map(([N, T, H, dc], i) => runLstm(referenceKernels as never, N, T, H, 300 + i, dc));
    forEachConfig(k, (config) => {
      shapes.forEach(([N, T, H, dc], i) => {
        const got = runLstm(k, N, T, H, 300 + i, dc);
        for (const [name, want] of Object.entries(wants[i])) {
          const label = `${config} ${name} N=${N} T=${T} H=${H}`;
          if (name === "hs" || name === "cs" || name === "gates")
            expectClose(got[name], want, { rtol: 1e-5, atol: 2e-6 }, label);
          else expectClose(got[name], want, { rtol: 0, atol: 1e-5 * maxAbs(want) + 1e-30 }, label);
        }
      });
    });
  });

  it("lstmForward and lstmBackward give the same bits with 1 and 2 threads and without saved gates", () => {
    const before = k.info().threads;
    try {
      k.setThreads(1);
      const one = runLstm(k, 64, 16, 32, 9, true);
      k.setThreads(2);
      const two = runLstm(k, 64, 16, 32, 9, true);
      for (const name of Object.keys(one)) expect(sameBits(one[name], two[name]), name).toBe(true);
      const [hs, cs] = [new Float32Array(one.hs.length), new Float32Array(one.cs.length)];
      const r = new Rng(9);
      const xg = r.f32(64 * 16 * 128);
      const h0 = r.f32(64 * 32, 0.5);
      const c0 = r.f32(64 * 32, 0.5);
      const wHh = r.f32(128 * 32, 1 / Math.sqrt(32));
      k.lstmForward(xg, h0, c0, wHh, 64, 16, 32, hs, cs, null);
      expect(sameBits(hs, one.hs)).toBe(true);
    } finally {
      k.setThreads(before);
    }
  });
  it("mbconvForward matches the reference block (expansion or not, SE or not, residual, stride 2, biases, ReLU)", () => {
    // Tolerance: |native - reference| <= 1e-5 of the largest |reference| output: a few float32 sums of
    // products (the expansion, depthwise and projection) and rounded activations, compared with float64.
    const cases = [
      mbconvCase(
        1,
        { N: 3, Cin: 8, L: 33, Cmid: 32, Cout: 12, K: 5, stride: 2, S: 2 },
        { expand: true, residual: false, biases: true, activation: "silu" },
      ),
      mbconvCase(
        2,
        { N: 2, Cin: 16, L: 64, Cmid: 16, Cout: 16, K: 3, stride: 1, S: 4 },
        { expand: false, residual: true, biases: true, activation: "silu" },
      ),
      mbconvCase(
        3,
        { N: 5, Cin: 24, L: 16, Cmid: 96, Cout: 24, K: 5, stride: 1, S: 6 },
        { expand: true, residual: true, biases: false, activation: "relu" },
      ),
      mbconvCase(
        4,
        { N: 1, Cin: 3, L: 7, Cmid: 9, Cout: 2, K: 3, stride: 2, S: 0 },
        { expand: true, residual: false, biases: true, activation: "silu" },
      ),
    ];
    const wants = cases.map(({ p, x }) => {
      const y = new Float32Array(p.N * p.Cout * p.Lout);
      referenceKernels.mbconvForward!(x, y, p);
      return y;
    });
    forEachConfig(k, (config) => {
      cases.forEach(({ p, x }, i) => {
        const y = new Float32Array(p.N * p.Cout * p.Lout);
        k.mbconvForward(x, y, p);
        const label = `${config} ${JSON.stringify({ ...p, expandWeight: 0, depthwiseWeight: 0, reduceWeight: 0, gateWeight: 0, projectWeight: 0, expandBias: 0, depthwiseBias: 0, reduceBias: 0, gateBias: 0, projectBias: 0 })}`;
        expectClose(y, wants[i], { rtol: 0, atol: 1e-5 * maxAbs(wants[i]) }, label);
      });
    });
  });

  it("mbconvForward gives the same bits with 1 and 2 threads and rejects weights of the wrong size", () => {
    const { p, x } = mbconvCase(
      7,
      { N: 16, Cin: 24, L: 64, Cmid: 96, Cout: 24, K: 5, stride: 1, S: 6 },
      { expand: true, residual: true, biases: true, activation: "silu" },
    );
    const before = k.info().threads;
    try {
      const run = (threads: number) => {
        k.setThreads(threads);
        const y = new Float32Array(p.N * p.Cout * p.Lout);
        k.mbconvForward(x, y, p);
        return y;
      };
      expect(sameBits(run(1), run(2))).toBe(true);
    } finally {
      k.setThreads(before);
    }
    const y = new Float32Array(p.N * p.Cout * p.Lout);
    expect(() => k.mbconvForward(x, y, { ...p, projectWeight: new Float32Array(3) })).toThrow(
      "native kernel mbconvForward: wp has 3 elements but the call needs exactly 2304",
    );
    expect(() => k.mbconvForward(x, y, { ...p, Cout: 12 })).toThrow(
      "a residual block needs Cout = Cin and Lout = L",
    );
  });
  it("conv1dGated and its weight gradient match the reference (bias or not, accumulate or not) and reject other convs", () => {
    // Tolerance: the sums of products of native-conv.test.ts, within 1e-5 of the sum of the absolute terms.
    const rng = new Rng(73);
    const cases = Array.from({ length: 12 }, (_, i) => {
      const [N, Cin, Cout, L] = [
        rng.pick([1, 3, 8]),
        rng.pick([1, 5, 16, 40]),
        rng.pick([1, 7, 24]),
        rng.pick([1, 9, 64, 130]),
      ];
      const p: Conv1dParams = {
        N,
        Cin,
        Lin: L,
        Cout,
        K: 1,
        Lout: L,
        stride: 1,
        padLeft: 0,
        dilation: 1,
        groups: 1,
      };
      return {
        p,
        x: rng.f32(N * Cin * L),
        scale: rng.f32(N * Cin).map(Math.abs),
        w: rng.f32(Cout * Cin),
        bias: i % 2 ? rng.f32(Cout) : null,
        dy: rng.f32(N * Cout * L),
        dw0: rng.f32(Cout * Cin),
        db0: rng.f32(Cout),
        accumulate: i % 3 === 0,
      };
    });
    type Case = (typeof cases)[number];
    const run = (kk: typeof k | typeof referenceKernels, c: Case, abs = false) => {
      const m = (v: Float32Array) => (abs ? v.map(Math.abs) : v);
      const y = new Float32Array(c.p.N * c.p.Cout * c.p.Lout);
      kk.conv1dGated!(m(c.x), c.scale, m(c.w), c.bias && m(c.bias), y, c.p);
      const [dw, db] = [m(c.dw0).slice(), m(c.db0).slice()];
      kk.conv1dGatedBackwardWeight!(m(c.dy), m(c.x), c.scale, dw, c.bias ? db : null, c.p, c.accumulate);
      return [y, dw, db];
    };
    const wants = cases.map((c) => ({
      want: run(referenceKernels, c),
      scale: run(referenceKernels, c, true),
    }));
    forEachConfig(k, (config) => {
      cases.forEach((c, i) => {
        const got = run(k, c);
        ["y", "dw", "dbias"].forEach((name, o) => {
          if (o === 2 && !c.bias) return;
          const label = `${config} ${name} ${JSON.stringify(c.p)} accumulate=${c.accumulate}`;
          expectClose(got[o], wants[i].want[o], { rtol: 1e-5, atol: 1e-30, scale: wants[i].scale[o] }, label);
        });
      });
    });
    const p: Conv1dParams = {
      N: 1,
      Cin: 2,
      Lin: 5,
      Cout: 3,
      K: 3,
      Lout: 3,
      stride: 1,
      padLeft: 0,
      dilation: 1,
      groups: 1,
    };
    const f = (n: number) => new Float32Array(n);
    expect(() => k.conv1dGated(f(10), f(2), f(18), null, f(9), p)).toThrow(
      "native kernel conv1dGated: handles pointwise convolutions only (K = 1, stride 1, no padding, groups 1)",
    );
  });
});
