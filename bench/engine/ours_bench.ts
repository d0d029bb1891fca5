/**
 * Times the reference model on efficientecg's engine for one configuration and prints one JSON line, with
 * the same command line and fields as torch_bench.py, so that bench/engine/index.ts treats every peer alike.
 *
 * usage: npx tsx bench/engine/ours_bench.ts --length 3000 --threads 2 --mode train|infer --batch 64 --seconds 20
 */
import { parseArgs } from "node:util";
import { countFlops, countParameters, fuseForInference } from "../../src/nn/index.js";
import { AdamW } from "../../src/optim/index.js";
import { backendInfo, F, Generator, noGrad, scope, setNumThreads, Tensor } from "../../src/tensor/index.js";
import { loadConfig, ReferenceModel } from "./model.js";

const { values } = parseArgs({
  options: {
    length: { type: "string" },
    threads: { type: "string" },
    mode: { type: "string" },
    batch: { type: "string", default: "64" },
    seconds: { type: "string", default: "20" },
    warmup: { type: "string", default: "2" },
  },
});
const length = Number(values.length);
const threads = Number(values.threads);
const batch = Number(values.batch);
const seconds = Number(values.seconds);
const mode = values.mode;
if (!(length > 0 && threads > 0 && (mode === "train" || mode === "infer"))) {
  throw new Error(
    "usage: ours_bench.ts --length L --threads T --mode train|infer [--batch 64] [--seconds 20]",
  );
}

setNumThreads(threads);
const generator = new Generator(0);
const cfg = loadConfig();
const model = new ReferenceModel(cfg, { generator });
const { ae, at } = { ae: cfg.autoencoder, at: cfg.attention };
const x = Tensor.randn([batch, cfg.inChannels, length], { generator });
const seq = Tensor.randn([batch, ae.steps, ae.features], { generator });
const age = Tensor.from(
  Array.from({ length: batch }, (_, i) => i % at.ageBuckets),
  [batch],
);
const sex = Tensor.from(
  Array.from({ length: batch }, (_, i) => i % at.sexes),
  [batch],
);
const labels = Array.from({ length: batch }, (_, i) => i % cfg.classes);
const optimizer = new AdamW(model.parameters(), { lr: 1e-3 });

function trainStep(): void {
  scope(() => {
    optimizer.zeroGrad();
    const [logits, recon] = model.forward(x, seq, age, sex);
    F.crossEntropy(logits, labels).add(F.mse(recon, seq)).backward();
    optimizer.step();
  });
}

function inferStep(): void {
  scope(() => noGrad(() => model.forward(x, seq, age, sex)));
}

const step = mode === "train" ? trainStep : inferStep;
// NOTE: counted before fuseForInference (a fused MBConv block runs as one op that the per-module count cannot
// see), on one sample (a whole batch here would set the inference runs' peak memory).
const one = Tensor.from([0], [1]);
const flopsPerSample = countFlops(model, [
  [1, cfg.inChannels, length],
  [1, ae.steps, ae.features],
  one,
  one,
]).flops;
// Inference runs the model as deployed: eval mode with every batch norm folded into its convolution.
if (mode === "train") model.train();
else fuseForInference(model);
for (let i = 0; i < Number(values.warmup); i++) step();
let steps = 0;
const cpuStart = process.cpuUsage();
const start = performance.now();
let elapsed = 0;
do {
  step();
  steps++;
  elapsed = (performance.now() - start) / 1000;
} while (elapsed < seconds || steps < 3);

const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(
  JSON.stringify({
    peer: "efficientecg",
    backend: backendInfo().name,
    mode,
    length,
    threads,
    batch,
    steps,
    seconds: elapsed,
    samplesPerSecond: (steps * batch) / elapsed,
    cpuSeconds,
    // Samples per CPU-second: robust to other processes on the machine (meaningful for 1 thread).
    samplesPerCpuSecond: (steps * batch) / cpuSeconds,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    parameters: countParameters(model),
    forwardFlopsPerSample: flopsPerSample,
  }),
);
