/**
 * Lobachevsky University Electrocardiography Database loader (Kalyakulina et al., IEEE Access 8, 2020;
 * https://physionet.org/content/ludb/1.0.1/): 200 ten-second 12-lead records at 500 Hz with per-lead expert
 * delineation of P, QRS and T waves, and patient age, sex, rhythm and diagnoses in ludb.csv.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Annotation } from "../io/annotations.js";
import { metaFromComments } from "../io/headerMeta.js";
import { readAnnotations, readHeader, readRecord } from "../io/read.js";
import type { EcgRecord } from "../io/record.js";
import { parseCsv } from "./csv.js";
import { findFolder } from "./folders.js";
import { DataError, databaseDir } from "./paths.js";

/** The 12 leads, in record order; each has an annotation file of the same extension (`1.ii`, ...). */
export const LUDB_LEADS: readonly string[] = [
  "i",
  "ii",
  "iii",
  "avr",
  "avl",
  "avf",
  "v1",
  "v2",
  "v3",
  "v4",
  "v5",
  "v6",
];

/** Kinds of delineated waves. */
export type LudbWaveType = "P" | "QRS" | "T";

/** One delineated wave (sample indices at 500 Hz); onset or offset is absent where the annotators left it out. */
export interface LudbWave {
  type: LudbWaveType;
  onset?: number;
  /** The wave's peak (the first one when annotators marked several inside one onset-offset pair). */
  peak: number;
  offset?: number;
}

/** One row of ludb.csv. */
export interface LudbInfo {
  id: number;
  sex?: "M" | "F";
  /**
   * Age in years from ludb.csv; where ludb.csv gives a censored value (">89"), the header's `<age>` comment
   * (90 for that record).
   */
  age?: number;
  /** Age as written in ludb.csv, e.g. "51" or ">89". */
  ageText: string;
  /** Rhythm statements, e.g. ["Sinus rhythm"] or ["Atrial fibrillation", "Aberrant conduction"]. */
  rhythms: string[];
  /** The "Cardiac pacing" statements (empty when the patient has no pacemaker). */
  pacing: string[];
  /** Every other non-empty statement of the row (axis, conduction, hypertrophy, ischemia, pacing, ...). */
  diagnoses: string[];
}

/** A LUDB record with its information and per-lead waves. */
export interface LudbRecord {
  record: EcgRecord;
  info: LudbInfo;
  /** Waves of each lead, by lead name ("i", "ii", ... "v6"), in time order. */
  waves: Record<string, LudbWave[]>;
}

const PEAK_TYPES: Record<string, LudbWaveType> = { p: "P", N: "QRS", t: "T" };

/** Returns the rows of ludb.csv in file order. `dir` is the LUDB folder (holding data/ and ludb.csv). */
export function listLudb(dir?: string): LudbInfo[] {
  const folder = ludbDataFolder(dir);
  const file = join(dirname(folder), "ludb.csv");
  const alternative = join(folder, "ludb.csv");
  const path = existsSync(file) ? file : alternative;
  if (!existsSync(path)) throw new DataError(`no ludb.csv next to the LUDB records (looked for ${file})`);
  const [head, ...rows] = parseCsv(readFileSync(path, "utf8"));
  const column = (name: string) => {
    const index = head.findIndex((title) => title.trim() === name);
    if (index === -1) throw new DataError(`${path} has no "${name}" column`);
    return index;
  };
  const [idColumn, sexColumn, ageColumn, rhythmColumn, pacingColumn] = [
    "ID",
    "Sex",
    "Age",
    "Rhythms",
    "Cardiac pacing",
  ].map(column);
  const lines = (text: string | undefined) =>
    (text ?? "")
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== "");
  return rows
    .filter((row) => row.some((field) => field.trim() !== ""))
    .map((row) => {
      const ageText = (row[ageColumn] ?? "").trim();
      const sex = (row[sexColumn] ?? "").trim();
      const info: LudbInfo = {
        id: Number(row[idColumn]),
        ageText,
        rhythms: lines(row[rhythmColumn]),
        pacing: lines(row[pacingColumn]),
        diagnoses: row.flatMap((field, index) =>
          [idColumn, sexColumn, ageColumn, rhythmColumn].includes(index) ? [] : lines(field),
        ),
      };
      if (/^\d+$/.test(ageText)) info.age = Number(ageText);
      else if (existsSync(join(folder, `${info.id}.hea`))) {
        const age = metaFromComments(readHeader(join(folder, String(info.id))).comments).age;
        if (age !== undefined) info.age = age;
      }
      if (sex === "M" || sex === "F") info.sex = sex;
      return info;
    });
}

/** Returns a record (12 leads, mV, 500 Hz), its ludb.csv row and the waves delineated on each lead. */
export function readLudb(id: number, options: { dir?: string } = {}): LudbRecord {
  const info = listLudb(options.dir).find((row) => row.id === id);
  if (!info) throw new DataError(`LUDB has no record ${id} (ids are 1 to 200)`);
  const folder = ludbDataFolder(options.dir);
  const record = readRecord(join(folder, String(id)));
  const waves: Record<string, LudbWave[]> = {};
  for (const lead of LUDB_LEADS) waves[lead] = groupWaves(readAnnotations(join(folder, `${id}.${lead}`)));
  return { record, info, waves };
}

/**
 * Returns the waves of one lead's delineation annotations: a peak (`p`, `N`, `t`) with the onset `(` just
 * before it and the offset `)` after it, when present. Extra peaks inside one onset-offset pair are merged.
 */
export function groupWaves(annotations: readonly Annotation[]): LudbWave[] {
  const waves: LudbWave[] = [];
  let onset: number | undefined;
  let open: LudbWave | undefined;
  for (const { sample, symbol } of annotations) {
    if (symbol === "(") {
      onset = sample;
      open = undefined;
    } else if (symbol === ")") {
      if (open && open.offset === undefined) open.offset = sample;
      onset = undefined;
      open = undefined;
    } else if (PEAK_TYPES[symbol] !== undefined) {
      if (open && open.type === PEAK_TYPES[symbol]) continue;
      open = { type: PEAK_TYPES[symbol], peak: sample };
      if (onset !== undefined) open.onset = onset;
      onset = undefined;
      waves.push(open);
    }
  }
  return waves;
}

function ludbDataFolder(dir: string | undefined): string {
  const given = dir ?? databaseDir("ludb");
  return findFolder(given, [join(given, "data"), given], /^\d+\.hea$/, "LUDB");
}
