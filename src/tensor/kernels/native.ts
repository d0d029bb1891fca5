/**
 * The native kernel backend: the C addon built from native/ (see native/README.md), wrapped into the
 * Kernels interface. Float32 only; float64 buffers are routed to the reference kernels by the backend layer,
 * and one that reaches the addon anyway is rejected with a clear BackendError (the addon checks every
 * argument's type and size, so a bad call throws instead of crashing).
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
  AdamWStep,
  BatchNormParams,
  Conv1dParams,
  DepthwiseNormParams,
  ExtraKernels,
  FusedKernels,
  Kernels,
  MBConvParams,
  Pool1dParams,
} from "./kernels.js";

/** The addon's ABI version this wrapper expects (native/addon/addon.c ECG_ADDON_VERSION). */
export const NATIVE_ADDON_VERSION = 8;

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

/** Kernels passed straight through: the addon takes the contract's own arguments. */
const DIRECT = [
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
  "layerNorm",
  "layerNormBackward",
  "softmax",
  "softmaxBackward",
  "rowScaleBackward",
  "lstmForward",
  "lstmBackward",
] as const;

/** Kernels whose parameter object (Conv1dParams, Pool1dParams, BatchNormParams, ...) the wrapper flattens. */
const FLATTENED = [
  "adamwStep",
  "conv1d",
  "conv1dAct",
  "conv1dGated",
  "conv1dGatedBackwardWeight",
  "conv1dBackwardInput",
  "conv1dBackwardWeight",
  "pool1d",
  "pool1dBackward",
  "batchNorm",
  "batchNormBackward",
  "batchNormAct",
  "batchNormActBackward",
  "mbconvForward",
  "depthwiseNormAct",
  "depthwiseNormActBackward",
] as const;

const KERNEL_FUNCTIONS = [...DIRECT, ...FLATTENED] as const;

/**
 * The flat function surface of the addon: one function per kernel over typed arrays and plain numbers, in
 * the contract's argument order except that parameter objects are flattened (conv1d takes x, w, bias, y,
 * then N, Cin, Lin, Cout, K, Lout, stride, padLeft, dilation, groups; see native/addon/bind_*.c), plus
 * info(), setThreads(n) and setIsa(name).
 */
export type NativeBinding = Record<(typeof KERNEL_FUNCTIONS)[number], (...args: unknown[]) => void> & {
  info(): NativeAddonInfo;
  setThreads(n: number): number;
  setIsa(name: string): string;
};

/** Function names every binding must have (checked on load, so a stale build fails clearly). */
const BINDING_FUNCTIONS: readonly string[] = ["info", "setThreads", "setIsa", ...KERNEL_FUNCTIONS];

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

