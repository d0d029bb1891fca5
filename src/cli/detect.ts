/**
 * `efficientecg detect <record>`: R peaks and P waves of one lead of a WFDB record (or of a synthetic ECG),
 * written as an MIT-format annotation file (readable by WFDB's rdann/bxb and by readAnnotations) and/or a
 * JSON file, with a short summary on stdout. Files are written atomically and never replace an existing
 * file unless --force is given.
 */
import { join } from "node:path";
import type { Command } from "commander";
import { ecgPeaks, ecgPeaksMultilead, QRS_METHODS, type QrsMethod } from "../detect/index.js";
import type { PWave } from "../detect/pwave.js";
import { ConfigError, describe, expected } from "../errors.js";
import type { Annotation } from "../io/annotations.js";
import { refuseExisting, writeFileAtomic } from "../io/atomicWrite.js";
import { readRecord, recordPaths } from "../io/read.js";
import { writeAnnotations } from "../io/write.js";
import { ecgSimulate } from "../simulate/index.js";
import { beatAnnotations, leadBeats } from "./beats.js";
import { checkLeadExists, parseLead } from "./flags.js";

/** Options of the detect command, as commander parses them. */
export interface DetectCommandOptions {
  lead: string;
  outDir: string;
  format: string;
  extension: string;
  method: string;
  allLeads?: boolean;
  synthetic?: boolean;
  force?: boolean;
}

/** Everything `detect` finds in one lead. Sample indices are at `fs`. */
export interface DetectionResult {
  record: string;
  fs: number;
  samples: number;
  lead: number;
  leadName: string;
  method: QrsMethod;
  /** True when R peaks came from all leads (ecgPeaksMultilead). */
  allLeads: boolean;
  rPeaks: number[];
  pWaves: Array<PWave | null>;
  /** Mean heart rate over the detected beats, bpm (null with fewer than two beats). */
  meanHeartRateBpm: number | null;
}

const FORMATS = ["json", "wfdb", "both"] as const;

/** Returns the detection result for a record's lead (or for the synthetic demo ECG when `record` is undefined). */
function detectRecord(record: string | undefined, options: DetectCommandOptions): DetectionResult {
  const method = parseMethod(options.method);
  const lead = parseLead(options.lead);
  const { name, file, fs, signals, leadNames } = loadInput(record);
  checkLeadExists(lead, signals.length, name);
  const signal = signals[lead];
  const { rPeaks, pWaves } = leadBeats(
    signal,
    fs,
    { record: file, lead, leadName: leadNames[lead] },
    options.allLeads
      ? (first, rate) => ecgPeaksMultilead([first, ...signals.filter((_, i) => i !== lead)], rate)
      : (only, rate) => ecgPeaks(only, rate, { method }),
  );
  const beats = rPeaks.length;
  return {
    record: name,
    fs,
    samples: signal.length,
    lead,
    leadName: leadNames[lead],
    method,
    allLeads: Boolean(options.allLeads),
    rPeaks: Array.from(rPeaks),
    pWaves,
    meanHeartRateBpm: beats > 1 ? (60 * fs * (beats - 1)) / (rPeaks[beats - 1] - rPeaks[0]) : null,
  };
}

/** Returns the leads to detect in: a record's, or the demo ECG's when `record` is undefined. */
function loadInput(record: string | undefined): {
  name: string;
  /** The header path, or "synthetic": what error messages name. */
  file: string;
  fs: number;
  signals: Float32Array[];
  leadNames: string[];
} {
  if (record !== undefined) {
    const rec = readRecord(record);
    const file = recordPaths(record).headerPath;
    return { name: rec.name, file, fs: rec.fs, signals: rec.signals, leadNames: rec.leads };
  }
  // The demo ECG: one minute of a seeded synthetic sinus rhythm with some noise and baseline wander.
  const sim = ecgSimulate({
    durationS: 60,
    fs: 360,
    heartRate: 72,
    seed: 1,
    noise: 0.02,
    baselineWander: 0.1,
  });
  return {
    name: "synthetic",
    file: "synthetic",
    fs: sim.fs,
    signals: [sim.signal],
    leadNames: ["synthetic"],
  };
}

/**
 * Returns the detection as MIT-format annotations in sample order on the lead's channel: "(" "p" ")" at each
 * P wave, "N" at each R peak (see beatAnnotations).
 */
