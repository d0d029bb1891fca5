/**
 * QRS matching of one beat against its block's template: the Pearson correlation of their QRS complexes, which
 * tells ectopic and aberrant beats (no conducted P wave) from the others, after aligning the two when the R peak
 * was put on another part of the complex.
 */

/** Returns the Pearson correlation of y[start + k] and t[k] over k in [from, to] (0 when either is flat or outside y). */
export function correlation(
  y: Float32Array,
  start: number,
  t: Float64Array,
  from: number,
  to: number,
): number {
  if (start + from < 0 || start + to >= y.length) return 0;
  const n = to - from + 1;
  let sy = 0;
  let st = 0;
  for (let k = from; k <= to; k++) {
    sy += y[start + k];
    st += t[k];
  }
  let syy = 0;
  let stt = 0;
  let syt = 0;
  for (let k = from; k <= to; k++) {
    const dy = y[start + k] - sy / n;
    const dt = t[k] - st / n;
    syy += dy * dy;
    stt += dt * dt;
    syt += dy * dt;
  }
  return syy > 0 && stt > 0 ? syt / Math.sqrt(syy * stt) : 0;
}

/**
 * Returns the shift (samples) that aligns the QRS complex of the beat y[start + k] with the template t over k in
 * [qrs.from, qrs.to], or null when they do not match: 0 when their Pearson correlation reaches minCorrelation
 * where the R peak puts the beat, else the shift within +-shifted.maxShift samples with the best correlation,
 * which must reach shifted.minCorrelation (an R peak on another peak of the complex, or off by a few samples).
 */
export function alignQrs(
  y: Float32Array,
  start: number,
  t: Float64Array,
  qrs: { from: number; to: number },
  minCorrelation: number,
  shifted: { maxShift: number; minCorrelation: number },
): { shift: number } | null {
  if (correlation(y, start, t, qrs.from, qrs.to) >= minCorrelation) return { shift: 0 };
  // The template's mean and energy are the same at every shift; the beat's sums are taken in one pass.
  const n = qrs.to - qrs.from + 1;
  let st = 0;
  for (let k = qrs.from; k <= qrs.to; k++) st += t[k];
  const tMean = st / n;
  let stt = 0;
  for (let k = qrs.from; k <= qrs.to; k++) stt += (t[k] - tMean) ** 2;
  let best = { shift: 0, correlation: Number.NEGATIVE_INFINITY };
  for (let shift = -shifted.maxShift; shift <= shifted.maxShift; shift++) {
    const at = start + shift;
    if (shift === 0 || at + qrs.from < 0 || at + qrs.to >= y.length) continue;
    let sy = 0;
    let syy = 0;
    let syt = 0;
    for (let k = qrs.from; k <= qrs.to; k++) {
      const v = y[at + k];
      sy += v;
      syy += v * v;
      syt += v * (t[k] - tMean);
    }
    const varY = syy - (sy * sy) / n;
    const c = varY > 0 && stt > 0 ? syt / Math.sqrt(varY * stt) : 0;
    if (c > best.correlation) best = { shift, correlation: c };
  }
  return best.correlation >= shifted.minCorrelation ? { shift: best.shift } : null;
}
