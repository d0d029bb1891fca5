/** FeatureTable: per-beat features as one row-major matrix with named columns. */
import { FeatureError } from "./errors.js";

/** Per-beat features: `values[beat * names.length + column]`, units stated by each extractor. */
export interface FeatureTable {
  /** Column names, e.g. ["rrPre", "rrPost", ...]. */
  readonly names: readonly string[];
  /** Rows (beats). */
  readonly beats: number;
  /** (beats, names.length), row-major. */
  readonly values: Float32Array;
}

/** Returns a zero-filled table of `beats` rows with the given columns. */
export function emptyTable(names: readonly string[], beats: number): FeatureTable {
  return { names, beats, values: new Float32Array(beats * names.length) };
}

/** Returns the column `name` of the table (a copy, one value per beat); throws a FeatureError for an unknown name. */
export function featureColumn(table: FeatureTable, name: string): Float32Array {
  const j = table.names.indexOf(name);
  if (j < 0) throw new FeatureError(`no feature "${name}"; the table has ${table.names.join(", ")}`);
  const width = table.names.length;
  return Float32Array.from({ length: table.beats }, (_, i) => table.values[i * width + j]);
}

/** Returns one table with the columns of all `tables` side by side (they must have the same beats). */
export function joinFeatures(...tables: FeatureTable[]): FeatureTable {
  if (tables.length === 0) throw new FeatureError("joinFeatures: no tables to join");
  const { beats } = tables[0];
  const mismatch = tables.find((t) => t.beats !== beats);
  if (mismatch) {
    throw new FeatureError(
      `joinFeatures: every table needs the same beats, but one has ${mismatch.beats} and the first ${beats}`,
    );
  }
  const joined = emptyTable(
    tables.flatMap((t) => t.names),
    beats,
  );
  const width = joined.names.length;
  for (let i = 0; i < beats; i++) {
    let at = i * width;
    for (const t of tables) {
      const w = t.names.length;
      joined.values.set(t.values.subarray(i * w, (i + 1) * w), at);
      at += w;
    }
  }
  return joined;
}
