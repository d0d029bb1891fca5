/**
 * Classifying the beats of a recording with a trained checkpoint: R peaks found by the front end, the inputs
 * made as in training (resampled to the checkpoint's rate, same windows, sequences and amplitude scale), one
 * class per beat.
 */
import { ecgPeaks } from "../detect/index.js";
import { fillMissing, resample } from "../dsp/index.js";
import { argmaxRows } from "../eval/index.js";
import type { RecordMeta } from "../io/index.js";
import type { EfficientECG } from "../models/index.js";
import { F, noGrad, scope, Tensor } from "../tensor/index.js";
import { buildBeatSet } from "./beat-set.js";
import type { CheckpointInfo } from "./checkpoint.js";
import { predict } from "./train-model.js";

/** The classes of every beat of a recording. */
export interface BeatClassification {
  /** R peaks as sample indices at the recording's own rate. */
  rPeaks: Int32Array;
  /** Class index of every beat (into `classes`). */
  labels: Int32Array;
  /** Softmax probabilities, (beats, classes) row-major. */
  probabilities: Float32Array;
  classes: readonly string[];
}

/** Returns the class of every beat of one lead (mV, NaN gaps allowed) sampled at fs Hz. */
export function classifyBeats(
  model: EfficientECG,
  info: CheckpointInfo,
  signal: Float32Array,
  fs: number,
  meta: Pick<RecordMeta, "age" | "sex"> = {},
): BeatClassification {
  const modelFs = info.fs ?? 360;
  const filled = fillMissing(signal, fs);
  const input = fs === modelFs ? filled : resample(filled, fs, modelFs);
  const beats = ecgPeaks(input, modelFs);
  const set = buildBeatSet(
    [{ name: "input", signal: input, fs: modelFs, meta, beats, labels: new Int32Array(beats.length) }],
    info.classes,
    info.preprocessing,
  );
  const k = info.classes.length;
  const logits = predict(model, set);
  const labels = argmaxRows(logits, k);
  const probabilities = scope(() =>
    noGrad(() => F.softmax(Tensor.from(logits, [set.size, k])).data.slice() as Float32Array),
  );
  const rPeaks = Int32Array.from(beats, (r) => Math.min(signal.length - 1, Math.round((r * fs) / modelFs)));
  return { rPeaks, labels, probabilities, classes: info.classes };
}