export function detectionAnnotations(result: DetectionResult): Annotation[] {
  return beatAnnotations(result.rPeaks, result.pWaves, () => "N", result.lead);
}

/** Returns the summary table `detect` prints (lines end with "\n"). */
function formatDetection(result: DetectionResult, written: string[]): string {
  const found = result.pWaves.filter((w) => w !== null).length;
  const share =
    result.rPeaks.length > 0 ? ` (${((100 * found) / result.rPeaks.length).toFixed(1)} % of beats)` : "";
  const rows: Array<[string, string]> = [
    ["record", result.record],
    ["lead", `${result.lead} (${result.leadName})${result.allLeads ? ", R peaks from all leads" : ""}`],
    ["duration", `${(result.samples / result.fs).toFixed(1)} s at ${result.fs} Hz`],
    ["method", result.method],
    ["beats", String(result.rPeaks.length)],
    ["mean HR", result.meanHeartRateBpm === null ? "-" : `${result.meanHeartRateBpm.toFixed(1)} bpm`],
    ["P waves", `${found}${share}`],
    ...written.map((file): [string, string] => ["wrote", file]),
  ];
  return rows.map(([key, value]) => `${key.padEnd(9)} ${value}\n`).join("");
}

/** Runs the command: detects, writes the requested files; returns the result and the files written. */
export function runDetect(
  record: string | undefined,
  options: DetectCommandOptions,
): { result: DetectionResult; files: string[] } {
  if (!(FORMATS as readonly string[]).includes(options.format))
    throw new ConfigError(expected(`one of ${FORMATS.join(", ")}`, "--format", options.format));
  if (!/^[A-Za-z0-9_]+$/.test(options.extension))
    throw new ConfigError(expected("letters, digits or _ (e.g. qrs)", "--extension", options.extension));
  if ((record === undefined) === !options.synthetic)
    throw new ConfigError(
      "Give a record path (e.g. data/mitdb/100) or --synthetic for the demo ECG, not both",
    );
  const result = detectRecord(options.synthetic ? undefined : record, options);
  const base = join(options.outDir, `${result.record}.${options.extension}`);
  const outputs: Array<{ file: string; write: (overwrite: boolean) => void }> = [];
  if (options.format !== "json")
    outputs.push({
      file: base,
      write: (o) => writeAnnotations(base, detectionAnnotations(result), { overwrite: o }),
    });
  if (options.format !== "wfdb")
    outputs.push({
      file: `${base}.json`,
      write: (o) => writeFileAtomic(`${base}.json`, `${JSON.stringify(result)}\n`, o),
    });
  // Check every target first, so that nothing is written when one of them is in the way.
  if (!options.force)
    refuseExisting(
      outputs.map(({ file }) => file),
      "pass --force",
    );
  for (const output of outputs) output.write(Boolean(options.force));
  return { result, files: outputs.map(({ file }) => file) };
}

/** Adds the `detect` command to the program. */
export function register(program: Command): void {
  program
    .command("detect")
    .description("detect R peaks and P waves in one lead; write WFDB annotations and JSON")
    .argument("[record]", 'WFDB record path with or without ".hea" (e.g. data/mitdb/100)')
    .option("--lead <n>", "lead (signal) index", "0")
    .option("--all-leads", "find R peaks with all leads (a dead lead is bridged by the others)")
    .option("--method <name>", `QRS detector: ${QRS_METHODS.join(", ")}`, "efficientecg2026")
    .option("--out-dir <dir>", "folder for the output files", ".")
    .option("--format <format>", "json, wfdb or both", "both")
    .option("--extension <ext>", "annotator name: the annotation file is <record>.<ext>", "qrs")
    .option("--synthetic", "run on a generated one-minute ECG instead of a record (no data needed)")
    .option("--force", "replace existing output files")
    .action((record: string | undefined, options: DetectCommandOptions) => {
      const { result, files } = runDetect(record, options);
      process.stdout.write(formatDetection(result, files));
    });
}

function parseMethod(method: string): QrsMethod {
  if (!(QRS_METHODS as readonly string[]).includes(method))
    throw new ConfigError(
      `Unknown --method ${describe(method)}; valid methods are ${QRS_METHODS.join(", ")}`,
    );
  return method as QrsMethod;
}
