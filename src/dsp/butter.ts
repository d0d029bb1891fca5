import { DspError } from "./errors.js";
import type { Sos } from "./sos.js";
import { checkChoice, checkFrequency, checkFs, checkInteger } from "./validate.js";
import { bilinear, buttap, lp2bp, lp2bs, lp2hp, lp2lp } from "./zpk.js";
import { zpk2sos } from "./zpk2sos.js";

/** The response shapes `butter` designs. */
export type FilterType = "lowpass" | "highpass" | "bandpass" | "bandstop";

const FILTER_TYPES: readonly FilterType[] = ["lowpass", "highpass", "bandpass", "bandstop"];

/** Highest order accepted: far beyond any ECG use, low enough that a typo cannot exhaust memory. */
export const MAX_BUTTER_ORDER = 64;

/**
 * Returns a digital Butterworth filter as second-order sections (`ceil(order / 2)` rows for low/high-pass,
 * `order` rows for band-pass/stop, each `[b0 b1 b2 1 a1 a2]`, float64), equal to
 * `scipy.signal.butter(order, cutoff, type, fs=fs, output="sos")` to rounding error: analog prototype,
 * frequency transform of the pre-warped cut-offs, bilinear transform, zpk2sos "nearest" pairing.
 *
 * @param order filter order 1..64 (band filters have twice as many poles)
 * @param cutoffHz -3 dB frequency in Hz, or `[lowHz, highHz]` for "bandpass"/"bandstop"; inside (0, fs/2)
 * @param type "lowpass" | "highpass" | "bandpass" | "bandstop"
 * @param fs sampling rate in Hz
 */
export function butter(
  order: number,
  cutoffHz: number | readonly [number, number],
  type: FilterType,
  fs: number,
): Sos {
  checkInteger(order, "order", 1, MAX_BUTTER_ORDER);
  checkChoice(type, FILTER_TYPES, "type");
  checkFs(fs);
  // Pre-warp the digital cut-offs (normalised to Nyquist) to analog ones for a bilinear transform at fs = 2.
  const warp = (hz: number) => 4 * Math.tan((Math.PI * (hz / (fs / 2))) / 2);
  const prototype = buttap(order);
  if (type === "lowpass" || type === "highpass") {
    if (typeof cutoffHz !== "number") {
      throw new DspError(
        `Expected one cut-off frequency (Hz) for cutoffHz of a ${type} filter but received ${cutoffHz}`,
      );
    }
    const wo = warp(checkFrequency(cutoffHz, fs, "cutoffHz"));
    const analog = type === "lowpass" ? lp2lp(prototype, wo) : lp2hp(prototype, wo);
    return zpk2sos(bilinear(analog, 2));
  }
  if (!Array.isArray(cutoffHz) || cutoffHz.length !== 2) {
    throw new DspError(
      `Expected [lowHz, highHz] for cutoffHz of a ${type} filter but received ${JSON.stringify(cutoffHz)}`,
    );
  }
  const low = warp(checkFrequency(cutoffHz[0], fs, "cutoffHz[0]"));
  const high = warp(checkFrequency(cutoffHz[1], fs, "cutoffHz[1]"));
  if (!(cutoffHz[0] < cutoffHz[1])) {
    throw new DspError(`cutoffHz must be increasing ([lowHz, highHz]) but received [${cutoffHz.join(", ")}]`);
  }
  const bw = high - low;
  const wo = Math.sqrt(low * high);
  const analog = type === "bandpass" ? lp2bp(prototype, wo, bw) : lp2bs(prototype, wo, bw);
  return zpk2sos(bilinear(analog, 2));
}
