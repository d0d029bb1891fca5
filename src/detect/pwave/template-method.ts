/**
 * The "template" P-wave delineator (this project's method; the default of ecgDelineate):
 *
 * 1. Work on the lead decimated to ~125 Hz and low-passed at 20 Hz (work-signal.ts).
 * 2. Per block of consecutive beats, build the median R-aligned beat (beat-template.ts) and find its QRS onset.
 * 3. In the template, take the most prominent wave between the previous T wave and the QRS onset as the P wave
 *    and fit an asymmetric Gaussian on a linear baseline to it (gaussian-fit.ts); its onset and offset follow
 *    from the fitted centre and widths.
 * 4. Find the P wave in each beat by matching the template's P segment with a free shift, gain and linear
 *    baseline (beat-match.ts), and report it where the match is good and the wave stands out of the noise.
 * 5. Report no P wave for a whole block when its P waves are weak, or when its RR intervals are irregular and
 *    the matched waves do not keep a steady distance from the QRS: the two signs of atrial fibrillation that
 *    clinicians also use; nor when the waves repeat one and two atrial cycles earlier (flutter waves, flutter.ts),
 *    or when a pacemaker spike starts the QRS complexes (ventricular pacing).
 *
 * Averaging over beats makes the wave boundaries far less sensitive to noise than per-beat delineation; the
 * price is that a beat's P wave is assumed to have the block's shape (its position is free).
 */
import type { PWave } from "../pwave.js";
import { selectMedian } from "../quantile.js";
import { type BeatMatch, matchBeat } from "./beat-match.js";
import { medianTemplate, pacingSpikeOffset, qrsOnset } from "./beat-template.js";
import { type CandidateWave, repeatsAtFlutterRate } from "./flutter.js";
import { fitAsymmetricGaussian } from "./gaussian-fit.js";
import { alignQrs } from "./qrs-align.js";
import { fromWork, toWork, type WorkSignal, workSignal } from "./work-signal.js";

/** Tuning of the template method (seconds unless noted); set on the odd-numbered LUDB records. */
export const templateParameters = Object.freeze({
  /** Template window before and after R. */
  beforeR: 0.45,
  afterR: 0.1,
  /** The beat level is the median of the window up to this long before R. */
  levelGap: 0.06,
  /** Beats per block, beats that make its template, and the fewest complete beats that make one. */
  blockBeats: 64,
  templateBeats: 24,
  minBeats: 3,
  /** The P search starts at most this long before R, and after the previous T wave (RR - 0.45 sqrt(RR)). */
  searchBefore: 0.32,
  /** Fit window: from this long before the candidate peak to the QRS onset. */
  fitBefore: 0.16,
  /** Gaussian search: centre within +-centerRange of the candidate, widths (SD) in [minWidth, maxWidth]. */
  centerRange: 0.02,
  minWidth: 0.006,
  maxWidth: 0.05,
  gridStep: 0.008,
  /**
   * Wave boundaries from the fit (least squares against the expert marks of the odd LUDB records):
   * onset = centre - onsetLead - onsetWidths x left SD;
   * offset = centre + offsetLead + offsetWidths x right SD + offsetToQrs x (QRS onset - centre).
   */
  onsetLead: 0.02,
  onsetWidths: 1.28,
  offsetLead: 0.0119,
  offsetWidths: 0.287,
  offsetToQrs: 0.285,
  /**
   * The template's wave must rise this far above the line joining its onset and offset, as a fraction of the
   * fitted amplitude (0.4-1 for the P waves of LUDB; near 0 for a flat stretch fitted with a sloped baseline).
   */
  minRiseAboveChord: 0.25,
  /** The expert peak mark lies this much before the fitted centre on average. */
  peakLead: 0.004,
  /** Margin around the P wave in the matched segment, and the largest shift searched per beat. */
  matchMargin: 0.02,
  maxLag: 0.06,
  /** Beat acceptance: explained variance, gain range, and P amplitude over residual RMS. */
  minExplained: 0.7,
  minGain: 0.5,
  maxGain: 2,
  minBeatSnr: 6,
  /**
   * Beats whose QRS correlates less than this with the template's are not given a P wave, unless it correlates
   * at least minShiftedQrsCorrelation after a shift of at most maxQrsShift.
   */
  minQrsCorrelation: 0.7,
  /** ...or than this for premature beats: RR below `premature` x the block's median RR. */
  minPrematureQrsCorrelation: 0.9,
  premature: 0.85,
  /** A QRS complex that matches only once shifted (R peak on another peak of it) must match this closely... */
  minShiftedQrsCorrelation: 0.95,
  /** ...within this shift. */
  maxQrsShift: 0.048,
  /** A P wave starts at least this long (or half the RR interval, if shorter) after the previous R peak. */
  afterPreviousR: 0.25,
  /** Block acceptance: median beat SNR at least this... */
  minBlockSnr: 8.5,
  /** ...and, when RR intervals are irregular, a P wave at a steady distance from the QRS (lag MAD, s). */
  maxLagSpread: 0.006,
  /** Irregular: median |successive RR difference| / median RR above this. */
  maxIrregularity: 0.1,
  /**
   * Flutter: the waves must not repeat (same shape, gain 0.5-2) one and two cycles of 170-240 ms earlier, after
   * the previous QRS, in up to 8 beats: mean repetition (explained variance of the worse copy) under 0.6
   * (flutter.ts).
   */
  flutter: Object.freeze({
    minCycle: 0.17,
    maxCycle: 0.24,
    afterPreviousR: 0.12,
    minRepetition: 0.6,
    minGain: 0.5,
    maxGain: 2,
    maxBeats: 8,
    minBeats: 3,
  }),
});

