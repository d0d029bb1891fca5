/**
 * `efficientecg info <record>`: what a WFDB record holds (sampling frequency, duration, signals with units,
 * gain and format, patient age and sex, annotation files with counts by symbol), or the variables of a
 * MATLAB file, without decoding the signals (but checking that the signal files hold them).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { RecordError } from "../io/errors.js";
import { WFDB_DEFAULT_GAIN } from "../io/header.js";
import { metaFromComments } from "../io/headerMeta.js";
import { readAnnotations, readFrameCount, readHeader, readMat, recordPaths } from "../io/read.js";

/** Summary of one signal of a record. */
export interface SignalInfo {
  description: string;
  units: string;
  /** ADC units per physical unit used for conversion (200 where the header gives 0). */
  gain: number;
  baseline: number;
  format: number;
  samplesPerFrame: number;
  file: string;
}

/** Summary of a record: everything `info` prints. */
export interface RecordInfo {
  name: string;
  headerPath: string;
  /** Frame frequency in Hz. */
  fs: number;
  /** Frames per signal. */
  samples: number;
  /** Duration in seconds. */
  durationS: number;
  baseTime?: string;
  baseDate?: string;
  age?: number;
  sex?: "M" | "F";
  signals: SignalInfo[];
  /** Annotation files next to the header named `<record>.<extension>`, with counts by symbol. */
  annotations: Array<{ file: string; count: number; symbols: Record<string, number> }>;
  comments: string[];
}

/** Returns the summary of the WFDB record at `path` (with or without ".hea"). Throws RecordError. */
export function recordInfo(path: string): RecordInfo {
  const { headerPath, dir, name } = recordPaths(path);
  const header = readHeader(path);
  // The signal files must hold the frames the header declares (a header without a count is measured).
  const samples =
    header.signals.length === 0 && header.sampleCount !== undefined
      ? header.sampleCount
      : readFrameCount(path);
  const meta = metaFromComments(header.comments);
  const signalFiles = new Set(header.signals.map((spec) => spec.fileName));
  const annotations: RecordInfo["annotations"] = [];
  for (const file of readdirSync(dir).sort()) {
    const extension = file.startsWith(`${name}.`) ? file.slice(name.length + 1) : "";
    if (
      !/^[A-Za-z0-9_]+$/.test(extension) ||
      ["hea", "dat", "mat"].includes(extension) ||
      signalFiles.has(file)
    ) {
      continue;
    }
    let symbols: Record<string, number>;
    let count = 0;
    try {
      symbols = {};
      for (const { symbol } of readAnnotations(join(dir, file))) {
        symbols[symbol] = (symbols[symbol] ?? 0) + 1;
        count++;
      }
    } catch (error) {
      if (error instanceof RecordError) continue; // not an annotation file
      throw error;
    }
    annotations.push({ file, count, symbols });
  }
  return {
    name: header.name,
    headerPath,
    fs: header.frequency,
    samples,
    durationS: samples / header.frequency,
    baseTime: header.baseTime,
    baseDate: header.baseDate,
    age: meta.age,
    sex: meta.sex,
    signals: header.signals.map((spec) => ({
      description: spec.description,
      units: spec.units,
      gain: spec.adcGain === 0 ? WFDB_DEFAULT_GAIN : spec.adcGain,
      baseline: spec.baseline,
      format: spec.format,
      samplesPerFrame: spec.samplesPerFrame,
      file: spec.fileName,
    })),
    annotations,
    comments: header.comments,
  };
}

