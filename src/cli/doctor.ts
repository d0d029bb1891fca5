/**
 * `efficientecg doctor`: which kernel backend the tensor engine uses and why; whether the native addon
 * loaded (every path tried, and the reason each failed); the CPU features, the instruction set path chosen
 * and the thread count; and a PASS/FAIL self-check of a few native kernels against the reference kernels on
 * every instruction set path this CPU can run (as tinygrad lists PASS/FAIL per device).
 */
import type { Command } from "commander";
import { backendInfo } from "../tensor/backend.js";
import type { Kernels } from "../tensor/kernels/kernels.js";
import { loadNativeKernels, type NativeAddonInfo, type NativeKernels } from "../tensor/kernels/native.js";
import { referenceKernels } from "../tensor/kernels/reference.js";

/** One kernel compared with the reference on one instruction set path. */
export interface SelfCheck {
  isa: string;
  kernel: string;
  pass: boolean;
  /**
   * Largest |native - reference| / max(|reference|, 1% of the output's largest |reference|): relative error,
   * measured against the output's scale where a sum cancels to near zero.
   */
  maxError: number;
  /** Why it failed, when it threw. */
  error?: string;
}

/** Everything `doctor` reports. */
export interface DoctorReport {
  /** The engine's active float32 backend and how it was chosen (backendInfo()). */
  backend: { name: string; requestedBy: string; threads?: number; nativeError?: string };
  native:
    | { loaded: true; path: string; tried: { path: string; error?: string }[]; addon: NativeAddonInfo }
    | { loaded: false; error: string };
  checks: SelfCheck[];
  /** True when native loaded and every self-check passed, or native is absent (the reference runs). */
  ok: boolean;
}

/** Relative tolerance of the self-check: far above float32 rounding, far below any real bug. */
const TOLERANCE = 1e-4;

/** Returns n values in [-1, 1) from a fixed sequence (no Math.random: the check is reproducible). */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** The self-check cases: each runs a kernel and returns its outputs. */
const CASES: [string, (k: Kernels) => Float32Array[]][] = [
  [
    "gemm 37x45x29 (transposed B)",
    (k) => {
      const c = values(37 * 45, 3);
      k.gemm(false, true, 1, 37, 45, 29, 1, values(37 * 29, 1), 0, values(45 * 29, 2), 0, 0.5, c, 0);
      return [c];
    },
  ],
  [
    "conv1d depthwise k5 stride 2 (+ gradients)",
    (k) =>
      conv(k, {
        N: 2,
        Cin: 8,
        Lin: 61,
        Cout: 8,
        K: 5,
        Lout: 31,
        stride: 2,
        padLeft: 2,
        dilation: 1,
        groups: 8,
      }),
  ],
  [
    "conv1d 1x1 (+ gradients)",
    (k) =>
      conv(k, {
        N: 3,
        Cin: 12,
        Lin: 40,
        Cout: 20,
        K: 1,
        Lout: 40,
        stride: 1,
        padLeft: 0,
        dilation: 1,
        groups: 1,
      }),
  ],
  [
    "conv1d k9 stem (+ gradients)",
    (k) =>
      conv(k, {
        N: 2,
        Cin: 1,
        Lin: 100,
        Cout: 16,
        K: 9,
        Lout: 50,
        stride: 2,
        padLeft: 4,
        dilation: 1,
        groups: 1,
      }),
  ],
  [
    "batchNorm training (+ gradients)",
    (k) => {
      const [N, C, L] = [4, 6, 33];
      const x = values(N * C * L, 7);
      const y = new Float32Array(x.length);
      const p = {
        ...{ N, C, L, eps: 1e-5, momentum: 0.1, training: true, gamma: values(C, 8), beta: values(C, 9) },
        ...{ runningMean: new Float32Array(C), runningVar: new Float32Array(C).fill(1) },
        ...{ mean: new Float32Array(C), invstd: new Float32Array(C) },
      };
      k.batchNorm(x, y, p);
      const dx = new Float32Array(x.length);
      const [dgamma, dbeta] = [new Float32Array(C), new Float32Array(C)];
      k.batchNormBackward(values(x.length, 10), x, dx, dgamma, dbeta, p, false);
      return [y, dx, dgamma, dbeta, p.runningMean, p.runningVar];
    },
  ],
  [
    "softmax and log-softmax",
    (k) => {
      const x = values(7 * 19, 11).map((v) => 4 * v);
      const [y, z] = [new Float32Array(x.length), new Float32Array(x.length)];
      k.softmax(x, 7, 19, y, false);
      k.softmax(x, 7, 19, z, true);
      return [y, z];
    },
  ],
  [
    "silu, sigmoid and the SiLU gradient",
    (k) => {
      const x = values(1000, 12).map((v) => 12 * v);
      const [y, s, dx] = [new Float32Array(x.length), new Float32Array(x.length), new Float32Array(x.length)];
      k.unary("silu", x, y);
      k.unary("sigmoid", x, s);
      k.unaryBackward("silu", x, y, values(x.length, 13), dx, false);
      return [y, s, dx];
    },
  ],
];

