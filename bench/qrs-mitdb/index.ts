/**
 * qrs-mitdb: R-peak detection on all 48 MIT-BIH Arrhythmia Database records, scored beat by beat against
 * the reference beats of the `.atr` files with `ec57Compare` (WFDB bxb's algorithm).
 *
 * Detectors: "efficientecg2026" on lead 0 (the `ecgPeaks` default), the same with both leads
 * (`ecgPeaksMultilead`), and "pantompkins1985" on lead 0. Scoring: "EC57" = bxb's defaults (scoring starts
 * 5 minutes in, ends at the record's end, VF episodes of record 207 excluded) and "whole record" (from
 * sample 0), each with the 150 ms match window and with 50 ms. Gross statistics sum the counts over the
 * records: all 48, DS1 and DS2 (de Chazal 2004; DS1 was used to tune the detector, DS2 is held out) and the
 * 4 paced records (in neither).
 *
 * Run: npx tsx bench/qrs-mitdb/index.ts [--data DIR]
 * DIR is a folder of MIT-BIH records as downloaded from PhysioNet (default: the shared data, unpacked once).
 * Prints the per-record table of the default detector and the gross table; writes bench/results/qrs-mitdb.json.
 */
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { MITDB_DS1, MITDB_DS2, MITDB_PACED_RECORDS, MITDB_RECORDS } from "../../src/datasets/index.js";
import { databaseDir } from "../../src/datasets/paths.js";
import {
  type Ec57Counts,
  ec57Compare,
  ec57Gross,
  ecgPeaks,
  ecgPeaksMultilead,
} from "../../src/detect/index.js";
import { readAnnotations, readRecord } from "../../src/io/index.js";
import { flagValue, writeResults } from "../frontend-speed/harness.js";

const dir = flagValue("--data") ?? databaseDir("mitdb");

const detectors = {
  "efficientecg2026 (lead 0)": (signals: Float32Array[], fs: number) => ecgPeaks(signals[0], fs),
  "efficientecg2026 (both leads)": (signals: Float32Array[], fs: number) => ecgPeaksMultilead(signals, fs),
  "pantompkins1985 (lead 0)": (signals: Float32Array[], fs: number) =>
    ecgPeaks(signals[0], fs, { method: "pantompkins1985" }),
};
type DetectorName = keyof typeof detectors;
const scorings = {
  "EC57 150 ms": { windowMs: 150 },
  "EC57 50 ms": { windowMs: 50 },
  "whole 150 ms": { windowMs: 150, startS: 0 },
  "whole 50 ms": { windowMs: 50, startS: 0 },
};
type ScoringName = keyof typeof scorings;

interface RecordResult {
  record: string;
  samples: number;
  /** Detection time per detector, ms (wall clock). */
  ms: Record<DetectorName, number>;
  /** Counts per detector and scoring. */
  counts: Record<DetectorName, Record<ScoringName, Ec57Counts>>;
}

const results: RecordResult[] = [];
for (const record of MITDB_RECORDS) {
  const rec = readRecord(join(dir, record));
  const reference = readAnnotations(join(dir, `${record}.atr`));
  const ms = {} as RecordResult["ms"];
  const counts = {} as RecordResult["counts"];
  for (const [name, detect] of Object.entries(detectors) as Array<
    [DetectorName, (typeof detectors)[DetectorName]]
  >) {
    const start = performance.now();
    const peaks = detect(rec.signals, rec.fs);
    ms[name] = performance.now() - start;
    counts[name] = {} as Record<ScoringName, Ec57Counts>;
    for (const [scoring, options] of Object.entries(scorings) as Array<[ScoringName, object]>) {
      const { tp, fn, fp } = ec57Compare(reference, peaks, rec.fs, { ...options, endSample: rec.length });
      counts[name][scoring] = { tp, fn, fp };
    }
  }
  results.push({ record, samples: rec.length, ms, counts });
}

const pct = (x: number) => (Number.isNaN(x) ? "-" : (100 * x).toFixed(2));
const pad = (s: string | number, n: number) => String(s).padStart(n);

