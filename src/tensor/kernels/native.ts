/**
 * The native kernel backend: the C addon built from native/ (see native/README.md), wrapped into the
 * Kernels interface. Float32 only; float64 buffers are routed to the reference kernels by the backend layer,
 * and one that reaches the addon anyway is rejected with a clear BackendError.
 *
 * Loading follows sharp's loader: the build outputs are tried in a fixed order (EFFICIENTECG_NATIVE if set,
 * then build/Release, then build/Debug), every failure is collected, and one BackendError lists them all
 * with the fix. Tests inject a binding object (or a path) instead.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe } from "../../errors.js";
import { BackendError } from "../errors.js";
import type {
  BatchNormParams,
  BinaryOp,
  Buf,
  Conv1dParams,
  ExtraKernels,
  FusedKernels,
  Kernels,
  NormActivation,
  Pool1dParams,
  ReduceOp,
  UnaryOp,
} from "./kernels.js";

/** The addon's ABI version this wrapper expects (native/addon/addon.c ECG_ADDON_VERSION). */
export const NATIVE_ADDON_VERSION = 3;

/** What the addon reports about itself: instruction set paths, CPU features, threads. */
export interface NativeAddonInfo {
  version: number;
  /** The instruction set path in use: "avx512", "avx2" or "scalar". */
  isa: string;
  /** Paths this CPU can run, best last. */
  isas: string[];
  cpu: Record<"x86" | "avx2" | "fma" | "avx512f" | "avx512dq" | "avx512bw" | "avx512vl", boolean>;
  threads: number;
  /** CPU cores this process may use (the default thread count). */
  cores: number;
  compiler: string;
}

type F32 = Float32Array;
type OptF32 = Float32Array | null;

/** The flat function surface of the addon: typed arrays and integers only. */
export interface NativeBinding {
  info(): NativeAddonInfo;
  setThreads(n: number): number;
  setIsa(name: string): string;
  unary(op: UnaryOp, x: F32, out: F32): void;
  unaryBackward(op: UnaryOp, x: F32, y: F32, dy: F32, dx: F32, accumulate: boolean): void;
  binary(
    op: BinaryOp,
    a: F32,
    aStrides: Int32Array,
    b: F32,
    bStrides: Int32Array,
    out: F32,
    shape: Int32Array,
  ): void;
  affine(x: F32, alpha: number, beta: number, out: F32): void;
  axpy(alpha: number, x: F32, y: F32): void;
  pow(x: F32, p: number, out: F32): void;
  powBackward(x: F32, p: number, dy: F32, dx: F32, accumulate: boolean): void;
  clamp(x: F32, lo: number, hi: number, out: F32): void;
  clampBackward(x: F32, lo: number, hi: number, dy: F32, dx: F32, accumulate: boolean): void;
  maskedFill(x: F32, mask: F32, value: number, out: F32): void;
  reduce(op: ReduceOp, x: F32, outer: number, n: number, inner: number, out: F32, argmax?: Int32Array): void;
  copyStrided(
    src: F32,
    srcOffset: number,
    srcStrides: Int32Array,
    dst: F32,
    dstOffset: number,
    dstStrides: Int32Array,
    shape: Int32Array,
    accumulate: boolean,
  ): void;
  gatherRows(table: F32, dim: number, index: Int32Array, out: F32): void;
  scatterAddRows(src: F32, dim: number, index: Int32Array, table: F32): void;
  gemm(
    transA: boolean,
    transB: boolean,
    batch: number,
    M: number,
    N: number,
    K: number,
    alpha: number,
    A: F32,
    strideA: number,
    B: F32,
    strideB: number,
    beta: number,
    C: F32,
    strideC: number,
  ): void;
  conv1d(x: F32, w: F32, bias: OptF32, y: F32, ...params: ConvInts): void;
  conv1dBackwardInput(dy: F32, w: F32, dx: F32, ...rest: [...ConvInts, boolean]): void;
  conv1dBackwardWeight(dy: F32, x: F32, dw: F32, dbias: OptF32, ...rest: [...ConvInts, boolean]): void;
  pool1d(kind: "max" | "avg", x: F32, y: F32, ...rest: [...PoolInts, Int32Array | null]): void;
  pool1dBackward(kind: "max" | "avg", dy: F32, dx: F32, ...rest: [...PoolInts, Int32Array | null]): void;
  batchNorm(x: F32, y: F32, ...params: BatchNormArgs): void;
  batchNormBackward(
    dy: F32,
    x: F32,
    dx: F32,
    dgamma: OptF32,
    dbeta: OptF32,
    ...rest: [...BatchNormArgs, boolean]
  ): void;
  batchNormAct(x: F32, y: F32, ...rest: [...BatchNormArgs, NormActivation]): void;
  batchNormActBackward(
    dy: F32,
    x: F32,
    dx: F32,
    dgamma: OptF32,
    dbeta: OptF32,
    ...rest: [...BatchNormArgs, NormActivation, boolean]
  ): void;
  layerNorm(
    x: F32,
    rows: number,
    dim: number,
    gamma: OptF32,
    beta: OptF32,
    eps: number,
    y: F32,
    mean: F32,
    rstd: F32,
  ): void;
  layerNormBackward(
    dy: F32,
    x: F32,
    rows: number,
    dim: number,
    gamma: OptF32,
    mean: F32,
    rstd: F32,
    dx: F32,
    dgamma: OptF32,
    dbeta: OptF32,
    accumulate: boolean,
  ): void;
  softmax(x: F32, rows: number, dim: number, y: F32, log: boolean): void;
  softmaxBackward(
    dy: F32,
    y: F32,
    rows: number,
    dim: number,
    dx: F32,
    log: boolean,
    accumulate: boolean,
  ): void;
}

