/**
 * MIT-BIH Arrhythmia beats for training and testing: the AAMI EC57 classes N, S, V, F of the non-paced records
 * (Q, 15 beats outside the paced records, is left out as in de Chazal et al. 2004), split between patients by
 * de Chazal's DS1 (train) and DS2 (test).
 */
import { MITDB_DS1, readMitdb } from "../datasets/index.js";
import { type BeatSet, type BeatSetOptions, buildBeatSet, type LabelledRecord } from "./beat-set.js";

/** The classes of MIT-BIH beat sets, in label order. */
export const MITDB_BEAT_CLASSES = ["N", "S", "V", "F"] as const;

/** Options of mitdbBeatSet. */
export interface MitdbBeatSetOptions extends BeatSetOptions {
  /** Folder of the database (default: the unpacked shared copy). */
  dir?: string;
  /** Lead (default 0: MLII in 45 of the 48 records). */
  lead?: number;
  /** Called after each record is read, with how many are done. */
  onRecord?: (done: number, total: number, name: string) => void;
}

/** Returns the beat set of the records (default: de Chazal's DS1), every beat of class N, S, V or F. */
export function mitdbBeatSet(
  records: readonly string[] = MITDB_DS1,
  options: MitdbBeatSetOptions = {},
): BeatSet {
  const { dir, lead = 0, onRecord, ...setOptions } = options;
  function* labelled(): Generator<LabelledRecord> {
    let done = 0;
    for (const name of records) {
      const { record, beats } = readMitdb(name, { dir, channels: [lead] });
      yield {
        name,
        signal: record.signals[0],
        fs: record.fs,
        meta: record.meta,
        beats: Int32Array.from(beats, (b) => b.sample),
        labels: Int32Array.from(beats, (b) => (MITDB_BEAT_CLASSES as readonly string[]).indexOf(b.aami)),
      };
      onRecord?.(++done, records.length, name);
    }
  }
  return buildBeatSet(labelled(), MITDB_BEAT_CLASSES, setOptions);
}