// Per-record table: the default detector under bxb's defaults, with the two-lead and Pan-Tompkins errors.
const main: DetectorName = "efficientecg2026 (lead 0)";
console.log(`Per record, EC57 (bxb defaults: from 5 min, 150 ms window). Default: ${main}`);
console.log(
  `${"record".padEnd(7)}${pad("TP", 6)}${pad("FN", 5)}${pad("FP", 5)}${pad("Se %", 8)}${pad("+P %", 8)}` +
    ` | both leads FN/FP | Pan-Tompkins FN/FP`,
);
for (const r of results) {
  const c = r.counts[main]["EC57 150 ms"];
  const g = ec57Gross([c]);
  const both = r.counts["efficientecg2026 (both leads)"]["EC57 150 ms"];
  const pt = r.counts["pantompkins1985 (lead 0)"]["EC57 150 ms"];
  console.log(
    `${r.record.padEnd(7)}${pad(c.tp, 6)}${pad(c.fn, 5)}${pad(c.fp, 5)}${pad(pct(g.se), 8)}${pad(pct(g.ppv), 8)}` +
      ` | ${pad(`${both.fn}/${both.fp}`, 16)} | ${pad(`${pt.fn}/${pt.fp}`, 18)}`,
  );
}

const sets = {
  "all 48": MITDB_RECORDS,
  DS1: MITDB_DS1,
  DS2: MITDB_DS2,
  paced: MITDB_PACED_RECORDS,
};
const gross: Array<Record<string, unknown>> = [];
console.log("\nGross (counts summed over records; Se = TP/(TP+FN), +P = TP/(TP+FP), F1 = 2TP/(2TP+FN+FP))");
console.log(
  `${"detector".padEnd(30)}${"scoring".padEnd(14)}${"records".padEnd(8)}${pad("TP", 7)}${pad("FN", 6)}${pad("FP", 6)}` +
    `${pad("Se %", 8)}${pad("+P %", 8)}${pad("F1 %", 8)}`,
);
for (const name of Object.keys(detectors) as DetectorName[]) {
  for (const scoring of Object.keys(scorings) as ScoringName[]) {
    for (const [setName, set] of Object.entries(sets)) {
      const g = ec57Gross(results.filter((r) => set.includes(r.record)).map((r) => r.counts[name][scoring]));
      gross.push({ detector: name, scoring, records: setName, ...g });
      if (scorings[scoring].windowMs === 50 && setName !== "all 48") continue; // keep the printed table short
      console.log(
        `${name.padEnd(30)}${scoring.padEnd(14)}${setName.padEnd(8)}${pad(g.tp, 7)}${pad(g.fn, 6)}${pad(g.fp, 6)}` +
          `${pad(pct(g.se), 8)}${pad(pct(g.ppv), 8)}${pad(pct(g.f1), 8)}`,
      );
    }
  }
}

const samples = results.reduce((s, r) => s + r.samples, 0);
console.log(`\nDetection time over ${(samples / 1e6).toFixed(1)} M samples per lead (wall clock, one run):`);
const timing: Record<string, number> = {};
for (const name of Object.keys(detectors) as DetectorName[]) {
  timing[name] = results.reduce((s, r) => s + r.ms[name], 0);
  console.log(`  ${name.padEnd(30)} ${(timing[name] / 1000).toFixed(2)} s`);
}

const out = writeResults(
  "qrs-mitdb",
  {
    benchmark: "qrs-mitdb",
    command: "npx tsx bench/qrs-mitdb/index.ts",
    date: new Date().toISOString(),
    node: process.version,
    cpu: `${cpus()[0]?.model ?? "unknown"} x ${cpus().length}`,
    loadAverage: loadavg().map((x) => x.toFixed(1)),
    reference: ".atr beat annotations (WFDB isqrs), scored with ec57Compare (bxb algorithm)",
    scorings,
    sets,
    gross,
    timingMs: timing,
    records: results,
  },
  1,
);
console.log(`\nwrote ${out}`);
