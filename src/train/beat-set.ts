/**
 * A beat set: every beat of some records as the arrays EfficientECG trains on (the beat's signal window, the
 * R-peak and P-wave feature sequences around it, the patient's age and sex ids, its class), built from the
 * records and their reference beat positions by the front end and the features layer.
 */
import { ecgDelineate } from "../detect/index.js";
import { ecgClean } from "../dsp/index.js";
import {
  beatSequences,
  beatWindows,
  featureColumn,
  metadataTokens,
  P_WAVE_FEATURES,
  pWaveFeatures,
  R_PEAK_FEATURES,
  rPeakFeatures,
} from "../features/index.js";
import type { RecordMeta } from "../io/index.js";

/** Every beat of a set, row-major arrays with one row per beat. */
export interface BeatSet {
  /** Class names; labels index them. */
  readonly classes: readonly string[];
  /** Samples per beat window. */
  readonly window: number;
  /** Beats per feature sequence. */
  readonly steps: number;
  /** (size, window) in mV. */
  readonly signals: Float32Array;
  /** (size, steps, R_PEAK_FEATURES.length). */
  readonly rPeak: Float32Array;
  /** (size, steps, P_WAVE_FEATURES.length). */
  readonly pWave: Float32Array;
  readonly age: Int32Array;
  readonly sex: Int32Array;
  readonly labels: Int32Array;
  /** Index into `records` of each beat's record. */
  readonly recordOf: Int32Array;
  readonly records: readonly string[];
  readonly size: number;
}

/** One record's input to a beat set: one lead, its reference beats and their class ids (-1: leave out). */
export interface LabelledRecord {
  name: string;
  signal: Float32Array;
  fs: number;
  meta: Pick<RecordMeta, "age" | "sex">;
  /** Sample of every reference beat, ascending (all beats: the features see the whole rhythm). */
  beats: Int32Array;
  /** Class id of every beat, or -1 for a beat that is not part of the set (still used for the rhythm features). */
  labels: Int32Array;
}

/** Window and sequence sizes of a beat set. */
export interface BeatSetOptions {
  /** Samples before and from the R peak (default 90 and 166: 256 samples, beats at 360 Hz). */
  before?: number;
  after?: number;
  /** Beats per feature sequence (default 16). */
  steps?: number;
  /**
   * Scale of the beat windows: "mV" as recorded, or "record" divided by the record's median |R amplitude|
   * so that every patient's beats have R waves about 1 high (default "mV").
   */
  amplitude?: "mV" | "record";
}

/** Returns the beat set of the records' labelled beats (features from ecgClean'ed signals at the reference R peaks). */
export function buildBeatSet(
  records: Iterable<LabelledRecord>,
  classes: readonly string[],
  options: BeatSetOptions = {},
): BeatSet {
  const { before = 90, after = 166, steps = 16, amplitude = "mV" } = options;
  const parts: Array<Omit<BeatSet, "classes" | "window" | "steps" | "records" | "size" | "recordOf">> = [];
  const names: string[] = [];
  const recordOf: number[] = [];
  for (const record of records) {
    const clean = ecgClean(record.signal, record.fs);
    const keep: number[] = [];
    for (let i = 0; i < record.labels.length; i++) if (record.labels[i] >= 0) keep.push(i);
    const rTable = rPeakFeatures(clean, record.beats, record.fs);
    const pTable = pWaveFeatures(
      clean,
      record.beats,
      ecgDelineate(clean, record.beats, record.fs),
      record.fs,
    );
    const { age, sex } = metadataTokens(record.meta);
    parts.push({
      signals: scaled(
        rows(beatWindows(clean, record.beats, { before, after }), before + after, keep),
        amplitude === "record" ? 1 / medianAbs(featureColumn(rTable, "rAmplitude")) : 1,
      ),
      rPeak: rows(beatSequences(rTable, { steps }), steps * R_PEAK_FEATURES.length, keep),
      pWave: rows(beatSequences(pTable, { steps }), steps * P_WAVE_FEATURES.length, keep),
      age: new Int32Array(keep.length).fill(age),
      sex: new Int32Array(keep.length).fill(sex),
      labels: Int32Array.from(keep, (i) => record.labels[i]),
    });
    for (let i = 0; i < keep.length; i++) recordOf.push(names.length);
    names.push(record.name);
  }
  const floats = (key: "signals" | "rPeak" | "pWave") =>
    concat(
      parts.map((p) => p[key]),
      Float32Array,
    );
  const ints = (key: "age" | "sex" | "labels") =>
    concat(
      parts.map((p) => p[key]),
      Int32Array,
    );
  return {
    classes,
    window: before + after,
    steps,
    signals: floats("signals"),
    rPeak: floats("rPeak"),
    pWave: floats("pWave"),
    age: ints("age"),
    sex: ints("sex"),
    labels: ints("labels"),
    recordOf: Int32Array.from(recordOf),
    records: names,
    size: recordOf.length,
  };
}

/** Returns values multiplied by factor, in place. */
function scaled(values: Float32Array, factor: number): Float32Array {
  if (factor !== 1) for (let i = 0; i < values.length; i++) values[i] *= factor;
  return values;
}

/** Returns the median of |values| (1 when it is 0, so that a flat record is left as it is). */
function medianAbs(values: Float32Array): number {
  const sorted = Float64Array.from(values, Math.abs).sort();
  return sorted[sorted.length >> 1] || 1;
}

/** Returns the rows `keep` of a row-major array of rows `width` long. */
function rows(values: Float32Array, width: number, keep: readonly number[]): Float32Array {
  const out = new Float32Array(keep.length * width);
  keep.forEach((row, i) => {
    out.set(values.subarray(row * width, (row + 1) * width), i * width);
  });
  return out;
}

/** Returns the arrays joined end to end. */
function concat<T extends Float32Array | Int32Array>(
  arrays: readonly T[],
  Type: { new (length: number): T },
): T {
  const out = new Type(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}
