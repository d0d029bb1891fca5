/**
 * Multi-lead fusion for the efficientecg detector: every lead is detected on its own, and where the first
 * lead goes dead (electrode off, amplifier saturated: its envelope falls far below its typical beat height
 * for a second or more) while another lead is alive, that lead's beats replace the first lead's there.
 * Elsewhere the first lead's beats stand, except a beat less than 300 ms before the next one that another
 * live lead does not see although it sees the next: that is a P wave (or an artefact) of the first lead.
 */

import { selectMedian } from "../quantile.js";
import { DECISION_RULES } from "./decide.js";
import { detectLead, type LeadDetection } from "./efficientecg2026.js";

/** Tuning of the fusion (seconds and ratios). */
const FUSION_RULES = {
  /** Liveness is judged per block of this length (s). */
  blockS: 1,
  /** A block is dead when its highest envelope value is below this ratio of the lead's median beat height... */
  deadRatio: 0.15,
  /** ...and below this ratio of its median envelope: flatter than the lead ever is between beats (a sinus
   * pause keeps the P-, T-wave and noise slopes and stays above it). */
  flatRatio: 0.5,
} as const;

/**
 * Returns 1 for each block in which the lead is dead (dilated by one block on each side), else 0. Dead:
 * no QRS-sized slope at all and less slope than the lead's usual noise, as when an electrode is off or the
 * amplifier saturates; a sinus pause keeps the lead's noise and is not dead.
 */
function deadBlocks(lead: LeadDetection, blockSize: number, blocks: number): Uint8Array {
  const typical =
    lead.heights.length > 0 ? selectMedian(Float64Array.from(lead.heights), lead.heights.length) : 0;
  const { envelope } = lead;
  const stride = Math.max(1, Math.floor(blockSize / 64));
  const sampled = new Float64Array(Math.ceil(envelope.length / stride));
  let count = 0;
  for (let i = 0; i < envelope.length; i += stride) sampled[count++] = envelope[i];
  const floor = selectMedian(sampled, count);
  const threshold = Math.min(FUSION_RULES.deadRatio * typical, FUSION_RULES.flatRatio * floor);
  const dead = new Uint8Array(blocks);
  for (let b = 0; b < blocks; b++) {
    let max = 0;
    const end = Math.min(envelope.length, (b + 1) * blockSize);
    for (let i = b * blockSize; i < end; i++) if (envelope[i] > max) max = envelope[i];
    dead[b] = max < threshold ? 1 : 0;
  }
  const dilated = Uint8Array.from(dead);
  for (let b = 0; b < blocks; b++) {
    if (!dead[b]) continue;
    if (b > 0) dilated[b - 1] = 1;
    if (b + 1 < blocks) dilated[b + 1] = 1;
  }
  return dilated;
}

/**
 * Returns R-peak sample indices (ascending) of a record from all its finite leads (same length, fs Hz):
 * the first lead's beats, with the beats of the first live lead substituted wherever the first lead is dead.
 */
export function efficientecg2026Multilead(signals: readonly Float32Array[], fs: number): Int32Array {
  const leads = signals.map((signal) => detectLead(signal, fs));
  if (leads.length === 1) return leads[0].peaks;
  const blockSize = Math.max(1, Math.round(FUSION_RULES.blockS * fs));
  const blocks = Math.ceil(signals[0].length / blockSize);
  const dead = leads.map((lead) => deadBlocks(lead, blockSize, blocks));
  // For each block: which lead speaks for it (the first lead unless it is dead and another is alive).
  const source = new Int32Array(blocks);
  for (let b = 0; b < blocks; b++) {
    if (!dead[0][b]) continue;
    const alive = dead.findIndex((d) => !d[b]);
    source[b] = Math.max(alive, 0);
  }
  const merged: number[] = [];
  const tolerance = 0.1 * fs;
  const seenBy = (lead: LeadDetection, sample: number): boolean => {
    // Binary search for a peak of `lead` within the tolerance of sample.
    let lo = 0;
    let hi = lead.peaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lead.peaks[mid] < sample - tolerance) lo = mid + 1;
      else hi = mid;
    }
    return lo < lead.peaks.length && Math.abs(lead.peaks[lo] - sample) <= tolerance;
  };
  const pWaveWindow = DECISION_RULES.pWaveS * fs;
  leads.forEach((lead, index) => {
    const peaks = lead.peaks;
    for (let i = 0; i < peaks.length; i++) {
      const peak = peaks[i];
      const b = Math.floor(peak / blockSize);
      if (source[b] !== index) continue;
      // NOTE: a "beat" shortly before the next one, which a live lead sees while it does not see this one,
      // is a P wave (or artefact) tall only in this lead: record 108's P waves are as sharp as its QRS.
      if (i + 1 < peaks.length && peaks[i + 1] - peak < pWaveWindow) {
        const next = peaks[i + 1];
        if (
          leads.some((other, o) => o !== index && !dead[o][b] && seenBy(other, next) && !seenBy(other, peak))
        )
          continue;
      }
      merged.push(peak);
    }
  });
  merged.sort((a, b) => a - b);
  const refractory = DECISION_RULES.refractoryS * fs;
  const out: number[] = [];
  for (const peak of merged) if (out.length === 0 || peak - out[out.length - 1] >= refractory) out.push(peak);
  return Int32Array.from(out);
}
