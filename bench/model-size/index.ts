/**
 * EfficientECG's size and speed across compound scalings: parameters, forward FLOPs per sample and inference
 * samples/s (batch 64, batch norms folded by fuseForInference) for a beat (1x256) and a 10 s strip at 300 Hz
 * (1x3000), on this machine. Prints a table and writes bench/results/model-size.json.
 *
 * usage: npx tsx bench/model-size/index.ts [--threads 1] [--seconds 2]
 */
import { parseArgs } from "node:util";
import { P_WAVE_FEATURES, R_PEAK_FEATURES } from "../../src/features/index.js";
import { EfficientECG, type EfficientEcgInput, type EfficientEcgOptions } from "../../src/models/index.js";
import { countFlops, countParameters, fuseForInference } from "../../src/nn/index.js";
import { Generator, noGrad, scope, setNumThreads, Tensor } from "../../src/tensor/index.js";
import { writeResults } from "../frontend-speed/harness.js";

const { values } = parseArgs({
  options: { threads: { type: "string", default: "1" }, seconds: { type: "string", default: "2" } },
});
const threads = Number(values.threads);
const seconds = Number(values.seconds);
setNumThreads(threads);

const branches = {
  rPeak: { steps: 16, features: R_PEAK_FEATURES.length, hidden: 32, latent: 16 },
  pWave: { steps: 16, features: P_WAVE_FEATURES.length, hidden: 32, latent: 16 },
  fusion: { dModel: 64, heads: 4 },
};
const configs: Array<{ name: string; options: EfficientEcgOptions }> = [
  { name: "B0 (width 1, depth 1)", options: { leads: 1, classes: 5 } },
  { name: "width 0.5, depth 0.5", options: { leads: 1, classes: 5, width: 0.5, depth: 0.5 } },
  { name: "width 0.35, depth 0.35", options: { leads: 1, classes: 5, width: 0.35, depth: 0.35 } },
  { name: "width 0.25, depth 0.25", options: { leads: 1, classes: 5, width: 0.25, depth: 0.25 } },
  {
    name: "width 0.5, depth 0.5 + R/P autoencoders + fusion",
    options: { leads: 1, classes: 5, width: 0.5, depth: 0.5, ...branches },
  },
];

/** Returns a batch of 64 inputs with `length` samples per signal. */
function batchOf(length: number): Required<EfficientEcgInput> {
  const g = new Generator(0);
  const n = 64;
  return {
    signal: Tensor.randn([n, 1, length], { generator: g }),
    rPeak: Tensor.randn([n, 16, R_PEAK_FEATURES.length], { generator: g }),
    pWave: Tensor.randn([n, 16, P_WAVE_FEATURES.length], { generator: g }),
    age: Tensor.from(new Array(n).fill(3), [n]),
    sex: Tensor.from(new Array(n).fill(1), [n]),
  };
}

/** Returns forward MFLOP per sample (2 x multiply-accumulates, countFlops' convention) of the unfused model. */
function mflopsPerSample(model: EfficientECG, length: number): number {
  const { signal, rPeak, pWave, age, sex } = batchOf(length);
  const count = countFlops(model, [signal, rPeak, pWave, age, sex], (m, [s, r, p, a, x]) =>
    m.forward({ signal: s, rPeak: r, pWave: p, age: a, sex: x }),
  );
  return count.flops / signal.shape[0] / 1e6;
}

/** Returns inference samples/s of the (fused) model on a batch of 64 inputs of `length` samples. */
function samplesPerSecond(model: EfficientECG, length: number): number {
  const input = batchOf(length);
  const n = input.signal.shape[0];
  const step = () => scope(() => noGrad(() => model.forward(input)));
  step();
  let steps = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000 || steps < 2) {
    step();
    steps++;
  }
  return (steps * n) / ((performance.now() - start) / 1000);
}

const rows = configs.map(({ name, options }) => {
  const model = new EfficientECG({ ...options, generator: new Generator(1) });
  const parameters = countParameters(model);
  const mflops = { beat: mflopsPerSample(model, 256), strip: mflopsPerSample(model, 3000) };
  fuseForInference(model);
  const perSecond = { beat: samplesPerSecond(model, 256), strip: samplesPerSecond(model, 3000) };
  return { name, parameters, mflops, samplesPerSecond: perSecond };
});

console.log(`EfficientECG inference, batch 64, ${threads} thread(s), batch norms folded`);
console.log(
  "| configuration | parameters | MFLOP 1x256 | samples/s 1x256 | MFLOP 1x3000 | samples/s 1x3000 |",
);
console.log("|---|---|---|---|---|---|");
for (const r of rows) {
  console.log(
    `| ${r.name} | ${r.parameters.toLocaleString("en")} | ${r.mflops.beat.toFixed(1)} | ${r.samplesPerSecond.beat.toFixed(0)} | ${r.mflops.strip.toFixed(1)} | ${r.samplesPerSecond.strip.toFixed(0)} |`,
  );
}
console.log(
  `wrote ${writeResults("model-size", { command: `npx tsx bench/model-size/index.ts --threads ${threads} --seconds ${seconds}`, date: new Date().toISOString(), threads, rows })}`,
);
