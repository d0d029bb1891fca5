/**
 * The inner loop of every IIR filter here: a cascade of biquads in direct form II transposed, run in place
 * over a float64 buffer.
 *
 * NOTE: sections are processed in groups of up to four, one loop over the samples per group, with each
 * section's five coefficients and two state values in local variables. V8 keeps those in registers, and the
 * sections of one group overlap in the CPU pipeline, so a group of four costs about as much as one section
 * run alone (≈3x faster than a pass per section or a state array; see bench/dsp-speed). Hence one
 * hand-unrolled kernel per group size.
 */

/**
 * Filters `buf` in place through all sections of `coeffs` (6 per section, a0 = 1), updating `state`
 * (2 per section: the two delay registers of each section, scipy's `zi` layout) to the final state.
 */
export function sosFilterInPlace(coeffs: Float64Array, state: Float64Array, buf: Float64Array): void {
  const nSections = coeffs.length / 6;
  for (let first = 0; first < nSections; first += 4) {
    const count = Math.min(4, nSections - first);
    if (count === 4) cascade4(coeffs, state, first, buf);
    else if (count === 3) cascade3(coeffs, state, first, buf);
    else if (count === 2) cascade2(coeffs, state, first, buf);
    else cascade1(coeffs, state, first, buf);
  }
}

// biome-ignore format: one row per section keeps the unrolled kernel readable
function cascade1(c: Float64Array, st: Float64Array, s: number, buf: Float64Array): void {
  const o = 6 * s;
  const b00 = c[o], b01 = c[o + 1], b02 = c[o + 2], a01 = c[o + 4], a02 = c[o + 5];
  let z00 = st[2 * s], z01 = st[2 * s + 1];
  const n = buf.length;
  for (let i = 0; i < n; i++) {
    const x = buf[i];
    const y0 = b00 * x + z00;
    z00 = b01 * x - a01 * y0 + z01;
    z01 = b02 * x - a02 * y0;
    buf[i] = y0;
  }
  st[2 * s] = z00;
  st[2 * s + 1] = z01;
}

// biome-ignore format: one row per section keeps the unrolled kernel readable
function cascade2(c: Float64Array, st: Float64Array, s: number, buf: Float64Array): void {
  const o = 6 * s;
  const b00 = c[o], b01 = c[o + 1], b02 = c[o + 2], a01 = c[o + 4], a02 = c[o + 5];
  const b10 = c[o + 6], b11 = c[o + 7], b12 = c[o + 8], a11 = c[o + 10], a12 = c[o + 11];
  let z00 = st[2 * s], z01 = st[2 * s + 1];
  let z10 = st[2 * s + 2], z11 = st[2 * s + 3];
  const n = buf.length;
  for (let i = 0; i < n; i++) {
    const x = buf[i];
    const y0 = b00 * x + z00;
    z00 = b01 * x - a01 * y0 + z01;
    z01 = b02 * x - a02 * y0;
    const y1 = b10 * y0 + z10;
    z10 = b11 * y0 - a11 * y1 + z11;
    z11 = b12 * y0 - a12 * y1;
    buf[i] = y1;
  }
  st[2 * s] = z00;
  st[2 * s + 1] = z01;
  st[2 * s + 2] = z10;
  st[2 * s + 3] = z11;
}

// biome-ignore format: one row per section keeps the unrolled kernel readable
function cascade3(c: Float64Array, st: Float64Array, s: number, buf: Float64Array): void {
  const o = 6 * s;
  const b00 = c[o], b01 = c[o + 1], b02 = c[o + 2], a01 = c[o + 4], a02 = c[o + 5];
  const b10 = c[o + 6], b11 = c[o + 7], b12 = c[o + 8], a11 = c[o + 10], a12 = c[o + 11];
  const b20 = c[o + 12], b21 = c[o + 13], b22 = c[o + 14], a21 = c[o + 16], a22 = c[o + 17];
  let z00 = st[2 * s], z01 = st[2 * s + 1];
  let z10 = st[2 * s + 2], z11 = st[2 * s + 3];
  let z20 = st[2 * s + 4], z21 = st[2 * s + 5];
  const n = buf.length;
  for (let i = 0; i < n; i++) {
    const x = buf[i];
    const y0 = b00 * x + z00;
    z00 = b01 * x - a01 * y0 + z01;
    z01 = b02 * x - a02 * y0;
    const y1 = b10 * y0 + z10;
    z10 = b11 * y0 - a11 * y1 + z11;
    z11 = b12 * y0 - a12 * y1;
    const y2 = b20 * y1 + z20;
    z20 = b21 * y1 - a21 * y2 + z21;
    z21 = b22 * y1 - a22 * y2;
    buf[i] = y2;
  }
  st[2 * s] = z00;
  st[2 * s + 1] = z01;
  st[2 * s + 2] = z10;
  st[2 * s + 3] = z11;
  st[2 * s + 4] = z20;
  st[2 * s + 5] = z21;
}

// biome-ignore format: one row per section keeps the unrolled kernel readable
function cascade4(c: Float64Array, st: Float64Array, s: number, buf: Float64Array): void {
  const o = 6 * s;
  const b00 = c[o], b01 = c[o + 1], b02 = c[o + 2], a01 = c[o + 4], a02 = c[o + 5];
  const b10 = c[o + 6], b11 = c[o + 7], b12 = c[o + 8], a11 = c[o + 10], a12 = c[o + 11];
  const b20 = c[o + 12], b21 = c[o + 13], b22 = c[o + 14], a21 = c[o + 16], a22 = c[o + 17];
  const b30 = c[o + 18], b31 = c[o + 19], b32 = c[o + 20], a31 = c[o + 22], a32 = c[o + 23];
  let z00 = st[2 * s], z01 = st[2 * s + 1];
  let z10 = st[2 * s + 2], z11 = st[2 * s + 3];
  let z20 = st[2 * s + 4], z21 = st[2 * s + 5];
  let z30 = st[2 * s + 6], z31 = st[2 * s + 7];
  const n = buf.length;
  for (let i = 0; i < n; i++) {
    const x = buf[i];
    const y0 = b00 * x + z00;
    z00 = b01 * x - a01 * y0 + z01;
    z01 = b02 * x - a02 * y0;
    const y1 = b10 * y0 + z10;
    z10 = b11 * y0 - a11 * y1 + z11;
    z11 = b12 * y0 - a12 * y1;
    const y2 = b20 * y1 + z20;
    z20 = b21 * y1 - a21 * y2 + z21;
    z21 = b22 * y1 - a22 * y2;
    const y3 = b30 * y2 + z30;
    z30 = b31 * y2 - a31 * y3 + z31;
    z31 = b32 * y2 - a32 * y3;
    buf[i] = y3;
  }
  st[2 * s] = z00;
  st[2 * s + 1] = z01;
  st[2 * s + 2] = z10;
  st[2 * s + 3] = z11;
  st[2 * s + 4] = z20;
  st[2 * s + 5] = z21;
  st[2 * s + 6] = z30;
  st[2 * s + 7] = z31;
}
