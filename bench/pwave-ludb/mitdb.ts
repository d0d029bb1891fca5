/**
 * MIT-BIH Arrhythmia Database check of ecgDelineate: how often it reports a P wave on beats inside atrial
 * fibrillation and flutter episodes (it should not), on sinus-conducted beats elsewhere (it should) and on
 * premature ventricular beats (it should not), with the reference beat annotations as R peaks; and its speed
 * over all 48 records.
 */
import { join } from "node:path";
import { listMitdb } from "../../src/datasets/mitdb.js";
import { ecgDelineate, type PWaveMethod } from "../../src/detect/delineate.js";
import { BEAT_SYMBOLS } from "../../src/detect/ec57/labels.js";
import { readAnnotations, readRecord } from "../../src/io/index.js";
import { timeRuns } from "../frontend-speed/harness.js";

/** Beat labels of MIT-BIH, the R peaks used here: WFDB's isqrs set without "!" (ventricular flutter waves). */
const beatSymbols = new Set(BEAT_SYMBOLS.filter((symbol) => symbol !== "!"));
const sinusSymbols = new Set(["N", "L", "R"]);
const ventricularSymbols = new Set(["V", "E"]);

/** Counts of beats and of beats given a P wave, per class. */
export interface PRate {
  beats: number;
  withP: number;
}

/** Result of the MIT-BIH check. */
export interface MitdbCheck {
  records: number;
  beats: number;
  /** Beats inside "(AFIB" episodes, and inside "(AFL" episodes. */
  fibrillation: PRate;
  flutter: PRate;
  /** N, L, R beats outside atrial fibrillation and flutter. */
  sinus: PRate;
  /** V, E beats outside atrial fibrillation and flutter. */
  ventricular: PRate;
  /** Per record with fibrillation: its AF beats and how many got a P wave. */
  fibrillationByRecord: Record<string, PRate>;
  /** Per record: its N, L, R beats outside atrial fibrillation and flutter, and how many got a P wave. */
  sinusByRecord: Record<string, PRate>;
  /** Best of `repeats` runs of ecgDelineate over all records (signals already in memory): wall and CPU seconds. */
  delineateSeconds: number;
  delineateCpuSeconds: number;
  /** Beats per wall-clock second of the best run. */
  beatsPerSecond: number;
  samples: number;
}

/** One MIT-BIH record ready for delineation: lead, R peaks (reference beats), their labels and rhythms. */
export interface MitdbRecord {
  name: string;
  signal: Float32Array;
  fs: number;
  rPeaks: Int32Array;
  symbols: string[];
  rhythms: string[];
}

/** Returns every record in dir (lead MLII, or the first lead where there is none). */
export function loadMitdb(dir: string): MitdbRecord[] {
  return listMitdb(dir).map((name) => load(dir, name));
}

/** Returns the MIT-BIH check of one method, timing the best of `repeats` runs over all records. */
export function checkMitdb(loaded: MitdbRecord[], method: PWaveMethod, repeats: number): MitdbCheck {
  const timing = timeRuns(
    () => loaded.map((r) => ecgDelineate(r.signal, r.rPeaks, r.fs, { method })),
    repeats,
    false,
  );
  const results = timing.output;
  const best = timing.bestMs / 1000;
  const rate = (): PRate => ({ beats: 0, withP: 0 });
  const check: MitdbCheck = {
    records: loaded.length,
    beats: 0,
    fibrillation: rate(),
    flutter: rate(),
    sinus: rate(),
    ventricular: rate(),
    fibrillationByRecord: {},
    sinusByRecord: {},
    delineateSeconds: best,
    delineateCpuSeconds: timing.bestCpuMs / 1000,
    beatsPerSecond: 0,
    samples: loaded.reduce((sum, r) => sum + r.signal.length, 0),
  };
  loaded.forEach((record, k) => {
    const pWaves = results[k];
    check.beats += record.rPeaks.length;
    record.symbols.forEach((symbol, i) => {
      const hasP = pWaves[i] !== null ? 1 : 0;
      const count = (target: PRate): void => {
        target.beats++;
        target.withP += hasP;
      };
      const rhythm = record.rhythms[i];
      if (rhythm === "(AFIB") {
        count(check.fibrillation);
        check.fibrillationByRecord[record.name] ??= rate();
        count(check.fibrillationByRecord[record.name]);
      } else if (rhythm === "(AFL") count(check.flutter);
      else if (sinusSymbols.has(symbol)) {
        count(check.sinus);
        check.sinusByRecord[record.name] ??= rate();
        count(check.sinusByRecord[record.name]);
      } else if (ventricularSymbols.has(symbol)) count(check.ventricular);
    });
  });
  check.beatsPerSecond = check.beats / best;
  return check;
}

function load(dir: string, name: string): MitdbRecord {
  const record = readRecord(join(dir, name));
  const lead = Math.max(0, record.leads.indexOf("MLII"));
  const samples: number[] = [];
  const symbols: string[] = [];
  const rhythms: string[] = [];
  let rhythm = "";
  for (const a of readAnnotations(join(dir, `${name}.atr`))) {
    if (a.symbol === "+") rhythm = a.aux.replace(/\0/g, "").trim();
    if (!beatSymbols.has(a.symbol)) continue;
    // Beat labels are in time order; keep one per sample.
    if (samples.length > 0 && a.sample <= samples[samples.length - 1]) continue;
    samples.push(a.sample);
    symbols.push(a.symbol);
    rhythms.push(rhythm);
  }
  return {
    name,
    signal: record.signals[lead],
    fs: record.fs,
    rPeaks: Int32Array.from(samples),
    symbols,
    rhythms,
  };
}