type ConvInts = [number, number, number, number, number, number, number, number, number, number];
type PoolInts = [number, number, number, number, number, number];
type BatchNormArgs = [
  number,
  number,
  number,
  number,
  number,
  boolean,
  OptF32,
  OptF32,
  OptF32,
  OptF32,
  F32,
  F32,
];

/** Function names every binding must have (checked on load, so a stale build fails clearly). */
const BINDING_FUNCTIONS: readonly (keyof NativeBinding)[] = [
  "info",
  "setThreads",
  "setIsa",
  "unary",
  "unaryBackward",
  "binary",
  "affine",
  "axpy",
  "pow",
  "powBackward",
  "clamp",
  "clampBackward",
  "maskedFill",
  "reduce",
  "copyStrided",
  "gatherRows",
  "scatterAddRows",
  "gemm",
  "conv1d",
  "conv1dBackwardInput",
  "conv1dBackwardWeight",
  "pool1d",
  "pool1dBackward",
  "batchNorm",
  "batchNormBackward",
  "batchNormAct",
  "batchNormActBackward",
  "layerNorm",
  "layerNormBackward",
  "softmax",
  "softmaxBackward",
];

/**
 * The Kernels object of the native backend (with the added and the fused kernels), plus what the addon says
 * about itself.
 */
export interface NativeKernels extends Kernels, ExtraKernels, Required<FusedKernels> {
  /** Where the addon was loaded from ("injected" for a binding object) and what was tried before it. */
  readonly source: { path: string; tried: NativeLoadAttempt[] };
  /** Returns the addon's report: ISA path in use, CPU features, thread count. */
  info(): NativeAddonInfo;
  /** Switches the instruction set path ("scalar", "avx2", "avx512"); returns the one in effect. */
  setIsa(isa: string): string;
}

/** One place the loader looked, and why it did not use it (undefined error = it loaded). */
export interface NativeLoadAttempt {
  path: string;
  error?: string;
}

/** The project root: this file sits at <root>/{src,dist}/tensor/kernels/. */
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Returns the addon paths the loader tries, in order. */
export function nativeCandidates(): string[] {
  const paths = [
    resolve(projectRoot, "build", "Release", "efficientecg.node"),
    resolve(projectRoot, "build", "Debug", "efficientecg.node"),
  ];
  const override = process.env.EFFICIENTECG_NATIVE;
  return override ? [resolve(override), ...paths] : paths;
}

