import type { Sos } from "./sos.js";
import { checkFrequency, checkFs, checkPositive } from "./validate.js";

/**
 * Returns a second-order IIR notch at `f0Hz` as one section (`[[b0 b1 b2 1 a1 a2]]`, float64), equal to
 * `scipy.signal.iirnotch(f0, Q, fs)`: unit gain away from f0, zero gain at f0, -3 dB bandwidth f0 / Q.
 *
 * @param f0Hz frequency to remove, inside (0, fs/2), e.g. 50 or 60 for power-line interference
 * @param q quality factor > 0 (f0 / bandwidth); 30 gives a 1.7 Hz wide notch at 50 Hz
 * @param fs sampling rate in Hz
 */
export function iirnotch(f0Hz: number, q: number, fs: number): Sos {
  checkFs(fs);
  checkFrequency(f0Hz, fs, "f0Hz");
  checkPositive(q, "q");
  const w0 = (2 * f0Hz) / fs;
  const bandwidth = (w0 / q) * Math.PI;
  const beta = Math.tan(bandwidth / 2);
  const gain = 1 / (1 + beta);
  const cos = Math.cos(w0 * Math.PI);
  return [Float64Array.of(gain, gain * (-2 * cos), gain, 1, -2 * gain * cos, 2 * gain - 1)];
}
