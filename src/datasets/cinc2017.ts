/**
 * PhysioNet/Computing in Cardiology Challenge 2017 loader (Clifford et al., CinC 2017;
 * https://physionet.org/content/challenge-2017/1.0.0/): short single-lead ECGs at 300 Hz, each a WFDB
 * header plus a MATLAB v4 `.mat` signal file, labelled in REFERENCE.csv (N normal, A atrial fibrillation,
 * O other rhythm, ~ too noisy).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RecordError } from "../io/errors.js";
import { readRecord } from "../io/read.js";
import type { EcgRecord } from "../io/record.js";
import { parseCsv } from "./csv.js";
import { findFolder } from "./folders.js";
import { DataError, databaseDir } from "./paths.js";

/** Rhythm labels of the challenge. */
export type Cinc2017Label = "N" | "A" | "O" | "~";

/** A labelled record of the challenge. */
export interface Cinc2017Entry {
  name: string;
  label: Cinc2017Label;
}

const LABELS = new Set<string>(["N", "A", "O", "~"]);

/**
 * Returns every record named in REFERENCE.csv with its label, in file order. `dir` is the folder holding
 * training2017/ or the training2017 folder itself (default: the unpacked shared copy).
 */
export function listCinc2017(dir?: string): Cinc2017Entry[] {
  const folder = cinc2017Folder(dir);
  const file = join(folder, "REFERENCE.csv");
  if (!existsSync(file)) throw new DataError(`${folder} has no REFERENCE.csv with the record labels`);
  return parseCsv(readFileSync(file, "utf8"))
    .filter((row) => row.some((field) => field.trim() !== ""))
    .map((row, index) => {
      const [name, label] = row.map((field) => field.trim());
      if (!name || !LABELS.has(label)) {
        throw new DataError(
          `${file} line ${index + 1}: expected "<record>,<N|A|O|~>" but found "${row.join(",")}"`,
        );
      }
      return { name, label: label as Cinc2017Label };
    });
}

/** Returns a record (one lead, mV, 300 Hz) read from its `.hea` and `.mat` files. */
export function readCinc2017(name: string, options: { dir?: string } = {}): EcgRecord {
  if (!/^A\d{5}$/.test(name))
    throw new DataError(`"${name}" is not a CinC 2017 record name (A00001 to A08528)`);
  const folder = cinc2017Folder(options.dir);
  if (!existsSync(join(folder, `${name}.hea`))) {
    throw new RecordError(join(folder, `${name}.hea`), "file not found (the record may not be in this copy)");
  }
  return readRecord(join(folder, name));
}

function cinc2017Folder(dir: string | undefined): string {
  const given = dir ?? databaseDir("cinc2017");
  return findFolder(given, [join(given, "training2017"), given], /^A\d{5}\.hea$/, "CinC 2017");
}
