/**
 * One annotation stream as bxb reads it (`getref`/`gettest` in WFDB's `bxb.c`): a cursor over beat
 * annotations that skips everything else, drops beats inside ventricular flutter/fibrillation episodes
 * (VFON "[" ... VFOFF "]") and remembers the two most recent VF and shutdown intervals it passed.
 */
import { bxbBeatClass } from "./labels.js";

/** A beat-by-beat label: an AAMI class, "O"/"X" pseudo-beats, "*" (end of file, never counted), "" (none yet). */
export type PairLabel = "N" | "S" | "V" | "F" | "Q" | "O" | "X" | "*" | "";

/** An annotation as the comparator needs it: sample index, WFDB symbol and (for noise) the subtype. */
export interface ScoredAnnotation {
  readonly sample: number;
  readonly symbol: string;
  readonly subtype?: number;
}

/** Stands for "no more annotations": later than any sample index. */
export const END_OF_FILE = Number.MAX_SAFE_INTEGER;

const NOISE = "~";
const VF_ON = "[";
const VF_OFF = "]";
// Bits 4 and 5 of a NOISE subtype both set: every signal unreadable, i.e. the annotator shut down.
const SHUTDOWN_BITS = 0x30;

function isShutdownStart(annotation: ScoredAnnotation): boolean {
  return annotation.symbol === NOISE && ((annotation.subtype ?? 0) & SHUTDOWN_BITS) === SHUTDOWN_BITS;
}

/**
 * Returns true when `sample` lies in the current interval [on, off] (still open while off is -1) or in the
 * previous one [prevOn, prevOff]; -1 marks an interval not seen yet.
 */
function inRecentInterval(sample: number, on: number, off: number, prevOn: number, prevOff: number): boolean {
  return (
    (on !== -1 && on <= sample && (sample <= off || off === -1)) ||
    (prevOn !== -1 && prevOn <= sample && sample <= prevOff)
  );
}

/** A cursor over one annotation file with bxb's current/next beat and VF/shutdown bookkeeping. */
export class BeatStream {
  /** Sample and label of the current beat. */
  time = 0;
  label: PairLabel = "";
  /** Sample and label of the next beat (the look-ahead bxb uses to choose the better match). */
  nextTime = 0;
  nextLabel: PairLabel = "";
  /** Current and previous VF episode and shutdown interval, -1 when unknown (as in bxb). */
  vfOn = -1;
  vfOff = -1;
  prevVfOn = -1;
  prevVfOff = -1;
  shutdownOn = -1;
  shutdownOff = -1;
  prevShutdownOn = -1;
  prevShutdownOff = -1;
  private index = 0;

  constructor(
    private readonly annotations: readonly ScoredAnnotation[],
    private readonly windowSamples: number,
    private readonly role: "reference" | "test" = "reference",
  ) {}

  /** Moves to the next beat: the look-ahead becomes current and the following beat is read. */
  advance(): void {
    this.time = this.nextTime;
    this.label = this.nextLabel;
    while (this.index < this.annotations.length) {
      const annotation = this.annotations[this.index++];
      const label = bxbBeatClass(annotation.symbol);
      if (label !== undefined) {
        this.nextTime = annotation.sample;
        this.nextLabel = label;
        return;
      }
      if (isShutdownStart(annotation)) {
        if (!this.readShutdown(annotation)) return;
      } else if (annotation.symbol === VF_ON) {
        if (!this.skipVentricularFibrillation(annotation)) return;
      }
    }
    this.nextTime = END_OF_FILE;
    this.nextLabel = "*";
  }

  /** Returns true when the sample lies in a VF episode this stream has passed (bxb's `rpann` test). */
  inVentricularFibrillation(sample: number): boolean {
    return inRecentInterval(sample, this.vfOn, this.vfOff, this.prevVfOn, this.prevVfOff);
  }

  /** Returns true when the sample lies in a shutdown interval this stream has passed. */
  inShutdown(sample: number): boolean {
    return inRecentInterval(
      sample,
      this.shutdownOn,
      this.shutdownOff,
      this.prevShutdownOn,
      this.prevShutdownOff,
    );
  }

  // Returns false when the file ended inside the shutdown (the look-ahead is then end of file).
  private readShutdown(start: ScoredAnnotation): boolean {
    this.prevShutdownOn = this.shutdownOn;
    this.prevShutdownOff = this.shutdownOff;
    this.shutdownOn = start.sample;
    if (this.index >= this.annotations.length) {
      // NOTE: bxb's getref ends an unterminated reference shutdown at the end of the file; its gettest
      // leaves the test's previous shutdown end as it was.
      if (this.role === "reference") this.shutdownOff = END_OF_FILE;
      this.nextTime = END_OF_FILE;
      this.nextLabel = "*";
      return false;
    }
    const next = this.annotations[this.index];
    if (next.symbol === NOISE && !isShutdownStart(next)) {
      this.shutdownOff = next.sample;
      this.index++;
    } else {
      // NOTE: AHA-style files mark shutdown with one annotation mid-interval; bxb then assumes it starts
      // one match window after the last beat (or VF end) and ends one window before the next annotation.
      this.shutdownOn = Math.max(this.vfOff, this.time) + this.windowSamples;
      this.shutdownOff = next.sample - this.windowSamples;
      if (this.shutdownOn > this.shutdownOff) this.shutdownOn = this.shutdownOff;
    }
    return true;
  }

  // Skips every annotation up to VFOFF; returns false when the file ends first.
  private skipVentricularFibrillation(start: ScoredAnnotation): boolean {
    this.prevVfOn = this.vfOn;
    this.prevVfOff = this.vfOff;
    this.vfOn = start.sample;
    while (this.index < this.annotations.length) {
      const annotation = this.annotations[this.index++];
      if (annotation.symbol === VF_OFF) {
        this.vfOff = annotation.sample;
        return true;
      }
    }
    this.nextTime = END_OF_FILE;
    this.nextLabel = "*";
    return false;
  }
}
