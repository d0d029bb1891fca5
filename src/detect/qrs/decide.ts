/**
 * Beat decisions of the efficientecg detector: which QRS candidates are beats. Each candidate is judged
 * against the typical QRS height of the beats around it (before and after: the whole record is known),
 * then physiology prunes the result (refractory period, T waves after a beat, P waves before one) and an
 * RR-interval search-back recovers beats missed inside long gaps, as in Pan & Tompkins (1985) and
 * Hamilton & Tompkins (1986) but with two-sided levels.
 */
import { selectMedian, selectQuantile } from "../quantile.js";

/** Tuning of the decisions (ratios of heights, seconds, beat counts). Tuned on MIT-BIH DS1. */
export const DECISION_RULES = {
  /** Accepted beats on each side whose heights set a candidate's level. */
  neighbours: 16,
  /** The level is this quantile of the neighbours' heights (below the median: robust to big ectopic beats). */
  levelQuantile: 0.4,
  /** Rounds of re-estimating levels from the previous round's beats. */
  iterations: 3,
  /** First round: accept candidates above this ratio of the 90th-percentile height of the candidates around them. */
  initialRatio: 0.5,
  /** A candidate is a beat when its height exceeds this ratio of its level. */
  acceptRatio: 0.45,
  /** No two beats closer than this (s); the higher one is kept. */
  refractoryS: 0.2,
  /** A candidate this soon after a beat (s) and below `tWaveRatio` of its height is its T wave. */
  tWaveS: 0.36,
  tWaveRatio: 0.5,
  /** A weak candidate this soon before a beat (s) and below `pWaveRatio` of its height is its P wave. */
  pWaveS: 0.3,
  pWaveRatio: 0.7,
  /** "Weak": below this ratio of the level. */
  weakRatio: 0.7,
  /** A gap longer than this multiple of the local median RR interval is searched for a missed beat. */
  gapRatio: 1.25,
  /** Search-back accepts the highest candidate in the gap above this ratio of its level. */
  searchBackRatio: 0.25,
} as const;

const MAX_SEARCH_DEPTH = 20;
/** Candidates on each side that set a candidate's first-round reference height. */
const INITIAL_NEIGHBOURS = 32;

/**
 * Returns the indices (ascending) of the candidates that are beats, given candidate sample positions
 * (ascending) and envelope heights, at fs Hz.
 */
export function chooseBeats(positions: Int32Array, heights: Float64Array, fs: number): Int32Array {
  const m = positions.length;
  if (m === 0) return new Int32Array(0);
  const rules = DECISION_RULES;
  const levels = candidateLevels(heights, rules);
  const refractory = rules.refractoryS * fs;
  const tWave = rules.tWaveS * fs;
  // A candidate may follow beat `b` unless it is inside b's refractory period or is b's T wave.
  const canFollow = (b: number, k: number): boolean => {
    const dt = positions[k] - positions[b];
    return dt >= refractory && !(dt < tWave && heights[k] < rules.tWaveRatio * heights[b]);
  };

  const beats: number[] = [];
  for (let k = 0; k < m; k++) {
    if (!(heights[k] > rules.acceptRatio * levels[k])) continue;
    const last = beats.length - 1;
    if (last >= 0) {
      const b = beats[last];
      if (positions[k] - positions[b] < refractory) {
        if (heights[k] > heights[b]) beats[last] = k;
        continue;
      }
      if (!canFollow(b, k)) continue;
    }
    beats.push(k);
  }
  // P waves: a weak beat shortly before a clearly higher one.
  for (let i = beats.length - 2; i >= 0; i--) {
    const k = beats[i];
    const next = beats[i + 1];
    if (
      positions[next] - positions[k] < rules.pWaveS * fs &&
      heights[k] < rules.pWaveRatio * heights[next] &&
      heights[k] < rules.weakRatio * levels[k]
    )
      beats.splice(i, 1);
  }

  const out: number[] = [];
  const rr = new Float64Array(2 * rules.neighbours + 1);
  const searchGap = (a: number, b: number, medianRr: number, depth: number): void => {
    if (depth > MAX_SEARCH_DEPTH || positions[b] - positions[a] <= rules.gapRatio * medianRr) return;
    let best = -1;
    for (let k = a + 1; k < b; k++) {
      if (!canFollow(a, k) || positions[b] - positions[k] < refractory) continue;
      if (heights[k] > rules.searchBackRatio * levels[k] && (best < 0 || heights[k] > heights[best]))
        best = k;
    }
    if (best < 0) return;
    searchGap(a, best, medianRr, depth + 1);
    out.push(best);
    searchGap(best, b, medianRr, depth + 1);
  };
  for (let i = 0; i < beats.length; i++) {
    out.push(beats[i]);
    if (i + 1 >= beats.length) break;
    let count = 0;
    const last = Math.min(beats.length - 1, i + rules.neighbours);
    for (let q = Math.max(1, i - rules.neighbours); q <= last; q++)
      rr[count++] = positions[beats[q]] - positions[beats[q - 1]];
    searchGap(beats[i], beats[i + 1], selectMedian(rr, count), 0);
  }
  return Int32Array.from(out);
}

/**
 * Returns each candidate's level: the `levelQuantile` of the heights of the accepted candidates around it
 * (`neighbours` on each side), re-estimated `iterations` times from the beats the previous levels accept
 * (a candidate with no accepted neighbour keeps its previous level).
 */
function candidateLevels(heights: Float64Array, rules: typeof DECISION_RULES): Float64Array {
  const m = heights.length;
  const levels = new Float64Array(m);
  const scratch = new Float64Array(2 * INITIAL_NEIGHBOURS + 1);
  // First round: compare each candidate with the tall candidates around it (the 90th percentile of its
  // neighbourhood), so that a lead whose amplitude changes over the record starts right everywhere.
  let accepted = new Int32Array(m);
  let acceptedCount = 0;
  for (let k = 0; k < m; k++) {
    let count = 0;
    const end = Math.min(m, k + INITIAL_NEIGHBOURS + 1);
    for (let q = Math.max(0, k - INITIAL_NEIGHBOURS); q < end; q++) scratch[count++] = heights[q];
    levels[k] = selectQuantile(scratch, count, 0.9);
    if (heights[k] > rules.initialRatio * levels[k]) accepted[acceptedCount++] = k;
  }
  for (let round = 0; round < rules.iterations; round++) {
    let j = 0; // first accepted index >= k
    for (let k = 0; k < m; k++) {
      while (j < acceptedCount && accepted[j] < k) j++;
      let count = 0;
      const end = Math.min(acceptedCount, j + rules.neighbours + 1);
      for (let q = Math.max(0, j - rules.neighbours); q < end; q++)
        if (accepted[q] !== k) scratch[count++] = heights[accepted[q]];
      if (count > 0) levels[k] = selectQuantile(scratch, count, rules.levelQuantile);
    }
    const next = new Int32Array(m);
    acceptedCount = 0;
    for (let k = 0; k < m; k++) if (heights[k] > rules.acceptRatio * levels[k]) next[acceptedCount++] = k;
    accepted = next;
  }
  return levels;
}
