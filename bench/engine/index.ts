/**
 * The engine benchmark (issue #3): the reference model (bench/engine/reference-model.json, 151 k parameters)
 * trained and run at batch 64 on inputs 1x256 and 1x3000 by efficientecg (2 threads and 1), PyTorch CPU (the
 * same architecture in torch_model.py, same thread counts) and tfjs with the WASM backend, all in one run on
 * this machine. Every configuration runs in a fresh process (so peak RSS is its own). Prints a table, the
 * ratios, the achieved GFLOP/s and a per-kernel profile, and writes bench/results/engine.json.
 *
 * usage: npx tsx bench/engine/index.ts [--seconds 15] [--lengths 256,3000] [--skip-tfjs] [--skip-torch]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { formatProfile, profileStep } from "./profile.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "15" },
    lengths: { type: "string", default: "256,3000" },
    "skip-tfjs": { type: "boolean", default: false },
    "skip-torch": { type: "boolean", default: false },
  },
});
const seconds = values.seconds;
const lengths = values.lengths.split(",").map(Number);
const modes = ["train", "infer"] as const;

interface Peer {
  key: string;
  label: string;
  threads: number;
  command: string[];
}
const tsx = [process.execPath, "--import", "tsx"];
const peers: Peer[] = [
  { key: "ours2", label: "efficientecg 2T", threads: 2, command: [...tsx, join(here, "ours_bench.ts")] },
  { key: "ours1", label: "efficientecg 1T", threads: 1, command: [...tsx, join(here, "ours_bench.ts")] },
];
if (!values["skip-torch"]) {
  peers.push(
    {
      key: "torch2",
      label: "PyTorch 2T",
      threads: 2,
      command: ["/usr/bin/python3", join(here, "torch_bench.py")],
    },
    {
      key: "torch1",
      label: "PyTorch 1T",
      threads: 1,
      command: ["/usr/bin/python3", join(here, "torch_bench.py")],
    },
  );
}
if (!values["skip-tfjs"]) {
  // NOTE: tfjs-backend-wasm runs single-threaded in Node (its worker threads need a browser), and it lacks the
  // gradient kernels of conv2d/depthwise conv/gather: training uses the same model composed of ops it can
  // differentiate (tfjs_model.ts, --ops composed); inference uses tfjs's own conv ops (--ops native).
  peers.push({
    key: "tfjs",
    label: "tfjs-wasm 1T",
    threads: 1,
    command: [...tsx, join(here, "tfjs_bench.ts"), "--backend", "wasm"],
  });
}

interface Result {
  samplesPerSecond?: number;
  peakRssMB?: number;
  forwardFlopsPerSample?: number;
  error?: string;
  [key: string]: unknown;
}

/** Runs one peer on one configuration in a fresh process; returns its JSON line or the error it printed. */
function run(peer: Peer, length: number, mode: string, batch = 64): Result {
  const args = [
    "--length",
    String(length),
    "--threads",
    String(peer.threads),
    "--mode",
    mode,
    "--seconds",
    seconds,
  ];
  if (batch !== 64) args.push("--batch", String(batch));
  if (peer.key === "tfjs") args.push("--ops", mode === "train" ? "composed" : "native");
  const child = spawnSync(peer.command[0], [...peer.command.slice(1), ...args], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 1 << 26,
    env: { ...process.env, OMP_NUM_THREADS: String(peer.threads) },
  });
  const line = child.stdout
    .trim()
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("{"));
  if (!line) {
    return {
      error: (child.stderr || child.error?.message || "no output").trim().split("\n").slice(-3).join(" "),
    };
  }
  const result = JSON.parse(line) as Result;
  // tfjs-wasm's heap stops at 4 GiB: when batch 64 does not fit, measure a batch that does and say so.
  if (result.error && peer.key === "tfjs" && batch > 16 && /memory/i.test(result.error)) {
    return { ...run(peer, length, mode, 16), note: `batch 64 failed: ${result.error}` };
  }
  return result;
}

const results: Record<string, Record<string, Result>> = {};
for (const length of lengths) {
  for (const mode of modes) {
    const config = `${length}/${mode}`;
    results[config] = {};
    for (const peer of peers) {
      const t0 = Date.now();
      const result = run(peer, length, mode);
      results[config][peer.key] = result;
      const shown = result.error
        ? `error: ${result.error}`
        : `${result.samplesPerSecond?.toFixed(1)} samples/s`;
      process.stderr.write(
        `[${config}] ${peer.label}: ${shown} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`,
      );
    }
  }
}

