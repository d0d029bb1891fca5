/**
 * MIT-BIH Arrhythmia Database loader (Moody & Mark 2001; https://physionet.org/content/mitdb/1.0.0/):
 * 48 two-lead records at 360 Hz (format 212) with reference beat and rhythm annotations (`.atr`).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Annotation } from "../io/annotations.js";
import { readAnnotations, readRecord } from "../io/read.js";
import type { EcgRecord } from "../io/record.js";
import { type AamiClass, aamiClass } from "./aami.js";
import { findFolder } from "./folders.js";
import { DataError, databaseDir } from "./paths.js";

/** The 48 records of the database. */
export const MITDB_RECORDS: readonly string[] = [
  "100 101 102 103 104 105 106 107 108 109 111 112 113 114 115 116 117 118 119 121 122 123 124",
  "200 201 202 203 205 207 208 209 210 212 213 214 215 217 219 220 221 222 223 228 230 231 232 233 234",
]
  .join(" ")
  .split(" ");

/** Records of paced patients, excluded from AAMI EC57 evaluation. */
export const MITDB_PACED_RECORDS: readonly string[] = ["102", "104", "107", "217"];

/** Inter-patient training set DS1 of de Chazal, O'Dwyer & Reilly (IEEE TBME 51(7), 2004). */
export const MITDB_DS1: readonly string[] =
  "101 106 108 109 112 114 115 116 118 119 122 124 201 203 205 207 208 209 215 220 223 230".split(" ");

/** Inter-patient test set DS2 of de Chazal, O'Dwyer & Reilly (IEEE TBME 51(7), 2004). */
export const MITDB_DS2: readonly string[] =
  "100 103 105 111 113 117 121 123 200 202 210 212 213 214 219 221 222 228 231 232 233 234".split(" ");

/** One reference beat: its sample index, MIT-BIH symbol and AAMI class. */
export interface MitdbBeat {
  sample: number;
  symbol: string;
  aami: AamiClass;
}

/** A MIT-BIH record with its reference annotations and the beats among them. */
export interface MitdbRecord {
  record: EcgRecord;
  /** Every annotation of the `.atr` file (beats, rhythm changes, noise marks, ...). */
  annotations: Annotation[];
  /** The beat annotations only, with their AAMI class. */
  beats: MitdbBeat[];
}

/** Where to read from and which signals; `dir` is a folder of PhysioNet's mitdb files (default: the cache). */
export interface MitdbOptions {
  dir?: string;
  channels?: number[];
}

/** Returns the names of the records present in the folder (default: the unpacked shared copy), sorted. */
export function listMitdb(dir?: string): string[] {
  const folder = mitdbFolder(dir);
  return readdirSync(folder)
    .filter((file) => /^\d{3}\.hea$/.test(file))
    .map((file) => file.slice(0, 3))
    .sort();
}

/** Returns a record in physical units (mV, 360 Hz) with its `.atr` annotations and AAMI-classed beats. */
export function readMitdb(name: string, options: MitdbOptions = {}): MitdbRecord {
  if (!MITDB_RECORDS.includes(name)) {
    throw new DataError(`"${name}" is not a MIT-BIH Arrhythmia Database record (100-234, see MITDB_RECORDS)`);
  }
  const folder = mitdbFolder(options.dir);
  const record = readRecord(join(folder, name), { channels: options.channels });
  const annotations = readAnnotations(join(folder, `${name}.atr`));
  return { record, annotations, beats: beatsOf(annotations) };
}

/** Returns the beat annotations with their AAMI class, dropping non-beat annotations. */
export function beatsOf(annotations: readonly Annotation[]): MitdbBeat[] {
  const beats: MitdbBeat[] = [];
  for (const { sample, symbol } of annotations) {
    const aami = aamiClass(symbol);
    if (aami) beats.push({ sample, symbol, aami });
  }
  return beats;
}

function mitdbFolder(dir: string | undefined): string {
  const given = dir ?? databaseDir("mitdb");
  return findFolder(given, [given, join(given, "mitdb")], /^\d{3}\.hea$/, "MIT-BIH Arrhythmia");
}
