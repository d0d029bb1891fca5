/**
 * What the front-end benchmarks (io-speed, dsp-speed, qrs-mitdb, pwave-ludb and frontend-speed) share: a flag's
 * value, timing of repeated runs (wall clock and this process's CPU time) and writing bench/results/<name>.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../src/datasets/paths.js";

/** Returns the word after `flag` (e.g. "--runs") on the command line, or undefined when the flag is absent. */
export function flagValue(flag: string): string | undefined {
  const at = process.argv.indexOf(flag);
  return at > 0 ? process.argv[at + 1] : undefined;
}

/** Returns the CPU time (user + system) this process has used since `start`, a process.cpuUsage() reading, in ms. */
export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e3;
}

/** Timings of repeated runs of one operation, in ms. */
export interface Timing {
  bestMs: number;
  medianMs: number;
  bestCpuMs: number;
}

/**
 * Returns the best and median wall-clock time and the best CPU time (ms) of `runs` calls of `op`, and what its
 * first call returned; with `warmUp` (the default) one untimed call comes first.
 */
export function timeRuns<T>(op: () => T, runs: number, warmUp = true): Timing & { output: T } {
  let first = warmUp ? { output: op() } : undefined;
  const wall: number[] = [];
  let bestCpuMs = Number.POSITIVE_INFINITY;
  for (let run = 0; run < runs; run++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const output = op();
    wall.push(performance.now() - start);
    bestCpuMs = Math.min(bestCpuMs, cpuMsSince(cpu));
    first ??= { output };
  }
  wall.sort((a, b) => a - b);
  return { bestMs: wall[0], medianMs: wall[wall.length >> 1], bestCpuMs, output: first!.output };
}

/** Writes `result` to bench/results/<name>.json (indented by `indent` spaces) and returns the file's path. */
export function writeResults(name: string, result: unknown, indent = 2): string {
  const folder = join(projectRoot, "bench", "results");
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, indent)}\n`);
  return file;
}
