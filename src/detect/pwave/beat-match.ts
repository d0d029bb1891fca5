/**
 * Template matching of one beat: the shift of a template segment that best explains the beat there, with a
 * per-beat linear baseline and gain (least squares), i.e. a matched filter robust to baseline wander and to
 * amplitude changes (Sornmo & Laguna 2005, section 4.4 on time alignment by template matching).
 */

/** The best match of a template segment in a beat. */
export interface BeatMatch {
  /** Shift in samples (fractional, refined by a parabola through the best integer shift and its neighbours). */
  lag: number;
  /** Fraction (0-1) of the segment's variance around its linear baseline that gain x template explains. */
  explained: number;
  /** Least-squares gain of the template in the beat (1: same size). */
  gain: number;
  /** RMS of what the model leaves, in the units of y. */
  residual: number;
}

/**
 * Returns the best positive-gain match of template (length n) in y at start + lag, |lag| <= maxLag, or null
 * when no shift fits inside y.
 */
export function matchBeat(
  y: Float32Array,
  start: number,
  template: Float64Array,
  maxLag: number,
): BeatMatch | null {
  const n = template.length;
  // Sums of the design [1, k, template] that do not depend on the shift.
  let sk = 0;
  let skk = 0;
  let sg = 0;
  let skg = 0;
  let sgg = 0;
  for (let k = 0; k < n; k++) {
    sk += k;
    skk += k * k;
    sg += template[k];
    skg += k * template[k];
    sgg += template[k] * template[k];
  }
  // Inverse of the 2x2 baseline-only system [[n, sk], [sk, skk]].
  const det2 = n * skk - sk * sk;
  const lags = 2 * maxLag + 1;
  // The best shift and the explained variance at the shifts on either side of it (NaN where none was computed),
  // kept as the loop goes: no arrays or objects per call.
  let bestI = -2;
  let best = -1;
  let bestGain = 0;
  let bestResidual = 0;
  let beforeBest = Number.NaN;
  let afterBest = Number.NaN;
  let previous = Number.NaN;
  // Energy of the template part orthogonal to the baseline: the same for every shift.
  const gOrth = sgg - ((skk * sg - sk * skg) / det2) * sg - ((n * skg - sk * sg) / det2) * skg;
  // Sums of the beat window [1, k, z^2] slide in O(1) from one shift to the next; only z . template costs n.
  let z1 = 0;
  let zk = 0;
  let zz = 0;
  let sliding = Number.NaN;
  for (let i = 0; i < lags; i++) {
    const from = start + i - maxLag;
    let explained = Number.NaN;
    if (from >= 0 && from + n <= y.length) {
      if (sliding === from - 1) {
        const leaving = y[from - 1];
        const entering = y[from + n - 1];
        z1 += entering - leaving;
        zk += n * entering - z1;
        zz += entering * entering - leaving * leaving;
      } else {
        z1 = 0;
        zk = 0;
        zz = 0;
        for (let k = 0; k < n; k++) {
          const z = y[from + k];
          z1 += z;
          zk += k * z;
          zz += z * z;
        }
      }
      sliding = from;
      let zg = 0;
      for (let k = 0; k < n; k++) zg += y[from + k] * template[k];
      // Residual energy after the baseline alone, then the gain of the template part orthogonal to it.
      const a0 = (skk * z1 - sk * zk) / det2;
      const b0 = (n * zk - sk * z1) / det2;
      const baselineResidual = zz - a0 * z1 - b0 * zk;
      const zOrth = zg - a0 * sg - b0 * skg;
      if (gOrth > 0 && baselineResidual > 0) {
        const gain = zOrth / gOrth;
        const residualEnergy = Math.max(0, baselineResidual - gain * zOrth);
        explained = gain > 0 ? 1 - residualEnergy / baselineResidual : 0;
        if (gain > 0 && explained > best) {
          best = explained;
          bestI = i;
          bestGain = gain;
          bestResidual = Math.sqrt(residualEnergy / n);
          beforeBest = previous;
          afterBest = Number.NaN;
        }
      }
    }
    if (i === bestI + 1) afterBest = explained;
    previous = explained;
  }
  if (bestI < 0) return null;
  let lag = bestI - maxLag;
  if (Number.isFinite(beforeBest) && Number.isFinite(afterBest)) {
    const curvature = beforeBest - 2 * best + afterBest;
    if (curvature < 0) lag += (0.5 * (beforeBest - afterBest)) / curvature;
  }
  return { lag, explained: best, gain: bestGain, residual: bestResidual };
}
