/** Beats of one lead as the commands find and write them: R peaks, P waves, MIT-format annotations. */
import { ecgDelineate, ecgPeaks } from "../detect/index.js";
import type { PWave } from "../detect/pwave.js";
import { ecgClean } from "../dsp/index.js";
import { EfficientEcgError } from "../errors.js";
import type { Annotation } from "../io/annotations.js";
import { RecordError } from "../io/errors.js";

/** Which lead of which record a signal is, for error messages: the record's header path, lead index and name. */
export interface LeadSource {
  record: string;
  lead: number;
  leadName: string;
}

/**
 * Returns the R peaks (sample indices, from `findPeaks`: by default `ecgPeaks` with its default method) and,
 * per R peak, the P wave or null (`ecgDelineate` on the `ecgClean`ed lead) of one lead in mV at fs Hz. A signal
 * the front end cannot take (no valid sample, a gap too long to fill, a sampling rate outside the detectors'
 * range) throws a RecordError naming the record and lead, e.g. "100.hea: lead 0 (MLII): ...".
 */
export function leadBeats(
  signal: Float32Array,
  fs: number,
  source: LeadSource,
  findPeaks: (signal: Float32Array, fs: number) => Int32Array = (lead, rate) => ecgPeaks(lead, rate),
): { rPeaks: Int32Array; pWaves: Array<PWave | null> } {
  try {
    const rPeaks = findPeaks(signal, fs);
    return { rPeaks, pWaves: ecgDelineate(ecgClean(signal, fs), rPeaks, fs) };
  } catch (error) {
    if (!(error instanceof EfficientEcgError) || error instanceof RecordError) throw error;
    const reason = `lead ${source.lead} (${source.leadName}): ${error.message}`;
    throw new RecordError(source.record, reason, { cause: error });
  }
}

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
