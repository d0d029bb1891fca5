/**
 * kernels: throughput of each native kernel on the reference model's shapes (batch 64, input length 256 and
 * 3000), with 1 and 2 threads, next to the reference TypeScript kernels; GFLOP/s for GEMM and convolutions,
 * GB/s (bytes read + written) for memory-bound kernels. Also reports this CPU's theoretical float32 peak
 * (cores x GHz x 2 FMA units x lanes x 2 flops) and the fraction of it each compute kernel reaches.
 *
 * Run: npx tsx bench/kernels/index.ts [--quick] [--only <substring>] [--rounds N]
 * Prints a table and writes bench/results/kernels.json (not for a partial run with --only). Every timing is
 * the best of repeated calls after a warm-up: for native, N rounds (default 3) alternating 1 and 2 threads,
 * each at least 5 calls and 0.5 s; for the slow reference, 1 to 3 calls within 1.5 s. The machine's cores
 * are shared, so best-of is the number to compare.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Kernels } from "../../src/tensor/kernels/kernels.js";
import { loadNativeKernels } from "../../src/tensor/kernels/native.js";
import { referenceKernels } from "../../src/tensor/kernels/reference.js";
import { gemmCases, type KernelCase, modelCases } from "./cases.js";

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes("--quick");
const onlyArg = process.argv.indexOf("--only");
const only = onlyArg > 0 ? process.argv[onlyArg + 1] : undefined;
const roundsArg = process.argv.indexOf("--rounds");
const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : quick ? 1 : 3;

/** Returns the best wall time in ms of `run`, after one warm-up call. */
function best(run: () => void, minRuns: number, minMs: number, maxRuns: number): number {
  run();
  let bestMs = Infinity;
  const start = performance.now();
  for (let r = 0; r < maxRuns && (r < minRuns || performance.now() - start < minMs); r++) {
    const t0 = performance.now();
    run();
    bestMs = Math.min(bestMs, performance.now() - t0);
  }
  return bestMs;
}

/** Returns the nominal clock in GHz: the highest "cpu MHz" in /proc/cpuinfo, else os.cpus(). */
function clockGHz(): number {
  try {
    const mhz = [...readFileSync("/proc/cpuinfo", "utf8").matchAll(/cpu MHz\s*:\s*([\d.]+)/g)].map((m) =>
      Number(m[1]),
    );
    if (mhz.length > 0) return Math.max(...mhz) / 1000;
  } catch {
    // not Linux
  }
  return (cpus()[0]?.speed ?? 0) / 1000;
}

const native = loadNativeKernels();
const info = native.info();
const lanes = info.isa === "avx512" ? 16 : info.isa === "avx2" ? 8 : 1;
const ghz = clockGHz();
const perCorePeak = ghz * 2 * lanes * 2; // GFLOP/s: 2 FMA units x lanes x 2 flops per FMA
const cores = info.cores;

interface Row {
  L: number | null;
  name: string;
  shape: string;
  unit: "GFLOP/s" | "GB/s";
  reference: number;
  native1: number;
  native2: number;
  bestMs: { reference: number; native1: number; native2: number };
}

function measure(L: number | null, c: KernelCase): Row {
  const rate = (ms: number) => c.work / (ms * 1e6);
  const timeWith = (k: Kernels, threads: number) => {
    native.setThreads(threads);
    return best(() => c.run(k), quick ? 2 : 5, quick ? 100 : 500, 10_000);
  };
  const refMs = best(() => c.run(referenceKernels), 1, quick ? 0 : 1500, quick ? 1 : 3);
  // 1 and 2 threads alternate over a few rounds, so that a burst of other work on the shared cores does
  // not land on one configuration only
  let [n1, n2] = [Infinity, Infinity];
  for (let round = 0; round < rounds; round++) {
    n1 = Math.min(n1, timeWith(native, 1));
    n2 = Math.min(n2, timeWith(native, 2));
  }
  return {
    L,
    name: c.name,
    shape: c.shape,
    unit: c.unit === "flop" ? "GFLOP/s" : "GB/s",
    reference: rate(refMs),
    native1: rate(n1),
    native2: rate(n2),
    bestMs: { reference: refMs, native1: n1, native2: n2 },
  };
}

const suites: [number | null, KernelCase[]][] = [
  [null, gemmCases()],
  [256, modelCases(256)],
  [3000, modelCases(3000)],
];
const load = { before: loadavg().map((v) => v.toFixed(1)) };
const rows: Row[] = [];
const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
console.log(
  `native ISA ${info.isa}, ${cores} cores at ${ghz.toFixed(2)} GHz nominal: peak ${perCorePeak.toFixed(1)} GFLOP/s ` +
    `per core, ${(perCorePeak * cores).toFixed(1)} GFLOP/s for ${cores} (cores x GHz x 2 FMA x ${lanes} lanes x 2)`,
);
console.log(
  [
    "L",
    "kernel",
    "shape",
    "unit",
    "reference",
    "native 1t",
    "native 2t",
    "1t/ref",
    "2t/1t",
    "peak 1t",
    "peak 2t",
  ]
    .map((h, i) => (i < 3 ? h.padEnd([5, 42, 32][i]) : h.padStart(9)))
    .join(" "),
);
for (const [L, cases] of suites) {
  for (const c of cases) {
    if (only && !`${c.name} ${L}`.includes(only)) continue;
    const row = measure(L, c);
    rows.push(row);
    const peak = (v: number, n: number) =>
      row.unit === "GFLOP/s" ? `${((100 * v) / (perCorePeak * n)).toFixed(0)}%` : "";
    console.log(
      [
        String(L ?? "-").padEnd(5),
        row.name.padEnd(42),
        row.shape.padEnd(32),
        row.unit.padStart(9),
        fmt(row.reference).padStart(9),
        fmt(row.native1).padStart(9),
        fmt(row.native2).padStart(9),
        `${fmt(row.native1 / row.reference)}x`.padStart(9),
        `${fmt(row.native2 / row.native1)}x`.padStart(9),
        peak(row.native1, 1).padStart(9),
        peak(row.native2, 2).padStart(9),
      ].join(" "),
    );
  }
}
native.setThreads(cores);

const result = {
  benchmark: "kernels",
  command: `npx tsx bench/kernels/index.ts${quick ? " --quick" : ""}${only ? ` --only ${only}` : ""}${roundsArg > 0 ? ` --rounds ${rounds}` : ""}`,
  date: new Date().toISOString(),
  node: process.version,
  cpu: `${cpus()[0]?.model ?? "unknown"} x ${cpus().length}`,
  loadAverage: { ...load, after: loadavg().map((v) => v.toFixed(1)) },
  native: { isa: info.isa, isas: info.isas, compiler: info.compiler, cores },
  peak: {
    formula: `cores x GHz x 2 FMA units x ${lanes} float32 lanes x 2 flops`,
    nominalGHz: ghz,
    perCoreGflops: perCorePeak,
    allCoresGflops: perCorePeak * cores,
    note: "nominal clock from /proc/cpuinfo; turbo can run above it, so a fraction above 100% is possible",
  },
  timing: `best of repeated calls after a warm-up; native: ${rounds} rounds alternating 1 and 2 threads (shared machine)`,
  results: rows,
};
if (only) {
  console.log("(a partial run with --only: bench/results/kernels.json left as it was)");
} else {
  writeFileSync(join(here, "..", "results", "kernels.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.log("wrote bench/results/kernels.json");
}
