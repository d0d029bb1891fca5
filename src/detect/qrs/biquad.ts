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
 * Filters `x` through two sections in turn into `out` (may be `x`), causal, direct form II transposed,
 * each section starting from the steady state of the first sample so that a DC offset causes no start-up
 * transient. With `backward` the filter runs from the last sample to the first (the second half of a
 * zero-phase forward-backward pass). Returns `out`.
 */
export function filterSections(
  sections: readonly [Biquad, Biquad],
  x: Float32Array,
  out: Float32Array,
  backward = false,
): Float32Array {
  const n = x.length;
  if (n === 0) return out;
  const [p, q] = sections;
  const first = backward ? n - 1 : 0;
  const step = backward ? -1 : 1;
  // Steady state of a section for a constant input v: output g v with g its DC gain.
  const x0 = x[first];
  const y0 = ((p.b0 + p.b1 + p.b2) / (1 + p.a1 + p.a2)) * x0;
  const w0 = ((q.b0 + q.b1 + q.b2) / (1 + q.a1 + q.a2)) * y0;
  let pz1 = y0 - p.b0 * x0;
  let pz2 = p.b2 * x0 - p.a2 * y0;
  let qz1 = w0 - q.b0 * y0;
  let qz2 = q.b2 * y0 - q.a2 * w0;
  const { b0: pb0, b1: pb1, b2: pb2, a1: pa1, a2: pa2 } = p;
  const { b0: qb0, b1: qb1, b2: qb2, a1: qa1, a2: qa2 } = q;
  // NOTE: both sections run in one loop, with their state in locals: one memory pass instead of two.
  for (let k = 0, i = first; k < n; k++, i += step) {
    const xi = x[i];
    const yi = pb0 * xi + pz1;
    pz1 = pb1 * xi - pa1 * yi + pz2;
    pz2 = pb2 * xi - pa2 * yi;
    const wi = qb0 * yi + qz1;
    qz1 = qb1 * yi - qa1 * wi + qz2;
    qz2 = qb2 * yi - qa2 * wi;
    out[i] = wi;
  }
  return out;
}
