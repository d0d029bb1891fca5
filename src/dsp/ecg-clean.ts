import { butter } from "./butter.js";
import { DspError } from "./errors.js";
import { checkMaxGap, DEFAULT_MAX_GAP_SECONDS, fillMissing } from "./fill-missing.js";
import { iirnotch } from "./iirnotch.js";
import type { Sos } from "./sos.js";
import { sosfiltfilt } from "./sosfiltfilt.js";
import {
  allFinite,
  checkFrequency,
  checkFs,
  checkInteger,
  checkOptions,
  checkPositive,
  checkSignal,
} from "./validate.js";

/** Options of `ecgClean`; defaults in brackets. Rationale and responses: docs/dsp.md. */
export interface EcgCleanOptions {
  /** High-pass edge in Hz [0.5]: removes baseline wander (breathing, movement). null: no high-pass. */
  lowHz?: number | null;
  /** Low-pass edge in Hz [40]: removes muscle noise and most power-line hum. null: no low-pass. */
  highHz?: number | null;
  /** Butterworth order per edge [2]; run forward and backward, so each edge rolls off like order 4. */
  order?: number;
  /** Power-line frequency to notch out, e.g. 50 or 60 [null: no notch]. */
  powerlineHz?: number | null;
  /** Quality factor of the notch [30]: -3 dB width powerlineHz / notchQ (1.7 Hz at 50 Hz). */
  notchQ?: number;
  /** Longest run of NaN samples interpolated, in seconds [0.25]; longer runs throw (see fillMissing). */
  maxGapSeconds?: number;
}

const OPTION_NAMES = ["lowHz", "highHz", "order", "powerlineHz", "notchQ", "maxGapSeconds"];

/**
 * Returns the project's default cleaning of an ECG lead (Float32Array, same length, mV): missing samples
 * filled (`fillMissing`: linear across gaps up to `maxGapSeconds`, an error for longer ones), then a
 * zero-phase (`sosfiltfilt`, group delay 0 by construction) Butterworth band-pass, 0.5-40 Hz order 2 by
 * default, and an optional power-line notch, all in one cascade of sections.
 *
 * @param x one lead in mV
 * @param fs sampling rate in Hz; must exceed 2 * highHz (80 Hz for the default)
 */
export function ecgClean(x: ArrayLike<number>, fs: number, options?: EcgCleanOptions): Float32Array {
  checkSignal(x);
  checkFs(fs);
  const sos = ecgCleanSos(fs, options);
  const maxGapSeconds = checkMaxGap(options?.maxGapSeconds ?? DEFAULT_MAX_GAP_SECONDS);
  // Only a signal with missing samples needs a filled copy.
  return sosfiltfilt(sos, allFinite(x) ? x : fillMissing(x, fs, { maxGapSeconds }));
}

/**
 * Returns the sections `ecgClean` applies forward and backward for these options at `fs` Hz (band edges then
 * notch), e.g. to inspect its response with `freqzSos`.
 */
export function ecgCleanSos(fs: number, options?: EcgCleanOptions): Sos {
  checkFs(fs);
  const {
    lowHz = 0.5,
    highHz = 40,
    order = 2,
    powerlineHz = null,
    notchQ = 30,
  } = checkOptions(options, OPTION_NAMES, "ecgClean");
  checkInteger(order, "order", 1, 16);
  if (lowHz !== null) checkFrequency(lowHz, fs, "lowHz");
  if (highHz !== null) checkFrequency(highHz, fs, "highHz");
  const sos: Sos = [];
  if (lowHz !== null && highHz !== null) {
    if (!(lowHz < highHz)) {
      throw new DspError(`lowHz (${lowHz}) must be below highHz (${highHz}) for ecgClean's band-pass`);
    }
    sos.push(...butter(order, [lowHz, highHz], "bandpass", fs));
  } else if (lowHz !== null) {
    sos.push(...butter(order, lowHz, "highpass", fs));
  } else if (highHz !== null) {
    sos.push(...butter(order, highHz, "lowpass", fs));
  }
  if (powerlineHz !== null) {
    checkFrequency(powerlineHz, fs, "powerlineHz");
    sos.push(...iirnotch(powerlineHz, checkPositive(notchQ, "notchQ"), fs));
  }
  // A pass-through section when nothing is selected keeps the NaN filling and the output type uniform.
  if (sos.length === 0) sos.push(Float64Array.of(1, 0, 0, 1, 0, 0));
  return sos;
}
