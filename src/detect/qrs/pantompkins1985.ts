/**
 * Pan & Tompkins, "A real-time QRS detection algorithm", IEEE Trans. Biomed. Eng. 32(3):230-236, 1985.
 * https://doi.org/10.1109/TBME.1985.325532
 *
 * Band-pass (5-15 Hz), five-point derivative, squaring, 150 ms moving-window integration, then two
 * adaptive threshold sets driven by running signal/noise peak levels, an RR-based search-back for missed
 * beats, a 200 ms refractory period and T-wave rejection by slope. The paper's integer filters are
 * specific to 200 Hz; like most re-implementations this uses a Butterworth 5-15 Hz band-pass at any fs.
 */
import { filterSections, highpassSection, lowpassSection } from "./biquad.js";
import { dominantExtremum, separatedPeaks, trailingMean } from "./features.js";

/** Returns R-peak sample indices (ascending) found by Pan-Tompkins 1985 in a finite ECG lead sampled at fs Hz. */
export function pantompkins1985(signal: Float32Array, fs: number): Int32Array {
  const n = signal.length;
  const filtered = filterSections(
    [highpassSection(5, fs), lowpassSection(15, fs)],
    signal,
    new Float32Array(n),
  );
  // Five-point derivative, in mV/s: (-x[i-2] - 2x[i-1] + 2x[i+1] + x[i+2]) * fs / 8.
  const slope = new Float32Array(n);
  const squared = new Float32Array(n);
  for (let i = 2; i < n - 2; i++) {
    const d = ((-filtered[i - 2] - 2 * filtered[i - 1] + 2 * filtered[i + 1] + filtered[i + 2]) * fs) / 8;
    slope[i] = d;
    squared[i] = d * d;
  }
  const integrated = trailingMean(squared, 0.15 * fs);
  const refractory = Math.round(0.2 * fs);
  // Integrator ripples give several maxima per complex: keep the largest within the refractory period.
  const peaks = separatedPeaks(integrated, refractory);
  const tWaveWindow = Math.round(0.36 * fs);
  const slopeWindow = Math.round(0.075 * fs);
  const maxSlope = (peak: number): number => {
    let m = 0;
    for (let i = Math.max(0, peak - slopeWindow); i <= peak; i++) m = Math.max(m, Math.abs(slope[i]));
    return m;
  };

  // Learning phase: the first 2 s set the initial signal and noise levels.
  const learn = Math.min(n, Math.round(2 * fs));
  let learnMax = 0;
  let learnSum = 0;
  for (let i = 0; i < learn; i++) {
    learnMax = Math.max(learnMax, integrated[i]);
    learnSum += integrated[i];
  }
  let signalLevel = learnMax / 3;
  let noiseLevel = learn > 0 ? learnSum / learn / 2 : 0;

  const qrs: number[] = [];
  const qrsSlopes: number[] = [];
  const recentRr: number[] = [];
  const regularRr: number[] = [];
  let rrAverage2 = 0;
  let irregular = false;
  const threshold1 = (): number => {
    const t = noiseLevel + 0.25 * (signalLevel - noiseLevel);
    return irregular ? t / 2 : t;
  };
  const accept = (peak: number, searchBack: boolean): void => {
    const height = integrated[peak];
    signalLevel = searchBack ? 0.25 * height + 0.75 * signalLevel : 0.125 * height + 0.875 * signalLevel;
    if (qrs.length > 0) {
      const rr = peak - qrs[qrs.length - 1];
      recentRr.push(rr);
      if (recentRr.length > 8) recentRr.shift();
      const rrAverage1 = recentRr.reduce((a, b) => a + b, 0) / recentRr.length;
      if (rrAverage2 === 0) rrAverage2 = rrAverage1;
      irregular = rr < 0.92 * rrAverage2 || rr > 1.16 * rrAverage2;
      if (!irregular) {
        regularRr.push(rr);
        if (regularRr.length > 8) regularRr.shift();
        rrAverage2 = regularRr.reduce((a, b) => a + b, 0) / regularRr.length;
      }
    }
    qrs.push(peak);
    qrsSlopes.push(maxSlope(peak));
  };

  let searchFrom = 0; // first candidate index not yet covered by a search-back
  for (let k = 0; k < peaks.length; k++) {
    const peak = peaks[k];
    const last = qrs.length > 0 ? qrs[qrs.length - 1] : -Infinity;
    // Search-back: no beat for 166 % of the regular RR average -> take the largest skipped peak above threshold 2.
    if (rrAverage2 > 0 && peak - last > 1.66 * rrAverage2) {
      let best = -1;
      for (let j = Math.max(searchFrom, 0); j < k; j++) {
        const p = peaks[j];
        if (p - last < refractory) continue;
        if (integrated[p] > 0.5 * threshold1() && (best < 0 || integrated[p] > integrated[best])) best = p;
      }
      searchFrom = k;
      if (best >= 0) accept(best, true);
    }
    const previous = qrs.length > 0 ? qrs[qrs.length - 1] : -Infinity;
    if (peak - previous < refractory) continue;
    const height = integrated[peak];
    if (height > threshold1()) {
      const isTWave = peak - previous < tWaveWindow && maxSlope(peak) < 0.5 * qrsSlopes[qrsSlopes.length - 1];
      if (isTWave) noiseLevel = 0.125 * height + 0.875 * noiseLevel;
      else accept(peak, false);
    } else {
      noiseLevel = 0.125 * height + 0.875 * noiseLevel;
    }
  }

  // The integrator peak trails the QRS: mark the dominant extremum of the lead within the integration window.
  const halfWindow = Math.round(0.075 * fs);
  const out = new Int32Array(qrs.length);
  let count = 0;
  for (const peak of qrs) {
    const r = dominantExtremum(signal, peak - halfWindow, halfWindow);
    if (count === 0 || r - out[count - 1] >= refractory) out[count++] = r;
  }
  return out.slice(0, count);
}
