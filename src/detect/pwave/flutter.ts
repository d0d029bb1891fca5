/**
 * Atrial flutter with a fixed conduction ratio: its flutter (F) waves keep the same distance from every QRS
 * complex, so a wave before the QRS passes every test of a P wave (steady shape and position, regular RR). What
 * gives it away is that it repeats: the same wave, about as large, one and two atrial cycles earlier in the same
 * RR interval (typical flutter: 250-350 waves per minute, a cycle of 170-240 ms; Waldo, "Atrial flutter", in
 * Zipes & Jalife, Cardiac Electrophysiology, 2004), where a sinus rhythm has its flat TP segment or the T wave.
 */
import { matchBeat } from "./beat-match.js";

/** A beat's candidate P wave in the work signal: its samples y[start, start + length) and the previous R peak. */
export interface CandidateWave {
  start: number;
  length: number;
  previousR: number;
}

/** How the repetition is tested (seconds unless noted). */
export interface FlutterTest {
  /** Atrial cycles searched. */
  minCycle: number;
  maxCycle: number;
  /** The earlier copies must start at least this long after the previous R peak (past its QRS complex). */
  afterPreviousR: number;
  /**
   * Flutter when the mean over the beats of how well their wave repeats (the worse of the two copies' explained
   * variance, 0 for a copy with a gain outside [minGain, maxGain]) reaches this.
   */
  minRepetition: number;
  minGain: number;
  maxGain: number;
  /** Beats looked at, at most (spread over the list), and the fewest with room for two cycles. */
  maxBeats: number;
  minBeats: number;
}

/**
 * Returns true when the candidate waves repeat at a flutter rate: for one cycle in [minCycle, maxCycle] (whole
 * samples), the mean over the beats that have room for two cycles after the previous QRS of how well both
 * earlier copies match the beat's own wave reaches minRepetition. Waves in y sampled at fs Hz; false when fewer
 * than minBeats beats have room (2:1 and 3:1 flutter, fast rates).
 */
export function repeatsAtFlutterRate(
  y: Float32Array,
  waves: readonly CandidateWave[],
  fs: number,
  test: FlutterTest,
): boolean {
  const every = Math.ceil(waves.length / test.maxBeats);
  const beats = waves.filter((_, i) => i % every === 0);
  const patterns: Array<Float64Array | undefined> = [];
  // How well the beat's wave repeats one cycle back (within +-1 sample) and two cycles back (within +-2: the
  // atrial cycle varies a little): the worse explained variance of the two copies, 0 for a copy too small or large.
  const repetition = (b: number, cycle: number): number => {
    const { start, length } = beats[b];
    patterns[b] ??= new Float64Array(y.subarray(start, start + length));
    let worst = 1;
    for (const copy of [1, 2]) {
      const m = matchBeat(y, start - copy * cycle, patterns[b], copy);
      if (m === null || m.gain < test.minGain || m.gain > test.maxGain) return 0;
      worst = Math.min(worst, m.explained);
    }
    return worst;
  };
  // Cycles 2 samples apart: a true cycle within +-1 of a tested one has its copies within the tolerances.
  const maxCycle = Math.round(test.maxCycle * fs);
  for (let cycle = Math.round(test.minCycle * fs) + 1; cycle - 1 <= maxCycle; cycle += 2) {
    const tested: number[] = [];
    beats.forEach((w, b) => {
      if (w.start - 2 * cycle - 2 >= w.previousR + test.afterPreviousR * fs) tested.push(b);
    });
    if (tested.length < test.minBeats) continue;
    let sum = 0;
    for (let k = 0; k < tested.length; k++) {
      sum += repetition(tested[k], cycle);
      // Stop once even perfect repetitions in the remaining beats could not reach the mean.
      if (sum + (tested.length - k - 1) < test.minRepetition * tested.length) break;
    }
    if (sum >= test.minRepetition * tested.length) return true;
  }
  return false;
}
