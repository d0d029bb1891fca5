/**
 * Signal processing (issue #2, signal front end): Butterworth and notch design as second-order sections,
 * causal and zero-phase filtering, resampling, baseline removal, normalisation, missing-sample filling, and
 * `ecgClean`, the project's default ECG cleaning. Signals are Float32Array in mV with an explicit fs (Hz).
 */
export { butter, type FilterType, MAX_BUTTER_ORDER } from "./butter.js";
export { type EcgCleanOptions, ecgClean, ecgCleanSos } from "./ecg-clean.js";
export { DspError } from "./errors.js";
export { DEFAULT_MAX_GAP_SECONDS, type FillMissingOptions, fillMissing } from "./fill-missing.js";
export { type FrequencyResponse, freqzSos } from "./freqz-sos.js";
export { iirnotch } from "./iirnotch.js";
export { type NormalizeMethod, normalize } from "./normalize.js";
export { type BaselineMethod, type RemoveBaselineOptions, removeBaseline } from "./remove-baseline.js";
export { resample } from "./resample.js";
export {
  MAX_RESAMPLE_FACTOR,
  type ResamplePadType,
  type ResamplePolyOptions,
  resamplePoly,
} from "./resample-poly.js";
export { runningMedian } from "./running-median.js";
export type { Sos } from "./sos.js";
export { type SosfiltResult, sosfilt } from "./sosfilt.js";
export { sosfiltZi } from "./sosfilt-zi.js";
export { type PadType, type SosfiltfiltOptions, sosfiltfilt } from "./sosfiltfilt.js";
