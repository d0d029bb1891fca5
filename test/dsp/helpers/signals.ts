/**
 * Deterministic test signals for the dsp tests, bit-for-bit twins of test/dsp/scipy/signals.py (same LCG,
 * same formula, rounded to float32) so that scipy's outputs on the Python side are valid expectations here.
 */

/** Returns n uniform numbers in [0, 1) from the 32-bit LCG of Numerical Recipes (a = 1664525, c = 1013904223). */
export function lcgUniform(n: number, seed = 12345): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(1664525, s) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32;
  }
  return out;
}

/** Returns a Float32Array (mV) of sines at 0.15, 1.3, 17 and 50 Hz, a 0.2 mV offset and LCG noise. */
export function testEcgLike(n: number, fs: number, seed = 12345): Float32Array {
  const u = lcgUniform(n, seed);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / fs;
    x[i] =
      0.8 * Math.sin(2 * Math.PI * 1.3 * t) +
      0.25 * Math.sin(2 * Math.PI * 17 * t + 0.4) +
      0.1 * Math.sin(2 * Math.PI * 50 * t) +
      0.3 * Math.sin(2 * Math.PI * 0.15 * t) +
      0.2 +
      0.05 * (u[i] - 0.5);
  }
  return x;
}

/** Returns a Float32Array of one sine: amplitude * sin(2 pi f t), t = i / fs. */
export function sine(n: number, fs: number, frequencyHz: number, amplitude = 1): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = amplitude * Math.sin((2 * Math.PI * frequencyHz * i) / fs);
  return x;
}
