/**
 * Do the bio-signal features separate the AAMI classes on MIT-BIH? For every reference beat of the 44 non-paced
 * records, lead 0 cleaned by ecgClean, the R-peak features at the reference beat positions and the P-wave
 * features from ecgDelineate; per AAMI class, the mean of each feature, and the time the features took. N beats
 * during atrial fibrillation are a row of their own. Prints a table, writes bench/results/features-mitdb.json.
 *
 * usage: npx tsx bench/features-mitdb/index.ts
 */
import {
  AAMI_CLASSES,
  listMitdb,
  MITDB_PACED_RECORDS,
  type MitdbBeat,
  readMitdb,
} from "../../src/datasets/index.js";
import { ecgDelineate } from "../../src/detect/index.js";
import { ecgClean } from "../../src/dsp/index.js";
import { featureColumn, pWaveFeatures, R_PEAK_FEATURES, rPeakFeatures } from "../../src/features/index.js";
import type { Annotation } from "../../src/io/index.js";
import { writeResults } from "../frontend-speed/harness.js";

// columns averaged over every beat, and the P-wave columns averaged over the beats that have a P wave
const BEAT_COLUMNS = [...R_PEAK_FEATURES, "pPresent"];
const P_COLUMNS = ["pOnsetToR", "pAmplitude", "pDuration"];
const COLUMNS = [...BEAT_COLUMNS, ...P_COLUMNS];
type Sums = Record<string, number> & { beats: number; withP: number };
// N beats during atrial fibrillation (by the records' "(AFIB" rhythm annotations) form a row of their own
const GROUPS = [...AAMI_CLASSES, "N in AF"] as const;
type Group = (typeof GROUPS)[number];
const perClass = new Map<Group, Sums>(
  GROUPS.map((c) => [c, { beats: 0, withP: 0, ...Object.fromEntries(COLUMNS.map((k) => [k, 0])) } as Sums]),
);

/** Returns, per beat, whether the rhythm annotation in force at it is atrial fibrillation. */
function inAtrialFibrillation(annotations: readonly Annotation[], beats: readonly MitdbBeat[]): boolean[] {
  const changes = annotations.filter((a) => a.symbol === "+" && a.aux);
  let next = 0;
  let af = false;
  return beats.map((beat) => {
    while (next < changes.length && changes[next].sample <= beat.sample)
      af = changes[next++].aux!.startsWith("(AFIB");
    return af;
  });
}

const records = listMitdb().filter((name) => !MITDB_PACED_RECORDS.includes(name));
let featureMs = 0;
let beatsTotal = 0;
for (const name of records) {
  const { record, beats, annotations } = readMitdb(name, { channels: [0] });
  const af = inAtrialFibrillation(annotations, beats);
  const clean = ecgClean(record.signals[0], record.fs);
  const rPeaks = Int32Array.from(beats, (b) => b.sample);
  const start = performance.now();
  const r = rPeakFeatures(clean, rPeaks, record.fs);
  const pWaves = ecgDelineate(clean, rPeaks, record.fs);
  const p = pWaveFeatures(clean, rPeaks, pWaves, record.fs);
  featureMs += performance.now() - start;
  beatsTotal += beats.length;
  const columns = Object.fromEntries([
    ...r.names.map((k) => [k, featureColumn(r, k)] as const),
    ...p.names.map((k) => [k, featureColumn(p, k)] as const),
  ]);
  beats.forEach((beat, i) => {
    const sums = perClass.get(beat.aami === "N" && af[i] ? "N in AF" : beat.aami)!;
    sums.beats++;
    for (const k of BEAT_COLUMNS) sums[k] += columns[k][i];
    if (columns.pPresent[i] === 1) {
      sums.withP++;
      for (const k of P_COLUMNS) sums[k] += columns[k][i];
    }
  });
}

const rows = GROUPS.map((c) => {
  const s = perClass.get(c)!;
  const mean = (k: string) => s[k] / s.beats;
  const meanP = (k: string) => (s.withP ? s[k] / s.withP : Number.NaN);
  return {
    class: c,
    beats: s.beats,
    rrPre: mean("rrPre"),
    rrPost: mean("rrPost"),
    rrPreRatio: mean("rrPreRatio"),
    rrPostRatio: mean("rrPostRatio"),
    rrGlobal: mean("rrGlobal"),
    rAmplitude: mean("rAmplitude"),
    pPresent: mean("pPresent"),
    pOnsetToR: meanP("pOnsetToR"),
    pAmplitude: meanP("pAmplitude"),
    pDuration: meanP("pDuration"),
  };
});

const f = (v: number, d = 3) => (Number.isNaN(v) ? "-" : v.toFixed(d));
console.log(`features of ${beatsTotal} reference beats, ${records.length} non-paced MIT-BIH records, lead 0`);
console.log(
  "| AAMI class | beats | rrPre s | rrPost s | rrPreRatio | rrPostRatio | rrGlobal s | R amplitude mV | P present | P onset to R s | P amplitude mV | P duration s |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  console.log(
    `| ${r.class} | ${r.beats} | ${f(r.rrPre)} | ${f(r.rrPost)} | ${f(r.rrPreRatio)} | ${f(r.rrPostRatio)} | ${f(r.rrGlobal)} | ${f(r.rAmplitude, 2)} | ${f(r.pPresent)} | ${f(r.pOnsetToR)} | ${f(r.pAmplitude, 3)} | ${f(r.pDuration)} |`,
  );
}
console.log(
  `\nR-peak + P-wave features (delineation included): ${(featureMs / 1000).toFixed(2)} s for ${beatsTotal} beats`,
);
const file = writeResults("features-mitdb", {
  benchmark: "features-mitdb",
  command: "npx tsx bench/features-mitdb/index.ts",
  date: new Date().toISOString(),
  records,
  beats: beatsTotal,
  featureSeconds: featureMs / 1000,
  perClass: rows,
});
console.log(`wrote ${file}`);
