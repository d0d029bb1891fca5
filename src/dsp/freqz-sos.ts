import { expected } from "../errors.js";
import { type Complex, cabs, cdiv, cmul, complex } from "./complex.js";
import { DspError } from "./errors.js";
import { flattenSos } from "./sos.js";
import { checkFs } from "./validate.js";

/** Complex frequency response of a filter at chosen frequencies. */
export interface FrequencyResponse {
  /** The frequencies asked for (Hz). */
  frequencies: Float64Array;
  /** Real part of H(e^{jw}) at each frequency. */
  re: Float64Array;
  /** Imaginary part of H(e^{jw}) at each frequency. */
  im: Float64Array;
  /** |H| (linear gain; 20 * log10 of it gives dB). */
  magnitude: Float64Array;
  /** arg H in radians, in (-pi, pi]. */
  phase: Float64Array;
}

/**
 * Returns the frequency response H(e^{jw}) of the sections `sos` at `frequenciesHz` (one value per
 * frequency), like `scipy.signal.sosfreqz(sos, worN=frequenciesHz, fs=fs)`.
 */
export function freqzSos(
  sos: ReadonlyArray<ArrayLike<number>>,
  frequenciesHz: ArrayLike<number>,
  fs: number,
): FrequencyResponse {
  const coeffs = flattenSos(sos);
  checkFs(fs);
  if (
    frequenciesHz === null ||
    typeof frequenciesHz !== "object" ||
    typeof frequenciesHz.length !== "number"
  ) {
    throw new DspError(expected("an array of frequencies (Hz)", "frequenciesHz", frequenciesHz));
  }
  const n = frequenciesHz.length;
  const response: FrequencyResponse = {
    frequencies: Float64Array.from(frequenciesHz),
    re: new Float64Array(n),
    im: new Float64Array(n),
    magnitude: new Float64Array(n),
    phase: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const f = frequenciesHz[i];
    if (typeof f !== "number" || !Number.isFinite(f)) {
      throw new DspError(expected("a finite frequency (Hz)", `frequenciesHz[${i}]`, f));
    }
    const w = (2 * Math.PI * f) / fs;
    // z^-1 and z^-2 on the unit circle.
    const z1 = complex(Math.cos(w), -Math.sin(w));
    const z2 = complex(Math.cos(2 * w), -Math.sin(2 * w));
    let h: Complex = complex(1);
    for (let o = 0; o < coeffs.length; o += 6) {
      const numerator = complex(
        coeffs[o] + coeffs[o + 1] * z1.re + coeffs[o + 2] * z2.re,
        coeffs[o + 1] * z1.im + coeffs[o + 2] * z2.im,
      );
      const denominator = complex(
        coeffs[o + 3] + coeffs[o + 4] * z1.re + coeffs[o + 5] * z2.re,
        coeffs[o + 4] * z1.im + coeffs[o + 5] * z2.im,
      );
      h = cmul(h, cdiv(numerator, denominator));
    }
    response.re[i] = h.re;
    response.im[i] = h.im;
    response.magnitude[i] = cabs(h);
    response.phase[i] = Math.atan2(h.im, h.re);
  }
  return response;
}
