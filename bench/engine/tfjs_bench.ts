/**
 * Times the reference model in TensorFlow.js (tfjs-core 4.22 on the wasm or the pure-JS cpu backend): training
 * and inference samples/s and peak memory for one configuration, printed as one JSON line with the same CLI and
 * fields as torch_bench.py, plus backend, ops, simd and threadsUsed. When a configuration cannot run (a kernel
 * missing from the backend, a crash, out of memory) the line carries "error" instead of the timings.
 *
 * usage: npx tsx bench/engine/tfjs_bench.ts --length 3000 --threads 1 --mode train|infer --batch 64 --seconds 20
 *        [--warmup 2] [--backend wasm|cpu] [--ops native|composed]
 *
 * NOTE: the measurement runs in a child process (this script again, marked by an environment variable) so that
 * a hard crash or an out-of-memory kill still yields a JSON line, and so that peak RSS belongs to it alone.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs-core";
// NOTE: tfjs-core's Node bundle registers no gradient functions; the @tensorflow/tfjs union package registers
// them (and the cpu backend) on the shared tfjs-core engine, as in any ordinary tfjs app.
import "@tensorflow/tfjs";
import * as tfWasm from "@tensorflow/tfjs-backend-wasm";
import { ConfigError, expected } from "../../src/errors.js";
import {
  createReferenceModel,
  loadReferenceConfig,
  type OpsMode,
  PYTORCH_PARAMETERS,
  type ReferenceConfig,
  type ReferenceInputs,
  type ReferenceModel,
} from "./tfjs_model.js";

const WORKER_ENV = "EFFICIENTECG_TFJS_BENCH_WORKER";
/** tfjs-backend-wasm is a wasm32 build: its heap cannot grow past 4 GiB (emscripten getHeapMax). */
const WASM_HEAP_LIMIT_MIB = 4096;

type Backend = "wasm" | "cpu";
type Mode = "train" | "infer";

interface BenchOptions {
  length: number;
  threads: number;
  mode: Mode;
  batch: number;
  seconds: number;
  warmup: number;
  backend: Backend;
  ops: OpsMode;
}

const FLAGS = {
  length: { type: "string" },
  threads: { type: "string" },
  mode: { type: "string" },
  batch: { type: "string", default: "64" },
  seconds: { type: "string", default: "20" },
  warmup: { type: "string", default: "2" },
  backend: { type: "string", default: "wasm" },
  ops: { type: "string", default: "native" },
} as const;

