/**
 * Scoring of P-wave delineation against expert annotations: one-to-one matching of detected and reference
 * P waves by peak distance, then sensitivity, positive predictivity and boundary errors over matched pairs.
 */
import type { PWave } from "../../src/detect/pwave.js";

/** A reference P wave from the annotations, sample indices; onset or offset null when not annotated. */
export interface ReferenceWave {
  onset: number | null;
  peak: number;
  offset: number | null;
}

/** Counts and errors (ms, detected minus reference) of one record or of a pooled group. */
export interface Tally {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  onsetErrors: number[];
  peakErrors: number[];
  offsetErrors: number[];
}

/** Returns an empty tally. */
export function emptyTally(): Tally {
  return {
    truePositives: 0,
    falsePositives: 0,
    falseNegatives: 0,
    onsetErrors: [],
    peakErrors: [],
    offsetErrors: [],
  };
}

/** Returns the reference P waves of one lead's annotations: each `p` with the `(` and `)` right around it. */
export function referencePWaves(
  annotations: ReadonlyArray<{ sample: number; symbol: string }>,
): ReferenceWave[] {
  const waves: ReferenceWave[] = [];
  annotations.forEach((a, i) => {
    if (a.symbol !== "p") return;
    const before = annotations[i - 1];
    const after = annotations[i + 1];
    waves.push({
      onset: before?.symbol === "(" ? before.sample : null,
      peak: a.sample,
      offset: after?.symbol === ")" ? after.sample : null,
    });
  });
  return waves;
}

/**
 * Adds one record to tally: detected waves whose peak lies in span [first, last] (samples) are matched one to
 * one to reference waves, nearest peaks first, when their peaks are at most tolerance samples apart.
 */
export function scoreRecord(
  tally: Tally,
  reference: ReferenceWave[],
  detected: Array<PWave | null>,
  span: [number, number],
  fs: number,
  tolerance: number,
): void {
  const found = detected.filter((p): p is PWave => p !== null && p.peak >= span[0] && p.peak <= span[1]);
  const pairs: Array<[number, number, number]> = [];
  found.forEach((d, i) => {
    reference.forEach((r, j) => {
      const distance = Math.abs(d.peak - r.peak);
      if (distance <= tolerance) pairs.push([distance, i, j]);
    });
  });
  pairs.sort((a, b) => a[0] - b[0]);
  const usedFound = new Set<number>();
  const usedReference = new Set<number>();
  const ms = 1000 / fs;
  for (const [, i, j] of pairs) {
    if (usedFound.has(i) || usedReference.has(j)) continue;
    usedFound.add(i);
    usedReference.add(j);
    const d = found[i];
    const r = reference[j];
    tally.peakErrors.push((d.peak - r.peak) * ms);
    if (r.onset !== null) tally.onsetErrors.push((d.onset - r.onset) * ms);
    if (r.offset !== null) tally.offsetErrors.push((d.offset - r.offset) * ms);
  }
  tally.truePositives += usedFound.size;
  tally.falsePositives += found.length - usedFound.size;
  tally.falseNegatives += reference.length - usedReference.size;
}

/** Adds tally b into tally a. */
export function addTally(a: Tally, b: Tally): void {
  a.truePositives += b.truePositives;
  a.falsePositives += b.falsePositives;
  a.falseNegatives += b.falseNegatives;
  a.onsetErrors.push(...b.onsetErrors);
  a.peakErrors.push(...b.peakErrors);
  a.offsetErrors.push(...b.offsetErrors);
}

/** Mean and standard deviation (population) of values, NaN when empty. */
export function meanSd(values: number[]): { mean: number; sd: number; n: number } {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, sd: Number.NaN, n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  return { mean, sd, n };
}

/** Summary of a tally: Se and +P in %, and mean +- SD of each boundary error in ms. */
export interface Summary {
  reference: number;
  detected: number;
  sensitivity: number;
  positivePredictivity: number;
  onset: { mean: number; sd: number; n: number };
  peak: { mean: number; sd: number; n: number };
  offset: { mean: number; sd: number; n: number };
}

/** Returns the summary of a tally (Se = TP / (TP + FN), +P = TP / (TP + FP), both in %). */
export function summarize(t: Tally): Summary {
  const tp = t.truePositives;
  return {
    reference: tp + t.falseNegatives,
    detected: tp + t.falsePositives,
    sensitivity: (100 * tp) / (tp + t.falseNegatives),
    positivePredictivity: (100 * tp) / (tp + t.falsePositives),
    onset: meanSd(t.onsetErrors),
    peak: meanSd(t.peakErrors),
    offset: meanSd(t.offsetErrors),
  };
}
