/**
 * Benchmark of P-wave detection and delineation (ecgDelineate) against the expert annotations of LUDB lead II,
 * plus a check on the atrial fibrillation episodes of MIT-BIH, the delineator's speed there, and synthetic ECGs
 * with exact ground truth; for each method.
 *
 *   npx tsx bench/pwave-ludb/index.ts [--skip-mitdb] [--repeats 3]
 *
 * Prints the tables and writes bench/results/pwave-ludb.json. Method and findings: bench/pwave-ludb/RESULTS.md.
 *
 * Scoring (score.ts): LUDB annotates only the central part of each record, so a detected P wave counts only when
 * its peak lies between the record's first and last lead-II annotation; it matches a reference `p` (one to one,
 * nearest first) when their peaks are at most 150 ms apart. Se = TP / (TP + FN), +P = TP / (TP + FP); onset,
 * peak and offset errors (detected minus reference, ms) over matched waves whose reference has that mark.
 * R peaks: ecgPeaks on lead II, and (second table) the lead-II QRS annotations (`N`); for MIT-BIH the reference
 * beat annotations, which carry the beat labels and rhythm episodes. Parameters were tuned on the odd-numbered
 * records with the reference R peaks; the even-numbered ones are held out (RESULTS.md lists the four even records
 * that the second round looked at).
 */
import { join } from "node:path";
import { listLudb } from "../../src/datasets/ludb.js";
import { databaseDir } from "../../src/datasets/paths.js";
import { ecgDelineate, type PWaveMethod } from "../../src/detect/delineate.js";
import { ecgPeaks } from "../../src/detect/ecgPeaks.js";
import { readAnnotations, readRecord } from "../../src/io/index.js";
import { flagValue, writeResults } from "../frontend-speed/harness.js";
import { checkMitdb, loadMitdb, type MitdbCheck } from "./mitdb.js";
import {
  addTally,
  emptyTally,
  referencePWaves,
  type Summary,
  scoreRecord,
  summarize,
  type Tally,
} from "./score.js";
import { type SyntheticRow, syntheticCheck } from "./synthetic.js";

const toleranceSeconds = 0.15;

interface LudbResult {
  groups: Map<string, Tally>;
  /** Beats (R peaks inside the annotated span) of atrial fibrillation and flutter records, and those given a P. */
  fibrillationBeats: number;
  fibrillationWithP: number;
  seconds: number;
}

const methods: PWaveMethod[] = ["template", "martinez2004"];

/** Where the R peaks come from: our detector on lead II, or the experts' lead-II QRS marks. */
type RPeakSource = "ecgPeaks" | "reference";
const rPeakSources: RPeakSource[] = ["ecgPeaks", "reference"];

function scoreLudb(dir: string, method: PWaveMethod, source: RPeakSource): LudbResult {
  const info = listLudb(dir).map(
    (row) => [row.id, { rhythm: row.rhythms[0] ?? "", paced: row.pacing.length > 0 }] as const,
  );
  const groups = new Map<string, Tally>();
  const add = (name: string, tally: Tally): void => {
    if (!groups.has(name)) groups.set(name, emptyTally());
    addTally(groups.get(name)!, tally);
  };
  let fibrillationBeats = 0;
  let fibrillationWithP = 0;
  let seconds = 0;
  for (const [id, record] of info.sort((a, b) => a[0] - b[0])) {
    const ecg = readRecord(join(dir, "data", String(id)));
    const signal = ecg.signals[ecg.leads.indexOf("ii")];
    const annotations = readAnnotations(join(dir, "data", `${id}.ii`));
    const rPeaks =
      source === "ecgPeaks"
        ? ecgPeaks(signal, ecg.fs)
        : Int32Array.from(annotations.filter((a) => a.symbol === "N").map((a) => a.sample));
    const start = performance.now();
    const detected = ecgDelineate(signal, rPeaks, ecg.fs, { method });
    seconds += (performance.now() - start) / 1000;
    const span: [number, number] = [annotations[0].sample, annotations[annotations.length - 1].sample];
    const tally = emptyTally();
    scoreRecord(tally, referencePWaves(annotations), detected, span, ecg.fs, toleranceSeconds * ecg.fs);
    add("all 200 records", tally);
    add(id % 2 === 1 ? "odd (tuning)" : "even (held out)", tally);
    add(`rhythm: ${record.rhythm}`, tally);
    add(record.paced ? "paced" : "not paced", tally);
    if (/fibrillation|flutter/i.test(record.rhythm)) {
      rPeaks.forEach((r, i) => {
        if (r < span[0] || r > span[1]) return;
        fibrillationBeats++;
        if (detected[i] !== null) fibrillationWithP++;
      });
    }
  }
  return { groups, fibrillationBeats, fibrillationWithP, seconds };
}