/** Returns the raw flag values; unknown flags or missing values throw ConfigError listing the valid flags. */
function readFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: FLAGS });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message} (flags: --${Object.keys(FLAGS).join(", --")})`);
  }
}

/** Returns the validated options from the command line; throws ConfigError naming the bad flag. */
function parseOptions(argv: string[]): BenchOptions {
  const { values } = readFlags(argv);
  const integer = (name: string, text: string | undefined, min: number): number => {
    const value = Number(text);
    if (text === undefined || !Number.isInteger(value) || value < min)
      throw new ConfigError(expected(`an integer >= ${min}`, `--${name}`, text));
    return value;
  };
  const choice = <T extends string>(name: string, text: string | undefined, allowed: readonly T[]): T => {
    if (!allowed.includes(text as T))
      throw new ConfigError(expected(allowed.join(" or "), `--${name}`, text));
    return text as T;
  };
  const seconds = Number(values.seconds);
  if (!(seconds > 0)) throw new ConfigError(expected("a number of seconds > 0", "--seconds", values.seconds));
  return {
    length: integer("length", values.length, 16),
    threads: integer("threads", values.threads, 1),
    mode: choice("mode", values.mode, ["train", "infer"] as const),
    batch: integer("batch", values.batch, 1),
    seconds,
    warmup: integer("warmup", values.warmup, 0),
    backend: choice("backend", values.backend, ["wasm", "cpu"] as const),
    ops: choice("ops", values.ops, ["native", "composed"] as const),
  };
}

/** Returns the fields every output line starts with, so that error lines identify their configuration. */
function identity(o: BenchOptions): Record<string, unknown> {
  return {
    peer: "tfjs",
    version: tf.version_core,
    backend: o.backend,
    ops: o.ops,
    mode: o.mode,
    length: o.length,
  };
}

/** Returns the backend's SIMD and thread facts once `o.backend` is active; throws when it cannot start. */
async function startBackend(o: BenchOptions): Promise<{ simd: boolean | null; threadsUsed: number }> {
  if (o.backend === "cpu") {
    if (o.threads !== 1)
      throw new Error("the tfjs cpu backend is single-threaded JavaScript; use --threads 1");
    await activate("cpu");
    return { simd: null, threadsUsed: 1 };
  }
  // NOTE: tfjs-backend-wasm 4.22 reports WASM_HAS_MULTITHREAD_SUPPORT = false under Node (tensorflow/tfjs#3830),
  // so --threads > 1 forces the threaded-SIMD binary; it fails in Node (its pthread workers load from blob: URLs).
  if (o.threads > 1) tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
  tfWasm.setThreadsCount(o.threads);
  await activate("wasm");
  return {
    simd: Boolean(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")),
    threadsUsed: tfWasm.getThreadsCount(),
  };
}

/** Makes `name` the active tfjs backend; throws with tfjs's own reason (which it only logs) when that fails. */
async function activate(name: Backend): Promise<void> {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(" "));
  try {
    if (!(await tf.setBackend(name))) {
      const reason = warnings.find((w) => /error/i.test(w)) ?? warnings.join("; ");
      throw new Error(`tfjs backend ${name} failed to initialise: ${reason.split("\n")[0]}`);
    }
  } finally {
    console.warn = warn;
  }
}

/** Returns a seeded uniform generator in [0, 1) (mulberry32). */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns one random batch shaped like torch_bench.py's: signal, sequence, age, sex and class labels. */
function randomBatch(
  cfg: ReferenceConfig,
  n: number,
  length: number,
): { inputs: ReferenceInputs; labels: tf.Tensor1D } {
  const random = mulberry32(0);
  const ints = (high: number) =>
    tf.tensor1d(
      Int32Array.from({ length: n }, () => Math.floor(random() * high)),
      "int32",
    );
  const ae = cfg.autoencoder;
  return {
    inputs: {
      signal: tf.randomNormal([n, length, cfg.inChannels], 0, 1, "float32", 1),
      sequence: tf.randomNormal([n, ae.steps, ae.features], 0, 1, "float32", 2),
      age: ints(cfg.attention.ageBuckets),
      sex: ints(cfg.attention.sexes),
    },
    labels: ints(cfg.classes),
  };
}

/** torch.optim.AdamW (lr 1e-3, betas 0.9/0.999, eps 1e-8, weight decay 0.01): tfjs has Adam but no AdamW. */
class AdamW {
  private step = 0;
  private readonly moments: Map<tf.Variable, { m: tf.Variable; v: tf.Variable }>;

  constructor(
    variables: tf.Variable[],
    private readonly lr = 1e-3,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly eps = 1e-8,
    private readonly weightDecay = 0.01,
  ) {
    this.moments = new Map(
      variables.map((p) => [
        p,
        { m: tf.variable(tf.zerosLike(p), false), v: tf.variable(tf.zerosLike(p), false) },
      ]),
    );
  }

  /** Applies one update to every variable from its gradient (by variable name, as tf.variableGrads returns). */
  update(grads: tf.NamedTensorMap): void {
    this.step++;
    const correction1 = 1 - this.beta1 ** this.step;
    const correction2 = 1 - this.beta2 ** this.step;
    tf.tidy(() => {
      for (const [p, { m, v }] of this.moments) {
        const g = grads[p.name];
        m.assign(tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1)));
        v.assign(tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2)));
        const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(correction2)), this.eps);
        const decayed = tf.mul(p, 1 - this.lr * this.weightDecay);
        p.assign(tf.sub(decayed, tf.mul(tf.div(m, denom), this.lr / correction1)));
      }
    });
  }
}

/** Returns a function running one training or inference step of `model` on a fixed batch. */
function stepFunction(model: ReferenceModel, cfg: ReferenceConfig, o: BenchOptions): () => void {
  const { inputs, labels } = randomBatch(cfg, o.batch, o.length);
  if (o.mode === "infer") {
    return () => tf.tidy(() => model.forward(inputs, false).logits.dataSync());
  }
  const variables = [...model.parameters.values()];
  const optimizer = new AdamW(variables);
  return () => {
    const { value, grads } = tf.variableGrads(() => model.loss(inputs, labels), variables);
    optimizer.update(grads);
    value.dataSync();
    tf.dispose([value, grads]);
  };
}

/** Returns the kernels a training step dispatches that `backend` lacks (profiled on a tiny cpu-backend step). */
async function missingKernels(backend: Backend, o: BenchOptions): Promise<string[]> {
  await activate("cpu");
  const cfg = loadReferenceConfig();
  const model = createReferenceModel(cfg, o.ops);
  const step = stepFunction(model, cfg, { ...o, batch: 2, length: 64 });
  const profile = await tf.profile(step);
  // Profiles also list custom-gradient op scopes (logSoftmax__op); keep only real kernels.
  const names = new Set(profile.kernels.map((k) => k.name).filter((name) => tf.getKernel(name, "cpu")));
  return [...names].filter((name) => tf.getKernel(name, backend) === undefined).sort();
}

/** Runs one configuration in this process and prints its JSON line (timings, or "error"). */
async function runWorker(o: BenchOptions): Promise<void> {
  let parameters: number | undefined;
  try {
    const facts = await startBackend(o);
    tf.enableProdMode(); // tfjs's advice for speed: skips debug-only checks (and silences its warnings)
    const cfg = loadReferenceConfig();
    const model = createReferenceModel(cfg, o.ops);
    parameters = model.parameterCount();
    if (parameters !== PYTORCH_PARAMETERS)
      throw new Error(`tfjs model has ${parameters} parameters but PyTorch's has ${PYTORCH_PARAMETERS}`);
    const step = stepFunction(model, cfg, o);
    for (let i = 0; i < o.warmup; i++) step();
    let steps = 0;
    let elapsed = 0;
    const start = performance.now();
    while (elapsed < o.seconds || steps < 3) {
      step();
      steps++;
      elapsed = (performance.now() - start) / 1000;
    }
    print({
      ...identity(o),
      threads: o.threads,
      batch: o.batch,
      steps,
      seconds: elapsed,
      samplesPerSecond: (steps * o.batch) / elapsed,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
      parameters,
      simd: facts.simd,
      threadsUsed: facts.threadsUsed,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line: Record<string, unknown> = { ...identity(o), threads: o.threads, batch: o.batch, parameters };
    line.error = explain(message.split("\n")[0], o.backend);
    if (/not registered for backend/.test(message)) line.missingKernels = await missingKernels(o.backend, o);
    line.peakRssMB = process.resourceUsage().maxRSS / 1024;
    print(line);
  }
}

