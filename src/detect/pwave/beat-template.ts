/**
 * Ensemble templates of beats: the sample-by-sample median of R-aligned beats, which keeps the waves that are
 * time-locked to the QRS complex (P, QRS, T) and suppresses noise, ectopic beats and, in atrial fibrillation,
 * the f-waves that are not (Sornmo & Laguna, "Bioelectrical Signal Processing in Cardiac and Neurological
 * Applications", 2005, section 7.3 on ensemble averaging; the median is its outlier-robust form).
 */
import { selectMedian } from "../quantile.js";

/**
 * Returns the median beat of y around the given centre samples: before + after + 1 samples, the centre at
 * index `before`. Each beat's own level (its median over the first `levelLength` samples of the window) is
 * removed first, so that baseline offsets between beats do not blur the template. Every window must lie
 * inside y.
 */
export function medianTemplate(
  y: Float32Array,
  centres: readonly number[],
  before: number,
  after: number,
  levelLength: number,
): Float64Array {
  const count = centres.length;
  const length = before + after + 1;
  // Beats as rows of one matrix: contiguous copies first, then each column gathered from there.
  const beats = new Float64Array(count * length);
  const window = new Float64Array(levelLength);
  centres.forEach((centre, b) => {
    const row = beats.subarray(b * length, (b + 1) * length);
    for (let k = 0; k < length; k++) row[k] = y[centre - before + k];
    window.set(row.subarray(0, levelLength));
    const level = selectMedian(window);
    for (let k = 0; k < length; k++) row[k] -= level;
  });
  const template = new Float64Array(length);
  const column = new Float64Array(count);
  for (let k = 0; k < length; k++) {
    for (let b = 0; b < count; b++) column[b] = beats[b * length + k];
    template[k] = selectMedian(column);
  }
  return template;
}

/**
 * Returns the QRS onset (index into t) of a beat template t sampled at fs Hz with its R peak at index r:
 * going back from the first slope of the QRS complex (the steepest slope in the 60 ms before R, or the
 * opposite-signed Q-wave slope before it when that is at least a quarter as steep) to where the slope has
 * fallen below a tenth of that value or stops falling below a quarter of it, as wavelet delineators do with
 * their modulus maxima (Martinez et al., IEEE TBME 51(4), 2004, section II-C).
 */
export function qrsOnset(t: Float64Array, r: number, fs: number): number {
  const slope = (k: number): number => (t[Math.min(t.length - 1, k + 1)] - t[Math.max(0, k - 1)]) / 2;
  let upstroke = r;
  for (let k = Math.max(1, r - Math.round(0.06 * fs)); k <= r; k++) {
    if (Math.abs(slope(k)) > Math.abs(slope(upstroke))) upstroke = k;
  }
  const sign = Math.sign(slope(upstroke));
  let qSlope = -1;
  for (let k = upstroke - 1; k > Math.max(0, upstroke - Math.round(0.05 * fs)); k--) {
    if (-sign * slope(k) > 0 && (qSlope < 0 || -sign * slope(k) > -sign * slope(qSlope))) qSlope = k;
  }
  const first =
    qSlope >= 0 && Math.abs(slope(qSlope)) >= 0.25 * Math.abs(slope(upstroke)) ? qSlope : upstroke;
  const floor = 0.1 * Math.abs(slope(first));
  // NOTE: a dip of the slope above a quarter of it is a notch in a slurred or paced QRS upstroke, walked
  // through: stopping there put the onset up to 50 ms late (LUDB 44) and left the QRS start to the P-wave fit.
  const notch = 0.25 * Math.abs(slope(first));
  let onset = first;
  while (
    onset > 1 &&
    Math.abs(slope(onset)) > floor &&
    (Math.abs(slope(onset - 1)) <= Math.abs(slope(onset)) || Math.abs(slope(onset)) >= notch)
  ) {
    onset--;
  }
  return onset;
}

/**
 * Returns where in [from, to) the steepest `span`-sample average slope of signal starts, leaving out the
 * windows that overlap the spike samples [spikeFrom, spikeTo].
 */
function steepestSlopeAt(
  signal: Float32Array,
  from: number,
  to: number,
  span: number,
  spikeFrom: number,
  spikeTo: number,
): number {
  let steepest = -1;
  let at = to;
  for (let k = from; k < to; k++) {
    if (k <= spikeTo && spikeFrom <= k + span) continue;
    const slope = Math.abs(signal[k + span] - signal[k]);
    if (slope > steepest) {
      steepest = slope;
      at = k;
    }
  }
  return at;
}

/**
 * Returns the offset (input samples, negative: before R) of a pacemaker spike that precedes the QRS complexes
 * of these beats, or null when there is none: a one-sample jump in the 120 ms before R more than four times
 * the steepest 10-ms average slope there, before the steepest slope of the QRS complex, in most beats. A QRS
 * complex rises over several samples; a spike (under 2 ms wide) does not; a jump after the QRS upstroke (at the
 * top of a clipped R wave, a recording artefact) is no spike. Looks at up to 9 beats spread over the list. Needs fs >= 250 Hz (spikes are
 * smeared below), else returns null.
 */
export function pacingSpikeOffset(
  signal: Float32Array,
  rPeaks: readonly number[],
  fs: number,
): number | null {
  const span = Math.round(0.01 * fs);
  if (fs < 250 || rPeaks.length === 0) return null;
  const offsets: number[] = [];
  const sampled = rPeaks.filter((_, i) => i % Math.ceil(rPeaks.length / 9) === 0);
  for (const r of sampled) {
    const from = r - Math.round(0.12 * fs);
    const to = r + Math.round(0.02 * fs);
    if (from < 0 || to + span >= signal.length) continue;
    let jump = 0;
    let at = from;
    let ramp = 0;
    for (let k = from; k < to; k++) {
      const d = Math.abs(signal[k + 1] - signal[k]);
      if (d > jump) {
        jump = d;
        at = k;
      }
      ramp = Math.max(ramp, Math.abs(signal[k + span] - signal[k]) / span);
    }
    // The spike's samples (a biphasic one has two phases within a few ms) are left out of the QRS slope.
    const guard = Math.max(1, Math.round(0.004 * fs));
    if (jump > 4 * ramp && at < steepestSlopeAt(signal, from, to, span, at - guard, at + guard)) {
      offsets.push(at - r);
    }
  }
  if (offsets.length * 2 <= sampled.length) return null;
  offsets.sort((a, b) => a - b);
  return offsets[offsets.length >> 1];
}