/** True when a node-gyp build folder exists, i.e. the native kernels were built and should load. */
export function nativeBuildExists(): boolean {
  return existsSync(resolve(projectRoot, "build"));
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

function convArgs(p: Conv1dParams): number[] {
  return [p.N, p.Cin, p.Lin, p.Cout, p.K, p.Lout, p.stride, p.padLeft, p.dilation, p.groups];
}

function poolArgs(p: Pool1dParams): number[] {
  return [p.rows, p.Lin, p.K, p.Lout, p.stride, p.padLeft];
}

function mbconvArgs(p: MBConvParams): unknown[] {
  const shape = Int32Array.of(p.N, p.Cin, p.L, p.Cmid, p.Cout, p.K, p.stride, p.padLeft, p.Lout, p.S);
  return [
    shape,
    p.activation,
    p.residual,
    p.expandWeight,
    p.expandBias,
    p.depthwiseWeight,
    p.depthwiseBias,
    p.reduceWeight,
    p.reduceBias,
    p.gateWeight,
    p.gateBias,
    p.projectWeight,
    p.projectBias,
  ];
}

function depthwiseNormShape(p: DepthwiseNormParams): unknown[] {
  const shape = Int32Array.of(p.N, p.C, p.Lin, p.K, p.Lout, p.stride, p.padLeft, p.dilation);
  return [shape, p.activation, p.inNorm !== null];
}

/** A batch norm's arguments of depthwiseNormAct: eps, momentum, gamma, beta, running stats, mean, invstd. */
function normArgs(n: BatchNormParams | null): unknown[] {
  if (n === null) return [0, 0, null, null, null, null, null, null];
  return [n.eps, n.momentum, n.gamma, n.beta, n.runningMean, n.runningVar, n.mean, n.invstd];
}

function bnArgs(p: BatchNormParams): unknown[] {
  const { N, C, L, eps, momentum, training, gamma, beta, runningMean, runningVar, mean, invstd } = p;
  return [N, C, L, eps, momentum, training, gamma, beta, runningMean, runningVar, mean, invstd];
}

/** Wraps the flat binding into the Kernels interface; every call turns addon errors into BackendErrors. */
function wrap(b: NativeBinding, source: NativeKernels["source"]): NativeKernels {
  // NOTE: a try/catch per call costs nothing on V8's happy path; it gives every native failure a typed
  // error whose stack runs through the op that called the kernel.
  const call = (name: (typeof KERNEL_FUNCTIONS)[number], args: unknown[]): void => {
    try {
      b[name](...args);
    } catch (error) {
      throw nativeError(error);
    }
  };
  const kernels: Record<string, unknown> = {
    name: "native",
    source,
    info: () => b.info(),
    setIsa: (isa: string) => guarded(() => b.setIsa(isa)),
    setThreads: (n: number) => guarded(() => b.setThreads(n)),
  };
  for (const name of DIRECT) kernels[name] = (...args: unknown[]) => call(name, args);
  const flat: Record<(typeof FLATTENED)[number], (...args: never[]) => void> = {
    conv1d: (x, w, bias, y, p: Conv1dParams) => call("conv1d", [x, w, bias, y, ...convArgs(p)]),
    conv1dAct: (x, w, bias, y, p: Conv1dParams, activation) =>
      call("conv1dAct", [x, w, bias, y, ...convArgs(p), activation]),
    conv1dGated: (x, scale, w, bias, y, p: Conv1dParams) =>
      call("conv1dGated", [x, scale, w, bias, y, ...convArgs(p)]),
    conv1dGatedBackwardWeight: (dy, x, scale, dw, dbias, p: Conv1dParams, accumulate) =>
      call("conv1dGatedBackwardWeight", [dy, x, scale, dw, dbias, ...convArgs(p), accumulate]),
    conv1dBackwardInput: (dy, w, dx, p: Conv1dParams, accumulate) =>
      call("conv1dBackwardInput", [dy, w, dx, ...convArgs(p), accumulate]),
    conv1dBackwardWeight: (dy, x, dw, dbias, p: Conv1dParams, accumulate) =>
      call("conv1dBackwardWeight", [dy, x, dw, dbias, ...convArgs(p), accumulate]),
    pool1d: (kind, x, y, p: Pool1dParams, argmax) => call("pool1d", [kind, x, y, ...poolArgs(p), argmax]),
    pool1dBackward: (kind, dy, dx, p: Pool1dParams, argmax) =>
      call("pool1dBackward", [kind, dy, dx, ...poolArgs(p), argmax]),
    batchNorm: (x, y, p: BatchNormParams) => call("batchNorm", [x, y, ...bnArgs(p)]),
    batchNormBackward: (dy, x, dx, dgamma, dbeta, p: BatchNormParams, accumulate) =>
      call("batchNormBackward", [dy, x, dx, dgamma, dbeta, ...bnArgs(p), accumulate]),
    mbconvForward: (x, y, p: MBConvParams) => call("mbconvForward", [x, y, ...mbconvArgs(p)]),
    adamwStep: (p, g, m, v, h: AdamWStep) =>
      call("adamwStep", [p, g, m, v, h.decay, h.beta1, h.beta2, h.stepSize, h.correction2Sqrt, h.eps]),
    depthwiseNormAct: (x, w, y, p: DepthwiseNormParams) =>
      call("depthwiseNormAct", [
        x,
        w,
        y,
        ...depthwiseNormShape(p),
        ...normArgs(p.inNorm),
        ...normArgs(p.outNorm),
      ]),
    depthwiseNormActBackward: (
      dy,
      x,
      w,
      dx,
      dw,
      dgIn,
      dbIn,
      dgOut,
      dbOut,
      p: DepthwiseNormParams,
      accumulate,
    ) => {
      const [i, o] = [p.inNorm, p.outNorm];
      call("depthwiseNormActBackward", [
        ...[dy, x, w, dx, dw, ...depthwiseNormShape(p)],
        ...[
          i?.gamma ?? null,
          i?.beta ?? null,
          i ? dgIn : null,
          i ? dbIn : null,
          i?.mean ?? null,
          i?.invstd ?? null,
        ],
        ...[o.gamma, o.beta, o.mean, o.invstd, dgOut, dbOut, accumulate],
      ]);
    },
    batchNormAct: (x, y, p: BatchNormParams, activation) =>
      call("batchNormAct", [x, y, ...bnArgs(p), activation]),
    batchNormActBackward: (dy, x, dx, dgamma, dbeta, p: BatchNormParams, activation, accumulate) =>
      call("batchNormActBackward", [dy, x, dx, dgamma, dbeta, ...bnArgs(p), activation, accumulate]),
  };
  Object.assign(kernels, flat);
  return kernels as unknown as NativeKernels;
}

/** Runs fn, turning an addon error into a BackendError. */
function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw nativeError(error);
  }
}