/** Returns the error message, saying so when a wasm abort came from its heap reaching the 4 GiB wasm32 cap. */
function explain(message: string, backend: Backend): string {
  if (backend !== "wasm" || !message.startsWith("Aborted(")) return message;
  const heap = (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length / 2 ** 20;
  if (heap < 0.9 * WASM_HEAP_LIMIT_MIB) return message;
  return `out of memory: the wasm heap reached ${Math.round(heap)} MiB of its ${WASM_HEAP_LIMIT_MIB} MiB limit (${message})`;
}

function print(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** Runs the worker as a child process and prints its JSON line, or an error line if it died without one. */
function supervise(o: BenchOptions, argv: string[]): Promise<void> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [...process.execArgv, script, ...argv], {
    env: { ...process.env, [WORKER_ENV]: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderrTail = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderrTail = (stderrTail + chunk.toString()).slice(-400);
  });
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      const line = stdout
        .trim()
        .split("\n")
        .reverse()
        .find((l) => l.startsWith("{"));
      if (line !== undefined) process.stdout.write(`${line}\n`);
      else {
        const how = signal !== null ? `signal ${signal} (killed: out of memory?)` : `exit code ${code}`;
        const last = stderrTail.trim().split("\n").slice(-1)[0] ?? "";
        print({
          ...identity(o),
          threads: o.threads,
          batch: o.batch,
          error: `worker died with ${how}: ${last}`,
        });
      }
      resolve();
    });
  });
}

const argv = process.argv.slice(2);
try {
  const options = parseOptions(argv);
  if (process.env[WORKER_ENV] === "1") await runWorker(options);
  else await supervise(options, argv);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`tfjs_bench: ${error.message}\n`);
  process.exitCode = 2;
}
