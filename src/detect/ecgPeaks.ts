/**
 * `ecgPeaks` and `ecgPeaksMultilead`: R-peak (QRS) detection, one lead or all leads of a record.
 */
import { describe, expected } from "../errors.js";
import { checkFs, checkOptions, checkSignal } from "./checks.js";
import { DetectError } from "./errors.js";
import { efficientecg2026 } from "./qrs/efficientecg2026.js";
import { bridgeNonFinite } from "./qrs/features.js";
import { efficientecg2026Multilead } from "./qrs/multilead.js";
import { pantompkins1985 } from "./qrs/pantompkins1985.js";

/**
 * QRS detection algorithms, named author + year:
 * - "efficientecg2026" (default): this project's offline detector; RMS-slope envelope, two-sided adaptive
 *   levels, T/P-wave rejection and RR search-back (src/detect/qrs/efficientecg2026.ts).
 * - "pantompkins1985": Pan & Tompkins, IEEE TBME 32(3), 1985 (src/detect/qrs/pantompkins1985.ts).
 */
export const QRS_METHODS = ["efficientecg2026", "pantompkins1985"] as const;

/** One of QRS_METHODS. */
export type QrsMethod = (typeof QRS_METHODS)[number];

/** Options of ecgPeaks. */
export interface EcgPeaksOptions {
  /** The algorithm (default "efficientecg2026"). */
  method?: QrsMethod;
}

/** Lowest and highest sampling rate accepted, in Hz (128-1000 Hz is the tested range). */
export const PEAKS_FS_RANGE = { min: 100, max: 2000 } as const;

const detectors: Record<QrsMethod, (signal: Float32Array, fs: number) => Int32Array> = {
  efficientecg2026,
  pantompkins1985,
};

/**
 * Returns the R-peak sample indices (ascending) of one ECG lead in physical units (mV) sampled at fs Hz.
 * The peak is placed on the complex's dominant deflection (the negative one for QS complexes). A flat
 * line or pure noise gives no (or very few) peaks; NaN samples (invalid in records) are bridged with the
 * last valid value.
 *
 * @param signal one ECG lead, e.g. `readRecord(path).signals[0]`
 * @param fs sampling frequency in Hz (128-1000 Hz tested; 100-2000 Hz accepted)
 */
export function ecgPeaks(signal: Float32Array, fs: number, options: EcgPeaksOptions = {}): Int32Array {
  checkSignal(signal, "signal");
  checkFs(fs, PEAKS_FS_RANGE);
  const method = checkOptions(options, ["method"], "ecgPeaks").method ?? "efficientecg2026";
  if (!(QRS_METHODS as readonly unknown[]).includes(method)) {
    throw new DetectError(
      `Unknown QRS method ${describe(method)}; valid methods are ${QRS_METHODS.map((m) => `"${m}"`).join(", ")}`,
    );
  }
  return detectors[method](finite(signal), fs);
}

/**
 * Returns the R-peak sample indices (ascending) of a record from all its leads (equal-length signals in
 * mV at fs Hz), with the "efficientecg2026" detector: the first lead's beats, except where the first lead
 * is dead (flat, disconnected, saturated) and another lead is alive, where that lead's beats are used.
 *
 * @param signals the leads, first lead first, e.g. `readRecord(path).signals`
 * @param fs sampling frequency in Hz (128-1000 Hz tested; 100-2000 Hz accepted)
 */
export function ecgPeaksMultilead(signals: readonly Float32Array[], fs: number): Int32Array {
  if (!Array.isArray(signals) || signals.length === 0) {
    throw new DetectError(expected("a non-empty array of Float32Array leads", "signals", signals));
  }
  signals.forEach((signal, i) => {
    checkSignal(signal, `signals[${i}]`);
    if (signal.length !== signals[0].length) {
      throw new DetectError(
        `signals[${i}] has ${signal.length} samples but signals[0] has ${signals[0].length}; leads must have equal length`,
      );
    }
  });
  checkFs(fs, PEAKS_FS_RANGE);
  return efficientecg2026Multilead(signals.map(finite), fs);
}

// The filters would smear a NaN over the whole lead: bridge invalid samples first (copy only when needed).
function finite(signal: Float32Array): Float32Array {
  for (let i = 0; i < signal.length; i++) if (!Number.isFinite(signal[i])) return bridgeNonFinite(signal);
  return signal;
}
