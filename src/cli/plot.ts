/**
 * `efficientecg plot <record> --from <s> --to <s>`: an SVG strip of one lead on ECG paper with the detected
 * R peaks and P waves and, when the record has a reference annotation file (default `.atr`), its beat
 * labels and rhythm changes. Detection runs on the whole lead, so the strip's first beats have context.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { isBeatSymbol } from "../detect/index.js";
import { ConfigError } from "../errors.js";
import { ecgStripSvg, type StripLabel } from "../eval/plot/ecgStrip.js";
import { refuseExisting, writeFileAtomic } from "../io/atomicWrite.js";
import { readAnnotations, readRecord, recordPaths } from "../io/read.js";
import { leadBeats } from "./beats.js";
import { checkLeadExists, parseLead, parseNumber } from "./flags.js";

/** Options of the plot command, as commander parses them. */
export interface PlotCommandOptions {
  from: string;
  to: string;
  out?: string;
  lead: string;
  reference: string;
  force?: boolean;
}

/** Longest strip drawn, s (a 10-minute strip is already 15 m of ECG paper). */
const MAX_STRIP_S = 600;

/** Returns the SVG of the requested strip and the name it is written under by default. */
export function plotRecord(
  record: string,
  options: PlotCommandOptions,
): { svg: string; defaultName: string } {
  const fromS = seconds(options.from, "--from");
  const toS = seconds(options.to, "--to");
  const lead = parseLead(options.lead);
  if (!(toS > fromS)) throw new ConfigError(`--to (${toS} s) must be after --from (${fromS} s)`);
  if (toS - fromS > MAX_STRIP_S)
    throw new ConfigError(`The strip is ${toS - fromS} s long; draw at most ${MAX_STRIP_S} s at a time`);
  const rec = readRecord(record);
  checkLeadExists(lead, rec.signals.length, rec.name);
  const durationS = rec.length / rec.fs;
  if (fromS >= durationS)
    throw new ConfigError(`--from ${fromS} s is past the end of ${rec.name} (${durationS.toFixed(1)} s)`);
  const first = Math.round(fromS * rec.fs);
  const last = Math.min(rec.length, Math.round(toS * rec.fs));
  const signal = rec.signals[lead];
  const { headerPath, dir, name } = recordPaths(record);
  const { rPeaks, pWaves } = leadBeats(signal, rec.fs, {
    record: headerPath,
    lead,
    leadName: rec.leads[lead],
  });
  const referenceFile = join(dir, `${name}.${options.reference}`);
  const reference: StripLabel[] = existsSync(referenceFile)
    ? readAnnotations(referenceFile).flatMap(({ sample, symbol, aux }) =>
        isBeatSymbol(symbol)
          ? [{ sample, label: symbol }]
          : symbol === "+" && aux
            ? [{ sample, label: aux }]
            : [],
      )
    : [];
  const svg = ecgStripSvg({
    signal: signal.slice(first, last),
    fs: rec.fs,
    startSample: first,
    title: `${rec.name}, lead ${lead} (${rec.leads[lead]}), ${fromS}-${Number((last / rec.fs).toFixed(2))} s`,
    rPeaks,
    pWaves,
    reference,
  });
  return { svg, defaultName: `${name}_${fromS}-${toS}s.svg` };
}

/** Adds the `plot` command to the program. */
export function register(program: Command): void {
  program
    .command("plot")
    .description(
      "draw an SVG strip of a record on ECG paper with detected R peaks, P waves and reference labels",
    )
    .argument("<record>", 'WFDB record path with or without ".hea" (e.g. data/mitdb/100)')
    .requiredOption("--from <s>", "start of the strip, seconds from the record's start")
    .requiredOption("--to <s>", "end of the strip, seconds")
    .option("--out <file>", "SVG file to write (default <record>_<from>-<to>s.svg here)")
    .option("--lead <n>", "lead (signal) index", "0")
    .option("--reference <ext>", "annotation file beside the record whose labels are drawn", "atr")
    .option("--force", "replace an existing output file")
    .action((record: string, options: PlotCommandOptions) => {
      const { svg, defaultName } = plotRecord(record, options);
      const out = options.out ?? defaultName;
      if (!options.force) refuseExisting([out], "pass --force");
      writeFileAtomic(out, svg, Boolean(options.force));
      process.stdout.write(`wrote ${out}\n`);
    });
}

function seconds(text: string, flag: string): number {
  return parseNumber(text, flag, "a time >= 0 in seconds", (value) => value >= 0);
}