/** Returns one entry per R peak: its P wave (input sample indices) or null; see the file comment. */
export function delineateTemplate(signal: Float32Array, rPeaks: Int32Array, fs: number): Array<PWave | null> {
  const out: Array<PWave | null> = new Array(rPeaks.length).fill(null);
  const work = workSignal(signal, fs);
  if (work.y.length === 0) return out;
  for (const [from, to] of blocks(rPeaks.length, templateParameters.blockBeats)) {
    delineateBlock(signal, fs, work, rPeaks, from, to, out);
  }
  return out;
}

/** Returns [from, to) index ranges of about `size` beats; a short remainder joins the block before it. */
function blocks(count: number, size: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let from = 0; from < count; from += size) ranges.push([from, Math.min(count, from + size)]);
  const last = ranges[ranges.length - 1];
  if (ranges.length > 1 && last[1] - last[0] < size / 2) {
    ranges.pop();
    ranges[ranges.length - 1][1] = last[1];
  }
  return ranges;
}

/** A block's template: the median beat (R at index `before`), its QRS onset, and the block's median RR. */
interface BlockTemplate {
  template: Float64Array;
  before: number;
  after: number;
  qrsStart: number;
  /** Median RR interval, input samples. */
  rr: number;
}

/** The P wave of a template: the fitted wave and its onset and offset (template indices, fractional). */
interface TemplateWave {
  center: number;
  amplitude: number;
  onset: number;
  offset: number;
}

