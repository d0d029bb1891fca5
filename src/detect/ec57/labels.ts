/**
 * Beat labels as WFDB's `bxb` sees them: which annotation symbols count as beats (`isqrs` in WFDB's
 * `ecgmap.h`) and the AAMI class each one is scored as (`amap` in `bxb.c`).
 */

/** The class bxb scores a beat annotation as: an AAMI class, or "O" for a beat symbol bxb treats as a non-beat. */
export type BxbBeatClass = "N" | "S" | "V" | "F" | "Q" | "O";

// NOTE: the table is data, not logic. Symbols are those of WFDB's `annot.c`; the beat set is `isqrs`
// (which includes "!", the ventricular flutter wave), the class is bxb's `amap` with SVEB reporting on.
const BEAT_CLASSES: Readonly<Record<string, BxbBeatClass>> = {
  N: "N", // normal
  L: "N", // left bundle branch block
  R: "N", // right bundle branch block
  B: "N", // bundle branch block, unspecified
  A: "S", // atrial premature
  a: "S", // aberrated atrial premature
  J: "S", // nodal premature
  S: "S", // supraventricular premature
  e: "S", // atrial escape
  j: "S", // nodal escape
  n: "S", // supraventricular escape
  V: "V", // premature ventricular contraction
  r: "V", // R-on-T premature ventricular contraction
  E: "V", // ventricular escape
  F: "F", // fusion of ventricular and normal
  Q: "Q", // unclassifiable
  "/": "Q", // paced (bxb scores paced beats as unknown)
  f: "Q", // fusion of paced and normal
  "?": "Q", // learning-period beat
  "!": "O", // ventricular flutter wave: a beat for isqrs, a non-beat for amap
};

/** Every annotation symbol WFDB's `isqrs` counts as a beat (QRS complex). */
export const BEAT_SYMBOLS: readonly string[] = Object.freeze(Object.keys(BEAT_CLASSES));

/** Returns true when the annotation symbol denotes a beat (a QRS complex) for WFDB's `isqrs`. */
export function isBeatSymbol(symbol: string): boolean {
  return Object.hasOwn(BEAT_CLASSES, symbol);
}

/** Returns the AAMI class bxb scores a beat symbol as ("N", "S", "V", "F", "Q", or "O" for "!"), or undefined for non-beats. */
export function bxbBeatClass(symbol: string): BxbBeatClass | undefined {
  return Object.hasOwn(BEAT_CLASSES, symbol) ? BEAT_CLASSES[symbol] : undefined;
}
