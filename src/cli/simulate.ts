/**
 * `efficientecg simulate <record>`: writes a synthetic ECG as a WFDB record (format 16) and its ground truth as
 * an annotation file (`<record>.atr`: "N"/"V" at each R peak, "(" "p" ")" at each P wave), so that every
 * other command (info, detect, bxb, plot) can be tried without downloading data.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Command } from "commander";
import { ConfigError, expected } from "../errors.js";
import { refuseExisting } from "../io/atomicWrite.js";
import { RecordError, writeAnnotations, writeRecord } from "../io/index.js";
import { ecgSimulate } from "../simulate/index.js";
import { beatAnnotations } from "./beats.js";
import { parseNumber } from "./flags.js";

/** Options of the simulate command, as commander parses them. */
export interface SimulateCommandOptions {
  duration: string;
  fs: string;
  heartRate: string;
  seed: string;
  rhythm: string;
  noise: string;
  force?: boolean;
}

/** Runs the command; returns the files written. */
export function runSimulate(record: string, options: SimulateCommandOptions): string[] {
  if (options.rhythm !== "sinus" && options.rhythm !== "af")
    throw new ConfigError(expected('"sinus" or "af"', "--rhythm", options.rhythm));
  const sim = ecgSimulate({
    durationS: parseNumber(options.duration, "--duration"),
    fs: parseNumber(options.fs, "--fs"),
    heartRate: parseNumber(options.heartRate, "--heart-rate"),
    seed: parseNumber(options.seed, "--seed"),
    rhythm: options.rhythm,
    noise: parseNumber(options.noise, "--noise"),
    baselineWander: 0.1,
  });
  const base = record.replace(/\.hea$/, "");
  const files = [`${base}.hea`, `${base}.dat`, `${base}.atr`];
  const overwrite = Boolean(options.force);
  // Check every target first, so that nothing is written when one of them is in the way.
  if (!overwrite) refuseExisting(files, "pass --force");
  makeFolder(dirname(record));
  writeRecord(
    record,
    {
      fs: sim.fs,
      signals: [sim.signal],
      leads: ["synthetic"],
      comments: ["synthetic ECG (efficientecg simulate)"],
    },
    { overwrite },
  );
  // The ground truth: "N" or "V" at each R peak, "(" "p" ")" at each P wave.
  const truth = beatAnnotations(sim.rPeaks, sim.pWaves, (beat) => sim.beatKinds[beat], 0);
  writeAnnotations(`${base}.atr`, truth, { overwrite });
  return files;
}

/** Creates `folder` and its parents as needed; throws a RecordError naming it when that fails. */
function makeFolder(folder: string): void {
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === "EEXIST" || code === "ENOTDIR"
        ? "a file is in the way"
        : error instanceof Error
          ? error.message
          : String(error);
    throw new RecordError(folder, `cannot create the folder: ${reason}`, { cause: error });
  }
}

/** Adds the `simulate` command to the program. */
export function register(program: Command): void {
  program
    .command("simulate")
    .description("write a synthetic ECG as a WFDB record, with its true beats and P waves as <record>.atr")
    .argument("<record>", "record path to create, e.g. demo/synthetic")
    .option("--duration <s>", "length in seconds", "60")
    .option("--fs <hz>", "sampling frequency", "360")
    .option("--heart-rate <bpm>", "mean heart rate", "72")
    .option("--rhythm <rhythm>", "sinus or af (atrial fibrillation)", "sinus")
    .option("--noise <mV>", "white noise standard deviation", "0.02")
    .option("--seed <n>", "random seed (same seed, same ECG)", "1")
    .option("--force", "replace existing files")
    .action((record: string, options: SimulateCommandOptions) => {
      for (const file of runSimulate(record, options)) process.stdout.write(`wrote ${file}\n`);
    });
}
