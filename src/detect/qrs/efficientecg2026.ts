/**
 * The efficientecg QRS detector (this project, 2026), the default of `ecgPeaks`. An offline detector: it
 * sees the whole lead, so every threshold is set from the beats on both sides of a candidate.
 *
 * 1. Envelope: RMS slope of the zero-phase 5-20 Hz band-pass over 100 ms (`envelope.ts`).
 * 2. Candidates: envelope peaks dominant within 150 ms and above twice the local noise floor (`candidates.ts`).
 * 3. Decisions: two-sided adaptive levels, refractory period, T- and P-wave rejection and RR search-back
 *    (`decide.ts`), then runs of "beats" that hardly rise above the noise floor are dropped as noise.
 * 4. Each beat is placed on the lead's dominant deflection within 60 ms of its envelope peak.
 *
 * Built on the ideas of Pan & Tompkins 1985 (slope energy, adaptive thresholds, search-back, T-wave test)
 * and Hamilton & Tompkins 1986 (median-based levels), https://doi.org/10.1109/TBME.1986.325695.
 */

import { selectMedian } from "../quantile.js";
import { qrsCandidates } from "./candidates.js";
import { chooseBeats } from "./decide.js";
import { qrsEnvelope } from "./envelope.js";
import { dominantExtremum } from "./features.js";

/** Half-width of the window in which a beat is placed on the lead's dominant deflection (s). */
const PLACEMENT_HALF_WIDTH_S = 0.06;

/** One lead's detection: R peaks, the envelope they came from, and the envelope height at each beat. */
export interface LeadDetection {
  /** R-peak sample indices, ascending. */
  peaks: Int32Array;
  /** The QRS envelope (mV/s for a lead in mV), one value per sample. */
  envelope: Float32Array;
  /** Envelope height of each beat (mV/s), aligned with `peaks`. */
  heights: Float64Array;
}

/** A beat's neighbourhood: this many beats on each side. */
const NOISE_RUN_NEIGHBOURS = 5;
/** A neighbourhood whose median beat stands less than this many times above the noise floor is noise. */
const NOISE_RUN_CLEARANCE = 2.5;

// NOTE: in pure noise the "beats" are the noise's own envelope peaks, barely above its median (about 2x);
// real QRS complexes stand 5-20x above the floor even in noisy stretches, so a run of beats is judged
// together. With this rule 50 minutes of white and pink noise at 128-1000 Hz give no beat at all.
function dropNoiseRuns(beats: Int32Array, heights: Float64Array, floors: Float64Array): Int32Array {
  const clearance = Float64Array.from(beats, (k) => heights[k] / floors[k]);
  const window = new Float64Array(2 * NOISE_RUN_NEIGHBOURS + 1);
  return beats.filter((_, i) => {
    let count = 0;
    const end = Math.min(beats.length, i + NOISE_RUN_NEIGHBOURS + 1);
    for (let j = Math.max(0, i - NOISE_RUN_NEIGHBOURS); j < end; j++) window[count++] = clearance[j];
    return selectMedian(window, count) >= NOISE_RUN_CLEARANCE;
  });
}

/** Returns R peaks, envelope and beat heights of one finite ECG lead sampled at fs Hz (efficientecg method). */
export function detectLead(signal: Float32Array, fs: number): LeadDetection {
  const envelope = qrsEnvelope(signal, fs);
  const { positions: candidates, floors } = qrsCandidates(envelope, fs);
  const heights = Float64Array.from(candidates, (c) => envelope[c]);
  const beats = dropNoiseRuns(chooseBeats(candidates, heights, fs), heights, floors);
  const halfWidth = Math.max(1, Math.round(PLACEMENT_HALF_WIDTH_S * fs));
  const peaks = new Int32Array(beats.length);
  const beatHeights = new Float64Array(beats.length);
  let count = 0;
  for (const k of beats) {
    const peak = dominantExtremum(signal, candidates[k], halfWidth);
    if (count > 0 && peak <= peaks[count - 1]) continue;
    peaks[count] = peak;
    beatHeights[count++] = heights[k];
  }
  return { peaks: peaks.slice(0, count), envelope, heights: beatHeights.slice(0, count) };
}

/** Returns R-peak sample indices (ascending) of one finite ECG lead sampled at fs Hz (efficientecg method). */
export function efficientecg2026(signal: Float32Array, fs: number): Int32Array {
  return detectLead(signal, fs).peaks;
}