const HOW_TO_FIX =
  "Build the addon with `npm run build:native` (it needs python3, make and a C compiler), " +
  "or use the TypeScript kernels with EFFICIENTECG_BACKEND=ts.";

/**
 * Returns the native kernels, loaded from `options.binding` (an addon object or a path to a .node file) or
 * else from the first of `options.searchPaths` (default: nativeCandidates()) that loads. Throws one
 * BackendError listing every path tried.
 */
export function loadNativeKernels(
  options: { binding?: object | string; searchPaths?: readonly string[] } = {},
): NativeKernels {
  const { binding } = options;
  if (
    binding !== undefined &&
    typeof binding !== "string" &&
    (typeof binding !== "object" || binding === null)
  ) {
    throw new BackendError(
      `Expected an addon object or a path for binding but received ${describe(binding)}`,
    );
  }
  if (typeof binding === "object") {
    const problem = bindingProblem(binding);
    if (problem) throw new BackendError(`injected native binding is unusable: ${problem}`);
    return wrap(binding as NativeBinding, { path: "injected", tried: [] });
  }
  const paths =
    typeof binding === "string" ? [resolve(binding)] : (options.searchPaths ?? nativeCandidates());
  const tried: NativeLoadAttempt[] = [];
  const require = createRequire(import.meta.url);
  for (const path of paths) {
    if (!existsSync(path)) {
      tried.push({ path, error: "not found" });
      continue;
    }
    let loaded: unknown;
    try {
      loaded = require(path);
    } catch (error) {
      tried.push({ path, error: firstLine((error as Error).message) });
      continue;
    }
    const problem = bindingProblem(loaded);
    if (problem) {
      tried.push({ path, error: problem });
      continue;
    }
    tried.push({ path });
    return wrap(loaded as NativeBinding, { path, tried });
  }
  const list = tried.map((t) => `  - ${t.path}: ${t.error}`).join("\n");
  throw new BackendError(`native kernels unavailable; tried:\n${list}\n${HOW_TO_FIX}`);
}

/** Returns why a loaded module is not a usable addon (missing functions, wrong version), or undefined. */
function bindingProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null)
    return `expected an object but received ${describe(value)}`;
  const record = value as Record<string, unknown>;
  const missing = BINDING_FUNCTIONS.filter((name) => typeof record[name] !== "function");
  if (missing.length > 0) return `missing ${missing.join(", ")} (a stale build? rebuild it)`;
  let version: unknown;
  try {
    version = (value as NativeBinding).info().version;
  } catch (error) {
    return `info() threw ${(error as Error).message}`;
  }
  if (version !== NATIVE_ADDON_VERSION) {
    return `addon version ${describe(version)} but this code needs ${NATIVE_ADDON_VERSION} (rebuild it)`;
  }
  return undefined;
}

