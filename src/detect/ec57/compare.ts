/**
 * ANSI/AAMI EC57 beat-by-beat comparison, following WFDB's `bxb` (G. Moody, `bxb.c`, revision of
 * 10 August 2010, including its 2002 "better next match" rule): reference and test beats are paired when
 * they lie within the match window, extra test beats are false positives, unpaired reference beats false
 * negatives. Like bxb by default, scoring starts 5 minutes into the record, reference beats inside
 * ventricular flutter/fibrillation ("[" ... "]") are not scored and extra test beats there are not counted.
 */
import { expected } from "../../errors.js";
import { DetectError } from "../errors.js";
import { BeatStream, END_OF_FILE, type PairLabel, type ScoredAnnotation } from "./reader.js";

export type { ScoredAnnotation } from "./reader.js";

/** Row and column order of the confusion matrix: reference classes (rows) and test classes (columns). */
export const EC57_CLASSES = ["N", "S", "V", "F", "Q", "O", "X"] as const;

/** Options of `ec57Compare`; the defaults are bxb's (and EC57's). */
export interface Ec57Options {
  /** Match window in milliseconds (bxb `-w`, default 150). */
  windowMs?: number;
  /** Start of the scored period in seconds (bxb `-f`, default 300 = 5 minutes; 0 scores the whole record). */
  startS?: number;
  /**
   * Last sample of the scored period (bxb `-t`; bxb uses the record length). Undefined: the comparison
   * ends with the reference annotations, as bxb does when the record length is unknown.
   */
  endSample?: number;
}

/** Beat counts of one comparison (or a sum of several). */
export interface Ec57Counts {
  /** Reference beats matched by a test beat. */
  tp: number;
  /** Reference beats with no test beat in the window. */
  fn: number;
  /** Test beats with no reference beat in the window. */
  fp: number;
}

/** Result of one beat-by-beat comparison. */
export interface Ec57Comparison extends Ec57Counts {
  /** Sensitivity TP/(TP+FN) as a fraction in [0, 1]; NaN when there are no reference beats. */
  se: number;
  /** Positive predictivity TP/(TP+FP) as a fraction in [0, 1]; NaN when there are no test beats. */
  ppv: number;
  /** F1 = 2TP/(2TP+FN+FP) as a fraction in [0, 1]; NaN when both files are empty. */
  f1: number;
  /**
   * bxb's confusion matrix, 7x7 in `EC57_CLASSES` order: row = reference class, column = test class.
   * "O" = no beat there, "X" = no beat there because the other annotator was shut down.
   */
  confusion: number[][];
  /** Sample indices of the missed reference beats (false negatives), ascending. */
  missed: number[];
  /** Sample indices of the extra test beats (false positives), ascending. */
  extra: number[];
  /** The match window, the first scored sample and the last one (-1: end of the reference), in samples. */
  windowSamples: number;
  startSample: number;
  endSample: number;
}

const BEAT_LABELS = new Set<PairLabel>(["N", "S", "V", "F", "Q"]);

/**
 * Returns the EC57 beat-by-beat comparison of test beats against reference annotations (counts, Se, +P,
 * F1 as fractions, bxb's confusion matrix and the samples of every miss). Test beats may be annotations
 * or bare R-peak sample indices (scored as normal beats). `fs` is the sampling rate in Hz.
 */
export function ec57Compare(
  reference: readonly ScoredAnnotation[],
  test: readonly ScoredAnnotation[] | Int32Array,
  fs: number,
  options: Ec57Options = {},
): Ec57Comparison {
  const { windowSamples, startSample, endSample } = resolveOptions(fs, options);
  const ref = new BeatStream(sortedAnnotations(reference, "reference"), windowSamples);
  const tst = new BeatStream(sortedAnnotations(asAnnotations(test), "test"), windowSamples, "test");
  const tally = new Tally();
  const pair = (refLabel: PairLabel, testLabel: PairLabel): void =>
    tally.pair(refLabel, testLabel, ref.time, tst.time);
  // The labels bxb pairs with an unmatched beat: "*" (not counted) for extra test beats inside reference VF.
  const refPseudo = (sample: number): PairLabel =>
    ref.inVentricularFibrillation(sample) ? "*" : ref.inShutdown(sample) ? "X" : "O";
  const testPseudo = (sample: number): PairLabel => (tst.inShutdown(sample) ? "X" : "O");

  // First reference beat of the scored period; test: the last beat before it becomes current.
  do ref.advance();
  while (ref.time < startSample);
  do tst.advance();
  while (tst.nextTime < startSample);
  if (ref.time - tst.time < Math.abs(ref.time - tst.nextTime) && ref.time - tst.time <= windowSamples) {
    // A test beat just before the start matches the first reference beat.
    if (ref.label !== "" || tst.label !== "") pair(ref.label, tst.label);
    ref.advance();
    tst.advance();
  } else {
    tst.advance();
    // NOTE: bxb drops, uncounted, a first test beat within one window of the start when the next test
    // beat matches the first reference beat better (it belongs to the unscored learning period).
    if (
      tst.time - startSample <= windowSamples &&
      Math.abs(ref.time - tst.nextTime) < Math.abs(ref.time - tst.time)
    )
      tst.advance();
  }

  while (
    (endSample > 0 && (ref.time <= endSample || tst.time <= endSample)) ||
    (endSample === -1 && ref.time !== END_OF_FILE)
  ) {
    const T = ref.time;
    const t = tst.time;
    if (t < T) {
      // Test beat first: pair it when in the window and no better partner follows.
      if (
        T - t <= windowSamples &&
        (T - t < Math.abs(T - tst.nextTime) ||
          Math.abs(ref.nextTime - tst.nextTime) < Math.abs(T - tst.nextTime))
      ) {
        pair(ref.label, tst.label);
        ref.advance();
        tst.advance();
      } else {
        pair(refPseudo(t), tst.label);
        tst.advance();
      }
    } else if (
      t - T <= windowSamples &&
      (t - T < Math.abs(t - ref.nextTime) ||
        Math.abs(tst.nextTime - ref.nextTime) < Math.abs(t - ref.nextTime))
    ) {
      pair(ref.label, tst.label);
      tst.advance();
      ref.advance();
    } else {
      pair(ref.label, testPseudo(T));
      ref.advance();
    }
  }
  return { ...tally.result(), windowSamples, startSample, endSample };
}