function delineateBlock(
  signal: Float32Array,
  fs: number,
  work: WorkSignal,
  rPeaks: Int32Array,
  from: number,
  to: number,
  out: Array<PWave | null>,
): void {
  const p = templateParameters;
  const wfs = work.fs;
  // Ventricular pacing: the QRS complexes start at a pacemaker spike, not from a conducted P wave (LUDB's experts
  // mark no P wave in any ventricular-paced record, P-synchronous pacing included).
  if (pacingSpikeOffset(signal, Array.from(rPeaks.subarray(from, to)), fs) !== null) return;
  const rWork = Array.from(rPeaks.subarray(from, to), (r) => toWork(work, r));
  const block = blockTemplate(work, rPeaks, rWork, from);
  if (block === null) return;
  const { template, before, after, qrsStart, rr } = block;
  const wave = templateWave(block, wfs, fs);
  if (wave === null) return;

  const margin = Math.round(p.matchMargin * wfs);
  const segmentFrom = Math.max(0, Math.floor(wave.onset) - margin);
  const segmentTo = Math.min(template.length - 1, Math.ceil(wave.offset) + margin);
  const segment = template.slice(segmentFrom, segmentTo + 1);
  const maxLag = Math.round(p.maxLag * wfs);
  const matchAt = (b: number, shift: number): BeatMatch | null =>
    matchBeat(work.y, rWork[b] - before + shift + segmentFrom, segment, maxLag);
  const snrOf = (m: BeatMatch | null): number =>
    m === null ? 0 : (Math.abs(wave.amplitude) * m.gain) / Math.max(m.residual, 1e-9);
  const matches = rWork.map((_, b) => matchAt(b, 0));
  const snr = matches.map(snrOf);

  // The block has no P waves when they are weak, or when RR is irregular and the "P waves" do not keep their
  // distance from the QRS: the two signs of atrial fibrillation.
  const blockSnr = selectMedian(Float64Array.from(snr));
  const regular = irregularity(rPeaks, from, to) <= p.maxIrregularity;
  if (!(blockSnr >= p.minBlockSnr) || (!regular && lagSpread(matches, snr) > p.maxLagSpread * wfs)) return;
  // Nor when the waves repeat one and two atrial cycles earlier: flutter waves with a fixed conduction ratio.
  const candidates: CandidateWave[] = [];
  matches.forEach((m, b) => {
    if (m === null || snr[b] < p.minBeatSnr || from + b === 0) return;
    const start = Math.round(rWork[b] - before + m.lag) + segmentFrom;
    candidates.push({ start, length: segment.length, previousR: toWork(work, rPeaks[from + b - 1]) });
  });
  if (repeatsAtFlutterRate(work.y, candidates, wfs, p.flutter)) return;

  const accepted = (m: BeatMatch | null, snr: number): m is BeatMatch =>
    m !== null &&
    snr >= p.minBeatSnr &&
    m.explained >= p.minExplained &&
    m.gain >= p.minGain &&
    m.gain <= p.maxGain;
  matches.forEach((m, b) => {
    if (!accepted(m, snr[b])) return;
    // A beat whose QRS complex differs from the block's is ventricular or aberrant: no conducted P wave. Early
    // beats must match more closely (premature ventricular beats often resemble the others in one lead).
    const i = from + b;
    const premature = i > 0 && rPeaks[i] - rPeaks[i - 1] < p.premature * rr;
    const qrs = alignQrs(
      work.y,
      rWork[b] - before,
      template,
      { from: qrsStart, to: before + after },
      premature ? p.minPrematureQrsCorrelation : p.minQrsCorrelation,
      { maxShift: Math.round(p.maxQrsShift * wfs), minCorrelation: p.minShiftedQrsCorrelation },
    );
    if (qrs === null) return;
    // A beat aligned on its QRS complex by a shift has its P wave searched again from there.
    const aligned = qrs.shift === 0 ? m : matchAt(b, qrs.shift);
    if (!accepted(aligned, qrs.shift === 0 ? snr[b] : snrOf(aligned))) return;
    const shift = rWork[b] - before + qrs.shift + aligned.lag;
    const found = {
      onset: Math.round(fromWork(work, shift + wave.onset)),
      peak: Math.round(fromWork(work, shift + wave.center - p.peakLead * wfs)),
      offset: Math.round(fromWork(work, shift + wave.offset)),
    };
    // No P wave starts inside the previous beat's QRS-T complex (the window reaches back there before early beats).
    const earliest =
      i === 0 ? 0 : rPeaks[i - 1] + Math.min(p.afterPreviousR * fs, 0.5 * (rPeaks[i] - rPeaks[i - 1]));
    const ordered = found.onset < found.peak && found.peak < found.offset && found.offset < rPeaks[i];
    if (found.onset >= earliest && ordered) out[i] = found;
  });
}

/** Returns the block's template, or null when too few beats have a complete window. */
function blockTemplate(
  work: WorkSignal,
  rPeaks: Int32Array,
  rWork: number[],
  from: number,
): BlockTemplate | null {
  const p = templateParameters;
  const wfs = work.fs;
  const before = Math.round(p.beforeR * wfs);
  const after = Math.round(p.afterR * wfs);
  const rr = medianRr(rPeaks, from, from + rWork.length);
  const inside = (b: number): boolean => rWork[b] - before >= 0 && rWork[b] + after < work.y.length;
  const onTime = (b: number): boolean =>
    from + b === 0 || rPeaks[from + b] - rPeaks[from + b - 1] >= p.premature * rr;
  // The template comes from beats on time: premature ones are often ectopic, and in bigeminy half the beats are.
  let chosen = rWork.filter((_, b) => inside(b) && onTime(b));
  if (chosen.length < p.minBeats) chosen = rWork.filter((_, b) => inside(b));
  if (chosen.length < p.minBeats) return null;
  // Up to templateBeats of them, spread over the block, make the template (the median's cost grows with the count).
  const spread = Math.ceil(chosen.length / p.templateBeats);
  const template = medianTemplate(
    work.y,
    chosen.filter((_, i) => i % spread === 0),
    before,
    after,
    before - Math.round(p.levelGap * wfs),
  );
  return { template, before, after, qrsStart: qrsOnset(template, before, wfs), rr };
}

/**
 * Returns the P wave of a block template sampled at wfs Hz (fs: the input rate), or null when there is no room
 * between the previous T wave and the QRS onset or no wave there.
 */
