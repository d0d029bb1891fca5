/** Beats as the commands write them: R peaks and P waves as MIT-format annotations. */
import type { PWave } from "../detect/pwave.js";
import type { Annotation } from "../io/annotations.js";

/**
 * Returns the beats as MIT annotations in sample order, all on channel `chan`: each beat's P wave as "(" onset,
 * "p" peak and ")" offset (the waveform convention of WFDB's ecgpuwave and LUDB), then `symbolOf(beat)` (e.g.
 * "N") at its R peak. `pWaves` has one entry per R peak, null for a beat without a P wave.
 */
export function beatAnnotations(
  rPeaks: ArrayLike<number>,
  pWaves: ReadonlyArray<PWave | null>,
  symbolOf: (beat: number) => string,
  chan: number,
): Annotation[] {
  const out: Annotation[] = [];
  const mark = (sample: number, symbol: string): Annotation => ({
    sample,
    symbol,
    subtype: 0,
    chan,
    num: 0,
    aux: "",
  });
  for (let i = 0; i < rPeaks.length; i++) {
    const wave = pWaves[i];
    if (wave) out.push(mark(wave.onset, "("), mark(wave.peak, "p"), mark(wave.offset, ")"));
    out.push(mark(rPeaks[i], symbolOf(i)));
  }
  return out.sort((a, b) => a.sample - b.sample);
}
