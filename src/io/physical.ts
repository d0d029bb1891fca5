/** Digital (ADC) samples -> physical units, as WFDB's rdsamp -p computes them. */
import { INVALID_DIGITAL } from "./formats.js";
import { WFDB_DEFAULT_GAIN, type WfdbSignalSpec } from "./header.js";

/**
 * Returns the samples in physical units, (digital - baseline) / gain, as a Float32Array of the same length;
 * invalid samples become NaN. A gain of 0 (uncalibrated signal) is treated as WFDB's default of 200 units
 * per physical unit, as the WFDB library does.
 */
export function toPhysical(digital: Int32Array, spec: WfdbSignalSpec): Float32Array {
  const gain = spec.adcGain === 0 ? WFDB_DEFAULT_GAIN : spec.adcGain;
  const baseline = spec.baseline;
  const out = new Float32Array(digital.length);
  for (let i = 0; i < digital.length; i++) {
    const value = digital[i];
    out[i] = value === INVALID_DIGITAL ? Number.NaN : (value - baseline) / gain;
  }
  return out;
}