function conv(k: Kernels, p: Parameters<Kernels["conv1d"]>[4]): Float32Array[] {
  const x = values(p.N * p.Cin * p.Lin, 4);
  const w = values(p.Cout * (p.Cin / p.groups) * p.K, 5);
  const dy = values(p.N * p.Cout * p.Lout, 6);
  const y = new Float32Array(dy.length);
  const dx = new Float32Array(x.length);
  const dw = new Float32Array(w.length);
  const db = new Float32Array(p.Cout);
  k.conv1d(x, w, null, y, p);
  k.conv1dBackwardInput(dy, w, dx, p, false);
  k.conv1dBackwardWeight(dy, x, dw, db, p, false);
  return [y, dx, dw, db];
}

/** Runs every self-check case on every instruction set path of `native`, restoring the path it had. */
export function selfCheck(native: NativeKernels): SelfCheck[] {
  const wants = CASES.map(([, run]) => run(referenceKernels));
  const addon = native.info();
  const checks: SelfCheck[] = [];
  try {
    for (const isa of [...addon.isas].reverse()) {
      native.setIsa(isa);
      CASES.forEach(([kernel, run], c) => {
        try {
          const got = run(native);
          let maxError = 0;
          got.forEach((out, o) => {
            const want = wants[c][o];
            const floor = 0.01 * want.reduce((m, w) => Math.max(m, Math.abs(w)), 0);
            out.forEach((v, i) => {
              const error = Math.abs(v - want[i]) / Math.max(Math.abs(want[i]), floor, 1e-30);
              maxError = Number.isNaN(error) ? Number.POSITIVE_INFINITY : Math.max(maxError, error);
            });
          });
          checks.push({ isa, kernel, pass: maxError <= TOLERANCE, maxError });
        } catch (error) {
          checks.push({ isa, kernel, pass: false, maxError: Number.NaN, error: (error as Error).message });
        }
      });
    }
  } finally {
    native.setIsa(addon.isa);
  }
  return checks;
}

/** Returns the doctor report; `load` replaces the native loader (tests pass fakes). */
export function doctorReport(load: () => NativeKernels = () => loadNativeKernels()): DoctorReport {
  const backend = backendInfo();
  let native: NativeKernels;
  try {
    native = load();
  } catch (error) {
    return { backend, native: { loaded: false, error: (error as Error).message }, checks: [], ok: true };
  }
  const checks = selfCheck(native);
  return {
    backend,
    native: { loaded: true, path: native.source.path, tried: native.source.tried, addon: native.info() },
    checks,
    ok: checks.every((c) => c.pass),
  };
}

/** Returns the report as the text `efficientecg doctor` prints. */
export function formatDoctorReport(report: DoctorReport): string {
  const lines: string[] = [];
  const { backend, native } = report;
  lines.push(`backend in use:   ${backend.name} (${describeRequest(backend.requestedBy)})`);
  // (when the addon did not load, the native section below lists why)
  if (backend.nativeError && backend.name !== "native" && native.loaded) {
    lines.push(`  why not native: ${backend.nativeError}`);
  }
  if (!native.loaded) {
    lines.push("native kernels:   not loaded");
    for (const line of native.error.split("\n")) lines.push(`  ${line}`);
    lines.push("self-check:       skipped (no native kernels; the TypeScript reference kernels are in use)");
    return `${lines.join("\n")}\n`;
  }
  const { addon } = native;
  lines.push(`native kernels:   loaded from ${native.path}`);
  for (const t of native.tried) lines.push(`  tried ${t.path}: ${t.error ?? "ok"}`);
  const cpu = Object.entries(addon.cpu)
    .filter(([name]) => name !== "x86")
    .map(([name, has]) => `${name} ${has ? "yes" : "no"}`)
    .join(", ");
  lines.push(`CPU features:     ${addon.cpu.x86 ? cpu : "not x86 (portable scalar kernels only)"}`);
  lines.push(`instruction set:  ${addon.isa} (this CPU can run: ${addon.isas.join(", ")})`);
  lines.push(`threads:          ${addon.threads} (${addon.cores} cores available)`);
  lines.push(`built with:       ${addon.compiler}`);
  lines.push(`self-check against the reference kernels (relative tolerance ${TOLERANCE}):`);
  for (const c of report.checks) {
    const detail = c.error ? `threw ${c.error}` : `max error ${c.maxError.toExponential(1)}`;
    lines.push(`  ${c.pass ? "PASS" : "FAIL"}  ${c.isa.padEnd(7)} ${c.kernel.padEnd(44)} ${detail}`);
  }
  const passed = report.checks.filter((c) => c.pass).length;
  lines.push(
    `result:           ${report.ok ? "PASS" : "FAIL"} (${passed}/${report.checks.length} checks passed)`,
  );
  return `${lines.join("\n")}\n`;
}

function describeRequest(requestedBy: string): string {
  if (requestedBy === "env") return "chosen by EFFICIENTECG_BACKEND";
  if (requestedBy === "setBackend") return "chosen by setBackend()";
  return "chosen automatically: native when it loads and passes its check, else reference";
}

/** Adds the `doctor` command to the program. */
export function register(program: Command): void {
  program
    .command("doctor")
    .description("check the tensor engine: backend in use, native kernels, CPU features, threads, self-check")
    .option("--json", "print the report as JSON")
    .action((options: { json?: boolean }) => {
      const report = doctorReport();
      process.stdout.write(
        options.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report),
      );
      if (!report.ok) process.exitCode = 1;
    });
}
