/**
 * The active kernel backend. Selection, in order:
 * 1. `setBackend("reference" | "native" | kernelsObject)` (an injected object is how tests pass fakes);
 * 2. the EFFICIENTECG_BACKEND environment variable: "ts" (or "reference") or "native";
 * 3. by default, native if `./kernels/native.js` loads and passes a tiny self-check against the reference
 *    kernels, else reference. The reason for a fallback is always in `backendInfo()`, and is printed once on
 *    stderr when native was expected (the module loads and a node-gyp `build/` folder exists).
 * float64 tensors always run on the reference kernels (the native ones are float32 only).
 */
import { ConfigError, expected } from "../errors.js";
import { BackendError } from "./errors.js";
import type { EngineKernels, ExtraKernels, FusedKernels, Kernels } from "./kernels/kernels.js";
import { referenceKernels } from "./kernels/reference.js";
import type { DType } from "./memory.js";

/** Where the backend came from: the default choice, the environment variable, or setBackend(). */
export type BackendRequest = "auto" | "env" | "setBackend";

/** What backendInfo() reports. */
export interface BackendInfo {
  /** Name of the active float32 backend ("reference", "native", or an injected object's name). */
  name: string;
  requestedBy: BackendRequest;
  /** Threads the active backend uses, once known (reference: 1; native: after setNumThreads()). */
  threads?: number;
  /** Why native is not active, when it was tried and failed (undefined otherwise). */
  nativeError?: string;
}

interface NativeModule {
  loadNativeKernels(): Kernels;
  nativeBuildExists(): boolean;
}

// NOTE: the specifier is a variable so that the engine typechecks and runs before kernels/native.ts exists, and
// so that bundlers leave the Node-only module out of a browser build (there the import fails and the reference
// kernels run); it is attempted once, at load time, because backend selection must be synchronous.
const NATIVE_MODULE = "./kernels/native.js";
const nativeImport: { module?: NativeModule; error?: unknown } = await import(NATIVE_MODULE).then(
  (module: NativeModule) => ({ module }),
  (error: unknown) => ({ error }),
);

const KERNEL_NAMES = Object.keys(referenceKernels).filter((k) => k !== "name") as (keyof EngineKernels)[];
const EXTRA_NAMES: readonly (keyof ExtraKernels)[] = [
  "pow",
  "powBackward",
  "clamp",
  "clampBackward",
  "maskedFill",
  "adamwStep",
];
const FUSED_NAMES: readonly (keyof FusedKernels)[] = [
  "batchNormAct",
  "batchNormActBackward",
  "conv1dAct",
  "conv1dGated",
  "conv1dGatedBackwardWeight",
  "rowScaleBackward",
  "lstmForward",
  "lstmBackward",
  "mbconvForward",
  "depthwiseNormAct",
  "depthwiseNormActBackward",
];

let active: EngineKernels | null = null;
let info: BackendInfo = { name: "reference", requestedBy: "auto" };
let warned = false;

/** Returns the kernels to run an op of this dtype on (float64: always the reference kernels). */
export function kernelsFor(dtype: DType): EngineKernels {
  if (dtype === "float64") return referenceKernels;
  return active ?? selectDefault();
}

/** Returns which backend is active and, if native is not, why. */
export function backendInfo(): BackendInfo {
  kernelsFor("float32");
  return { ...info };
}

/**
 * Selects the float32 backend: "reference", "native" (throws a BackendError listing what was tried when it
 * cannot load), or an injected kernels object (missing added kernels are filled from the reference).
 * Returns the new backendInfo().
 */
export function setBackend(
  backend: "reference" | "native" | (Kernels & Partial<ExtraKernels> & FusedKernels),
): BackendInfo {
  if (backend === "reference") use(referenceKernels, "setBackend");
  else if (backend === "native") use(loadNative(), "setBackend");
  else if (typeof backend === "object" && backend !== null) use(complete(backend), "setBackend");
  else throw new BackendError(expected('"reference", "native" or a kernels object', "backend", backend));
  return backendInfo();
}

/** Sets how many threads the active backend may use; returns the count in effect (reference: always 1). */
export function setNumThreads(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(expected("a positive integer", "threads", n));
  const threads = kernelsFor("float32").setThreads(n);
  info = { ...info, threads };
  return threads;
}

/** Makes `kernels` the active backend. */
function use(kernels: EngineKernels, requestedBy: BackendRequest, nativeError?: string): EngineKernels {
  active = kernels;
  const threads = kernels === referenceKernels ? 1 : undefined;
  info = { name: kernels.name, requestedBy, threads, nativeError };
  return kernels;
}

