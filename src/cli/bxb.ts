/**
 * `efficientecg bxb <ref> <test>`: the ANSI/AAMI EC57 beat-by-beat comparison of two annotation files, as
 * WFDB's `bxb` prints it (standard table with SVEB columns, QRS Se and +P), plus the whole-record figures.
 * The sampling rate and record length come from the record's header (found next to the reference file,
 * or given with --record); --fs serves when there is no header.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { EC57_CLASSES, type Ec57Comparison, ec57Compare } from "../detect/index.js";
import { ConfigError } from "../errors.js";
import { readAnnotations, readHeader, recordPaths } from "../io/read.js";
import { parseNumber } from "./flags.js";

/** Options of the bxb command, as commander parses them. */
export interface BxbCommandOptions {
  windowMs: string;
  startS: string;
  record?: string;
  fs?: string;
  json?: boolean;
}

/** The comparison under the chosen options, and over the whole record with the same window. */
export interface BxbReport {
  reference: string;
  test: string;
  fs: number;
  /** Record length in samples, when a header gave it. */
  samples?: number;
  chosen: Ec57Comparison;
  wholeRecord: Ec57Comparison;
}

/** Returns the header path that belongs to an annotation file ("dir/100.atr" -> "dir/100.hea"), if it exists. */
function headerBeside(annotationFile: string): string | undefined {
  const { dir, name } = recordPaths(annotationFile.replace(/\.[^./\\]+$/, ""));
  const header = join(dir, `${name}.hea`);
  return existsSync(header) ? header : undefined;
}

/** Returns the bxb report of a test annotation file against a reference one. */
export function compareFiles(reference: string, test: string, options: BxbCommandOptions): BxbReport {
  const windowMs = positive(options.windowMs, "--window-ms");
  const startS = parseNumber(options.startS, "--start-s", "a start time >= 0 in seconds", (s) => s >= 0);
  const headerPath = options.record ?? headerBeside(reference);
  const header = headerPath ? readHeader(headerPath) : undefined;
  const fs = options.fs !== undefined ? positive(options.fs, "--fs") : header?.frequency;
  if (fs === undefined)
    throw new ConfigError(
      `No header found beside ${reference} to give the sampling frequency; pass --record <record> or --fs <Hz>`,
    );
  const samples = header?.sampleCount;
  const refAnnotations = readAnnotations(reference);
  const testAnnotations = readAnnotations(test);
  const endSample = samples && samples > Math.round(startS * fs) ? samples : undefined;
  return {
    reference,
    test,
    fs,
    samples,
    chosen: ec57Compare(refAnnotations, testAnnotations, fs, { windowMs, startS, endSample }),
    wholeRecord: ec57Compare(refAnnotations, testAnnotations, fs, { windowMs, startS: 0, endSample }),
  };
}

/** Returns the report as bxb's standard table (with SVEB columns) and the summary lines. */
export function formatBxb(report: BxbReport): string {
  const { chosen, wholeRecord, fs } = report;
  const lines = [
    "Beat-by-beat comparison (ANSI/AAMI EC57, WFDB bxb algorithm)",
    `Reference annotator: ${report.reference}`,
    `     Test annotator: ${report.test}`,
    `Scored from ${(chosen.startSample / fs).toFixed(1)} s${chosen.endSample > 0 ? ` to ${(chosen.endSample / fs).toFixed(1)} s` : " to the last reference beat"}, match window ${((1000 * chosen.windowSamples) / fs).toFixed(0)} ms (${chosen.windowSamples} samples at ${fs} Hz)`,
    "",
    "               Algorithm",
    `       ${EC57_CLASSES.map((c) => c.toLowerCase().padStart(5)).join("")}`,
    `   ${"_".repeat(5 * EC57_CLASSES.length + 5)}`,
  ];
  chosen.confusion.forEach((row, r) => {
    // bxb leaves out the O/X x o/x cells: an unmatched pseudo-beat pair means nothing.
    const cells = row.map((count, c) => (r >= 5 && c >= 5 ? "" : String(count).padStart(5)));
    lines.push(`  ${EC57_CLASSES[r]} | ${cells.join("")}`);
  });
  const percent = (x: number) => (Number.isNaN(x) ? "     -" : `${(100 * x).toFixed(2).padStart(6)}%`);
  const line = (label: string, c: Ec57Comparison) =>
    `${label}QRS Se ${percent(c.se)} (${c.tp}/${c.tp + c.fn})   QRS +P ${percent(c.ppv)} (${c.tp}/${c.tp + c.fp})   F1 ${percent(c.f1)}`;
  lines.push("", line(chosen.startSample > 0 ? "EC57 (bxb defaults): " : "Chosen period:       ", chosen));
  lines.push(line("Whole record:        ", wholeRecord));
  lines.push(`Missed beats (FN): ${chosen.fn}, extra detections (FP): ${chosen.fp}`);
  return `${lines.join("\n")}\n`;
}

/** Adds the `bxb` command to the program. */
export function register(program: Command): void {
  program
    .command("bxb")
    .description(
      "EC57 beat-by-beat comparison of a test annotation file against a reference one (as WFDB bxb)",
    )
    .argument("<reference>", "reference annotation file, e.g. data/mitdb/100.atr")
    .argument("<test>", "test annotation file, e.g. 100.qrs from `efficientecg detect`")
    .option("--window-ms <ms>", "match window", "150")
    .option(
      "--start-s <s>",
      "start of the scored period (bxb -f; EC57: 300 s, 0 for the whole record)",
      "300",
    )
    .option("--record <record>", "record whose header gives fs and length (default: beside the reference)")
    .option("--fs <hz>", "sampling frequency when there is no header")
    .option("--json", "print the comparison as JSON")
    .action((reference: string, test: string, options: BxbCommandOptions) => {
      const report = compareFiles(reference, test, options);
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 1)}\n` : formatBxb(report));
    });
}

function positive(text: string, flag: string): number {
  return parseNumber(text, flag, "a positive number", (value) => value > 0);
}
