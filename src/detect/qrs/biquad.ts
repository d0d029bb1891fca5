/**
 * Second-order IIR sections for the QRS detectors' own band-pass filtering. The detectors keep this tiny
 * filter local instead of a general SOS design because one fixed biquad pair, run in place over a
 * Float32Array, is the fastest front end for the single-pass speed budget (> 10 M samples/s end to end).
 */

/** Biquad coefficients, normalised so that a0 = 1: y = b0 x + b1 x1 + b2 x2 - a1 y1 - a2 y2. */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

// Second-order Butterworth sections by the bilinear transform with frequency pre-warping
// (R. Bristow-Johnson, "Audio EQ cookbook", with Q = 1/sqrt(2)).
function butterworthSection(cutoffHz: number, fs: number, highpass: boolean): Biquad {
  const w0 = (2 * Math.PI * cutoffHz) / fs;
  const alpha = Math.sin(w0) / Math.SQRT2;
  const cos = Math.cos(w0);
  const a0 = 1 + alpha;
  const b1 = highpass ? -(1 + cos) : 1 - cos;
  const b0 = highpass ? (1 + cos) / 2 : (1 - cos) / 2;
  return { b0: b0 / a0, b1: b1 / a0, b2: b0 / a0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

/** Returns the 2nd-order Butterworth low-pass section with its -3 dB point at cutoffHz. */
export function lowpassSection(cutoffHz: number, fs: number): Biquad {
  return butterworthSection(cutoffHz, fs, false);
}

/** Returns the 2nd-order Butterworth high-pass section with its -3 dB point at cutoffHz. */
export function highpassSection(cutoffHz: number, fs: number): Biquad {
  return butterworthSection(cutoffHz, fs, true);
}

/**
 * Filters `x` through the sections in turn (causal, direct form II transposed) into `out` (may be `x`),
 * starting from the steady state of the first sample so that a DC offset causes no start-up transient.
 * Returns `out`.
 */
export function filterSections(
  sections: readonly Biquad[],
  x: Float32Array,
  out: Float32Array,
): Float32Array {
  let input: Float32Array = x;
  for (const { b0, b1, b2, a1, a2 } of sections) {
    const n = input.length;
    if (n === 0) return out;
    // Steady state for a constant input x0: y0 = g x0 with g the DC gain.
    const x0 = input[0];
    const y0 = ((b0 + b1 + b2) / (1 + a1 + a2)) * x0;
    let z1 = y0 - b0 * x0;
    let z2 = b2 * x0 - a2 * y0;
    for (let i = 0; i < n; i++) {
      const xi = input[i];
      const yi = b0 * xi + z1;
      z1 = b1 * xi - a1 * yi + z2;
      z2 = b2 * xi - a2 * yi;
      out[i] = yi;
    }
    input = out;
  }
  return out;
}
