/**
 * `efficientecg classify <record> --model <checkpoint>`: the class of every beat of one lead by a model trained
 * with `efficientecg train`, written as an MIT annotation file (one beat label per R peak, readable by WFDB's
 * rdann and by `efficientecg bxb` against a reference) and/or JSON, with a count per class on stdout.
 */
import { join } from "node:path";
import type { Command } from "commander";
import { ConfigError, expected } from "../errors.js";
import { refuseExisting, writeFileAtomic } from "../io/atomicWrite.js";
import { readRecord, recordPaths } from "../io/read.js";
import { writeAnnotations } from "../io/write.js";
import { classifyBeats, loadCheckpoint } from "../train/index.js";
import { checkLeadExists, parseLead } from "./flags.js";

/** Options of the classify command, as commander parses them. */
export interface ClassifyCommandOptions {
  model: string;
  lead: string;
  outDir: string;
  format: string;
  extension: string;
  force?: boolean;
}

const FORMATS = ["json", "wfdb", "both"] as const;

/** Runs the command; returns the summary printed on stdout. */
export function runClassify(record: string, options: ClassifyCommandOptions): string {
  if (!(FORMATS as readonly string[]).includes(options.format))
    throw new ConfigError(expected(`one of ${FORMATS.join(", ")}`, "--format", options.format));
  if (!/^[A-Za-z0-9_]+$/.test(options.extension))
    throw new ConfigError(expected("letters, digits or _ (e.g. cls)", "--extension", options.extension));
  const lead = parseLead(options.lead);
  const { model, info } = loadCheckpoint(options.model);
  const rec = readRecord(record);
  checkLeadExists(lead, rec.signals.length, rec.name);
  const result = classifyBeats(model, info, rec.signals[lead], rec.fs, rec.meta);
  const { name } = recordPaths(record);
  const base = join(options.outDir, `${name}.${options.extension}`);
  const files = [
    ...(options.format === "json" ? [] : [base]),
    ...(options.format === "wfdb" ? [] : [`${base}.json`]),
  ];
  // Check every target first, so that nothing is written when one of them is in the way.
  if (!options.force) refuseExisting(files, "pass --force");
  const overwrite = Boolean(options.force);
  const k = result.classes.length;
  const beats = Array.from(result.rPeaks, (sample, i) => ({
    sample,
    class: result.classes[result.labels[i]],
    probability: result.probabilities[i * k + result.labels[i]],
  }));
  if (options.format !== "json") {
    const annotations = beats.map(({ sample, class: label }) => ({
      sample,
      symbol: label,
      subtype: 0,
      chan: lead,
      num: 0,
      aux: "",
    }));
    writeAnnotations(base, annotations, { overwrite });
  }
  if (options.format !== "wfdb") {
    const json = { record: rec.name, fs: rec.fs, lead, model: options.model, classes: result.classes, beats };
    writeFileAtomic(`${base}.json`, `${JSON.stringify(json)}\n`, overwrite);
  }
  const counts = result.classes.map((c, index) => {
    const n = result.labels.filter((label) => label === index).length;
    return `${c.padEnd(3)} ${String(n).padStart(7)} beats (${((100 * n) / Math.max(1, beats.length)).toFixed(1)} %)`;
  });
  return [
    `record   ${rec.name}, lead ${lead} (${rec.leads[lead]}), ${beats.length} beats`,
    ...counts,
    ...files.map((file) => `wrote    ${file}`),
  ].join("\n");
}

/** Adds the `classify` command to the program. */
export function register(program: Command): void {
  program
    .command("classify")
    .description("classify every beat of one lead with a trained model; write WFDB annotations and JSON")
    .argument("<record>", 'WFDB record path with or without ".hea" (e.g. data/mitdb/100)')
    .requiredOption("--model <file>", "checkpoint written by efficientecg train (model.safetensors)")
    .option("--lead <n>", "lead (signal) index", "0")
    .option("--out-dir <dir>", "folder for the output files", ".")
    .option("--format <format>", "json, wfdb or both", "both")
    .option("--extension <ext>", "annotator name: the annotation file is <record>.<ext>", "cls")
    .option("--force", "replace existing output files")
    .action((record: string, options: ClassifyCommandOptions) => {
      process.stdout.write(`${runClassify(record, options)}\n`);
    });
}