/** Counts pairs the way bxb's `pair()` does: only beat/beat, beat/pseudo and pseudo/beat pairs count. */
class Tally {
  readonly confusion: number[][] = EC57_CLASSES.map(() => EC57_CLASSES.map(() => 0));
  readonly missed: number[] = [];
  readonly extra: number[] = [];
  private tp = 0;

  pair(refLabel: PairLabel, testLabel: PairLabel, refSample: number, testSample: number): void {
    const refBeat = BEAT_LABELS.has(refLabel);
    const testBeat = BEAT_LABELS.has(testLabel);
    const refPseudo = refLabel === "O" || refLabel === "X";
    const testPseudo = testLabel === "O" || testLabel === "X";
    if (refBeat && testBeat) this.tp++;
    else if (refBeat && testPseudo) this.missed.push(refSample);
    else if (refPseudo && testBeat) this.extra.push(testSample);
    else return;
    this.confusion[EC57_CLASSES.indexOf(refLabel as never)][EC57_CLASSES.indexOf(testLabel as never)]++;
  }

  result(): Omit<Ec57Comparison, "windowSamples" | "startSample" | "endSample"> {
    const counts = { tp: this.tp, fn: this.missed.length, fp: this.extra.length };
    return {
      ...counts,
      ...ec57Rates(counts),
      confusion: this.confusion,
      missed: this.missed,
      extra: this.extra,
    };
  }
}

/** Returns Se, +P and F1 (fractions in [0, 1], NaN when undefined) of beat counts. */
export function ec57Rates(counts: Ec57Counts): { se: number; ppv: number; f1: number } {
  const { tp, fn, fp } = counts;
  return {
    se: tp + fn > 0 ? tp / (tp + fn) : Number.NaN,
    ppv: tp + fp > 0 ? tp / (tp + fp) : Number.NaN,
    f1: 2 * tp + fn + fp > 0 ? (2 * tp) / (2 * tp + fn + fp) : Number.NaN,
  };
}

/** Returns gross statistics: counts summed over records, with Se, +P and F1 of the sums (fractions). */
export function ec57Gross(
  results: readonly Ec57Counts[],
): Ec57Counts & { se: number; ppv: number; f1: number } {
  const counts = { tp: 0, fn: 0, fp: 0 };
  for (const r of results) {
    counts.tp += r.tp;
    counts.fn += r.fn;
    counts.fp += r.fp;
  }
  return { ...counts, ...ec57Rates(counts) };
}

function resolveOptions(
  fs: number,
  options: Ec57Options,
): { windowSamples: number; startSample: number; endSample: number } {
  if (!(Number.isFinite(fs) && fs > 0))
    throw new DetectError(expected("a positive sampling rate in Hz", "fs", fs));
  const { windowMs = 150, startS = 300, endSample } = options;
  if (!(Number.isFinite(windowMs) && windowMs > 0))
    throw new DetectError(expected("a positive match window in ms", "windowMs", windowMs));
  if (!(Number.isFinite(startS) && startS >= 0))
    throw new DetectError(expected("a start time >= 0 s", "startS", startS));
  if (endSample !== undefined && !(Number.isInteger(endSample) && endSample > 0))
    throw new DetectError(expected("a positive integer sample index", "endSample", endSample));
  const startSample = Math.round(startS * fs);
  if (endSample !== undefined && endSample < startSample)
    throw new DetectError(
      `endSample ${endSample} lies before the start of the scored period (sample ${startSample})`,
    );
  return { windowSamples: Math.round((windowMs / 1000) * fs), startSample, endSample: endSample ?? -1 };
}

function asAnnotations(test: readonly ScoredAnnotation[] | Int32Array): readonly ScoredAnnotation[] {
  if (!(test instanceof Int32Array)) return test;
  return Array.from(test, (sample) => ({ sample, symbol: "N" }));
}

// Annotation files are in time order; a stable sort keeps equal-time annotations (e.g. "[" then "!") in file order.
function sortedAnnotations(annotations: readonly ScoredAnnotation[], name: string): ScoredAnnotation[] {
  if (!Array.isArray(annotations))
    throw new DetectError(expected("an array of annotations", name, annotations));
  for (let i = 0; i < annotations.length; i++) {
    const sample = annotations[i]?.sample;
    if (!(Number.isInteger(sample) && sample >= 0 && sample < END_OF_FILE))
      throw new DetectError(expected("a sample index >= 0", `${name}[${i}].sample`, sample));
  }
  return [...annotations].sort((a, b) => a.sample - b.sample);
}
