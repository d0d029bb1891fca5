/** Metadata tokens: a record's age and sex as the integer ids that the fusion model's embeddings take. */
import type { RecordMeta } from "../io/index.js";

/** Age ids: 0 unknown, 1 under 10 years, 2 for 10-19, ..., 9 for 80 and over. */
export const AGE_BUCKETS = 10;
/** Sex ids: 0 unknown, 1 male, 2 female. */
export const SEXES = 3;

/** A record's metadata as embedding ids. */
export interface MetadataTokens {
  /** 0 unknown, else 1 + decade of age, capped at 9 (80 and over). */
  age: number;
  /** 0 unknown, 1 male, 2 female. */
  sex: number;
}

/** Returns the age and sex ids of a record's metadata (EcgRecord.meta); unknown or invalid values give 0. */
export function metadataTokens(meta: Pick<RecordMeta, "age" | "sex">): MetadataTokens {
  const { age, sex } = meta;
  const known = typeof age === "number" && Number.isFinite(age) && age >= 0;
  return {
    age: known ? Math.min(AGE_BUCKETS - 1, 1 + Math.floor(age / 10)) : 0,
    sex: sex === "M" ? 1 : sex === "F" ? 2 : 0,
  };
}
