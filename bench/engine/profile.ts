/**
 * Where a training step's time goes: wraps the active kernels so that every kernel call is timed, runs a
 * few training steps of the reference model, and returns a per-kernel table (calls, ms per step, share).
 * The rest of the step (the op layer's JavaScript, autograd bookkeeping, the optimiser) is reported as
 * "outside kernels".
 *
 * usage: npx tsx bench/engine/profile.ts --length 3000 --threads 2 [--mode train|infer] [--steps 5]
 */
import { parseArgs } from "node:util";
import { fuseForInference } from "../../src/nn/index.js";
import { AdamW } from "../../src/optim/index.js";
import {
  type EngineKernels,
  F,
  Generator,
  kernelsFor,
  noGrad,
  scope,
  setBackend,
  setNumThreads,
  Tensor,
} from "../../src/tensor/index.js";
import type { Conv1dParams } from "../../src/tensor/kernels/kernels.js";
import { loadConfig, ReferenceModel } from "./model.js";

export interface ProfileRow {
  kernel: string;
  calls: number;
  msPerStep: number;
  share: number;
}

/** Returns a readable name for one kernel call: conv1d variants and GEMMs are split by shape class. */
function label(name: string, args: unknown[]): string {
  if (name.startsWith("conv1d")) {
    const p = args.find((a) => typeof a === "object" && a !== null && "groups" in a) as Conv1dParams;
    const kind = p.groups > 1 && p.groups === p.Cin ? "depthwise" : p.K === 1 ? "pointwise" : "dense";
    return `${name} ${kind}`;
  }
  if (name === "unary" || name === "unaryBackward" || name === "binary" || name === "reduce") {
    return `${name} ${args[0]}`;
  }
  return name;
}

/** Runs `steps` timed training steps with every kernel call timed; returns rows sorted by time. */
export function profileStep(
  length: number,
  threads: number,
  mode: "train" | "infer" = "train",
  steps = 5,
  batch = 64,
): {
  stepMs: number;
  rows: ProfileRow[];
} {
  setNumThreads(threads);
  const inner = kernelsFor("float32") as EngineKernels;
  const totals = new Map<string, { calls: number; ms: number }>();
  const wrapped = Object.create(inner) as EngineKernels;
  for (const name of Object.keys(inner) as (keyof EngineKernels)[]) {
    const fn = inner[name];
    if (typeof fn !== "function" || name === "setThreads") continue;
    (wrapped as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      const t0 = performance.now();
      const result = (fn as (...a: unknown[]) => unknown).apply(inner, args);
      const key = label(name, args);
      const entry = totals.get(key) ?? { calls: 0, ms: 0 };
      entry.calls++;
      entry.ms += performance.now() - t0;
      totals.set(key, entry);
      return result;
    };
  }
  setBackend(wrapped);
  const generator = new Generator(0);
  const cfg = loadConfig();
  const model = new ReferenceModel(cfg, { generator });
  const x = Tensor.randn([batch, cfg.inChannels, length], { generator });
  const seq = Tensor.randn([batch, cfg.autoencoder.steps, cfg.autoencoder.features], { generator });
  const age = Tensor.from(
    Array.from({ length: batch }, (_, i) => i % cfg.attention.ageBuckets),
    [batch],
  );
  const sex = Tensor.from(
    Array.from({ length: batch }, (_, i) => i % cfg.attention.sexes),
    [batch],
  );
  const labels = Array.from({ length: batch }, (_, i) => i % cfg.classes);
  const optimizer = new AdamW(model.parameters(), { lr: 1e-3 });
  const train = () =>
    scope(() => {
      optimizer.zeroGrad();
      const [logits, recon] = model.forward(x, seq, age, sex);
      F.crossEntropy(logits, labels).add(F.mse(recon, seq)).backward();
      optimizer.step();
    });
  const infer = () => scope(() => noGrad(() => model.forward(x, seq, age, sex)));
  const step = mode === "train" ? train : infer;
  if (mode === "infer") fuseForInference(model);
  step();
  totals.clear();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  const stepMs = (performance.now() - t0) / steps;
  setBackend(inner);
  const rows = [...totals].map(([kernel, { calls, ms }]) => ({
    kernel,
    calls: calls / steps,
    msPerStep: ms / steps,
    share: ms / steps / stepMs,
  }));
  const inKernels = rows.reduce((sum, r) => sum + r.msPerStep, 0);
  rows.push({
    kernel: "outside kernels (JS op layer, autograd)",
    calls: 0,
    msPerStep: stepMs - inKernels,
    share: 1 - inKernels / stepMs,
  });
  rows.sort((a, b) => b.msPerStep - a.msPerStep);
  return { stepMs, rows };
}

/** Returns the profile as a fixed-width text table. */
export function formatProfile(stepMs: number, rows: ProfileRow[]): string {
  const lines = [
    `step ${stepMs.toFixed(1)} ms`,
    `${"kernel".padEnd(42)} ${"calls".padStart(6)} ${"ms/step".padStart(9)} ${"share".padStart(6)}`,
  ];
  for (const r of rows) {
    lines.push(
      `${r.kernel.padEnd(42)} ${r.calls.toFixed(0).padStart(6)} ${r.msPerStep.toFixed(2).padStart(9)} ${(100 * r.share).toFixed(1).padStart(5)}%`,
    );
  }
  return lines.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      length: { type: "string", default: "3000" },
      threads: { type: "string", default: "2" },
      mode: { type: "string", default: "train" },
      steps: { type: "string", default: "5" },
    },
  });
  const mode = values.mode === "infer" ? "infer" : "train";
  const { stepMs, rows } = profileStep(
    Number(values.length),
    Number(values.threads),
    mode,
    Number(values.steps),
  );
  console.log(formatProfile(stepMs, rows));
}
