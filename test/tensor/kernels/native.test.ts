/**
 * The native backend's loader and error surface: build paths tried in order, every failure listed in one
 * BackendError, injected bindings (objects and paths), native errors turned into BackendErrors with a JS
 * stack, and (with the addon built) bad direct calls that throw instead of crashing, thread and ISA
 * controls, and idle workers that sleep.
 */
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BackendError } from "../../../src/tensor/errors.js";
import {
  loadNativeKernels,
  NATIVE_ADDON_VERSION,
  type NativeBinding,
  nativeCandidates,
} from "../../../src/tensor/kernels/native.js";
import { describeNative } from "./native-helpers.js";

const FUNCTIONS = [
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
  "adamwStep",
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
  "conv1dAct",
  "rowScaleBackward",
  "lstmForward",
  "lstmBackward",
  "mbconvForward",
  "conv1dGated",
  "conv1dGatedBackwardWeight",
  "depthwiseNormAct",
  "depthwiseNormActBackward",
];

/** Returns a fake binding whose functions record their calls; `overrides` replace some of them. */
function fakeBinding(overrides: Record<string, unknown> = {}): { binding: object; calls: string[] } {
  const calls: string[] = [];
  const binding: Record<string, unknown> = {};
  for (const name of FUNCTIONS) binding[name] = () => calls.push(name);
  binding.info = () => ({ version: NATIVE_ADDON_VERSION, isa: "fake", isas: ["fake"], threads: 1 });
  return { binding: Object.assign(binding, overrides), calls };
}

/** Returns the BackendError that fn throws (fails the test if it throws anything else or nothing). */
function backendError(fn: () => unknown): BackendError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).code).toBe("ERR_BACKEND");
    return error as BackendError;
  }
  return expect.fail("expected a BackendError");
}

describe("loadNativeKernels", () => {
  const saved = process.env.EFFICIENTECG_NATIVE;
  afterEach(() => {
    if (saved === undefined) delete process.env.EFFICIENTECG_NATIVE;
    else process.env.EFFICIENTECG_NATIVE = saved;
  });

  it("tries build/Release then build/Debug, after EFFICIENTECG_NATIVE when it is set", () => {
    delete process.env.EFFICIENTECG_NATIVE;
    const [release, debug] = nativeCandidates();
    expect(release).toMatch(/build[/\\]Release[/\\]efficientecg\.node$/);
    expect(debug).toMatch(/build[/\\]Debug[/\\]efficientecg\.node$/);
    process.env.EFFICIENTECG_NATIVE = "custom/addon.node";
    expect(nativeCandidates()).toEqual([resolve("custom/addon.node"), release, debug]);
  });

  it("throws one BackendError listing every path tried, why each failed, and how to fix it", () => {
    const searchPaths = ["/nonexistent/efficientecg.node", resolve("package.json")];
    const error = backendError(() => loadNativeKernels({ searchPaths }));
    expect(error.message).toBe(
      "native kernels unavailable; tried:\n" +
        "  - /nonexistent/efficientecg.node: not found\n" +
        `  - ${resolve("package.json")}: missing info, setThreads, setIsa, unary, unaryBackward, binary, affine, ` +
        "axpy, pow, powBackward, clamp, clampBackward, maskedFill, reduce, copyStrided, gatherRows, " +
        "scatterAddRows, gemm, layerNorm, layerNormBackward, softmax, softmaxBackward, rowScaleBackward, " +
        "lstmForward, lstmBackward, adamwStep, conv1d, conv1dAct, conv1dGated, conv1dGatedBackwardWeight, conv1dBackwardInput, " +
        "conv1dBackwardWeight, pool1d, " +
        "pool1dBackward, batchNorm, batchNormBackward, batchNormAct, batchNormActBackward, mbconvForward, depthwiseNormAct, " +
        "depthwiseNormActBackward (a " +
        "stale build? rebuild it)\n" +
        "Build the addon with `npm run build:native` (it needs python3, make and a C compiler), " +
        "or use the TypeScript kernels with EFFICIENTECG_BACKEND=ts.",
    );
  });

  it("loads an injected path and reports a file that is not an addon", () => {
    const error = backendError(() => loadNativeKernels({ binding: "package.json" }));
    expect(error.message).toContain(`${resolve("package.json")}: missing info, setThreads`);
    expect(backendError(() => loadNativeKernels({ binding: "missing.node" })).message).toContain(
      `${resolve("missing.node")}: not found`,
    );
  });

  it("rejects an injected object that lacks functions, naming them, or has another version", () => {
    const { binding } = fakeBinding({ gemm: undefined, softmax: 3 });
    expect(backendError(() => loadNativeKernels({ binding })).message).toBe(
      "injected native binding is unusable: missing gemm, softmax (a stale build? rebuild it)",
    );
    const old = fakeBinding({ info: () => ({ version: 0 }) }).binding;
    expect(backendError(() => loadNativeKernels({ binding: old })).message).toContain(
      `addon version 0 but this code needs ${NATIVE_ADDON_VERSION}`,
    );
    expect(backendError(() => loadNativeKernels({ binding: 42 as unknown as object })).message).toBe(
      "Expected an addon object or a path for binding but received 42",
    );
  });

  it("wraps an injected binding: calls reach it, and its errors become BackendErrors with a JS stack", () => {
    const failure = new TypeError("gemm: A is wrong");
    const { binding, calls } = fakeBinding({
      gemm: () => {
        throw failure;
      },
    });
    const k = loadNativeKernels({ binding });
    expect(k.name).toBe("native");
    expect(k.source).toEqual({ path: "injected", tried: [] });
    k.unary("relu", new Float32Array(2), new Float32Array(2));
    expect(calls).toEqual(["unary"]);
    const a = new Float32Array(4);
    const error = backendError(() => k.gemm(false, false, 1, 2, 2, 1, 1, a, 0, a, 0, 0, a, 0));
    expect(error.message).toBe("native kernel gemm: A is wrong");
    expect(error.cause).toBe(failure);
    expect(error.stack).toContain("native.test.ts");
  });
});

