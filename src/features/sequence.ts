/** Feature sequences: for every beat, the feature rows of its neighbouring beats (the LSTM autoencoder's input). */
import { checkInteger, checkOptions } from "./checks.js";
import { FeatureError } from "./errors.js";
import type { FeatureTable } from "./table.js";

/** Options of beatSequences. */
export interface BeatSequenceOptions {
  /** Beats per sequence (default 16). */
  steps?: number;
  /**
   * Position of the beat itself in its sequence, 0 to steps - 1 (default steps / 2, rounded down: as many
   * beats before as after, one more before for an even count).
   */
  position?: number;
}

/**
 * Returns the sequences (beats, steps, features) row-major: sequence i holds the feature rows of beats
 * i - position ... i - position + steps - 1; beats before the first or after the last repeat the first or last
 * row (a record's edge looks like a steady rhythm, not like zeros). Throws a FeatureError for an empty table
 * or a bad option.
 */
export function beatSequences(table: FeatureTable, options: BeatSequenceOptions = {}): Float32Array {
  checkOptions(options, ["steps", "position"], "beatSequences");
  const { steps = 16 } = options;
  checkInteger(steps, "steps", 1, 10_000);
  const { position = Math.floor(steps / 2) } = options;
  checkInteger(position, "position", 0, steps - 1);
  const { beats, values } = table;
  if (beats === 0) throw new FeatureError("beatSequences: the feature table has no beats");
  const width = table.names.length;
  const out = new Float32Array(beats * steps * width);
  for (let i = 0; i < beats; i++) {
    for (let s = 0; s < steps; s++) {
      const beat = Math.min(beats - 1, Math.max(0, i - position + s));
      out.set(values.subarray(beat * width, (beat + 1) * width), (i * steps + s) * width);
    }
  }
  return out;
}
