/**
 * The inner loop of every IIR filter here: a cascade of biquads in direct form II transposed, run in place
 * over a float64 buffer. The two delay registers per section are exactly scipy's (`zi` / `zf` interchange).
 *
 * NOTE: the textbook update z0' = b1 x - a1 y + z1, z1' = b2 x - a2 y with y = b0 x + z0 makes each sample wait
 * for y (multiply, add, multiply, add). Substituting y gives z0' = (b1 - a1 b0) x + z1 - a1 z0 and
 * z1' = (b2 - a2 b0) x - a2 z0: the same registers, but the recursion no longer runs through y, which
 * shortens the chain of dependent operations per sample (outputs differ from scipy's by rounding only).
 *
 * NOTE: sections are processed in groups of up to four, one loop over the samples per group, with each
 * section's five coefficients and two state values in local variables. V8 keeps those in registers, and the
 * sections of one group overlap in the CPU pipeline, so a group of four costs about as much as one section
 * run alone (much faster than a pass per section or a state array in memory). Hence one hand-unrolled
 * kernel per group size.
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
  const b00 = c[o], a01 = c[o + 4], a02 = c[o + 5];
  const c01 = c[o + 1] - a01 * b00, c02 = c[o + 2] - a02 * b00;
  let z00 = st[2 * s], z01 = st[2 * s + 1];
  const n = buf.length;
  for (let i = 0; i < n; i++) {
    const x = buf[i];
    const y0 = b00 * x + z00;
    const next0 = c01 * x + z01 - a01 * z00;
    z01 = c02 * x - a02 * z00;
    z00 = next0;
    buf[i] = y0;
  }
  st[2 * s] = z00;
  st[2 * s + 1] = z01;
}

// biome-ignore format: one row per section keeps the unrolled kernel readable
function cascade2(c: Float64Array, st: Float64Array, s: number, buf: Float64Array): void {
  const o = 6 * s;
  const b00 = c[o], a01 = c[o + 4], a02 = c[o + 5];
  const c01 = c[o + 1] - a01 * b00, c02 = c[o + 2] - a02 * b00;
  const b10 = c[o + 6], a11 = c[o + 10], a12 = c[o + 11];
  const c11 = c[o + 7] - a11 * b10, c12 = c[o + 8] - a12 * b10;
  let z00 = st[2 * s], z01 = st[2 * s + 1];
  let z10 = st[2 * s + 2], z11 = st[2 * s + 3];
  const n = buf.length;
  for (let i = 0; i < n; i++) {
    const x = buf[i];
    const y0 = b00 * x + z00;
    const next0 = c01 * x + z01 - a01 * z00;
    z01 = c02 * x - a02 * z00;
    z00 = next0;
    const y1 = b10 * y0 + z10;
    const next1 = c11 * y0 + z11 - a11 * z10;
    z11 = c12 * y0 - a12 * z10;
    z10 = next1;
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
  const b00 = c[o], a01 = c[o + 4], a02 = c[o + 5];
  const c01 = c[o + 1] - a01 * b00, c02 = c[o + 2] - a02 * b00;
  const b10 = c[o + 6], a11 = c[o + 10], a12 = c[o + 11];
  const c11 = c[o + 7] - a11 * b10, c12 = c[o + 8] - a12 * b10;
  const b20 = c[o + 12], a21 = c[o + 16], a22 = c[o + 17];
  const c21 = c[o + 13] - a21 * b20, c22 = c[o + 14] - a22 * b20;
  let z00 = st[2 * s], z01 = st[2 * s + 1];
  let z10 = st[2 * s + 2], z11 = st[2 * s + 3];
  let z20 = st[2 * s + 4], z21 = st[2 * s + 5];
  const n = buf.length;
  for (let i = 0; i < n; i++) {
    const x = buf[i];
    const y0 = b00 * x + z00;
    const next0 = c01 * x + z01 - a01 * z00;
    z01 = c02 * x - a02 * z00;
    z00 = next0;
    const y1 = b10 * y0 + z10;
    const next1 = c11 * y0 + z11 - a11 * z10;
    z11 = c12 * y0 - a12 * z10;
    z10 = next1;
    const y2 = b20 * y1 + z20;
    const next2 = c21 * y1 + z21 - a21 * z20;
    z21 = c22 * y1 - a22 * z20;
    z20 = next2;
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
  const b00 = c[o], a01 = c[o + 4], a02 = c[o + 5];
  const c01 = c[o + 1] - a01 * b00, c02 = c[o + 2] - a02 * b00;
  const b10 = c[o + 6], a11 = c[o + 10], a12 = c[o + 11];
  const c11 = c[o + 7] - a11 * b10, c12 = c[o + 8] - a12 * b10;
  const b20 = c[o + 12], a21 = c[o + 16], a22 = c[o + 17];
  const c21 = c[o + 13] - a21 * b20, c22 = c[o + 14] - a22 * b20;
  const b30 = c[o + 18], a31 = c[o + 22], a32 = c[o + 23];
  const c31 = c[o + 19] - a31 * b30, c32 = c[o + 20] - a32 * b30;
  let z00 = st[2 * s], z01 = st[2 * s + 1];
  let z10 = st[2 * s + 2], z11 = st[2 * s + 3];
  let z20 = st[2 * s + 4], z21 = st[2 * s + 5];
  let z30 = st[2 * s + 6], z31 = st[2 * s + 7];
  const n = buf.length;
  for (let i = 0; i < n; i++) {
    const x = buf[i];
    const y0 = b00 * x + z00;
    const next0 = c01 * x + z01 - a01 * z00;
    z01 = c02 * x - a02 * z00;
    z00 = next0;
    const y1 = b10 * y0 + z10;
    const next1 = c11 * y0 + z11 - a11 * z10;
    z11 = c12 * y0 - a12 * z10;
    z10 = next1;
    const y2 = b20 * y1 + z20;
    const next2 = c21 * y1 + z21 - a21 * z20;
    z21 = c22 * y1 - a22 * z20;
    z20 = next2;
    const y3 = b30 * y2 + z30;
    const next3 = c31 * y2 + z31 - a31 * z30;
    z31 = c32 * y2 - a32 * z30;
    z30 = next3;
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