/** Returns the nominal clock in GHz: os.cpus() reports 0 on some VMs, so fall back to /proc/cpuinfo. */
function cpuGhz(): number {
  if (cpus()[0].speed > 0) return cpus()[0].speed / 1000;
  try {
    const mhz = /cpu MHz\s*:\s*([\d.]+)/.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (mhz) return Number(mhz[1]) / 1000;
  } catch {}
  return Number.NaN;
}

// Theoretical fp32 peak: cores x GHz x 2 FMA units x 16 lanes (AVX-512) x 2 flops.
const ghz = cpuGhz();
const cores = availableParallelism();
const peakGflops = { 1: ghz * 2 * 16 * 2, 2: cores * ghz * 2 * 16 * 2 };

const ratio = (a?: Result, b?: Result) =>
  a?.samplesPerSecond && b?.samplesPerSecond ? a.samplesPerSecond / b.samplesPerSecond : undefined;
const fmt = (v: number | undefined, digits = 1) => (v === undefined ? "-" : v.toFixed(digits));
/** A table cell: samples/s, "fails", or samples/s at a smaller batch marked with "(batch N)". */
const cell = (r?: Result) =>
  !r || r.error ? "fails" : `${fmt(r.samplesPerSecond, 0)}${r.batch !== 64 ? ` (batch ${r.batch})` : ""}`;
const rows: string[] = [];
const header = [
  "input",
  "mode",
  ...peers.map((p) => p.label),
  "vs PyTorch 2T",
  "vs PyTorch 1T",
  "vs tfjs",
  "GFLOP/s 2T",
  "% peak",
  "peak MB (ours 2T / torch 2T)",
];
rows.push(`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`);
const summary: Record<string, unknown>[] = [];
for (const [config, byPeer] of Object.entries(results)) {
  const [length, mode] = config.split("/");
  const ours = byPeer.ours2;
  const flopsPerSample = (ours.forwardFlopsPerSample ?? 0) * (mode === "train" ? 3 : 1);
  const gflops = ours.samplesPerSecond ? (flopsPerSample * ours.samplesPerSecond) / 1e9 : undefined;
  const entry = {
    length: Number(length),
    mode,
    samplesPerSecond: Object.fromEntries(
      Object.entries(byPeer).map(([k, r]) => [k, r.samplesPerSecond ?? null]),
    ),
    speedupVsTorch2: ratio(ours, byPeer.torch2) ?? null,
    speedupVsTorch1: ratio(byPeer.ours1, byPeer.torch1) ?? null,
    speedupVsTfjs: ratio(ours, byPeer.tfjs) ?? null,
    gflops: gflops ?? null,
    fractionOfPeak: gflops ? gflops / peakGflops[2] : null,
  };
  summary.push(entry);
  rows.push(
    `| 1x${length} | ${mode} | ${peers.map((p) => cell(byPeer[p.key])).join(" | ")} | ${fmt(entry.speedupVsTorch2 ?? undefined, 2)}x | ${fmt(entry.speedupVsTorch1 ?? undefined, 2)}x | ${fmt(entry.speedupVsTfjs ?? undefined, 1)}x | ${fmt(gflops)} | ${fmt(entry.fractionOfPeak ? 100 * entry.fractionOfPeak : undefined)} | ${fmt(ours.peakRssMB, 0)} / ${fmt(byPeer.torch2?.peakRssMB, 0)} |`,
  );
}
console.log(
  `\nbatch 64, samples/s (training: forward + cross-entropy + MSE + backward + AdamW step); ${cpus()[0].model}, ${cores} cores\n`,
);
console.log(rows.join("\n"));
const torchBlas = Object.values(results).find((r) => r.torch1?.blas)?.torch1?.blas;
if (torchBlas) console.log(`\nPyTorch's BLAS: ${torchBlas}`);
console.log(
  `\ntheoretical fp32 peak: ${peakGflops[2].toFixed(0)} GFLOP/s on ${cores} cores (${ghz.toFixed(2)} GHz x 2 FMA x 16 lanes x 2)`,
);

const profiles: Record<string, unknown> = {};
for (const length of lengths) {
  const { stepMs, rows: profile } = profileStep(length, 2, "train", 3);
  profiles[length] = { stepMs, rows: profile };
  console.log(`\nper-kernel profile, training, 1x${length}, 2 threads:\n${formatProfile(stepMs, profile)}`);
}

const out = join(root, "bench", "results", "engine.json");
mkdirSync(dirname(out), { recursive: true });
const payload = {
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0].model, cores, ghz, node: process.version, peakGflops },
  model: JSON.parse(readFileSync(join(here, "reference-model.json"), "utf8")),
  seconds: Number(seconds),
  results,
  summary,
  profiles,
};
writeFileSync(`${out}.tmp`, `${JSON.stringify(payload, null, 2)}\n`);
renameSync(`${out}.tmp`, out);
console.log(`\nwrote ${out}`);
