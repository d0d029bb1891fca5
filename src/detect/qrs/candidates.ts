/**
 * QRS candidates of the efficientecg detector: envelope peaks that dominate their 150 ms neighbourhood
 * and stand clear of the local noise floor. Everything later only chooses among these.
 */

import { selectQuantile } from "../quantile.js";
import { localMaxima, suppressNeighbours } from "./features.js";

/** Tuning of candidate selection (seconds and ratios). */
const CANDIDATE_RULES = {
  /** Peaks closer than this to a higher peak are the same complex (s). */
  separationS: 0.15,
  /** Block over which the envelope's median is the noise floor (s). */
  floorBlockS: 1.5,
  /** A candidate must exceed this multiple of the local noise floor. */
  floorRatio: 2,
} as const;

/**
 * Returns the local noise floor of the envelope at each block centre: the median envelope of each 1.5 s
 * block, then the median of each block and its two neighbours (robust to a QRS-dense block). The envelope
 * is a 100 ms average, so a median over every `stride`-th sample (about 90 per second) loses nothing.
 */
function blockFloors(envelope: Float32Array, blockSize: number, stride: number): Float64Array {
  const blocks = Math.ceil(envelope.length / blockSize);
  const medians = new Float64Array(blocks);
  const scratch = new Float64Array(Math.ceil(blockSize / stride));
  for (let b = 0; b < blocks; b++) {
    const end = Math.min(envelope.length, (b + 1) * blockSize);
    let count = 0;
    for (let i = b * blockSize; i < end; i += stride) scratch[count++] = envelope[i];
    medians[b] = selectQuantile(scratch, count, 0.5);
  }
  const smoothed = new Float64Array(blocks);
  const three = new Float64Array(3);
  for (let b = 0; b < blocks; b++) {
    let count = 0;
    for (let k = Math.max(0, b - 1); k <= Math.min(blocks - 1, b + 1); k++) three[count++] = medians[k];
    smoothed[b] = count === 2 ? (three[0] + three[1]) / 2 : selectQuantile(three, count, 0.5);
  }
  return smoothed;
}

/** Returns the value of per-block levels at sample i, linearly interpolated between block centres. */
function interpolateBlocks(levels: Float64Array, blockSize: number, i: number): number {
  const position = i / blockSize - 0.5;
  const b0 = Math.max(0, Math.min(levels.length - 1, Math.floor(position)));
  const b1 = Math.min(levels.length - 1, b0 + 1);
  const t = Math.max(0, Math.min(1, position - b0));
  return levels[b0] * (1 - t) + levels[b1] * t;
}

/** QRS candidates: envelope peak positions (ascending sample indices) and the noise floor at each. */
export interface QrsCandidates {
  positions: Int32Array;
  floors: Float64Array;
}

/**
 * Returns the QRS candidates of an envelope sampled at fs Hz: sample indices (ascending) of its peaks that
 * are more than twice the local noise floor (the median envelope around them) and the highest such peak
 * within 150 ms.
 */
export function qrsCandidates(envelope: Float32Array, fs: number): QrsCandidates {
  const maxima = localMaxima(envelope);
  if (maxima.length === 0) return { positions: maxima, floors: new Float64Array(0) };
  const blockSize = Math.max(1, Math.round(CANDIDATE_RULES.floorBlockS * fs));
  const floors = blockFloors(envelope, blockSize, Math.max(1, Math.floor(fs / 90)));
  // NOTE: the floor test comes first (it drops most of the envelope's ripples, so the neighbour
  // suppression sorts far fewer peaks); a peak below its floor then no longer suppresses its neighbours.
  const clear = maxima.filter(
    (p) => envelope[p] > CANDIDATE_RULES.floorRatio * interpolateBlocks(floors, blockSize, p),
  );
  const positions = suppressNeighbours(envelope, clear, Math.round(CANDIDATE_RULES.separationS * fs));
  return { positions, floors: Float64Array.from(positions, (p) => interpolateBlocks(floors, blockSize, p)) };
}