function printLudb(summaries: Array<[string, Summary]>): void {
  const f = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : "-");
  const wave = (e: { mean: number; sd: number }): string => `${f(e.mean)} ± ${f(e.sd)}`;
  console.log("| group | reference P | detected | Se % | +P % | onset ms | peak ms | offset ms |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const [name, s] of summaries) {
    console.log(
      `| ${name} | ${s.reference} | ${s.detected} | ${f(s.sensitivity)} | ${f(s.positivePredictivity)} | ` +
        `${wave(s.onset)} | ${wave(s.peak)} | ${wave(s.offset)} |`,
    );
  }
}

function printMitdb(m: MitdbCheck): void {
  const pct = (r: { beats: number; withP: number }): string =>
    `${r.withP} / ${r.beats} (${((100 * r.withP) / Math.max(1, r.beats)).toFixed(1)} %)`;
  console.log("\n| MIT-BIH beats (reference R peaks, lead MLII) | given a P wave |");
  console.log("|---|---:|");
  console.log(`| inside atrial fibrillation (AFIB) | ${pct(m.fibrillation)} |`);
  console.log(`| inside atrial flutter (AFL) | ${pct(m.flutter)} |`);
  console.log(`| N, L, R beats outside AFIB/AFL | ${pct(m.sinus)} |`);
  console.log(`| V, E beats outside AFIB/AFL | ${pct(m.ventricular)} |`);
  for (const [name, r] of Object.entries(m.fibrillationByRecord))
    console.log(`| AFIB beats of ${name} | ${pct(r)} |`);
  console.log(
    `\nSpeed: ${m.beats} beats (${m.records} records, ${(m.samples / 1e6).toFixed(1)} M samples) delineated in ` +
      `${m.delineateSeconds.toFixed(3)} s wall, ${m.delineateCpuSeconds.toFixed(3)} s CPU (best runs): ` +
      `${Math.round(m.beatsPerSecond)} beats/s`,
  );
}

function printSynthetic(rows: SyntheticRow[]): void {
  const f = (e: { mean: number; sd: number }): string =>
    Number.isFinite(e.mean) ? `${e.mean.toFixed(1)} ± ${e.sd.toFixed(1)}` : "-";
  console.log(
    "\n| synthetic (ecgSimulate, 60 s) | beats | true P | missed | extra | onset ms | peak ms | offset ms |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(
      `| ${r.scenario} | ${r.beats} | ${r.truePWaves} | ${r.missed} | ${r.extra} | ${f(r.onset)} | ${f(r.peak)} | ${f(r.offset)} |`,
    );
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const repeats = Number(flagValue("--repeats") ?? 3);
  const mitdbRecords = args.includes("--skip-mitdb") ? null : loadMitdb(databaseDir("mitdb"));
  const results: Record<string, unknown> = {};
  for (const method of methods) {
    const ludb: Record<string, unknown> = {};
    for (const source of rPeakSources) {
      console.log(`\n## method "${method}", LUDB lead II, R peaks from ${source}\n`);
      const scored = scoreLudb(databaseDir("ludb"), method, source);
      const summaries = [...scored.groups].map(([name, tally]): [string, Summary] => [
        name,
        summarize(tally),
      ]);
      summaries.sort((a, b) => groupOrder(a[0]) - groupOrder(b[0]) || a[0].localeCompare(b[0]));
      printLudb(summaries);
      const afRate = (100 * scored.fibrillationWithP) / scored.fibrillationBeats;
      console.log(
        `\nLUDB atrial fibrillation and flutter records: ${scored.fibrillationWithP} of ${scored.fibrillationBeats} ` +
          `beats given a P wave (${afRate.toFixed(1)} %). Delineation time ${scored.seconds.toFixed(3)} s for 200 records.`,
      );
      ludb[source] = {
        groups: Object.fromEntries(summaries),
        fibrillation: { beats: scored.fibrillationBeats, withP: scored.fibrillationWithP },
      };
    }
    console.log(`\n## method "${method}", MIT-BIH and synthetic`);
    const mitdb = mitdbRecords && checkMitdb(mitdbRecords, method, repeats);
    if (mitdb) printMitdb(mitdb);
    const synthetic = syntheticCheck(method);
    printSynthetic(synthetic);
    results[method] = { ludb, mitdb, synthetic };
  }
  writeResults("pwave-ludb", {
    benchmark: "pwave-ludb",
    command: `npx tsx bench/pwave-ludb/index.ts ${args.join(" ")}`.trim(),
    rPeaks:
      "LUDB: ecgPeaks on lead II, and the lead-II QRS annotations (N); MIT-BIH: reference beat annotations",
    toleranceMs: toleranceSeconds * 1000,
    methods: results,
  });
}

function groupOrder(name: string): number {
  const prefixes = ["all", "odd", "even", "rhythm", "not paced", "paced"];
  const index = prefixes.findIndex((p) => name.startsWith(p));
  return index < 0 ? prefixes.length : index;
}

main();