describeNative("native addon", (k) => {
  const raw = createRequire(import.meta.url)(k.source.path) as NativeBinding;
  const f = (n: number) => new Float32Array(n);

  it("refuses float64 buffers with a message that says where they belong", () => {
    const error = backendError(() => k.unary("exp", new Float64Array(3), new Float32Array(3)));
    expect(error.message).toBe(
      "native kernel unary: Expected Float32Array for x but received Float64Array of length 3 " +
        "(the native kernels are float32 only; float64 tensors run on the reference kernels)",
    );
  });

  it("reports its ISA path, the paths this CPU can run, CPU features and threads", () => {
    const info = k.info();
    expect(info.version).toBe(NATIVE_ADDON_VERSION);
    expect(info.isas).toContain("scalar");
    expect(info.isas).toContain(info.isa);
    expect(typeof info.cpu.avx2).toBe("boolean");
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(info.cores).toBeGreaterThanOrEqual(1);
  });

  it("clamps the thread count to 1..64 and rejects non-integers", () => {
    const before = k.info().threads;
    try {
      expect(k.setThreads(3)).toBe(3);
      expect(k.info().threads).toBe(3);
      expect(k.setThreads(1000)).toBe(64);
      expect(backendError(() => k.setThreads(0)).message).toBe(
        "native kernel setThreads: Expected an integer >= 1 for n but received 0",
      );
      expect(backendError(() => k.setThreads(1.5)).message).toContain("Expected an integer for n");
    } finally {
      k.setThreads(before);
    }
  });

  it("switches ISA paths and names the valid ones for an unknown path", () => {
    const before = k.info().isa;
    try {
      expect(k.setIsa("scalar")).toBe("scalar");
      expect(k.info().isa).toBe("scalar");
      expect(backendError(() => k.setIsa("sse9")).message).toBe(
        'native kernel setIsa: Expected one of scalar, avx2, avx512 for name but received "sse9"',
      );
    } finally {
      k.setIsa(before);
    }
  });

  it("throws (never crashes) on bad direct calls, naming the kernel, the argument and the problem", () => {
    const a4 = f(4);
    const bad: [string, () => unknown, string][] = [
      [
        "missing arguments",
        () => (raw.unary as unknown as (op: string) => void)("relu"),
        "unary: expected 3 arguments but received 1",
      ],
      [
        "float64",
        () => raw.unary("relu", new Float64Array(4) as unknown as Float32Array, a4),
        "Expected Float32Array for x but received Float64Array of length 4 (the native kernels are float32 only",
      ],
      [
        "short output",
        () => raw.unary("relu", a4, f(3)),
        "unary: out has 3 elements but the call needs exactly 4",
      ],
      [
        "unknown op",
        () => raw.unary("swish" as "relu", a4, a4),
        'Expected one of neg, exp, log, sqrt, abs, relu, silu, gelu, sigmoid, tanh for op but received "swish"',
      ],
      [
        "short A",
        () => raw.gemm(false, false, 1, 2, 2, 2, 1, f(3), 0, a4, 0, 0, a4, 0),
        "gemm: A has 3 elements but the call reads up to 4",
      ],
      [
        "batch stride",
        () => raw.gemm(false, false, 2, 2, 2, 2, 1, a4, 4, a4, 0, 0, f(8), 4),
        "gemm: A has 4 elements but the call reads up to 8",
      ],
      [
        "negative size",
        () => raw.gemm(false, false, 1, -2, 2, 2, 1, a4, 0, a4, 0, 0, a4, 0),
        "gemm: Expected an integer >= 0 for M but received -2",
      ],
      [
        "fraction",
        () => raw.gemm(false, false, 1, 2, 2, 1.5, 1, a4, 0, a4, 0, 0, a4, 0),
        "gemm: Expected an integer for K but received 1.5",
      ],
      [
        "huge size",
        () => raw.gemm(false, false, 1, 2 ** 45, 2, 2, 1, a4, 0, a4, 0, 0, a4, 0),
        "gemm: Expected an integer for M",
      ],
      [
        "not a number",
        () => raw.gemm(false, false, 1, "2" as unknown as number, 2, 2, 1, a4, 0, a4, 0, 0, a4, 0),
        "gemm: Expected an integer for M but received string",
      ],
      [
        "strides past a",
        () => raw.binary("add", a4, Int32Array.of(3), a4, Int32Array.of(1), a4, Int32Array.of(4)),
        "binary: a has 4 elements but the call reads up to 10",
      ],
      [
        "rank mismatch",
        () => raw.binary("add", a4, Int32Array.of(1, 1), a4, Int32Array.of(1), a4, Int32Array.of(4)),
        "binary: aStrides (2) and bStrides (1) must have the rank of outShape (1)",
      ],
      [
        "rank 17",
        () =>
          raw.copyStrided(
            a4,
            0,
            new Int32Array(17),
            a4,
            0,
            new Int32Array(17),
            new Int32Array(17).fill(1),
            false,
          ),
        "copyStrided: srcStrides has rank 17 but at most 16 axes are supported",
      ],
      [
        "copy past dst",
        () => raw.copyStrided(a4, 0, Int32Array.of(1), a4, 2, Int32Array.of(1), Int32Array.of(4), false),
        "copyStrided: dst has 4 elements but the copy reaches elements 2..5",
      ],
      [
        "negative reach",
        () => raw.copyStrided(a4, 0, Int32Array.of(1), a4, 1, Int32Array.of(-1), Int32Array.of(3), false),
        "copyStrided: dst has 4 elements but the copy reaches elements -1..1",
      ],
      [
        "bad index",
        () => raw.gatherRows(f(6), 2, Int32Array.of(0, 9), a4),
        "gatherRows: index[1] = 9 is outside the table's 3 rows",
      ],
      [
        "negative index",
        () => raw.scatterAddRows(a4, 2, Int32Array.of(-1, 0), f(6)),
        "scatterAddRows: index[0] = -1 is outside the table's 3 rows",
      ],
      [
        "bad argmax",
        () => raw.pool1dBackward("max", f(2), f(4), 1, 4, 2, 2, 2, 0, Int32Array.of(99, 0)),
        "pool1dBackward: argmax[0] = 99 is outside [0, Lin = 4)",
      ],
      [
        "no argmax",
        () => raw.pool1dBackward("max", f(2), f(4), 1, 4, 2, 2, 2, 0, null),
        "max pooling backward needs the argmax saved by the forward pass",
      ],
      [
        "groups",
        () => raw.conv1d(f(12), f(6), null, f(8), 1, 3, 4, 2, 1, 4, 1, 0, 1, 2),
        "conv1d: Cin (3) and Cout (2) must be divisible by groups (2)",
      ],
      [
        "conv weight",
        () => raw.conv1d(f(12), f(5), null, f(8), 1, 3, 4, 2, 1, 4, 1, 0, 1, 1),
        "conv1d: w has 5 elements but the call needs exactly 6",
      ],
      [
        "eval stats",
        () => raw.batchNorm(a4, a4, 1, 2, 2, 1e-5, 0.1, false, null, null, null, null, f(2), f(2)),
        "batchNorm: eval mode needs runningMean and runningVar",
      ],
      [
        "empty max",
        () => raw.reduce("max", f(0), 2, 0, 1, f(2)),
        "reduce: max over an empty axis (n = 0) has no value",
      ],
      [
        "zero dim",
        () => raw.layerNorm(a4, 4, 0, null, null, 1e-5, a4, a4, a4),
        "layerNorm: Expected an integer >= 1 for dim but received 0",
      ],
    ];
    for (const [name, call, message] of bad) {
      expect(call, name).toThrow(message);
    }
    // the addon is still healthy afterwards
    const out = f(4);
    raw.unary("abs", Float32Array.of(-1, 2, -3, 4), out);
    expect(Array.from(out)).toEqual([1, 2, 3, 4]);
  });

  it("lets worker threads sleep once idle: no CPU is burnt between kernel calls", async () => {
    const before = k.info().threads;
    try {
      k.setThreads(2);
      const x = f(1 << 20);
      k.unary("silu", x, x); // wakes the worker
      await new Promise((r) => setTimeout(r, 50)); // longer than the 0.2 ms spin before sleeping
      const start = process.cpuUsage();
      await new Promise((r) => setTimeout(r, 300));
      const used = process.cpuUsage(start);
      expect((used.user + used.system) / 1000).toBeLessThan(60); // ms of CPU over 300 ms idle
    } finally {
      k.setThreads(before);
    }
  });
});
