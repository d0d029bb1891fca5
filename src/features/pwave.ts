/** P-wave features of every beat: presence, P onset to R, amplitude and duration. */

import type { PWave } from "../detect/pwave.js";
import { expected } from "../errors.js";
import { checkFiniteSignal, checkFs, checkRPeaks } from "./checks.js";
import { FeatureError } from "./errors.js";
import { emptyTable, type FeatureTable } from "./table.js";

/** The columns of pWaveFeatures: pPresent 0 or 1, seconds, and pAmplitude in the signal's units (mV). */
export const P_WAVE_FEATURES = ["pPresent", "pOnsetToR", "pAmplitude", "pDuration"] as const;

/**
 * Returns the P-wave features of every beat (one row per R peak, columns P_WAVE_FEATURES):
 * - pPresent: 1 when the beat has a P wave, else 0 (and the other three columns are 0);
 * - pOnsetToR: seconds from P onset to the R peak (the PR interval plus the Q-to-R part of the QRS);
 * - pAmplitude: signal at the P peak minus the straight line from onset to offset (negative when inverted);
 * - pDuration: seconds from onset to offset.
 * Throws a FeatureError for a bad signal, R peaks or fs, a pWaves array of another length than rPeaks, or a
 * P wave that is not onset <= peak <= offset < its R peak.
 *
 * @param signal the lead the P waves were delineated in (finite samples)
 * @param rPeaks R-peak sample indices, strictly ascending
 * @param pWaves one entry per R peak, null where the beat has no P wave (ecgDelineate's output)
 * @param fs sampling frequency in Hz
 */
export function pWaveFeatures(
  signal: Float32Array,
  rPeaks: Int32Array,
  pWaves: ReadonlyArray<PWave | null>,
  fs: number,
): FeatureTable {
  checkFiniteSignal(signal);
  checkRPeaks(rPeaks, signal.length);
  checkFs(fs);
  if (!Array.isArray(pWaves) || pWaves.length !== rPeaks.length) {
    throw new FeatureError(
      expected(`an array of ${rPeaks.length} P waves (one per R peak)`, "pWaves", pWaves),
    );
  }
  const width = P_WAVE_FEATURES.length;
  const table = emptyTable(P_WAVE_FEATURES, rPeaks.length);
  pWaves.forEach((p, i) => {
    if (p === null) return;
    const { onset, peak, offset } = p;
    if (
      !(
        [onset, peak, offset].every(Number.isInteger) &&
        onset >= 0 &&
        onset <= peak &&
        peak <= offset &&
        offset < rPeaks[i]
      )
    ) {
      throw new FeatureError(
        `pWaves[${i}] = { onset: ${onset}, peak: ${peak}, offset: ${offset} } must satisfy 0 <= onset <= peak <= offset < its R peak (${rPeaks[i]}), in integer samples`,
      );
    }
    const line =
      offset === onset
        ? signal[onset]
        : signal[onset] + ((signal[offset] - signal[onset]) * (peak - onset)) / (offset - onset);
    table.values.set([1, (rPeaks[i] - onset) / fs, signal[peak] - line, (offset - onset) / fs], i * width);
  });
  return table;
}