function firstLine(text: string): string {
  const line = text.split("\n", 1)[0];
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

/** Returns a BackendError for an error thrown inside the addon, with a stack through the JS caller. */
function nativeError(error: unknown): BackendError {
  const message = error instanceof Error ? error.message : String(error);
  return new BackendError(`native kernel ${message}`, { cause: error });
}

/** Narrows a buffer to Float32Array; float64 never belongs here (the backend routes it to the reference). */
function f32(name: string, b: Buf): Float32Array {
  if (b instanceof Float32Array) return b;
  throw new BackendError(
    `native kernel ${name}: Expected Float32Array but received ${describe(b)} ` +
      "(the native kernels are float32 only; float64 tensors run on the reference kernels)",
  );
}

function optF32(name: string, b: Buf | null): Float32Array | null {
  return b === null ? null : f32(name, b);
}

function convArgs(p: Conv1dParams): ConvInts {
  return [p.N, p.Cin, p.Lin, p.Cout, p.K, p.Lout, p.stride, p.padLeft, p.dilation, p.groups];
}

function poolArgs(p: Pool1dParams): PoolInts {
  return [p.rows, p.Lin, p.K, p.Lout, p.stride, p.padLeft];
}

function bnArgs(name: string, p: BatchNormParams): BatchNormArgs {
  return [
    p.N,
    p.C,
    p.L,
    p.eps,
    p.momentum,
    p.training,
    optF32(name, p.gamma),
    optF32(name, p.beta),
    optF32(name, p.runningMean),
    optF32(name, p.runningVar),
    f32(name, p.mean),
    f32(name, p.invstd),
  ];
}

/** Wraps the flat binding into the Kernels interface; every call turns addon errors into BackendErrors. */
function wrap(b: NativeBinding, source: NativeKernels["source"]): NativeKernels {
  // NOTE: a try/catch per call costs nothing on V8's happy path; it gives every native failure a typed
  // error whose stack runs through the op that called the kernel.
  const call = <T>(run: () => T): T => {
    try {
      return run();
    } catch (error) {
      throw error instanceof BackendError ? error : nativeError(error);
    }
  };
  return {
    name: "native",
    source,
    info: () => b.info(),
    setIsa: (isa) => call(() => b.setIsa(isa)),
    setThreads: (n) => call(() => b.setThreads(n)),
    unary: (op, x, out) => call(() => b.unary(op, f32("unary", x), f32("unary", out))),
    unaryBackward: (op, x, y, dy, dx, accumulate) =>
      call(() =>
        b.unaryBackward(
          op,
          f32("unaryBackward", x),
          f32("unaryBackward", y),
          f32("unaryBackward", dy),
          f32("unaryBackward", dx),
          accumulate,
        ),
      ),
    binary: (op, a, aStrides, bb, bStrides, out, shape) =>
      call(() =>
        b.binary(op, f32("binary", a), aStrides, f32("binary", bb), bStrides, f32("binary", out), shape),
      ),
    affine: (x, alpha, beta, out) => call(() => b.affine(f32("affine", x), alpha, beta, f32("affine", out))),
    axpy: (alpha, x, y) => call(() => b.axpy(alpha, f32("axpy", x), f32("axpy", y))),
    pow: (x, p, out) => call(() => b.pow(f32("pow", x), p, f32("pow", out))),
    powBackward: (x, p, dy, dx, accumulate) =>
      call(() =>
        b.powBackward(f32("powBackward", x), p, f32("powBackward", dy), f32("powBackward", dx), accumulate),
      ),
    clamp: (x, lo, hi, out) => call(() => b.clamp(f32("clamp", x), lo, hi, f32("clamp", out))),
    clampBackward: (x, lo, hi, dy, dx, accumulate) =>
      call(() =>
        b.clampBackward(
          f32("clampBackward", x),
          lo,
          hi,
          f32("clampBackward", dy),
          f32("clampBackward", dx),
          accumulate,
        ),
      ),
    maskedFill: (x, mask, value, out) =>
      call(() => b.maskedFill(f32("maskedFill", x), f32("maskedFill", mask), value, f32("maskedFill", out))),
    reduce: (op, x, outer, n, inner, out, argmax) =>
      call(() => b.reduce(op, f32("reduce", x), outer, n, inner, f32("reduce", out), argmax)),
    copyStrided: (src, srcOffset, srcStrides, dst, dstOffset, dstStrides, shape, accumulate) =>
      call(() =>
        b.copyStrided(
          f32("copyStrided", src),
          srcOffset,
          srcStrides,
          f32("copyStrided", dst),
          dstOffset,
          dstStrides,
          shape,
          accumulate,
        ),
      ),
    gatherRows: (table, dim, index, out) =>
      call(() => b.gatherRows(f32("gatherRows", table), dim, index, f32("gatherRows", out))),
    scatterAddRows: (src, dim, index, table) =>
      call(() => b.scatterAddRows(f32("scatterAddRows", src), dim, index, f32("scatterAddRows", table))),
    gemm: (transA, transB, batch, M, N, K, alpha, A, strideA, B, strideB, beta, C, strideC) =>
      call(() =>
        b.gemm(
          transA,
          transB,
          batch,
          M,
          N,
          K,
          alpha,
          f32("gemm", A),
          strideA,
          f32("gemm", B),
          strideB,
          beta,
          f32("gemm", C),
          strideC,
        ),
      ),
    conv1d: (x, w, bias, y, p) =>
      call(() =>
        b.conv1d(
          f32("conv1d", x),
          f32("conv1d", w),
          optF32("conv1d", bias),
          f32("conv1d", y),
          ...convArgs(p),
        ),
      ),
    conv1dBackwardInput: (dy, w, dx, p, accumulate) =>
      call(() =>
        b.conv1dBackwardInput(
          f32("conv1dBackwardInput", dy),
          f32("conv1dBackwardInput", w),
          f32("conv1dBackwardInput", dx),
          ...convArgs(p),
          accumulate,
        ),
      ),
    conv1dBackwardWeight: (dy, x, dw, dbias, p, accumulate) =>
      call(() =>
        b.conv1dBackwardWeight(
          f32("conv1dBackwardWeight", dy),
          f32("conv1dBackwardWeight", x),
          f32("conv1dBackwardWeight", dw),
          optF32("conv1dBackwardWeight", dbias),
          ...convArgs(p),
          accumulate,
        ),
      ),
    pool1d: (kind, x, y, p, argmax) =>
      call(() => b.pool1d(kind, f32("pool1d", x), f32("pool1d", y), ...poolArgs(p), argmax)),
    pool1dBackward: (kind, dy, dx, p, argmax) =>
      call(() =>
        b.pool1dBackward(kind, f32("pool1dBackward", dy), f32("pool1dBackward", dx), ...poolArgs(p), argmax),
      ),
    batchNorm: (x, y, p) =>
      call(() => b.batchNorm(f32("batchNorm", x), f32("batchNorm", y), ...bnArgs("batchNorm", p))),
    batchNormBackward: (dy, x, dx, dgamma, dbeta, p, accumulate) =>
      call(() =>
        b.batchNormBackward(
          f32("batchNormBackward", dy),
          f32("batchNormBackward", x),
          f32("batchNormBackward", dx),
          optF32("batchNormBackward", dgamma),
          optF32("batchNormBackward", dbeta),
          ...bnArgs("batchNormBackward", p),
          accumulate,
        ),
      ),
    batchNormAct: (x, y, p, activation) =>
      call(() =>
        b.batchNormAct(
          f32("batchNormAct", x),
          f32("batchNormAct", y),
          ...bnArgs("batchNormAct", p),
          activation,
        ),
      ),
    batchNormActBackward: (dy, x, dx, dgamma, dbeta, p, activation, accumulate) =>
      call(() =>
        b.batchNormActBackward(
          f32("batchNormActBackward", dy),
          f32("batchNormActBackward", x),
          f32("batchNormActBackward", dx),
          optF32("batchNormActBackward", dgamma),
          optF32("batchNormActBackward", dbeta),
          ...bnArgs("batchNormActBackward", p),
          activation,
          accumulate,
        ),
      ),
    layerNorm: (x, rows, dim, gamma, beta, eps, y, mean, rstd) =>
      call(() =>
        b.layerNorm(
          f32("layerNorm", x),
          rows,
          dim,
          optF32("layerNorm", gamma),
          optF32("layerNorm", beta),
          eps,
          f32("layerNorm", y),
          f32("layerNorm", mean),
          f32("layerNorm", rstd),
        ),
      ),
    layerNormBackward: (dy, x, rows, dim, gamma, mean, rstd, dx, dgamma, dbeta, accumulate) =>
      call(() =>
        b.layerNormBackward(
          f32("layerNormBackward", dy),
          f32("layerNormBackward", x),
          rows,
          dim,
          optF32("layerNormBackward", gamma),
          f32("layerNormBackward", mean),
          f32("layerNormBackward", rstd),
          f32("layerNormBackward", dx),
          optF32("layerNormBackward", dgamma),
          optF32("layerNormBackward", dbeta),
          accumulate,
        ),
      ),
    softmax: (x, rows, dim, y, log) =>
      call(() => b.softmax(f32("softmax", x), rows, dim, f32("softmax", y), log)),
    softmaxBackward: (dy, y, rows, dim, dx, log, accumulate) =>
      call(() =>
        b.softmaxBackward(
          f32("softmaxBackward", dy),
          f32("softmaxBackward", y),
          rows,
          dim,
          f32("softmaxBackward", dx),
          log,
          accumulate,
        ),
      ),
  };
}