/** Picks the backend on first use, from EFFICIENTECG_BACKEND or by trying native. */
function selectDefault(): EngineKernels {
  const env = globalThis.process?.env?.EFFICIENTECG_BACKEND;
  if (env === "ts" || env === "reference") return use(referenceKernels, "env");
  if (env === "native") return use(loadNative(), "env");
  if (env !== undefined && env !== "") {
    throw new BackendError(
      `EFFICIENTECG_BACKEND must be "ts" or "native" (or unset for automatic) but is ${JSON.stringify(env)}`,
    );
  }
  try {
    return use(loadNative(), "auto");
  } catch (error) {
    const reason = (error as Error).message;
    if (!warned && nativeExpected()) {
      warned = true;
      globalThis.process?.stderr?.write(`efficientecg: using the TypeScript reference kernels: ${reason}\n`);
    }
    return use(referenceKernels, "auto", reason);
  }
}

/** True when native kernels should have loaded: their module imports and a node-gyp build folder exists. */
function nativeExpected(): boolean {
  return nativeImport.module?.nativeBuildExists() ?? false;
}

/** Loads, completes and self-checks the native kernels, or throws a BackendError saying what was tried. */
function loadNative(): EngineKernels {
  if (!nativeImport.module) {
    const why = (nativeImport.error as Error | undefined)?.message ?? String(nativeImport.error);
    throw new BackendError(`native kernels unavailable: could not import ${NATIVE_MODULE} (${why})`, {
      cause: nativeImport.error,
    });
  }
  let kernels: Kernels;
  try {
    kernels = nativeImport.module.loadNativeKernels();
  } catch (error) {
    if (error instanceof BackendError) throw error;
    throw new BackendError(`native kernels unavailable: ${(error as Error).message}`, { cause: error });
  }
  const full = complete(kernels);
  const problem = selfCheck(full);
  if (problem) throw new BackendError(`native kernels failed the self-check: ${problem}`);
  return full;
}

/**
 * Returns a kernels object with every kernel: the given ones, plus reference versions of added ones that
 * are missing. Fused kernels are taken only from the given object (the ops compose them otherwise).
 */
function complete(kernels: Kernels & Partial<ExtraKernels> & FusedKernels): EngineKernels {
  const optional = [...EXTRA_NAMES, ...FUSED_NAMES] as readonly string[];
  const missing = KERNEL_NAMES.filter((k) => typeof kernels[k] !== "function" && !optional.includes(k));
  if (missing.length > 0) {
    throw new BackendError(`kernels object ${JSON.stringify(kernels.name)} lacks ${missing.join(", ")}`);
  }
  const out: Record<string, unknown> = { name: kernels.name };
  for (const k of KERNEL_NAMES) {
    const own = kernels[k];
    if (typeof own === "function") out[k] = (own as (...args: unknown[]) => unknown).bind(kernels);
    else if (!(FUSED_NAMES as readonly string[]).includes(k)) out[k] = referenceKernels[k];
  }
  return out as unknown as EngineKernels;
}

/** Runs a few tiny kernels on both backends; returns a description of the first mismatch, or undefined. */
function selfCheck(kernels: EngineKernels): string | undefined {
  const x = Float32Array.from({ length: 24 }, (_, i) => Math.sin(i * 1.7) * 2);
  const w = Float32Array.from({ length: 12 }, (_, i) => Math.cos(i * 0.9));
  const cases: [string, (k: EngineKernels) => Float32Array][] = [
    [
      "gemm",
      (k) => {
        const c = new Float32Array(8);
        k.gemm(false, true, 1, 4, 2, 6, 1, x, 0, w, 0, 0, c, 0);
        return c;
      },
    ],
    [
      "conv1d",
      (k) => {
        const y = new Float32Array(2 * 2 * 6);
        const p = {
          N: 2,
          Cin: 2,
          Lin: 6,
          Cout: 2,
          K: 3,
          Lout: 6,
          stride: 1,
          padLeft: 1,
          dilation: 1,
          groups: 1,
        };
        k.conv1d(x, w, null, y, p);
        return y;
      },
    ],
    [
      "unary silu",
      (k) => {
        const y = new Float32Array(24);
        k.unary("silu", x, y);
        return y;
      },
    ],
  ];
  for (const [name, run] of cases) {
    try {
      const got = run(kernels);
      const want = run(referenceKernels);
      for (let i = 0; i < want.length; i++) {
        if (!(Math.abs(got[i] - want[i]) <= 1e-4 * (1 + Math.abs(want[i])))) {
          return `${name} gave ${got[i]} at index ${i} where the reference gives ${want[i]}`;
        }
      }
    } catch (error) {
      return `${name} threw ${(error as Error).message}`;
    }
  }
  return undefined;
}
