/**
 * The kernel calls the reference model (bench/engine/reference-model.json: 1D EfficientNet, stem 1->16 k9 s2,
 * MBConv blocks with SE, head 64->120, then LSTM and attention) makes at batch 64, for an input of length L
 * (256 or 3000): a representative layer of each kind, forward and backward, with its work in flops (GEMM,
 * conv) or bytes moved (everything memory-bound).
 */
import type {
  Conv1dParams,
  DepthwiseNormParams,
  EngineKernels,
  Kernels,
} from "../../src/tensor/kernels/kernels.js";

/** One benchmark case: a kernel call on fixed buffers, and its work per call. */
export interface KernelCase {
  /** Kernel family and layer, e.g. "conv1d 1x1 fwd (block2 expand 24->96)". */
  name: string;
  /** Shape summary, e.g. "N64 C24->96 L750". */
  shape: string;
  /** "flop" for compute-bound kernels (GFLOP/s), "byte" for memory-bound ones (GB/s). */
  unit: "flop" | "byte";
  /** Work per call in the unit. */
  work: number;
  /** Runs the kernel once with the given backend. */
  run(k: Kernels): void;
}

const BATCH = 64;

/** Returns a Float32Array of n values in [-1, 1) from a fixed linear congruential sequence. */
function data(n: number, seed = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Forward, input-gradient and weight-gradient cases of one conv layer. */
function convCases(label: string, p: Conv1dParams): KernelCase[] {
  const x = data(p.N * p.Cin * p.Lin, 2);
  const w = data(p.Cout * (p.Cin / p.groups) * p.K, 3);
  const y = new Float32Array(p.N * p.Cout * p.Lout);
  const dy = data(y.length, 4);
  const dx = new Float32Array(x.length);
  const dw = new Float32Array(w.length);
  const flops = 2 * p.N * p.Cout * (p.Cin / p.groups) * p.K * p.Lout;
  const kind = p.groups === p.Cin && p.groups > 1 ? "depthwise" : p.K === 1 ? "1x1" : `k${p.K}`;
  const shape = `N${p.N} C${p.Cin}->${p.Cout} K${p.K} s${p.stride} L${p.Lin}->${p.Lout}`;
  return [
    {
      name: `conv1d ${kind} fwd (${label})`,
      shape,
      unit: "flop",
      work: flops,
      run: (k) => k.conv1d(x, w, null, y, p),
    },
    {
      name: `conv1d ${kind} bwd-input (${label})`,
      shape,
      unit: "flop",
      work: flops,
      run: (k) => k.conv1dBackwardInput(dy, w, dx, p, false),
    },
    {
      name: `conv1d ${kind} bwd-weight (${label})`,
      shape,
      unit: "flop",
      work: flops,
      run: (k) => k.conv1dBackwardWeight(dy, x, dw, null, p, false),
    },
  ];
}

function conv(
  N: number,
  Cin: number,
  Cout: number,
  K: number,
  stride: number,
  Lin: number,
  groups = 1,
): Conv1dParams {
  const padLeft = Math.floor(K / 2);
  const Lout = Math.floor((Lin + 2 * padLeft - K) / stride) + 1;
  return { N, Cin, Lin, Cout, K, Lout, stride, padLeft, dilation: 1, groups };
}

/** Returns the benchmark cases for input length L (the stem halves it, each stride-2 block halves it again). */
export function modelCases(L: number): KernelCase[] {
  const N = BATCH;
  const L1 = Math.floor((L + 8 - 9) / 2) + 1; // after the stem
  const L2 = Math.floor((L1 + 4 - 5) / 2) + 1; // after block 2's stride
  const L3 = Math.floor((L2 + 4 - 5) / 2) + 1; // after block 3's stride
  const L4 = Math.floor((L3 + 2 - 3) / 2) + 1; // after block 4's stride
  const cases: KernelCase[] = [
    ...convCases("stem", conv(N, 1, 16, 9, 2, L)),
    ...convCases("block2 expand 16->64", conv(N, 16, 64, 1, 1, L1)),
    ...convCases("block2 depthwise", conv(N, 64, 64, 5, 2, L1, 64)),
    ...convCases("block2.1 expand 24->96", conv(N, 24, 96, 1, 1, L2)),
    ...convCases("block2.1 depthwise", conv(N, 96, 96, 5, 1, L2, 96)),
    ...convCases("block3.1 project 160->40", conv(N, 160, 40, 1, 1, L3)),
    ...convCases("head 64->120", conv(N, 64, 120, 1, 1, L4)),
  ];

  // memory-bound kernels on the block2.1 expanded activation (64, 96, L2)
  const C = 96;
  const size = N * C * L2;
  const x = data(size, 5);
  const y = new Float32Array(size);
  const dy = data(size, 6);
  const dx = new Float32Array(size);
  const shape = `N${N} C${C} L${L2}`;
  const perChannel = (n: number) => new Float32Array(n);
  const bn = {
    N,
    C,
    L: L2,
    eps: 1e-5,
    momentum: 0.1,
    training: true,
    gamma: data(C, 7),
    beta: data(C, 8),
    runningMean: perChannel(C),
    runningVar: perChannel(C).fill(1),
    mean: perChannel(C),
    invstd: perChannel(C),
  };
  const [dgamma, dbeta] = [perChannel(C), perChannel(C)];
  const [depthwiseWeight, dDepthwiseWeight] = [data(C * 5, 10), perChannel(C * 5)];
  const depthwiseNorm: DepthwiseNormParams = {
    ...{ N, C, Lin: L2, K: 5, Lout: L2, stride: 1, padLeft: 2, dilation: 1, activation: "silu" },
    inNorm: bn,
    outNorm: { ...bn, mean: perChannel(C), invstd: perChannel(C) },
  };
  const scale = data(N * C, 9);
  const pooled = new Float32Array(N * C);
  cases.push(
    { name: "silu fwd", shape, unit: "byte", work: 8 * size, run: (k) => k.unary("silu", x, y) },
    {
      name: "silu bwd",
      shape,
      unit: "byte",
      work: 12 * size,
      run: (k) => k.unaryBackward("silu", x, y, dy, dx, false),
    },
    { name: "sigmoid fwd", shape, unit: "byte", work: 8 * size, run: (k) => k.unary("sigmoid", x, y) },
    { name: "batchNorm train fwd", shape, unit: "byte", work: 8 * size, run: (k) => k.batchNorm(x, y, bn) },
    {
      name: "batchNorm train bwd",
      shape,
      unit: "byte",
      work: 12 * size,
      run: (k) => k.batchNormBackward(dy, x, dx, dgamma, dbeta, bn, false),
    },
    {
      name: "batchNormAct silu fwd (fused)",
      shape,
      unit: "byte",
      work: 8 * size,
      run: (k) => (k as EngineKernels).batchNormAct?.(x, y, bn, "silu"),
    },
    {
      name: "batchNormAct silu bwd (fused)",
      shape,
      unit: "byte",
      work: 12 * size,
      run: (k) => (k as EngineKernels).batchNormActBackward?.(dy, x, dx, dgamma, dbeta, bn, "silu", false),
    },
    {
      // the whole middle of block 2.1: BN + SiLU, depthwise k5, BN + SiLU; bytes: x in, y out
      name: "depthwiseNormAct fwd (fused, k5)",
      shape,
      unit: "byte",
      work: 8 * size,
      run: (k) => (k as EngineKernels).depthwiseNormAct?.(x, depthwiseWeight, y, depthwiseNorm),
    },
    {
      // bytes: dy and x in, dx out
      name: "depthwiseNormAct bwd (fused, k5)",
      shape,
      unit: "byte",
      work: 12 * size,
      run: (k) =>
        (k as EngineKernels).depthwiseNormActBackward?.(
          dy,
          x,
          depthwiseWeight,
          dx,
          dDepthwiseWeight,
          dgamma,
          dbeta,
          dgamma,
          dbeta,
          depthwiseNorm,
          false,
        ),
    },
    {
      name: "SE scale (N,C,1)*(N,C,L)",
      shape,
      unit: "byte",
      work: 8 * size,
      run: (k) =>
        k.binary(
          "mul",
          scale,
          Int32Array.of(C, 1, 0),
          x,
          Int32Array.of(C * L2, L2, 1),
          y,
          Int32Array.of(N, C, L2),
        ),
    },
    {
      name: "global avg pool (mean over L)",
      shape,
      unit: "byte",
      work: 4 * size,
      run: (k) => k.reduce("mean", x, N * C, L2, 1, pooled),
    },
    {
      name: "transpose (N,C,L)->(N,L,C)",
      shape,
      unit: "byte",
      work: 8 * size,
      run: (k) =>
        k.copyStrided(
          x,
          0,
          Int32Array.of(C * L2, L2, 1),
          y,
          0,
          Int32Array.of(C * L2, 1, C),
          Int32Array.of(N, C, L2),
          false,
        ),
    },
  );

  // attention over the head's feature map: 2 queries x 4 heads per sample, L4 keys
  const rows = N * 2 * 4;
  const scores = data(rows * L4, 10);
  const probs = new Float32Array(rows * L4);
  cases.push({
    name: "softmax (attention)",
    shape: `rows${rows} dim${L4}`,
    unit: "byte",
    work: 8 * rows * L4,
    run: (k) => k.softmax(scores, rows, L4, probs, false),
  });
  return cases;
}

/** Plain GEMM shapes: a large square one (the machine's GEMM ceiling) and the LSTM's gate product. */
export function gemmCases(): KernelCase[] {
  const square = 1024;
  const a = data(square * square, 11);
  const b = data(square * square, 12);
  const c = new Float32Array(square * square);
  const x = data(BATCH * 32, 13);
  const w = data(128 * 32, 14);
  const gates = new Float32Array(BATCH * 128);
  return [
    {
      name: "gemm 1024^3",
      shape: "M1024 N1024 K1024",
      unit: "flop",
      work: 2 * square ** 3,
      run: (k) => k.gemm(false, false, 1, square, square, square, 1, a, 0, b, 0, 0, c, 0),
    },
    {
      name: "gemm LSTM gates h @ W^T",
      shape: "M64 N128 K32",
      unit: "flop",
      work: 2 * BATCH * 128 * 32,
      run: (k) => k.gemm(false, true, 1, BATCH, 128, 32, 1, x, 0, w, 0, 1, gates, 0),
    },
  ];
}