/** Returns the human-readable text `info` prints for a record (lines end with "\n"). */
export function formatRecordInfo(info: RecordInfo): string {
  const lines = [`Record ${info.name} (${info.headerPath})`];
  lines.push(`  Sampling frequency: ${info.fs} Hz`);
  lines.push(`  Duration: ${info.samples} samples, ${clock(info.durationS)} (${round(info.durationS, 3)} s)`);
  if (info.baseTime || info.baseDate)
    lines.push(`  Start: ${[info.baseTime, info.baseDate].filter(Boolean).join(" ")}`);
  lines.push(`  Patient: age ${info.age ?? "unknown"}, sex ${info.sex ?? "unknown"}`);
  lines.push(`  Signals (${info.signals.length}):`);
  info.signals.forEach((signal, i) => {
    const rate = signal.samplesPerFrame === 1 ? "" : `, ${signal.samplesPerFrame} samples/frame`;
    lines.push(
      `    ${i}  ${signal.description}  [${signal.units}]  gain ${signal.gain} adu/${signal.units}, ` +
        `baseline ${signal.baseline}, format ${signal.format}${rate}, file ${signal.file}`,
    );
  });
  if (info.annotations.length === 0) lines.push("  Annotations: none found");
  else {
    lines.push("  Annotations:");
    for (const { file, count, symbols } of info.annotations) {
      const counts = Object.entries(symbols)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([symbol, n]) => `${symbol} ${n}`)
        .join(", ");
      lines.push(`    ${file}: ${count} (${counts})`);
    }
  }
  if (info.comments.length > 0) lines.push(`  Comments: ${info.comments.join(" | ")}`);
  return `${lines.join("\n")}\n`;
}

/** Returns the text `info` prints for a MATLAB file: one line per variable with its kind, class and size. */
export function formatMatInfo(file: string): string {
  const lines = [`MATLAB file ${file}`];
  const describe = (name: string, value: ReturnType<typeof readMat>[string], indent: string): void => {
    const size = value.dims.join("x");
    if (value.kind === "numeric") {
      lines.push(
        `${indent}${name}: ${value.logical ? "logical" : value.class} ${size}${value.imag ? " complex" : ""}`,
      );
    } else if (value.kind === "char")
      lines.push(`${indent}${name}: char ${size} ${JSON.stringify(value.rows.join("\n").slice(0, 60))}`);
    else if (value.kind === "cell") lines.push(`${indent}${name}: cell ${size}`);
    else {
      lines.push(`${indent}${name}: struct ${size} with fields ${value.fields.join(", ")}`);
      if (value.elements.length === 1) {
        for (const field of value.fields)
          describe(`${name}.${field}`, value.elements[0][field], `${indent}  `);
      }
    }
  };
  for (const [name, value] of Object.entries(readMat(file))) describe(name, value, "  ");
  return `${lines.join("\n")}\n`;
}

/** Adds the `info` command to the program. */
export function register(program: Command): void {
  program
    .command("info")
    .description(
      "describe a WFDB record (or a MATLAB .mat file): rate, duration, signals, patient, annotations",
    )
    .argument("<record>", 'record path with or without ".hea" (e.g. data/mitdb/100), or a .mat file')
    .option("--json", "print the summary as JSON")
    .action((record: string, options: { json?: boolean }) => {
      if (record.endsWith(".mat")) {
        process.stdout.write(
          options.json ? `${JSON.stringify(readMat(record), jsonValue, 2)}\n` : formatMatInfo(record),
        );
        return;
      }
      const info = recordInfo(record);
      process.stdout.write(options.json ? `${JSON.stringify(info, null, 2)}\n` : formatRecordInfo(info));
    });
}

/** JSON replacer for MAT values: typed arrays become their length and first values, BigInts strings. */
function jsonValue(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (ArrayBuffer.isView(value)) {
    const values = Array.from(value as unknown as ArrayLike<number | bigint>).slice(0, 8);
    return {
      length: (value as unknown as ArrayLike<unknown>).length,
      first: values.map((v) => (typeof v === "bigint" ? v.toString() : v)),
    };
  }
  return value;
}

/** Returns seconds as [h:]mm:ss.sss. */
function clock(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = (seconds % 60).toFixed(3).padStart(6, "0");
  return `${hours > 0 ? `${hours}:` : ""}${String(minutes).padStart(2, "0")}:${rest}`;
}

function round(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}