function templateWave(block: BlockTemplate, wfs: number, fs: number): TemplateWave | null {
  const p = templateParameters;
  const { template, before, qrsStart } = block;
  const rr = block.rr / fs;
  const lookBack = Math.min(p.searchBefore, rr - 0.45 * Math.sqrt(rr));
  const searchFrom = Math.max(1, before - Math.round(lookBack * wfs));
  if (qrsStart - searchFrom < Math.round(0.06 * wfs)) return null;
  const candidate = mostProminentExtremum(template, searchFrom, qrsStart);
  if (candidate < 0) return null;
  const fitFrom = Math.max(searchFrom, candidate - Math.round(p.fitBefore * wfs));
  const sign = template[candidate] >= (template[fitFrom] + template[qrsStart]) / 2 ? 1 : -1;
  const wave = fitAsymmetricGaussian(template, fitFrom, qrsStart, candidate, sign, {
    centerRange: p.centerRange * wfs,
    minWidth: p.minWidth * wfs,
    maxWidth: p.maxWidth * wfs,
    step: p.gridStep * wfs,
  });
  if (wave === null) return null;
  const onset = wave.center - p.onsetLead * wfs - p.onsetWidths * wave.left;
  const offset =
    wave.center + p.offsetLead * wfs + p.offsetWidths * wave.right + p.offsetToQrs * (qrsStart - wave.center);
  // The fit can explain a flat stretch that runs into the QRS complex with a Gaussian on a sloped baseline; a
  // wave the template really shows rises above the line joining its onset and offset.
  if (riseAboveChord(template, onset, offset, sign) < p.minRiseAboveChord * Math.abs(wave.amplitude)) {
    return null;
  }
  return { center: wave.center, amplitude: wave.amplitude, onset, offset };
}

/**
 * Returns how far t rises above the straight line from t at `from` to t at `to` (fractional indices, rounded),
 * in the direction `sign` (+1: above, -1: below); <= 0 when it never does.
 */
function riseAboveChord(t: Float64Array, from: number, to: number, sign: number): number {
  const a = Math.max(0, Math.round(from));
  const b = Math.min(t.length - 1, Math.round(to));
  let rise = Number.NEGATIVE_INFINITY;
  for (let k = a; k <= b; k++) {
    const chord = t[a] + ((t[b] - t[a]) * (k - a)) / Math.max(1, b - a);
    rise = Math.max(rise, sign * (t[k] - chord));
  }
  return rise;
}

/** Returns the index in (from, to) of the local extremum of t that stands out most from its surroundings. */
function mostProminentExtremum(t: Float64Array, from: number, to: number): number {
  let best = -1;
  let bestProminence = 0;
  for (let k = from + 1; k < to; k++) {
    for (const sign of [1, -1]) {
      const v = sign * t[k];
      if (v < sign * t[k - 1] || v < sign * t[k + 1]) continue;
      // Prominence: height over the lower of the deepest points on each side before higher ground.
      let leftLow = v;
      for (let j = k - 1; j >= from && sign * t[j] <= v; j--) leftLow = Math.min(leftLow, sign * t[j]);
      let rightLow = v;
      for (let j = k + 1; j <= to && sign * t[j] <= v; j++) rightLow = Math.min(rightLow, sign * t[j]);
      const prominence = Math.min(v - leftLow, v - rightLow);
      if (prominence > bestProminence) {
        bestProminence = prominence;
        best = k;
      }
    }
  }
  return best;
}

/** Returns the median absolute deviation of the shifts of the beats whose P wave stands out (samples). */
function lagSpread(matches: Array<BeatMatch | null>, snr: number[]): number {
  const lags = matches.flatMap((m, b) =>
    m !== null && snr[b] >= templateParameters.minBeatSnr ? [m.lag] : [],
  );
  const middle = selectMedian(Float64Array.from(lags));
  return selectMedian(Float64Array.from(lags, (lag) => Math.abs(lag - middle)));
}

function medianRr(rPeaks: Int32Array, from: number, to: number): number {
  const rr = new Float64Array(Math.max(0, to - from - 1));
  for (let i = from + 1; i < to; i++) rr[i - from - 1] = rPeaks[i] - rPeaks[i - 1];
  return selectMedian(rr);
}

/** Returns the median absolute difference of successive RR intervals over the median RR (0: regular). */
function irregularity(rPeaks: Int32Array, from: number, to: number): number {
  if (to - from < 4) return 0;
  const differences = new Float64Array(to - from - 2);
  for (let i = from + 2; i < to; i++) {
    differences[i - from - 2] = Math.abs(rPeaks[i] - 2 * rPeaks[i - 1] + rPeaks[i - 2]);
  }
  return selectMedian(differences) / medianRr(rPeaks, from, to);
}
